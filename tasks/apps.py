from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("ICT coordination tasks")

    def ready(self) -> None:
        from schools import changes
        from tasks.models import ListTask
        from tasks.models import Task

        # A school's task list, and the catalogue every list reads its tasks from.
        changes.own_school(ListTask._meta.db_table)
        changes.every_school(Task._meta.db_table)
