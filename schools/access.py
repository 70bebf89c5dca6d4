"""The one way to reach tenant-owned data.

Every lookup of a school- or group-owned object goes through these helpers, so a
user of one school or group never sees another's data. "Missing" and "not yours"
both answer 404: a URL must not reveal that another school's object exists.

A model declares how it reaches its owner with class attributes:

- ``tenant_school_path``: lookup path to the owning ``School`` (e.g. ``"school"``,
  ``"person__school"``);
- ``tenant_group_path``: lookup path to the owning ``SchoolGroup``, for objects
  owned by a group (or by either, when both are set and one is null).

The role sets (``CAN_*``, each set under one name) and the admin site's predicates
(``is_admin_user``, ``may_manage``, ``may_manage_account``) live here too, so every
decision about who may do what is made in one module.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from functools import reduce
from functools import wraps
from typing import TYPE_CHECKING
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import router
from django.db.models import Model
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models.query import MAX_GET_RESULTS
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.urls import URLPattern
from django.urls import path
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schools.compiled import compiled_rows
from schools.compiled import row_instance
from schools.models import Membership
from schools.models import Role
from schools.models import School
from schools.models import SchoolGroup

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser

M = TypeVar("M", bound=Model)

# What owns a task list, a plan or a group-level person: a school or a school group.
Owner = School | SchoolGroup


def owner_kwargs(owner: Owner) -> dict[str, Owner]:
    """Lookup or constructor keyword for an object owned by ``owner``."""
    return {"school": owner} if isinstance(owner, School) else {"group": owner}


# What each role may do. A group admin may do everything in every school of the group.
CAN_VIEW = frozenset(Role)
CAN_EDIT_TASK_LIST = frozenset({Role.GROUP_ADMIN, Role.SCHOOL_LEADER, Role.ICT_COORDINATOR})
CAN_EDIT_TEAM = frozenset({Role.GROUP_ADMIN, Role.SCHOOL_LEADER, Role.ICT_COORDINATOR})
# The ICT policy plan: the leadership with the ICT coordinator write it ("drawing up of a
# technical and pedagogical-didactical vision jointly with the director"); every member
# may comment on it (CAN_VIEW), and only the leadership records it as drawn up (CAN_MANAGE).
CAN_EDIT_POLICY_PLAN = frozenset({Role.GROUP_ADMIN, Role.SCHOOL_LEADER, Role.ICT_COORDINATOR})
# The leadership of a school: approves mandates, runs the wizard, manages the school in
# the admin site (which is what staff status follows), invites people.
CAN_MANAGE = frozenset({Role.GROUP_ADMIN, Role.SCHOOL_LEADER})
CAN_ADMINISTER_GROUP = frozenset({Role.GROUP_ADMIN})

# Rank of a role, for "may this user act on that user's account": only on lower ranks.
ROLE_RANK = {
    Role.GROUP_ADMIN: 4,
    Role.SCHOOL_LEADER: 3,
    Role.ICT_COORDINATOR: 2,
    Role.TEAM_MEMBER: 1,
}


_MEMBERSHIP_FIELDS = tuple(field.attname for field in Membership._meta.concrete_fields)
_SCHOOL_FIELDS = tuple(field.attname for field in School._meta.concrete_fields)
_GROUP_FIELDS = tuple(field.attname for field in SchoolGroup._meta.concrete_fields)


def _memberships(user_id: int) -> QuerySet:
    """A user's memberships with their school and group (``select_related``), as rows."""
    return Membership.objects.filter(user_id=user_id).values_list(
        *_MEMBERSHIP_FIELDS,
        *(f"school__{name}" for name in _SCHOOL_FIELDS),
        *(f"group__{name}" for name in _GROUP_FIELDS),
    )


