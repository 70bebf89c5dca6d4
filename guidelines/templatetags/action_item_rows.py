"""``{% action_item_rows action_items %}``: the rows of a plan's action items.

A plan walked to the end holds a hundred action items and more, each row a form of its
own: an address, a CSRF token, a version token, five inputs with their labels. Through
the template engine that was about half of the plan page. Written here with
``format_html``, every value escaped, it is the same HTML
(``tests/guidelines/test_action_item_rows.py`` compares it with the template it replaces).
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import conditional_escape
from django.utils.html import format_html
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guidelines.flowchart import INTERNAL
from guidelines.models import ActionItem
from guidelines.selectors import GapTask
from schools.concurrency import model_payloads
from schools.concurrency import signed_payloads
from schools.concurrency import version_of
from schools.kept import Kept
from tasks.models import text_languages
from tasks.templatetags.row_urls import row_url_for

register = template.Library()


def _escape(value: object) -> str:
    """``conditional_escape`` for a row's own values (texts from the database, numbers,
    addresses, tokens): the same text, without the check for lazy arguments that Django's
    ``escape`` makes on every call, five hundred times a page here."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


VERSION_FIELDS = ["text", "who", "due", "done"]


def _step(item: ActionItem) -> SafeString | str:
    if not item.step:
        return ""
    # As {% blocktranslate %}: the value escaped, the translation as it is.
    return format_html(
        '<span class="small text-body-secondary">{}</span>',
        mark_safe(_("Step %(number)s") % {"number": conditional_escape(item.step)}),
    )


@register.simple_tag(takes_context=True)
def action_item_rows(context, items: Iterable[ActionItem]) -> SafeString:
    if not context.get("can_run"):
        yes, no = _("yes,no").split(",")[:2]
        return format_html_join(
            "",
            "<tr{}>\n    <td>{}</td><td>{}</td><td>{}</td><td>{}</td>\n  </tr>\n",
            (
                (
                    mark_safe(' class="text-body-secondary"') if item.done else "",
                    item.text,
                    item.who,
                    date_filter(item.due, "DATE_FORMAT") or "—",
                    yes if item.done else no,
                )
                for item in items
            ),
        )
    owner = context["owner"]
    name = f"guidelines:{context['url_kind']}_action"
    urls = context.render_context.setdefault("row_urls", {})
    csrf = CsrfTokenNode().render(context)
    sign = signed_payloads()
    language = get_language()

    def row(item: ActionItem) -> str:
        url = row_url_for(urls, name, owner.slug, item.pk)
        # What the row's HTML and its token's payload depend on, but for the CSRF token
        # and the second the token is signed in (the version as its text, which is what
        # the token says).
        key = (language, url, version_of(item), item.text, item.who, item.due, item.done, item.step)
        head, payload, tail = _ROWS.get(key, lambda: _row_parts(item, url))
        return f"{head}{csrf}{_VERSION}{sign(payload)}{tail}"

    return mark_safe("".join(row(item) for item in items))


# A row's HTML around its CSRF and version tokens, and its token's payload, kept for the
# process by everything they are written from (``action_item_rows``): a plan's rows
# change one at a time, and writing a hundred of them again for each request (escaping
# and formatting each value, the payload's JSON) was most of the rows' cost. The bound
# keeps a process's memory small (about 1.6 kB a row: some fifty plans walked to the
# end, in either language); past it the rows are written again.
_ROWS: Kept[tuple, tuple[str, str, str]] = Kept(5_000)
_VERSION = '<input type="hidden" name="version" value="'
_payload = model_payloads(VERSION_FIELDS)


