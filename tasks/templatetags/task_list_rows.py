"""``{% task_list_rows formset group_covers %}``: the rows of the task list editor.

A page of the list holds fifty rows, each a form of its own: the row's id and version
token, a checkbox, two selects and a note, each with its label, and the task's code,
title, badges and group coverage. Through the template engine, with a model form built
per row, that was most of the page. A page as it is first shown (the formset unbound)
is written here from the rows themselves, with ``format_html``, every value escaped;
after a post (errors, conflicts) from the forms, whose widgets write their HTML in
Python (``tasks/widgets.py``). Either way it is the HTML the template wrote
(``tests/tasks/test_task_list_rows.py`` compares it with that template, in
``tests/tasks/reference/``).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from django import forms
from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.template.loader import get_template
from django.utils.html import conditional_escape
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from schools.concurrency import model_tokens
from tasks.models import ListTask
from tasks.models import Task
from tasks.models import text_languages
from tasks.templatetags.row_urls import row_url_for

register = template.Library()

ROW = (
    '\n    <tr class="{row_class}">\n'
    "      <td>\n"
    "        {id}\n"
    "        {version}{conflict}\n"
    "        {title}\n"
    "        {core}\n"
    "        {review}\n"
    "        {cover}\n"
    '        <div class="small text-body-secondary">{topic}</div>\n'
    "        {errors}\n"
    "      </td>\n"
    '      <td><div class="form-check">{applies}<label class="visually-hidden" '
    'for="{applies_id}">{applies_label}: {task_title}</label></div></td>\n'
    '      <td><label class="visually-hidden" for="{horizon_id}">{horizon_label}: '
    "{task_title}</label>{horizon}</td>\n"
    '      <td><label class="visually-hidden" for="{level_id}">{level_label}: '
    "{task_title}</label>{level}</td>\n"
    '      <td><label class="visually-hidden" for="{note_id}">{note_label}: '
    "{task_title}</label>{note}</td>\n"
    "    </tr>\n    "
)


def _escape(value: object) -> str:
    """``conditional_escape``, without its check for lazy strings: a page writes a thousand
    values. A field bound to a posted form writes itself (``__html__``)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def _text(task: Task, columns: tuple[str, ...]) -> str:
    """A translated text of the task (``Task.text``) in the order of ``columns``."""
    for column in columns:
        value = getattr(task, column)
        if value:
            return value
    return ""


def _group_cover(cover) -> SafeString | str:
    """``teams/_group_cover.html``."""
    if not cover:
        return ""
    if cover.by_group and not cover.by_school:
        level = mark_safe(_("Group level (the group's choice)"))
    else:
        level = mark_safe(_("Group level"))
    if cover.covered:
        # As {% blocktranslate %} with ``|join``: the names escaped, the translation as it is.
        people = ", ".join(conditional_escape(name) for name in cover.people)
        covered = mark_safe(_("Covered by the group: %(people)s") % {"people": people})
    else:
        covered = format_html(
            '<span class="text-warning-emphasis">{}</span>',
            mark_safe(_("Nobody of the group executes it for this school yet.")),
        )
    return format_html(
        '<div class="small group-cover">\n  <span class="badge text-bg-info">{}</span>\n'
        "  {}\n</div>",
        level,
        covered,
    )


def _options(field: forms.ChoiceField) -> Callable[[object], str]:
    """A select's options (``tasks.widgets.Select``) for a value, once per value."""
    choices = [(str(value), conditional_escape(label)) for value, label in field.choices]
    written: dict[str, str] = {}

    def options(value: object) -> str:
        key = "" if value is None else str(value)
        if key not in written:
            written[key] = "".join(
                f'\n  <option value="{conditional_escape(choice)}"'
                f"{' selected' if choice == key else ''}>{label}</option>\n"
                for choice, label in choices
            )
        return written[key]

    return options


