"""``{% row_url %}``: the ``{% url %}`` of a table row, without resolving it per row
(``schools.reversing.row_url_for``).

``reverse()`` walks the URL patterns each time (about 50 µs here); a page that links
every row of a long table (the mandates to approve, the group dashboard's schools) spent
a fifth of its time there. The tag reverses a URL once per template rendering,
with a placeholder for its last argument, and puts each row's value in its place. A value the
placeholder cannot stand for (not an integer or a slug) goes through ``reverse()``.

``{% page_url %}`` does the same for the few links of a page (its actions, its
breadcrumbs): reversed once per process (``schools.reversing.process_urls``), not once
per view.
"""

from __future__ import annotations

from django import template

from schools.reversing import process_urls
from schools.reversing import row_url_for

register = template.Library()


@register.simple_tag(takes_context=True)
def row_url(context, name: str, *args: object) -> str:
    """``{% row_url 'teams:assignment_approve' school.slug a.pk %}``: as ``{% url %}``."""
    return row_url_for(context.render_context.setdefault("row_urls", {}), name, *args)


@register.simple_tag
def page_url(name: str, *args: object) -> str:
    """``{% page_url 'teams:document_overview' school.slug %}``: as ``{% url %}``."""
    return row_url_for(process_urls(), name, *args)
