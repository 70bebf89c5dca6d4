"""The changelist of a scoped admin (``TenantChangeList``): Django's, with the rows' change
addresses reversed once a page, a member's unfiltered list read through the compiled reads
(``reads``), each row's cells written once (``_Column``) and kept per process by the rows
they are written from (``_ROWS``), and the names of related objects written once a page
(``_PageNames``, ``NAMED_FROM``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from html import escape as escape_html
from urllib.parse import quote_plus

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_list import _boolean_icon
from django.contrib.admin.templatetags.admin_list import _coerce_field_name
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field
from django.contrib.admin.utils import display_for_value
from django.contrib.admin.utils import lookup_field
from django.contrib.admin.views.main import ORDER_VAR
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import EmptyResultSet
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db import connections
from django.db.models import BooleanField
from django.db.models import DateField
from django.db.models import ForeignKey
from django.db.models import ManyToOneRel
from django.db.models import Model
from django.db.models import QuerySet
from django.db.models import TimeField
from django.db.models.query import ModelIterable
from django.http import HttpRequest
from django.urls import NoReverseMatch
from django.urls import get_script_prefix
from django.urls import get_urlconf
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext

from schools.access import member_ids
from schools.admin.reads import _PK_PLACEHOLDER
from schools.admin.reads import _compiled_page
from schools.admin.reads import _PageRows
from schools.admin.reads import _RawPage
from schools.admin.reads import _school_counts
from schools.admin.reads import _scoped_count_parts
from schools.admin.reads import _scoped_count_rows
from schools.admin.reads import counted_by_tokens
from schools.admin.reads import counted_in_parts
from schools.admin.reads import scoped_tokens
from schools.admin.scoping import ACTION_CHECKBOX_LABEL
from schools.admin.scoping import keeps_own
from schools.changes import kept_by_tokens
from schools.compiled import compiled_rows
from schools.kept import Kept

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


# A new value's stand-in in a query string, written as it is, and the types of the values
# written in its place (``urlencode`` writes any other as its items).
_QUERY_STAND_IN = "QueryValueStandIn"
_QUERY_VALUE_TYPES = frozenset({str, int, bool, Decimal})


# The number of a model's rows of one school, by (school, change token, model).
_SCHOOL_COUNTS: Kept[tuple, int] = Kept(20_000)


def _count_by_tokens(
    request: HttpRequest, label: str, *, school_ids: list[int], group_ids: list[int]
) -> int:
    """The rows of a list a member sees: each school's rows counted apart, kept while the
    school's change token stays (a count of 15,000 rows in PostgreSQL takes about 2 ms,
    the tokens of a hundred schools a tenth of it), the group's own rows counted each
    time. One query (``scoped_tokens``, which the filter on the school shares); one more
    for the schools whose rows changed since."""
    tokens, others = scoped_tokens(request, label, school_ids=school_ids, group_ids=group_ids)

    def count(ids: list[int]) -> dict[int, int]:
        counted = dict(compiled_rows(_school_counts, options={"model": label}, school_ids=ids))
        return {school: counted.get(school, 0) for school in ids}

    return others + sum(kept_by_tokens(_SCHOOL_COUNTS, tokens, count, label).values())


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
            or not keeps_own(model_admin, "get_queryset")
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
        label = self.model._meta.label
        if counted_by_tokens(label):
            try:
                return _count_by_tokens(request, label, school_ids=school_ids, group_ids=group_ids)
            except EmptyResultSet:  # nothing the member can see: Django counts none
                return None
        build, outer = _scoped_count_rows, "SELECT COUNT(*) FROM ({rows}) listed"
        if connection.vendor == "postgresql" and counted_in_parts(label):
            build, outer = _scoped_count_parts, "SELECT SUM(n) FROM ({rows}) listed"
        try:
            rows = compiled_rows(
                build,
                outer=outer,
                options={"model": label},
                school_ids=school_ids,
                group_ids=group_ids,
            )
        except EmptyResultSet:  # nothing the member can see: Django counts none
            return None
        return int(rows[0][0] or 0)

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
                raw = _RawPage()
                objects = _compiled_page(rows, school_ids=member[0], group_ids=member[1], raw=raw)
                if objects is not None:
                    # The page read: Django's length, iteration and template use these.
                    rows._result_cache, rows._prefetch_done = objects, True
                    self._raw_page = raw

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
        made: list[list[_Column]] = []

        def columns() -> list[_Column]:
            # Worked out for the first row written, not for a page of kept rows.
            if not made:
                names = _PageNames()
                made.append(
                    [
                        _Column(self, index, name, empty, names)
                        for index, name in enumerate(self.list_display)
                    ]
                )
            return made[0]

        kept = self._kept_rows(columns, empty)
        if kept is not None:
            return kept
        return [self._row(result, columns()) for result in self.result_list]

    def _row(self, result: Model, columns: list[_Column]) -> SafeString:
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
        return mark_safe("".join(cells))  # noqa: S308 (each value escaped)

    def _kept_rows(
        self, columns: Callable[[], list[_Column]], empty: str
    ) -> list[SafeString] | None:
        """The page's rows, each kept per process by the database's rows it is written
        from: its own (with the objects joined to it) and those of the objects its
        forward keys prefetched, the page's language, time zone, columns and addresses.
        A row's cells follow from these alone where every column is one ``_Column``
        writes itself (a field, a yes/no, a choice, a related object, the checkbox): an
        admin's method may read anything. A page that ran a query while writing its
        rows (an object named from one not read with the page) keeps none of them.
        None where the page was not read by ``_compiled_page``."""
        raw = getattr(self, "_raw_page", None)
        results = self.result_list
        if raw is None or raw.shape is None or len(raw.rows) != len(results):
            return None
        display = (
            type(self.model_admin),
            tuple(self.list_display),
            None if self.list_display_links is None else tuple(self.list_display_links),
        )
        own = _OWN_COLUMNS.get(display)
        if own is None:
            own = _OWN_COLUMNS[display] = all(column.kind != "generic" for column in columns())
        if not own:
            return None
        page = (
            raw.shape,
            *display,
            empty,
            self.preserved_filters,
            get_language(),
            timezone.get_current_timezone_name(),
            get_script_prefix(),
            get_urlconf(),
            self.model_admin.admin_site.name,
        )
        related = raw.related
        kept = _ROWS.values
        rows, fresh, ran = [], [], []

        def counted(execute, sql, params, many, context):
            ran.append(sql)
            return execute(sql, params, many, context)

        with connections[raw.shape[3]].execute_wrapper(counted):
            for result, row in zip(results, raw.rows, strict=True):
                key = (page, row, *(by_pk.get(getattr(result, name)) for name, by_pk in related))
                try:
                    html = kept.get(key)
                except TypeError:  # a value that cannot be a key (a JSON field's)
                    key, html = None, None
                if html is None:
                    html = self._row(result, columns())
                    if key is not None:
                        fresh.append((key, html))
                rows.append(html)
        if not ran:
            for key, html in fresh:
                _ROWS.get(key, lambda html=html: html)
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


# A page's rows kept by what they are written from (``TenantChangeList._kept_rows``):
# about 5 kB each with its key (an assignment's), forty pages of fifty rows.
_ROWS: Kept[tuple, SafeString] = Kept(2_000)
# Whether every column of a list (by admin, columns and links) is one ``_Column`` writes
# itself: a few lists a process.
_OWN_COLUMNS: dict[tuple, bool] = {}

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
        if name == "action_checkbox" and keeps_own(changelist.model_admin, "action_checkbox"):
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
