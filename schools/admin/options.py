"""The admin classes every tenant-owned model uses: ``TenantAdmin`` (lists, choices and
permissions follow the user's memberships), ``ServiceWriteAdmin`` (saves through the app's
services, with their validation, history and rules), ``EditedOnPageAdmin`` (read-only here,
edited on the app's page) and ``TenantInline``.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import AutoField
from django.db.models import ForeignKey
from django.db.models import Model
from django.db.models import QuerySet
from django.db.models.manager import BaseManager
from django.db.models.query import MAX_GET_RESULTS
from django.forms import Media
from django.http import HttpRequest
from django.urls import get_script_prefix
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schools.access import may_manage
from schools.access import member_ids
from schools.access import scope_ids
from schools.access import scope_queryset
from schools.access import scoped_users
from schools.access import visible_groups
from schools.access import visible_schools
from schools.admin.changelist import TenantChangeList
from schools.admin.changelist import _checkbox
from schools.admin.filters import ScopedRelatedFilter
from schools.admin.reads import _compiled_history
from schools.admin.reads import _compiled_objects
from schools.admin.reads import _scoped_object
from schools.admin.reads import prefetch_forward_keys
from schools.admin.reads import scoped_object_read
from schools.admin.scoping import ACTION_CHECKBOX_LABEL
from schools.admin.scoping import ADMIN_FORMFIELD_OVERRIDES
from schools.admin.scoping import NotFoundOutsideScope
from schools.admin.scoping import ScopedRawIdWidget
from schools.admin.scoping import _admin_user
from schools.admin.scoping import _is_tenant_model
from schools.admin.scoping import check_same_tenant
from schools.concurrency import Conflict
from schools.concurrency import VersionedFormMixin
from schools.concurrency import claim
from schools.concurrency import rebase
from schools.kept import Kept
from schools.models import School
from schools.models import SchoolGroup


def _loaded_objects(obj: Model) -> dict[tuple[type[Model], object], Model]:
    """The object and every object its read holds (its forward keys' objects, theirs in
    turn), by model and primary key."""
    loaded: dict[tuple[type[Model], object], Model] = {}
    waiting = [obj]
    while waiting:
        each = waiting.pop()
        key = (each._meta.concrete_model, each.pk)
        if key in loaded:
            continue
        loaded[key] = each
        waiting.extend(v for v in each._state.fields_cache.values() if isinstance(v, Model))
    return loaded


def _held_by(records: type[Model], name: str, found: Model, loaded: dict) -> bool:
    """Whether the historical model's key ``name`` points, in the object as it is now, at
    an object its read holds (``_loaded_objects``)."""
    field = records._meta.get_field(name)
    if not isinstance(field, ForeignKey) or not field.target_field.primary_key:
        return False
    value = getattr(found, field.attname, None)
    return value is not None and (field.related_model._meta.concrete_model, value) in loaded


def _hand_over(records: list[Model], loaded: dict, names: list[str]) -> None:
    """The objects of the keys ``names`` set on each record from those the page's object
    holds (``_loaded_objects``); one whose version named another read as the admin's
    ``prefetch_forward_keys`` reads any (a query for each key that needs one)."""
    if not records:
        return
    fields = [type(records[0])._meta.get_field(name) for name in names]
    for record in records:
        for field in fields:
            value = getattr(record, field.attname)
            if value is None:
                field.set_cached_value(record, None)
                continue
            held = loaded.get((field.related_model._meta.concrete_model, value))
            if held is not None:
                field.set_cached_value(record, held)
    prefetch_forward_keys(records, *names)


class _FoundObject:
    """The scoped queryset, whose ``get`` by the primary key answers the object the
    history page has just read through it (``NotFoundOutsideScope.history_view``):
    simple_history's view reads it again, a query of some ninety columns."""

    def __init__(self, queryset: QuerySet, found: Model) -> None:
        self._queryset, self._found = queryset, found

    def get(self, *args, **kwargs) -> Model:
        pk = self._found._meta.pk
        if not args and len(kwargs) == 1:
            ((name, value),) = kwargs.items()
            if name in ("pk", pk.name, pk.attname) and str(value) == str(self._found.pk):
                return self._found
        return self._queryset.get(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._queryset, name)


