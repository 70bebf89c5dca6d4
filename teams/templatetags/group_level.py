"""The group level on a school's pages: which tasks the group covers, and by whom.

``{% group_coverage_of school as covers %}`` once per page (one query), then
``{% include "teams/_group_cover.html" with cover=covers|cover_for:entry.pk %}`` per
task-list entry.
"""

from __future__ import annotations

from django import template

from schools.models import School
from teams.selectors import GroupCover
from teams.selectors import group_coverage

register = template.Library()


@register.simple_tag
def group_coverage_of(school: School | None) -> dict[int, GroupCover]:
    return group_coverage(school=school) if isinstance(school, School) else {}


@register.filter
def cover_for(covers: dict[int, GroupCover], pk: int) -> GroupCover | None:
    return covers.get(pk) if covers else None
