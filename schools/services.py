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

from schools.models import Invitation, Membership, Role, School, SchoolGroup

INVITATION_VALID_FOR = timedelta(days=14)
# Roles that manage things in the admin site: they need staff status to reach it.
ADMIN_SITE_ROLES = {Role.GROUP_ADMIN, Role.SCHOOL_LEADER}


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
    invitation.save()
    where = school or group
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
    """Give the user the invited role. Single use; an expired invitation is refused."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation_is_open(invitation):
        raise ValidationError(_("This invitation has expired or was already used."))
    membership, _created = Membership.objects.get_or_create(
        user=user, role=invitation.role, school=invitation.school, group=invitation.group
    )
    if invitation.role in ADMIN_SITE_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def user_create_from_invitation(
    *, invitation: Invitation, username: str, password: str, first_name: str, last_name: str
) -> AbstractBaseUser:
    User = get_user_model()
    user = User(
        username=username, email=invitation.email, first_name=first_name, last_name=last_name
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    invitation_accept(invitation=invitation, user=user)
    return user
