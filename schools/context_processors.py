from collections.abc import Callable, Iterator
from functools import cached_property
from html import escape

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from schools.access import visible_groups, visible_schools

# Marks the slug's place in a reversed address: a valid slug no path segment spells.
_SLUG = "---nav-slug---"


class NavLinks:
    """The menu's (address, name) pairs, read on first use.

    Pages that never render the menu never run the query. A group admin's menu lists every
    school of the group (a hundred in the largest groups), on every page: one ``reverse``
    for all of them and plain rows instead of model instances keep that cheap.
    """

    def __init__(self, queryset: QuerySet, url: Callable[[str], str]) -> None:
        self._queryset = queryset
        self._url = url

    @cached_property
    def _links(self) -> list[tuple[str, str]]:
        prefix, _slug, suffix = self._url(_SLUG).partition(_SLUG)
        return [
            (f"{prefix}{slug}{suffix}", name)
            for slug, name in self._queryset.values_list("slug", "name")
        ]

    @cached_property
    def dropdown_items(self) -> SafeString:
        """The links as the menu's dropdown items, every value escaped: one string for a
        hundred schools instead of a template loop resolving two variables per school.
        The addresses and names are plain strings from the database, so the standard
        library's ``escape`` (what Django's own calls) does what ``format_html_join`` did
        without its lazy-string and safe-string checks per value."""
        return mark_safe(  # noqa: S308 - every value is escaped
            "\n              ".join(
                f'<li><a class="dropdown-item" href="{escape(url)}">{escape(name)}</a></li>'
                for url, name in self._links
            )
        )

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._links)

    def __len__(self) -> int:
        return len(self._links)

    def __bool__(self) -> bool:
        return bool(self._links)


def current_school(request: HttpRequest) -> dict:
    """Navigation: the schools and groups the signed-in user can switch between."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_schools": NavLinks(
            visible_schools(user).order_by("group__name", "name"),
            lambda slug: reverse("schools:school_detail", kwargs={"school_slug": slug}),
        ),
        "nav_groups": NavLinks(
            visible_groups(user).order_by("name"),
            lambda slug: reverse("schools:group_detail", kwargs={"group_slug": slug}),
        ),
    }
