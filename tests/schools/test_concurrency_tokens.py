import datetime
import types
from unittest import mock

from django.core import signing
from django.test import override_settings

from schools.concurrency import _SALT, model_token, model_tokens, read_token

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
