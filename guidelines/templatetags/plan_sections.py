"""The plan page's long lists, written in Python: the plan's way through the steps and
the progress by phase and step (the plan page and every step's page).

A plan walked to the end has some thirty nodes on its path, each with a
``{% blocktranslate %}``, a ``{% url %}`` and a dozen lookups, and the progress an include
per step: through the template engine that was a fifth of the plan page. Here the words
are translated and the node address reversed once a page and each value escaped once:
the same HTML as the templates they replace (``tests/guidelines/test_plan_sections.py``
compares them, in English and Dutch).

As in the templates: what ``{% translate %}`` writes is not escaped (a translation is
the project's own text), what ``{% blocktranslate %}`` fills in is, and every value is.
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from guidelines.flowchart import SOURCE_PUBLISHED
from guidelines.flowchart import Step
from tasks.templatetags.row_urls import row_url_for

register = template.Library()


def step_source(step: Step) -> str:
    """Where a step comes from (``guidelines/_step_source.html``, as its include wrote it,
    with the file's last line break)."""
    if step.source == SOURCE_PUBLISHED:
        text = _("final published guidelines; in the report's draft under step %(n)s")
    else:
        text = _("report's draft, step %(n)s")
    text %= {"n": conditional_escape(step.report_step)}
    return (
        f'<span class="step-source small text-body-secondary" '
        f'data-source="{conditional_escape(step.source)}">({text})</span>\n'
    )


def sources(context) -> str:
    """The report and guidelines the wizard rests on (``guidelines/_sources.html``)."""
    flowchart = context.get("flowchart")
    note = conditional_escape(flowchart.sources_note) if flowchart is not None else ""
    label = _("Sources:")
    return (
        f'<p class="small text-body-secondary wizard-sources"><strong>{label}</strong> {note}</p>\n'
    )


def state_words() -> dict[str, str]:
    """A step's state as the pages name it."""
    return {
        "done": _("done"),
        "current": _("current step"),
        "paused": _("paused"),
        "todo": _("to do"),
    }


def _node_url(context, node_id: str) -> str:
    owner = context["owner"]
    urls = context.render_context.setdefault("row_urls", {})
    name = f"guidelines:{context['url_kind']}_node"
    return conditional_escape(row_url_for(urls, name, owner.slug, node_id))


_MARKS = {"done": "✓", "current": "▶", "paused": "‖"}


@register.simple_tag(takes_context=True)
def plan_progress(context, state) -> SafeString:
    """The eight steps by phase, each linked to its node on the path
    (``guidelines/_progress.html`` as its include wrote it)."""
    words = state_words()
    step_title = _("Step %(number)s. %(title)s")
    phase_title = _("Phase %(number)s: %(title)s")
    phases = []
    for progress in state.phases:
        steps = []
        for item in progress.steps:
            current = ' aria-current="step"' if item.state in ("current", "paused") else ""
            title = step_title % {
                "number": conditional_escape(item.step.number),
                "title": conditional_escape(item.step.title),
            }
            if item.node_id:
                title = f'<a href="{_node_url(context, item.node_id)}">{title}</a>'
            steps.append(
                "\n            "
                f'<li class="wizard-step wizard-step-{conditional_escape(item.state)}"'
                f"{current}>\n              \n"
                f'              <span class="wizard-mark" aria-hidden="true">'
                f"{_MARKS.get(item.state, '○')}</span>\n"
                f"              {title}\n"
                f"              {step_source(item.step)}\n"
                f'              <span class="visually-hidden">'
                f"({words.get(item.state, words['todo'])})</span>\n"
                "            </li>\n            "
            )
        heading = phase_title % {
            "number": conditional_escape(progress.phase.number),
            "title": conditional_escape(progress.phase.title),
        }
        phases.append(
            '\n      <li class="col-md-4">\n'
            f'        <div class="wizard-phase wizard-phase-{conditional_escape(progress.state)} '
            'p-2 h-100">\n'
            f'          <p class="fw-semibold small mb-1">{heading}</p>\n'
            '          <ol class="list-unstyled small mb-0">\n            '
            f"{''.join(steps)}\n"
            "          </ol>\n        </div>\n      </li>\n      "
        )
    done = _("%(done)s of 8 steps done") % {"done": conditional_escape(state.steps_done)}
    percent = conditional_escape(state.percent)
    # The words outside the f-string: xgettext does not read inside its braces.
    progress, steps_done = _("Progress"), _("Steps done")
    through = _("Progress through the eight steps")
    return mark_safe(
        "\n\n\n"
        '<details class="wizard-progress mb-3" data-open-wide>\n'
        '  <summary class="wizard-progress-summary">\n'
        f'    <span class="fw-semibold">{progress}:</span>\n'
        f"    {done}\n"
        f'    <span class="progress d-block mt-1" role="progressbar" '
        f'aria-label="{steps_done}" aria-valuenow="{percent}" aria-valuemin="0" '
        'aria-valuemax="100" style="height: .6rem">\n'
        f'      <span class="progress-bar d-block h-100" style="width: {percent}%"></span>\n'
        "    </span>\n"
        "  </summary>\n"
        f'  <nav aria-label="{through}" class="mt-2">\n'
        '    <ol class="row list-unstyled g-2 mb-0">\n      '
        f"{''.join(phases)}\n"
        "    </ol>\n"
        f"    {sources(context)}\n"
        "  </nav>\n"
        "</details>\n"
    )


@register.simple_tag(takes_context=True)
def plan_path_items(context, state) -> SafeString:
    """ "Our way through the steps": each node on the plan's path with its answer, who
    gave it and when, and a link to open, change or view it."""
    can_run = context.get("can_run")
    step_title = _("Step %(number)s: %(title)s")
    someone, to_review = _("someone"), _("to review")
    here = _("You are here.")
    links = {"open": _("Open"), "change": _("Change"), "view": _("View")}
    items = []
    for entry in state.path:
        node = entry.node
        heading = step_title % {
            "number": conditional_escape(node.step),
            "title": conditional_escape(node.title),
        }
        if entry.value:
            label = conditional_escape(entry.answer_def.label)
            answer = f"\n              <span>{label}</span>\n              "
            record = entry.record
            if record:
                user = record.answered_by
                # As ``get_full_name|default:username|default:_("someone")``: the
                # fallback is the translation, not escaped.
                name = (user.get_full_name() or user.username) if user is not None else ""
                who = conditional_escape(name) if name else someone
                when = date_filter(template_localtime(record.answered_at), "SHORT_DATETIME_FORMAT")
                answer += (
                    f'<span class="small text-body-secondary">— {who}, '
                    f"{conditional_escape(when)}</span>"
                )
                if record.needs_review:
                    answer += f' <span class="badge text-bg-warning">{to_review}</span>'
            answer += "\n            "
        elif entry.is_current:
            text = conditional_escape(node.text) if node.node_type == "end" else here
            answer = f'\n              <span class="small">{text}</span>\n            '
        else:
            answer = ""
        if entry.is_current:
            button, label = "btn-primary", links["open"]
        elif can_run and entry.value:
            button, label = "btn-outline-secondary", links["change"]
        else:
            button, label = "btn-outline-secondary", links["view"]
        warning = " list-group-item-warning" if entry.is_current else ""
        items.append(
            "\n        "
            '<li class="list-group-item d-flex justify-content-between align-items-start '
            f'gap-2{warning}">\n'
            '          <div class="ms-2 me-auto">\n'
            f'            <div class="fw-semibold">{heading}</div>\n'
            f"            {answer}\n"
            "          </div>\n"
            f'          <a class="btn btn-sm {button}" href="{_node_url(context, node.id)}">'
            f'{label}<span class="visually-hidden"> {conditional_escape(node.title)}</span></a>\n'
            "        </li>\n        "
        )
    return mark_safe("".join(items))


def value_html(value: object) -> str:
    """A value as ``{{ value }}`` writes it: localised, then escaped."""
    return conditional_escape(localize(value))


def evaluation_summary(evaluation, *, strong: bool = False) -> str:
    """An evaluation's date (in bold with ``strong``), outcome and follow-up, as the
    plan's pages write it: ``12 mei 2027: Op schema — Verder zoals gepland``."""
    date = value_html(date_filter(evaluation.date, "DATE_FORMAT"))
    text = f"<strong>{date}</strong>" if strong else date
    text += f": {value_html(evaluation.get_outcome_display())}"
    if evaluation.follow_up:
        text += f" — {value_html(evaluation.get_follow_up_display())}"
    return text


@register.simple_tag
def withdrawn_item_rows(items) -> SafeString:
    """The plan's withdrawn action items (``guidelines/_action_items.html``), each with
    when it was withdrawn and its step, as the template's loop wrote them."""
    withdrawn_on, step_number = _("withdrawn on %(when)s"), _("step %(number)s")
    parts = []
    for item in items:
        when = date_filter(template_localtime(item.withdrawn_at), "DATE_FORMAT")
        text = (
            f"<li><s>{value_html(item.text)}</s> — {value_html(item.who)}; "
            f"{withdrawn_on % {'when': value_html(when)}}"
        )
        if item.step:
            text += f" ({step_number % {'number': value_html(item.step)}})"
        parts.append(text + "</li>")
    return mark_safe("".join(parts))


# How a page lists an evaluation: what opens its item, its date in bold or not, how its
# notes follow, what closes it (as the plan's and the action plan's templates wrote them).
EVALUATION_LAYOUTS = {
    "plan": (
        '\n    <li class="list-group-item">',
        True,
        lambda notes: f'<div class="small">{linebreaksbr(notes, autoescape=True)}</div>',
        "</li>\n    ",
    ),
    "action_plan": ("<li>", False, lambda notes: f". {value_html(notes)}", "</li>"),
}


@register.simple_tag
def evaluation_items(evaluations, layout: str = "plan") -> SafeString:
    """A plan's evaluations, the latest first, as the template's loop wrote them: the
    plan's (``guidelines/_evaluations.html``) or the action plan's step 8."""
    opening, strong, notes, closing = EVALUATION_LAYOUTS[layout]
    parts = []
    for evaluation in evaluations:
        text = opening + evaluation_summary(evaluation, strong=strong)
        if evaluation.notes:
            text += notes(evaluation.notes)
        parts.append(text + closing)
    return mark_safe("".join(parts))