# The scoped querysets of the admins' lists, by model, ordering and the member's schools
# and groups (``TenantAdmin._scoped_queryset``); bounded, as the sets of ids are many.
_SCOPED_QUERYSETS: Kept[tuple, QuerySet] = Kept(512)
_PLAIN_QUERYSETS: dict[tuple[type, type[Model]], bool] = {}


def _plain_queryset(model_admin: admin.ModelAdmin) -> bool:
    """Whether ``TenantAdmin.get_queryset`` of this admin starts from Django's own
    ``ModelAdmin.get_queryset``, over a manager that makes its queryset as Django's does:
    nothing in between that could read the request or the time."""
    key = (type(model_admin), model_admin.model)
    plain = _PLAIN_QUERYSETS.get(key)
    if plain is None:
        mro = type(model_admin).__mro__
        after = mro[mro.index(TenantAdmin) + 1 :]
        first = next(
            (vars(klass)["get_queryset"] for klass in after if "get_queryset" in vars(klass)), None
        )
        manager = model_admin.model._default_manager
        plain = _PLAIN_QUERYSETS[key] = (
            first is admin.ModelAdmin.get_queryset
            and type(manager).get_queryset is BaseManager.get_queryset
        )
    return plain


class _WrittenMedia(Media):
    """A page's ``Media``, its scripts and style sheets written once per process: the
    changelist template writes ``{{ media.js }}`` and ``{{ media.css }}``, and Django
    merges the lists and looks up each file's static address on every page."""

    def __init__(self, media: Media, written: dict[str, SafeString]) -> None:
        super().__init__()
        self._css_lists, self._js_lists = list(media._css_lists), list(media._js_lists)
        self._written = written

    def __getitem__(self, name: str):
        written = self._written.get(name)
        return written if written is not None else super().__getitem__(name)


# The written media by their lists of files (and the script's prefix); bounded.
_WRITTEN_MEDIA: Kept[tuple, dict[str, SafeString]] = Kept(64)


def _media_key(media: Media) -> tuple | None:
    """The media's lists of files as a key; None where an entry is not a file's path."""
    scripts = tuple(tuple(entries) for entries in media._js_lists)
    sheets = tuple(
        tuple((medium, tuple(paths)) for medium, paths in sorted(entries.items()))
        for entries in media._css_lists
    )
    names = [name for entries in scripts for name in entries]
    names += [name for entries in sheets for _medium, paths in entries for name in paths]
    if not all(type(name) is str for name in names):
        return None
    return scripts, sheets, get_script_prefix()


def written_media(media: Media) -> Media:
    """``media`` with its scripts and style sheets written once per process."""
    if type(media) is not Media:
        return media
    try:
        key = _media_key(media)
    except (AttributeError, TypeError):
        return media
    if key is None:
        return media
    written = _WRITTEN_MEDIA.get(
        key,
        lambda: {
            "js": mark_safe(str(media["js"])),  # noqa: S308 (Django's own HTML)
            "css": mark_safe(str(media["css"])),  # noqa: S308 (Django's own HTML)
        },
    )
    return _WrittenMedia(media, written)


