"""Factories. Related objects stay in one school: a factory never mixes tenants."""

import io

import factory
import openpyxl
from django.contrib.auth import get_user_model

from schools.models import EducationLevel
from schools.models import Membership
from schools.models import Role
from schools.models import School
from schools.models import SchoolGroup
from tasks.models import Cluster
from tasks.models import ListTask
from tasks.models import Task

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class SchoolGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolGroup

    name = factory.Sequence(lambda n: f"School group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    # The suite reads English (tests/settings.py); the model's default is Dutch.
    documents_language = "en"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    group = factory.SubFactory(SchoolGroupFactory)
    name = factory.Sequence(lambda n: f"School {n}")
    slug = factory.Sequence(lambda n: f"school-{n}")
    education_level = EducationLevel.SECONDARY
    pupils = 600
    locations = 1
    documents_language = "en"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    group = None
    role = Role.ICT_COORDINATOR


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    code = factory.Sequence(lambda n: f"TEC-GEN-{n:03d}")
    cluster = Cluster.TECHNICAL
    topic = "Hardware"
    title = factory.Sequence(lambda n: f"Task {n}")
    description = "A task."
    needs_technical = True
    source = "Ch. 1, Figure 1"


class ListTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListTask

    school = factory.SubFactory(SchoolFactory)
    group = None
    task = factory.SubFactory(TaskFactory)


def member(school: School | None = None, *, role: str = Role.ICT_COORDINATOR, group=None, **kw):
    """A user with one membership: in ``school``, or at the level of ``group``."""
    user = UserFactory(**kw)
    if group is not None:
        Membership.objects.create(user=user, group=group, role=role)
    else:
        Membership.objects.create(user=user, school=school or SchoolFactory(), role=role)
    return user


# Task workbooks: a valid catalogue row to vary, and a builder for workbook bytes.
WORKBOOK_HEADERS = [
    "Code",
    "Cluster",
    "Topic",
    "Task",
    "Description",
    "Core task",
    "Competences",
    "Specialisation",
    "Can also be taken on by",
    "Level",
    "Contexts",
    "Source",
]


def workbook_row(code: str = "TEC-NET-01", **cells: object) -> dict[str, object]:
    """One workbook row as {header: value}; keyword names use underscores for spaces."""
    row: dict[str, object] = {
        "Code": code,
        "Cluster": "Technical",
        "Topic": "Network management",
        "Task": f"Task {code}",
        "Description": "What the task is.",
        "Core task": "No",
        "Competences": "Technical",
        "Specialisation": "Network",
        "Can also be taken on by": "External firm",
        "Level": "School",
        "Contexts": "All",
        "Source": "Ch. 1, Figure 1",
    }
    for name, value in cells.items():
        row[name.replace("_", " ")] = value
    return row


def task_workbook(
    rows: list[dict[str, object]] | None = None,
    *,
    headers: list[str] | None = None,
    sheet: str = "Tasks",
    extra_sheets: tuple[str, ...] = (),
) -> bytes:
    """An .xlsx workbook with the given rows under the given headers (row 1)."""
    headers = list(WORKBOOK_HEADERS if headers is None else headers)
    book = openpyxl.Workbook()
    worksheet = book.active
    worksheet.title = sheet
    if headers:
        worksheet.append(headers)
    for row in rows or []:
        worksheet.append([row.get(header) for header in headers])
    for name in extra_sheets:
        book.create_sheet(name)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class PersonFactory(factory.django.DjangoModelFactory):
    """A person of a school's team (pass ``school=None, group=...`` for group level)."""

    class Meta:
        model = "teams.Person"

    school = factory.SubFactory(SchoolFactory)
    group = None
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda p: f"{p.name.lower().replace(' ', '.')}@example.org")
    roles = factory.LazyFunction(lambda: ["digicoach"])
    ict_hours = 4
    competence_technical = 2
    competence_pedagogical = 2
    competence_policy = 1
    competence_administrative = 1


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A task of the person's school given to them; executes by default."""

    class Meta:
        model = "teams.Assignment"

    person = factory.SubFactory(PersonFactory)
    school = factory.LazyAttribute(lambda a: a.person.school)
    list_task = factory.SubFactory(ListTaskFactory, school=factory.SelfAttribute("..school"))
    executes = True
    hours = 1