class _Unbound:
    """A row as the unbound form writes it, from the row itself: one string a row, its
    fields' HTML as ``tasks.widgets`` writes it, in ``ROW``'s places (no conflict, no
    errors), the row's values escaped."""

    def __init__(self, formset: forms.BaseModelFormSet, labels: dict) -> None:
        fields = formset.form.base_fields
        self.prefix = formset.prefix
        # The labels' ``for``: the id escaped as ``ROW`` escapes it; a row's number and a
        # field's name have nothing to escape.
        self.id_prefix = escape(f"id_{formset.prefix}")
        self.horizon = _options(fields["horizon"])
        self.level = _options(fields["level"])
        self.labels = tuple(
            labels[f"{field}_label"] for field in ("applies", "horizon", "level", "note")
        )
        # The snapshot in the version token: the form's fields, then the row id the
        # formset adds (``schools.concurrency.snapshot``).
        # One signer a page (``model_tokens``), not one set up per row.
        self.token = model_tokens([*formset.form._meta.fields, ListTask._meta.pk.name])

    def row(
        self, index: int, entry: ListTask, row_class: str, badges: str, topic: str, task_title: str
    ) -> str:
        """The row, its title, badges and group cover (``badges``) written by the tag."""
        name = f"{self.prefix}-{index}-"
        for_ = f"{self.id_prefix}-{index}-"
        note = "" if entry.note in (None, "") else f' value="{_escape(entry.note)}"'
        token = _escape(self.token(entry))
        checked = " checked" if entry.applies else ""
        applies, horizon, level, note_label = self.labels
        return (
            f'\n    <tr class="{row_class}">\n'
            "      <td>\n"
            f'        <input type="hidden" name="{name}id" value="{entry.pk}" id="id_{name}id">\n'
            f'        <input type="hidden" name="{name}version" value="{token}" '
            f'id="id_{name}version">\n'
            f"{badges}"
            f'        <div class="small text-body-secondary">{topic}</div>\n'
            "        \n"
            "      </td>\n"
            '      <td><div class="form-check">'
            f'<input type="checkbox" name="{name}applies" class="form-check-input" '
            f'id="id_{name}applies"{checked}><label class="visually-hidden" '
            f'for="{for_}applies">{applies}: {task_title}</label></div></td>\n'
            f'      <td><label class="visually-hidden" for="{for_}horizon">{horizon}: '
            f'{task_title}</label><select name="{name}horizon" '
            f'class="form-select form-select-sm" id="id_{name}horizon">'
            f"{self.horizon(entry.horizon)}\n</select></td>\n"
            f'      <td><label class="visually-hidden" for="{for_}level">{level}: '
            f'{task_title}</label><select name="{name}level" '
            f'class="form-select form-select-sm" id="id_{name}level">'
            f"{self.level(entry.level)}\n</select></td>\n"
            f'      <td><label class="visually-hidden" for="{for_}note">{note_label}: '
            f'{task_title}</label><input type="text" name="{name}note"{note} '
            f'class="form-control form-control-sm" id="id_{name}note"></td>\n'
            "    </tr>\n    "
        )


def _bound_fields(form: forms.BaseForm) -> dict:
    """The fields of a posted row: its own widgets, with what was posted and its errors."""
    return {
        **{name: form[name] for name in ("id", "version", "applies", "horizon", "level", "note")},
        **{
            f"{name}_id": form[name].id_for_label
            for name in ("applies", "horizon", "level", "note")
        },
    }


def _errors(form: forms.BaseForm) -> SafeString | str:
    if not form.errors:
        return ""
    return mark_safe(
        "".join(
            format_html('<div class="text-danger small">{}: {}</div>', field.label, error)
            for field in form
            for error in field.errors
        )
    )


def _task(entry: ListTask) -> Task | None:
    try:
        return entry.task
    except ObjectDoesNotExist:  # a posted row id that is not on this list
        return None


