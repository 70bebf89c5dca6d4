"""The Redis job backend, for groups that outgrow one machine: a documents export queued in
Redis and run by RQ's worker. Runs where REDIS_URL names a server (.ci/run starts one)."""

import io
import zipfile

import django_rq
import pytest
from django.core.files.storage import default_storage
from django_tasks_rq import Job as RQJob
from rq.worker import SimpleWorker

from overview.jobs import export_documents_job
from schools.jobs import job_start
from schools.models import Job
from schools.models import JobKind
from schools.models import JobStatus
from schools.models import Role
from tests.factories import PersonFactory
from tests.factories import member

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

    # RQ's worker in this process (no fork, and not the rqworker command, which closes
    # the database connections the test's transaction lives in); .ci/run's smoke test
    # runs the real `rqworker` command.
    queue = django_rq.get_queue("default", job_class=RQJob)
    worker = SimpleWorker([queue], connection=queue.connection, job_class=RQJob)
    assert worker.work(burst=True)

    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.DONE, job.error
    with default_storage.open(job.result_path, "rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert "sint-jan/role-description-tom-claes.pdf" in names
