"""A needs scan's results from a workbook, through the one guarded reader.

The first sheet with a header row naming an "Area" (Gebied) and a "Score" column; one
row per area. An area is named by SELFIE's letter (A-H), its English or Dutch name, or
its key; a score lies between 1 and 5 (a decimal comma is read too). Every problem is
named by sheet, row and column, and nothing is written until the preview is confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from decimal import InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from policy.scan import AREA_CHOICES
from schools.workbooks import WorkbookReader
from schools.workbooks import WorkbookRefused
from schools.workbooks import is_formula
from schools.workbooks import located

MAX_ROWS = 60
MAX_COLUMNS = 20
MAX_BYTES = 1024 * 1024

AREA_HEADERS = {"area", "gebied", "domein", "domain"}
SCORE_HEADERS = {"score", "gemiddelde", "average", "mean"}
# SELFIE names its areas A to H in this order.
LETTERS = {chr(ord("A") + index): key for index, (key, _label) in enumerate(AREA_CHOICES)}
# SELFIE's own Dutch names of its areas, as its Dutch report prints them: read whatever
# the catalogue's translation says.
SELFIE_DUTCH = {
    "leiderschap": "leadership",
    "samenwerking en netwerken": "collaboration",
    "infrastructuur en apparatuur": "infrastructure",
    "permanente professionele ontwikkeling": "cpd",
    "pedagogiek: ondersteuning en middelen": "pedagogy_supports",
    "pedagogiek: implementatie in de klas": "pedagogy_classroom",
    "beoordelingspraktijken": "assessment",
    "digitale competentie van leerlingen": "student_competence",
}


def _area_names() -> dict[str, str]:
    names = {key: key for key, _label in AREA_CHOICES}
    names.update({letter.casefold(): key for letter, key in LETTERS.items()})
    names.update(SELFIE_DUTCH)
    for language in ("en", "nl"):
        with translation.override(language):
            names.update({str(label).casefold(): key for key, label in AREA_CHOICES})
    return names


@dataclass(frozen=True)
class ScanRows:
    scores: dict[str, Decimal]
    errors: list[str]


def read_scan(data: bytes) -> ScanRows:
    """The scores per area of a workbook, or the errors that keep it from being read."""
    names = _area_names()
    scores: dict[str, Decimal] = {}
    errors: list[str] = []
    try:
        with WorkbookReader(data, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS) as reader:
            sheet = reader.sheetnames[0] if reader.sheetnames else ""
            rows = reader.rows(sheet) if sheet else iter(())
            area_col = score_col = None
            for number, cells in rows:
                texts = [
                    str(c.value).strip().casefold() if c.value is not None else "" for c in cells
                ]
                if area_col is None:
                    area_col = next((i for i, t in enumerate(texts) if t in AREA_HEADERS), None)
                    score_col = next((i for i, t in enumerate(texts) if t in SCORE_HEADERS), None)
                    if area_col is None or score_col is None:
                        area_col = score_col = None
                    continue
                area_cell = cells[area_col] if area_col < len(cells) else None
                score_cell = cells[score_col] if score_col < len(cells) else None
                if area_cell is None or area_cell.value in (None, ""):
                    continue
                area_letter = get_column_letter(area_col + 1)
                score_letter = get_column_letter(score_col + 1)
                if is_formula(area_cell) or (score_cell is not None and is_formula(score_cell)):
                    errors.append(
                        located(
                            _("a formula is not read: type the value."),
                            sheet=sheet,
                            row=number,
                            column=area_letter if is_formula(area_cell) else score_letter,
                        )
                    )
                    continue
                area = names.get(str(area_cell.value).strip().casefold())
                if area is None:
                    errors.append(
                        located(
                            _("“%(value)s” is not an area of the scan.")
                            % {"value": area_cell.value},
                            sheet=sheet,
                            row=number,
                            column=area_letter,
                        )
                    )
                    continue
                raw = None if score_cell is None else score_cell.value
                try:
                    score = Decimal(str(raw).replace(",", ".").strip())
                except (InvalidOperation, ValueError):
                    score = None
                if score is None or not score.is_finite() or not Decimal(1) <= score <= Decimal(5):
                    errors.append(
                        located(
                            _("the score must be a number from 1 to 5, not “%(value)s”.")
                            % {"value": "" if raw is None else raw},
                            sheet=sheet,
                            row=number,
                            column=score_letter,
                        )
                    )
                    continue
                if area in scores:
                    errors.append(
                        located(
                            _("this area has a score on an earlier row already."),
                            sheet=sheet,
                            row=number,
                            column=area_letter,
                        )
                    )
                    continue
                scores[area] = score.quantize(Decimal("0.1"))
            if area_col is None:
                errors.append(
                    located(
                        _("no header row with an “Area” and a “Score” column was found."),
                        sheet=sheet,
                    )
                )
    except WorkbookRefused as refused:
        return ScanRows({}, [str(refused)])
    if not scores and not errors:
        errors.append(_("The workbook holds no scores."))
    return ScanRows(scores, errors)
