"""``{% tenant_result_list cl %}``: Django's ``{% result_list %}``, the rows written by
``TenantChangeList.result_rows`` (each row's cells as one string, the same HTML).

The results template draws each row's cells in a loop; here a row is one item, so the
loop writes it at once. Lists that are not a ``TenantChangeList``, edit in place or open
as a popup get Django's own rows.

``{% tenant_app_list %}``: Django's ``admin/app_list.html`` (the sidebar of every admin
page and the index), written in Python: the template resolved a dozen variables and
filtered the request's path three times for each of the thirty models a page.

``{% tenant_filter %}``: Django's ``admin/filter.html`` (a list filter of the sidebar),
written in Python: the assignments' filter on schools draws a hundred choices.

``{% tenant_action_fields %}``: the action form's fields of ``admin/actions.html``,
rendered once a process for each form, language and set of actions: Django renders the
select of actions through the form renderer's templates on every page.
"""

from __future__ import annotations

import re
from pathlib import Path

from django import template
from django.conf import settings
from django.contrib import admin as admin_module
from django.contrib.admin.templatetags.admin_list import ResultList
from django.contrib.admin.templatetags.admin_list import admin_actions
from django.contrib.admin.templatetags.admin_list import admin_list_filter
from django.contrib.admin.templatetags.admin_list import pagination
from django.contrib.admin.templatetags.admin_list import paginator_number
from django.contrib.admin.templatetags.admin_list import result_headers
from django.contrib.admin.templatetags.admin_list import result_hidden_fields
from django.contrib.admin.templatetags.admin_list import result_list
from django.contrib.admin.templatetags.admin_list import search_form
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.template import Context
from django.template.defaultfilters import capfirst
from django.template.defaultfilters import urlencode
from django.templatetags.static import static
from django.urls import NoReverseMatch
from django.urls import get_script_prefix
from django.urls import get_urlconf
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext
from django.utils.translation import ngettext

from schools.admin import TenantChangeList
from schools.kept import Kept

register = template.Library()


def tenant_result_list(cl) -> dict:
    rows = cl.result_rows() if isinstance(cl, TenantChangeList) else None
    if rows is None:
        return result_list(cl)
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": [ResultList(None, [row]) for row in rows],
    }


_RESULTS_TEMPLATE = "change_list_results.html"
# Whether a model's list draws its rows with Django's own template (no override by app
# or model), by (app label, model name): then ``results_html`` writes it.
_DJANGOS_RESULTS: dict[tuple[str, str], bool] = {}


def _djangos_results(engine, opts) -> bool:
    key = (opts.app_label.lower(), opts.model_name)
    own = _DJANGOS_RESULTS.get(key)
    if own is None:
        template = engine.select_template(
            [
                f"admin/{key[0]}/{key[1]}/{_RESULTS_TEMPLATE}",
                f"admin/{key[0]}/{_RESULTS_TEMPLATE}",
                f"admin/{_RESULTS_TEMPLATE}",
            ]
        )
        own = _DJANGOS_RESULTS[key] = template.origin.name == str(
            Path(admin_module.__file__).parent / "templates" / "admin" / _RESULTS_TEMPLATE
        )
    return own


def results_html(context: dict) -> SafeString:
    """Django's ``admin/change_list_results.html`` for ``tenant_result_list``'s context
    (rows without forms), written in Python: the template resolved a dozen variables for
    each column heading and row (``tests/schools/test_admin_speed.py``)."""
    parts = ["\n"]
    hidden = context["result_hidden_fields"]
    if hidden:
        items = "".join(conditional_escape(item) for item in hidden)
        parts.append(f'\n<div class="hiddenfields">\n{items}\n</div>\n')
    parts.append("\n")
    results = context["results"]
    if results:
        parts.append('\n<div class="results">\n<table id="result_list">\n<thead>\n<tr>\n')
        several = context["num_sorted_fields"] > 1
        for header in context["result_headers"]:
            parts.append(f'\n<th scope="col"{conditional_escape(header["class_attrib"])}>\n   ')
            text = conditional_escape(capfirst(header["text"]))
            if header["sortable"] and header["sort_priority"] > 0:
                priority = header["sort_priority"]
                parts.append(
                    '\n       <div class="sortoptions">\n         <a class="sortremove" '
                    f'href="{conditional_escape(header["url_remove"])}" '
                    f'title="{conditional_escape(gettext(_REMOVE_SORTING))}"></a>\n         '
                )
                if several:
                    title = gettext(_PRIORITY) % {"priority_number": _number(priority)}
                    parts.append(
                        f'<span class="sortpriority" title="{title}">{_number(priority)}</span>'
                    )
                direction = "ascending" if header["ascending"] else "descending"
                parts.append(
                    f'\n         <a href="{conditional_escape(header["url_toggle"])}" '
                    f'class="toggle {direction}" '
                    f'title="{conditional_escape(gettext(_TOGGLE_SORTING))}"></a>\n'
                    "       </div>\n   "
                )
            if header["sortable"]:
                url = conditional_escape(header["url_primary"])
                parts.append(f'\n   <div class="text"><a href="{url}">{text}</a></div>')
            else:
                parts.append(f'\n   <div class="text"><span>{text}</span></div>')
            parts.append('\n   <div class="clear"></div>\n</th>')
        parts.append("\n</tr>\n</thead>\n<tbody>\n")
        for result in results:
            parts.append(f"\n\n<tr>{''.join(conditional_escape(item) for item in result)}</tr>\n")
        parts.append("\n</tbody>\n</table>\n</div>\n")
    parts.append("\n")
    return mark_safe("".join(parts))  # noqa: S308 (each value escaped)


