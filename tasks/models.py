"""The ICT coordination task catalogue and each school's (or group's) customised list.

The catalogue is Appendix 1 of the report: every task in four clusters. Schools and
groups never edit catalogue tasks; they keep a ``ListTask`` per task with their own
choices, and may add tasks of their own (a ``Task`` owned by that school or group).
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models import Q
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.db.models.functions import NullIf
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schools.models import SchoolOrGroupOwned
from schools.models import Stamped
from schools.models import choices_like
from schools.models import group_owner
from schools.models import owned_once
from schools.models import school_owner
from schools.models import unique_per_owner


class Cluster(models.TextChoices):
    """The four clusters of tasks (Appendix 1), and of the competences they ask for."""

    TECHNICAL = "technical", _("Technical")
    PEDAGOGICAL = "pedagogical", _("Pedagogical-didactical")
    POLICY = "policy", _("Policy & vision")
    ADMINISTRATIVE = "administrative", _("Administrative")


# The competence areas of the four clusters (the report's T-PAB): a task of a cluster asks
# for the competence of the same key.
Competence = choices_like("Competence", Cluster, module=__name__, labels={"policy": _("Policy")})

# A task's boolean column of each competence (``needs_technical``): boolean columns keep
# competence and context filters plain SQL on SQLite and PostgreSQL.
COMPETENCE_FIELDS = {competence: f"needs_{competence.value}" for competence in Competence}


class Specialisation(models.TextChoices):
    NETWORK = "network", _("Network")
    SOFTWARE = "software", _("Software")
    HARDWARE = "hardware", _("Hardware")
    LEARNING_PLATFORM = "learning_platform", _("Learning platform")
    OFFICE = "office", _("Office")
    HELP_DESK = "help_desk", _("Help desk")
    CYBER_SECURITY = "cyber_security", _("Cyber security")


class OtherActor(models.TextChoices):
    """Who else can take a task on (Table 2 and chapter 2)."""

    EXTERNAL_FIRM = "external_firm", _("External firm")
    BUILDING_MANAGER = "building_manager", _("Infrastructure/building manager")
    DIGICOACH = "digicoach", _("Digicoach/ICT-savvy teacher")
    TEACHERS = "teachers", _("Teachers")
    MANAGEMENT = "management", _("Management")
    ADMINISTRATIVE_STAFF = "administrative_staff", _("Administrative staff")
    COMMUNICATION_OFFICER = "communication_officer", _("Communication officer")
    STUDENTS = "students", _("Students")
    PARENTS = "parents", _("Parents")
    SCHOOL_GROUP = "school_group", _("School group")
    CENTRAL_LEVEL = "central_level", _("Central level")
    COUNSELLING_SERVICE = "counselling_service", _("Pedagogical counselling service")
    TECHNICAL_ADVISOR = "technical_advisor", _("Technical advisor")


class ListLevel(models.TextChoices):
    """Where a school places a task in its own organisation (step 5)."""

    SCHOOL = "school", _("School")
    SCHOOL_GROUP = "school_group", _("School group")
    OUTSOURCED = "outsourced", _("Outsourced")
    CENTRAL = "central", _("Central")


# The level a task usually sits at (Table 3): outsourcing is a school's choice, no level a
# task has of itself.
TaskLevel = choices_like(
    "TaskLevel", ListLevel, module=__name__, keys=("school", "school_group", "central")
)


class Context(models.TextChoices):
    PRIMARY = "primary", _("Primary")
    SECONDARY = "secondary", _("Secondary")
    ADULT = "adult", _("Adult")
    SPECIAL_NEEDS = "special_needs", _("Special needs")
    TECHNICAL_VOCATIONAL = "technical_vocational", _("Technical/vocational")


# A task's boolean column of each context (``for_primary``).
CONTEXT_FIELDS = {context: f"for_{context.value}" for context in Context}


class TaskStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


# The catalogue's texts exist in every language of the site: ``title_nl`` and ``title_en``.
TEXT_LANGUAGES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)
TRANSLATED_FIELDS = ("topic", "title", "description", "why_core")


def text_language(language: str | None = None) -> str:
    """The catalogue language for a language code (``nl-be`` reads Dutch), else the default."""
    code = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    for candidate in (code, code.split("-")[0]):
        if candidate in TEXT_LANGUAGES:
            return candidate
    return settings.LANGUAGE_CODE


def text_languages(language: str | None = None) -> list[str]:
    """The reader's language first, then the others: the order a missing text falls back in."""
    first = text_language(language)
    return [first, *(code for code in TEXT_LANGUAGES if code != first)]


