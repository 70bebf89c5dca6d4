"""Reminder e-mails as background jobs: one job per school, run by the job worker.

``send_reminders`` (the command cron runs) enqueues ``send_school_reminders`` for every
school with a reminder due; the job works out again what is due (the data may have
changed while it waited), and e-mails each of the school's leaders and ICT coordinators
the reminders they have not had yet, in their own language, recording each one sent.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from schools.models import Role, School
from years.models import ReminderSent
from years.reminders import EVALUATION_CITATION, due_reminders

logger = logging.getLogger(__name__)

# Who is reminded: the school's leadership and its ICT coordinators.
RECIPIENT_ROLES = (Role.SCHOOL_LEADER, Role.ICT_COORDINATOR)


def reminder_recipients(*, school: School) -> list:
    """Active users with a leader's or ICT coordinator's membership of the school and an
    e-mail address, each with their language (one query)."""
    User = get_user_model()
    return list(
        User.objects.filter(
            is_active=True,
            memberships__school=school,
            memberships__role__in=RECIPIENT_ROLES,
        )
        .exclude(email="")
        .select_related("preference")
        .distinct()
        .order_by("pk")
    )


def _language(user) -> str:
    preference = getattr(user, "preference", None)
    return preference.language if preference is not None else settings.LANGUAGE_CODE


def send_reminders_for(*, school: School, today: datetime.date, base_url: str = "") -> int:
    """E-mail the school's reminders that each recipient has not had; the e-mails sent."""
    reminders = due_reminders(schools=[school], today=today)
    if not reminders:
        return 0
    sent = set(ReminderSent.objects.filter(school=school).values_list("key", "user_id"))
    count = 0
    for user in reminder_recipients(school=school):
        new = [r for r in reminders if (r.key, user.pk) not in sent]
        if not new:
            continue
        try:
            with transaction.atomic():
                # Recorded first: a second worker on the same reminders stops here.
                ReminderSent.objects.bulk_create(
                    [
                        ReminderSent(school=school, key=r.key, user=user, email=user.email)
                        for r in new
                    ]
                )
                with translation.override(_language(user)):
                    send_mail(
                        subject=_("Reminders for %(school)s on ictteam") % {"school": school.name},
                        message=render_to_string(
                            "years/reminder_email.txt",
                            {
                                "user": user,
                                "school": school,
                                "reminders": new,
                                "base_url": base_url.rstrip("/"),
                                "citation": EVALUATION_CITATION,
                            },
                        ),
                        from_email=None,
                        recipient_list=[user.email],
                    )
        except IntegrityError:
            logger.info("Reminders of %s for user %s were sent meanwhile", school.slug, user.pk)
            continue
        count += 1
    return count


@task()
def send_school_reminders(school_id: int, base_url: str = "") -> None:
    school = School.objects.filter(pk=school_id).first()
    if school is None:
        return
    send_reminders_for(school=school, today=timezone.localdate(), base_url=base_url)


def enqueue_reminders(*, today: datetime.date, base_url: str = "") -> int:
    """Enqueue a reminder job for every school with a reminder due; the jobs enqueued."""
    schools = list(School.objects.order_by("pk"))
    with_reminders = {
        reminder.school.pk for reminder in due_reminders(schools=schools, today=today)
    }
    for school_id in sorted(with_reminders):
        send_school_reminders.enqueue(school_id, base_url)
    return len(with_reminders)
