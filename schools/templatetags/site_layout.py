"""The site layout's tags (``templates/base.html``): what every page writes around its content.

``{% fixed %}…{% endfixed %}`` holds a stretch of the layout that depends on nothing but the
active language, the script prefix and the URL configuration: text, ``{% translate %}`` and
``{% blocktranslate %}`` of plain strings, ``{% static %}`` and ``{% url %}`` of fixed names.
It is rendered once per process for each of those and written from then on: every page drew
the same seven ``{% url %}`` (``reverse()`` walks the URL patterns each time), a dozen
translations and six static addresses. The tag refuses, when the template is read, any node
that could depend on the page (a variable, a tag with a variable argument), so nothing the
page or the user changes can be kept.

``{% kept key %}…{% endkept %}`` is the same for a stretch of any template that shows
values of the page: written once for each value of ``key``, which must hold every value
the stretch shows (the action plan's sections, ``templates/guidelines/_action_plan_body.html``).

``{% site_menu %}`` writes the header's menu (the user's schools and groups), the user's
name and the language switcher in Python: some twenty nodes a page before, conditions,
a loop and two CSRF tokens; ``{% language_options %}`` the switcher's ``<option>`` list,
the selected one the current language, as ``{% get_language_info_list %}`` and its loop
did (``tests/schools/test_site_layout.py`` compares them with the template they replace,
``tests/schools/reference/base.html``).
"""

from __future__ import annotations

from html import escape

from django import template
from django.conf import settings
from django.template.base import TextNode
from django.template.base import TokenType
from django.template.defaulttags import CommentNode
from django.template.defaulttags import CsrfTokenNode
from django.template.defaulttags import URLNode
from django.templatetags.i18n import BlockTranslateNode
from django.templatetags.i18n import TranslateNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix
from django.urls import get_urlconf
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language
from django.utils.translation import get_language_info
from django.utils.translation import gettext

from schools.kept import Kept

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
    """A stretch of a template written once per process for each value of what it is
    written from: the language, the time zone, the script prefix, the URL configuration,
    the static files' address, autoescaping and, with ``key`` (``{% kept %}``), the key's
    value."""

    def __init__(self, nodelist: template.NodeList, key=None) -> None:
        self.nodelist = nodelist
        self.key = key
        self.written: Kept[tuple, SafeString] = Kept(64)

    def render(self, context) -> SafeString:
        # The static files' address and the URL configuration only change under a test's
        # override.
        key = (
            get_language(),
            get_current_timezone_name(),
            get_script_prefix(),
            get_urlconf(),
            settings.STATIC_URL,
            context.autoescape,
            None if self.key is None else self.key.resolve(context),
        )
        return self.written.get(
            key,
            lambda: mark_safe(self.nodelist.render(context)),  # noqa: S308
        )


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


