"""The ICT team: people, their assignments with mandates, consultation groups and agreements.

People belong to a school, or to the school group (group-level people serve several
schools, their hours split per school). Assignments link a task on a school's list to a
person with the mandates of chapter 2: who decides, who executes, who directs and follows
up (monitors), who is lead and contact point; plus a backup person.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schools.fields import optional_link
from schools.fields import user_field
from schools.models import SchoolOrGroupOwned
from schools.models import SchoolOwned
from schools.models import Stamped
from schools.models import choices_like
from schools.models import group_owner
from schools.models import school_field
from schools.models import school_owner
from schools.models import school_xor_group
from tasks.models import Cluster
from tasks.models import ListTask
from tasks.models import Specialisation
from tasks.models import list_task_field

HOURS = {
    "max_digits": 5,
    "decimal_places": 1,
    "default": Decimal("0"),
    "validators": [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("80"))],
}


class PersonRole(models.TextChoices):
    """The roles the report names in an ICT team (chapter 2)."""

    MANAGEMENT = "management", _("Director / management (ICT focus)")
    TECHNICAL_COORDINATOR = "technical_coordinator", _("Technical ICT coordinator")
    PEDAGOGICAL_COORDINATOR = "pedagogical_coordinator", _("Pedagogical ICT coordinator")
    HEAD_OF_ICT = "head_of_ict", _("Primary technical ICT coordinator / ICT department head")
    ADMINISTRATIVE = "administrative", _("Administrative staff")
    DIGICOACH = "digicoach", _("Teacher: digicoach / focal point / i-coach")
    STUDENT = "student", _("Student digileader")
    PARENT = "parent", _("Parent")
    BUILDING_MANAGER = "building_manager", _("Infrastructure or building manager")
    EXTERNAL = "external", _("External partner")


# The policy triangle of the report's team model: scarce, strategic people.
STRATEGIC_ROLES = frozenset(
    {
        PersonRole.MANAGEMENT,
        PersonRole.TECHNICAL_COORDINATOR,
        PersonRole.PEDAGOGICAL_COORDINATOR,
        PersonRole.HEAD_OF_ICT,
    }
)


class Level(models.IntegerChoices):
    """Self-assessed competence or motivation on a cluster."""

    NONE = 0, _("None")
    BASIC = 1, _("Basic")
    GOOD = 2, _("Good")
    EXPERT = 3, _("Expert")


def level_field(verbose_name: str) -> models.PositiveSmallIntegerField:
    """A person's self-assessed competence or motivation on a cluster, none to expert."""
    return models.PositiveSmallIntegerField(
        verbose_name,
        choices=Level.choices,
        default=Level.NONE,
        validators=[MinValueValidator(0), MaxValueValidator(3)],
    )