def _number(value: int) -> str:
    """A number as the template prints it (localized)."""
    return conditional_escape(localize(value))


# Django's own words, looked up in its catalogue (variables: not ours to extract).
_REMOVE_SORTING, _TOGGLE_SORTING = "Remove from sorting", "Toggle sorting"
_PRIORITY = "Sorting priority: %(priority_number)s"


class TenantResultListNode(InclusionAdminNode):
    """``{% result_list %}`` with the rows of ``TenantChangeList.result_rows``, the
    table written by ``results_html`` where the list uses Django's template."""

    def render(self, context):
        (cl,) = self.get_resolved_arguments(context)[0]
        if (
            isinstance(cl, TenantChangeList)
            and not cl.formset
            and not cl.is_popup
            and _djangos_results(context.template.engine, context["opts"])
        ):
            written = tenant_result_list(cl)
            if all(getattr(row, "form", None) is None for row in written["results"]):
                return results_html(written)
        return super().render(context)


@register.tag(name="tenant_result_list")
def tenant_result_list_tag(parser, token):
    return TenantResultListNode(
        parser,
        token,
        func=tenant_result_list,
        template_name=_RESULTS_TEMPLATE,
        takes_context=False,
    )


# Django's own words, looked up in its catalogue (variables: not ours to extract).
_APP_TITLE = "Models in the %(name)s application"
_MODEL_NAME, _ADD_LINK, _CHANGE_LINK = "Model name", "Add link", "Change or view list link"
_ADD, _VIEW, _CHANGE = "Add", "View", "Change"
_NOTHING = "You don’t have permission to view or edit anything."
_BY = " By %(filter_title)s "


@register.simple_tag(takes_context=True)
def tenant_app_list(context) -> SafeString:
    """Django's ``admin/app_list.html`` for ``app_list``, ``show_changelinks`` and the
    request's path: the same HTML (``tests/schools/test_admin_speed.py``)."""
    return _app_list_html(
        context.get("app_list"), context.get("request"), context.get("show_changelinks")
    )


# The app list's HTML by what it follows from (``_app_list_key``): bounded, as it
# follows the request's path and the user's permissions.
_APP_LISTS: Kept[tuple, SafeString] = Kept(256)


def _app_list_key(app_list, request, changelinks) -> tuple | None:
    """The app list's entries, the request's path and the language: None where a value
    is not plain text (an app's name of its own making, say)."""
    try:
        apps_key = tuple(
            (
                app["app_label"],
                app["app_url"],
                str(app["name"]),
                tuple(
                    (
                        model["object_name"],
                        model["name"],
                        model.get("admin_url"),
                        model.get("add_url"),
                        bool(model.get("view_only")),
                    )
                    for model in app["models"]
                ),
            )
            for app in app_list
        )
    except (KeyError, TypeError):
        return None
    if not all(
        type(value) in _KEY_TYPES for app in apps_key for value in (*app[:3], *_flat(app[3]))
    ):
        return None
    path = request.path if request is not None else None
    return (get_language(), path, bool(changelinks), apps_key)


_KEY_TYPES = frozenset({str, bool, type(None)})


def _flat(models: tuple) -> list:
    return [value for model in models for value in model]


def _app_list_html(app_list, request, changelinks) -> SafeString:
    """``_write_app_list``, written once for each app list, path and language."""
    key = _app_list_key(app_list, request, changelinks) if app_list else None
    if key is None:
        return _write_app_list(app_list, request, changelinks)
    return _APP_LISTS.get(key, lambda: _write_app_list(app_list, request, changelinks))


