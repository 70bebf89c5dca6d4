from django.core.management.base import BaseCommand

from overview.demo import DEMO_PASSWORD
from overview.demo import seed_demo


class Command(BaseCommand):
    help = "Create or refresh the demo school groups, schools, users and their data."

    def handle(self, *args, **options) -> None:
        logins = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at http://127.0.0.1:8000/"))
        self.stdout.write(f"Every demo user's password: {DEMO_PASSWORD}")
        width = max(len(login.username) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.username.ljust(width)}  {login.role:<16} {login.where}")
