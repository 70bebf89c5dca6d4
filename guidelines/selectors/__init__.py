"""Reads of transition plans, one module a part of the plan. Every function runs a fixed
number of queries.

- ``plans``: the plan and where it stands (``plan_for``, ``plan_state``);
- ``task_list``: step 5, the customised task list (``task_list_summary``);
- ``gaps``: step 6, the team's gaps and the report's advice (``gap_analysis``);
- ``team_actions``: step 7, the team actions (``team_checklist``);
- ``action_plan``: everything the plan decided, in one read (``action_plan``);
- ``cards``: the plan's card on an overview page (``plan_card``).
"""

# The API the views, the other apps and the tests read.
from guidelines.selectors.action_plan import AdvisedEntry
from guidelines.selectors.action_plan import action_items
from guidelines.selectors.action_plan import action_plan
from guidelines.selectors.action_plan import evaluations
from guidelines.selectors.action_plan import plan_status
from guidelines.selectors.action_plan import plan_status_of
from guidelines.selectors.action_plan import resources_of
from guidelines.selectors.cards import OPEN_ITEMS
from guidelines.selectors.cards import plan_card
from guidelines.selectors.gaps import DECISION_FIELDS
from guidelines.selectors.gaps import GapAnalysis
from guidelines.selectors.gaps import GapTask
from guidelines.selectors.gaps import ToDivide
from guidelines.selectors.gaps import gap_analysis
from guidelines.selectors.gaps import suggested_advice
from guidelines.selectors.plans import ACTION_ITEM_FIELDS
from guidelines.selectors.plans import ANSWER_FIELDS
from guidelines.selectors.plans import ANSWER_USER_FIELDS
from guidelines.selectors.plans import EVALUATION_FIELDS
from guidelines.selectors.plans import PLAN_FIELDS
from guidelines.selectors.plans import RESOURCES_FIELDS
from guidelines.selectors.plans import USER_FIELDS
from guidelines.selectors.plans import advice_role
from guidelines.selectors.plans import is_adult_centre
from guidelines.selectors.plans import lead_label
from guidelines.selectors.plans import plan_for
from guidelines.selectors.plans import plan_state
from guidelines.selectors.task_list import task_list_summary
from guidelines.selectors.team_actions import ChecklistRow
from guidelines.selectors.team_actions import school_team_checklists
from guidelines.selectors.team_actions import team_checklist
from guidelines.selectors.team_actions import team_links

__all__ = [
    "ACTION_ITEM_FIELDS",
    "ANSWER_FIELDS",
    "AdvisedEntry",
    "ChecklistRow",
    "DECISION_FIELDS",
    "EVALUATION_FIELDS",
    "GapAnalysis",
    "GapTask",
    "OPEN_ITEMS",
    "PLAN_FIELDS",
    "RESOURCES_FIELDS",
    "ToDivide",
    "ANSWER_USER_FIELDS",
    "USER_FIELDS",
    "action_items",
    "action_plan",
    "advice_role",
    "evaluations",
    "gap_analysis",
    "is_adult_centre",
    "lead_label",
    "plan_card",
    "plan_for",
    "plan_state",
    "plan_status",
    "plan_status_of",
    "resources_of",
    "school_team_checklists",
    "suggested_advice",
    "task_list_summary",
    "team_checklist",
    "team_links",
]