def _write_app_list(app_list, request, changelinks) -> SafeString:
    if not app_list:
        return mark_safe(f"<p>{gettext(_NOTHING)}</p>")  # noqa: S308 (Django's words)
    path = urlencode(request.path) if request is not None else ""
    add, view, change = gettext(_ADD), gettext(_VIEW), gettext(_CHANGE)
    head = (
        '<thead class="visually-hidden"><tr>'
        f'<th scope="col">{gettext(_MODEL_NAME)}</th>'
        f'<th scope="col">{gettext(_ADD_LINK)}</th>'
        f'<th scope="col">{gettext(_CHANGE_LINK)}</th>'
        "</tr></thead>"
    )
    parts = []
    for app in app_list:
        label, url, name = (
            conditional_escape(app[key]) for key in ("app_label", "app_url", "name")
        )
        current = " current-app" if app["app_url"] in path else ""
        title = gettext(_APP_TITLE) % {"name": name}
        parts.append(
            f'<div class="app-{label} module{current}"><table><caption>'
            f'<a href="{url}" class="section" title="{title}">{name}</a></caption>{head}'
        )
        for model in app["models"]:
            lower = conditional_escape(str(model["object_name"]).lower())
            model_id = f"{label}-{lower}"
            model_name = conditional_escape(model["name"])
            admin_url = model.get("admin_url")
            here = bool(admin_url) and admin_url in path
            parts.append(
                f'<tr class="model-{lower}'
                f'{" current-model" if here else ""}"><th scope="row" id="{model_id}">'
            )
            if admin_url:
                admin_url = conditional_escape(admin_url)
                aria = ' aria-current="page"' if here else ""
                parts.append(f'<a href="{admin_url}"{aria}>{model_name}</a></th>')
            else:
                parts.append(f"{model_name}</th>")
            if model.get("add_url"):
                parts.append(
                    f'<td><a href="{conditional_escape(model["add_url"])}" class="addlink" '
                    f'aria-describedby="{model_id}">{add}</a></td>'
                )
            else:
                parts.append("<td></td>")
            if admin_url and changelinks:
                kind, words = (
                    ("viewlink", view) if model.get("view_only") else ("changelink", change)
                )
                parts.append(
                    f'<td><a href="{admin_url}" class="{kind}" '
                    f'aria-describedby="{model_id}">{words}</a></td>'
                )
            elif changelinks:
                parts.append("<td></td>")
            parts.append("</tr>")
        parts.append("</table></div>")
    return mark_safe("".join(parts))  # noqa: S308 (each value escaped)


@register.simple_tag(takes_context=True)
def tenant_filter(context) -> SafeString:
    """Django's ``admin/filter.html`` for a filter's ``title`` and ``choices``: the same
    HTML (``tests/schools/test_admin_speed.py``)."""
    return _filter_html(context.get("title", ""), context.get("choices", ()))


# Django's filter template, as this project writes it (``admin/filter.html``: the tag,
# then the file's last line break).
_FILTER_TEMPLATE = "admin/filter.html"
_OWN_FILTER = Path(__file__).resolve().parents[2] / "templates" / "admin" / "filter.html"
_OWN_FILTER_SOURCE = (
    "{% load admin_rows %}{% comment %}Django's admin/filter.html, written by "
    "{% tenant_filter %}: the same HTML.{% endcomment %}{% tenant_filter %}\n"
)
_OWN_FILTERS: dict[int, bool] = {}


def _own_filter(engine) -> bool:
    """Whether ``admin/filter.html`` is this project's, only ``{% tenant_filter %}``."""
    own = _OWN_FILTERS.get(id(engine))
    if own is None:
        template = engine.get_template(_FILTER_TEMPLATE)
        own = _OWN_FILTERS[id(engine)] = _is_known(template, _OWN_FILTER, _OWN_FILTER_SOURCE)
    return own


def _is_known(template, path: Path, source: str) -> bool:
    """Whether a template is this project's file at ``path`` and says just ``source``
    (so that a tag may write it in Python): an edited copy is rendered as it is."""
    return Path(template.origin.name).resolve() == path and template.source == source


def _model_template(engine, key: tuple, name: str):
    """The template the changelist finds for ``key``'s model: its own, its app's, the
    admin's."""
    return engine.select_template(
        [f"admin/{key[1]}/{key[2]}/{name}", f"admin/{key[1]}/{name}", f"admin/{name}"]
    )


