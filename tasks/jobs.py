"""Large catalogue imports as background jobs.

A catalogue of thousands of tasks reaches every list of every school (a hundred schools:
a million list entries): the confirmed import runs on a worker and the superuser who
confirmed it follows it on the job's page. The import itself is the same
``task_import_xlsx``, all or nothing: a job that fails imported nothing, and the upload
waits (a day) to be confirmed again.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.translation import gettext as _
from django_tasks import task

from schools.jobs import JobFailed, JobResult, job_run, job_start
from schools.models import Job, JobKind
from schools.workbooks import pending_discard, pending_load
from tasks.importer import task_import_xlsx

# A confirmed catalogue import of more rows than this runs as a job.
IMPORT_IN_REQUEST_ROWS = 500


def _import(job: Job) -> JobResult:
    pending = pending_load(token=job.params["token"], purpose=job.params["purpose"])
    if pending is None:
        raise JobFailed(_("That upload is no longer waiting; upload the file again."))
    report = task_import_xlsx(file=pending.data)
    if not report.ok:
        problems = "; ".join(str(issue) for issue in report.errors[:5])
        raise JobFailed(_("Nothing was imported: %(problems)s") % {"problems": problems})
    pending_discard(pending)
    return JobResult(
        summary=_("Imported %(file)s: %(summary)s.")
        % {"file": pending.name, "summary": report.summary()}
    )


@task()
def import_catalogue_job(job_id: int) -> None:
    job_run(job_id=job_id, work=_import)


def start_catalogue_import(*, user: AbstractBaseUser, token: str, purpose: str, name: str) -> Job:
    """Enqueue the import of a confirmed upload into the catalogue; the job to follow."""
    return job_start(
        user=user,
        kind=JobKind.CATALOGUE_IMPORT,
        title=_("Catalogue import of %(file)s") % {"file": name},
        task=import_catalogue_job,
        params={"token": token, "purpose": purpose, "superuser": True},
        total=1,
    )