def user_memberships(user: AnyUser) -> list[Membership]:
    """The user's memberships, read once per request (cached on the user object).

    Every page reads them: the query is compiled once per process (``compiled_rows``)
    and its rows built into the instances ``select_related("school", "group")`` gave."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_ictteam_memberships", None)
    if cached is None:
        db = router.db_for_read(Membership)
        school_at = len(_MEMBERSHIP_FIELDS)
        group_at = school_at + len(_SCHOOL_FIELDS)
        cached = []
        for row in compiled_rows(_memberships, convert=True, user_id=user.pk):
            membership = row_instance(Membership, _MEMBERSHIP_FIELDS, row[:school_at], db)
            related = membership._state.fields_cache
            related["school"] = (
                None
                if membership.school_id is None
                else row_instance(School, _SCHOOL_FIELDS, row[school_at:group_at], db)
            )
            related["group"] = (
                None
                if membership.group_id is None
                else row_instance(SchoolGroup, _GROUP_FIELDS, row[group_at:], db)
            )
            cached.append(membership)
        user._ictteam_memberships = cached
    return cached


def member_ids(user: AnyUser) -> tuple[list[int], list[int]]:
    """The ids of the schools and of the groups the user is a member of."""
    memberships = user_memberships(user)
    return (
        [m.school_id for m in memberships if m.school_id],
        [m.group_id for m in memberships if m.group_id],
    )


def schools_seen(*, school_ids: list[int], group_ids: list[int]) -> QuerySet[School]:
    """The schools a member of these schools and groups sees: those schools, and every
    school of those groups."""
    return School.objects.filter(Q(pk__in=school_ids) | Q(group_id__in=group_ids))


def visible_schools(user: AnyUser) -> QuerySet[School]:
    """Schools the user may see: their own, and every school of a group they belong to."""
    if not user.is_authenticated:
        return School.objects.none()
    if user.is_superuser:
        return School.objects.all()
    school_ids, group_ids = member_ids(user)
    return schools_seen(school_ids=school_ids, group_ids=group_ids)


def visible_groups(user: AnyUser) -> QuerySet[SchoolGroup]:
    """Groups whose own (group-level) data the user may see: those they are a member of."""
    if not user.is_authenticated:
        return SchoolGroup.objects.none()
    if user.is_superuser:
        return SchoolGroup.objects.all()
    return SchoolGroup.objects.filter(pk__in=member_ids(user)[1])


def school_roles(user: AnyUser, school: School) -> frozenset[str]:
    """The roles the user holds in a school, group roles included."""
    if not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return frozenset({Role.GROUP_ADMIN})
    roles = set()
    for m in user_memberships(user):
        if m.school_id == school.pk or (m.group_id and m.group_id == school.group_id):
            roles.add(m.role)
    return frozenset(roles)


def group_roles(user: AnyUser, group: SchoolGroup) -> frozenset[str]:
    """The roles the user holds at the level of a group itself."""
    if not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return frozenset({Role.GROUP_ADMIN})
    return frozenset(m.role for m in user_memberships(user) if m.group_id == group.pk)


def has_role(user: AnyUser, owner: School | SchoolGroup, allowed: Iterable[str]) -> bool:
    roles = school_roles(user, owner) if isinstance(owner, School) else group_roles(user, owner)
    return bool(roles & set(allowed))


def require_role(user: AnyUser, owner: School | SchoolGroup, allowed: Iterable[str]) -> None:
    """403 for a user who may see the school or group but not do this in it."""
    if not has_role(user, owner, allowed):
        raise PermissionDenied(_("Your role does not allow this."))


def _tenant_paths(model: type[Model]) -> tuple[str | None, str | None]:
    """The lookups from a tenant-owned model to its school and to its group."""
    school_path = getattr(model, "tenant_school_path", None)
    group_path = getattr(model, "tenant_group_path", None)
    if model is School:
        school_path = "pk"
    elif model is SchoolGroup:
        group_path = "pk"
    if not school_path and not group_path:
        raise TypeError(f"{model.__name__} declares no tenant path")
    return school_path, group_path


def scope_queryset(user: AnyUser, queryset: QuerySet[M]) -> QuerySet[M]:
    """Restrict a queryset of a tenant-owned model to what the user may see."""
    _tenant_paths(queryset.model)
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    school_ids, group_ids = member_ids(user)
    return scope_ids(queryset, school_ids=school_ids, group_ids=group_ids)


def scope_ids(queryset: QuerySet[M], *, school_ids: list[int], group_ids: list[int]) -> QuerySet[M]:
    """``scope_queryset`` for a member of these schools and groups (``member_ids``): a
    query compiled once for any member (``compiled_rows``) scopes with it."""
    school_path, group_path = _tenant_paths(queryset.model)
    condition = Q()
    if school_path:
        seen = schools_seen(school_ids=school_ids, group_ids=group_ids)
        condition |= Q(**{f"{school_path}__in": seen.values("pk")})
    if group_path:
        groups = SchoolGroup.objects.filter(pk__in=group_ids)
        condition |= Q(**{f"{group_path}__in": groups.values("pk")})
    return queryset.filter(condition)


def get_school_object_or_404(
    user: AnyUser, model_or_queryset: type[M] | QuerySet[M], **lookups: object
) -> M:
    """Fetch one tenant-owned object, or 404 alike for missing and not-yours."""
    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, QuerySet)
        else model_or_queryset._default_manager.all()
    )
    try:
        return scope_queryset(user, queryset).get(**lookups)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        if isinstance(exc, TypeError) and "tenant path" in str(exc):
            raise
        raise Http404(_("No such page.")) from None


def _school_by_slug(*, school_ids: list[int], group_ids: list[int], slug: str) -> QuerySet:
    """``get_school_or_404``'s query for a member: the school with its group, among those
    ``visible_schools`` lets them see, as ``get()`` runs it."""
    seen = schools_seen(school_ids=school_ids, group_ids=group_ids).values("pk")
    return (
        School.objects.filter(pk__in=seen, slug=slug)
        .order_by()
        .values_list(*_SCHOOL_FIELDS, *(f"group__{name}" for name in _GROUP_FIELDS))[
            :MAX_GET_RESULTS
        ]
    )


def _group_by_slug(*, group_ids: list[int], slug: str) -> QuerySet:
    """``get_group_or_404``'s query for a member, as ``get()`` runs it."""
    seen = SchoolGroup.objects.filter(pk__in=group_ids).values("pk")
    return (
        SchoolGroup.objects.filter(pk__in=seen, slug=slug)
        .order_by()
        .values_list(*_GROUP_FIELDS)[:MAX_GET_RESULTS]
    )


