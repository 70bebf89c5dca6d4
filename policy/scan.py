"""The needs scan as data: the tools, SELFIE's areas, and which catalogue tasks each touches.

The report: "One way of finding out exactly what these needs are is to carry out a new
scan within the school. Such a scan (e.g. SELFIE) is based on data and identifies the
situation at the school. [...] The results of the scan are translated into an action
plan" (chapter 2, "Customised"). SELFIE (the European Commission's self-reflection tool
for schools) reports a score of 1 to 5 per area; the areas below are its eight.

``AREA_TOPICS`` ties each area to the catalogue's topics (Appendix 1), named by the
stable start of their task codes (``POL-VIS`` = Policy & vision, "ICT vision and
policy"), so the mapping holds in both languages and for a re-imported catalogue. It is
the one place this mapping lives: a weak area points at the clusters and the tasks of
the school's own list that work on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

TOOL_CHOICES = [
    ("selfie", _("SELFIE (European Commission)")),
    ("other", _("Another tool")),
]

AREA_CHOICES = [
    ("leadership", _("Leadership")),
    ("collaboration", _("Collaboration and networking")),
    ("infrastructure", _("Infrastructure and equipment")),
    ("cpd", _("Continuing professional development")),
    ("pedagogy_supports", _("Pedagogy: supports and resources")),
    ("pedagogy_classroom", _("Pedagogy: implementation in the classroom")),
    ("assessment", _("Assessment practices")),
    ("student_competence", _("Student digital competence")),
]
AREAS = dict(AREA_CHOICES)

# Why each area goes where it goes:
# - leadership: SELFIE asks about a digital strategy, its development with the staff and
#   time to explore: the policy cluster's vision, needs, budget and consultation topics;
# - collaboration and networking: progress reviews, partnerships and sharing: the
#   consultation and school-group topics, motivating colleagues, the school's channels;
# - infrastructure and equipment: devices, network, support and data protection: the
#   technical cluster, with the administrative pool, inventory and orders;
# - continuing professional development: needs and opportunities for the staff: the
#   professionalisation policy and teacher education;
# - pedagogy, supports and resources: online resources, learning environments and
#   inclusive use: the learning environment, innovation and special needs topics;
# - pedagogy in the classroom: tailoring to pupils, fostering creativity, involving
#   pupils: ICT integration in class, innovation, teacher involvement;
# - assessment: digital assessment and feedback: learning lines and the learning
#   environment where results are kept;
# - pupils' digital competence: safe and responsible behaviour and learning lines.
AREA_TOPICS: dict[str, tuple[str, ...]] = {
    "leadership": ("POL-VIS", "POL-NEE", "POL-FIN", "POL-TEA"),
    "collaboration": ("POL-TEA", "POL-SG-", "POL-MOT", "ADM-WEB"),
    "infrastructure": (
        "TEC-INF",
        "TEC-NET",
        "TEC-HW-",
        "TEC-SW-",
        "TEC-HD-",
        "TEC-BCK",
        "TEC-SEC",
        "ADM-POO",
        "ADM-INV",
        "ADM-ORD",
    ),
    "cpd": ("POL-PRO", "PED-TED"),
    "pedagogy_supports": ("ADM-ELO", "PED-INN", "PED-SEN", "TEC-SEN"),
    "pedagogy_classroom": ("PED-CLS", "PED-INN", "PED-TIN"),
    "assessment": ("PED-LL-", "ADM-ELO"),
    "student_competence": ("PED-LL-", "PED-SEC", "POL-SEC"),
}

# The clusters a code prefix belongs to, from the catalogue's code scheme.
PREFIX_CLUSTERS = {
    "TEC": "technical",
    "PED": "pedagogical",
    "POL": "policy",
    "ADM": "administrative",
}

# Below this score an area is a finding to work on: SELFIE's middle of the scale is 3.
WEAK_BELOW = Decimal("3")


@dataclass(frozen=True)
class AreaMap:
    area: str
    label: str
    clusters: tuple[str, ...]
    prefixes: tuple[str, ...]


def area_map(area: str) -> AreaMap:
    prefixes = AREA_TOPICS[area]
    clusters = tuple(dict.fromkeys(PREFIX_CLUSTERS[prefix[:3]] for prefix in prefixes))
    return AreaMap(area=area, label=str(AREAS[area]), clusters=clusters, prefixes=prefixes)


def touches(area: str, code: str) -> bool:
    """Whether a task (by its catalogue code) works on an area."""
    return code.upper().startswith(AREA_TOPICS[area])