class Person(SchoolOrGroupOwned, Stamped):
    school = school_owner("people")
    group = group_owner(
        "people", help_text=_("Group-level people serve several schools of the group.")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    roles = models.JSONField(_("roles"), default=list, blank=True, help_text=_("PersonRole keys."))
    ict_hours = models.DecimalField(_("ICT hours per week"), **HOURS)
    bpt_hours = models.DecimalField(
        _("BPT hours per week"),
        help_text=_("Hours for special pedagogical tasks."),
        **HOURS,
    )
    other_hours = models.DecimalField(_("other hours per week"), **HOURS)
    external_hours = models.DecimalField(_("external contract hours per week"), **HOURS)
    competence_technical = level_field(_("technical competence"))
    competence_pedagogical = level_field(_("pedagogical-didactical competence"))
    competence_policy = level_field(_("policy competence"))
    competence_administrative = level_field(_("administrative competence"))
    motivation_technical = level_field(_("motivation: technical"))
    motivation_pedagogical = level_field(_("motivation: pedagogical-didactical"))
    motivation_policy = level_field(_("motivation: policy"))
    motivation_administrative = level_field(_("motivation: administrative"))
    specialisations = models.JSONField(
        _("specialisations"), default=list, blank=True, help_text=_("Specialisation keys.")
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            school_xor_group("person_school_xor_group"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def hours_available(self) -> Decimal:
        return self.ict_hours + self.bpt_hours + self.other_hours + self.external_hours

    @property
    def is_strategic(self) -> bool:
        return bool(STRATEGIC_ROLES & set(self.roles))

    def get_role_labels(self) -> list[str]:
        valid = set(PersonRole.values)
        return [PersonRole(key).label for key in self.roles if key in valid]

    def get_specialisation_labels(self) -> list[str]:
        valid = set(Specialisation.values)
        return [Specialisation(key).label for key in self.specialisations if key in valid]


class PersonSchool(SchoolOwned, models.Model):
    """A group-level person's share of hours in one school of the group."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="school_shares"
    )
    school = school_field("group_people")
    hours = models.DecimalField(_("hours per week for this school"), **HOURS)

    class Meta:
        verbose_name = _("school share of a group-level person")
        verbose_name_plural = _("school shares of group-level people")
        constraints = [
            models.UniqueConstraint(fields=["person", "school"], name="personschool_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.school}: {self.hours}"


class Assignment(SchoolOwned, Stamped):
    """A task of a school's list given to a person, with mandates."""

    school = school_field("assignments")
    list_task = list_task_field("assignments")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="assignments"
    )
    decides = models.BooleanField(_("decides"), default=False)
    executes = models.BooleanField(_("executes"), default=False)
    monitors = models.BooleanField(
        _("directs and follows up"), default=False, help_text=_("Directs and follows up.")
    )
    lead = models.BooleanField(_("lead and contact point"), default=False)
    backup = optional_link(Person, _("backup"), "backup_assignments")
    hours = models.DecimalField(_("hours per week"), **HOURS)
    approved_by = user_field(_("mandate approved by"))
    approved_at = models.DateTimeField(_("mandate approved at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["list_task__task__code", "person__name"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["list_task", "person"], name="assignment_unique"),
            # One lead and contact point per task: assignment_set moves the lead.
            models.UniqueConstraint(
                fields=["list_task"],
                condition=Q(lead=True),
                name="assignment_one_lead_per_task",
                violation_error_message=_("Another person already leads this task."),
            ),
            models.CheckConstraint(
                condition=Q(decides=True) | Q(executes=True) | Q(monitors=True) | Q(lead=True),
                name="assignment_has_a_mandate",
                violation_error_message=_(
                    "Give at least one mandate: decides, executes, directs and follows up, "
                    "or leads."
                ),
            ),
            models.CheckConstraint(
                condition=Q(backup__isnull=True) | ~Q(backup=models.F("person")),
                name="assignment_backup_is_someone_else",
                violation_error_message=_("A person cannot be their own backup."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.list_task.task.code}"


class ConsultationKind(models.TextChoices):
    """Consultation and collaboration groups of chapter 2 and step 7."""

    POLICY_TEAM = "policy_team", _("ICT policy team")
    DAILY_TECHNICAL = "daily_technical", _("Daily technical coordination")
    SOUNDING_BOARD = "sounding_board", _("Teacher sounding board")
    WORKING_GROUP = "working_group", _("Working group")


class ConsultationGroup(SchoolOrGroupOwned, models.Model):
    school = school_owner("consultation_groups")
    group = group_owner("consultation_groups")
    kind = models.CharField(_("kind"), max_length=20, choices=ConsultationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    rhythm = models.CharField(_("rhythm"), max_length=100, blank=True, help_text=_("e.g. monthly"))
    members = models.ManyToManyField(
        Person, verbose_name=_("members"), related_name="consultation_groups", blank=True
    )
    group_link = models.TextField(
        _("link with the group level"),
        blank=True,
        help_text=_("How this group connects to the school group's consultation."),
    )
    # The version an edit form was loaded from (schools/concurrency.py).
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("consultation group")
        verbose_name_plural = _("consultation groups")
        constraints = [
            school_xor_group("consultationgroup_school_xor_group"),
        ]

    def __str__(self) -> str:
        return self.name


class AgreementKind(models.TextChoices):
    KNOWLEDGE_SHARING = "knowledge_sharing", _("Knowledge sharing")
    BACKUP = "backup", _("Backup")
    DOCUMENTATION = "documentation", _("Documentation (generic mailboxes, written procedures)")


class Agreement(SchoolOwned, models.Model):
    """A team agreement on knowledge sharing, backup or documentation (step 7)."""

    school = school_field("agreements")
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    text = models.TextField(_("agreement"))
    in_place = models.BooleanField(_("in place"), default=False)
    # The version an edit form was loaded from (schools/concurrency.py).
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:50]}"


# The report's four profiles of an ICT coordinator, one a cluster: a vacancy asks for
# the profile of the clusters its tasks are in.
VacancyProfile = choices_like(
    "VacancyProfile",
    Cluster,
    module=__name__,
    keys=("technical", "pedagogical", "administrative", "policy"),
    labels={
        "technical": _("Technical ICT coordinator"),
        "pedagogical": _("Pedagogical ICT coordinator"),
        "administrative": _("Administrative ICT support"),
        "policy": _("ICT policy coordinator"),
    },
)


class Vacancy(SchoolOwned, Stamped):
    """A job vacancy for tasks the team cannot cover, editable before export."""

    school = school_field("vacancies")
    title = models.CharField(_("title"), max_length=200)
    profile = models.CharField(_("profile"), max_length=20, choices=VacancyProfile.choices)
    tasks = models.ManyToManyField(ListTask, verbose_name=_("tasks"), related_name="vacancies")
    hours = models.DecimalField(_("hours per week"), **HOURS)
    diploma = models.CharField(_("diploma level"), max_length=100, blank=True)
    profile_text = models.TextField(
        _("the profile in one line"),
        blank=True,
        help_text=_("The report's description of the profile, as the vacancy opens with it."),
    )
    text = models.TextField(_("vacancy text"), blank=True)
    terms = models.TextField(
        _("employment terms"),
        blank=True,
        help_text=_("Which hours pay for the post, appointment, diploma and pay scale."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    contact = models.TextField(_("contact"), blank=True)
    how_to_apply = models.TextField(_("how to apply"), blank=True)
    note = models.TextField(
        _("internal note"),
        blank=True,
        help_text=_("For the school only: not printed in the vacancy."),
    )

    class Meta:
        ordering = ["-created"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")

    def __str__(self) -> str:
        return self.title