def _one(rows: list[tuple], model: type[Model]) -> tuple:
    """The one row ``get()`` would have read: 404 for none, as for an object not yours."""
    if not rows:
        raise Http404(_("No such page."))
    if len(rows) > 1:
        raise model.MultipleObjectsReturned
    return rows[0]


def get_school_or_404(user: AnyUser, slug: str) -> School:
    """The school with its group (``select_related``), 404 alike for missing and not-yours.

    Every school page starts here: for a member the query is compiled once per process
    and number of memberships (``compiled_rows``), the same SQL ``get_school_object_or_404``
    runs, as it still does for a superuser."""
    if not user.is_authenticated or user.is_superuser:
        return get_school_object_or_404(user, School.objects.select_related("group"), slug=slug)
    school_ids, group_ids = member_ids(user)
    if not (school_ids or group_ids):
        raise Http404(_("No such page."))
    row = _one(
        compiled_rows(
            _school_by_slug,
            convert=True,
            texts={"slug": slug},
            school_ids=school_ids,
            group_ids=group_ids,
        ),
        School,
    )
    db = router.db_for_read(School)
    school = row_instance(School, _SCHOOL_FIELDS, row[: len(_SCHOOL_FIELDS)], db)
    school._state.fields_cache["group"] = row_instance(
        SchoolGroup, _GROUP_FIELDS, row[len(_SCHOOL_FIELDS) :], db
    )
    return school


def get_group_or_404(user: AnyUser, slug: str) -> SchoolGroup:
    """The school group, 404 alike for missing and not-yours; compiled as
    ``get_school_or_404``."""
    if not user.is_authenticated or user.is_superuser:
        return get_school_object_or_404(user, SchoolGroup, slug=slug)
    group_ids = member_ids(user)[1]
    if not group_ids:
        raise Http404(_("No such page."))
    row = _one(
        compiled_rows(_group_by_slug, convert=True, texts={"slug": slug}, group_ids=group_ids),
        SchoolGroup,
    )
    return row_instance(SchoolGroup, _GROUP_FIELDS, row, router.db_for_read(SchoolGroup))