def _row_parts(item: ActionItem, url: str) -> tuple[str, str, str]:
    """An editable row's HTML before its CSRF token and after its version token's
    value, and the token's payload (``model_payloads``); nothing escaped needs escaping
    in the token, base 64 and colons."""
    action, who, by_when, done, save = (
        conditional_escape(label)
        for label in (_("Action"), _("Who"), _("By when"), _("Done"), _("Save"))
    )
    form = f"action-{item.pk}"
    text = _escape(item.text)
    # As ``date:"Y-m-d"``: a date's ISO form (four-digit year), nothing to escape.
    due = item.due.isoformat() if item.due else ""
    muted = ' class="text-body-secondary"' if item.done else ""
    head = f'<tr{muted}>\n    <td><form method="post" id="{form}" action="{_escape(url)}">'
    tail = (
        '"></form>\n'
        f'      <label class="visually-hidden" for="{form}-text">{action}</label>\n'
        f'      <input form="{form}" class="form-control form-control-sm" type="text" '
        f'name="text" id="{form}-text" value="{text}" maxlength="500" required>\n'
        f"      {_step(item)}</td>\n"
        f'    <td><label class="visually-hidden" for="{form}-who">{who}</label>'
        f'<input form="{form}" class="form-control form-control-sm" type="text" '
        f'name="who" id="{form}-who" value="{_escape(item.who)}" maxlength="200" '
        "required></td>\n"
        f'    <td><label class="visually-hidden" for="{form}-due">{by_when}</label>'
        f'<input form="{form}" class="form-control form-control-sm" type="date" '
        f'name="due" id="{form}-due" value="{due}">'
        "</td>\n"
        f'    <td><input form="{form}" class="form-check-input" type="checkbox" '
        f'name="done" id="{form}-done"{" checked" if item.done else ""}><label '
        f'class="visually-hidden" for="{form}-done">{done}</label></td>\n'
        f'    <td><button form="{form}" type="submit" class="btn btn-sm '
        f'btn-outline-primary">{save}<span class="visually-hidden"> {text}</span>'
        "</button></td>\n"
        "  </tr>\n"
    )
    return head, _payload(item), tail


@register.simple_tag
def action_plan_item_rows(items: Iterable[ActionItem]) -> SafeString:
    """The action plan's table of action items (page and PDF), a row an item: a plan
    walked to the end has a hundred, the largest part of the action plan's template
    (``tests/guidelines/test_action_item_rows.py`` compares it with the template it
    replaces). Each value escaped once, as ``format_html`` did, the words and each date
    once a page."""
    yes, no = (conditional_escape(word) for word in _("yes,no").split(",")[:2])
    dates: dict = {}

    def due(item: ActionItem) -> str:
        if item.due not in dates:
            dates[item.due] = conditional_escape(date_filter(item.due, "DATE_FORMAT") or "—")
        return dates[item.due]

    return mark_safe(
        "\n".join(
            f"<tr><td>{_escape(item.text)}</td><td>{_escape(item.who)}</td>"
            f"<td>{due(item)}</td><td>{yes if item.done else no}</td></tr>"
            for item in items
        )
    )


@register.simple_tag
def action_plan_gap_items(gaps: Iterable) -> SafeString:
    """The action plan's gap tasks of one route (page and PDF), an item a task: a team
    that has just started has a hundred and more. The same HTML as the template it
    replaces (``tests/guidelines/test_action_item_rows.py``)."""
    taken_on = _("taken on by %(who)s")
    suggested = conditional_escape(_("suggested, not decided yet"))
    suggested = f" <em>({suggested})</em>"
    # A task's title in the reader's language, else another (``Task.title``), the
    # languages' order worked out once a page.
    titles = [f"title_{code}" for code in text_languages()]
    # Whom the report names inside (``GapTask.suggested_by``) depends on the advice, which
    # gaps with the same needs share: named once for each.
    named: dict[int, str] = {}

    def suggested_by(gap: GapTask) -> str:
        key = id(gap.advice)
        if key not in named:
            named[key] = gap.suggested_by
        return named[key]

    items = []
    for gap in gaps:
        task, decision = gap.entry.task, gap.decision
        # As ``GapTask.taken_by``: a decision's route, else the advice's (``GapTask.route``).
        if decision is not None:
            taken_by = (
                (decision.taken_by or suggested_by(gap)) if decision.route == INTERNAL else ""
            )
        elif gap.advice.route == INTERNAL:
            taken_by = suggested_by(gap)
        else:
            taken_by = ""
        title = next((value for name in titles if (value := getattr(task, name))), "")
        note = decision.note if decision is not None else ""
        items.append(
            "<li>"
            f"{_escape(task.code)} {_escape(title)}"
            # As {% blocktranslate %}: the value escaped, the translation as it is.
            + (f" — {taken_on % {'who': _escape(taken_by)}}" if taken_by else "")
            + (f" — {_escape(note)}" if note else "")
            + ("" if decision else suggested)
            + "</li>"
        )
    return mark_safe("".join(items))
