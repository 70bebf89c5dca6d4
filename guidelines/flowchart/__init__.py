"""Chapter 3 of the report as data: the flowchart of Appendix 2, step by step.

Everything the transition wizard shows comes from ``FLOWCHART``: the phases and steps,
every question and answer, where each answer leads, the advice per role (the school
leader or management, and the ICT coordinator), the action items an outcome gives, and
the end points. The wizard, its picture (``guidelines.svg``), the action plan and the
tests all read this package; views and templates only know how to render a node.

- ``engine``: the building blocks, the graph and ``walk`` (the graph has loops: a plan
  paused on "No" reopens at the question; step 8's evaluation leads back to 6, 7 or 8).
- ``chapter3``: the data, next to the report's words it rests on.
"""

# The engine first: chapter 3's ``walk`` (on its own flowchart) is the one callers get.
from guidelines.flowchart.engine import *  # noqa: F403, I001
from guidelines.flowchart.chapter3 import *  # noqa: F403