@register.tag
def kept(parser, token) -> FixedNode:
    """``{% kept key %}…{% endkept %}``: a stretch written once for each value of ``key``,
    which must hold every value the stretch shows (``ActionPlan.items_key`` and the like)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% kept %} takes one key.")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return FixedNode(nodelist, parser.compile_filter(bits[1]))


# The options per language and set of languages offered: two a page, the same on all.
_OPTIONS: Kept[tuple, SafeString] = Kept(64)


@register.simple_tag(takes_context=True)
def language_options(context) -> SafeString:
    """The switcher's ``<option>`` per language of ``LANGUAGES`` (the context's, as the
    i18n context processor gives it), ``selected`` on the current one, each named in its
    own language: what ``{% get_language_info_list for LANGUAGES %}`` and its loop wrote,
    blank lines and all."""
    current = get_language()
    languages = context.get("LANGUAGES", ())
    return _OPTIONS.get((current, tuple(languages)), lambda: _options(current, languages))


def _options(current: str, languages) -> SafeString:
    parts = ["\n            "]
    for language in languages:
        info = get_language_info(language[0] if isinstance(language, (list, tuple)) else language)
        code = escape(info["code"])
        selected = " selected" if info["code"] == current else ""
        parts.append(
            f'\n            <option value="{code}" lang="{code}"{selected}>'
            f"{escape(info['name_local'])}</option>\n            "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped


# The menu's fixed parts per language, script prefix and URL configuration.
_MENU_PARTS: Kept[tuple, dict[str, str]] = Kept(64)
_CSRF = CsrfTokenNode()


def _menu_parts() -> dict[str, str]:
    return _MENU_PARTS.get((get_language(), get_script_prefix(), get_urlconf()), _new_menu_parts)


def _new_menu_parts() -> dict[str, str]:
    def url(name: str) -> str:
        return escape(reverse(name))

    # The translations as {% translate %} wrote them (not escaped), the addresses escaped;
    # marked outside the f-strings, where the catalogue's extraction finds them.
    catalogue, schools, admin = gettext("Task catalogue"), gettext("Schools"), gettext("Admin")
    log_out, log_in = gettext("Log out"), gettext("Log in")
    language, change = gettext("Language"), gettext("Change")
    parts = {
        "menu": (
            '<ul class="navbar-nav me-auto">\n'
            f'          <li class="nav-item"><a class="nav-link" href="{url("tasks:catalogue")}">'
            f"{catalogue}</a></li>"
        ),
        "schools": (
            '<li class="nav-item dropdown">\n'
            '            <a class="nav-link dropdown-toggle" href="#" role="button" '
            'data-bs-toggle="dropdown" aria-expanded="false">'
            f"{schools}</a>\n"
            '            <ul class="dropdown-menu">'
        ),
        "admin": (
            f'<li class="nav-item"><a class="nav-link" href="{url("admin:index")}">{admin}</a></li>'
        ),
        "logout": f'<form method="post" action="{url("logout")}" class="d-inline">',
        "logout_end": (
            '<button type="submit" class="btn btn-outline-light btn-sm">'
            f"{log_out}</button>\n          </form>\n        </div>"
        ),
        "login": (
            '<ul class="navbar-nav ms-auto">\n'
            f'          <li class="nav-item"><a class="nav-link" href="{url("login")}">'
            f"{log_in}</a></li>\n        </ul>"
        ),
        "switcher": (
            f'<form method="post" action="{url("set_language")}" class="d-flex '
            'align-items-center gap-1 ms-lg-3 mt-2 mt-lg-0" id="language-switcher">'
        ),
        "switcher_label": (
            '<label for="language-select" class="text-white small mb-0">'
            f"{language}</label>\n"
            '          <select name="language" id="language-select" '
            'class="form-select form-select-sm w-auto">'
        ),
        "switcher_end": (
            "</select>\n"
            '          <button type="submit" class="btn btn-outline-light btn-sm">'
            f"{change}</button>\n        </form>\n      </div>\n    </div>\n"
            "  </nav>\n</header>"
        ),
    }
    return parts


@register.simple_tag(takes_context=True)
def site_menu(context) -> SafeString:
    """The header's menu, user and language switcher, from the collapsing ``<div>`` to
    ``</header>``: the links every signed-in user has, the schools and groups of the
    context's ``nav_schools`` and ``nav_groups`` (``schools.context_processors``), the
    admin for staff, the user's name and the two forms with their CSRF token. The fixed
    parts are written once per language, script prefix and URL configuration
    (``_menu_parts``); the rest as the template's conditions and loop did, blank lines and
    all (``tests/schools/test_site_layout.py`` compares them).

    The language switcher is a plain form, so it works without JavaScript. Without a
    "next" field ``set_language`` returns to the page it came from (the Referer), and an
    error page does not echo the address it refused."""
    parts = _menu_parts()
    user = context.get("user")
    csrf = _CSRF.render(context)
    out = ["\n        "]
    if user is not None and user.is_authenticated:
        out.append(f"\n        {parts['menu']}\n          ")
        nav_schools = context.get("nav_schools")
        if nav_schools:
            out.append(
                f"\n          {parts['schools']}\n              "
                f"{conditional_escape(nav_schools.dropdown_items)}"
                "\n            </ul>\n          </li>\n          "
            )
        out.append("\n          ")
        for link, name in context.get("nav_groups") or ():
            out.append(
                f'\n          <li class="nav-item"><a class="nav-link" '
                f'href="{conditional_escape(link)}">{conditional_escape(name)}</a></li>'
                "\n          "
            )
        out.append("\n          ")
        if user.is_staff:
            out.append(f"\n          {parts['admin']}\n          ")
        shown = user.get_full_name() or user.username
        out.append(
            '\n        </ul>\n        <div class="d-flex align-items-center gap-2">\n'
            f'          <span class="navbar-text text-white">{conditional_escape(shown)}</span>'
            f"\n          {parts['logout']}\n            {csrf}\n            "
            f"{parts['logout_end']}\n        "
        )
    else:
        out.append(f"\n        {parts['login']}\n        ")
    out.append(
        f"\n        \n        \n        \n        {parts['switcher']}\n          {csrf}"
        f"\n          {parts['switcher_label']}\n            {language_options(context)}"
        f"\n          {parts['switcher_end']}"
    )
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped
