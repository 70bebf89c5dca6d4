"""Catalogue imports at group scale: new tasks reach every list in set-based statements,
and a large confirmed import runs as a background job."""

import io
import itertools
import resource
import time

import pytest
from django.db import connection
from django.db import transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schools.models import EducationLevel
from schools.models import Job
from schools.models import JobStatus
from schools.models import School
from tasks import jobs as import_jobs
from tasks import services
from tasks.importer import task_import_xlsx
from tasks.models import ListTask
from tasks.models import ReviewState
from tasks.models import Task
from tasks.models import TaskLevel
from tasks.services import task_list_add_new_catalogue_tasks
from tasks.services import task_list_initialise
from tasks.services import task_lists_in_parts
from tests.factories import SchoolFactory
from tests.factories import TaskFactory
from tests.factories import UserFactory
from tests.factories import task_workbook
from tests.factories import workbook_row
from tests.jobs import run_worker

pytestmark = pytest.mark.django_db

FLAGS = ("for_primary", "for_secondary", "for_adult", "for_special_needs")


def python_defaults(task: Task, owner) -> tuple[bool, str]:
    """What the entry-by-entry code gives: the reference the SQL must agree with."""
    return services._applies_to(task, owner), services._default_list_level(task)


def test_new_tasks_get_the_same_defaults_as_a_list_started_from_scratch(group):
    seed = TaskFactory(code="SEED-01")
    schools = [
        SchoolFactory(group=group, education_level=level, technical_vocational=technical)
        for level, technical in itertools.product(EducationLevel.values, (False, True))
    ]
    for owner in [*schools, group]:
        ListTask.objects.create(task=seed, **services.owner_kwargs(owner))
    tasks = [
        TaskFactory(
            code=f"NEW-{number:03d}",
            level=level,
            for_technical_vocational=technical,
            **dict(zip(FLAGS, flags, strict=True)),
        )
        for number, (level, technical, flags) in enumerate(
            itertools.product(
                TaskLevel.values,
                (False, True),
                [(True, True, True, True), (True, False, False, False), (False,) * 4],
            )
        )
    ]

    added = task_list_add_new_catalogue_tasks(tasks=tasks)

    assert added == len(tasks) * (len(schools) + 1)
    for owner in [*schools, group]:
        entries = {
            entry.task_id: entry
            for entry in ListTask.objects.filter(**services.owner_kwargs(owner), task__in=tasks)
        }
        for task in tasks:
            entry = entries[task.pk]
            assert (entry.applies, entry.level) == python_defaults(task, owner), (owner, task)
            assert entry.review == ReviewState.NEW
            assert (entry.horizon, entry.note, entry.raise_with_director) == ("short", "", False)
            assert entry.created is not None


def test_only_lists_that_exist_get_new_tasks_and_entries_already_there_stay(
    group, school, sibling_school
):
    seed = TaskFactory(code="SEED-01")
    reactivated = TaskFactory(code="BACK-01")
    ListTask.objects.create(task=seed, school=school)
    kept = ListTask.objects.create(task=reactivated, school=school, note="ours", applies=False)
    new = TaskFactory(code="NEW-01")

    added = task_list_add_new_catalogue_tasks(tasks=[new, reactivated])

    # The sibling school and the group have no list: nothing is started for them.
    assert added == 1
    assert set(ListTask.objects.values_list("school__slug", "task__code")) == {
        (school.slug, "SEED-01"),
        (school.slug, "BACK-01"),
        (school.slug, "NEW-01"),
    }
    kept.refresh_from_db()
    assert (kept.note, kept.applies, kept.review) == ("ours", False, "")


def test_adding_to_a_hundred_lists_takes_a_constant_number_of_statements(group):
    seed = TaskFactory(code="SEED-01")
    for _number in range(100):
        ListTask.objects.create(task=seed, school=SchoolFactory(group=group))
    ListTask.objects.create(task=seed, group=group)
    tasks = [TaskFactory(code=f"NEW-{number:03d}") for number in range(30)]
    with CaptureQueriesContext(connection) as queries:
        added = task_list_add_new_catalogue_tasks(tasks=tasks)
    assert added == 3_030
    inserts = [q for q in queries.captured_queries if q["sql"].lstrip().startswith("INSERT")]
    assert len(inserts) == 2  # schools, groups
    # A savepoint and its release, which tasks are listed already, which owners have a
    # list, then the inserts (on PostgreSQL after dropping the kept plans): nothing per
    # list or per task.
    assert len(queries) == 7 + (connection.vendor == "postgresql")


