"""Large catalogue imports as background jobs, and their fan-out to the task lists.

A catalogue of thousands of tasks reaches every list of every school (a hundred schools:
a million list entries). The confirmed import runs on a worker in two steps:

1. the catalogue itself, all or nothing, in one transaction (``task_import_xlsx`` with
   ``lists_later``): new tasks, revisions, retirements and the *changed* and *retired*
   marks on the lists. A job that fails here imported nothing, and the upload waits (a
   day) to be confirmed again;
2. the **fan-out** of the new tasks to the lists, split over the workers
   (``schools.jobs.job_split``): one part per ``LISTS_PER_PART`` lists, each part one
   transaction with its set-based statements (``task_list_add_new_catalogue_tasks``).
   A part skips the entries that are there already, so a part run twice, or a list
   started meanwhile (which takes every active task), changes nothing. The job's page
   counts the lists that have the new tasks; a part that fails says so, and the job can
   be run again (``catalogue_fan_out_retry``): the lists that have them keep them.

A smaller import (``IMPORT_IN_REQUEST_ROWS``) runs in the request, lists included, in its
one transaction: the few thousand entries take well under a second, and the superuser
sees every list complete as soon as the page answers, with no worker needed.
"""

from __future__ import annotations

import logging

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from schools.jobs import JobFailed
from schools.jobs import JobResult
from schools.jobs import job_advance
from schools.jobs import job_part_run
from schools.jobs import job_retry
from schools.jobs import job_run
from schools.jobs import job_split
from schools.jobs import job_start
from schools.models import Job
from schools.models import JobKind
from schools.models import JobStatus
from schools.workbooks import pending_discard
from schools.workbooks import pending_gone
from schools.workbooks import pending_load
from tasks.importer import task_import_xlsx
from tasks.services import task_list_add_new_catalogue_tasks
from tasks.services import task_lists_in_parts

logger = logging.getLogger(__name__)

# A confirmed catalogue import of more rows than this runs as a job.
IMPORT_IN_REQUEST_ROWS = 500
# Lists per part of the fan-out: 10,000 new tasks make 100,000 entries a part, a few
# seconds of one worker; a hundred schools make eleven parts to spread over the workers.
LISTS_PER_PART = 10


def _import(job: Job, *, backend: str) -> JobResult | None:
    pending = pending_load(token=job.params["token"], purpose=job.params["purpose"])
    if pending is None:
        raise JobFailed(pending_gone())
    report = task_import_xlsx(file=pending.data, lists_later=True)
    if not report.ok:
        problems = "; ".join(str(issue) for issue in report.errors[:5])
        raise JobFailed(_("Nothing was imported: %(problems)s") % {"problems": problems})
    pending_discard(pending)
    # The catalogue is whole and committed: what is left is idempotent.
    Job.objects.filter(pk=job.pk).update(
        params={
            **job.params,
            "imported": _("Imported %(file)s: %(summary)s.")
            % {"file": pending.name, "summary": report.summary()},
            "for_the_lists": report.for_the_lists,
        }
    )
    job.refresh_from_db()
    return _fan_out(job, backend=backend)


def _fan_out(job: Job, *, backend: str) -> JobResult | None:
    """Split the fan-out over the workers; the import's summary at once if there is none.

    The catalogue is committed by now: a failure here says so, and the fan-out may run
    again, rather than the message of a job that changed nothing.
    """
    try:
        return _split_fan_out(job, backend=backend)
    except Exception as exc:
        logger.exception("Job %s (%s) could not split its fan-out", job.pk, job.kind)
        raise JobFailed(_fan_out_failed(job)) from exc


def _split_fan_out(job: Job, *, backend: str) -> JobResult | None:
    parts = task_lists_in_parts(size=LISTS_PER_PART) if job.params["for_the_lists"] else []
    if not parts:
        return JobResult(summary=job.params["imported"])
    lists = sum(len(part["schools"]) + len(part["groups"]) for part in parts)
    job.params = {**job.params, "lists": parts}
    job.total, job.done = lists, 0
    Job.objects.filter(pk=job.pk).update(params=job.params, total=lists, done=0)
    job_split(job=job, parts=len(parts), task=catalogue_fan_out_part, backend=backend)
    return None


def _fan_out_part(job: Job, index: int) -> None:
    part = job.params["lists"][index]
    with transaction.atomic():
        task_list_add_new_catalogue_tasks(
            tasks=job.params["for_the_lists"], schools=part["schools"], groups=part["groups"]
        )
    # Counted once its entries are committed.
    job_advance(job=job, by=len(part["schools"]) + len(part["groups"]))


def _fan_out_done(job: Job) -> JobResult:
    return JobResult(
        summary=_("%(imported)s The new tasks are on every list (%(lists)d).")
        % {"imported": job.params["imported"], "lists": job.total}
    )


def _fan_out_failed(job: Job) -> str:
    return _(
        "The catalogue is imported, but adding its new tasks to the task lists stopped "
        "with an unexpected error (job %(id)d). The lists that have them keep them; run it "
        "again to add them to the others."
    ) % {"id": job.pk}


@task(takes_context=True)
def import_catalogue_job(context, job_id: int) -> None:
    backend = context.task_result.backend
    job_run(job_id=job_id, work=lambda job: _import(job, backend=backend))


@task(takes_context=True)
def catalogue_fan_out_job(context, job_id: int) -> None:
    """The fan-out alone, run again after a part failed."""
    backend = context.task_result.backend
    job_run(job_id=job_id, work=lambda job: _fan_out(job, backend=backend))


@task()
def catalogue_fan_out_part(job_id: int, index: int) -> None:
    job_part_run(
        job_id=job_id,
        index=index,
        work=_fan_out_part,
        collect=_fan_out_done,
        failure=_fan_out_failed,
    )


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


def fan_out_can_retry(job: Job) -> bool:
    """Whether a failed catalogue import got as far as its fan-out, which may run again."""
    return (
        job.kind == JobKind.CATALOGUE_IMPORT
        and job.status == JobStatus.FAILED
        and "for_the_lists" in job.params
    )


def retry_catalogue_fan_out(*, job: Job) -> None:
    """Run a failed fan-out again: every list gets the new tasks it does not have yet."""
    if fan_out_can_retry(job):
        job_retry(job=job, task=catalogue_fan_out_job)