@register.simple_tag(takes_context=True)
def tenant_list_filters(context, cl) -> SafeString:
    """``{% for spec in cl.filter_specs %}{% admin_list_filter cl spec %}{% endfor %}``:
    each filter of the sidebar drawn with Django's template is written by
    ``_filter_html`` at once, without looking up and rendering its template (the same
    HTML, ``tests/schools/test_admin_speed.py``); any other is Django's own."""
    own = _own_filter(context.template.engine)
    parts = []
    for spec in cl.filter_specs:
        if own and spec.template == _FILTER_TEMPLATE:
            parts.append(_written_filter(spec, cl))
            parts.append("\n")
        else:
            parts.append(conditional_escape(admin_list_filter(cl, spec)))
    return mark_safe("".join(parts))  # noqa: S308 (each part escaped)


# The characters ``iri_to_uri`` writes as they are: a query string Django encoded has
# only these (a hundred schools' addresses in the assignments' filter).
_URI_AS_IS = re.compile(r"[A-Za-z0-9_.~/#%\[\]=:;$&()+,!?*@'-]*")


def _uri(iri) -> str:
    """``iri_to_uri(iri)``, a text of only the characters it keeps given back as it is."""
    if type(iri) is str and _URI_AS_IS.fullmatch(iri):
        return iri
    return iri_to_uri(iri)


# A filter's HTML by what it follows from (``written_key``): bounded, as the choices
# follow the user's schools and the list's address.
_FILTERS: Kept[tuple, SafeString] = Kept(256)


def _written_filter(spec, cl) -> SafeString:
    """``_filter_html`` of a filter's choices, written once for each of its keys where
    the filter gives one (``ScopedRelatedFilter.written_key``)."""
    written_key = getattr(spec, "written_key", None)
    key = written_key(cl) if written_key is not None else None
    if key is None:
        return _filter_html(spec.title, spec.choices(cl))
    key = (type(spec), spec.field_path, get_language(), str(spec.title), key)
    return _FILTERS.get(key, lambda: _filter_html(spec.title, spec.choices(cl)))


def _filter_html(title, choices) -> SafeString:
    title = conditional_escape(title)
    parts = [
        f'<details data-filter-title="{title}" open><summary>'
        f"{gettext(_BY) % {'filter_title': title}}</summary><ul>"
    ]
    for choice in choices:
        selected = ' class="selected"' if choice.get("selected") else ""
        url = conditional_escape(_uri(choice.get("query_string", "")))
        display = conditional_escape(choice.get("display", ""))
        parts.append(f'<li{selected}><a href="{url}">{display}</a></li>')
    parts.append("</ul></details>")
    return mark_safe("".join(parts))  # noqa: S308 (each value escaped)


# The action forms' fields as written, by form, language and fields; bounded, as a
# form's choices follow the user's permissions.
_ACTION_FIELDS: Kept[tuple, SafeString] = Kept(256)


def _action_fields(form) -> SafeString:
    """The loop of ``admin/actions.html``'s ``actions-form`` block, as Django's template
    writes it: a labelled field in a label, the rest as they are."""
    parts = []
    for field in form:
        if field.label:
            parts.append(
                f"<label>{conditional_escape(field.label)} {conditional_escape(field)}</label>"
            )
        else:
            parts.append(conditional_escape(field))
    return mark_safe("".join(parts))  # noqa: S308 (each value escaped)


def _text(value) -> str | None:
    """A label or value as text for a key: None for anything but text (an option group)."""
    if isinstance(value, str | Promise):
        return str(value)
    return None


def _action_fields_key(form) -> tuple | None:
    """What the unbound form's HTML follows from; None where it is not plain text."""
    if form.is_bound or form.initial or form.errors:
        return None
    fields = []
    for name, field in form.fields.items():
        choices = ()
        if hasattr(field, "choices"):
            choices = tuple((_text(value), _text(label)) for value, label in field.choices)
            if any(value is None or label is None for value, label in choices):
                return None
        widget = field.widget
        try:
            attrs = tuple(sorted(widget.attrs.items()))
            hash(attrs)
            hash(field.initial)
        except TypeError:
            return None
        fields.append(
            (name, _text(field.label), field.initial, type(widget), attrs, choices, field.required)
        )
    return (type(form), form.prefix, form.auto_id, get_language(), tuple(fields))


@register.simple_tag
def tenant_action_fields(form) -> SafeString:
    """The fields of the changelist's action form (``admin/actions.html``), the same
    HTML (``tests/schools/test_admin_speed.py``), written once for each key."""
    key = _action_fields_key(form)
    if key is None:
        return _action_fields(form)
    return _ACTION_FIELDS.get(key, lambda: _action_fields(form))


