"""No 500 from any input: a corpus of hostile values against every URL and every form.

The walk takes the URL patterns from the resolver (``tests/test_roles.py``'s
``url_patterns``), so a page added later is covered without touching this file:

- every argument of every pattern gets each hostile value the converter lets through
  (a giant ``pk``, a 5,000-character slug, non-ASCII digits, a NUL byte);
- every page a superuser can open is read for its POST forms, which are submitted with
  each hostile value in every visible field, then in every field, hidden ones included;
- file fields get a workbook whose XML declares entities.

Each answer must be a page (200, a redirect) or a clear refusal (400, 403, 404, 405):
never a server error. Run it on PostgreSQL too (``DATABASE_URL``): it refuses what
SQLite stores silently (an overlong value, a number beyond its integer range).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from guidelines.flowchart import FLOWCHART
from guidelines.models import ActionItem
from guidelines.models import TransitionPlan
from schools.models import Invitation
from schools.models import Role
from schools.services import invitation_create
from teams.models import Agreement
from teams.models import ConsultationGroup
from teams.models import Vacancy
from tests.concurrency_helpers import _Forms
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import SchoolFactory
from tests.factories import SchoolGroupFactory
from tests.factories import TaskFactory
from tests.factories import UserFactory
from tests.test_roles import Pattern
from tests.test_roles import _reverse
from tests.test_roles import url_patterns

pytestmark = pytest.mark.django_db

PK = 777
BIG = "9" * 5000

# One value per way an input has hurt a server: the corpus.
CORPUS = [
    "x" * 5000,  # overlong text
    "²",  # a superscript digit: isdigit() says yes, int() says no
    "٣",  # an Arabic-Indic digit: int() reads 3
    BIG,  # a 5,000-digit number
    "-" + BIG,
    str(2**63),  # beyond SQLite's and PostgreSQL's bigint
    str(2**31),  # beyond PostgreSQL's integer
    "-1",  # negative hours, counts
    "-0.5",
    "1e400",  # overflows a float
    "NaN",
    "Infinity",
    "1" + "0" * 30 + ".5",
    "<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>",
    "\u202e\ufeff\U0001f600",
    "'; SELECT 1; --",
]

# Also put in hidden fields (management forms, versions, tokens).
EVERY_FIELD = {BIG, str(2**63), "x" * 5000, "٣"}

# What the URL converters let through, per converter.
URL_VALUES = {
    "int": [BIG, str(2**63), str(2**31), "0"],
    "slug": ["x" * 5000, "٣", "a" * 300],
    "str": ["%00", "x" * 5000, "²", "%C2%B2", "٣", "..%2F..%2Fetc"],
    "path": ["%00", "x" * 5000, "²/٣"],
}

# Nodes of the wizard with different work (forms) on them.
NODES = sorted({node.work or "": node.id for node in FLOWCHART.nodes}.values())


def xml_entity_workbook() -> bytes:
    """An .xlsx whose parts declare XML entities (a billion-laughs attempt)."""
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{"&lol{j};".format(j=i - 1 if i else "") * 10}">'
            for i in range(1, 9)
        )
        + ']><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheets><sheet name="&lol8;" sheetId="1"/></sheets></workbook>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            "&e;</Types>",
        )
        archive.writestr("xl/workbook.xml", laughs)
    return buffer.getvalue()


@pytest.fixture
def world(db):
    """A superuser and one object of each kind a URL addresses, all with pk 777."""
    group = SchoolGroupFactory(slug="noord")
    school = SchoolFactory(group=group, slug="sint-jan")
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    task = TaskFactory(pk=PK, code="TEC-GEN-777")
    ListTaskFactory(pk=PK, school=school, task=task)
    PersonFactory(pk=PK, school=school)
    PersonFactory(pk=PK + 1, school=None, group=group)
    Agreement.objects.create(pk=PK, school=school, kind="backup", text="Backups")
    ConsultationGroup.objects.create(pk=PK, school=school, kind="policy_team", name="Team")
    Vacancy.objects.create(pk=PK, school=school, title="ICT", profile="technical", hours=4)
    plan = TransitionPlan.objects.create(pk=PK, school=school)
    ActionItem.objects.create(pk=PK, plan=plan, text="Do", who="Me")
    invitation_create(
        email="new@example.org", role=Role.TEAM_MEMBER, invited_by=root, school=school
    )
    return {"school_slug": school.slug, "group_slug": group.slug, "root": root}


def _normal(name: str) -> str:
    return {
        "school_slug": "sint-jan",
        "group_slug": "noord",
        "code": "TEC-GEN-777",
        "node_id": FLOWCHART.start,
        "token": Invitation.objects.get().token,
        "app_label": "teams",
        "url": "no/such/page/",
        "content_type_id": "1",
    }.get(name, str(PK))


def _converter(pattern: Pattern, name: str) -> str:
    found = re.search(rf"<(\w+):{name}>", pattern.route)
    return found.group(1) if found else "path"


def hostile_urls() -> Iterator[str]:
    for pattern in url_patterns():
        for name in pattern.kwargs:
            for value in URL_VALUES.get(_converter(pattern, name), []):
                kwargs = {other: _normal(other) for other in pattern.kwargs}
                kwargs[name] = value
                yield _reverse(pattern, kwargs)


def page_urls() -> Iterator[str]:
    for pattern in url_patterns():
        if pattern.positional or pattern.name in {"logout", "admin:logout"}:
            continue
        if "node_id" in pattern.kwargs:
            for node in NODES:
                yield _reverse(
                    pattern, {n: node if n == "node_id" else _normal(n) for n in pattern.kwargs}
                )
        else:
            yield _reverse(pattern, {n: _normal(n) for n in pattern.kwargs})


def answer(client: Client, method: str, url: str, data=None) -> int:
    try:
        response = (
            getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        )
    except Exception as error:  # noqa: BLE001 - a server error is what the test looks for
        raise AssertionError(f"{method.upper()} {url[:120]} raised {error!r}") from error
    assert response.status_code < 500, f"{method.upper()} {url[:120]}: {response.status_code}"
    return response.status_code


def test_hostile_url_arguments_get_a_clear_answer(client, world):
    client.force_login(world["root"])
    urls = list(hostile_urls())
    assert len(urls) > 50
    for url in urls:
        answer(client, "get", url)
        answer(client, "post", url, {})


def _post_forms(
    client: Client, url: str
) -> list[tuple[str, list[tuple[str, str]], set[str], set[str]]]:
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = _Forms()
    parser.feed(response.content.decode())
    html = response.content.decode()
    actions = re.findall(r"<form\b([^>]*)>", html)
    forms = []
    for attrs, fields in zip(actions, parser.forms, strict=False):
        if 'method="post"' not in attrs.lower():
            continue
        action = re.search(r'action="([^"]*)"', attrs)
        target = action.group(1).replace("&amp;", "&") if action and action.group(1) else url
        if "logout" in target or "setlang" in target:
            continue
        hidden = set(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"', html))
        files = set(re.findall(r'<input[^>]*type="file"[^>]*name="([^"]+)"', html))
        files |= set(re.findall(r'<input[^>]*name="([^"]+)"[^>]*type="file"', html))
        forms.append((target, fields, hidden, files))
    return forms


@pytest.mark.slow
def test_every_form_answers_hostile_values_without_a_server_error(world):
    client = Client()
    client.force_login(world["root"])
    posted = 0
    for url in dict.fromkeys(page_urls()):
        for target, fields, hidden, files in _post_forms(client, url):
            names = [name for name, _ in fields if name != "csrfmiddlewaretoken"]
            for value in CORPUS:
                for everything in (False, True) if value in EVERY_FIELD else (False,):
                    data: dict[str, object] = {}
                    for name in names:
                        keep = name in hidden and not everything
                        data[name] = dict(fields)[name] if keep else value
                    for name in files:
                        data[name] = SimpleUploadedFile(
                            "book.xlsx", xml_entity_workbook(), "application/octet-stream"
                        )
                    answer(client, "post", target, data)
                    posted += 1
            # The session may end (a password change): log in again for the next page.
            client.force_login(world["root"])
    assert posted > 200


@pytest.mark.parametrize("username", ["x" * 5000, "٣²", "a" * 151])
def test_a_very_long_or_strange_login_name_is_refused_cleanly(client, db, username):
    response = client.post("/accounts/login/", {"username": username, "password": "x" * 5000})
    assert response.status_code in (200, 403, 429)