def get_owner_or_404(user: AnyUser, *, school_slug: str | None, group_slug: str | None) -> Owner:
    """The school, or else the school group, a URL names (404 alike for missing and not-yours)."""
    if school_slug is not None:
        return get_school_or_404(user, school_slug)
    return get_group_or_404(user, group_slug)


def owner_page(
    view: Callable[..., HttpResponse] | None = None, *, role: Iterable[str] | None = None
) -> Callable[..., HttpResponse]:
    """Hands the view the school or the school group of the URL (a 404 alike for a missing
    one and another's), as ``owner``: for pages that serve both under one name.

    With ``role``, a user without one of those roles there is refused (403) before the
    view runs; a view that lets every member see it and checks the role only for a write
    leaves it out and checks itself.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def resolved(
            request: HttpRequest,
            *args: object,
            school_slug: str | None = None,
            group_slug: str | None = None,
            **kwargs: object,
        ) -> HttpResponse:
            owner = get_owner_or_404(request.user, school_slug=school_slug, group_slug=group_slug)
            if role is not None:
                require_role(request.user, owner, role)
            return view(request, owner, *args, **kwargs)

        return resolved

    return decorate(view) if view is not None else decorate


def owner_view(
    *methods: str, role: Iterable[str] | None = None
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """The stack a page of a school or a school group carries, outermost first: signed in
    (``login_required``), only these HTTP methods (all without any: 405 otherwise), and
    ``owner_page(role=role)``: ``@owner_view("POST", role=CAN_MANAGE)``."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        page = owner_page(view, role=role)
        if methods:
            page = require_http_methods(list(methods))(page)
        return login_required(page)

    return decorate


def owner_kind(owner: Owner) -> str:
    """ "school" or "group": the prefix of the URL names of pages serving both."""
    return "school" if isinstance(owner, School) else "group"


def owner_context(owner: Owner) -> dict[str, object]:
    """What a template of a page serving both needs to know of the owner: the owner, as
    school or as group (the other None), and the prefix of its URL names."""
    school, group = (owner, None) if isinstance(owner, School) else (None, owner)
    return {"owner": owner, "school": school, "group": group, "url_kind": owner_kind(owner)}


# Where a school's and a group's pages live: ``schools/<slug>/…`` and ``groups/<slug>/…``.
OWNER_PREFIXES = (("school", "schools/<slug:school_slug>/"), ("group", "groups/<slug:group_slug>/"))


def owner_paths(
    section: str, pages: Iterable[tuple[str, Callable[..., HttpResponse], str]]
) -> list[URLPattern]:
    """The URL patterns of an app's pages that serve a school and a group alike: each
    ``(route, view, name)`` once under the school's prefix and ``section`` as
    ``school_<name>``, and once under the group's as ``group_<name>`` (what ``owner_url``
    reverses; ``owner_page`` hands the view either owner)."""
    pages = list(pages)
    return [
        path(f"{prefix}{section}{route}", view, name=f"{kind}_{name}")
        for kind, prefix in OWNER_PREFIXES
        for route, view, name in pages
    ]


def owner_url(namespace: str, owner: Owner, name: str, **kwargs: object) -> str:
    """The URL of ``namespace:<kind>_<name>`` for the owner, where an app names each of its
    pages once for a school and once for a group."""
    slug = {"school_slug": owner.slug} if isinstance(owner, School) else {"group_slug": owner.slug}
    return reverse(f"{namespace}:{owner_kind(owner)}_{name}", kwargs={**slug, **kwargs})


# --- the admin site and accounts -----------------------------------------------------------


def is_admin_user(user: AnyUser) -> bool:
    """Superusers, group admins and school leaders use the admin site."""
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or any(m.role in CAN_MANAGE for m in user_memberships(user))