def _own_template(engine, opts, name: str) -> bool:
    """Whether the changelist's tag of that template finds Django's own for this model
    (no app or model has one of its own): then a tag below writes it."""
    key = (id(engine), opts.app_label.lower(), opts.model_name, name)
    own = _DJANGOS_TEMPLATES.get(key)
    if own is None:
        template = _model_template(engine, key, name)
        own = _DJANGOS_TEMPLATES[key] = template.origin.name == str(_DJANGOS_ADMIN / name)
    return own


_DJANGOS_ADMIN = Path(admin_module.__file__).parent / "templates" / "admin"
_DJANGOS_TEMPLATES: dict[tuple, bool] = {}


class WrittenAdminNode(InclusionAdminNode):
    """Django's inclusion tag of the changelist, its template written by ``writer``
    from the tag's own values (or from the page's context for a tag that takes it)
    where the template is Django's own and the page escapes (the same HTML,
    ``tests/schools/test_admin_speed.py``); Django's template otherwise."""

    def __init__(
        self, parser, token, *, func, template_name, writer, takes_context=False, own=None
    ):
        super().__init__(
            parser, token, func=func, template_name=template_name, takes_context=takes_context
        )
        self.writer = writer
        self.own = own or _own_template

    def render(self, context):
        if context.autoescape and self.own(
            context.template.engine, context["opts"], self.template_name
        ):
            # The page's context first where the tag takes it, as Django hands it over.
            args, kwargs = self.get_resolved_arguments(context)
            return self.writer(self.func(*args, **kwargs))
        return super().render(context)


def _pagination_html(values: dict) -> SafeString:
    """Django's ``admin/pagination.html`` for ``pagination(cl)``'s values."""
    cl = values["cl"]
    parts = ['\n\n<p class="paginator">\n']
    if values["pagination_required"]:
        parts.append("\n")
        for number in values["page_range"]:
            parts.append(f"\n    {conditional_escape(paginator_number(cl, number))}\n")
        parts.append("\n")
    count = cl.result_count
    name = cl.opts.verbose_name if count == 1 else cl.opts.verbose_name_plural
    parts.append(f"\n{_number(count)} {conditional_escape(name)}\n")
    if values["show_all_url"]:
        parts.append(
            f'<a href="{conditional_escape(values["show_all_url"])}" class="showall">'
            f"{gettext(_SHOW_ALL)}</a>"
        )
    parts.append("\n")
    if cl.formset and count:
        parts.append(f'<input type="submit" name="_save" class="default" value="{gettext(_SAVE)}">')
    parts.append("\n</p>\n")
    return mark_safe("".join(parts))  # noqa: S308 (each value escaped)


def _search_form_html(values: dict) -> SafeString:
    """Django's ``admin/search_form.html`` for ``search_form(cl)``'s values."""
    cl = values["cl"]
    if not cl.search_fields:
        return mark_safe("\n\n")
    search_var = values["search_var"]
    help_text = cl.search_help_text
    described = ' aria-describedby="searchbar_helptext"' if help_text else ""
    parts = [
        '\n\n<div id="toolbar"><form id="changelist-search" method="get" role="search">\n'
        "<div><!-- DIV needed for valid HTML -->\n"
        f'<label for="searchbar"><img src="{conditional_escape(static(_SEARCH_ICON))}" '
        'alt="Search"></label>\n'
        f'<input type="text" size="40" name="{conditional_escape(search_var)}" '
        f'value="{conditional_escape(cl.query)}" id="searchbar"{described}>\n'
        f'<input type="submit" value="{gettext(_SEARCH)}">\n'
    ]
    if values["show_result_count"]:
        count = cl.result_count
        found = ngettext(_RESULT, _RESULTS, count) % {"counter": _number(count)}
        address = ""
        if cl.is_popup:
            address = f"{conditional_escape(values['is_popup_var'])}=1"
            if cl.add_facets:
                address += "&"
        if cl.add_facets:
            address += conditional_escape(values["is_facets_var"])
        if cl.show_full_result_count:
            total = gettext(_TOTAL) % {"full_result_count": _number(cl.full_result_count)}
        else:
            total = gettext(_SHOW_ALL)
        parts.append(
            f'\n    <span class="small quiet">{found} (<a href="?{address}">{total}</a>)</span>\n'
        )
    parts.append("\n")
    for name, value in cl.params.items():
        hidden = ""
        if name != search_var:
            hidden = (
                f'<input type="hidden" name="{conditional_escape(name)}" '
                f'value="{conditional_escape(value)}">'
            )
        parts.append(f"\n    {hidden}\n")
    parts.append("\n</div>\n")
    if help_text:
        parts.append(
            '\n<br class="clear">\n<div class="help" id="searchbar_helptext">'
            f"{conditional_escape(help_text)}</div>\n"
        )
    parts.append("\n</form></div>\n\n")
    return mark_safe("".join(parts))  # noqa: S308 (each value escaped)


