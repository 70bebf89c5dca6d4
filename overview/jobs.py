"""Document exports as background jobs: every document of one school, a group or a choice
of schools, zipped on a worker with a folder per school, progress school by school.

Started by the group's and the school's export buttons, the admin's bulk action and
``export_documents --background``; shown by ``overview.views.job_detail``.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from overview.documents import school_documents
from schools.access import CAN_ADMINISTER_GROUP, CAN_EDIT_TEAM
from schools.jobs import JobResult, job_progress, job_roles, job_run, job_start
from schools.models import Job, JobKind, School, SchoolGroup

# Documents are written to a temporary file past this size, not kept in memory.
SPOOL_BYTES = 8 * 1024 * 1024


def _export(job: Job) -> JobResult:
    ids = job.params["schools"]
    by_id = School.objects.select_related("group").in_bulk(ids)
    # Schools removed since the job started are left out; the rest keep the chosen order.
    schools = [by_id[pk] for pk in ids if pk in by_id]
    # Closed by job_run once the zip is in the storage.
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, school in enumerate(schools, start=1):
            # The language the export asked for, else each school's documents language.
            language = job.params.get("documents_language") or school.documents_language
            for name, content in school_documents(school=school, language=language):
                archive.writestr(f"{school.slug}/{name}", content)
            job_progress(job=job, done=done)
    spool.seek(0)
    return JobResult(
        content=spool,
        filename=job.params["filename"],
        summary=ngettext("%(count)d school exported.", "%(count)d schools exported.", len(schools))
        % {"count": len(schools)},
    )


@task()
def export_documents_job(job_id: int) -> None:
    job_run(job_id=job_id, work=_export)


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
