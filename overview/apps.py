from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    name = "overview"
    verbose_name = _("Overview of schools and groups")

    def ready(self) -> None:
        # The top floor wires the plan's resources into the team's vacancies: teams sits
        # below guidelines and may not import it.
        from overview.resources import unassigned_plan_hours
        from teams.documents import set_free_hours_reader

        set_free_hours_reader(unassigned_plan_hours)