def localized(name: str, *, prefix: str = "", language: str | None = None) -> Coalesce:
    """SQL for a translated text in the reader's language, falling back like ``Task.title``."""
    columns = [NullIf(F(f"{prefix}{name}_{code}"), Value("")) for code in text_languages(language)]
    return Coalesce(*columns, Value(""), output_field=models.TextField())


def localized_lookup(name: str, lookup: str, value: object, *, prefix: str = "") -> Q:
    """A filter matching a translated text in any language (search finds Dutch and English)."""
    condition = Q()
    for code in TEXT_LANGUAGES:
        condition |= Q(**{f"{prefix}{name}_{code}__{lookup}": value})
    return condition


def _translated(name: str) -> property:
    """``task.title``: the text in the reader's language, else in the other one.

    Assigning sets the reader's language, so a school's own task keeps the language it was
    written in and shows in it to every reader (there is no translation to fall back from).
    """

    def getter(self: "Task") -> str:
        return self.text(name)

    def setter(self: "Task", value: str) -> None:
        setattr(self, f"{name}_{text_language()}", value)

    return property(getter, setter)


class TaskQuerySet(models.QuerySet):
    def catalogue(self) -> "TaskQuerySet":
        """Tasks of the shared catalogue (not a school's or group's own)."""
        return self.filter(school__isnull=True, group__isnull=True)

    def active(self) -> "TaskQuerySet":
        return self.filter(status=TaskStatus.ACTIVE)


