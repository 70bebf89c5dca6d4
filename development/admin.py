"""Admin of the professional development plan, scoped to the user's schools like the rest.

Items save through the plan's services, as on its page: who must be of the school's team,
the task on the school's list, and the history names the author.
"""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from development.models import DevelopmentItem
from development.services import ITEM_FIELDS
from development.services import item_create
from development.services import item_delete
from development.services import item_update
from schools.admin import ServiceWriteAdmin


@admin.register(DevelopmentItem)
class DevelopmentItemAdmin(ServiceWriteAdmin, SimpleHistoryAdmin):
    list_display = ["person", "competence", "route", "school", "school_year", "term", "status"]
    list_filter = ["status", "competence", "route", "school"]
    search_fields = ["person__name", "note"]
    list_select_related = ["person", "school"]
    raw_id_fields = ["list_task"]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # An item stays with its school; its author is recorded, not chosen.
        return ["school", "created_by"] if obj is not None else ["created_by"]

    def service_save(
        self, request: HttpRequest, *, instance: DevelopmentItem, data: dict, inlines: list
    ):
        def value(name):
            return data[name] if name in data else getattr(instance, name)

        fields = {name: value(name) for name in ITEM_FIELDS}
        if instance.pk:
            return item_update(item=instance, user=request.user, **fields)
        return item_create(school=data.get("school"), user=request.user, **fields)

    def service_delete(self, request: HttpRequest, obj: DevelopmentItem) -> None:
        item_delete(item=obj, user=request.user)
