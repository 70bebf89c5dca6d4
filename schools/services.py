"""Writes for tenancy and for the group level: invitations, memberships, group choices."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from schools.access import CAN_MANAGE
from schools.access import ROLE_RANK
from schools.access import group_roles
from schools.access import has_role
from schools.access import school_roles
from schools.access import staff_status_follows
from schools.models import Invitation
from schools.models import Membership
from schools.models import Role
from schools.models import School
from schools.models import SchoolGroup

INVITATION_VALID_FOR = timedelta(days=14)


def user_sync_staff(*, user: AbstractBaseUser) -> AbstractBaseUser:
    """Give or take staff status as the user's memberships say.

    Staff status opens the admin site; only the leadership (``CAN_MANAGE``) uses it, so
    it follows their memberships and is never kept after the last such membership ends.
    A superuser's is left alone.
    """
    wanted = staff_status_follows(
        memberships=Membership.objects.filter(user=user), is_superuser=user.is_superuser
    )
    if user.is_staff != wanted:
        user.is_staff = wanted
        user.save(update_fields=["is_staff"])
    # The cached memberships of this user object are stale now.
    user.__dict__.pop("_ictteam_memberships", None)
    return user


def _roles_over(user: AbstractBaseUser, where: School | SchoolGroup) -> frozenset[str]:
    roles = school_roles(user, where) if isinstance(where, School) else group_roles(user, where)
    return (roles & CAN_MANAGE) or frozenset({Role.TEAM_MEMBER})


def invitation_is_for(*, invitation: Invitation, user: AbstractBaseUser) -> bool:
    """Whether the account is the invited one: the invitation's e-mail address is its own."""
    return bool(user.email) and user.email.strip().lower() == invitation.email


def invitation_has_account(*, invitation: Invitation) -> bool:
    """Whether the invited address already has an account (which must accept it)."""
    return get_user_model().objects.filter(email__iexact=invitation.email).exists()


@transaction.atomic
def invitation_create(
    *,
    email: str,
    role: str,
    invited_by: AbstractBaseUser,
    school: School | None = None,
    group: SchoolGroup | None = None,
    accept_url_base: str = "",
) -> Invitation:
    """Invite someone by e-mail to a school or group with a role, and send the e-mail."""
    invitation = Invitation(
        email=email.strip().lower(),
        role=role,
        school=school,
        group=group,
        invited_by=invited_by,
        token=secrets.token_urlsafe(32),
        expires=timezone.now() + INVITATION_VALID_FOR,
    )
    invitation.full_clean()
    where = school or group
    if not has_role(invited_by, where, CAN_MANAGE) or (
        ROLE_RANK[role] > max(ROLE_RANK[r] for r in _roles_over(invited_by, where))
    ):
        # The admin's choices already keep to this; the rule holds for every caller.
        raise ValidationError(_("Your role does not allow inviting someone with this role here."))
    invitation.save()
    link = f"{accept_url_base}{invitation.get_absolute_url()}"
    context = {"invitation": invitation, "where": where, "link": link, "inviter": invited_by}
    # Sent after commit: a rolled-back invitation must not reach anyone's inbox.
    transaction.on_commit(
        lambda: send_mail(
            subject=_("You are invited to %(where)s on ictteam") % {"where": where},
            message=render_to_string("schools/invitation_email.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )
    )
    return invitation


def invitation_is_open(invitation: Invitation) -> bool:
    return invitation.accepted_at is None and invitation.expires > timezone.now()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: AbstractBaseUser) -> Membership:
    """Give the user the invited role. Single use; an expired invitation is refused.

    The invitation belongs to its e-mail address: only an account of that address
    accepts it, so a forwarded or intercepted link does not give the role to someone else.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation_is_open(invitation):
        raise ValidationError(_("This invitation has expired or was already used."))
    if not invitation_is_for(invitation=invitation, user=user):
        raise ValidationError(
            _("This invitation is for %(email)s: sign in with the account of that address.")
            % {"email": invitation.email}
        )
    membership, _created = Membership.objects.get_or_create(
        user=user, role=invitation.role, school=invitation.school, group=invitation.group
    )
    user_sync_staff(user=user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def user_create_from_invitation(
    *, invitation: Invitation, username: str, password: str, first_name: str, last_name: str
) -> AbstractBaseUser:
    User = get_user_model()
    if invitation_has_account(invitation=invitation):
        raise ValidationError(
            _(
                "There is already an account for %(email)s: sign in with it, then open the "
                "invitation again."
            )
            % {"email": invitation.email}
        )
    user = User(
        username=username, email=invitation.email, first_name=first_name, last_name=last_name
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    invitation_accept(invitation=invitation, user=user)
    return user