def _object_tools_html(context) -> SafeString:
    """Django's ``admin/change_list_object_tools.html`` for the page's context."""
    parts = ["\n\n\n  "]
    if context.get("has_add_permission"):
        opts = context["cl"].opts
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        try:
            url = reverse(admin_urlname(opts, "add"), current_app=current_app)
        except NoReverseMatch:
            url = ""
        address = add_preserved_filters(
            context, url, context.get("is_popup"), context.get("to_field")
        )
        name = conditional_escape(opts.verbose_name)
        parts.append(
            f'\n  <li>\n    \n    <a href="{conditional_escape(address)}" class="addlink">\n'
            f"      {gettext(_ADD_NAME) % {'name': name}}\n    </a>\n  </li>\n  "
        )
    parts.append("\n\n")
    return mark_safe("".join(parts))  # noqa: S308 (each value escaped)


# Django's own words, looked up in its catalogue (variables: not ours to extract).
_SHOW_ALL, _SAVE, _SEARCH = "Show all", "Save", "Search"
_RESULT, _RESULTS = "%(counter)s result", "%(counter)s results"
_TOTAL, _ADD_NAME = "%(full_result_count)s total", "Add %(name)s"
_SEARCH_ICON = "admin/img/search.svg"


@register.tag(name="tenant_pagination")
def tenant_pagination_tag(parser, token):
    """``{% pagination cl %}``, written by ``_pagination_html``."""
    return WrittenAdminNode(
        parser, token, func=pagination, template_name="pagination.html", writer=_pagination_html
    )


@register.tag(name="tenant_search_form")
def tenant_search_form_tag(parser, token):
    """``{% search_form cl %}``, written by ``_search_form_html``."""
    return WrittenAdminNode(
        parser,
        token,
        func=search_form,
        template_name="search_form.html",
        writer=_search_form_html,
    )


@register.tag(name="tenant_object_tools")
def tenant_object_tools_tag(parser, token):
    """``{% change_list_object_tools %}``, written by ``_object_tools_html``."""
    return WrittenAdminNode(
        parser,
        token,
        func=lambda context: context,
        template_name="change_list_object_tools.html",
        writer=_object_tools_html,
        takes_context=True,
    )


_OWN_ACTIONS = Path(__file__).resolve().parents[2] / "templates" / "admin" / "actions.html"
_OWN_ACTIONS_SOURCE = (
    '{% extends "admin/actions.html" %}{% load admin_rows %}{% comment %}Django\'s action '
    "bar, the form's fields written by tenant_action_fields: the same HTML.{% endcomment %}\n"
    "{% block actions-form %}\n    {% tenant_action_fields action_form %}\n    {% endblock %}\n"
)

_OWN_ACTION_BARS: dict[tuple, bool] = {}


def _own_actions(engine, opts, name: str) -> bool:
    """Whether the action bar's template is this project's (``admin/actions.html``: only
    the form's fields of its own) over Django's, for this model."""
    key = (id(engine), opts.app_label.lower(), opts.model_name, name)
    own = _OWN_ACTION_BARS.get(key)
    if own is None:
        template = _model_template(engine, key, name)
        own = _is_known(template, _OWN_ACTIONS, _OWN_ACTIONS_SOURCE)
        if own:
            parent, _origin = engine.find_template(f"admin/{name}", skip=[template.origin])
            own = parent.origin.name == str(_DJANGOS_ADMIN / name)
        _OWN_ACTION_BARS[key] = own
    return own


