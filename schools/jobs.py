"""Background jobs: the record a page shows while a worker runs the work, and its result.

A job is started in a request (``job_start``: the ``Job`` row, then the work enqueued on
Django's Tasks API, whose backend settings.TASKS chooses) and run by a worker
(``job_run``: marks it running, lets the work report progress, keeps the result file in
the default storage, or records why it failed). Every app defines its work as a task
taking the job's id; the pages that show a job are the top floor's (``overview``).

A job too big for one worker splits itself (``job_split``): its task enqueues one part
task per share of the work, every free worker takes one, each part keeps what it made
in the storage (``job_part_path``) and reports progress, and the last part to finish
collects the result (``job_part_run``). Two workers then halve the time of a group's
export instead of one of them doing it all.

Results are kept for ``settings.JOB_RESULT_MAX_AGE_HOURS`` and removed, with their
job, by ``job_cleanup`` whenever a new job starts.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import IO
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _

from schools.access import has_role
from schools.documents import file_slug
from schools.models import Job
from schools.models import JobStatus
from schools.models import School
from schools.models import SchoolGroup

if TYPE_CHECKING:
    from schools.access import AnyUser

logger = logging.getLogger(__name__)

RESULT_FOLDER = "job-results"
# What the parts of a split job made, until the last part collects it.
PARTS_FOLDER = "job-parts"


@dataclass(frozen=True)
class JobResult:
    """What a job's work hands back: a file to offer, and/or a line saying what it did."""

    content: bytes | IO[bytes] | None = None
    filename: str = ""
    summary: str = ""


class JobFailed(Exception):
    """The work refuses, with a message for the user (as opposed to a crash)."""


def job_start(
    *,
    user: AbstractBaseUser,
    kind: str,
    title: str,
    task,
    school: School | None = None,
    group: SchoolGroup | None = None,
    params: dict | None = None,
    total: int = 0,
) -> Job:
    """Record a job and enqueue ``task`` (a Tasks API task taking the job id) to run it."""
    job_cleanup()
    job = Job(
        user=user,
        kind=kind,
        title=title[:200],
        school=school,
        group=group,
        # The worker writes the job's messages in the language of whoever started it.
        params={"language": translation.get_language(), **(params or {})},
        total=total,
    )
    job.full_clean()
    job.save()
    try:
        task.enqueue(job.pk)
    except Exception:
        # The queue does not answer (Redis down): the job's page says so, nothing is lost.
        logger.exception("Job %s (%s) could not be queued", job.pk, job.kind)
        message = _(
            "The job could not be queued: the job service does not answer. Try again later."
        )
        _finish(job, status=JobStatus.FAILED, error=message)
    # The immediate backend has already run it: read what it wrote.
    job.refresh_from_db()
    return job


def job_progress(*, job: Job, done: int) -> None:
    """Report that ``done`` of the job's ``total`` steps are finished."""
    job.done = min(done, job.total)
    Job.objects.filter(pk=job.pk).update(done=job.done)


def job_advance(*, job: Job, by: int = 1) -> None:
    """Report ``by`` more steps finished, by a part running beside others (one update,
    so that parts on different workers never overwrite each other's count)."""
    Job.objects.filter(pk=job.pk).update(done=F("done") + by)


def job_run(*, job_id: int, work: Callable[[Job], JobResult | None]) -> None:
    """Run a job's work on a worker: its status, its result file, or why it failed.

    The work runs in its own transaction where it writes (an import), so a failure
    changes nothing; the job records the reason and the user sees it.
    """
    job = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).first()
    if job is None:
        # Cleaned up, or already taken by another worker: nothing to do.
        return
    taken = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(status=JobStatus.RUNNING)
    if not taken:
        return
    job.status = JobStatus.RUNNING
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        _run(job, work)


def _run(job: Job, work: Callable[[Job], JobResult | None]) -> None:
    try:
        result = work(job)
        if result is None:
            # Split into parts (job_split): the last part to finish finishes the job.
            return
        if result.content is not None:
            _keep_result(job, result)
    except JobFailed as refused:
        _finish(job, status=JobStatus.FAILED, error=str(refused))
        return
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _fail(job)
        return
    _finish(job, status=JobStatus.DONE, summary=result.summary, done=job.total)


def job_split(*, job: Job, parts: int, task, backend: str) -> None:
    """Hand a running job's work to ``parts`` part tasks, on the job's own backend.

    ``task`` takes the job id and the part's index (0 to ``parts`` - 1) and runs
    ``job_part_run``. The job's own work returns ``None`` after this: the job is not
    finished until its last part is. Every part is counted before the first one is
    queued, since a backend may run it at once (the immediate one does).
    """
    Job.objects.filter(pk=job.pk).update(parts_pending=parts)
    for index in range(parts):
        task.using(backend=backend).enqueue(job.pk, index)


def job_part_path(*, job: Job, index: int, extension: str) -> str:
    """Where part ``index`` of a split job keeps what it made, in the default storage."""
    return f"{PARTS_FOLDER}/{job.pk}/{index:05d}.{extension}"


def job_part_files(*, job: Job) -> list[str]:
    """The files the parts of a split job kept, in the order of their index."""
    folder = f"{PARTS_FOLDER}/{job.pk}"
    try:
        _folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    return [f"{folder}/{name}" for name in sorted(files)]


