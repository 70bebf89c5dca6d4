"""``{% team_people_rows people %}``: the rows of the team page's people table.

A school of 150 people drew 150 rows through the template engine, each with a
``{% url %}``, a dozen variable lookups, three ``{% if %}``, a ``{% blocktranslate %}``
and an include for the four competence levels (a loop of its own): more than half of
the team page. Written here with ``format_html``, every value escaped as the template
escapes it, it is the same HTML (``tests/teams/test_team_people_rows.py`` compares it
with the template it replaces).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tasks.models import Cluster
from tasks.templatetags.row_urls import row_url_for
from teams.models import Level
from teams.models import PersonRole
from teams.selectors import CLUSTER_SHORT
from teams.selectors import COMPETENCE_LEVEL_FIELDS
from teams.selectors import TeamMember

register = template.Library()


@register.simple_tag(takes_context=True)
def team_people_rows(context, people: Iterable[TeamMember]) -> SafeString:
    school = context["school"]
    urls = context.render_context.setdefault("row_urls", {})
    group_badge = format_html(
        '<br><span class="badge text-bg-secondary">{}</span>', _("group level")
    )
    over_badge = format_html('<span class="badge text-bg-danger">{}</span>', _("over hours"))
    # What every row shares, escaped once: the clusters' badges and the level names.
    clusters = [
        (
            COMPETENCE_LEVEL_FIELDS[key],
            format_html(
                '<li class="list-inline-item"><span class="badge badge-cluster-{}" '
                'aria-hidden="true" title="{}">{}</span> '
                '<span class="visually-hidden">{}:</span> ',
                key,
                label,
                CLUSTER_SHORT[key],
                label,
            ),
        )
        for key, label in Cluster.choices
    ]
    levels = {value: conditional_escape(label) for value, label in Level.choices}
    roles = {value: conditional_escape(label) for value, label in PersonRole.choices}
    numbers: dict[str, str] = {}

    def number(value: object) -> str:
        """``localize`` once per value: the team's hours repeat from row to row."""
        key = f"{type(value).__name__}:{value}"
        try:
            return numbers[key]
        except KeyError:
            numbers[key] = conditional_escape(localize(value))
            return numbers[key]

    in_use = _("Hours in use by %(name)s")
    across = _("%(used)s / %(available)s across the group")

    def row(member: TeamMember) -> str:
        person = member.person
        name = escape(member.name)
        over = member.over_hours
        used, available = number(member.hours_used), number(member.hours_available)
        # As ``Person.get_role_labels``: the known roles in the person's order.
        labels = ", ".join(roles[key] for key in person.roles if key in roles)
        group_hours = (
            format_html(
                '<div class="small text-body-secondary">{}</div>',
                # As {% blocktranslate %}: the values escaped, the translation as it is.
                mark_safe(
                    across
                    % {
                        "used": number(member.hours_used_total),
                        "available": number(member.hours_available_total),
                    }
                ),
            )
            if member.is_group_level
            else ""
        )
        profile = "".join(
            f"{badge}{levels[getattr(person, field)]}</li>" for field, badge in clusters
        )
        percent = number(member.usage_percent)
        # The template's row, every value escaped as ``format_html`` escaped it (those
        # marked safe above as they are, a plain text by the standard library's escape).
        danger = ' class="table-danger"' if over else ""
        url = escape(row_url_for(urls, "teams:person_detail", school.slug, member.pk))
        group = group_badge if member.is_group_level else ""
        role_labels = labels if labels else "—"
        over_note = over_badge if over else ""
        aria = in_use % {"name": name}
        bar = " bg-danger" if over else ""
        return (
            f"<tr{danger}>\n"
            f'<th scope="row"><a href="{url}">{name}</a>\n{group}</th>\n'
            f'<td class="small">{role_labels}</td>\n'
            '<td style="min-width: 10rem">\n'
            f"<span>{used} / {available}</span>\n{over_note}\n"
            f'<div class="progress" role="progressbar" aria-label="{aria}" '
            f'aria-valuenow="{percent}" aria-valuemin="0" aria-valuemax="100" '
            'style="height: .4rem">\n'
            f'<div class="progress-bar{bar}" style="width: {percent}%"></div>\n'
            f"</div>\n{group_hours}\n"
            "</td>\n"
            f'<td><ul class="list-inline mb-0 small competence-profile">{profile}</ul></td>\n'
            "</tr>\n"
        )

    return mark_safe("".join(row(member) for member in people))
