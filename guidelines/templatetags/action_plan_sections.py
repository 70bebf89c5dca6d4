"""The action plan's long sections (page and PDF), written in Python.

A plan walked to the end answers some thirty questions, each with the report's advice
for two or three roles, and decides on a hundred gaps and more: through the template
engine, with a ``{% blocktranslate %}`` a step and a variable lookup a value, those two
sections were a third of the page's template. Here the words are translated once a
page and each value escaped once: the same HTML as the templates they replace
(``tests/guidelines/test_action_plan_sections.py`` compares them, in English and Dutch).

As in the template: what ``{% translate %}`` writes is not escaped (a translation is the
project's own text), what ``{% blocktranslate %}`` fills in is, and every value is.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.timezone import template_localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guidelines.flowchart import DROP
from guidelines.flowchart import ROUTES
from guidelines.selectors import AdvisedEntry
from guidelines.selectors import GapAnalysis
from guidelines.templatetags.action_item_rows import action_plan_gap_items
from guidelines.templatetags.plan_sections import state_words
from guidelines.templatetags.plan_sections import step_source
from guidelines.templatetags.plan_sections import value_html
from schools.kept import Kept

register = template.Library()


# The phases as a plan stands in them, written once per process and language for each
# combination of the steps' states (the flowchart's phases and steps are fixed).
_PHASES_HTML: Kept[tuple, str] = Kept(512)


@register.simple_tag
def action_plan_phases(state) -> SafeString:
    """ "Where the plan stands": each phase with its steps and how far each is."""
    key = (
        get_language(),
        tuple(
            (
                progress.phase.number,
                tuple((item.step.number, item.state) for item in progress.steps),
            )
            for progress in state.phases
        ),
    )
    return mark_safe(_PHASES_HTML.get(key, lambda: _phases_html(state)))


def _phases_html(state) -> str:
    words = state_words()
    phase_title = _("Phase %(number)s: %(title)s")
    phases = []
    for progress in state.phases:
        heading = phase_title % {
            "number": conditional_escape(progress.phase.number),
            "title": conditional_escape(progress.phase.title),
        }
        steps = "; ".join(
            f"{conditional_escape(item.step.number)}. {conditional_escape(item.step.title)} "
            f"{step_source(item.step)} ({words.get(item.state, words['todo'])})"
            for item in progress.steps
        )
        phases.append(f"\n    <li>{heading} —\n      {steps}</li>\n  ")
    return "".join(phases)


# An answer's line (``_answer``), written once per process for everything it is written
# from: the language and time zone, the node, the answer, whether the plan is there, and
# who answered it when and whether it is to review. At most 5,000 lines (about 2 MB).
_ANSWER_HTML: Kept[tuple, str] = Kept(5000)


def _answer_key(entry, language: str | None, zone: str) -> tuple:
    record = entry.record
    if record is None:
        return (language, entry.node.id, entry.value, entry.is_current)
    user = record.answered_by
    who = None if user is None else (user.first_name, user.last_name, user.username)
    answered = (who, record.answered_at, record.needs_review)
    return (language, zone, entry.node.id, entry.value, entry.is_current, answered)


def _answer(entry, words: dict[str, str]) -> str:
    """The answer given on a node, who gave it and when; or that the plan is here."""
    if entry.value:
        record = entry.record
        text = f"<p><strong>{words['answer']}</strong> {conditional_escape(entry.answer_def.label)}"
        if record:
            user = record.answered_by
            # As ``get_full_name|default:username|default:_("someone")``: the fallback is
            # the translation, not escaped.
            name = (user.get_full_name() or user.username) if user is not None else ""
            who = conditional_escape(name) if name else words["someone"]
            when = date_filter(template_localtime(record.answered_at), "DATE_FORMAT")
            review = f" — {words['to_review']}" if record.needs_review else ""
            text += f' <span class="ap-muted">({who}, {conditional_escape(when)}){review}</span>'
        return text + "</p>\n    "
    if entry.is_current:
        return f"<p><em>{words['here']}</em></p>"
    return ""


def _advice(advice: list, role: str, own: str) -> str:
    """The report's advice on a node for each role, the reader's role marked."""
    if not advice:
        return ""
    items = []
    for item in advice:
        mine = "ap-mine" if item.role == role else ""
        text = (
            f'\n      <li class="{mine}"><strong>{conditional_escape(item.role_label)}:</strong> '
            f"{conditional_escape(item.text)}"
        )
        if item.support:
            text += f" {conditional_escape(item.support)}"
        if item.suggestion:
            text += f" <em>({own} {conditional_escape(item.suggestion)})</em>"
        items.append(text + "</li>\n      ")
    return f'\n    <ul class="ap-advice">\n      {"".join(items)}\n    </ul>\n    '


# A node's heading and question, and the report's advice on a node for a role, are the
# flowchart's own texts, the same for every plan: written once per process and language
# (by node; the advice by node, answer and role, kept with the advice it was written
# from, and written again should a plan hand other advice for the same key).
_NODE_HTML: dict[tuple[str, str], str] = {}
_ADVICE_HTML: dict[tuple, tuple[tuple, str]] = {}


def _node_html(node, language: str | None) -> str:
    key = (language, node.id)
    found = _NODE_HTML.get(key)
    if found is None:
        heading = _("Step %(number)s: %(title)s") % {
            "number": conditional_escape(node.step),
            "title": conditional_escape(node.title),
        }
        question = ' class="ap-question"' if node.node_type == "question" else ""
        found = _NODE_HTML[key] = (
            f'\n  \n  <div class="ap-node">\n    <h3>{heading}</h3>\n'
            f"    <p{question}>{conditional_escape(node.text)}</p>\n    "
        )
    return found


def _advice_html(entry, advice: list, role: str, language: str | None) -> str:
    key = (language, role, entry.node.id, entry.value)
    found = _ADVICE_HTML.get(key)
    if found is not None:
        written_from, html = found
        if len(written_from) == len(advice) and all(
            a is b for a, b in zip(written_from, advice, strict=True)
        ):
            return html
    html = _advice(advice, role, _("ictteam's own suggestion, not the report's:"))
    _ADVICE_HTML[key] = (tuple(advice), html)
    return html


@register.simple_tag(takes_context=True)
def action_plan_answers(context, advised: Iterable[AdvisedEntry]) -> SafeString:
    """ "Answers and advice": every node on the plan's path with its answer and advice."""
    role = context.get("role")
    language, zone = get_language(), get_current_timezone_name()
    words: dict[str, str] = {}

    def answer(entry) -> str:
        if not words:
            words.update(
                answer=_("Answer:"),
                someone=_("someone"),
                to_review=_("to review"),
                here=_("The plan is here."),
            )
        return _answer(entry, words)

    parts = []
    for each in advised:
        entry = each.entry
        parts.append(
            _node_html(entry.node, language)
            + _ANSWER_HTML.get(_answer_key(entry, language, zone), lambda e=entry: answer(e))
            + "\n    "
            + _advice_html(entry, each.advice, role, language)
            + "\n  </div>\n  \n  "
        )
    return mark_safe("".join(parts))


