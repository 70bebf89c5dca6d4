"""One admin site for many schools: every list is scoped to the user's group or school.

Group admins manage their group and its schools; school leaders see and manage only
their school; superusers see everything. Access follows the memberships, not Django's
model permissions, so a new group admin needs nothing but the membership.

Objects outside the user's scope answer 404 on every admin page (change, delete,
history), exactly like a missing object: the admin never reveals that another group's
object exists. Related objects picked in a form must belong to the same school (or its
group) as the object itself.

Saves never bypass the rules of the app's pages: a model either saves through the same
services (``ServiceWriteAdmin``) or is read-only here with a link to the page that edits
it (``EditedOnPageAdmin``). Who may do what (``is_admin_user``, ``may_manage``,
``may_manage_account``) is decided in ``schools/access.py``.

The team builder and the wizard register their models with TenantAdmin subclasses;
``register_app_admins`` (run when the apps are ready) makes sure no tenant-owned model
of the project is missing from the admin or registered unscoped.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from decimal import Decimal
from html import escape as escape_html
from urllib.parse import quote_plus

from django.apps import apps
from django.contrib import admin
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.options import TO_FIELD_VAR
from django.contrib.admin.templatetags.admin_list import _boolean_icon
from django.contrib.admin.templatetags.admin_list import _coerce_field_name
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field
from django.contrib.admin.utils import display_for_value
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.utils import lookup_field
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ORDER_VAR
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import EmptyResultSet
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS
from django.db import transaction
from django.db.models import AutoField
from django.db.models import BooleanField
from django.db.models import DateField
from django.db.models import DateTimeField
from django.db.models import ForeignKey
from django.db.models import ManyToOneRel
from django.db.models import Model
from django.db.models import QuerySet
from django.db.models import TimeField
from django.db.models import prefetch_related_objects
from django.db.models import signals
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.manager import BaseManager
from django.db.models.query import MAX_GET_RESULTS
from django.db.models.query import ModelIterable
from django.db.models.query import RelatedPopulator
from django.forms import BaseInlineFormSet
from django.forms import Media
from django.http import Http404
from django.http import HttpRequest
from django.urls import NoReverseMatch
from django.urls import get_script_prefix
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from schools.access import follow_path
from schools.access import has_role
from schools.access import is_admin_user
from schools.access import may_manage
from schools.access import may_manage_account
from schools.access import member_ids
from schools.access import object_owner
from schools.access import owner_visible
from schools.access import owners_conflict
from schools.access import scope_ids
from schools.access import scope_queryset
from schools.access import scoped_users
from schools.access import user_memberships
from schools.access import visible_groups
from schools.access import visible_schools
from schools.compiled import compiled_rows
from schools.compiled import row_instance
from schools.concurrency import Conflict
from schools.concurrency import VersionedFormMixin
from schools.concurrency import claim
from schools.concurrency import rebase
from schools.fields import FORMFIELD_OVERRIDES
from schools.kept import Kept
from schools.models import Invitation
from schools.models import Membership
from schools.models import Role
from schools.models import School
from schools.models import SchoolGroup
from schools.services import invitation_create
from schools.services import user_sync_staff

logger = logging.getLogger(__name__)

ACTION_CHECKBOX_LABEL = "Select this object for an action - {}"


def _is_tenant_model(model: type[Model]) -> bool:
    return model in (School, SchoolGroup) or bool(
        getattr(model, "tenant_school_path", None) or getattr(model, "tenant_group_path", None)
    )


def _owner_from_form(instance: Model, cleaned_data: dict) -> School | SchoolGroup | None:
    """The owner an object will have once the form's values are saved."""
    if isinstance(instance, School | SchoolGroup):
        return None
    for attribute in ("tenant_school_path", "tenant_group_path"):
        path = getattr(instance, attribute, None)
        if not path:
            continue
        first, _sep, rest = path.partition("__")
        value = cleaned_data[first] if first in cleaned_data else getattr(instance, first, None)
        owner = follow_path(value, rest) if (value is not None and rest) else value
        if owner is not None:
            return owner
    return None


def check_same_tenant(instance: Model, cleaned_data: dict) -> dict[str, str]:
    """Errors by field for related objects that belong to another school or group."""
    owner = _owner_from_form(instance, cleaned_data)
    if owner is None:
        return {}
    errors = {}
    for name, value in cleaned_data.items():
        try:
            field = instance._meta.get_field(name)
        except Exception:  # a form-only field
            continue
        if not field.is_relation or not _is_tenant_model(field.related_model):
            continue
        # The owner's own school or group field is the owner itself.
        if value is owner:
            continue
        values = list(value) if field.many_to_many else [value]
        for related in values:
            if related is not None and owners_conflict(owner, object_owner(related)):
                errors[name] = _("“%(object)s” belongs to another school or group.") % {
                    "object": related
                }
                break
    return errors


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, each with its accessible name.

    Django's split widget prints "Date:" and "Time:" as plain text and its field label
    points at neither input (a label for two inputs cannot), so a screen reader finds two
    unnamed inputs (WCAG 1.3.1, 4.1.2).
    """

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, label in zip(
            context["widget"]["subwidgets"],
            (gettext_lazy("Date"), gettext_lazy("Time")),
            strict=True,
        ):
            subwidget["attrs"]["aria-label"] = label
        return context


ADMIN_FORMFIELD_OVERRIDES = {
    **FORMFIELD_OVERRIDES,
    DateTimeField: {"widget": LabelledSplitDateTime},
}


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id field that names the object of an id only when the user may see it."""

    scoped_queryset: QuerySet

    def label_and_url_for_value(self, value):
        try:
            visible = self.scoped_queryset.filter(pk=value).exists()
        except (ValueError, TypeError, ValidationError):
            visible = False
        return super().label_and_url_for_value(value) if visible else ("", "")