def follow_path(obj: Model, path: str):
    return reduce(lambda value, name: getattr(value, name, None), path.split("__"), obj)


def object_owner(obj: Model) -> Owner | None:
    """The school or group that owns an object, from the model's tenant paths."""
    if isinstance(obj, School | SchoolGroup):
        return obj
    for attribute in ("tenant_school_path", "tenant_group_path"):
        path = getattr(obj, attribute, None)
        owner = follow_path(obj, path) if path else None
        if owner is not None:
            return owner
    return None


def owner_visible(user: AnyUser, owner: Owner | None) -> bool:
    """Whether the user may see what a school or group owns."""
    if user.is_superuser:
        return True
    if isinstance(owner, School):
        return bool(school_roles(user, owner))
    if isinstance(owner, SchoolGroup):
        return bool(group_roles(user, owner))
    return False


def may_manage(user: AnyUser, obj: Model) -> bool:
    """Whether the user may change or delete a tenant-owned object in the admin site."""
    if user.is_superuser:
        return True
    owner = object_owner(obj)
    if isinstance(owner, School):
        if isinstance(obj, School):
            # A school's own record (name, level, pupils) is the group's to change.
            return Role.GROUP_ADMIN in school_roles(user, owner)
        return bool(CAN_MANAGE & school_roles(user, owner))
    if isinstance(owner, SchoolGroup):
        return Role.GROUP_ADMIN in group_roles(user, owner)
    return False


def owners_conflict(owner: Owner | None, other: Owner | None) -> bool:
    """Whether an object of ``owner`` may not point at an object of ``other``.

    A school's object may use the school's objects and its group's (group-level people
    serve schools); a group's object may use the group's and its schools'. Objects of
    nobody (the shared catalogue, user accounts) fit everywhere.
    """
    if owner is None or other is None:
        return False
    if isinstance(owner, School):
        if isinstance(other, School):
            return other.pk != owner.pk
        return other.pk != owner.group_id
    if isinstance(other, School):
        return other.group_id != owner.pk
    return other.pk != owner.pk


def scoped_users(user: AnyUser) -> QuerySet:
    """Users who belong to a school or group the given user may see."""
    User = get_user_model()
    if user.is_superuser:
        return User.objects.all()
    return User.objects.filter(
        Q(memberships__school__in=visible_schools(user).values("pk"))
        | Q(memberships__group__in=visible_groups(user).values("pk"))
    ).distinct()


def _rank_in(user: AnyUser, membership: Membership) -> int:
    """The acting user's highest rank over the place of someone else's membership."""
    if membership.school_id:
        roles = school_roles(user, membership.school)
    else:
        roles = group_roles(user, membership.group)
    return max((ROLE_RANK[role] for role in roles & CAN_MANAGE), default=0)


def may_manage_account(user: AnyUser, account: AbstractBaseUser) -> bool:
    """Whether ``user`` may change another account's name and e-mail address.

    Only superusers touch accounts beyond that, and only they change passwords, usernames
    and the active state: everybody resets their own password by e-mail, and a leader
    ends a membership rather than an account. For the rest, an account may be changed
    only by someone who manages every place it belongs to, from a higher rank in each:
    a school leader never changes an account that also belongs to another school, or
    another school leader's; a group admin never one that also belongs to another
    group, or another group admin's. Otherwise the e-mail address (and with it the
    password reset) would hand over an account that reaches data the user may not see.
    """
    if user.is_superuser:
        return True
    if not is_admin_user(user) or account.is_superuser:
        return False
    if account.pk == user.pk:
        return True
    # An account with no membership (the platform's staff) is nobody's but a superuser's.
    memberships = list(account.memberships.select_related("school", "group"))
    return bool(memberships) and all(
        _rank_in(user, membership) > ROLE_RANK[membership.role] for membership in memberships
    )


def staff_status_follows(*, memberships: Iterable[Membership], is_superuser: bool) -> bool:
    """The staff status memberships give: the admin site is for the leadership only."""
    return is_superuser or any(m.role in CAN_MANAGE for m in memberships)
