from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.core.management.base import CommandParser

from tasks.management.commands.import_tasks import add_owner_arguments
from tasks.management.commands.import_tasks import owner_from_options
from tasks.workbook import task_export_xlsx


class Command(BaseCommand):
    help = (
        "Export the active task catalogue as a task workbook (.xlsx), or with --school/--group "
        "that task list with its choices."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Where to write the .xlsx workbook.")
        add_owner_arguments(parser)
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="The workbook's language (headers, labels, legend, texts); the site's default "
            "by default. Either language imports anywhere.",
        )

    def handle(self, *args, **options) -> None:
        owner = owner_from_options(options)
        path = Path(options["path"])
        try:
            path.write_bytes(task_export_xlsx(owner=owner, language=options["language"]))
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror}") from None
        what = owner.name if owner else "the catalogue"
        self.stdout.write(self.style.SUCCESS(f"Exported {what} to {path}."))