def _actions_html(context) -> SafeString:
    """Django's ``admin/actions.html`` with this project's fields of the form, for the
    page's context (``admin_actions`` has counted the bar in it). A template's
    ``{% translate "…" %}`` of its own words is not escaped: Django marks them safe."""
    index = context.get("action_index") or 0
    parts = [
        '\n<div class="actions">\n  \n    \n    ',
        tenant_action_fields(context.get("action_form")),
        "\n    \n    \n    "
        f'<button type="submit" class="button" title="{gettext(_RUN)}" '
        f'name="index" value="{_number(index)}">{gettext(_GO)}</button>'
        "\n    \n    \n    ",
    ]
    if context.get("actions_selection_counter"):
        cl = context["cl"]
        shown = len(cl.result_list)
        parts.append(
            f'\n        <span class="action-counter" data-actions-icnt="{_number(shown)}">'
            f"{conditional_escape(context.get('selection_note', ''))}</span>\n        "
        )
        if cl.result_count != shown:
            select_all = gettext(_SELECT_ALL) % {
                "total_count": _number(cl.result_count),
                "module_name": conditional_escape(context.get("module_name", "")),
            }
            parts.append(
                '\n        <span class="all hidden">'
                f"{conditional_escape(context.get('selection_note_all', ''))}</span>\n"
                '        <span class="question hidden">\n'
                f'            <a role="button" href="#" title="{gettext(_ACROSS)}">'
                f"{select_all}</a>\n        </span>\n"
                '        <span class="clear hidden"><a role="button" href="#">'
                f"{gettext(_CLEAR)}</a></span>\n        "
            )
        parts.append("\n    ")
    parts.append("\n    \n  \n</div>\n")
    return mark_safe("".join(parts))  # noqa: S308 (each value escaped)


# Django's own words, looked up in its catalogue (variables: not ours to extract).
_RUN, _GO = "Run the selected action", "Go"
_ACROSS = "Click here to select the objects across all pages"
_SELECT_ALL = "Select all %(total_count)s %(module_name)s"
_CLEAR = "Clear selection"


@register.tag(name="tenant_admin_actions")
def tenant_admin_actions_tag(parser, token):
    """``{% admin_actions %}``, written by ``_actions_html``."""
    return WrittenAdminNode(
        parser,
        token,
        func=admin_actions,
        template_name="actions.html",
        writer=_actions_html,
        takes_context=True,
        own=_own_actions,
    )


# Django's own words, looked up in its catalogue (variables: not ours to extract).
_VIEW_SITE, _DOCUMENTATION = "View site", "Documentation"
_CHANGE_PASSWORD, _LOG_OUT = "Change password", "Log out"
_THEME_TOGGLE = "admin/color_theme_toggle.html"
# The theme toggle by engine and language, and the addresses of the user's links by name,
# application, script prefix and URL configuration (None: no such address).
_TOGGLES: dict[tuple, SafeString] = {}
_USER_ADDRESSES: dict[tuple, str | None] = {}


def _theme_toggle(engine) -> SafeString | None:
    """Django's ``admin/color_theme_toggle.html``, written once per language: its own
    words only. None where an app has a template of its own."""
    key = (id(engine), get_language())
    toggle = _TOGGLES.get(key)
    if toggle is None:
        template = engine.get_template(_THEME_TOGGLE)
        if template.origin.name != str(_DJANGOS_ADMIN / "color_theme_toggle.html"):
            return None
        toggle = _TOGGLES[key] = mark_safe(  # noqa: S308 (Django's template)
            template.render(Context(autoescape=True))
        )
    return toggle


def _user_address(name: str, current_app: str | None) -> str | None:
    """``{% url name %}`` as the page reverses it, once per process."""
    key = (name, current_app, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    if key not in _USER_ADDRESSES:
        try:
            _USER_ADDRESSES[key] = reverse(name, current_app=current_app)
        except NoReverseMatch:
            _USER_ADDRESSES[key] = None
    return _USER_ADDRESSES[key]


def _current_app(context) -> str | None:
    """The application ``{% url %}`` reverses in, as it finds it."""
    try:
        return context.request.current_app
    except AttributeError:
        try:
            return context.request.resolver_match.namespace
        except AttributeError:
            return None


class UserLinksNode(template.Node):
    """The ``userlinks`` block of Django's ``admin/base.html`` (the site's, the
    documentation's and the password's links, the log-out form and the theme toggle),
    written in Python: the same HTML (``tests/schools/test_admin_speed.py``)."""

    def __init__(self, nodelist) -> None:
        self.nodelist = nodelist  # Django's block, for a page that does not escape

    def render(self, context) -> SafeString:
        toggle = _theme_toggle(context.template.engine) if context.autoescape else None
        if toggle is None:
            return self.nodelist.render(context)
        user = context.get("user")
        current_app = _current_app(context)
        parts = ["\n                "]
        site_url = context.get("site_url")
        if site_url:
            parts.append(
                f'\n                    <a href="{conditional_escape(site_url)}">'
                f"{gettext(_VIEW_SITE)}</a> /\n                "
            )
        parts.append("\n                ")
        if user.is_active and user.is_staff:
            parts.append("\n                    \n                    ")
            docs = _user_address("django-admindocs-docroot", current_app)
            if docs:
                parts.append(
                    f'\n                        <a href="{conditional_escape(docs)}">'
                    f"{gettext(_DOCUMENTATION)}</a> /\n                    "
                )
            parts.append("\n                ")
        parts.append("\n                ")
        if user.has_usable_password():
            password = _user_address("admin:password_change", current_app)
            if password is None:
                raise NoReverseMatch("admin:password_change")
            parts.append(
                f'\n                <a href="{conditional_escape(password)}">'
                f"{gettext(_CHANGE_PASSWORD)}</a> /\n                "
            )
        log_out = _user_address("admin:logout", current_app)
        if log_out is None:
            raise NoReverseMatch("admin:logout")
        token = context.get("csrf_token")
        if token and token != "NOTPROVIDED":
            token = format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token
            )
        else:
            token = ""
        parts.append(
            '\n                <form id="logout-form" method="post" '
            f'action="{conditional_escape(log_out)}">\n                    {token}\n'
            f'                    <button type="submit">{gettext(_LOG_OUT)}</button>\n'
            f"                </form>\n                {toggle}\n            "
        )
        return mark_safe("".join(parts))  # noqa: S308 (each value escaped)


