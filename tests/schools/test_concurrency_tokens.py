import datetime
import types
from decimal import Decimal
from unittest import mock

from django.conf import settings
from django.core import signing
from django.test import override_settings

from schools import concurrency
from schools.concurrency import _SALT
from schools.concurrency import model_token
from schools.concurrency import model_tokens
from schools.concurrency import normalise
from schools.concurrency import read_token

FIELDS = ["text", "who", "due", "done"]


def _row(text: str) -> types.SimpleNamespace:
    return types.SimpleNamespace(
        text=text,
        who="Ann",
        due=datetime.date(2027, 3, 1),
        done=False,
        updated=datetime.datetime(2026, 11, 30, 15, 0, tzinfo=datetime.UTC),
    )


def test_a_page_of_row_tokens_reads_as_one_row_token_does():
    row = _row("Ask " * 40)
    token = model_tokens(FIELDS)(row)
    assert read_token(token) == read_token(model_token(row, FIELDS))
    assert read_token(token) == {
        "v": "2026-11-30T15:00:00+00:00",
        "s": {"text": ("Ask " * 40).strip(), "who": "Ann", "due": "2027-03-01", "done": False},
    }


def test_a_row_token_is_signed_as_django_signs_it():
    row = _row("Plain")
    payload = read_token(model_tokens(FIELDS)(row))
    assert (
        model_tokens(FIELDS)(row).split(":")[0] == signing.dumps(payload, salt=_SALT).split(":")[0]
    )
    assert signing.loads(model_tokens(FIELDS)(row), salt=_SALT) == payload


def test_a_tampered_row_token_or_another_key_is_refused():
    token = model_tokens(FIELDS)(_row("Plain"))
    value, signature = token.rsplit(":", 1)
    assert (
        read_token(
            f"{value}:{signature[:-1]}A" if signature[-1] != "A" else f"{value}:{signature[:-1]}B"
        )
        is None
    )
    with override_settings(SECRET_KEY="another-secret-key-of-enough-length-for-django-x"):
        assert read_token(token) is None
        assert read_token(model_tokens(FIELDS)(_row("Plain"))) is not None


def test_a_row_token_is_the_text_djangos_signer_writes():
    """Byte for byte, accents and quotes included: the page's signer writes its JSON with
    one encoder, Django's builds one for every token."""
    row = _row('Één "café" — ø')
    with mock.patch("django.core.signing.time.time", return_value=1_800_000_000):
        token = model_tokens(FIELDS)(row)
        payload = read_token(token)
        assert token == signing.TimestampSigner(salt=_SALT).sign_object(payload)
    assert payload["s"]["text"] == 'Één "café" — ø'


def _django_token(row, fields: list[str]) -> str:
    """What ``signing.dumps`` writes for the row's payload, uncompressed."""
    payload = {
        "v": concurrency.version_of(row),
        "s": {n: normalise(getattr(row, n)) for n in fields},
    }
    return signing.TimestampSigner(salt=_SALT).sign_object(payload)


def test_row_tokens_are_byte_for_byte_djangos_for_every_kind_of_value():
    """Texts with accents, quotes, controls and padding, dates, both booleans, nothing,
    a number, a decimal, a list, an empty list: the hand-written JSON and signature are
    the text Django's signer writes."""
    fields = ["text", "who", "due", "done", "count", "amount", "tags", "none"]
    rows = [
        types.SimpleNamespace(
            text=text,
            who=who,
            due=due,
            done=done,
            count=count,
            amount=amount,
            tags=tags,
            none=None,
            updated=updated,
        )
        for text, who, due, done, count, amount, tags, updated in [
            (
                'Één "café" — ø\\ \t\n',
                "  Ann ",
                datetime.date(2027, 3, 1),
                False,
                3,
                Decimal("1.50"),
                ["b", "a"],
                datetime.datetime(2026, 11, 30, 15, 0, tzinfo=datetime.UTC),
            ),
            ("", "😀 </script>", None, True, 0, Decimal("0"), [], None),
            (
                "x" * 600,
                "&<>'",
                datetime.date(1999, 12, 31),
                True,
                -7,
                Decimal("NaN"),
                ("z",),
                datetime.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC),
            ),
        ]
    ]
    for now in (1_800_000_000, 1_800_000_001, 1_800_003_600):
        with mock.patch("django.core.signing.time.time", return_value=now):
            tokens = model_tokens(fields)
            for row in rows:
                assert tokens(row) == _django_token(row, fields)


def test_row_tokens_follow_a_changed_secret_key_and_verify_under_its_fallbacks():
    row = _row("Plain")
    old = model_tokens(FIELDS)(row)
    new_key = "another-secret-key-of-enough-length-for-django-x"
    with override_settings(SECRET_KEY=new_key, SECRET_KEY_FALLBACKS=[settings.SECRET_KEY]):
        with mock.patch("django.core.signing.time.time", return_value=1_800_000_000):
            # Signed with the new key, as Django signs now: not the key of before.
            assert model_tokens(FIELDS)(row) == _django_token(row, FIELDS)
        # A page loaded before the key was rotated still saves.
        assert read_token(old) == read_token(model_token(row, FIELDS))
    with override_settings(SECRET_KEY=new_key):
        assert read_token(old) is None
    # Back to the first key: its tokens again.
    with mock.patch("django.core.signing.time.time", return_value=1_800_000_000):
        assert model_tokens(FIELDS)(row) == _django_token(row, FIELDS)


def test_a_token_signed_as_before_still_verifies():
    """A form loaded before this signer (``signing.dumps``, compressed) is read as ever,
    and so is one written by Django's own signer uncompressed."""
    row = _row("Ask " * 40)
    payload = {
        "v": concurrency.version_of(row),
        "s": {n: normalise(getattr(row, n)) for n in FIELDS},
    }
    assert read_token(signing.dumps(payload, salt=_SALT, compress=True)) == payload
    assert read_token(signing.dumps(payload, salt=_SALT)) == payload
    assert read_token(model_tokens(FIELDS)(row)) == payload