@register.simple_tag
def action_plan_gaps(gaps: GapAnalysis) -> SafeString:
    """ "Gaps and decisions": the gaps by route with the report's rule, the tasks dropped,
    and how many tasks are for dividing in step 7. Written once a language for an
    analysis (the action plan keeps a team's analysis while its rows stay the same)."""
    language = get_language()
    written = gaps.written.get(language)
    if written is None:
        written = gaps.written[language] = _gaps_html(gaps)
    return mark_safe(written)


def _gaps_html(gaps: GapAnalysis) -> str:
    parts = ["\n  "]
    if not gaps.gaps:
        no_gaps = _("No gaps: the expertise is available within the team.")
        parts.append(f"<p>{no_gaps}</p>")
    parts.append("\n  ")
    risks_word = _("Watch out for risks:")
    for route_gaps, route in gaps.by_route:
        parts.append("\n  ")
        if route_gaps:
            risks = ""
            if route.risks:
                joined = ", ".join(conditional_escape(risk) for risk in route.risks)
                risks = f" {risks_word} {joined}."
            parts.append(
                f"\n  <h3>{conditional_escape(route.label)}</h3>\n"
                f'  <p class="ap-muted">{conditional_escape(route.rule_name)}: '
                f"“{conditional_escape(route.rule)}”{risks}</p>\n"
                f"  <ul>{action_plan_gap_items(route_gaps)}</ul>\n  "
            )
        parts.append("\n  ")
    parts.append("\n  ")
    if gaps.dropped:
        drop = ROUTES[DROP]
        items = []
        for decision in gaps.dropped:
            task = decision.list_task.task
            note = f" — {conditional_escape(decision.note)}" if decision.note else ""
            items.append(
                f"<li>{conditional_escape(task.code)} {conditional_escape(task.title)}{note}</li>"
            )
        parts.append(
            f"\n  <h3>{conditional_escape(drop.label)}</h3>\n"
            f'  <p class="ap-muted">{conditional_escape(drop.rule_name)}: '
            f"“{conditional_escape(drop.rule)}”</p>\n"
            f"  <ul>{''.join(items)}</ul>\n  "
        )
    parts.append("\n  ")
    if gaps.to_divide:
        n = len(gaps.to_divide)
        divide = ngettext(
            "%(n)s task has someone in the team who could take it on: divide it in step 7.",
            "%(n)s tasks have someone in the team who could take them on: divide them in step 7.",
            n,
        ) % {"n": n}
        parts.append(f"<p>{divide}</p>")
    parts.append("\n  ")
    return "".join(parts)


@register.simple_tag
def action_plan_counts(rows: Iterable[tuple[object, object]]) -> SafeString:
    """A table's rows of the customised task list (step 5): a label and its number of
    tasks, as ``{% for label, count in rows %}`` wrote them."""
    return mark_safe(
        "".join(
            f"<tr><td>{value_html(label)}</td><td>{value_html(count)}</td></tr>"
            for label, count in rows
        )
    )


@register.simple_tag
def action_plan_checklist(rows: Iterable) -> SafeString:
    """Step 7's team actions, done or not yet, as the template's loop wrote them."""
    done, not_yet = _("Done:"), _("Not yet:")
    done, not_yet = f"☑ {done}", f"☐ {not_yet}"
    return mark_safe(
        "".join(
            f"<li>{done if row.done else not_yet} {value_html(row.item.text)}</li>" for row in rows
        )
    )
