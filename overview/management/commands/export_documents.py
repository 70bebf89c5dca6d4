"""``export_documents``: every team document of one school or of all schools, to a folder.

For bulk use by school groups: a subfolder per school slug with a role description PDF
per person, the vacancy PDFs, team-overview.pdf and division-of-tasks.xlsx (and whatever
else ``overview.documents.DOCUMENT_WRITERS`` lists). The documents are in ``--language``,
or else in each school's own documents language (``School.documents_language``).

With ``--background --user NAME`` it writes nothing itself: it enqueues a job that zips
the documents on a worker, for that user to download from the job's page.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.core.management.base import CommandParser

from overview.documents import export_school_documents
from overview.jobs import start_documents_export
from schools.models import School


class Command(BaseCommand):
    help = "Write every team document of a school (--school SLUG) or of all schools (--all)."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--school", metavar="SLUG", help="The slug of one school.")
        which.add_argument("--all", action="store_true", help="Every school.")
        parser.add_argument("--out", metavar="DIR", help="Folder to write the documents into.")
        parser.add_argument(
            "--background",
            action="store_true",
            help="Enqueue a job that zips the documents on a worker (needs --user).",
        )
        parser.add_argument(
            "--user", metavar="USERNAME", help="Who may follow and download the job."
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="The documents' language; by default each school's own documents language.",
        )

    def handle(self, *args, **options) -> None:
        school = options["school"]
        if options["all"]:
            schools = list(School.objects.select_related("group").order_by("slug"))
        else:
            schools = list(School.objects.select_related("group").filter(slug=school))
            if not schools:
                raise CommandError(f"No school with slug “{school}”.")
        if options["background"]:
            self._enqueue(
                schools,
                options["user"],
                one=None if options["all"] else schools[0],
                language=options["language"],
            )
            return
        if not options["out"]:
            raise CommandError("Give --out DIR, or --background to enqueue a job.")
        folder = Path(options["out"])
        total = 0
        for each in schools:
            try:
                written = export_school_documents(
                    school=each, out=folder, language=options["language"]
                )
            except OSError as exc:
                raise CommandError(f"Cannot write to {folder}: {exc.strerror}") from None
            total += len(written)
            self.stdout.write(f"{each.slug}: {len(written)} documents")
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {total} documents for {len(schools)} schools to {folder}.")
        )

    def _enqueue(
        self,
        schools: list[School],
        username: str | None,
        *,
        one: School | None,
        language: str | None,
    ) -> None:
        if not username:
            raise CommandError("--background needs --user: the job is theirs to download.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user “{username}”.")
        job = start_documents_export(user=user, schools=schools, school=one, language=language)
        self.stdout.write(
            self.style.SUCCESS(
                f"Enqueued job {job.pk} for {len(schools)} schools: {job.get_absolute_url()}"
            )
        )
