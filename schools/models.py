"""Tenancy: school groups, schools, and the memberships that give users a role in them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from schools.fields import account_field
from schools.fields import user_field

# What a form says when a constraint refuses its data: Django's default names the
# constraint ("Constraint 'invitation_in_group_xor_school' is violated"), which tells a
# user nothing.
SCHOOL_XOR_GROUP_MESSAGE = _("Choose a school or a school group: exactly one of the two.")
GROUP_ROLE_MESSAGE = _("This role is not one of a school group: choose a school for it.")
SCHOOL_ROLE_MESSAGE = _("This role is one of a school group: choose a group for it.")


def school_xor_group(name: str, *, group_first: bool = False) -> models.CheckConstraint:
    """The constraint of an object owned by exactly one school or one school group.

    ``group_first`` keeps the order memberships and invitations first wrote it in, which
    their migrations hold."""
    school, group = Q(school__isnull=False), Q(group__isnull=False)
    no_school, no_group = Q(school__isnull=True), Q(group__isnull=True)
    condition = (
        (group & no_school) | (no_group & school)
        if group_first
        else (school & no_group) | (no_school & group)
    )
    return models.CheckConstraint(
        condition=condition, name=name, violation_error_message=SCHOOL_XOR_GROUP_MESSAGE
    )


# The two fields through which an object belongs to a school or to a school group.
OWNERS = ("school", "group")


def unique_per_owner(
    fields: tuple[str, ...],
    name: str | tuple[str, str],
    *,
    school_message: str | None = None,
    group_message: str | None = None,
) -> list[models.UniqueConstraint]:
    """The constraints of a row that a school has at most once, and a school group too.

    ``"owner"`` in ``fields`` stands for the school in the first constraint and for the
    group in the second; where it stands is the order of the index's columns. ``name``
    has ``{owner}`` where "school" or "group" goes, or is the two names where they
    follow no pattern. Without a message a form says Django's own."""
    names = name if isinstance(name, tuple) else tuple(name.format(owner=o) for o in OWNERS)
    messages = (school_message, group_message)
    return [
        models.UniqueConstraint(
            fields=[owner if field == "owner" else field for field in fields],
            condition=Q(**{f"{owner}__isnull": False}),
            name=owner_name,
            violation_error_message=message,
        )
        for owner, owner_name, message in zip(OWNERS, names, messages, strict=True)
    ]


def owned_once(
    prefix: str,
    fields: tuple[str, ...],
    name: str | tuple[str, str],
    *,
    school_message: str | None = None,
    group_message: str | None = None,
) -> list[models.BaseConstraint]:
    """The constraints of an object of exactly one school or one school group
    (``school_xor_group``) that each owner has at most once (``unique_per_owner``)."""
    return [
        school_xor_group(f"{prefix}_school_xor_group"),
        *unique_per_owner(fields, name, school_message=school_message, group_message=group_message),
    ]


def valid_choice(prefix: str, field: str, choices: type[models.Choices]) -> models.CheckConstraint:
    """The database refuses a value outside the field's choices: forms check them, a
    script or a bulk write would not."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}), name=f"{prefix}_{field}_valid"
    )


def choices_like(
    name: str,
    base: type[models.TextChoices],
    *,
    module: str,
    keys: tuple[str, ...] | None = None,
    labels: dict[str, str] | None = None,
) -> type[models.TextChoices]:
    """An enumeration of the same idea as ``base`` under another name: ``base``'s keys
    (those of ``keys``, in that order, or all), each under ``base``'s label unless
    ``labels`` gives its own. The values are ``base``'s, so a member of one compares
    equal to the other's and a key stored through one reads through the other.
    ``module`` is the caller's ``__name__``: the enumeration pickles as one of its own."""
    members = [base(key) for key in keys] if keys is not None else list(base)
    labels = labels or {}
    return models.TextChoices(
        name,
        [(member.name, (member.value, labels.get(member, member.label))) for member in members],
        module=module,
        qualname=name,
    )


def role_constraints(prefix: str) -> list[models.CheckConstraint]:
    """A role given in exactly one group or one school, and one that fits it: a group
    admin only in a group, a school leader only in a school."""
    return [
        school_xor_group(f"{prefix}_in_group_xor_school", group_first=True),
        models.CheckConstraint(
            condition=Q(group__isnull=True) | Q(role__in=[r.value for r in GROUP_ROLES]),
            name=f"{prefix}_group_role",
            violation_error_message=GROUP_ROLE_MESSAGE,
        ),
        models.CheckConstraint(
            condition=Q(school__isnull=True) | Q(role__in=[r.value for r in SCHOOL_ROLES]),
            name=f"{prefix}_school_role",
            violation_error_message=SCHOOL_ROLE_MESSAGE,
        ),
    ]


