"""The one way to reach tenant-owned data.

Every lookup of a school- or group-owned object goes through these helpers, so a
user of one school or group never sees another's data. "Missing" and "not yours"
both answer 404: a URL must not reveal that another school's object exists.

A model declares how it reaches its owner with class attributes:

- ``tenant_school_path``: lookup path to the owning ``School`` (e.g. ``"school"``,
  ``"person__school"``);
- ``tenant_group_path``: lookup path to the owning ``SchoolGroup``, for objects
  owned by a group (or by either, when both are set and one is null).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from schools.models import Membership, Role, School, SchoolGroup

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

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
CAN_APPROVE_MANDATES = frozenset({Role.GROUP_ADMIN, Role.SCHOOL_LEADER})
CAN_RUN_WIZARD = frozenset({Role.GROUP_ADMIN, Role.SCHOOL_LEADER})
CAN_ADMINISTER_GROUP = frozenset({Role.GROUP_ADMIN})


def user_memberships(user: AnyUser) -> list[Membership]:
    """The user's memberships, read once per request (cached on the user object)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_ictteam_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("school", "group"))
        user._ictteam_memberships = cached
    return cached


def visible_schools(user: AnyUser) -> QuerySet[School]:
    """Schools the user may see: their own, and every school of a group they belong to."""
    if not user.is_authenticated:
        return School.objects.none()
    if user.is_superuser:
        return School.objects.all()
    school_ids = [m.school_id for m in user_memberships(user) if m.school_id]
    group_ids = [m.group_id for m in user_memberships(user) if m.group_id]
    return School.objects.filter(Q(pk__in=school_ids) | Q(group_id__in=group_ids))


def visible_groups(user: AnyUser) -> QuerySet[SchoolGroup]:
    """Groups whose own (group-level) data the user may see: those they are a member of."""
    if not user.is_authenticated:
        return SchoolGroup.objects.none()
    if user.is_superuser:
        return SchoolGroup.objects.all()
    return SchoolGroup.objects.filter(
        pk__in=[m.group_id for m in user_memberships(user) if m.group_id]
    )


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


def scope_queryset(user: AnyUser, queryset: QuerySet[M]) -> QuerySet[M]:
    """Restrict a queryset of a tenant-owned model to what the user may see."""
    model = queryset.model
    school_path = getattr(model, "tenant_school_path", None)
    group_path = getattr(model, "tenant_group_path", None)
    if model is School:
        school_path = "pk"
    elif model is SchoolGroup:
        group_path = "pk"
    if not school_path and not group_path:
        raise TypeError(f"{model.__name__} declares no tenant path")
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    condition = Q()
    if school_path:
        condition |= Q(**{f"{school_path}__in": visible_schools(user).values("pk")})
    if group_path:
        condition |= Q(**{f"{group_path}__in": visible_groups(user).values("pk")})
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


def get_school_or_404(user: AnyUser, slug: str) -> School:
    return get_school_object_or_404(user, School.objects.select_related("group"), slug=slug)


def get_group_or_404(user: AnyUser, slug: str) -> SchoolGroup:
    return get_school_object_or_404(user, SchoolGroup, slug=slug)