def _delete_parts(job: Job) -> None:
    for path in job_part_files(job=job):
        try:
            default_storage.delete(path)
        except OSError:
            logger.warning("Could not delete %s", path)


def job_part_run(
    *,
    job_id: int,
    index: int,
    work: Callable[[Job, int], None],
    collect: Callable[[Job], JobResult],
    failure: Callable[[Job], str] | None = None,
) -> None:
    """Run part ``index`` of a split job on a worker; the last part collects the result.

    A part that fails fails the job, with the same message as any job or the one
    ``failure`` gives (when a failed part leaves something changed); the parts still
    running see that and stop, and what the parts kept is removed.
    """
    job = Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).first()
    if job is None:
        # Failed in another part, or cleaned up: nothing to do.
        return
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        try:
            work(job, index)
        except Exception:
            logger.exception("Job %s (%s) failed in part %s", job.pk, job.kind, index)
            if failure is None:
                _fail(job)
            else:
                _finish(job, status=JobStatus.FAILED, error=failure(job))
            _delete_parts(job)
            return
        Job.objects.filter(pk=job.pk).update(parts_pending=F("parts_pending") - 1)
        # One UPDATE decides which part collects: only one finds 0 still pending.
        last = Job.objects.filter(pk=job.pk, parts_pending=0, status=JobStatus.RUNNING).update(
            parts_pending=-1
        )
        if not last:
            if not Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).exists():
                _delete_parts(job)  # the job failed meanwhile: keep nothing
            return
        try:
            _run(job, collect)
        finally:
            _delete_parts(job)


def job_retry(*, job: Job, task) -> None:
    """Queue a failed job again from the start, for work that may safely run twice (each
    of its parts skips what an earlier run did); the job's page follows it again."""
    again = Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED, error="", finished=None, done=0, parts_pending=0
    )
    if not again:
        return
    try:
        task.enqueue(job.pk)
    except Exception:
        logger.exception("Job %s (%s) could not be queued again", job.pk, job.kind)
        _finish(
            job,
            status=JobStatus.FAILED,
            error=_(
                "The job could not be queued: the job service does not answer. Try again later."
            ),
        )


def _fail(job: Job) -> None:
    _finish(
        job,
        status=JobStatus.FAILED,
        error=_(
            "An unexpected error stopped the job; nothing was changed. Try again; "
            "if it fails again, tell the site administrator (job %(id)d)."
        )
        % {"id": job.pk},
    )


def _keep_result(job: Job, result: JobResult) -> None:
    """Save the result file under an unguessable folder; a spooled file is closed after."""
    stem, dot, extension = result.filename.rpartition(".")
    job.result_name = f"{file_slug(stem or extension, 'result')}.{extension if dot else 'bin'}"
    content = result.content
    try:
        job.result_path = default_storage.save(
            f"{RESULT_FOLDER}/{secrets.token_urlsafe(24)}/{job.result_name}",
            ContentFile(content) if isinstance(content, bytes) else File(content),
        )
    finally:
        if not isinstance(content, bytes):
            content.close()


def _finish(
    job: Job, *, status: str, error: str = "", summary: str = "", done: int | None = None
) -> None:
    job.status = status
    job.error = error
    job.summary = summary
    job.finished = timezone.now()
    if done is not None:
        job.done = done
    Job.objects.filter(pk=job.pk).update(
        status=status,
        error=error,
        summary=summary,
        finished=job.finished,
        result_path=job.result_path,
        result_name=job.result_name,
        done=F("done") if done is None else done,
    )


def job_cleanup(*, now=None) -> int:
    """Delete the jobs finished longer ago than results are kept, with their files."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.JOB_RESULT_MAX_AGE_HOURS)
    old = list(Job.objects.filter(finished__lt=cutoff).only("pk", "result_path"))
    for job in old:
        _delete_parts(job)  # left by a worker that stopped in the middle
        if job.result_path:
            try:
                default_storage.delete(job.result_path)
            except OSError:
                logger.warning("Could not delete %s", job.result_path)
    Job.objects.filter(pk__in=[job.pk for job in old]).delete()
    return len(old)


def job_visible(user: AnyUser, job: Job) -> bool:
    """Whether the user may see the job: they started it and may still do what it does."""
    if not user.is_authenticated or job.user_id != user.pk:
        return False
    if job.params.get("superuser") and not user.is_superuser:
        return False
    allowed = job.params.get("roles")
    if allowed is None:
        return True
    if job.school_id is not None and not has_role(user, job.school, allowed):
        return False
    if job.group_id is not None and not has_role(user, job.group, allowed):
        return False
    school_ids = job.params.get("schools")
    if school_ids:
        # A school removed since no longer counts; every other one still must allow it.
        schools = School.objects.filter(pk__in=school_ids).select_related("group")
        return all(has_role(user, school, allowed) for school in schools)
    return True


def get_job_or_404(user: AnyUser, pk: int) -> Job:
    """The user's job by id; 404 alike for a missing job and another's."""
    job = Job.objects.select_related("school__group", "group").filter(pk=pk).first()
    if job is None or not job_visible(user, job):
        raise Http404
    return job


def job_roles(roles: Iterable[str]) -> list[str]:
    """The role set a job's viewer must keep, as stored in its params."""
    return sorted(roles)
