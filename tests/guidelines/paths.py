"""Walks through the flowchart the tests answer: node and answer, in order."""

from overview.bench.guidelines import TO_EXPERTISE

# Steps 1 to 5 (``TO_EXPERTISE``): growth, vision, policy plan, resources, no pooling, the
# task list checked: the bench's walk, which the app cannot import from the tests.

# Through step 6's gaps to step 7's team actions, the team started.
UP_TO_TEAM = [*TO_EXPERTISE, ("expertise", "yes"), ("team", "started")]

# To the end of the plan: the teamwork evaluated and going smoothly.
TO_THE_END = [*UP_TO_TEAM, ("evaluate", "smooth")]
