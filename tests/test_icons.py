"""Every symbol the pages and PDFs draw as text exists in the font the project installs
(DejaVu Sans, `make debian-deps`): a missing one shows as an empty box."""

from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTFont

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
# Typographic punctuation is in every font; the marks and arrows are what goes missing.
PUNCTUATION = set("‘’“”–—…·•′″€")


def symbols_in_templates() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    base = Path(settings.BASE_DIR)
    # The templates, and the row tags that write HTML in Python (the plan's step marks).
    paths = [*base.joinpath("templates").rglob("*"), *base.glob("*/templatetags/*.py")]
    for path in paths:
        if path.suffix not in {".html", ".svg", ".txt", ".py"}:
            continue
        for char in path.read_text(encoding="utf-8"):
            if ord(char) >= 0x2000 and char not in PUNCTUATION:
                found.setdefault(char, set()).add(str(path.relative_to(settings.BASE_DIR)))
    return found


def test_every_symbol_in_the_templates_is_in_the_shipped_font():
    cmap = TTFont(DEJAVU).getBestCmap()
    symbols = symbols_in_templates()
    missing = {
        f"U+{ord(c):04X} {c}": sorted(files) for c, files in symbols.items() if ord(c) not in cmap
    }
    assert "✓" in symbols  # the walk reads the templates at all
    assert "▶" in symbols  # and the row tags
    assert not missing, missing
