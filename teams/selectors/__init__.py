"""Reads of the ICT team: people, the tasks × people matrix, team health, role profiles.

Every function runs a fixed number of SQL queries whatever the size of the team or the
task list: data is loaded in a few set-based queries and combined in Python. Team health
reads the team from the database on every page; where the rows it reads are those it
checked last for the school, in the same language, it gives the same findings again
rather than working them out anew (a change of any row checks the team again).

The team's tasks are the entries of the school's own task list that apply, are not
dropped and are not left to the central level (see ``team_tasks``). Tasks the school
placed at group level (``ListLevel.SCHOOL_GROUP``) stay on the school's list and are
covered by group-level people who serve the school.
"""

# The API other apps and the views read; each sub-module holds one sub-domain. The rules
# of team health register themselves in HEALTH_RULES (``health_rules``): imported here,
# they are registered wherever anything of the team's reads is imported.
from teams.selectors import health_rules  # noqa: F401
from teams.selectors.coverage import GroupCover
from teams.selectors.coverage import group_coverage
from teams.selectors.health import HEALTH_RULES
from teams.selectors.health import SEVERITY_ORDER
from teams.selectors.health import Citation
from teams.selectors.health import HealthRule
from teams.selectors.health import HealthWarning
from teams.selectors.health import Rule
from teams.selectors.health import Severity
from teams.selectors.health import TeamContext
from teams.selectors.health import TeamHealth
from teams.selectors.health import matrix_context
from teams.selectors.health import team_context
from teams.selectors.health import team_health
from teams.selectors.health import team_page
from teams.selectors.mandates import PendingMandate
from teams.selectors.mandates import pending_mandates
from teams.selectors.matrix import ALL_CLUSTERS
from teams.selectors.matrix import CellState
from teams.selectors.matrix import MatrixCell
from teams.selectors.matrix import MatrixCluster
from teams.selectors.matrix import MatrixFilters
from teams.selectors.matrix import MatrixRow
from teams.selectors.matrix import TeamMatrix
from teams.selectors.matrix import mandate_code
from teams.selectors.matrix import matrix_cell
from teams.selectors.matrix import pending_approvals
from teams.selectors.matrix import rows_with_entries
from teams.selectors.matrix import task_assignments
from teams.selectors.matrix import team_matrix
from teams.selectors.matrix import team_task_entries
from teams.selectors.matrix import team_tasks
from teams.selectors.people import CLUSTER_SHORT
from teams.selectors.people import COMPETENCE_LEVEL_FIELDS
from teams.selectors.people import HOURS_OUTPUT
from teams.selectors.people import MANDATE_LABELS
from teams.selectors.people import MANDATE_LETTERS
from teams.selectors.people import MANDATES
from teams.selectors.people import MOTIVATION_LEVEL_FIELDS
from teams.selectors.people import ZERO
from teams.selectors.people import TeamMember
from teams.selectors.people import agreements
from teams.selectors.people import assigned_hours
from teams.selectors.people import competence_profile
from teams.selectors.people import consultation_groups
from teams.selectors.people import group_consultation_groups
from teams.selectors.people import group_consultation_people
from teams.selectors.people import group_people
from teams.selectors.people import mandates_of
from teams.selectors.people import people_by_pk
from teams.selectors.people import school_people
from teams.selectors.people import serves_school
from teams.selectors.people import team_member
from teams.selectors.people import team_people
from teams.selectors.people import team_people_queryset
from teams.selectors.profiles import PersonProfile
from teams.selectors.profiles import ProfileCluster
from teams.selectors.profiles import SchoolTeam
from teams.selectors.profiles import TeamGap
from teams.selectors.profiles import can_take
from teams.selectors.profiles import person_profile
from teams.selectors.profiles import school_team
from teams.selectors.profiles import team_gaps

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
    "SchoolTeam",
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
    "pending_mandates",
    "rows_with_entries",
    "PendingMandate",
    "people_by_pk",
    "school_people",
    "school_team",
    "person_profile",
    "serves_school",
    "task_assignments",
    "team_context",
    "matrix_context",
    "assigned_hours",
    "team_gaps",
    "team_health",
    "team_page",
    "team_matrix",
    "team_member",
    "team_people",
    "team_people_queryset",
    "team_task_entries",
    "team_tasks",
]