class TenantAdmin(NotFoundOutsideScope, admin.ModelAdmin):
    """A ModelAdmin whose lists, choices and permissions follow the user's memberships."""

    @classmethod
    def keeps(cls, name: str) -> bool:
        """Whether this admin keeps TenantAdmin's own ``name``, not one of its own
        (``keeps_own``)."""
        return getattr(cls, name) is getattr(TenantAdmin, name)

    # A group holds tens of thousands of assignments and history records: a list counts
    # only what its filters match (not the whole table a second time) and shows a page
    # a browser renders quickly.
    show_full_result_count = False
    list_per_page = 50
    # Related objects a list reads in a query of their own instead of joining them: each
    # join PostgreSQL plans (eight tables took it 25 ms to plan, 2 ms to run) for every page.
    list_prefetch_related: list[str] | tuple[str, ...] = ()
    # The fields a list's rows read, for ``QuerySet.only()`` (empty: every field). A
    # related object joined for its name need not bring its thirty other fields.
    list_only: list[str] | tuple[str, ...] = ()

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj: Model) -> SafeString:
        """Django's checkbox of a row, written with ``format_html``: the same HTML, not a
        form widget rendered through the template engine for each of the page's rows."""
        # Django's own words, looked up in its catalogue (a variable: not ours to extract).
        return _checkbox(gettext(ACTION_CHECKBOX_LABEL), obj)

    def get_changelist(self, request: HttpRequest, **kwargs) -> type[ChangeList]:
        return TenantChangeList

    def changelist_view(self, request: HttpRequest, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if isinstance(context, dict) and isinstance(context.get("media"), Media):
            context["media"] = written_media(context["media"])
        return response

    def get_paginator(self, request: HttpRequest, *args, **kwargs):
        paginator = super().get_paginator(request, *args, **kwargs)
        count = getattr(request, "_tenant_count", None)
        if count is not None:
            # The list's rows counted already (``TenantChangeList._scoped_count``).
            paginator.__dict__["count"] = count
        return paginator

    def get_ordering(self, request: HttpRequest) -> list[str] | tuple[str, ...]:
        """The admin's ordering, else the model's, unless that one follows a relation.

        An ordering through a relation (an assignment by its task's code) joins and sorts
        every row in scope for each page; the newest first walks the primary key's index
        and stops after a page. A column header still sorts by anything listed.
        """
        ordering = super().get_ordering(request) or self.model._meta.ordering
        if any("__" in str(field) for field in ordering):
            return ("-pk",)
        return ordering

    formfield_overrides = ADMIN_FORMFIELD_OVERRIDES

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = self._scoped_queryset(request)
        if queryset is None:
            queryset = scope_queryset(request.user, super().get_queryset(request))
        related = self.list_select_related
        if getattr(request, "_tenant_history", False) and isinstance(related, list | tuple):
            queryset = queryset.select_related(*related)
        found = request.__dict__.pop("_tenant_history_object", None)
        # Only where this is the admin's own queryset: an admin that widens it (the
        # catalogue's tasks, ``|`` another queryset) needs a real queryset back.
        own = type(self).get_queryset is TenantAdmin.get_queryset
        if own and found is not None and type(found) is self.model:
            return _FoundObject(queryset, found)
        return queryset

    def _scoped_queryset(self, request: HttpRequest) -> QuerySet | None:
        """``scope_queryset(user, ModelAdmin.get_queryset(request))`` for a member, built
        once per process for each model, ordering and set of schools and groups, and
        handed out as a copy: building the scope's two subqueries and their filters
        took longer than copying the query they make. None where Django's steps are
        not those (a manager or admin with a queryset of its own, a superuser)."""
        user = request.user
        if not user.is_authenticated or user.is_superuser or not _plain_queryset(self):
            return None
        school_ids, group_ids = member_ids(user)
        ordering = self.get_ordering(request)
        key = (self.model, tuple(ordering or ()), tuple(school_ids), tuple(group_ids))
        try:
            hash(key)
        except TypeError:  # an ordering by expressions: not a key
            return None
        built = _SCOPED_QUERYSETS.get(
            key,
            lambda: scope_ids(
                admin.ModelAdmin.get_queryset(self, request),
                school_ids=school_ids,
                group_ids=group_ids,
            ),
        )
        return built.all()

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None):
        found = self._history_object(request, object_id) if from_field is None else None
        if found is not None:
            return found[0]
        return super().get_object(request, object_id, from_field)

    def _history_object(self, request: HttpRequest, object_id: str) -> tuple | None:
        """``get_object``'s answer on the history page (in a tuple), read by a member
        with SQL compiled once per process; None where Django's steps read it."""
        user = request.user
        related = self.list_select_related
        if (
            not getattr(request, "_tenant_history", False)
            or type(self).get_queryset is not TenantAdmin.get_queryset
            or not isinstance(related, list | tuple)
            or not user.is_authenticated
            or user.is_superuser
            or not isinstance(self.model._meta.pk, AutoField)
            or not (isinstance(object_id, str) and object_id.isdigit())
            or str(int(object_id)) != object_id
        ):
            return None
        school_ids, group_ids = member_ids(user)
        if not school_ids and not group_ids:
            return None
        pk = self.model._meta.pk

        def djangos() -> QuerySet:
            # As ``QuerySet.get`` narrows the admin's queryset (made once, for the check).
            queryset = self.get_queryset(request).filter(**{pk.name: int(object_id)})
            queryset = queryset.order_by()
            queryset.query.set_limits(high=MAX_GET_RESULTS)
            return queryset

        options = {"model": self.model._meta.label, "related": tuple(related)}
        ids = {"school_ids": school_ids, "group_ids": group_ids, "object_pk": int(object_id)}
        objects = _compiled_objects(
            djangos, _scoped_object, options=options, ids=ids, read=scoped_object_read
        )
        if objects is None:
            return None
        if len(objects) > 1:
            raise self.model.MultipleObjectsReturned
        return (objects[0] if objects else None,)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _admin_user(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Objects outside the user's scope never reach here: get_queryset leaves them out.
        return _admin_user(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _admin_user(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if not _admin_user(request):
            return False
        return obj is None or may_manage(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_change_permission(request, obj)

    def _scoped_choices(self, request: HttpRequest, model: type[Model]) -> QuerySet | None:
        return scoped_choices(request, model)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = self._scoped_choices(request, db_field.related_model)
        if queryset is not None:
            kwargs["queryset"] = queryset
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if queryset is not None and type(formfield.widget) is ForeignKeyRawIdWidget:
            # Django's raw-id widget names whatever object an id points at.
            formfield.widget.__class__ = ScopedRawIdWidget
            formfield.widget.scoped_queryset = queryset
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = self._scoped_choices(request, db_field.related_model)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request: HttpRequest, obj: Model | None = None, change=False, **kwargs):
        return same_tenant_form(super().get_form(request, obj, change, **kwargs))

    def get_list_filter(self, request: HttpRequest) -> list:
        """Filters on related objects offer only those of the listed (scoped) objects.

        Django's related filter offers every school, group or person in the database:
        the names of other groups' schools would show in the sidebar.
        """
        scoped = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str):
                try:
                    last = get_fields_from_path(self.model, entry)[-1]
                except Exception:  # Django's own checks report a bad filter
                    last = None
                if last is not None and last.is_relation:
                    entry = (entry, ScopedRelatedFilter)
            scoped.append(entry)
        return scoped

    # --- history (for the models with HistoricalRecords, through SimpleHistoryAdmin) ---

    def revert_disabled(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # History is read-only here: changes go through the forms and their checks.
        return True

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        """simple_history's records, joined with each tracked key's object, but for a key
        whose object the page has read already with the object itself (an assignment's
        task and person, and its school through the task list entry): those are handed
        to the records that name them (``set_history_delta_changes``). PostgreSQL took
        2.7 ms to plan the join of seven tables for a page of two records, and 0.3 ms
        without the three the object holds."""
        records = super().get_history_queryset(request, history_manager, pk_name, object_id)
        found = request.__dict__.get("_tenant_history_object")
        related = records.query.select_related
        if found is None or type(found) is not self.model or not isinstance(related, dict):
            return records
        loaded = _loaded_objects(found)
        known = [
            name
            for name, nested in related.items()
            if not nested and _held_by(records.model, name, found, loaded)
        ]
        if not known:
            return records
        request._tenant_history_loaded = (loaded, known)
        records = records.select_related(None)
        joined = [name for name in related if name not in known]
        return records.select_related(*joined) if joined else records

    def set_history_delta_changes(self, request, historical_records, *args, **kwargs):
        """Load what the history page prints of each record's object in a few queries.

        The page names every version by ``str()`` of the object rebuilt from the record,
        and that object comes without its related objects: an assignment's name asked for
        its person, task and list entry, three queries per version. The related objects
        the record already selected are handed over, and the rest (the admin's
        ``list_select_related``) is fetched once for the whole page.
        """
        object_id = request.__dict__.get("_tenant_history_id")
        page_rows = getattr(historical_records, "object_list", None)
        if object_id is not None and isinstance(page_rows, QuerySet):
            compiled = _compiled_history(page_rows, model=self.model, object_id=str(object_id))
            if compiled is not None:
                # The paginator's page: its iteration and the template read these.
                historical_records.object_list = compiled
        records = list(historical_records)
        handed = request.__dict__.pop("_tenant_history_loaded", None)
        if handed is not None:
            _hand_over(records, *handed)
        objects = []
        for record in records:
            instance = record.history_object
            for field in self.model._meta.concrete_fields:
                if isinstance(field, ForeignKey) and field.is_cached(record):
                    field.set_cached_value(instance, field.get_cached_value(record))
            # history_object is rebuilt on each access: keep this one for the template.
            record.__dict__["history_object"] = instance
            objects.append(instance)
        lookups = self.list_select_related
        if isinstance(lookups, list | tuple):
            prefetch_forward_keys(objects, *lookups, *self.list_prefetch_related)
        return super().set_history_delta_changes(request, historical_records, *args, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._object_or_404(request, object_id)
        if request.method == "POST":
            raise PermissionDenied(_("Past versions cannot be restored here."))
        return super().history_form_view(request, object_id, version_id, extra_context)


class _DryRun(Exception):
    """Rolls back a service call made only to validate a form."""


def _add_service_errors(form, error: ValidationError) -> None:
    """A service's errors on the form: on their field when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ServiceWriteAdmin(TenantAdmin):
    """An admin that saves and deletes through the services the app's pages use.

    The admin's model form only reads the fields; ``service_save`` hands them to the
    service, which validates, applies the rules (a task's single lead, approvals
    withdrawn on change, school shares within the hours, review state) and writes the
    history under the request's user, as a page does. The form runs the service once
    in a rolled-back savepoint while it validates, so whatever the service refuses
    comes back as a form error, not as an error page.
    """

    def service_save(self, request: HttpRequest, *, instance: Model, data: dict, inlines: list):
        """Save through the service; ``instance`` is the object as stored (unsaved if new)."""
        raise NotImplementedError

    def service_delete(self, request: HttpRequest, obj: Model) -> None:
        raise NotImplementedError

    def _create_formsets(self, request: HttpRequest, obj, change):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        # The form validates after the inlines are built: it reads them from here.
        request._service_inlines = formsets
        return formsets, inline_instances

    def get_form(self, request: HttpRequest, obj: Model | None = None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        model_admin = self

        class ServiceForm(VersionedFormMixin, form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if any(f.name == "updated" for f in model_admin.model._meta.concrete_fields):
                    self.track_version(self.instance)

            def _post_clean(self):
                # The constraints are the service's to check, after its rules: a new
                # lead, say, is only valid once the service has moved the old one.
                self.instance.validate_constraints = lambda exclude=None: None
                try:
                    super()._post_clean()
                finally:
                    del self.instance.validate_constraints

            def clean(self):
                cleaned_data = super().clean()
                inlines = getattr(request, "_service_inlines", [])
                if self.errors or not all(formset.is_valid() for formset in inlines):
                    return cleaned_data
                if self.instance.pk and self.loaded_version:
                    # In the admin view's transaction: the row stays taken until the save.
                    try:
                        claim(self.instance, self.loaded_version)
                    except Conflict as conflict:
                        self._conflict(conflict)
                        return cleaned_data
                try:
                    with transaction.atomic():
                        stored = (
                            model_admin.model._default_manager.get(pk=self.instance.pk)
                            if self.instance.pk
                            else model_admin.model()
                        )
                        model_admin.service_save(
                            request, instance=stored, data=cleaned_data, inlines=inlines
                        )
                        raise _DryRun
                except _DryRun:
                    pass
                except ValidationError as error:
                    _add_service_errors(self, error)
                return cleaned_data

            def _conflict(self, conflict: Conflict) -> None:
                self.conflict_message = conflict.messages[0]
                if conflict.current is None:
                    self.add_error(None, conflict)
                    return
                data = self.data.copy()
                self.conflict = rebase(self, type(self)(instance=conflict.current), data)
                self.data = data
                self.add_error(None, conflict)

        ServiceForm.__name__ = form_class.__name__
        return ServiceForm

    def save_model(self, request: HttpRequest, obj: Model, form, change: bool) -> None:
        # The form has put its values on ``obj``: the service starts from the stored object.
        stored = self.model._default_manager.get(pk=obj.pk) if change else self.model()
        saved = self.service_save(
            request,
            instance=stored,
            data=form.cleaned_data,
            inlines=getattr(request, "_service_inlines", []),
        )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        # The service saved the inlines' rows with the object; the change message the
        # admin logs reads what a formset's own save would have set.
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        self.service_delete(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            self.service_delete(request, obj)


class EditedOnPageAdmin(TenantAdmin):
    """Shown here, edited on the app's page (with its rules and history): a link leads there."""

    def page_url(self, obj: Model) -> str | None:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None

    @admin.display(description=gettext_lazy("Edit"))
    def edit_on_page(self, obj: Model) -> str:
        url = self.page_url(obj) if obj is not None and obj.pk else None
        if not url:
            return "—"
        return format_html('<a href="{}">{}</a>', url, _("Edit on its page in ictteam"))

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None):
        return ["edit_on_page", *super().get_readonly_fields(request, obj)]

    def get_fields(self, request: HttpRequest, obj: Model | None = None):
        fields = [f for f in super().get_fields(request, obj) if f != "edit_on_page"]
        return ["edit_on_page", *fields]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


def scoped_choices(request: HttpRequest, model: type[Model]) -> QuerySet | None:
    """The objects of a related model the user may pick in a form (None: no limit).

    What the related model's own scoped admin lists (e.g. the shared catalogue and the
    user's own tasks), or else what the user's memberships let them see.
    """
    model_admin = admin.site._registry.get(model)
    if isinstance(model_admin, NotFoundOutsideScope):
        return model_admin.get_queryset(request)
    if model is School:
        return visible_schools(request.user)
    if model is SchoolGroup:
        return visible_groups(request.user)
    if _is_tenant_model(model):
        return scope_queryset(request.user, model._default_manager.all())
    if model is get_user_model() and not request.user.is_superuser:
        return scoped_users(request.user)
    return None


def same_tenant_form(form_class):
    """The form class, refusing related objects of another school or group."""

    class SameTenantForm(form_class):
        def clean(self):
            cleaned_data = super().clean()
            for name, message in check_same_tenant(self.instance, cleaned_data).items():
                self.add_error(name, message)
            return cleaned_data

    SameTenantForm.__name__ = form_class.__name__
    return SameTenantForm


class TenantInline(admin.TabularInline):
    """An inline whose choices are scoped like TenantAdmin's."""

    extra = 0
    formfield_overrides = ADMIN_FORMFIELD_OVERRIDES

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = scoped_choices(request, db_field.related_model)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return _admin_user(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return _admin_user(request) and (obj is None or may_manage(request.user, obj))

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return _admin_user(request)
