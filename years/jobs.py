"""Reminder e-mails as background jobs: one job per school or group, run by the job worker.

``send_reminders`` (the command cron runs) enqueues ``send_school_reminders`` for every
school, and ``send_group_reminders`` for every group (its group-led plans), with a
reminder due; the job works out again what is due (the data may have changed while it
waited), and e-mails each of the school's leaders and ICT coordinators (a group's: its
group admins and group ICT coordinators) the reminders they have not had yet, in their
own language, recording each one sent.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from schools.access import Owner
from schools.access import owner_kwargs
from schools.models import Role
from schools.models import School
from schools.models import SchoolGroup
from years.models import ReminderSent
from years.reminders import EVALUATION_CITATION
from years.reminders import due_reminders

logger = logging.getLogger(__name__)

# Who is reminded: the school's leadership and its ICT coordinators; for a group-led
# plan, the group's admins (who lead it) and the group's ICT coordinators.
RECIPIENT_ROLES = (Role.SCHOOL_LEADER, Role.ICT_COORDINATOR)
GROUP_RECIPIENT_ROLES = (Role.GROUP_ADMIN, Role.ICT_COORDINATOR)


def reminder_recipients(*, owner: Owner) -> list:
    """Active users with a leader's or ICT coordinator's membership of the school (of the
    group: an admin's or ICT coordinator's) and an e-mail address, each with their
    language (one query)."""
    User = get_user_model()
    if isinstance(owner, School):
        membership = {"memberships__school": owner, "memberships__role__in": RECIPIENT_ROLES}
    else:
        membership = {"memberships__group": owner, "memberships__role__in": GROUP_RECIPIENT_ROLES}
    return list(
        User.objects.filter(is_active=True, **membership)
        .exclude(email="")
        .select_related("preference")
        .distinct()
        .order_by("pk")
    )


def _language(user) -> str:
    preference = getattr(user, "preference", None)
    return preference.language if preference is not None else settings.LANGUAGE_CODE


def send_reminders_for(*, owner: Owner, today: datetime.date, base_url: str = "") -> int:
    """E-mail the school's (or the group's) reminders that each recipient has not had; the
    e-mails sent."""
    if isinstance(owner, School):
        reminders = due_reminders(schools=[owner], today=today)
    else:
        reminders = due_reminders(groups=[owner], today=today)
    if not reminders:
        return 0
    owned = owner_kwargs(owner)
    sent = set(ReminderSent.objects.filter(**owned).values_list("key", "user_id"))
    count = 0
    for user in reminder_recipients(owner=owner):
        new = [r for r in reminders if (r.key, user.pk) not in sent]
        if not new:
            continue
        try:
            with transaction.atomic():
                # Recorded first: a second worker on the same reminders stops here.
                ReminderSent.objects.bulk_create(
                    [ReminderSent(**owned, key=r.key, user=user, email=user.email) for r in new]
                )
                with translation.override(_language(user)):
                    send_mail(
                        subject=_("Reminders for %(school)s on ictteam") % {"school": owner.name},
                        message=render_to_string(
                            "years/reminder_email.txt",
                            {
                                "user": user,
                                "school": owner,
                                "reminders": new,
                                "base_url": base_url.rstrip("/"),
                                "citation": EVALUATION_CITATION,
                            },
                        ),
                        from_email=None,
                        recipient_list=[user.email],
                    )
        except IntegrityError:
            logger.info("Reminders of %s for user %s were sent meanwhile", owner.slug, user.pk)
            continue
        count += 1
    return count


@task()
def send_school_reminders(school_id: int, base_url: str = "") -> None:
    school = School.objects.filter(pk=school_id).first()
    if school is None:
        return
    send_reminders_for(owner=school, today=timezone.localdate(), base_url=base_url)


@task()
def send_group_reminders(group_id: int, base_url: str = "") -> None:
    group = SchoolGroup.objects.filter(pk=group_id).first()
    if group is None:
        return
    send_reminders_for(owner=group, today=timezone.localdate(), base_url=base_url)


def enqueue_reminders(*, today: datetime.date, base_url: str = "") -> int:
    """Enqueue a reminder job for every school and every group with a reminder due; the
    jobs enqueued."""
    reminders = due_reminders(
        schools=School.objects.order_by("pk"),
        groups=SchoolGroup.objects.order_by("pk"),
        today=today,
    )
    schools = sorted({r.owner.pk for r in reminders if not r.is_group})
    groups = sorted({r.owner.pk for r in reminders if r.is_group})
    for school_id in schools:
        send_school_reminders.enqueue(school_id, base_url)
    for group_id in groups:
        send_group_reminders.enqueue(group_id, base_url)
    return len(schools) + len(groups)
