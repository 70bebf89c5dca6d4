"""The main pages of every role on the demo data, for the checks that walk all of them
(accessibility, phone widths).

The demo is seeded on the real catalogue (Appendix 1's workbook), so the pages carry the
real task titles and the demo's long lists, not a few short factory rows.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from development.models import DevelopmentItem
from guidelines.models import TransitionPlan
from guidelines.selectors import plan_state
from overview.demo import DEMO_PASSWORD
from overview.demo import seed_demo
from policy.models import Goal
from schools.models import Job
from schools.models import JobKind
from schools.models import JobStatus
from schools.models import Role
from schools.models import School
from schools.models import SchoolGroup
from schools.services import invitation_create
from tasks.models import ListTask
from tasks.models import Task
from teams.documents import vacancy_draft
from teams.models import Agreement
from teams.models import ConsultationGroup
from teams.models import Person
from teams.models import Vacancy
from tests.browser.conftest import login
from years.models import YearRecord

CATALOGUE = Path(settings.BASE_DIR) / "fixtures" / "ict-task-overview.xlsx"

# One demo login per role, all around Sint-Jan Secundair of Scholengroep Noord.
ROLES = {
    "school leader": "leader.sintjan",
    "ICT coordinator": "ict.sintjan",
    "team member": "member.sintjan",
    "group admin": "groupadmin.noord",
}


def seed() -> None:
    call_command("import_tasks", str(CATALOGUE), verbosity=0, stdout=io.StringIO())
    seed_demo()


def _plan_steps(kind: str, owner, **kwargs) -> list[str]:
    plan = TransitionPlan.objects.filter(**{kind: owner}).first()
    if plan is None:
        return []
    node_ids = plan_state(plan=plan).walk.node_ids
    return [
        reverse(f"guidelines:{kind}_node", kwargs={**kwargs, "node_id": node_id})
        for node_id in node_ids
    ]


def site_pages() -> list[str]:
    """Every main page of the site around Sint-Jan and Scholengroep Noord; a role checks the
    ones it may open (the others answer 403 or 404)."""
    school = School.objects.get(slug="sint-jan")
    group = SchoolGroup.objects.get(slug="noord")
    s = {"school_slug": school.slug}
    g = {"group_slug": group.slug}
    entry = ListTask.objects.filter(school=school).order_by("task__code").first()
    group_entry = ListTask.objects.filter(group=group).order_by("task__code").first()
    person = Person.objects.filter(school=school).order_by("pk").first()
    group_person = Person.objects.filter(group=group).order_by("pk").first()
    consultation = ConsultationGroup.objects.filter(school=school).order_by("pk").first()
    group_consultation = ConsultationGroup.objects.filter(group=group).order_by("pk").first()
    agreement = Agreement.objects.filter(school=school).order_by("pk").first()
    # The demo drafts its vacancy in another school: Sint-Jan's roles get one of their own.
    vacancy = Vacancy.objects.filter(school=school).order_by("pk").first() or vacancy_draft(
        school=school, tasks=ListTask.objects.filter(school=school, applies=True)[:5]
    )
    task = Task.objects.catalogue().order_by("code").first()
    development_item = DevelopmentItem.objects.filter(school=school).order_by("pk").first()
    pages = [
        reverse("home"),
        reverse("tasks:catalogue"),
        reverse("tasks:task_detail", kwargs={"code": task.code}),
        reverse("tasks:catalogue_import"),
        reverse("guidelines:flowchart"),
        reverse("schools:school_detail", kwargs=s),
        reverse("tasks:school_list", kwargs=s),
        reverse("tasks:school_entry", kwargs={**s, "pk": entry.pk}),
        reverse("tasks:school_add", kwargs=s),
        reverse("tasks:school_import", kwargs=s),
        reverse("teams:overview", kwargs=s),
        reverse("teams:person_add", kwargs=s),
        reverse("teams:person_detail", kwargs={**s, "pk": person.pk}),
        reverse("teams:person_edit", kwargs={**s, "pk": person.pk}),
        reverse("teams:person_delete", kwargs={**s, "pk": person.pk}),
        reverse("teams:matrix", kwargs=s),
        reverse("teams:matrix_cell", kwargs={**s, "pk": entry.pk, "id": person.pk}),
        reverse("teams:matrix_person", kwargs={**s, "pk": person.pk}),
        reverse("teams:matrix_task", kwargs={**s, "pk": entry.pk}),
        reverse("teams:task_assignments", kwargs={**s, "pk": entry.pk}),
        reverse("teams:mandates", kwargs=s),
        reverse("teams:consultation", kwargs=s),
        reverse("teams:consultation_add", kwargs=s),
        reverse("teams:agreement_add", kwargs=s),
        reverse("teams:documents", kwargs=s),
        reverse("teams:document_role", kwargs={**s, "pk": person.pk}),
        reverse("teams:document_overview", kwargs=s),
        reverse("teams:document_workbook_import", kwargs=s),
        reverse("guidelines:school_plan", kwargs=s),
        reverse("guidelines:school_action_plan", kwargs=s),
        *_plan_steps("school", school, **s),
        reverse("development:school_plan", kwargs=s),
        reverse("development:item_add", kwargs=s),
        reverse("years:school_years", kwargs=s),
        reverse("years:rollover", kwargs=s),
        reverse("years:compare", kwargs=s),
        reverse("schools:group_detail", kwargs=g),
        reverse("overview:group_dashboard", kwargs=g),
        reverse("teams:group_people", kwargs=g),
        reverse("teams:group_person_add", kwargs=g),
        reverse("teams:group_consultation_add", kwargs=g),
        reverse("tasks:group_list", kwargs=g),
        reverse("tasks:group_entry", kwargs={**g, "pk": group_entry.pk}),
        reverse("tasks:group_add", kwargs=g),
        reverse("tasks:group_import", kwargs=g),
        reverse("guidelines:group_plan", kwargs=g),
        reverse("guidelines:group_action_plan", kwargs=g),
        *_plan_steps("group", group, **g),
        reverse("development:group", kwargs=g),
        reverse("years:group_years", kwargs=g),
        reverse("years:group_rollover", kwargs=g),
        reverse("years:group_compare", kwargs=g),
        reverse("sharing:group", kwargs=g) + f"?cluster={entry.task.cluster}",
        reverse("sharing:school", kwargs=s) + f"?task={entry.task.code}",
        reverse("sharing:consent", kwargs=s),
        reverse("sharing:copy", kwargs=s) + f"?source=de-linde&task={entry.task.code}",
    ]
    # The ICT policy plan: Sint-Jan's (not started), De Brug's demo plan with its goals and
    # needs scan (the group admin's to see), and the group's.
    brug = {"school_slug": "de-brug"}
    pages += [
        reverse("policy:school_plan", kwargs=s),
        reverse("policy:school_scan", kwargs=s),
        reverse("policy:school_scan_import", kwargs=s),
        reverse("policy:school_plan", kwargs=brug),
        reverse("policy:school_scan", kwargs=brug),
        reverse("policy:group_plan", kwargs=g),
    ]
    # The demo has one of each: a page left out because a row is missing would go unseen.
    rows = {
        "consultation": consultation,
        "group consultation": group_consultation,
        "agreement": agreement,
        "group person": group_person,
        "development item": development_item,
        "closed school year": YearRecord.objects.filter(school=school).order_by("pk").first(),
        "group's closed year": YearRecord.objects.filter(group=group).order_by("pk").first(),
        "policy goal": Goal.objects.filter(plan__school__slug="de-brug").order_by("pk").first(),
    }
    assert all(rows.values()), [name for name, row in rows.items() if not row]
    pages += [
        reverse("teams:consultation_edit", kwargs={**s, "pk": consultation.pk}),
        reverse("teams:consultation_delete", kwargs={**s, "pk": consultation.pk}),
        reverse("teams:agreement_edit", kwargs={**s, "pk": agreement.pk}),
        reverse("teams:agreement_delete", kwargs={**s, "pk": agreement.pk}),
        reverse("teams:document_vacancy", kwargs={**s, "pk": vacancy.pk}),
        reverse("teams:group_person_edit", kwargs={**g, "pk": group_person.pk}),
        reverse("teams:group_person_delete", kwargs={**g, "pk": group_person.pk}),
        reverse("teams:group_consultation_edit", kwargs={**g, "pk": group_consultation.pk}),
        reverse("teams:group_consultation_delete", kwargs={**g, "pk": group_consultation.pk}),
        reverse("development:item_edit", kwargs={**s, "pk": development_item.pk}),
        reverse("years:record", kwargs={**s, "pk": rows["closed school year"].pk}),
        reverse("years:group_record", kwargs={**g, "pk": rows["group's closed year"].pk}),
        reverse("policy:school_goal", kwargs={**brug, "pk": rows["policy goal"].pk}),
    ]
    return pages


# A group admin also reaches the group's other schools, whose pages show other states:
# De Linde's plan is paused at step 2 and its team shows what team health warns about;
# De Brug's is paused at step 3 while it writes its ICT policy plan in ictteam.
OTHER_SCHOOLS = ["de-linde", "de-brug"]


def other_school_pages() -> list[str]:
    """The pages of the group's other schools whose content depends on the school's state."""
    pages = []
    for slug in OTHER_SCHOOLS:
        school = School.objects.get(slug=slug)
        s = {"school_slug": slug}
        pages += [
            reverse(name, kwargs=s)
            for name in [
                "schools:school_detail",
                "tasks:school_list",
                "teams:overview",
                "teams:matrix",
                "teams:mandates",
                "teams:consultation",
                "teams:documents",
                "teams:document_overview",
                "guidelines:school_plan",
            ]
        ]
        if TransitionPlan.objects.filter(school=school).exists():
            pages.append(reverse("guidelines:school_action_plan", kwargs=s))
            pages += _plan_steps("school", school, **s)
    return pages


def public_pages() -> list[str]:
    """The pages before logging in: the password reset's steps (a link that no longer
    works included) and an invitation for someone new, who creates their account there."""
    school = School.objects.get(slug="sint-jan")
    leader = get_user_model().objects.get(username=ROLES["school leader"])
    invitation = invitation_create(
        email="new.colleague@example.org",
        role=Role.TEAM_MEMBER,
        invited_by=leader,
        school=school,
    )
    return [
        reverse("home"),
        reverse("login"),
        reverse("password_reset"),
        reverse("password_reset_done"),
        reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "no-longer-valid"}),
        reverse("password_reset_complete"),
        reverse("schools:invitation_accept", kwargs={"token": invitation.token}),
        reverse("tasks:catalogue"),
        reverse("guidelines:flowchart"),
    ]


def job_pages(username: str) -> list[str]:
    """A job's page (a documents export) as its starter follows it: while it waits for a
    worker, done, and failed. Only the user who started a job sees it, so each role gets
    its own."""
    user = get_user_model().objects.get(username=username)
    school = School.objects.get(slug="sint-jan")
    owner = {"group": school.group} if username == ROLES["group admin"] else {"school": school}
    common = {"user": user, "kind": JobKind.DOCUMENTS, "title": "Documents of Sint-Jan", **owner}
    jobs = [
        Job.objects.create(**common, status=JobStatus.RUNNING, done=3, total=10),
        Job.objects.create(
            **common,
            status=JobStatus.DONE,
            done=10,
            total=10,
            summary="10 documents",
            finished=timezone.now(),
        ),
        Job.objects.create(
            **common, status=JobStatus.FAILED, error="No documents", finished=timezone.now()
        ),
    ]
    return [job.get_absolute_url() for job in jobs]


def admin_pages() -> list[str]:
    """The admin's index, each app's index, the password change, and every registered
    model's list and add form; the change forms are found on the lists, since each role
    sees other rows there (``admin_object_pages``)."""
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    apps = sorted({model._meta.app_label for model in admin.site._registry})
    pages += [reverse("admin:app_list", kwargs={"app_label": app}) for app in apps]
    for model in admin.site._registry:
        meta = model._meta
        pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    return pages


def admin_object_pages(page, base: str, lists: list[str]) -> list[str]:
    """For each admin list the role may open, its first row's change form, history, a
    past version from that history and delete confirmation (those a role may not open
    answer 403 and are left out by ``open_page``)."""
    pages = []
    for url in lists:
        if not url.endswith("/") or url.endswith("/add/") or url.count("/") < 4:
            continue
        if not open_page(page, base + url):
            continue
        change = first_change_form(page)
        if not change:
            continue
        change = change.split("?")[0]
        history = change.replace("/change/", "/history/")
        pages += [change, history, change.replace("/change/", "/delete/")]
        if open_page(page, base + history):
            version = page.locator(f"#change-history a[href^='{history}']").first
            if version.count():
                pages.append(version.get_attribute("href"))
    return pages


def open_page(page, url: str) -> bool:
    """Open a page; True when the role may see it, False when it answers 403 or 404 (not
    this role's page). Anything else is a broken page and fails."""
    response = page.goto(url)
    assert response is not None, url
    if response.status in (403, 404):
        return False
    assert response.status == 200, f"{url} answered {response.status}"
    return True


def first_change_form(page) -> str | None:
    """On an admin list, the address of its first row's change form."""
    link = page.locator("#result_list tbody tr a[href*='/change/']").first
    if link.count() == 0:
        return None
    return link.get_attribute("href")


def log_in(page, live_server, username: str) -> None:
    login(page, live_server, username, DEMO_PASSWORD)
