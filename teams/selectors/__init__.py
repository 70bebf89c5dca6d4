"""Reads of the ICT team: people, the tasks × people matrix, team health, role profiles.

Every function runs a fixed number of SQL queries whatever the size of the team or the
task list: data is loaded in a few set-based queries and combined in Python. Nothing is
cached between requests, so team health is recomputed from the database on every page.

The team's tasks are the entries of the school's own task list that apply, are not
dropped and are not left to the central level (see ``team_tasks``). Tasks the school
placed at group level (``ListLevel.SCHOOL_GROUP``) stay on the school's list and are
covered by group-level people who serve the school.
"""

# The API other apps and the views read; each sub-module holds one sub-domain.
from teams.selectors.coverage import (
    GroupCover,
    group_coverage,
)
from teams.selectors.health import (
    HEALTH_RULES,
    SEVERITY_ORDER,
    Citation,
    HealthRule,
    HealthWarning,
    Rule,
    Severity,
    TeamContext,
    TeamHealth,
    team_context,
    team_health,
)
from teams.selectors.matrix import (
    ALL_CLUSTERS,
    CellState,
    MatrixCell,
    MatrixCluster,
    MatrixFilters,
    MatrixRow,
    TeamMatrix,
    mandate_code,
    matrix_cell,
    pending_approvals,
    task_assignments,
    team_matrix,
    team_tasks,
)
from teams.selectors.people import (
    CLUSTER_SHORT,
    COMPETENCE_LEVEL_FIELDS,
    HOURS_OUTPUT,
    MANDATE_LABELS,
    MANDATE_LETTERS,
    MANDATES,
    MOTIVATION_LEVEL_FIELDS,
    ZERO,
    TeamMember,
    agreements,
    competence_profile,
    consultation_groups,
    group_consultation_groups,
    group_consultation_people,
    group_people,
    mandates_of,
    people_by_pk,
    school_people,
    serves_school,
    team_member,
    team_people,
    team_people_queryset,
)
from teams.selectors.profiles import (
    PersonProfile,
    ProfileCluster,
    TeamGap,
    can_take,
    person_profile,
    team_gaps,
)

__all__ = [
    "ALL_CLUSTERS",
    "CellState",
    "matrix_cell",
    "CLUSTER_SHORT",
    "Citation",
    "COMPETENCE_LEVEL_FIELDS",
    "GroupCover",
    "HEALTH_RULES",
    "HOURS_OUTPUT",
    "HealthRule",
    "HealthWarning",
    "MANDATES",
    "mandates_of",
    "MANDATE_LABELS",
    "MANDATE_LETTERS",
    "MOTIVATION_LEVEL_FIELDS",
    "MatrixCell",
    "MatrixCluster",
    "MatrixFilters",
    "MatrixRow",
    "PersonProfile",
    "ProfileCluster",
    "Rule",
    "SEVERITY_ORDER",
    "Severity",
    "TeamContext",
    "TeamGap",
    "TeamHealth",
    "TeamMatrix",
    "TeamMember",
    "ZERO",
    "agreements",
    "can_take",
    "competence_profile",
    "consultation_groups",
    "group_consultation_groups",
    "group_consultation_people",
    "group_coverage",
    "group_people",
    "mandate_code",
    "pending_approvals",
    "people_by_pk",
    "school_people",
    "person_profile",
    "serves_school",
    "task_assignments",
    "team_context",
    "team_gaps",
    "team_health",
    "team_matrix",
    "team_member",
    "team_people",
    "team_people_queryset",
    "team_tasks",
]