def test_a_kind_of_owner_without_lists_gets_no_statement(group, school):
    seed = TaskFactory(code="SEED-01")
    ListTask.objects.create(task=seed, school=school)
    new = TaskFactory(code="NEW-01")
    with CaptureQueriesContext(connection) as queries:
        added = task_list_add_new_catalogue_tasks(tasks=[new])
    assert added == 1
    inserts = [q for q in queries.captured_queries if q["sql"].lstrip().startswith("INSERT")]
    assert len(inserts) == 1


def test_the_row_cap_names_no_advice_that_would_retire_tasks(db, monkeypatch):
    from tasks import importer

    monkeypatch.setattr(importer, "MAX_IMPORT_ROWS", 2)
    report = task_import_xlsx(file=task_workbook([workbook_row(f"T-{i}") for i in range(3)]))
    message = report.errors[0].message
    assert message.startswith("More than 2 task rows")
    assert "split" not in message
    assert importer.MAX_IMPORT_ROWS == 2 and importer.MAX_IMPORT_ROWS < 20_000


def test_the_cap_takes_a_catalogue_of_ten_thousand_tasks():
    from tasks import importer

    assert importer.MAX_IMPORT_ROWS >= 10_000


# --- a large confirmed import runs as a job ---


def confirm_upload(client, data: bytes):
    url = reverse("tasks:catalogue_import")
    file = io.BytesIO(data)
    file.name = "big.xlsx"
    preview = client.post(url, {"file": file})
    token = preview.context["confirm_form"].initial["token"]
    return client.post(url, {"token": token})


@pytest.fixture
def superuser_client(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    client.user = user
    return client


def test_a_large_confirmed_catalogue_import_runs_as_a_job(
    superuser_client, school, monkeypatch, settings
):
    monkeypatch.setattr(import_jobs, "IMPORT_IN_REQUEST_ROWS", 2)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    TaskFactory(code="OLD-01")
    task_list_initialise(owner=school)
    rows = [workbook_row(f"NEW-{number}") for number in range(3)] + [workbook_row("OLD-01")]
    # The existing task as the catalogue has it, so it stays unchanged.
    rows[-1] = {**rows[-1], **{"Task": Task.objects.get(code="OLD-01").title}}

    response = confirm_upload(superuser_client, task_workbook(rows))

    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.status, job.user) == (JobStatus.QUEUED, superuser_client.user)
    assert not Task.objects.filter(code__startswith="NEW-").exists()
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert "Imported big.xlsx: 3 added" in job.summary
    assert ListTask.objects.filter(school=school, review=ReviewState.NEW).count() == 3
    page = superuser_client.get(job.get_absolute_url()).content.decode()
    assert "Imported big.xlsx: 3 added" in page


def test_a_catalogue_import_job_that_fails_imports_nothing_and_keeps_the_upload(
    superuser_client, school, monkeypatch
):
    monkeypatch.setattr(import_jobs, "IMPORT_IN_REQUEST_ROWS", 0)
    url = reverse("tasks:catalogue_import")
    file = io.BytesIO(task_workbook([workbook_row("NEW-1")]))
    file.name = "big.xlsx"
    token = superuser_client.post(url, {"file": file}).context["confirm_form"].initial["token"]

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    with monkeypatch.context() as patched:
        patched.setattr(import_jobs, "task_import_xlsx", broken)
        failed = superuser_client.post(url, {"token": token}, follow=True)
    job = failed.context["job"]
    assert job.status == JobStatus.FAILED
    assert "nothing was changed" in failed.content.decode()
    assert not Task.objects.filter(code="NEW-1").exists()

    # The upload still waits: confirming it again imports it.
    again = superuser_client.post(url, {"token": token}, follow=True)
    assert again.context["job"].status == JobStatus.DONE
    assert Task.objects.filter(code="NEW-1").exists()


def test_a_catalogue_import_job_is_the_superusers_only(superuser_client, client, monkeypatch):
    monkeypatch.setattr(import_jobs, "IMPORT_IN_REQUEST_ROWS", 0)
    confirm_upload(superuser_client, task_workbook([workbook_row("NEW-1")]))
    job = Job.objects.get()
    superuser_client.user.is_superuser = False
    superuser_client.user.save()
    assert superuser_client.get(job.get_absolute_url()).status_code == 404


