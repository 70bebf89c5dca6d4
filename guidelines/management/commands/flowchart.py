"""Check the flowchart data, or draw it.

``--check`` verifies that every node is reachable, every path ends and no answer leads
nowhere, prints the numbers of nodes and paths, and exits non-zero on problems.
``--svg FILE`` writes the picture.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.core.management.base import CommandParser

from guidelines.flowchart import FLOWCHART
from guidelines.svg import render_svg


class Command(BaseCommand):
    help = "Check the transition flowchart's data (--check) or draw it as SVG (--svg FILE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Validate the flowchart data.")
        parser.add_argument("--svg", metavar="FILE", help="Write the flowchart as SVG to FILE.")

    def handle(self, *args, check: bool = False, svg: str | None = None, **options) -> None:
        if not check and not svg:
            raise CommandError("Give --check, --svg FILE, or both.")
        if check:
            problems = FLOWCHART.check()
            paths = FLOWCHART.paths()
            answers = sum(len(node.answers) for node in FLOWCHART.nodes)
            ends = sum(1 for path in paths if path.end)
            loops = sum(1 for path in paths if path.loops_to)
            for problem in problems:
                self.stderr.write(f"problem: {problem}")
            self.stdout.write(
                f"{len(FLOWCHART.nodes)} nodes in {len(FLOWCHART.steps)} steps and "
                f"{len(FLOWCHART.phases)} phases; {answers} answers; "
                f"{len(paths)} paths ({ends} reach an end point, {loops} loop back); "
                f"{len(FLOWCHART.ends())} end points."
            )
            if problems:
                raise CommandError(f"{len(problems)} problem(s) in the flowchart data.")
            self.stdout.write(self.style.SUCCESS("The flowchart data is consistent."))
        if svg:
            target = Path(svg)
            try:
                target.write_text(render_svg(), encoding="utf-8")
            except OSError as error:
                raise CommandError(f"Cannot write {target}: {error}") from error
            self.stdout.write(f"Wrote {target}.")
