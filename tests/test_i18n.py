"""Dutch everywhere: a complete catalogue, the reader's language, Belgian formats.

The rest of the suite reads English pages (tests/settings.py); these tests ask for Dutch the
way a browser does, with Accept-Language, or through the switcher in the header.
"""

import ast
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import polib
import pytest
from django.apps import apps
from django.core import mail
from django.template import Context
from django.template import Template
from django.test import Client
from django.test import override_settings
from django.urls import reverse
from django.utils import formats
from django.utils import translation
from pypdf import PdfReader

import ictteam.settings as production_settings
from guidelines import services as plan_services
from schools.language import documents_language
from schools.language import preferred_language
from schools.models import Role
from schools.models import UserPreference
from schools.services import invitation_create
from teams.workbook import division_export_xlsx
from teams.workbook import division_import_xlsx
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import TaskFactory
from tests.factories import member

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|\{\w*\}")

DUTCH = {"HTTP_ACCEPT_LANGUAGE": "nl-BE,nl;q=0.9,en;q=0.5"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    """A Dutch request leaves Dutch active in this thread; later tests expect the default."""
    yield
    translation.deactivate()


def catalogue() -> polib.POFile:
    return polib.pofile(str(PO))


def live_entries(po) -> list[polib.POEntry]:
    return [entry for entry in po if not entry.obsolete]


# --- the catalogue is complete --------------------------------------------------------


def test_every_message_has_a_dutch_translation():
    po = catalogue()
    missing = [entry.msgid for entry in live_entries(po) if not entry.translated()]
    assert len(live_entries(po)) > 1000
    assert missing == [], f"{len(missing)} messages without Dutch: {missing[:10]}"


def test_no_message_is_fuzzy():
    po = catalogue()
    fuzzy = [entry.msgid for entry in live_entries(po) if "fuzzy" in entry.flags]
    assert not po.metadata_is_fuzzy
    assert fuzzy == [], f"fuzzy: {fuzzy[:10]}"


def test_every_translation_keeps_the_placeholders_of_its_message():
    wrong = []
    for entry in live_entries(catalogue()):
        if entry.msgid_plural:
            wanted = set(PLACEHOLDER.findall(entry.msgid_plural))
            given = [set(PLACEHOLDER.findall(text)) for text in entry.msgstr_plural.values()]
        else:
            wanted = sorted(PLACEHOLDER.findall(entry.msgid))
            given = [sorted(PLACEHOLDER.findall(entry.msgstr))]
        wrong += [entry.msgid for found in given if found != wanted]
    assert wrong == []


def _messages(entries) -> dict[tuple, object]:
    found = {}
    for entry in entries:
        if not entry.msgid:  # the header
            continue
        if entry.msgid_plural:
            value = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
        else:
            value = entry.msgstr
        found[(entry.msgctxt, entry.msgid, entry.msgid_plural)] = value
    return found


def test_the_committed_mo_file_is_compiled_from_the_po_file():
    """CI machines may lack gettext, so the compiled catalogue is committed: it must be current."""
    compiled = _messages(polib.mofile(str(MO)))
    source = _messages(live_entries(catalogue()))
    assert compiled == source, (
        "locale/nl/LC_MESSAGES/django.mo is out of date: run `make translations` and commit it"
    )


# Words a template may show untranslated: the product's name and a CSS page orientation.
UNTRANSLATED_WORDS = {"ictteam", "landscape", "portrait"}


def _untranslated_template_text(source: str) -> list[str]:
    """Text a template shows outside {% translate %} and {% blocktranslate %}."""
    text = re.sub(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", " ", source, flags=re.S)
    text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", " ", text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"{%.*?%}|{{.*?}}", " ", text, flags=re.S)
    found = [
        match.group(0)
        for match in re.finditer(r'(?:aria-label|title|placeholder|alt)="[^"]*[A-Za-z]{3,}', text)
    ]
    text = re.sub(r"<[^>]*>|&\w+;", " ", text, flags=re.S)
    for line in text.splitlines():
        words = {word.lower() for word in re.findall(r"[A-Za-z]{3,}", line)}
        if words - UNTRANSLATED_WORDS:
            found.append(line.strip())
    return found


# The project's own apps and its settings package, where code marks messages.
APPS = sorted(
    {path.name for config in apps.get_app_configs() if (path := Path(config.path)).parent == ROOT}
    | {"ictteam"}
)
GETTEXT_CALLS = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
TEMPLATE_MESSAGE = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.+?)\1""")


def marked_messages() -> dict[str, str]:
    """Every literal message the code and the templates mark (``_("…")``, ``ngettext``'s
    singular, ``{% translate "…" %}``), with where it is: what makemessages would put in
    the catalogue. (Its ``xgettext`` is not on every machine that runs the tests.)"""
    found: dict[str, str] = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in GETTEXT_CALLS
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for match in TEMPLATE_MESSAGE.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(2), str(path.relative_to(ROOT)))
    return found


def test_every_message_the_code_marks_is_in_the_catalogue():
    messages = marked_messages()
    assert len(messages) > 500
    known = {entry.msgid for entry in live_entries(catalogue())}
    missing = {msgid: where for msgid, where in messages.items() if msgid not in known}
    assert missing == {}


def test_no_message_is_marked_inside_an_f_string():
    """xgettext does not read inside an f-string's braces: a message marked there would
    leave the catalogue at the next ``make messages``."""
    inside = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            for string in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(string, ast.JoinedStr):
                    inside += [
                        f"{path.relative_to(ROOT)}:{node.lineno}"
                        for node in ast.walk(string)
                        if isinstance(node, ast.Call)
                        and isinstance(node.func, ast.Name)
                        and node.func.id in GETTEXT_CALLS
                        and node.args
                        and isinstance(node.args[0], ast.Constant)
                    ]
    assert inside == []


def test_the_marked_message_scan_finds_code_and_template_messages():
    messages = marked_messages()
    assert "Action plan" in messages
    assert any(where.startswith("templates/") for where in messages.values())
    assert any(".py:" in where for where in messages.values())


def test_every_template_text_is_marked_for_translation():
    templates = sorted((ROOT / "templates").rglob("*.html")) + sorted(
        (ROOT / "templates").rglob("*.txt")
    )
    assert len(templates) > 50
    unmarked = {
        str(path.relative_to(ROOT)): found
        for path in templates
        if (found := _untranslated_template_text(path.read_text(encoding="utf-8")))
    }
    assert unmarked == {}


def test_the_template_check_finds_unmarked_text():
    assert _untranslated_template_text('<p>{% translate "Save" %}</p>') == []
    assert _untranslated_template_text("<p>Save the plan</p>") == ["Save the plan"]
    assert _untranslated_template_text('<a aria-label="Close it">x</a>') == ['aria-label="Close']


# --- the reader's language ------------------------------------------------------------


def test_the_site_is_dutch_unless_the_browser_asks_for_english():
    assert production_settings.LANGUAGE_CODE == "nl"
    assert [code for code, _name in production_settings.LANGUAGES] == ["nl", "en"]
    assert "schools.language.UserLanguageMiddleware" in production_settings.MIDDLEWARE


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "lang", "present", "absent"),
    [
        (DUTCH, "nl", "Aanmelden", "Log in"),
        (ENGLISH, "en", "Log in", "Aanmelden"),
    ],
)
def test_html_lang_matches_the_language_of_the_page(client, headers, lang, present, absent):
    response = client.get(reverse("login"), **headers)
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page
    assert response["Content-Language"] == lang
    assert present in page
    assert absent not in page


@pytest.mark.django_db
@override_settings(LANGUAGE_CODE="nl")
def test_a_browser_naming_neither_language_gets_dutch(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9,de;q=0.5")
    assert '<html lang="nl">' in page.content.decode()
    assert "Gebruikersnaam" in page.content.decode()


@pytest.mark.django_db
def test_the_header_has_a_labelled_language_form_that_works_without_javascript(client):
    page = client.get(reverse("login"), **DUTCH).content.decode()
    form = re.search(r'<form[^>]*id="language-switcher".*?</form>', page, re.S).group(0)
    assert f'action="{reverse("set_language")}"' in form
    assert 'method="post"' in form
    assert '<label for="language-select"' in form
    assert '<option value="nl" lang="nl" selected>Nederlands</option>' in form
    assert '<option value="en" lang="en">English</option>' in form, form
    assert 'type="submit"' in form


@pytest.mark.django_db
def test_the_switcher_sets_the_language_for_a_visitor(client):
    login = reverse("login")
    response = client.post(
        reverse("set_language"),
        {"language": "en"},
        HTTP_REFERER=f"http://testserver{login}",
        **DUTCH,
    )
    assert response.status_code == 302
    assert response["Location"] == f"http://testserver{login}"
    page = client.get(login, **DUTCH).content.decode()
    assert '<html lang="en">' in page


@pytest.mark.django_db
def test_a_signed_in_users_choice_is_saved_and_applied_at_the_next_login(client, school):
    user = member(school, role=Role.ICT_COORDINATOR)
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"}, **DUTCH)
    assert UserPreference.objects.get(user=user).language == "en"
    assert preferred_language(user=user) == "en"

    # Another browser, which asks for Dutch: the saved choice wins once the user logs in.
    other = Client()
    assert '<html lang="nl">' in other.get(reverse("home"), **DUTCH).content.decode()
    other.force_login(user)
    page = other.get(reverse("home"), **DUTCH)
    assert '<html lang="en">' in page.content.decode()
    assert page.cookies["django_language"].value == "en"


@pytest.mark.django_db
def test_an_unknown_language_is_not_saved(client, school):
    user = member(school, role=Role.ICT_COORDINATOR)
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"}, **DUTCH)
    assert not UserPreference.objects.filter(user=user).exists()


def test_documents_language_renders_in_the_readers_language():
    with translation.override("en"):
        with documents_language(language="nl-be") as language:
            assert language == "nl"
            assert translation.gettext("Action plan") == "Actieplan"
        with documents_language(language="fr") as language:
            assert language == "en"  # unknown: the active language stays
        assert translation.get_language() == "en"


# --- Belgian formats ------------------------------------------------------------------

WHEN = datetime.datetime(2026, 11, 30, 14, 5)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_dates_are_day_month_year_and_times_24_hour(language):
    with translation.override(language):
        assert formats.date_format(WHEN.date(), "SHORT_DATE_FORMAT") == "30/11/2026"
        assert formats.date_format(WHEN.date(), "DATE_FORMAT") == "30/11/2026"
        assert formats.date_format(WHEN, "SHORT_DATETIME_FORMAT") == "30/11/2026 14:05"
        assert formats.time_format(WHEN.time(), "TIME_FORMAT") == "14:05"


def test_dutch_numbers_have_a_decimal_comma_and_a_thousands_point():
    template = Template('{{ hours|floatformat:"-1" }} · € {{ budget|floatformat:"-2g" }}')
    context = Context({"hours": Decimal("2.5"), "budget": Decimal("15000.00")})
    with translation.override("nl"):
        assert template.render(context) == "2,5 · € 15.000"
    with translation.override("en"):
        assert template.render(context) == "2.5 · € 15,000"


@pytest.mark.django_db
def test_the_action_plan_page_and_pdf_are_dutch_with_belgian_amounts(client, school):
    leader = member(school, role=Role.SCHOOL_LEADER)
    plan = plan_services.plan_start(owner=school, user=leader)
    for node_id, value in [("growth", "yes"), ("vision", "yes"), ("policy_plan", "yes")]:
        plan = plan_services.answer_set(plan=plan, node_id=node_id, value=value, user=leader)
    plan_services.resources_set(
        plan=plan,
        user=leader,
        ict_hours=Decimal("6.5"),
        bpt_hours=Decimal("2"),
        other_hours=Decimal("0"),
        operating_budget=Decimal("15000"),
    )
    client.force_login(leader)
    kwargs = {"school_slug": school.slug}
    page = client.get(reverse("guidelines:school_action_plan", kwargs=kwargs), **DUTCH)
    text = page.content.decode()
    assert '<html lang="nl">' in text
    assert "€ 15.000" in text
    assert "Werkingsmiddelen per jaar (EUR)" in text
    assert "Is er een onderliggende pedagogische visie?" in text
    assert "Action plan" not in text

    pdf = client.get(reverse("guidelines:school_action_plan_pdf", kwargs=kwargs), **DUTCH)
    words = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Actieplan" in words or "Antwoorden en advies" in words
    assert "ICT-beleidsplan" in words
    assert "Answers and advice" not in words


@pytest.mark.django_db
def test_the_invitation_email_is_in_the_inviters_language(
    school, django_capture_on_commit_callbacks
):
    inviter = member(school, role=Role.SCHOOL_LEADER)
    with translation.override("nl"), django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            email="nieuw@example.org", role=Role.TEAM_MEMBER, invited_by=inviter, school=school
        )
    message = mail.outbox[-1]
    assert message.subject.startswith("Je bent uitgenodigd voor")
    assert "nodigt je uit" in message.body
    assert "Aanvaard de uitnodiging hier:" in message.body


@pytest.mark.django_db
def test_the_division_workbook_is_dutch_and_imports_back(school):
    entry = ListTaskFactory(school=school, task=TaskFactory(code="TEC-NET-01"))
    person = PersonFactory(school=school, name="An Peeters")
    AssignmentFactory(
        person=person, school=school, list_task=entry, decides=True, hours=Decimal("2.5")
    )
    with translation.override("nl"):
        data = division_export_xlsx(school=school)
        sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
        assert sheet.title == "Taakverdeling"
        header = [cell.value for cell in sheet[1]]
        assert header[:5] == ["Code", "Cluster", "Onderwerp", "Taak", "Kern"]
        assert sheet.cell(row=3, column=6).value == "DE 2,5"
        result = division_import_xlsx(school=school, file=io.BytesIO(data), dry_run=True)
    assert (result.created, result.updated, result.deleted) == (0, 0, 0)
