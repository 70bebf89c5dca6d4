"""Enqueue today's reminder e-mails (for cron: once a day is enough)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from years.jobs import enqueue_reminders


class Command(BaseCommand):
    help = (
        "Enqueue the reminders due (step 8's regular evaluation, action items past their "
        "date, for schools and group-led plans) as background jobs that e-mail each school's "
        "leaders and ICT coordinators (a group's admins and ICT coordinators), "
        "each reminder once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address for the links in the e-mails, e.g. https://ictteam.example",
        )

    def handle(self, *args, base_url: str, **options):
        count = enqueue_reminders(today=timezone.localdate(), base_url=base_url)
        self.stdout.write(f"{count} school(s) and group(s) with reminders enqueued.")
