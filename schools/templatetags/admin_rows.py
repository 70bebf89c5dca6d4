"""``{% tenant_result_list cl %}``: Django's ``{% result_list %}``, the rows written by
``TenantChangeList.result_rows`` (each row's cells as one string, the same HTML).

The results template draws each row's cells in a loop; here a row is one item, so the
loop writes it at once. Lists that are not a ``TenantChangeList``, edit in place or open
as a popup get Django's own rows.
"""

from __future__ import annotations

from django import template
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    result_headers,
    result_hidden_fields,
    result_list,
)
from django.contrib.admin.templatetags.base import InclusionAdminNode

from schools.admin import TenantChangeList

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


@register.tag(name="tenant_result_list")
def tenant_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=tenant_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )
