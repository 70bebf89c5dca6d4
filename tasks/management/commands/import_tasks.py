from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.core.management.base import CommandParser

from schools.models import School
from schools.models import SchoolGroup
from tasks.importer import ImportReport
from tasks.importer import task_import_xlsx


def owner_from_options(options: dict) -> School | SchoolGroup | None:
    """The school or group named by --school or --group, or None for the catalogue."""
    if options.get("school"):
        try:
            return School.objects.get(slug=options["school"])
        except School.DoesNotExist:
            raise CommandError(f"No school with the slug {options['school']!r}.") from None
    if options.get("group"):
        try:
            return SchoolGroup.objects.get(slug=options["group"])
        except SchoolGroup.DoesNotExist:
            raise CommandError(f"No school group with the slug {options['group']!r}.") from None
    return None


def add_owner_arguments(parser: CommandParser) -> None:
    owner = parser.add_mutually_exclusive_group()
    owner.add_argument("--school", metavar="SLUG", help="A school's task list, not the catalogue.")
    owner.add_argument("--group", metavar="SLUG", help="A group's task list, not the catalogue.")


class Command(BaseCommand):
    help = (
        "Import a task workbook (.xlsx) into the shared catalogue, or with --school/--group "
        "into that task list. Nothing is written when the workbook has any error."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The .xlsx workbook to import.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, but write nothing."
        )
        add_owner_arguments(parser)

    def handle(self, *args, **options) -> None:
        owner = owner_from_options(options)
        report = task_import_xlsx(file=options["path"], owner=owner, dry_run=options["dry_run"])
        for warning in report.warnings:
            self.stderr.write(f"Warning: {warning}")
        if not report.ok:
            lines = [f"{options['path']}: not imported, nothing was changed."]
            lines += [f"  {error}" for error in report.errors]
            if report.errors_truncated:
                lines.append(f"  ... and more: only the first {len(report.errors)} are shown.")
            raise CommandError("\n".join(lines))
        self._print(report)

    def _print(self, report: ImportReport) -> None:
        verb = "Would import" if report.dry_run else "Imported"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {report.target}: {report.summary()}.")
            + (" Dry run: nothing was written." if report.dry_run else "")
        )
        for outcome in ("added", "changed", "retired"):
            codes = getattr(report, outcome)
            if codes:
                self.stdout.write(f"  {outcome}: {', '.join(codes)}")
