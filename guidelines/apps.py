from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidelinesConfig(AppConfig):
    name = "guidelines"
    verbose_name = _("Transition guidelines")

    def ready(self) -> None:
        from guidelines.models import GapDecision
        from guidelines.models import TransitionPlan
        from schools import changes

        # Step 6's decisions on a school's gaps: the action plan keeps its gaps by token.
        changes.watch(
            table=GapDecision._meta.db_table,
            columns=("plan_id",),
            schools=f'SELECT p.school_id FROM "{TransitionPlan._meta.db_table}" p '
            "JOIN {rows} r ON p.id = r.plan_id",
        )