class Task(SchoolOrGroupOwned, Stamped):
    # Catalogue tasks (no owner) are shared by all; own tasks belong to a school or group.
    code = models.CharField(_("code"), max_length=30)
    cluster = models.CharField(_("cluster"), max_length=20, choices=Cluster.choices)
    # Each text in Dutch and English; ``topic``, ``title``, ``description`` and ``why_core``
    # read the reader's language (see ``_translated``). A school's own task has one language.
    topic_nl = models.CharField(_("topic (Dutch)"), max_length=100, blank=True)
    topic_en = models.CharField(_("topic (English)"), max_length=100, blank=True)
    title_nl = models.CharField(_("task (Dutch)"), max_length=300, blank=True)
    title_en = models.CharField(_("task (English)"), max_length=300, blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_core = models.BooleanField(
        _("core task"),
        default=False,
        help_text=_(
            "Of strategic importance, and needing technical competences combined with "
            "pedagogical, administrative or policy ones (chapter 1, Core tasks of the ICT "
            "coordinator)."
        ),
    )
    why_core_nl = models.TextField(_("why core (Dutch)"), blank=True)
    why_core_en = models.TextField(
        _("why core (English)"),
        blank=True,
        help_text=_("The clause of the report's definition and the competences combined."),
    )
    needs_technical = models.BooleanField(_("needs technical competences"), default=False)
    needs_pedagogical = models.BooleanField(
        _("needs pedagogical-didactical competences"), default=False
    )
    needs_policy = models.BooleanField(_("needs policy competences"), default=False)
    needs_administrative = models.BooleanField(_("needs administrative competences"), default=False)
    specialisation = models.CharField(
        _("specialisation"), max_length=30, choices=Specialisation.choices, blank=True
    )
    also_by = models.JSONField(
        _("can also be taken on by"),
        default=list,
        blank=True,
        help_text=_("Keys of OtherActor."),
    )
    level = models.CharField(
        _("usual level"), max_length=20, choices=TaskLevel.choices, default=TaskLevel.SCHOOL
    )
    for_primary = models.BooleanField(_("primary"), default=True)
    for_secondary = models.BooleanField(_("secondary"), default=True)
    for_adult = models.BooleanField(_("adult"), default=True)
    for_special_needs = models.BooleanField(_("special needs"), default=True)
    for_technical_vocational = models.BooleanField(_("technical/vocational"), default=True)
    source = models.CharField(_("source in the report"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.ACTIVE
    )
    # Bumped by each import that changes the task, so lists can show "changed since".
    revision = models.PositiveIntegerField(_("revision"), default=1)
    # A task of a school's or group's own, outside the shared catalogue.
    school = school_owner("own_tasks")
    group = group_owner("own_tasks")

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(school__isnull=True, group__isnull=True),
                name="task_unique_catalogue_code",
                violation_error_message=_(
                    "The catalogue already has a task with this code: choose another code."
                ),
            ),
            *unique_per_owner(
                ("owner", "code"),
                "task_unique_{owner}_code",
                school_message=_(
                    "This school already has a task with this code: choose another code."
                ),
                group_message=_(
                    "This school group already has a task with this code: choose another code."
                ),
            ),
            models.CheckConstraint(
                condition=Q(school__isnull=True) | Q(group__isnull=True),
                name="task_one_owner_at_most",
                violation_error_message=_(
                    "A task of its own belongs to one school or one school group, not both."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(title_nl="") | ~Q(title_en=""), name="task_has_a_title"
            ),
            models.CheckConstraint(
                condition=~Q(topic_nl="") | ~Q(topic_en=""), name="task_has_a_topic"
            ),
        ]
        indexes = [models.Index(fields=["cluster"], name="tasks_task_cluster_idx")]

    topic = _translated("topic")
    title = _translated("title")
    description = _translated("description")
    why_core = _translated("why_core")

    def __str__(self) -> str:
        return self.name_in()

    def name_in(self, language: str | None = None) -> str:
        """``str(self)`` in a language (the reader's by default): a page naming fifty
        tasks looks the reader's language up once."""
        return f"{self.code} {self.text('title', language)}"

    def get_absolute_url(self) -> str:
        if self.school_id:
            return reverse("tasks:school_list", kwargs={"school_slug": self.school.slug})
        if self.group_id:
            return reverse("tasks:group_list", kwargs={"group_slug": self.group.slug})
        return reverse("tasks:task_detail", kwargs={"code": self.code})

    def text(self, name: str, language: str | None = None) -> str:
        """A translated text in a language (the reader's by default), else in another."""
        for code in text_languages(language):
            value = getattr(self, f"{name}_{code}")
            if value:
                return value
        return ""

    def clean(self) -> None:
        super().clean()
        missing = {
            f"{name}_{text_language()}": _("This field is required.")
            for name in ("title", "topic")
            if not self.text(name)
        }
        if missing:
            raise ValidationError(missing)

    @property
    def is_own(self) -> bool:
        return self.school_id is not None or self.group_id is not None

    @property
    def competences(self) -> list[str]:
        return [key for key, field in COMPETENCE_FIELDS.items() if getattr(self, field)]

    @property
    def contexts(self) -> list[str]:
        return [key for key, field in CONTEXT_FIELDS.items() if getattr(self, field)]

    def get_competence_labels(self) -> list[str]:
        return [Competence(key).label for key in self.competences]

    def get_context_labels(self) -> list[str]:
        return [Context(key).label for key in self.contexts]

    def get_also_by_labels(self) -> list[str]:
        valid = set(OtherActor.values)
        return [OtherActor(key).label for key in self.also_by if key in valid]


class Horizon(models.TextChoices):
    SHORT = "short", _("Short term")
    LONG = "long", _("Long term")
    DROPPED = "dropped", _("Dropped")


class LevelReason(models.TextChoices):
    """Chapter 3 step 5: why a task sits at school or group level."""

    ECONOMIES_OF_SCALE = "economies_of_scale", _("Economies of scale")
    SPECIALISED_EXPERTISE = "specialised_expertise", _("Specialised expertise")
    QUICK_LOCAL_NEEDS = "quick_local_needs", _("Quick response to local needs")


class ReviewState(models.TextChoices):
    """What a catalogue re-import left for the list's owner to look at."""

    NONE = "", _("Reviewed")
    NEW = "new", _("New in the catalogue")
    CHANGED = "changed", _("Changed in the catalogue")
    RETIRED = "retired", _("Retired from the catalogue")


# The choices a school or group makes for a task on its list (step 5). The list pages,
# the wizard, the admin, the workbook import and the group's hand-down edit these.
LIST_CHOICE_FIELDS = ("applies", "horizon", "level", "level_reason", "raise_with_director", "note")


# The entries a team has to cover: applying, not dropped, not left to the central level.
# Outsourced tasks stay in: someone in the team still follows the external firm up. As a
# condition too, for a query that counts the team's tasks beside others in one pass.
TEAM_TASK = Q(applies=True) & ~Q(horizon=Horizon.DROPPED) & ~Q(level=ListLevel.CENTRAL)


class ListTaskQuerySet(models.QuerySet):
    def team_tasks(self) -> "ListTaskQuerySet":
        """The entries a team has to cover (``TEAM_TASK``). Team health, the gaps, the
        dashboard and the wizard's step 7 all count these."""
        return self.filter(TEAM_TASK)


class ListTask(SchoolOrGroupOwned, Stamped):
    """One task on a school's or a group's customised task list, with its choices."""

    task = models.ForeignKey(
        Task,
        verbose_name=_("task"),
        # A task a list uses is never deleted: it is retired and stays for history.
        on_delete=models.PROTECT,
        related_name="list_entries",
    )
    # No index of their own: the unique (school, task) and (group, task) indexes start with
    # the owner and serve every lookup by owner. Two fewer indexes to write take a third
    # off the cost of putting a large import's new tasks on every list.
    school = school_owner("task_list", db_index=False)
    group = group_owner("task_list", db_index=False)
    applies = models.BooleanField(_("applies"), default=True)
    horizon = models.CharField(
        _("horizon"), max_length=10, choices=Horizon.choices, default=Horizon.SHORT
    )
    level = models.CharField(
        _("level"), max_length=20, choices=ListLevel.choices, default=ListLevel.SCHOOL
    )
    level_reason = models.CharField(
        _("reason for the level"), max_length=30, choices=LevelReason.choices, blank=True
    )
    raise_with_director = models.BooleanField(_("raise with the general director"), default=False)
    note = models.TextField(_("note"), blank=True)
    review = models.CharField(
        _("review"), max_length=10, choices=ReviewState.choices, blank=True, default=""
    )

    history = HistoricalRecords()

    objects = ListTaskQuerySet.as_manager()

    class Meta:
        ordering = ["task__code"]
        verbose_name = _("task on a list")
        verbose_name_plural = _("tasks on lists")
        constraints = owned_once(
            "listtask",
            ("owner", "task"),
            "listtask_unique_{owner}_task",
            school_message=_("This task is already on the school's list."),
            group_message=_("This task is already on the school group's list."),
        )

    def __str__(self) -> str:
        return self.name_from(str)

    def name_from(self, name: Callable[[object], str]) -> str:
        """``str(self)``, ``name`` naming its owner and task: the admin names the task a
        page's entries share once."""
        return f"{name(self.owner)}: {name(self.task)}"


def list_task_field(related_name: str) -> models.ForeignKey:
    """The task on a school's (or group's) list a row is about, deleted with the entry."""
    return models.ForeignKey(
        ListTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name=related_name
    )
