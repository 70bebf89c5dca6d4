"""Document exports as background jobs: every document of one school, a group or a choice
of schools, zipped with a folder per school, progress school by school.

The export is split over the workers (``schools.jobs.job_split``): one part per school,
so that every free worker renders a school's documents (WeasyPrint keeps one core busy
for seconds a school) and two workers take half the time of one. Each part keeps its
school's documents in the storage, uncompressed (the PDFs compress themselves); the
last part to finish writes the zip in the schools' order.

Started by the group's and the school's export buttons, the admin's bulk action and
``export_documents --background``; shown by ``overview.views.job_detail``.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from overview.documents import school_documents
from schools.access import CAN_ADMINISTER_GROUP
from schools.access import CAN_EDIT_TEAM
from schools.jobs import JobResult
from schools.jobs import job_advance
from schools.jobs import job_part_files
from schools.jobs import job_part_path
from schools.jobs import job_part_run
from schools.jobs import job_roles
from schools.jobs import job_run
from schools.jobs import job_split
from schools.jobs import job_start
from schools.models import Job
from schools.models import JobKind
from schools.models import School
from schools.models import SchoolGroup

# Documents are written to a temporary file past this size, not kept in memory.
SPOOL_BYTES = 8 * 1024 * 1024


def _export_school(job: Job, index: int) -> None:
    """Part ``index``: every document of the job's ``index``-th school, kept as a zip."""
    school = School.objects.select_related("group").filter(pk=job.params["schools"][index]).first()
    if school is None:
        # Removed since the job started: left out, and counted as done.
        job_advance(job=job)
        return
    # The language the export asked for, else the school's documents language.
    language = job.params.get("documents_language") or school.documents_language
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as part:
        for name, content in school_documents(school=school, language=language):
            part.writestr(f"{school.slug}/{name}", content)
    path = job_part_path(job=job, index=index, extension="zip")
    default_storage.delete(path)  # a part run again replaces what it kept
    default_storage.save(path, ContentFile(buffer.getvalue()))
    job_advance(job=job)


def _collect(job: Job) -> JobResult:
    """The zip of every part's documents, in the order the schools were chosen."""
    # Closed by job_run once the zip is in the storage.
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    exported = 0
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in job_part_files(job=job):
            with default_storage.open(path, "rb") as handle, zipfile.ZipFile(handle) as part:
                for name in part.namelist():
                    archive.writestr(name, part.read(name))
            exported += 1
    spool.seek(0)
    return JobResult(
        content=spool,
        filename=job.params["filename"],
        summary=ngettext("%(count)d school exported.", "%(count)d schools exported.", exported)
        % {"count": exported},
    )


@task(takes_context=True)
def export_documents_job(context, job_id: int) -> None:
    """Start an export: one part task per school, on the backend this task runs on."""

    def split(job: Job) -> JobResult | None:
        if not job.params["schools"]:
            return _collect(job)  # nothing to split: an empty zip at once
        job_split(
            job=job,
            parts=len(job.params["schools"]),
            task=export_documents_part,
            backend=context.task_result.backend,
        )
        return None

    job_run(job_id=job_id, work=split)


@task()
def export_documents_part(job_id: int, index: int) -> None:
    job_part_run(job_id=job_id, index=index, work=_export_school, collect=_collect)


def start_documents_export(
    *,
    user: AbstractBaseUser,
    schools: Iterable[School],
    school: School | None = None,
    group: SchoolGroup | None = None,
    language: str | None = None,
) -> Job:
    """Enqueue the export of every document of the schools; the job to follow.

    ``school`` or ``group`` names what the export is of (a school's own export, a group's);
    without either (the admin's choice of schools), the job lists the schools. Whoever
    follows the job must keep the role the export needs on each (``schools.jobs``).
    """
    schools = list(schools)
    today = timezone.localdate()
    if school is not None:
        title = _("Documents of %(school)s") % {"school": school.name}
        filename = f"{school.slug}-documents-{today:%Y-%m-%d}.zip"
        roles = CAN_EDIT_TEAM
    elif group is not None:
        title = _("Documents of every school of %(group)s") % {"group": group.name}
        filename = f"documents-{group.slug}-{today:%Y-%m-%d}.zip"
        roles = CAN_ADMINISTER_GROUP
    else:
        title = ngettext(
            "Documents of %(count)d school", "Documents of %(count)d schools", len(schools)
        ) % {"count": len(schools)}
        filename = f"ictteam-documents-{today:%Y-%m-%d}.zip"
        roles = CAN_EDIT_TEAM
    return job_start(
        user=user,
        kind=JobKind.DOCUMENTS,
        title=title,
        task=export_documents_job,
        school=school,
        group=group,
        params={
            "schools": [each.pk for each in schools],
            "filename": filename,
            "roles": job_roles(roles),
            # Not "language": that is the language of the job's own messages (job_start).
            "documents_language": language,
        },
        total=len(schools),
    )
