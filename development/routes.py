"""The routes of professional development the report names, each with its words, and the
rule that suggests them for a competence gap.

The report lists the professionalisation opportunities for ICT coordinators in chapter 1
("Professionalisation opportunities for ICT coordinators", Figure 4) and what makes
professional development effective in chapter 2 ("Professional development,
experimenting, and learning"); chapter 3 points schools to their pedagogical counselling
service for the vision and the policy plan. Everything a route says lives here, so the
page, the plan and the policy plan cite the same words.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tasks.models import Competence
from teams.models import Level

Text = str | Promise

SELF_STUDY = "self_study"
NETWORKS = "networks"
GROUP_TRAINING = "group_training"
COUNSELLING = "counselling"
TEAM_LEARNING = "team_learning"
IN_SERVICE = "in_service"
MICRODEGREE = "microdegree"
SUPPLIERS = "suppliers"


class RouteKey(models.TextChoices):
    SELF_STUDY = SELF_STUDY, _("Self-study and learning from each other")
    NETWORKS = NETWORKS, _("Networks and learning communities")
    GROUP_TRAINING = GROUP_TRAINING, _("In-service training at group level")
    COUNSELLING = COUNSELLING, _("The pedagogical counselling service")
    TEAM_LEARNING = TEAM_LEARNING, _("Learning as a team at school")
    IN_SERVICE = IN_SERVICE, _("In-service training organisations and colleges")
    MICRODEGREE = MICRODEGREE, _("A microdegree")
    SUPPLIERS = SUPPLIERS, _("Suppliers' training")


@dataclass(frozen=True)
class Route:
    """One way to grow a competence, where the report says so, and its words."""

    key: str
    # Where in the report, e.g. "Chapter 1, Professionalisation opportunities".
    source: Text
    # The report's words, quoted.
    quote: Text
    # What the school does to take this route.
    advice: Text

    @property
    def label(self) -> str:
        return str(RouteKey(self.key).label)


_OPPORTUNITIES = _("Chapter 1, Professionalisation opportunities for ICT coordinators")

ROUTES: dict[str, Route] = {
    route.key: route
    for route in (
        Route(
            SELF_STUDY,
            _OPPORTUNITIES,
            _(
                "ICT coordinators and anyone who takes on ICT coordination tasks rely heavily "
                "on self-study and learning from each other."
            ),
            _(
                "Agree on time and a colleague to learn from: exhibitions, other schools, "
                "literature, the internet."
            ),
        ),
        Route(
            NETWORKS,
            _OPPORTUNITIES,
            _(
                "From our discussions, it appears that the ICT coordinator community in Flanders "
                "forms an active and generous learning network (e.g. via Facebook groups). The "
                "'Digital Schools Network' of VICLI and PXL University of Applied Sciences plays a "
                "role in this, for example."
            ),
            _(
                "Join a learning network or a network event such as 'Steunpunt ICT', the SETT "
                "exhibition or 'ICT-Connect'."
            ),
        ),
        Route(
            GROUP_TRAINING,
            _OPPORTUNITIES,
            _(
                "From and within the school group/community, training is sometimes provided for "
                "ICT coordinators and teachers who take on more of a leading or coaching role. "
                "In addition, learning networks are set up within the school group/community in "
                "which good practice can be shared."
            ),
            _(
                "Ask the school group to organise the training once for every school that "
                "shares this gap."
            ),
        ),
        Route(
            COUNSELLING,
            _(
                "Chapter 1, Professionalisation opportunities (educational domains); chapter 3, "
                "steps 2 and 3"
            ),
            _(
                "The Task 2 report for this project (current situation in Flanders) already showed "
                "that all the umbrella organisations for education do offer continuing "
                "professional development for ICT coordinators from the educational guidance "
                "services (PBDs). For support, you can contact your pedagogical counselling "
                "service or independent consultants."
            ),
            _("Contact the pedagogical counselling service of your umbrella organisation."),
        ),
        Route(
            TEAM_LEARNING,
            _("Chapter 2, Professional development, experimenting, and learning"),
            _(
                "Possible forms that meet the characteristics of effective professional "
                "development are teacher design teams, practice-based research, and lesson "
                "study. One-off refreshers and courses are less suitable for bringing about "
                "changes in a team."
            ),
            _(
                "Set up a teacher design team or lesson study at school, long-term and on the "
                "school campus."
            ),
        ),
        Route(
            IN_SERVICE,
            _OPPORTUNITIES,
            _(
                "In the focus groups, it was mentioned that a number of schools make use of "
                "organisations offering continuing professional development, such as Schoolmakers. "
                "The Centrum Nascholing Onderwijs of Antwerp University also has a wide range of "
                "courses for ICT coordinators."
            ),
            _(
                "Choose a course of an in-service training organisation or a college, e.g. "
                "Mediawijs's media coach training."
            ),
        ),
        Route(
            MICRODEGREE,
            _("Chapter 1, Two types of ICT coordinators"),
            _(
                "For example, the university of applied sciences UC Leuven-Limburg (UCLL) offers "
                "two microdegrees: that of ICT coordinator and "
                "that of educational technologist. The former focuses on the technical tasks, "
                "while the latter emphasises the pedagogical-didactical story."
            ),
            _(
                "For a lasting role: the ICT coordinator microdegree for technical tasks, the "
                "educational technologist microdegree for pedagogical-didactical ones."
            ),
        ),
        Route(
            SUPPLIERS,
            _OPPORTUNITIES,
            _(
                "Commercial companies - mostly hardware and software suppliers - also offer "
                "training for ICT coordinators and school teams."
            ),
            _("Ask the supplier of the tool or the system for its training."),
        ),
    )
}

# Per competence, the routes that fit it, the most fitting first. Technical tools are
# learnt from their suppliers and the technical microdegree; the pedagogical-didactical
# story from the counselling service, team learning and the educational technologist
# microdegree; policy from the counselling service (chapter 3's steps 2 and 3) and the
# group, where the policy is shared; administrative tools from their suppliers and peers.
ROUTES_BY_COMPETENCE: dict[str, tuple[str, ...]] = {
    Competence.TECHNICAL: (SUPPLIERS, MICRODEGREE, IN_SERVICE, NETWORKS, SELF_STUDY),
    Competence.PEDAGOGICAL: (COUNSELLING, TEAM_LEARNING, MICRODEGREE, IN_SERVICE, NETWORKS),
    Competence.POLICY: (COUNSELLING, NETWORKS, IN_SERVICE),
    Competence.ADMINISTRATIVE: (SUPPLIERS, SELF_STUDY, NETWORKS),
}

# A microdegree is a long programme: worth it for someone who must reach Good or better.
MICRODEGREE_COMPETENCES = frozenset({Competence.TECHNICAL, Competence.PEDAGOGICAL})


def suggest_routes(
    *, competence: str, required: int, actual: int, schools_sharing: int = 1
) -> list[Route]:
    """The routes for growing ``competence`` from ``actual`` to ``required`` (``Level``).

    - When two or more schools of the group share the gap, in-service training at group
      level: first for a gap at the level of a core task or a lead (Good or better), since
      the report has the group train "ICT coordinators and teachers who take on more of a
      leading or coaching role"; last for a basic one.
    - One step up to Basic is self-study and learning from each other first.
    - A microdegree only for a technical or pedagogical gap that must reach Good or better.
    """
    shared = schools_sharing >= 2
    keys: list[str] = []
    if shared and required >= Level.GOOD:
        keys.append(GROUP_TRAINING)
    if required == Level.BASIC and actual == Level.NONE:
        keys.append(SELF_STUDY)
    for key in ROUTES_BY_COMPETENCE[competence]:
        if key == MICRODEGREE and (
            competence not in MICRODEGREE_COMPETENCES or required < Level.GOOD
        ):
            continue
        keys.append(key)
    if shared:
        keys.append(GROUP_TRAINING)
    return [ROUTES[key] for key in dict.fromkeys(keys)]