# --- the fan-out of the new tasks to the lists, in parts ---


@pytest.fixture
def jobs_on_a_worker(superuser_client, monkeypatch, settings):
    """Every catalogue import a job, one list to a part, run by the real worker."""
    monkeypatch.setattr(import_jobs, "IMPORT_IN_REQUEST_ROWS", 0)
    monkeypatch.setattr(import_jobs, "LISTS_PER_PART", 1)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return superuser_client


def _lists_with(code: str) -> int:
    return ListTask.objects.filter(task__code=code).count()


def test_the_fan_out_reaches_every_list_in_parts_and_counts_them(
    jobs_on_a_worker, group, school, sibling_school
):
    TaskFactory(code="OLD-01")
    for owner in (school, sibling_school, group):
        task_list_initialise(owner=owner)
    rows = [workbook_row("NEW-1"), workbook_row("NEW-2")]

    confirm_upload(jobs_on_a_worker, task_workbook(rows))
    job = Job.objects.get()
    run_worker()

    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert (job.done, job.total, len(job.params["lists"])) == (3, 3, 3)
    assert "The new tasks are on every list (3)" in job.summary
    assert _lists_with("NEW-1") == _lists_with("NEW-2") == 3
    assert ListTask.objects.filter(task__code="NEW-1", review=ReviewState.NEW).count() == 3


def test_the_job_page_counts_the_lists_the_new_tasks_reached(jobs_on_a_worker, school):
    task_list_initialise(owner=school)
    job = Job.objects.create(
        user=jobs_on_a_worker.user,
        kind="catalogue_import",
        title="Catalogue import of big.xlsx",
        status=JobStatus.RUNNING,
        params={"superuser": True, "for_the_lists": [1], "lists": [{}] * 4},
        done=37,
        total=103,
    )
    page = jobs_on_a_worker.get(job.get_absolute_url()).content.decode()
    assert "its new tasks reach 37 of 103 task lists" in page


def test_a_failed_part_says_so_and_running_it_again_completes_every_list(
    jobs_on_a_worker, group, school, sibling_school, monkeypatch
):
    TaskFactory(code="OLD-01")  # a list holds at least one task
    for owner in (school, sibling_school, group):
        task_list_initialise(owner=owner)
    real = import_jobs.task_list_add_new_catalogue_tasks

    def broken_for_the_sibling(**kwargs):
        if sibling_school.pk in kwargs["schools"]:
            raise RuntimeError("the database went away")
        return real(**kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(import_jobs, "task_list_add_new_catalogue_tasks", broken_for_the_sibling)
        confirm_upload(jobs_on_a_worker, task_workbook([workbook_row("NEW-1")]))
        run_worker()

    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert "The catalogue is imported" in job.error
    # The catalogue is whole; the part that ran before keeps its entries, the parts
    # after the failed one stopped.
    assert Task.objects.filter(code="NEW-1").exists()
    assert ListTask.objects.filter(task__code="NEW-1", school=school).exists()
    assert _lists_with("NEW-1") == 1
    page = jobs_on_a_worker.get(job.get_absolute_url()).content.decode()
    assert "1 of 3 task lists have the new tasks" in page
    assert "Add the new tasks to the other lists" in page

    retry = reverse("tasks:catalogue_fan_out_retry", kwargs={"pk": job.pk})
    assert jobs_on_a_worker.post(retry)["Location"] == job.get_absolute_url()
    run_worker()

    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.done == job.total == 3
    assert _lists_with("NEW-1") == 3


def test_a_fan_out_that_cannot_start_says_the_catalogue_is_imported(
    jobs_on_a_worker, school, monkeypatch
):
    TaskFactory(code="OLD-01")
    task_list_initialise(owner=school)

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    with monkeypatch.context() as patched:
        patched.setattr(import_jobs, "task_lists_in_parts", broken)
        confirm_upload(jobs_on_a_worker, task_workbook([workbook_row("NEW-1")]))
        run_worker()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert "The catalogue is imported" in job.error
    assert import_jobs.fan_out_can_retry(job)

    jobs_on_a_worker.post(reverse("tasks:catalogue_fan_out_retry", kwargs={"pk": job.pk}))
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert _lists_with("NEW-1") == 1


def test_a_fan_out_that_did_not_fail_cannot_be_run_again(jobs_on_a_worker, school):
    TaskFactory(code="OLD-01")
    task_list_initialise(owner=school)
    confirm_upload(jobs_on_a_worker, task_workbook([workbook_row("NEW-1")]))
    run_worker()
    job = Job.objects.get()
    retry = reverse("tasks:catalogue_fan_out_retry", kwargs={"pk": job.pk})
    assert jobs_on_a_worker.post(retry).status_code == 404


def test_a_list_started_before_the_fan_out_keeps_its_entries_and_a_part_run_twice_adds_nothing(
    group, school, sibling_school
):
    TaskFactory(code="OLD-01")
    task_list_initialise(owner=school)
    report = task_import_xlsx(file=task_workbook([workbook_row("NEW-1")]), lists_later=True)
    assert report.ok
    # The catalogue is written, the lists wait for the fan-out ...
    assert _lists_with("NEW-1") == 0
    # ... while a list started meanwhile takes every active task at once.
    task_list_initialise(owner=sibling_school)
    ListTask.objects.filter(school=sibling_school, task__code="NEW-1").update(note="ours")

    part = {"schools": [school.pk, sibling_school.pk], "groups": []}
    assert task_list_add_new_catalogue_tasks(tasks=report.for_the_lists, **part) == 1
    assert task_list_add_new_catalogue_tasks(tasks=report.for_the_lists, **part) == 0
    assert _lists_with("NEW-1") == 2
    assert ListTask.objects.get(school=sibling_school, task__code="NEW-1").note == "ours"


def test_a_small_import_puts_its_new_tasks_on_the_lists_in_its_own_transaction(
    superuser_client, school
):
    TaskFactory(code="OLD-01")
    task_list_initialise(owner=school)
    confirm_upload(superuser_client, task_workbook([workbook_row("NEW-1")]))
    assert not Job.objects.exists()
    assert _lists_with("NEW-1") == 1


@pytest.mark.slow
def test_a_ten_thousand_task_catalogue_reaches_a_hundred_schools_within_bounds(group):
    """10,000 catalogue rows (all new) onto 100 schools' lists: a million entries.

    The import (the catalogue, as the job's first step) within the issue's 5 s of CPU and
    200 MB; then its fan-out, part by part as the workers run it. Bounded in CPU time (the
    machine's other load does not count) and in how far the process's memory grows.
    """
    seed = TaskFactory(code="SEED-0001")
    School.objects.bulk_create(
        School(group=group, name=f"School {n}", slug=f"school-{n:03d}") for n in range(100)
    )
    ListTask.objects.bulk_create(ListTask(task=seed, school=s) for s in School.objects.all())
    rows = [workbook_row(f"GEN-{n:05d}") for n in range(9_999)]
    rows.append(workbook_row("SEED-0001", Task=seed.title, Description=seed.description))
    data = task_workbook(rows)

    resident_before = _resident_bytes()
    started = time.process_time()
    report = task_import_xlsx(file=data, max_bytes=20 * 1024 * 1024, lists_later=True)
    cpu = time.process_time() - started
    peak_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - resident_before

    assert report.ok, report.errors[:3]
    assert len(report.added) == len(report.for_the_lists) == 9_999
    assert ListTask.objects.count() == 100  # the lists wait for the fan-out
    # The peak of the whole process over what it held before: never less than the import's.
    assert peak_growth < 200 * 1024 * 1024, f"{peak_growth / 2**20:.0f} MB"
    # CPU time, so other load on the machine does not count; on SQLite it includes the
    # database writing the 9,999 tasks.
    assert cpu < 5.0, f"{cpu:.1f} s CPU"

    started = time.process_time()
    for part in task_lists_in_parts(size=import_jobs.LISTS_PER_PART):
        with transaction.atomic():
            task_list_add_new_catalogue_tasks(tasks=report.for_the_lists, **part)
    fan_out_cpu = time.process_time() - started
    assert ListTask.objects.count() == 100 * 10_000
    # On SQLite most of it is the in-process database writing a million entries.
    assert fan_out_cpu < 15.0, f"{fan_out_cpu:.1f} s CPU"


def _resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()