@register.tag(name="tenant_userlinks")
def tenant_userlinks_tag(parser, token):
    """``{% tenant_userlinks %}…{% end_tenant_userlinks %}``: Django's ``userlinks``
    block between them, written by ``UserLinksNode``."""
    nodelist = parser.parse(("end_tenant_userlinks",))
    parser.delete_first_token()
    return UserLinksNode(nodelist)


# Django's own words, looked up in its catalogue (variables: not ours to extract).
_TOGGLE_NAVIGATION, _SIDEBAR = "Toggle navigation", "Sidebar"
_START_TYPING, _FILTER_ITEMS = "Start typing to filter…", "Filter navigation items"
_OWN_APP_LIST = Path(__file__).resolve().parents[2] / "templates" / "admin" / "app_list.html"
_OWN_APP_LIST_SOURCE = (
    "{% load admin_rows %}{% comment %}Django's admin/app_list.html, written by "
    "{% tenant_app_list %}: the same HTML.{% endcomment %}{% tenant_app_list %}\n"
)
_OWN_SIDEBARS: dict[int, bool] = {}


def _own_sidebar(engine) -> bool:
    """Whether the sidebar is Django's ``admin/nav_sidebar.html`` around this project's
    ``admin/app_list.html``."""
    own = _OWN_SIDEBARS.get(id(engine))
    if own is None:
        sidebar = engine.get_template("admin/nav_sidebar.html")
        app_list = engine.get_template("admin/app_list.html")
        own = _OWN_SIDEBARS[id(engine)] = sidebar.origin.name == str(
            _DJANGOS_ADMIN / "nav_sidebar.html"
        ) and _is_known(app_list, _OWN_APP_LIST, _OWN_APP_LIST_SOURCE)
    return own


class NavSidebarNode(template.Node):
    """The ``nav-sidebar`` block of Django's ``admin/base.html`` (its
    ``admin/nav_sidebar.html`` around the app list), written in Python: the same HTML
    (``tests/schools/test_admin_speed.py``)."""

    def __init__(self, nodelist) -> None:
        self.nodelist = nodelist  # Django's block, for a page that does not escape

    def render(self, context) -> SafeString:
        if not (context.autoescape and _own_sidebar(context.template.engine)):
            return self.nodelist.render(context)
        app_list = _app_list_html(context.get("available_apps"), context.get("request"), False)
        return mark_safe(  # noqa: S308 (Django's words, the app list escaped)
            "\n          \n"
            '<button class="sticky toggle-nav-sidebar" id="toggle-nav-sidebar" '
            f'aria-label="{gettext(_TOGGLE_NAVIGATION)}"></button>\n'
            f'<nav class="sticky" id="nav-sidebar" aria-label="{gettext(_SIDEBAR)}">\n'
            '  <input type="search" id="nav-filter"\n'
            f'         placeholder="{gettext(_START_TYPING)}"\n'
            f'         aria-label="{gettext(_FILTER_ITEMS)}">\n'
            f"  {app_list}\n\n</nav>\n\n        "
        )


@register.tag(name="tenant_nav_sidebar")
def tenant_nav_sidebar_tag(parser, token):
    """``{% tenant_nav_sidebar %}…{% end_tenant_nav_sidebar %}``: Django's
    ``nav-sidebar`` block between them, written by ``NavSidebarNode``."""
    nodelist = parser.parse(("end_tenant_nav_sidebar",))
    parser.delete_first_token()
    return NavSidebarNode(nodelist)
