"""The site layout's tags (``templates/base.html``): what every page writes around its content.

``{% fixed %}…{% endfixed %}`` holds a stretch of the layout that depends on nothing but the
active language, the script prefix and the URL configuration: text, ``{% translate %}`` and
``{% blocktranslate %}`` of plain strings, ``{% static %}`` and ``{% url %}`` of fixed names.
It is rendered once per process for each of those and written from then on: every page drew
the same seven ``{% url %}`` (``reverse()`` walks the URL patterns each time), a dozen
translations and six static addresses. The tag refuses, when the template is read, any node
that could depend on the page (a variable, a tag with a variable argument), so nothing the
page or the user changes can be kept.

``{% language_options %}`` writes the language switcher's ``<option>`` list, the selected
one the current language, as ``{% get_language_info_list %}`` and its loop did
(``tests/schools/test_site_layout.py`` compares them).
"""

from __future__ import annotations

from html import escape

from django import template
from django.conf import settings
from django.template.base import TextNode, TokenType
from django.template.defaulttags import CommentNode, URLNode
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info

register = template.Library()


def _constant(expression) -> bool:
    """Whether a tag's argument is a literal without filters: the same on every page.
    (``{% translate %}`` keeps its literal as a ``Variable`` that has no lookups.)"""
    var = expression.var
    literal = not isinstance(var, template.Variable) or var.lookups is None
    return literal and not expression.filters


def _fixed_node(node: template.Node) -> bool:
    """Whether ``node`` writes the same on every page for a language, prefix and URLs."""
    if isinstance(node, (TextNode, CommentNode)):
        return True
    if isinstance(node, TranslateNode):
        return (
            node.asvar is None
            and node.message_context is None
            and _constant(node.filter_expression)
        )
    if isinstance(node, BlockTranslateNode):
        return (
            node.asvar is None
            and not node.extra_context
            and not node.plural
            and node.countervar is None
            and node.message_context is None
            and all(token.token_type == TokenType.TEXT for token in node.singular)
        )
    if isinstance(node, StaticNode):
        return node.varname is None and _constant(node.path)
    if isinstance(node, URLNode):
        return (
            node.asvar is None
            and _constant(node.view_name)
            and all(_constant(arg) for arg in node.args)
            and all(_constant(arg) for arg in node.kwargs.values())
        )
    return False


class FixedNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist
        self.written: dict[tuple, SafeString] = {}

    def render(self, context) -> SafeString:
        # All the stretch's output depends on; the static files' address and the
        # URL configuration only change under a test's override.
        key = (
            get_language(),
            get_script_prefix(),
            get_urlconf(),
            settings.STATIC_URL,
            context.autoescape,
        )
        try:
            return self.written[key]
        except KeyError:
            html = self.written[key] = mark_safe(self.nodelist.render(context))  # noqa: S308
            return html


@register.tag
def fixed(parser, token) -> FixedNode:
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    for node in nodelist:
        if not _fixed_node(node):
            raise template.TemplateSyntaxError(
                f"{{% fixed %}} holds only text, translations of plain strings and static "
                f"files and URLs of fixed names, not {node!r}."
            )
    return FixedNode(nodelist)


# The options per language and set of languages offered: two a page, the same on all.
_OPTIONS: dict[tuple, SafeString] = {}


@register.simple_tag(takes_context=True)
def language_options(context) -> SafeString:
    """The switcher's ``<option>`` per language of ``LANGUAGES`` (the context's, as the
    i18n context processor gives it), ``selected`` on the current one, each named in its
    own language: what ``{% get_language_info_list for LANGUAGES %}`` and its loop wrote,
    blank lines and all."""
    current = get_language()
    languages = context.get("LANGUAGES", ())
    key = (current, tuple(languages))
    try:
        return _OPTIONS[key]
    except KeyError:
        pass
    parts = ["\n            "]
    for language in languages:
        info = get_language_info(language[0] if isinstance(language, (list, tuple)) else language)
        code = escape(info["code"])
        selected = " selected" if info["code"] == current else ""
        parts.append(
            f'\n            <option value="{code}" lang="{code}"{selected}>'
            f"{escape(info['name_local'])}</option>\n            "
        )
    html = _OPTIONS[key] = mark_safe("".join(parts))  # noqa: S308 - every value is escaped
    return html
