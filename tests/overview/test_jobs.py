"""Background jobs: document exports queued in the database, run by the real db_worker,
followed on the job's page and downloaded by whoever started them, and nobody else."""

import io
import zipfile
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from overview import documents as every_document
from overview.jobs import export_documents_job
from overview.jobs import export_documents_part
from overview.jobs import start_documents_export
from schools.jobs import job_cleanup
from schools.jobs import job_part_files
from schools.models import Job
from schools.models import JobStatus
from schools.models import Membership
from schools.models import Role
from tests.factories import PersonFactory
from tests.factories import member
from tests.jobs import run_worker

pytestmark = pytest.mark.django_db

DATABASE_JOBS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_jobs(settings):
    """Jobs wait in the database for a worker, as in production."""
    settings.TASKS = DATABASE_JOBS


def zip_names(response) -> set[str]:
    return set(zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist())


@pytest.fixture
def admin_client(client, group):
    user = member(group=group, role=Role.GROUP_ADMIN)
    client.force_login(user)
    client.user = user
    return client


def test_a_group_export_waits_for_the_worker_then_offers_the_zip(
    database_jobs, admin_client, group, school, sibling_school
):
    PersonFactory(school=school, name="Tom Claes")
    started = admin_client.post(reverse("overview:group_documents", args=[group.slug]))
    job = Job.objects.get()
    assert started["Location"] == job.get_absolute_url()

    waiting = admin_client.get(job.get_absolute_url()).content.decode()
    assert "Waiting for a worker to start." in waiting
    assert 'aria-live="polite"' in waiting
    assert "js/job-progress.js" in waiting
    assert reverse("overview:job_download", args=[job.pk]) not in waiting
    assert admin_client.get(reverse("overview:job_download", args=[job.pk])).status_code == 404

    run_worker()

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (JobStatus.DONE, 2, 2)
    page = admin_client.get(job.get_absolute_url()).content.decode()
    assert "2 schools exported." in page
    assert "js/job-progress.js" not in page
    download = admin_client.get(reverse("overview:job_download", args=[job.pk]))
    assert download["Content-Type"] == "application/zip"
    assert download["Content-Disposition"].startswith("attachment;")
    names = zip_names(download)
    assert "sint-jan/role-description-tom-claes.pdf" in names
    assert {name.split("/")[0] for name in names} == {school.slug, sibling_school.slug}


def test_a_job_reports_progress_school_by_school(
    admin_client, group, school, sibling_school, monkeypatch
):
    seen = []
    original = every_document.school_documents

    def watching(*, school, language=None):
        seen.append(Job.objects.get().done)
        return original(school=school, language=language)

    monkeypatch.setattr("overview.jobs.school_documents", watching)
    admin_client.post(reverse("overview:group_documents", args=[group.slug]))
    assert seen == [0, 1]
    assert Job.objects.get().done == 2


def test_a_failing_export_says_so_and_keeps_no_file(
    admin_client, group, school, monkeypatch, caplog
):
    def broken(*, school):
        raise RuntimeError("the PDF renderer broke")

    monkeypatch.setattr(every_document, "DOCUMENT_WRITERS", [broken])
    response = admin_client.post(
        reverse("overview:group_documents", args=[group.slug]), follow=True
    )
    job = response.context["job"]
    assert job.status == JobStatus.FAILED
    assert job.result_path == ""
    page = response.content.decode()
    assert "The job failed." in page
    assert f"tell the site administrator (job {job.pk})" in page
    # The cause is in the log for the administrator, not on the page.
    assert "the PDF renderer broke" not in page
    assert "the PDF renderer broke" in caplog.text
    assert admin_client.get(reverse("overview:job_download", args=[job.pk])).status_code == 404


def test_only_whoever_started_a_job_sees_it(client, group, school, password):
    starter = member(group=group, role=Role.GROUP_ADMIN)
    colleague = member(group=group, role=Role.GROUP_ADMIN)
    job = start_documents_export(user=starter, schools=[school], group=group)
    client.force_login(colleague)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("overview:job_download", args=[job.pk])).status_code == 404
    client.force_login(starter)
    assert client.get(job.get_absolute_url()).status_code == 200
    assert client.get(reverse("overview:job_download", args=[job.pk])).status_code == 200


def test_a_job_is_gone_for_a_starter_who_lost_the_role_it_needed(client, group, school):
    starter = member(group=group, role=Role.GROUP_ADMIN)
    job = start_documents_export(user=starter, schools=[school], group=group)
    Membership.objects.filter(user=starter).update(role=Role.TEAM_MEMBER)
    client.force_login(starter)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("overview:job_download", args=[job.pk])).status_code == 404


def test_a_school_export_is_for_those_who_edit_its_team(client, school, sibling_school):
    coordinator = member(school, role=Role.ICT_COORDINATOR)
    client.force_login(coordinator)
    response = client.post(reverse("overview:school_documents", args=[school.slug]), follow=True)
    job = response.context["job"]
    assert (job.school, job.params["schools"]) == (school, [school.pk])
    assert job.result_name.startswith("sint-jan-documents-")
    assert (
        client.post(reverse("overview:school_documents", args=[sibling_school.slug])).status_code
        == 404
    )
    reader = member(school, role=Role.TEAM_MEMBER)
    client.force_login(reader)
    assert client.post(reverse("overview:school_documents", args=[school.slug])).status_code == 403
    assert client.get(job.get_absolute_url()).status_code == 404