@register.simple_tag(takes_context=True)
def task_list_rows(context, formset: forms.BaseModelFormSet, group_covers: dict) -> SafeString:
    owner = context["owner"]
    name = f"tasks:{context['url_kind']}_entry"
    urls = context.render_context.setdefault("row_urls", {})
    # As {% translate %}: a translation is written as it is, not escaped.
    labels = {
        "applies_label": mark_safe(_("Applies")),
        "horizon_label": mark_safe(_("Horizon")),
        "level_label": mark_safe(_("Level")),
        "note_label": mark_safe(_("Note")),
    }
    core_badge = format_html('<span class="badge badge-core">{}</span>', mark_safe(_("Core")))
    if formset.is_bound:
        rows = [(form.instance, form) for form in formset.forms]
    else:
        # The forms are not built: a page as first shown needs only the rows' values.
        unbound = _Unbound(formset, labels)
        rows = [(entry, None) for entry in formset.get_queryset()]
    if not rows:
        return format_html(
            '\n    <tr><td colspan="5">{}</td></tr>\n    ',
            mark_safe(_("No task matches these filters.")),
        )
    html = []
    cluster: object = object()
    # ``task.topic`` and ``task.title`` with the reader's language order worked out once
    # a page, not twice a row (``Task.text``).
    languages = text_languages()
    topics = tuple(f"topic_{code}" for code in languages)
    titles = tuple(f"title_{code}" for code in languages)
    lang_en = mark_safe(' lang="en"')
    for index, (entry, form) in enumerate(rows):
        task = _task(entry)
        if task is None:
            task_cluster, cluster_display, topic, title, is_core = "", "", "", "", False
        else:
            task_cluster, is_core = task.cluster, task.is_core
            topic, title = _text(task, topics), _text(task, titles)
            cluster_display = task.get_cluster_display() if task_cluster != cluster else ""
        html.append("\n    ")
        if task_cluster != cluster:
            html.append(
                format_html(
                    '<tr class="table-light"><th colspan="5" scope="rowgroup">{}</th></tr>',
                    cluster_display,
                )
            )
            cluster = task_cluster
        if entry.pk:
            # format_html's HTML, each value escaped as it escapes them.
            url = _escape(row_url_for(urls, name, owner.slug, entry.pk))
            title_html = mark_safe(
                f'<a href="{url}">{_escape(task.code)}</a>\n        '
                f"<span{'' if task.is_own else lang_en}>{_escape(title)}</span>"
            )
        else:
            title_html = mark_safe(_("Unknown task"))
        review = (
            format_html('<span class="badge text-bg-warning">{}</span>', entry.get_review_display())
            if entry.review
            else ""
        )
        cover = _group_cover(group_covers.get(entry.pk) if group_covers else None)
        if form is None:
            # ``ROW``'s lines from the title to the group cover, as it writes them.
            badges = (
                f"        {title_html}\n        {core_badge if is_core else ''}\n"
                f"        {review}\n        {cover}\n"
            )
            row_class = "core-task" if is_core else ""
            html.append(
                unbound.row(index, entry, row_class, badges, _escape(topic), _escape(title))
            )
            continue
        fields = _bound_fields(form)
        has_errors = bool(form.errors)
        conflict = ""
        if getattr(form, "conflict", None) is not None:
            conflict = get_template("_conflict.html").render(
                {"form": form, "version_rendered": True}
            )
        values = {
            "row_class": ("core-task" if is_core else "") + (" table-danger" if has_errors else ""),
            "conflict": conflict,
            "title": title_html,
            "core": core_badge if is_core else "",
            "review": review,
            "cover": cover,
            "topic": _escape(topic),
            "errors": _errors(form) if has_errors else "",
            "task_title": _escape(title),
            **{key: _escape(value) for key, value in fields.items()},
            **labels,
        }
        # Every value is escaped above or written by escaping its parts: the row is safe.
        html.append(ROW.format(**values))
    return mark_safe("".join(html))


@register.simple_tag
def management_form(formset: forms.BaseFormSet) -> SafeString:
    """``{{ formset.management_form }}``: its four hidden counts, as Django's form template
    writes them (a form rendered through the template engine, a template per input, cost
    more than the page's fifty rows' own inputs). After a post, the form itself, for any
    error it carries."""
    if formset.is_bound:
        return formset.management_form.render()
    prefix = escape(formset.prefix)
    counts = (
        ("TOTAL_FORMS", formset.total_form_count()),
        ("INITIAL_FORMS", formset.initial_form_count()),
        ("MIN_NUM_FORMS", formset.min_num),
        ("MAX_NUM_FORMS", formset.max_num),
    )
    auto_id = formset.auto_id
    return mark_safe(
        "".join(
            f'<input type="hidden" name="{prefix}-{key}" value="{value}"'
            + (f' id="{escape(auto_id % f"{formset.prefix}-{key}")}"' if auto_id else "")
            + ">"
            for key, value in counts
        )
    )