class NotFoundOutsideScope:
    """Change, delete and history pages answer 404 for objects outside the user's scope.

    Django's admin redirects to its index with a message for a missing object; here a
    missing object and another group's object both answer 404, as everywhere else.
    """

    def _object_or_404(self, request: HttpRequest, object_id: str) -> Model:
        to_field = request.POST.get(TO_FIELD_VAR, request.GET.get(TO_FIELD_VAR))
        if to_field and not self.to_field_allowed(request, to_field):
            to_field = None
        obj = self.get_object(request, unquote(object_id), to_field)
        if obj is None:
            raise Http404(_("No such page."))
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._object_or_404(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._object_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        # The page names the object in its title and breadcrumbs: read with what its
        # name needs (``TenantAdmin.get_queryset``), not a query per related object.
        request._tenant_history = True
        request._tenant_history_id = unquote(object_id)
        try:
            found = self._object_or_404(request, object_id)
        except Http404:
            # A deleted object keeps its history: shown to those who could see it.
            if not self._deleted_in_scope(request, object_id):
                raise
        else:
            # simple_history reads the object again by its id: it is handed this one.
            request._tenant_history_object = found
        try:
            return super().history_view(request, object_id, extra_context)
        finally:
            request.__dict__.pop("_tenant_history_object", None)
            request.__dict__.pop("_tenant_history_id", None)

    def _deleted_in_scope(self, request: HttpRequest, object_id: str) -> bool:
        history = getattr(self.model, "history", None)
        if history is None:
            return False
        try:
            # The historical model's own pk is history_id: look up the original pk field.
            lookup = {self.model._meta.pk.attname: unquote(object_id)}
            record = history.filter(**lookup).latest("history_date")
        except (history.model.DoesNotExist, ValueError, ValidationError):
            return False
        return owner_visible(request.user, object_owner(record.instance))


def _admin_user(request: HttpRequest) -> bool:
    """``is_admin_user`` for the request's user, answered once a request.

    The app list asks every registered admin four or five permissions (about ninety
    calls a page), each the same question about the same user.
    """
    user = request.user
    cached = getattr(request, "_tenant_admin_user", None)
    if cached is not None and cached[0] is user:
        return cached[1]
    answer = is_admin_user(user)
    request._tenant_admin_user = (user, answer)
    return answer


_CHECKBOX_NAME = conditional_escape(helpers.ACTION_CHECKBOX_NAME)


def _escaped(value: object) -> str:
    """``conditional_escape(value)`` as text: a safe string as it is, anything else
    escaped by the standard library as Django's ``escape`` does, without Django's
    wrapper for lazy text around each of a page's five hundred cells."""
    html = getattr(value, "__html__", None)
    return html() if html is not None else escape_html(str(value))


def _checkbox(label: str, obj: Model, name: str | None = None) -> SafeString:
    """A row's checkbox as Django's widget writes it, ``label`` the translated words with
    a ``{}`` for the object (as ``format_html`` fills it: the object's name escaped, the
    words not), ``name`` the object's ``str()`` where it is known."""
    label = label.format(_escaped(str(obj) if name is None else name))
    pk = obj.pk
    value = str(pk) if type(pk) is int else _escaped(pk)
    return mark_safe(  # noqa: S308 (the values escaped)
        f'<input type="checkbox" name="{_CHECKBOX_NAME}" value="{value}" '
        f'class="action-select" aria-label="{label}">'
    )


# Models whose name (``str()``) a page writes itself: ``NAMED_FROM[label](obj, names)``
# is ``str(obj)``, ``names(other)`` naming an object it links to and ``names.language``
# the reader's language (the model's ``__str__`` looks it up for itself). A page's rows
# then name an object they share once, and look the language up once. An app adds its
# own models where it registers their admin.
NAMED_FROM: dict[str, Callable[[Model, _PageNames], str]] = {}


class _PageNames:
    """The names (``str()``) of a changelist page's objects, each worked out once a page.

    The rows and the objects they link to are read with the page (joined or prefetched):
    objects of one model with one id were read alike and are named alike. A row's name
    (its checkbox) and its columns share the names: each entry of a list named its task
    twice, and fifty entries of one task fifty times, through ``Task.__str__``.
    """

    def __init__(self) -> None:
        self.language = get_language()
        self.names: dict[tuple, str] = {}
        self.escaped: dict[tuple, str] = {}
        self.named: dict[type, bool] = {}

    def _key(self, value: object) -> tuple | None:
        cls = type(value)
        named = self.named.get(cls)
        if named is None:
            # A model's own HTML (``__html__``) is left to ``conditional_escape``.
            named = self.named[cls] = issubclass(cls, Model) and not hasattr(cls, "__html__")
        if not named:
            return None
        pk = value.pk
        return None if pk is None else (cls, pk)

    def __call__(self, value: object) -> str:
        key = self._key(value)
        return str(value) if key is None else self._name(value, key)

    def _name(self, value: Model, key: tuple) -> str:
        name = self.names.get(key)
        if name is None:
            written = NAMED_FROM.get(value._meta.label_lower)
            name = written(value, self) if written is not None else str(value)
            self.names[key] = name
        return name

    def html(self, value: object) -> str:
        """The name escaped, as ``conditional_escape`` escapes it."""
        key = self._key(value)
        if key is None:
            return _escaped(value)
        html = self.escaped.get(key)
        if html is None:
            html = self.escaped[key] = escape_html(self._name(value, key))
        return html


# An id no row has, reversed in its place: the change address of every row follows from it.
_PK_PLACEHOLDER = 2_147_483_647


class _RowPopulator(RelatedPopulator):
    """Django's ``RelatedPopulator`` for a ``select_related`` object, building it as
    ``_PageRows`` builds the rows' objects."""

    def __init__(self, klass_info: dict, select: list, db: str) -> None:
        super().__init__(klass_info, select, db)
        self.related_populators = _populators(klass_info, select, db)

    def populate(self, row: tuple, from_obj: Model) -> None:
        if self.reorder_for_init:
            obj_data = self.reorder_for_init(row)
        else:
            obj_data = row[self.cols_start : self.cols_end]
        if obj_data[self.pk_idx] is None:
            obj = None
        else:
            obj = _instance(self.model_cls, self.db, self.init_list, obj_data)
            for populator in self.related_populators:
                populator.populate(row, obj)
        self.local_setter(from_obj, obj)
        if obj is not None:
            self.remote_setter(obj, from_obj)


def _populators(klass_info: dict, select: list, db: str) -> list[_RowPopulator]:
    return [_RowPopulator(info, select, db) for info in klass_info.get("related_klass_infos", [])]


_PLAIN: dict[type[Model], bool] = {}


def _plain(model: type[Model]) -> bool:
    """Whether ``Model.from_db`` would only set the row's values on a new object: its
    own ``from_db`` and ``__init__``, nothing listening to their signals, and no field
    whose attribute stores a value another way."""
    plain = _PLAIN.get(model)
    if plain is None:
        plain = _PLAIN[model] = (
            model.from_db.__func__ is Model.from_db.__func__
            and model.__init__ is Model.__init__
            and not signals.pre_init.has_listeners(model)
            and not signals.post_init.has_listeners(model)
            and not any(
                _stores_otherwise(getattr(model, field.attname, None))
                for field in model._meta.concrete_fields
            )
        )
    return plain


def _stores_otherwise(descriptor: object) -> bool:
    # A foreign key's id sets the value in the object's dictionary, after dropping a
    # cached related object that a new object does not have yet.
    return hasattr(descriptor, "__set__") and type(descriptor) is not ForeignKeyDeferredAttribute


def _instance(model: type[Model], db: str, names: list[str], values: tuple) -> Model:
    """``model.from_db(db, names, values)``: the same object, the fields not in ``names``
    deferred, without ``Model.__init__``'s work per field where it would only set them."""
    if not _plain(model):
        return model.from_db(db, names, values)
    return row_instance(model, names, values, db)


class _PageRows(ModelIterable):
    """Django's ``ModelIterable`` for a changelist's page: the same objects, each row's
    object and its ``select_related`` objects built by ``_instance`` (five objects a
    row of the assignments, 250 a page, took Django about 1.5 ms)."""

    def __iter__(self):
        queryset = self.queryset
        if queryset._known_related_objects:
            yield from super().__iter__()
            return
        db = queryset.db
        compiler = queryset.query.get_compiler(using=db)
        results = compiler.execute_sql(chunked_fetch=self.chunked_fetch, chunk_size=self.chunk_size)
        select, klass_info = compiler.select, compiler.klass_info
        annotations = compiler.annotation_col_map
        model = klass_info["model"]
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        names = [column[0].target.attname for column in select[start:end]]
        populators = _populators(klass_info, select, db)
        for row in compiler.results_iter(results):
            obj = _instance(model, db, names, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            if annotations:
                for name, position in annotations.items():
                    setattr(obj, name, row[position])
            yield obj


# A new value's stand-in in a query string, written as it is, and the types of the values
# written in its place (``urlencode`` writes any other as its items).
_QUERY_STAND_IN = "QueryValueStandIn"
_QUERY_VALUE_TYPES = frozenset({str, int, bool, Decimal})


class TenantChangeList(ChangeList):
    """Django's changelist, reversing the rows' change address once a page.

    ``reverse()`` walks the URL patterns for each of the page's fifty rows (about 50 µs
    each); the address differs only in the row's id.
    """

    def url_for_result(self, result: Model) -> str:
        pk = getattr(result, self.pk_attname)
        if not isinstance(pk, int) or isinstance(pk, bool):
            return super().url_for_result(result)
        try:
            parts = self._change_url_parts
        except AttributeError:
            url = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=(_PK_PLACEHOLDER,),
                current_app=self.model_admin.admin_site.name,
            )
            head, found, tail = url.rpartition(str(_PK_PLACEHOLDER))
            parts = self._change_url_parts = (head, tail) if found else None
        if parts is None:
            return super().url_for_result(result)
        return f"{parts[0]}{pk}{parts[1]}"

    def get_query_string(self, new_params=None, remove=None) -> str:
        """Django's query string; one with a single new value (each column heading asks
        for three with a sorting, the page links one each with a page number, a filter
        one for each of its choices) written from one built with a stand-in for that
        value, the value encoded as Django's ``urlencode`` encodes it: only the value
        differs, and the parameters are sorted by their names."""
        if new_params is not None and len(new_params) == 1:
            ((name, value),) = new_params.items()
            if type(value) in _QUERY_VALUE_TYPES and (
                remove is None or all(type(prefix) is str for prefix in remove)
            ):
                key = (name, None if remove is None else tuple(remove))
                parts = self.__dict__.setdefault("_stand_in_parts", {}).get(key)
                if parts is None:
                    address = super().get_query_string({name: _QUERY_STAND_IN}, remove)
                    found = address.count(_QUERY_STAND_IN) == 1
                    parts = self._stand_in_parts[key] = (
                        tuple(address.split(_QUERY_STAND_IN)) if found else ()
                    )
                if parts:
                    return f"{parts[0]}{quote_plus(str(value))}{parts[1]}"
        return super().get_query_string(new_params, remove)

    def get_queryset(self, request: HttpRequest, exclude_parameters=None) -> QuerySet:
        queryset = super().get_queryset(request, exclude_parameters)
        prefetch = self.model_admin.list_prefetch_related
        return queryset.prefetch_related(*prefetch) if prefetch else queryset

    def _member_list(self, request: HttpRequest) -> tuple[list[int], list[int]] | None:
        """The member's school and group ids where the list is the admin's own scoped
        list shown without filters or search (sorted or not); None where it is any other."""
        model_admin, user = self.model_admin, request.user
        if (
            set(self.filter_params) - {ORDER_VAR}
            or self.query
            or type(model_admin).get_queryset is not TenantAdmin.get_queryset
            or type(model_admin).get_search_results is not admin.ModelAdmin.get_search_results
            or not all(isinstance(spec, admin.FieldListFilter) for spec in self.filter_specs)
            or not user.is_authenticated
            or user.is_superuser
        ):
            return None
        school_ids, group_ids = member_ids(user)
        if not school_ids and not group_ids:
            return None
        return school_ids, group_ids

    def _scoped_count(self, request: HttpRequest) -> int | None:
        """The number of rows of a list shown without filters or search to a member, from
        a query compiled once per process (Django builds and compiles the count's
        subqueries of the scope on every page); None where the list is any other."""
        member = self._member_list(request)
        if member is None:
            return None
        school_ids, group_ids = member
        try:
            rows = compiled_rows(
                _scoped_rows,
                outer="SELECT COUNT(*) FROM ({rows}) listed",
                options={"model": self.model._meta.label},
                school_ids=school_ids,
                group_ids=group_ids,
            )
        except EmptyResultSet:  # nothing the member can see: Django counts none
            return None
        return rows[0][0]

    def get_results(self, request: HttpRequest) -> None:
        # Django's ``get_results`` asks the admin's paginator, which counts once:
        # ``TenantAdmin.get_paginator`` hands it this count.
        request._tenant_count = self._scoped_count(request)
        try:
            self._page_results(request)
        finally:
            del request._tenant_count

    def _page_results(self, request: HttpRequest) -> None:
        # The page's rows with only the fields their columns read (``list_only``); an
        # action on the selected rows reads them in full (``get_queryset``).
        only = self.model_admin.list_only
        if not only:
            super().get_results(request)
        else:
            full = self.queryset
            self.queryset = full.only(*only)
            try:
                super().get_results(request)
            finally:
                self.queryset = full
        rows = self.result_list
        if isinstance(rows, QuerySet) and rows._iterable_class is ModelIterable:
            rows._iterable_class = _PageRows
            # In the list's own order: a column's sorting is the user's to choose, and
            # each would compile a query of its own.
            member = None if ORDER_VAR in self.params else self._member_list(request)
            if member is not None:
                objects = _compiled_page(rows, school_ids=member[0], group_ids=member[1])
                if objects is not None:
                    # The page read: Django's length, iteration and template use these.
                    rows._result_cache, rows._prefetch_done = objects, True

    def result_rows(self) -> list[SafeString] | None:
        """The page's rows, each its cells as Django's ``items_for_result`` writes them.

        Django looks up, formats and escapes every cell through a dozen calls (about
        20 µs a cell, five hundred cells a page). Here what a column needs is worked out
        once a page: a related object is its ``str()``, a yes/no field one of three
        icons, a field with choices its label, each escaped once; other columns take
        Django's own steps. None where the rows are forms (``list_editable``) or the list
        is a popup: Django's own rows then.
        """
        if self.formset is not None or self.is_popup:
            return None
        empty = self.model_admin.get_empty_value_display()
        names = _PageNames()
        columns = [
            _Column(self, index, name, empty, names) for index, name in enumerate(self.list_display)
        ]
        rows = []
        for result in self.result_list:
            first = True
            cells = []
            for column in columns:
                text, classes = column.cell(result)
                if column.link:
                    # Django's first column: a link to the change page, in a th.
                    tag = "th" if first else "td"
                    first = False
                    text = self._linked(result, text)
                    cells.append(f"<{tag}{classes}>{text}</{tag}>")
                else:
                    cells.append(f"<td{classes}>{text}</td>")
            rows.append(mark_safe("".join(cells)))  # noqa: S308 (each value escaped)
        return rows

    def _linked(self, result: Model, text: str) -> str:
        try:
            url = self.url_for_result(result)
        except NoReverseMatch:
            return text
        if self.preserved_filters:
            url = add_preserved_filters(
                {"preserved_filters": self.preserved_filters, "opts": self.opts}, url
            )
        return f'<a href="{_escaped(url)}">{text}</a>'


# Immutable values whose text a column writes once a page.
_MEMO_TYPES = frozenset({int, Decimal, float, str, datetime.date, type(None)})


class _Column:
    """One column of a changelist, its cells written as Django's ``items_for_result``
    writes them (``TenantChangeList.result_rows``)."""

    def __init__(
        self, changelist: TenantChangeList, index: int, name, empty: str, names: _PageNames
    ) -> None:
        self.changelist, self.name, self.empty, self.names = changelist, name, empty, names
        links = changelist.list_display_links
        # Django's link_in_col: without links named, the first column is the link.
        self.link = links is not None and ((index == 0 and not links) or name in links)
        self.base = self.css = f"field-{_coerce_field_name(name, index)}"
        self.kind, self.field = "generic", None
        admin_checkbox = getattr(type(changelist.model_admin), "action_checkbox", None)
        if name == "action_checkbox" and admin_checkbox is TenantAdmin.action_checkbox:
            self.kind, self.css = "checkbox", "action-checkbox"
            # The words translated once a page.
            self.label = gettext(ACTION_CHECKBOX_LABEL)
        elif isinstance(name, str):
            field = _concrete_field(changelist.lookup_opts, name)
            if field is not None:
                self.field = field
                if isinstance(field.remote_field, ManyToOneRel):
                    self.kind = "related"
                elif getattr(field, "flatchoices", None):
                    self.kind = "choices"
                    self.labels = {
                        value: conditional_escape(label) for value, label in field.flatchoices
                    }
                elif isinstance(field, BooleanField):
                    self.kind = "boolean"
                    self.icons = {value: _boolean_icon(value) for value in (True, False, None)}
                else:
                    self.kind = "field"
                    self.texts: dict[tuple, str] = {}
                if isinstance(field, DateField | TimeField | ForeignKey):
                    self.css += " nowrap"
        self.classes = f' class="{self.css}"'

    def cell(self, result: Model) -> tuple[str, str]:
        """The cell's escaped text and its class attribute."""
        kind = self.kind
        if kind == "related":
            value = getattr(result, self.field.name)
            if value is None:
                return self.empty, self.classes
            # The page's rows share the objects they link to (a school, a task): each
            # named once.
            return self.names.html(value), self.classes
        if kind == "boolean":
            return self.icons[getattr(result, self.field.attname)], self.classes
        if kind == "checkbox":
            return _checkbox(self.label, result, self.names(result)), self.classes
        if kind == "field":
            value = getattr(result, self.field.attname)
            if isinstance(value, str) and value.strip() == "":
                value = ""
            # A value's text follows from the value alone (and the page's language):
            # a page's fifty hours are a few numbers, each formatted once.
            key = (type(value), value) if type(value) in _MEMO_TYPES else None
            text = self.texts.get(key) if key is not None else None
            if text is None:
                text = _escaped(
                    display_for_field(value, self.field, self.empty, avoid_link=self.link)
                )
                if key is not None:
                    self.texts[key] = text
            return text, self.classes
        if kind == "choices":
            value = getattr(result, self.field.attname)
            if isinstance(value, str) and value.strip() == "":
                value = ""
            try:
                return self.labels.get(value, self.empty), self.classes
            except TypeError:  # a value that cannot be a key: Django's own steps
                pass
        return self._generic(result)

    def _generic(self, result: Model) -> tuple[str, str]:
        """Django's ``items_for_result`` for one cell, as it is."""
        name, empty = self.name, self.empty
        classes = [self.base]
        try:
            field, attr, value = lookup_field(name, result, self.changelist.model_admin)
        except ObjectDoesNotExist:
            text = empty
        else:
            empty = getattr(attr, "empty_value_display", empty)
            if isinstance(value, str) and value.strip() == "":
                value = ""
            if field is None or field.auto_created:
                if name == "action_checkbox":
                    classes = ["action-checkbox"]
                boolean = getattr(attr, "boolean", False)
                if isinstance(attr, property) and hasattr(attr, "fget"):
                    boolean = getattr(attr.fget, "boolean", False)
                text = display_for_value(value, empty, boolean)
                if isinstance(value, datetime.date | datetime.time):
                    classes.append("nowrap")
            else:
                if isinstance(field.remote_field, ManyToOneRel):
                    related = getattr(result, field.name)
                    text = empty if related is None else related
                else:
                    text = display_for_field(value, field, empty, avoid_link=self.link)
                if isinstance(field, DateField | TimeField | ForeignKey):
                    classes.append("nowrap")
        return _escaped(text), f' class="{" ".join(classes)}"'


def _concrete_field(opts, name: str):
    """The model's own field of that name, as ``lookup_field`` finds it; None for the
    rest (methods, properties, ``*_id`` names, reverse and generic relations)."""
    try:
        field = opts.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.auto_created or not field.concrete or field.name != name:
        return None
    return field


# Related models whose ``str()`` is this one field: a filter lists them from plain rows.
# An app adds its own models where it registers their admin.
NAMED_BY_FIELD = {"schools.school": "name", "schools.schoolgroup": "name"}


def _named_choices(related: type[Model], listed: QuerySet, ordering, name: str) -> QuerySet:
    """The related objects of the listed rows as (id, name) pairs, in the admin's order."""
    queryset = related._default_manager.complex_filter({"pk__in": listed})
    if ordering:
        queryset = queryset.order_by(*ordering)
    return queryset.values_list("pk", name)


def _scoped_rows(*, school_ids: list[int], group_ids: list[int], model: str) -> QuerySet:
    """The ids of a model's rows a member of these schools and groups sees, as
    ``TenantAdmin.get_queryset`` scopes them (``scope_queryset``)."""
    listed = apps.get_model(model)
    scoped = scope_ids(listed._default_manager.all(), school_ids=school_ids, group_ids=group_ids)
    return scoped.order_by().values_list("pk")


def _select_related_paths(related: dict, prefix: str = "") -> tuple[str, ...]:
    """A query's ``select_related`` tree as the paths that give it back."""
    paths: list[str] = []
    for name, nested in related.items():
        path = f"{prefix}{name}"
        paths.extend(_select_related_paths(nested, f"{path}__") or (path,))
    return tuple(sorted(paths))


def _scoped_page(
    *,
    school_ids: list[int],
    group_ids: list[int],
    model: str,
    ordering: tuple[str, ...],
    related: bool | tuple[str, ...],
    only: tuple[str, ...],
    low: int,
    high: int | None,
) -> QuerySet:
    """A list's page for a member of these schools and groups, as
    ``TenantAdmin.get_queryset`` scopes it and Django's ``ChangeList`` sorts, joins and
    slices it (``_compiled_page`` checks that the SQL is the same)."""
    listed = apps.get_model(model)
    queryset = scope_ids(listed._default_manager.all(), school_ids=school_ids, group_ids=group_ids)
    queryset = queryset.order_by(*ordering)
    if related is True:
        queryset = queryset.select_related()
    elif related:
        queryset = queryset.select_related(*related)
    if only:
        queryset = queryset.only(*only)
    return queryset[low:high]


def _related_rows(*, pks: list[int], model: str) -> QuerySet:
    """The related objects a forward key's ``prefetch_related`` reads, as Django reads
    them (the related model's base manager, by primary key)."""
    return apps.get_model(model)._base_manager.filter(pk__in=pks)


# A page's shape by its options: the model, the fields of its own object, the joined
# objects' populators and the annotations; None where Django's SQL differs from
# ``_scoped_page``'s (a manager of its own, say): that list is left to Django.
_PAGE_SHAPES: dict[tuple, tuple | None] = {}
# The first pages of a list shown in its own order are read this way; further pages and
# lists sorted by a column take Django's steps (a bounded number of compiled queries).
_COMPILED_PAGES = 10


def _first_pages(query) -> bool:
    """Whether a query reads one of a list's first pages, or a whole list that fits on one
    (Django's changelist and paginator then leave it unsliced)."""
    if query.high_mark is None:
        return query.low_mark == 0
    return query.low_mark < _COMPILED_PAGES * (query.high_mark - query.low_mark)


def _forward_key(model: type[Model], name: str):
    """The many-to-one field of that name, to another model's ``id``; None otherwise."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not (isinstance(field, ForeignKey) and field.many_to_one and not field.one_to_one):
        return None
    return field if field.target_field.attname == "id" else None


def _compiled_page(
    rows: QuerySet, *, school_ids: list[int], group_ids: list[int]
) -> list[Model] | None:
    """The objects of a list's page (a sliced queryset ``ChangeList`` built), read with
    SQL compiled once per process: the same objects ``_PageRows`` builds, with their
    ``select_related`` objects and the forward keys they prefetch. None where the page
    is not one of the first of the list in its own order, or its SQL not
    ``_scoped_page``'s."""
    query = rows.query
    names, defer = query.deferred_loading
    prefetch = rows._prefetch_related_lookups
    related = query.select_related
    if (
        rows._known_related_objects
        or rows.db != DEFAULT_DB_ALIAS
        or (defer and names)
        or not _first_pages(query)
        or not all(isinstance(term, str) for term in query.order_by)
    ):
        return None
    paths = related if isinstance(related, bool) else _select_related_paths(related)
    keys = [
        _forward_key(rows.model, lookup) if isinstance(lookup, str) else None for lookup in prefetch
    ]
    # A key also joined is not read again by Django: left to Django here too.
    joined = related is True or (isinstance(related, dict) and any(k in related for k in prefetch))
    if None in keys or (keys and joined):
        return None
    options = {
        "model": rows.model._meta.label,
        "ordering": tuple(query.order_by),
        "related": paths,
        "only": tuple(sorted(names)),
        "low": query.low_mark,
        "high": query.high_mark,
    }
    ids = {"school_ids": school_ids, "group_ids": group_ids}
    objects = _compiled_objects(rows, _scoped_page, options=options, ids=ids)
    if objects is not None:
        for field in keys:
            _prefetch_key(objects, field, rows.db)
    return objects


def _compiled_objects(
    rows: QuerySet | Callable[[], QuerySet],
    build,
    *,
    options: dict,
    ids: dict[str, int | list[int]],
) -> list[Model] | None:
    """The objects of ``rows`` (or of the queryset it makes, only made to check a new
    shape) read through ``compiled_rows(build, …)``, built as ``_PageRows`` builds them,
    with their ``select_related`` objects. None where ``build(**ids, **options)``'s SQL
    is not that of ``rows`` (checked once per shape)."""
    key = (
        build.__qualname__,
        tuple(sorted(options.items())),
        get_language(),
        tuple(len(v) if isinstance(v, list) else None for _, v in sorted(ids.items())),
    )
    if key not in _PAGE_SHAPES:
        try:
            djangos = rows if isinstance(rows, QuerySet) else rows()
            _PAGE_SHAPES[key] = _page_shape(djangos, build(**ids, **options))
        except EmptyResultSet:  # nothing to read: Django's steps (no query either)
            return None
    shape = _PAGE_SHAPES[key]
    if shape is None:
        return None
    model, fields, start, end, populators, annotations = shape
    try:
        found = compiled_rows(build, options=options, convert=True, **ids)
    except EmptyResultSet:
        return None
    db = DEFAULT_DB_ALIAS
    objects = []
    for row in found:
        obj = _instance(model, db, fields, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        for name, position in annotations.items():
            setattr(obj, name, row[position])
        objects.append(obj)
    return objects


def _history_page(
    *,
    object_pk: int,
    model: str,
    pk_name: str,
    ordering: tuple[str, ...],
    related: tuple[str, ...],
    low: int,
    high: int | None,
) -> QuerySet:
    """A page of an object's history records as simple_history's view reads it (its
    ``get_history_queryset``, sliced by the paginator)."""
    tracked = apps.get_model(model)
    history = getattr(tracked, tracked._meta.simple_history_manager_attribute)
    queryset = history.filter(**{pk_name: object_pk})
    if ordering:
        queryset = queryset.order_by(*ordering)
    return queryset.select_related(*related)[low:high]


def _compiled_history(rows: QuerySet, *, model: type[Model], object_id: str) -> list | None:
    """The history page's records (``rows``, the paginator's slice), read with SQL
    compiled once per process; None where the page is not a plain one of the first."""
    query = rows.query
    related = query.select_related
    if (
        getattr(rows, "_as_instances", True)
        or rows._known_related_objects
        or rows._prefetch_related_lookups
        or rows.db != DEFAULT_DB_ALIAS
        or query.deferred_loading[0]
        or not _first_pages(query)
        or not isinstance(related, dict)
        or not all(isinstance(term, str) for term in query.order_by)
        or not isinstance(model._meta.pk, AutoField)
        or not object_id.isdigit()
        or str(int(object_id)) != object_id
    ):
        return None
    options = {
        "model": model._meta.label,
        "pk_name": model._meta.pk.attname,
        "ordering": tuple(query.order_by),
        "related": _select_related_paths(related),
        "low": query.low_mark,
        "high": query.high_mark,
    }
    ids = {"object_pk": int(object_id)}
    return _compiled_objects(rows, _history_page, options=options, ids=ids)


def _scoped_object(
    *,
    school_ids: list[int],
    group_ids: list[int],
    object_pk: int,
    model: str,
    related: tuple[str, ...],
) -> QuerySet:
    """``get_object``'s query on the history page for a member of these schools and
    groups: the object by its id among those ``TenantAdmin.get_queryset`` scopes, with
    what its name reads, as ``QuerySet.get`` runs it."""
    listed = apps.get_model(model)
    queryset = scope_ids(listed._default_manager.all(), school_ids=school_ids, group_ids=group_ids)
    if related:
        queryset = queryset.select_related(*related)
    return queryset.filter(pk=object_pk).order_by()[:MAX_GET_RESULTS]


def _page_shape(rows: QuerySet, built: QuerySet) -> tuple | None:
    """What ``_compiled_page`` needs to build a page's objects from its rows, once the
    SQL of ``_scoped_page`` is found to be Django's own for the page."""
    if built.query.sql_with_params() != rows.query.sql_with_params():
        return None
    compiler = built.query.get_compiler(using=rows.db)
    compiler.setup_query()
    select, klass_info = compiler.select, compiler.klass_info
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    names = [column[0].target.attname for column in select[start:end]]
    populators = _populators(klass_info, select, rows.db)
    annotations = dict(compiler.annotation_col_map or {})
    return klass_info["model"], names, start, end, populators, annotations


def prefetch_forward_keys(objects: list[Model], *lookups: str) -> None:
    """``prefetch_related_objects(objects, *lookups)``, each lookup's queries compiled
    once per process where every step of it is a forward key (``list_task__task``);
    otherwise Django's. The same objects, caches and number of queries."""
    steps = [_lookup_keys(objects, lookup) for lookup in lookups]
    if not objects or any(keys is None for keys in steps):
        prefetch_related_objects(objects, *lookups)
        return
    for keys in steps:
        level = objects
        for depth, field in enumerate(keys):
            # Django prepares each level's objects for their prefetched relations.
            for obj in level:
                if "_prefetched_objects_cache" not in obj.__dict__:
                    obj._prefetched_objects_cache = {}
            missing = [obj for obj in level if not field.is_cached(obj)]
            if missing:
                _prefetch_key(missing, field, DEFAULT_DB_ALIAS, prepared=True)
            if depth + 1 < len(keys):
                level = [
                    related for obj in level if (related := getattr(obj, field.name)) is not None
                ]


def _lookup_keys(objects: list[Model], lookup: str) -> list[ForeignKey] | None:
    """The forward keys a lookup steps through from the objects' model; None where one
    step is anything else."""
    if not objects or not isinstance(lookup, str):
        return None
    model, keys = type(objects[0]), []
    if any(type(obj) is not model for obj in objects):
        return None
    for name in lookup.split("__"):
        field = _forward_key(model, name)
        if field is None:
            return None
        keys.append(field)
        model = field.related_model
    return keys


def _prefetch_key(
    objects: list[Model], field: ForeignKey, db: str, *, prepared: bool = False
) -> None:
    """``prefetch_related_objects(objects, field.name)`` for a forward key, its query
    compiled once per process (and none, as Django, when no object has a value)."""
    pks = sorted({value for obj in objects if (value := getattr(obj, field.attname)) is not None})
    found: dict[int, Model] = {}
    related = field.related_model
    if pks:
        names = [f.attname for f in related._meta.concrete_fields]
        rows = compiled_rows(
            _related_rows, options={"model": related._meta.label}, convert=True, pks=pks
        )
        for row in rows:
            instance = _instance(related, db, names, row)
            found[instance.pk] = instance
    for obj in objects:
        obj._state.fields_cache[field.name] = found.get(getattr(obj, field.attname))
        # As Django leaves an object it has prefetched for.
        if not prepared and "_prefetched_objects_cache" not in obj.__dict__:
            obj._prefetched_objects_cache = {}


def _scoped_choices(
    *,
    school_ids: list[int],
    group_ids: list[int],
    model: str,
    path: str,
    related: str,
    name: str,
    ordering: tuple[str, ...],
) -> QuerySet:
    """``ScopedRelatedFilter``'s query for a member of these schools and groups: the
    listed rows as ``TenantAdmin.get_queryset`` scopes them (``scope_queryset``)."""
    listed_model = apps.get_model(model)
    scoped = scope_ids(
        listed_model._default_manager.all(), school_ids=school_ids, group_ids=group_ids
    )
    listed = scoped.values_list(f"{path}__pk")
    return _named_choices(apps.get_model(related), listed, ordering, name)


class ScopedRelatedFilter(admin.RelatedOnlyFieldListFilter):
    """Django's filter on the related objects of the listed (scoped) objects.

    Django reads the choices as model instances (a hundred schools in the assignments'
    sidebar, ten fields each) and finds them with ``IN (SELECT DISTINCT …)`` over every
    listed row (30,000 assignments: about 8 ms of the database's time a page). Here the
    choices of a model named by one field are read as that field's values, and the
    subquery leaves out the ``DISTINCT`` that ``IN`` does not need, so that PostgreSQL
    can stop at each object's first row. The same choices in the same order.
    """

    def field_choices(self, field, request, model_admin):
        related = field.remote_field.model if field.remote_field else None
        name = NAMED_BY_FIELD.get(related._meta.label_lower) if related is not None else None
        if name is None or field.remote_field.get_related_field().attname != "id":
            return super().field_choices(field, request, model_admin)
        ordering = tuple(self.field_admin_ordering(field, request, model_admin) or ())
        user = request.user
        school_ids, group_ids = member_ids(user)
        if (
            type(model_admin).get_queryset is TenantAdmin.get_queryset
            and user.is_authenticated
            and not user.is_superuser
            and (school_ids or group_ids)
        ):
            # The admin's own scoped list: its SQL compiled once per process.
            options = {
                "model": model_admin.model._meta.label,
                "path": self.field_path,
                "related": related._meta.label,
                "name": name,
                "ordering": ordering,
            }
            try:
                rows = compiled_rows(
                    _scoped_choices,
                    options=options,
                    convert=True,
                    school_ids=school_ids,
                    group_ids=group_ids,
                )
            except EmptyResultSet:  # nothing the member can see: Django reads none
                rows = None
            if rows is not None:
                return [tuple(row) for row in rows]
        listed = model_admin.get_queryset(request).values_list(f"{self.field_path}__pk")
        return list(_named_choices(related, listed, ordering, name))

    def _choice_address(self, changelist) -> list[str] | None:
        """A choice's address around its id (None: the stand-in is not found once)."""
        stand_in = str(_PK_PLACEHOLDER)
        address = changelist.get_query_string(
            {self.lookup_kwarg: _PK_PLACEHOLDER}, [self.lookup_kwarg_isnull]
        )
        return address.split(stand_in) if address.count(stand_in) == 1 else None

    def written_key(self, changelist) -> tuple | None:
        """What ``choices`` follows from, for ``{% tenant_list_filters %}`` to write the
        filter's HTML once for each (a hundred schools' links took about half a
        millisecond a page): the "All" choice, a choice's address around its id, the
        choices read and the ones selected, the empty choice. None where an address is
        Django's own (facets, an id that is not a number) or a name not text."""
        if changelist.add_facets:
            return None
        found = tuple(self.lookup_choices)
        if not all(type(pk) is int and type(name) is str for pk, name in found):
            return None
        parts = self._choice_address(changelist)
        if parts is None:
            return None
        everything = next(super().choices(changelist))
        selected = self.lookup_val
        empty = None
        if self.include_empty_choice:
            empty = (
                bool(self.lookup_val_isnull),
                changelist.get_query_string(
                    {self.lookup_kwarg_isnull: "True"}, [self.lookup_kwarg]
                ),
                str(self.empty_value_display),
            )
        try:
            key = (
                tuple(everything.items()),
                tuple(parts),
                found,
                tuple(selected) if isinstance(selected, list) else selected,
                empty,
            )
            hash(key)
        except TypeError:
            return None
        return key

    def choices(self, changelist):
        """Django's choices, each choice's address written from one built with a stand-in
        id: ``get_query_string`` copies, filters, sorts and encodes the list's parameters
        for each of a hundred schools, and only the id differs."""
        if changelist.add_facets:
            yield from super().choices(changelist)
            return
        choices = super().choices(changelist)
        yield next(choices)  # "All"
        parts = self._choice_address(changelist)
        selected = self.lookup_val
        for pk_val, val in self.lookup_choices:
            if parts is not None and type(pk_val) is int:
                query_string = f"{parts[0]}{pk_val}{parts[1]}"
            else:
                query_string = changelist.get_query_string(
                    {self.lookup_kwarg: pk_val}, [self.lookup_kwarg_isnull]
                )
            yield {
                "selected": selected is not None and str(pk_val) in selected,
                "query_string": query_string,
                "display": val,
            }
        if self.include_empty_choice:
            yield {
                "selected": bool(self.lookup_val_isnull),
                "query_string": changelist.get_query_string(
                    {self.lookup_kwarg_isnull: "True"}, [self.lookup_kwarg]
                ),
                "display": self.empty_value_display,
            }


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
        objects = _compiled_objects(djangos, _scoped_object, options=options, ids=ids)
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


@admin.register(SchoolGroup)
class SchoolGroupAdmin(TenantAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser


@admin.register(School)
class SchoolAdmin(TenantAdmin):
    list_display = ["name", "group", "education_level", "technical_vocational", "pupils"]
    list_filter = ["education_level", "technical_vocational"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["group"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or any(
            m.role == Role.GROUP_ADMIN for m in user_memberships(request.user)
        )

    def _refused(self, request: HttpRequest, schools: list[School], allowed) -> bool:
        refused = [s.name for s in schools if not has_role(request.user, s, allowed)]
        if refused:
            self.message_user(
                request,
                _("Your role does not allow this for %(schools)s.")
                % {"schools": ", ".join(refused)},
                messages.ERROR,
            )
        return bool(refused)


@admin.register(Membership)
class MembershipAdmin(TenantAdmin):
    """Memberships are the roles: ending one (not the account) is how someone leaves.

    Staff status follows: whoever gains or loses a leadership role gains or loses the
    admin site with it.
    """

    list_display = ["user", "role", "school", "group", "created"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "user__last_name"]
    list_select_related = ["user", "school", "group"]

    def save_model(self, request: HttpRequest, obj: Membership, form, change: bool) -> None:
        former_user = Membership.objects.get(pk=obj.pk).user if change else None
        super().save_model(request, obj, form, change)
        user_sync_staff(user=obj.user)
        if former_user is not None and former_user.pk != obj.user_id:
            user_sync_staff(user=former_user)

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        user = obj.user
        super().delete_model(request, obj)
        user_sync_staff(user=user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        users = list({m.user for m in queryset.select_related("user")})
        super().delete_queryset(request, queryset)
        for user in users:
            user_sync_staff(user=user)


@admin.register(Invitation)
class InvitationAdmin(ServiceWriteAdmin):
    """Invitations are made by ``invitation_create``: its rules (who may invite whom,
    where) and its e-mail, as for any invitation."""

    list_display = ["email", "role", "school", "group", "invited_by", "created", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    fields = ["email", "role", "school", "group"]
    list_select_related = ["school", "group", "invited_by"]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # An invitation is sent, not edited: make a new one instead.
        return obj is None and super().has_change_permission(request, obj)

    def service_save(
        self, request: HttpRequest, *, instance: Invitation, data: dict, inlines: list
    ) -> Invitation:
        return invitation_create(
            email=data["email"],
            role=data["role"],
            school=data.get("school"),
            group=data.get("group"),
            invited_by=request.user,
            accept_url_base=request.build_absolute_uri("/").rstrip("/"),
        )

    def service_delete(self, request: HttpRequest, obj: Invitation) -> None:
        obj.delete()


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class ScopedUserAdmin(NotFoundOutsideScope, UserAdmin):
    """Superusers manage every account; group admins and school leaders see their people.

    Outside a superuser's hands an account is never taken over: the password, username,
    active state and staff status are a superuser's only (people reset their own
    password by e-mail; a leader ends a membership, not an account), and the name and
    e-mail address only change for accounts ``may_manage_account`` allows, i.e. those
    that belong nowhere but where the user leads, and hold a lower role there. All
    other accounts in scope are shown read-only.
    """

    limited_fieldsets = (
        (None, {"fields": ("username",)}),
        (gettext_lazy("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (gettext_lazy("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            scoped_users(request.user)
            if not request.user.is_superuser
            else super().get_queryset(request)
        )

    def get_fieldsets(self, request: HttpRequest, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.limited_fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["username", "is_active", "last_login", "date_joined"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _admin_user(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return _admin_user(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Others join by invitation, which gives them their role too.
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if request.user.is_superuser:
            return True
        if not _admin_user(request):
            return False
        return obj is None or may_manage_account(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser

    def user_change_password(self, request: HttpRequest, id, form_url=""):
        """Setting someone's password is a superuser's only; the rest reset by e-mail."""
        self._object_or_404(request, id)
        if not request.user.is_superuser:
            raise PermissionDenied(_("Passwords are reset by their owner, by e-mail."))
        return super().user_change_password(request, id, form_url)


# --- the team builder's and the wizard's models ---------------------------------------


class PersonSchoolFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        person = self.instance
        for form in self.forms:
            school = form.cleaned_data.get("school") if hasattr(form, "cleaned_data") else None
            if school is None or form.cleaned_data.get("DELETE"):
                continue
            if person.group_id is None:
                raise ValidationError(_("Only group-level people split their hours over schools."))
            if school.group_id != person.group_id:
                raise ValidationError(
                    _("%(school)s is not a school of this person's group.") % {"school": school}
                )


def _scoped_admin(model: type[Model]) -> type[admin.ModelAdmin]:
    """A read-only scoped admin, with history where the model keeps it.

    Read-only: a model nobody gave an admin has no service-backed save here, and a plain
    model form would skip the rules its services keep.
    """
    bases = (
        (EditedOnPageAdmin, SimpleHistoryAdmin)
        if hasattr(model, "history")
        else (EditedOnPageAdmin,)
    )
    return type(f"{model.__name__}Admin", bases, {})


def register_app_admins(site: admin.AdminSite | None = None) -> None:
    """Every tenant-owned model of the project in the scoped admin, and only scoped.

    The team builder and the wizard register their models in their own admin modules
    with TenantAdmin subclasses. A tenant-owned model left out gets a plain scoped
    admin here; one registered with anything but a TenantAdmin stops the start-up, as
    it would show every school's data to every admin user.
    """
    site = site or admin.site
    inline_models = {
        inline.model for model_admin in site._registry.values() for inline in model_admin.inlines
    }
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or not _is_tenant_model(model):
            continue
        # Edited with their parent (a group-level person's school shares): not on their own.
        if model.__name__.startswith("Historical") or model in inline_models:
            continue
        if not site.is_registered(model):
            site.register(model, _scoped_admin(model))
        elif not isinstance(site.get_model_admin(model), TenantAdmin):
            raise ImproperlyConfigured(
                f"The admin of {model._meta.label} must extend schools.admin.TenantAdmin "
                "so that it is scoped to the user's schools."
            )


PROJECT_APPS = frozenset({"schools", "tasks", "teams", "guidelines"})
