"""The Redis job backend, for groups that outgrow one machine: a documents export queued in
Redis and run by RQ's worker. Runs where REDIS_URL names a server (.ci/run starts one)."""

import io
import zipfile
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from overview.jobs import export_documents_job
from schools.jobs import job_start
from schools.models import Job, JobKind, JobStatus, Role
from tests.factories import PersonFactory, member

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


def test_a_documents_export_runs_through_redis_and_rq(group, school):
    PersonFactory(school=school, name="Tom Claes")
    user = member(group=group, role=Role.GROUP_ADMIN)
    job = job_start(
        user=user,
        kind=JobKind.DOCUMENTS,
        title="Through Redis",
        task=export_documents_job.using(backend="redis"),
        group=group,
        params={"schools": [school.pk], "filename": "redis.zip", "roles": [Role.GROUP_ADMIN]},
        total=1,
    )
    assert job.status == JobStatus.QUEUED

    # RQ's own worker, in this process (no fork), so it sees the test's database.
    call_command(
        "rqworker",
        "--burst",
        "--worker-class",
        "rq.worker.SimpleWorker",
        "--job-class",
        "django_tasks_rq.Job",
        "default",
        stdout=StringIO(),
    )

    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.DONE, job.error
    with default_storage.open(job.result_path, "rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert "sint-jan/role-description-tom-claes.pdf" in names
