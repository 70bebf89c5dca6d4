"""Admin of tasks and task lists, scoped like the rest.

Catalogue tasks change by importing the catalogue workbook and own tasks on the task
list's page: the admin shows them with a link there. A list entry's choices save through
the same service as the list's page (``list_task_update``), so a save counts as reviewing
the entry, as it does there.
"""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from schools.admin import NAMED_FROM
from schools.admin import EditedOnPageAdmin
from schools.admin import ServiceWriteAdmin
from tasks.models import LIST_CHOICE_FIELDS
from tasks.models import TEXT_LANGUAGES
from tasks.models import ListTask
from tasks.models import Task
from tasks.services import list_task_update


@admin.register(Task)
class TaskAdmin(EditedOnPageAdmin):
    """Catalogue tasks are the platform's (superusers); own tasks belong to their owner."""

    list_display = [
        "code",
        "title",
        "cluster",
        "topic",
        "is_core",
        "level",
        "status",
        "school",
        "group",
    ]
    list_filter = ["cluster", "is_core", "level", "status"]
    search_fields = [
        "code",
        *(
            f"{name}_{code}"
            for name in ("title", "description", "topic")
            for code in TEXT_LANGUAGES
        ),
    ]
    list_select_related = ["school", "group"]

    def get_queryset(self, request: HttpRequest):
        if request.user.is_superuser:
            return Task.objects.all()
        # Everyone sees the shared catalogue; own tasks only of their schools and groups.
        return super().get_queryset(request) | Task.objects.catalogue()


# A task is named in the page's language; an entry by its owner and task (a page of
# entries names a task they share once).
NAMED_FROM["tasks.task"] = lambda task, names: task.name_in(names.language)
NAMED_FROM["tasks.listtask"] = lambda entry, names: entry.name_from(names)


@admin.register(ListTask)
class ListTaskAdmin(ServiceWriteAdmin, SimpleHistoryAdmin):
    list_display = ["task", "school", "group", "applies", "horizon", "level", "review"]
    list_filter = ["applies", "horizon", "level", "review", "task__cluster"]
    search_fields = ["task__code", *(f"task__title_{code}" for code in TEXT_LANGUAGES), "note"]
    list_select_related = ["task", "school", "group"]
    # An entry's own fields and the names of its task and owner: the task's other texts
    # in every language are not shown.
    list_only = [
        *(f.attname for f in ListTask._meta.concrete_fields),
        "task__code",
        *(f"task__title_{code}" for code in TEXT_LANGUAGES),
        "school__name",
        "group__name",
    ]
    raw_id_fields = ["task"]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # The review state follows the catalogue's changes and the owner's saves.
        return ["task", "school", "group", "review"] if obj is not None else ["review"]

    def service_save(self, request: HttpRequest, *, instance: ListTask, data: dict, inlines: list):
        choices = {name: data[name] for name in LIST_CHOICE_FIELDS if name in data}
        if instance.pk:
            return list_task_update(entry=instance, **choices)
        # A catalogue task put on a list by hand: the list's page only starts a whole list.
        entry = ListTask(task=data["task"], school=data.get("school"), group=data.get("group"))
        return list_task_update(entry=entry, **choices)

    def service_delete(self, request: HttpRequest, obj: ListTask) -> None:
        obj.delete()
