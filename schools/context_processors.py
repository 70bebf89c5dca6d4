from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from functools import cached_property
from html import escape

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe

from schools.access import member_ids
from schools.access import schools_seen
from schools.access import visible_groups
from schools.access import visible_schools
from schools.compiled import compiled_rows
from schools.kept import Kept
from schools.models import School
from schools.models import SchoolGroup
from schools.reversing import process_urls

# Marks the slug's place in a reversed address: a valid slug no path segment spells.
_SLUG = "---nav-slug---"

# The menus written, by address and rows: as many as the process meets users with
# different schools, emptied when that grows past any real site's count.
_DROPDOWNS: Kept[tuple, SafeString] = Kept(500)


class NavLinks:
    """The menu's (address, name) pairs, read on first use.

    Pages that never render the menu never run the query. A group admin's menu lists every
    school of the group (a hundred in the largest groups), on every page: one ``reverse``
    for all of them and plain rows instead of model instances keep that cheap.
    """

    def __init__(
        self,
        queryset: QuerySet | Callable[[], QuerySet | list[tuple[str, str]]],
        url: Callable[[str], str],
    ) -> None:
        # A callable builds the query on first use too: a page that draws the menu from
        # its own lists (``nav_links``) does not even build it. It may return the
        # (slug, name) rows themselves.
        self._queryset = queryset
        self._url = url

    @classmethod
    def of(cls, owners: Iterable, url: Callable[[str], str]) -> NavLinks:
        """The links of schools or groups a page has read already, in their order: no
        query of the menu's own."""
        links = cls(None, url)  # type: ignore[arg-type]
        links.__dict__["_rows"] = [(o.slug, o.name) for o in owners]
        return links

    @cached_property
    def _rows(self) -> list[tuple[str, str]]:
        """The (slug, name) rows."""
        found = self._queryset if isinstance(self._queryset, QuerySet) else self._queryset()
        return list(found.values_list("slug", "name") if isinstance(found, QuerySet) else found)

    def _around(self) -> tuple[str, str]:
        """The address around the slug, reversed once per process (``process_urls``: one
        per URL configuration, script prefix and language)."""
        urls = process_urls()
        try:
            return urls[(_SLUG, self._url)]
        except KeyError:
            prefix, _slug, suffix = self._url(_SLUG).partition(_SLUG)
            urls[(_SLUG, self._url)] = (prefix, suffix)
            return prefix, suffix

    @cached_property
    def _links(self) -> list[tuple[str, str]]:
        prefix, suffix = self._around()
        return [(f"{prefix}{slug}{suffix}", name) for slug, name in self._rows]

    @cached_property
    def dropdown_items(self) -> SafeString:
        """The links as the menu's dropdown items, every value escaped: one string for a
        hundred schools instead of a template loop resolving two variables per school.
        The addresses and names are plain strings from the database, so the standard
        library's ``escape`` (what Django's own calls) does what ``format_html_join`` did
        without its lazy-string and safe-string checks per value. The same menu is
        written once per process (a group admin's hundred schools on every page, about
        0.2 ms): kept by its rows and address, so a renamed or added school is a new
        menu."""
        key = (*self._around(), tuple(self._rows))
        return _DROPDOWNS.get(key, lambda: self._dropdown(*key[:2]))

    def _dropdown(self, prefix: str, suffix: str) -> SafeString:
        return mark_safe(  # noqa: S308 - every value is escaped
            "\n              ".join(
                f'<li><a class="dropdown-item" href="{escape(f"{prefix}{slug}{suffix}")}">'
                f"{escape(name)}</a></li>"
                for slug, name in self._rows
            )
        )

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._links)

    def __len__(self) -> int:
        return len(self._rows)

    def __bool__(self) -> bool:
        return bool(self._rows)


def _school_url(slug: str) -> str:
    return reverse("schools:school_detail", kwargs={"school_slug": slug})


def _group_url(slug: str) -> str:
    return reverse("schools:group_detail", kwargs={"group_slug": slug})


# The menu's order; a page that passes its own lists to ``nav_links`` reads them so.
NAV_SCHOOLS_ORDER = ("group__name", "name")
NAV_GROUPS_ORDER = ("name",)


def nav_links(*, schools: Iterable[School], groups: Iterable[SchoolGroup]) -> dict:
    """The menu from a page's own lists of the user's visible schools and groups (in
    ``NAV_SCHOOLS_ORDER`` and ``NAV_GROUPS_ORDER``), for a page that reads them anyway
    (the home page): its context replaces the context processor's, which then never
    runs its two queries."""
    return {
        "nav_schools": NavLinks.of(schools, _school_url),
        "nav_groups": NavLinks.of(groups, _group_url),
    }


def _nav_schools(*, school_ids: list[int], group_ids: list[int]) -> QuerySet:
    return (
        schools_seen(school_ids=school_ids, group_ids=group_ids)
        .order_by(*NAV_SCHOOLS_ORDER)
        .values_list("slug", "name")
    )


def _nav_groups(*, group_ids: list[int]) -> QuerySet:
    return (
        SchoolGroup.objects.filter(pk__in=group_ids)
        .order_by(*NAV_GROUPS_ORDER)
        .values_list("slug", "name")
    )


def _member_nav(user) -> tuple[Callable[[], list], Callable[[], list]]:
    """The menu's two reads for a member (``visible_schools``, ``visible_groups``),
    compiled once per process and number of memberships (``compiled_rows``): every page
    draws the menu, and Django took longer to build these queries than to run them. No
    membership, no query, as the ORM runs none for an empty ``IN``; and nothing read, not
    even the memberships, until the menu is drawn."""

    def schools() -> list:
        school_ids, group_ids = member_ids(user)
        if not (school_ids or group_ids):
            return []
        return compiled_rows(_nav_schools, school_ids=school_ids, group_ids=group_ids)

    def groups() -> list:
        group_ids = member_ids(user)[1]
        return compiled_rows(_nav_groups, group_ids=group_ids) if group_ids else []

    return schools, groups


def current_school(request: HttpRequest) -> dict:
    """Navigation: the schools and groups the signed-in user can switch between."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if user.is_superuser:
        return {
            "nav_schools": NavLinks(
                lambda: visible_schools(user).order_by(*NAV_SCHOOLS_ORDER), _school_url
            ),
            "nav_groups": NavLinks(
                lambda: visible_groups(user).order_by(*NAV_GROUPS_ORDER), _group_url
            ),
        }
    schools, groups = _member_nav(user)
    return {
        "nav_schools": NavLinks(schools, _school_url),
        "nav_groups": NavLinks(groups, _group_url),
    }