def documents_language_field() -> models.CharField:
    """The language a school's or group's documents are written in when exported in bulk.

    Bulk exports (the zips, the admin's export, ``export_documents``) have no reader whose
    language they could follow; pages and single downloads keep the reader's language.
    """
    return models.CharField(
        _("language of exported documents"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="nl",
        help_text=_(
            "Exports of all documents at once (the zips, the command line) are written in "
            "this language."
        ),
    )


class Created(models.Model):
    """A row that keeps when it was created (shown in the admin, and an order for lists)."""

    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True


class Stamped(Created):
    """A row that also keeps when it last changed. ``updated`` is the version an edit
    form was loaded from (schools/concurrency.py): a save over a newer change is refused."""

    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class SchoolGroup(Created):
    """A school group or community (scholengroep) that runs several schools."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    documents_language = documents_language_field()

    class Meta:
        ordering = ["name"]
        verbose_name = _("school group")
        verbose_name_plural = _("school groups")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("schools:group_detail", kwargs={"group_slug": self.slug})


class EducationLevel(models.TextChoices):
    PRIMARY = "primary", _("Primary education")
    SECONDARY = "secondary", _("Secondary education")
    ADULT = "adult", _("Adult education")
    SPECIAL_NEEDS = "special_needs", _("Special needs education")


class School(Created):
    group = models.ForeignKey(
        SchoolGroup,
        verbose_name=_("school group"),
        on_delete=models.PROTECT,
        related_name="schools",
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    education_level = models.CharField(
        _("education level"), max_length=20, choices=EducationLevel.choices
    )
    technical_vocational = models.BooleanField(
        _("technical/vocational offer"),
        default=False,
        help_text=_("The school offers technical or vocational orientations."),
    )
    pupils = models.PositiveIntegerField(_("number of pupils"), default=0)
    locations = models.PositiveSmallIntegerField(
        _("number of locations"),
        default=1,
        help_text=_("Campuses or sites the ICT team has to serve."),
    )
    documents_language = documents_language_field()

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        constraints = [
            models.CheckConstraint(
                condition=Q(locations__gte=1),
                name="school_at_least_one_location",
                violation_error_message=_("A school has at least one location."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("schools:school_detail", kwargs={"school_slug": self.slug})


class SchoolChange(models.Model):
    """A school's change token, renewed by the database on every write to the school's
    rows (``schools.changes``). Never written by Django after the school's first."""

    school = models.OneToOneField(
        School, on_delete=models.CASCADE, primary_key=True, related_name="change"
    )
    token = models.BigIntegerField()

    class Meta:
        verbose_name = _("change token of a school")
        verbose_name_plural = _("change tokens of schools")

    def __str__(self) -> str:
        return str(self.token)


class SchoolOrGroupOwned:
    """An object of one school or one school group, through its ``school`` and ``group``
    fields: the lookup paths through which access reaches its owner, and the owner (none
    for a catalogue task, or a job over several schools)."""

    tenant_school_path = "school"
    tenant_group_path = "group"

    @property
    def owner(self) -> School | SchoolGroup | None:
        return self.school or self.group


def _owner(to, verbose_name, related_name: str, one: bool, options: dict) -> models.Field:
    field = models.OneToOneField if one else models.ForeignKey
    options = {"verbose_name": verbose_name, "related_name": related_name, **options}
    return field(to, on_delete=models.CASCADE, null=True, blank=True, **options)


def school_owner(related_name: str, *, one: bool = False, **options) -> models.Field:
    """The school of an object that belongs to one school or (this left empty) to one
    school group; ``one`` for an object a school has at most one of."""
    return _owner(School, _("school"), related_name, one, options)


class SchoolOwned:
    """An object that always belongs to one school, through its ``school`` field
    (``school_field``): the lookup path through which access reaches it."""

    tenant_school_path = "school"


def school_field(related_name: str, *, one: bool = False) -> models.Field:
    """The school of an object that always belongs to one school, deleted with it; ``one``
    for an object a school has at most one of."""
    field = models.OneToOneField if one else models.ForeignKey
    return field(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name=related_name
    )


def group_owner(related_name: str, *, one: bool = False, **options) -> models.Field:
    """The school group of an object that belongs to one group or (this left empty) to one
    of its schools."""
    return _owner(SchoolGroup, _("school group"), related_name, one, options)


class PlanPart:
    """A part of a plan that one school or one school group owns (the plan under
    ``plan``): the lookup paths through which access reaches the plan's owner."""

    tenant_school_path = "plan__school"
    tenant_group_path = "plan__group"


def plan_field(to: type[models.Model], related_name: str, *, one: bool = False) -> models.Field:
    """The plan a ``PlanPart`` belongs to, deleted with it; ``one`` for a part a plan has
    at most one of."""
    field = models.OneToOneField if one else models.ForeignKey
    return field(to, verbose_name=_("plan"), on_delete=models.CASCADE, related_name=related_name)


class Role(models.TextChoices):
    GROUP_ADMIN = "group_admin", _("Group admin")
    SCHOOL_LEADER = "school_leader", _("School leader")
    ICT_COORDINATOR = "ict_coordinator", _("ICT coordinator")
    TEAM_MEMBER = "team_member", _("Team member")


# A group admin acts for the whole group; a school leader only ever for one school.
# Tuples, not sets: the constraints below must list them in a stable order.
GROUP_ROLES = (Role.GROUP_ADMIN, Role.ICT_COORDINATOR, Role.TEAM_MEMBER)
SCHOOL_ROLES = (Role.SCHOOL_LEADER, Role.ICT_COORDINATOR, Role.TEAM_MEMBER)


class Membership(SchoolOrGroupOwned, Created):
    """A user's role in exactly one school group or one school."""

    user = account_field(_("user"), "memberships")
    group = group_owner("memberships")
    school = school_owner("memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            *role_constraints("membership"),
            *unique_per_owner(("user", "owner", "role"), "membership_unique_{owner}_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.owner}"


class Invitation(SchoolOrGroupOwned, Created):
    """An e-mail invitation to join a school or group with a role.

    The token is single-use and expires; accepting it creates the membership (and the
    account, for someone new).
    """

    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    group = group_owner("invitations")
    school = school_owner("invitations")
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    expires = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = user_field(_("accepted by"))

    class Meta:
        ordering = ["-created"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            *role_constraints("invitation"),
        ]

    def __str__(self) -> str:
        return f"{self.email} — {self.get_role_display()} — {self.owner}"

    def get_absolute_url(self) -> str:
        return reverse("schools:invitation_accept", kwargs={"token": self.token})


class UserPreference(models.Model):
    """What a signed-in user chose for themselves, applied again on every later login.

    Only the language for now; the browser's Accept-Language decides until the user picks
    one with the switcher in the header.
    """

    user = account_field(_("user"), "preference", one=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return f"{self.user} — {self.language}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for a worker")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class JobKind(models.TextChoices):
    DOCUMENTS = "documents", _("documents export")
    CATALOGUE_IMPORT = "catalogue_import", _("catalogue import")


class Job(SchoolOrGroupOwned, Created):
    """Work too long for a request (a group's documents, a large import), run by a worker.

    Only the user who started it sees it, and only while they still may do what it does
    (``schools.jobs.job_visible``): a school's or group's job names that owner; a job over
    several schools names them in ``params``. Its result waits in the default storage
    until ``schools.jobs.job_cleanup`` removes it.
    """

    user = account_field(_("started by"), "jobs")
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    group = models.ForeignKey(
        SchoolGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=JobKind.choices)
    title = models.CharField(_("title"), max_length=200)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    # A job split over several workers (``schools.jobs.job_split``): how many of its parts
    # are still running; the part that brings it to 0 collects the result, setting -1 so
    # that no other part does.
    parts_pending = models.IntegerField(_("parts still running"), default=0)
    error = models.TextField(_("error"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    result_path = models.CharField(_("result file"), max_length=300, blank=True)
    result_name = models.CharField(_("result file name"), max_length=200, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")), name="job_done_within_total"
            ),
            models.CheckConstraint(
                condition=Q(school__isnull=True) | Q(group__isnull=True),
                name="job_school_or_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("overview:job", kwargs={"pk": self.pk})

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def finished_ok(self) -> bool:
        return self.status == JobStatus.DONE

    @property
    def pending(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)