def test_results_are_removed_a_day_after_the_job_finished(group, school):
    user = member(group=group, role=Role.GROUP_ADMIN)
    old = start_documents_export(user=user, schools=[school], group=group)
    recent = start_documents_export(user=user, schools=[school], group=group)
    assert default_storage.exists(old.result_path)
    Job.objects.filter(pk=old.pk).update(finished=timezone.now() - timedelta(hours=25))

    assert job_cleanup() == 1

    assert not Job.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(old.result_path)
    assert default_storage.exists(recent.result_path)


def test_starting_a_job_cleans_up_the_expired_ones(group, school):
    user = member(group=group, role=Role.GROUP_ADMIN)
    path = default_storage.save("job-results/old/old.zip", ContentFile(b"zip"))
    Job.objects.create(
        user=user,
        kind="documents",
        title="Old",
        status=JobStatus.DONE,
        result_path=path,
        finished=timezone.now() - timedelta(days=2),
    )
    start_documents_export(user=user, schools=[school], group=group)
    assert Job.objects.count() == 1
    assert not default_storage.exists(path)


def test_export_documents_can_enqueue_a_job_for_a_user(database_jobs, group, school):
    user = member(group=group, role=Role.GROUP_ADMIN)
    out = StringIO()
    call_command("export_documents", "--all", "--background", "--user", user.username, stdout=out)
    job = Job.objects.get()
    assert f"Enqueued job {job.pk} for 1 schools" in out.getvalue()
    assert (job.user, job.status) == (user, JobStatus.QUEUED)
    run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert default_storage.exists(job.result_path)


def test_a_job_the_queue_refuses_fails_with_a_reason_instead_of_an_error_page(
    admin_client, group, school, monkeypatch, caplog
):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(type(export_documents_job), "enqueue", unreachable)
    response = admin_client.post(
        reverse("overview:group_documents", args=[group.slug]), follow=True
    )
    job = response.context["job"]
    assert (job.status, job.result_path) == (JobStatus.FAILED, "")
    assert "the job service does not answer" in response.content.decode()
    assert "Redis is down" in caplog.text


def test_a_group_export_is_split_into_one_part_per_school_for_the_workers(
    database_jobs, admin_client, group, school, sibling_school
):
    from django_tasks_db.models import DBTaskResult

    admin_client.post(reverse("overview:group_documents", args=[group.slug]))
    job = Job.objects.get()
    run_worker()

    paths = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == [
        "overview.jobs.export_documents_job",
        "overview.jobs.export_documents_part",
        "overview.jobs.export_documents_part",
    ]
    job.refresh_from_db()
    assert (job.status, job.done, job.parts_pending) == (JobStatus.DONE, 2, -1)
    # What the parts kept is gone once the zip is made.
    assert job_part_files(job=job) == []


def test_parts_finishing_in_any_order_make_one_zip_in_the_chosen_order(
    group, school, sibling_school
):
    user = member(group=group, role=Role.GROUP_ADMIN)
    job = Job.objects.create(
        user=user,
        kind="documents",
        title="In parts",
        group=group,
        status=JobStatus.RUNNING,
        total=2,
        parts_pending=2,
        params={"schools": [sibling_school.pk, school.pk], "filename": "parts.zip"},
    )
    export_documents_part.call(job.pk, 1)
    job.refresh_from_db()
    assert (job.status, job.done, job.result_path) == (JobStatus.RUNNING, 1, "")

    export_documents_part.call(job.pk, 0)

    job.refresh_from_db()
    assert (job.status, job.done, job.summary) == (JobStatus.DONE, 2, "2 schools exported.")
    with default_storage.open(job.result_path, "rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    folders = list(dict.fromkeys(name.split("/")[0] for name in names))
    assert folders == [sibling_school.slug, school.slug]


def test_a_part_that_fails_fails_the_job_and_keeps_nothing(
    admin_client, group, school, sibling_school, monkeypatch, caplog
):
    original = every_document.school_documents

    def broken_for_one(*, school, language=None):
        # The second school of the export (by name): the first one's part is kept by then.
        if school.slug == "sint-jan":
            raise RuntimeError("the PDF renderer broke")
        return original(school=school, language=language)

    monkeypatch.setattr("overview.jobs.school_documents", broken_for_one)
    response = admin_client.post(
        reverse("overview:group_documents", args=[group.slug]), follow=True
    )
    job = response.context["job"]
    assert (job.status, job.result_path) == (JobStatus.FAILED, "")
    assert f"tell the site administrator (job {job.pk})" in response.content.decode()
    assert "the PDF renderer broke" in caplog.text
    assert job_part_files(job=job) == []


def test_cleanup_removes_what_the_parts_of_an_unfinished_old_job_kept(group, school):
    user = member(group=group, role=Role.GROUP_ADMIN)
    old = Job.objects.create(
        user=user,
        kind="documents",
        title="Stopped in the middle",
        status=JobStatus.FAILED,
        finished=timezone.now() - timedelta(days=2),
    )
    path = default_storage.save(f"job-parts/{old.pk}/00000.zip", ContentFile(b"zip"))

    assert job_cleanup() == 1

    assert not default_storage.exists(path)
