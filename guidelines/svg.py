"""The flowchart as an SVG picture, drawn from ``FLOWCHART``.

Nodes are laid out in rows by their longest distance from the start (each phase below
the one before, under its own heading) and in columns by branch: the first answer goes
straight down, the others to the right. A box lists what its step asks or does: step 5's
questions for each lead, step 6's four routes, step 7's team actions. Arrows that lead
back run up along the right-hand side: the evaluation loop, a paused step resuming at
its question (dashed) and the evaluation coming round again (dashed). A plan's path and
current node are highlighted. A legend says which steps come from the report's draft text
and which from the final published guidelines.

The picture scales to its container (a viewBox and width 100%) and escapes every text it
draws. For keyboards and screen readers it is a group named by its <title> and described
by its <desc>, not one image: an image's content is presentational, so the links to the
steps inside it would be interactive elements nested in another. Each box is then either
a link to its step or an image of its own, named by its step, kind and title (and "You are
here" for the current one); the drawing those names already say (the phase bands, the
arrows with their answer labels, the text inside the boxes) is hidden from assistive
technology. The boxes come in the flowchart's order, so Tab goes from step to step.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guidelines.flowchart import FLOWCHART
from guidelines.flowchart import ROUTES
from guidelines.flowchart import SOURCE_PUBLISHED
from guidelines.flowchart import SOURCE_REPORT
from guidelines.flowchart import WORK_GAP_DECISIONS
from guidelines.flowchart import End
from guidelines.flowchart import Flowchart
from guidelines.flowchart import Node
from guidelines.flowchart import Outcome

NODE_W = 200
NODE_H = 64
COL_W = 232
ROW_H = 100
HEADER_H = 40
MARGIN = 16
GUTTER = 26
LINE_CHARS = 27
DETAIL_CHARS = 32
DETAIL_H = 14
LEGEND_H = 44

STYLE = """
.fc-phase rect { fill: #f3f6fa; stroke: #c9d3e0; }
.fc-phase text { font: 600 15px sans-serif; fill: #1f3a5f; }
.fc-node rect { fill: #ffffff; stroke: #5a6b80; stroke-width: 1.5; }
.fc-node.fc-outcome rect { fill: #fff8e5; }
.fc-node.fc-end rect { fill: #eef7ee; }
.fc-node.fc-paused rect { fill: #fdeeee; }
.fc-node text { font: 13px sans-serif; fill: #1b1b1b; }
.fc-node text.fc-step { font: 600 11px sans-serif; fill: #4a4a4a; }
.fc-node.fc-on-path rect { stroke: #1f6feb; stroke-width: 3; }
.fc-node.fc-current rect { stroke: #b35900; stroke-width: 4; fill: #fff1e0; }
svg.flowchart a:focus-visible .fc-node rect { stroke: #1a1a1a; stroke-width: 5; }
.fc-details { pointer-events: none; }
.fc-details text { font: 11px sans-serif; fill: #333333; }
.fc-details line { stroke: #c9d3e0; }
.fc-here { font: 700 12px sans-serif; fill: #8a4500; }
.fc-loop path { stroke-dasharray: 6 4; }
.fc-legend { font: 11px sans-serif; fill: #333333; }
.fc-edge path { fill: none; stroke: #6b7785; stroke-width: 1.5; }
.fc-edge.fc-on-path path { stroke: #1f6feb; stroke-width: 3; }
.fc-edge text { font: 11px sans-serif; fill: #333333; paint-order: stroke;
  stroke: #ffffff; stroke-width: 4px; stroke-linejoin: round; }
@media print { .fc-phase rect { fill: none; } }
"""


def _order(chart: Flowchart) -> tuple[list[str], set[tuple[str, str]]]:
    """Nodes in depth-first order from the start, and the edges that lead back."""
    order: list[str] = []
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}

    def visit(node_id: str) -> None:
        state[node_id] = 1
        order.append(node_id)
        for answer in chart.node(node_id).answers:
            if state.get(answer.next) == 1:
                back.add((node_id, answer.next))
            elif answer.next not in state:
                visit(answer.next)
        state[node_id] = 2

    visit(chart.start)
    return order, back


def layout(chart: Flowchart) -> dict[str, tuple[int, int]]:
    """(row, column) of every reachable node."""
    order, back = _order(chart)
    forward = [
        (node_id, index, answer.next)
        for node_id in order
        for index, answer in enumerate(chart.node(node_id).answers)
        if (node_id, answer.next) not in back
    ]
    rank = dict.fromkeys(order, 0)
    # Longest path over the forward edges (a DAG): relax in order until stable.
    for _round in range(len(order)):
        changed = False
        for source, _index, target in forward:
            if rank[target] < rank[source] + 1:
                rank[target] = rank[source] + 1
                changed = True
        if not changed:
            break
    # Each phase starts below the previous one.
    phase_of = {node_id: chart.phase_of(chart.node(node_id).step).number for node_id in order}
    for phase in chart.phases[1:]:
        earlier = [rank[n] for n in order if phase_of[n] < phase.number]
        mine = [rank[n] for n in order if phase_of[n] == phase.number]
        if earlier and mine and min(mine) <= max(earlier):
            shift = max(earlier) + 1 - min(mine)
            for node_id in order:
                if phase_of[node_id] >= phase.number:
                    rank[node_id] += shift
    column: dict[str, int] = {}
    taken: set[tuple[int, int]] = set()
    preferred: dict[str, int] = {chart.start: 0}
    for node_id in sorted(order, key=lambda n: (rank[n], order.index(n))):
        col = preferred.get(node_id, 0)
        while (rank[node_id], col) in taken:
            col += 1
        column[node_id] = col
        taken.add((rank[node_id], col))
        for source, index, target in forward:
            if source == node_id and target not in preferred:
                preferred[target] = col + index
    return {node_id: (rank[node_id], column[node_id]) for node_id in order}


def _lines(text: str, width: int = LINE_CHARS, limit: int = 2) -> list[str]:
    lines = textwrap.wrap(text, width=width) or [""]
    if len(lines) > limit:
        lines = lines[:limit]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def details(node: Node) -> list[str]:
    """What a box lists under its title: step 5's questions for its lead, step 6's routes,
    step 7's team actions."""
    items: list[str] = []
    if node.prompts:
        items = [str(prompt.short or prompt.text) for prompt in node.prompts]
    elif node.work == WORK_GAP_DECISIONS:
        items = [str(route.short) for route in ROUTES.values()]
    elif node.checklist:
        items = [str(item.short or item.text) for item in node.checklist]
    lines: list[str] = []
    for item in items:
        wrapped = _lines(item, width=DETAIL_CHARS - 2, limit=2)
        lines.append("• " + wrapped[0])
        lines.extend("  " + rest for rest in wrapped[1:])
    return lines


def loops(chart: Flowchart) -> list[tuple[str, str, str]]:
    """The loops that are not answers: a paused end resumes at its question; the goal
    reached comes round to the evaluation again (the cyclical growth process)."""
    found = []
    evaluation = next((node.id for node in chart.nodes if node.new_round), "")
    for end in chart.ends():
        if end.paused and end.resume_at in chart.by_id:
            found.append((end.id, end.resume_at, _("resumes at the question")))
        elif not end.paused and evaluation:
            found.append((end.id, evaluation, _("comes round again")))
    return found


@dataclass(frozen=True)
class _Edge:
    """An arrow, drawn as it is and as it is on a plan's path."""

    source: str
    target: str
    is_loop: bool
    plain: str
    on_path: str


@dataclass(frozen=True)
class _Box:
    """A node's box in pieces: what a plan changes (its classes, whether it is the current
    one or a link) is put together per plan, the rest is written once."""

    node_id: str
    classes: str
    element_id: str
    # The box's name escaped, and its name as the current box ("You are here" first).
    name: str
    name_here: str
    described: str
    # The title and the rect; the "You are here" text; the step, title lines and end.
    start: str
    here: str
    end: str
    details: str


@dataclass(frozen=True)
class _Drawing:
    """Everything of the picture that does not depend on a plan."""

    svg_open: str
    description: str
    defs: list[str]
    edges: list[_Edge]
    boxes: list[_Box]
    legend: list[str]


# The picture of the flowchart as drawn for each language: its layout, texts and arrows
# do not change while the process runs, only a plan's path through it.
_DRAWINGS: dict[str, _Drawing] = {}


def _drawing(chart: Flowchart) -> _Drawing:
    """The picture's plan-independent parts: worked out once per process and language for
    the flowchart itself (about 1.4 ms each time), fresh for any other chart."""
    if chart is not FLOWCHART:
        return _draw(chart)
    language = get_language()
    drawing = _DRAWINGS.get(language)
    if drawing is None:
        drawing = _DRAWINGS[language] = _draw(chart)
    return drawing


def _draw(chart: Flowchart) -> _Drawing:
    places = layout(chart)
    rows = max(row for row, _col in places.values()) + 1
    cols = max(col for _row, col in places.values()) + 1
    detail = {node_id: details(chart.node(node_id)) for node_id in places}
    node_h = {
        node_id: NODE_H + (DETAIL_H * len(lines) + 12 if lines else 0)
        for node_id, lines in detail.items()
    }
    row_h = [ROW_H] * rows
    for node_id, (row, _col) in places.items():
        row_h[row] = max(row_h[row], node_h[node_id] + ROW_H - NODE_H)
    phase_rows: dict[int, list[int]] = {}
    for node_id, (row, _col) in places.items():
        phase = chart.phase_of(chart.node(node_id).step).number
        phase_rows.setdefault(phase, []).append(row)
    # Rows above which a phase heading goes, and how many headings lie above each row.
    phase_first = sorted((min(r), number) for number, r in phase_rows.items())

    def headings_above(row: int) -> int:
        return sum(1 for first, _number in phase_first if first <= row)

    def row_y(row: int) -> int:
        return MARGIN + sum(row_h[:row]) + headings_above(row) * HEADER_H

    def node_xy(node_id: str) -> tuple[int, int]:
        row, col = places[node_id]
        return MARGIN + col * COL_W, row_y(row)

    edges = [
        (node.id, answer.next, str(answer.short) if answer.short else "", False)
        for node in chart.nodes
        if node.id in places
        for answer in node.answers
        if answer.next in places
    ]
    edges += [
        (source, target, str(label), True)
        for source, target, label in loops(chart)
        if source in places and target in places
    ]
    back_count = sum(1 for source, target, _l, _loop in edges if places[target] <= places[source])
    width = MARGIN * 2 + cols * COL_W + GUTTER * (back_count + 1)
    height = MARGIN * 2 + sum(row_h) + len(phase_first) * HEADER_H + LEGEND_H
    description = _(
        "Chapter 3 of the report (a draft for piloting in 2022-23, in seven steps) in the "
        "eight steps and three phases of the final published guidelines: %(phases)s. Each "
        "box is a question, an outcome or an end point, with what its step asks or does; "
        "arrows are labelled with the answers; dashed arrows are the loops: a paused step "
        "resumes at its question, and the evaluation comes round again."
    ) % {"phases": "; ".join(f"{p.number}. {p.title}" for p in chart.phases)}
    svg_open = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="group" aria-labelledby="fc-title" aria-describedby="fc-desc" '
        f'class="flowchart" '
        f'preserveAspectRatio="xMidYMin meet">'
    )
    defs = [
        f"<style>{STYLE}</style>",
        '<defs><marker id="fc-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" '
        'orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#4d5866"/></marker>'
        '<marker id="fc-arrow-on" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" '
        'orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#1f6feb"/></marker></defs>',
    ]
    # Phase bands with their headings.
    for first, number in phase_first:
        phase = next(p for p in chart.phases if p.number == number)
        last = max(phase_rows[number])
        y = row_y(first) - HEADER_H - 6
        band_h = sum(row_h[first : last + 1]) + HEADER_H
        label = _("Phase %(number)s: %(title)s (steps %(first)s–%(last)s)") % {
            "number": phase.number,
            "title": phase.title,
            "first": phase.steps[0],
            "last": phase.steps[-1],
        }
        defs.append(
            f'<g class="fc-phase" aria-hidden="true"><rect x="4" y="{y}" width="{width - 8}" '
            f'height="{band_h}" rx="8"/><text x="{MARGIN}" y="{y + 24}">{escape(label)}</text></g>'
        )
    # Arrows first, so boxes sit on top of them.
    drawn_edges = []
    back_index = 0
    for source, target, label, is_loop in edges:
        sx, sy = node_xy(source)
        tx, ty = node_xy(target)
        sh = node_h[source]
        if is_loop and places[target][0] < places[source][0]:
            # A loop that is not an answer: up the right-hand side, then into the bottom
            # of the question it comes back to (its right side is where the branch boxes
            # of the row sit). It leaves from the bottom when a box sits to its right.
            back_index += 1
            gx = MARGIN + cols * COL_W + GUTTER * back_index - 10
            row, col = places[source]
            crowded = any(r == row and c > col for r, c in places.values())
            if crowded:
                start = f"M{sx + NODE_W - 30},{sy + sh} V{sy + sh + 10} H{gx}"
            else:
                start = f"M{sx + NODE_W},{sy + NODE_H // 2} H{gx}"
            th = node_h[target]
            d = f"{start} V{ty + th + 8} H{tx + NODE_W - 16} V{ty + th}"
            lx, ly = tx + NODE_W + 8, ty + th + 5
        elif places[target] <= places[source]:
            back_index += 1
            gx = MARGIN + cols * COL_W + GUTTER * back_index - 10
            ey = ty + NODE_H // 2 + 8 * back_index - 12
            d = f"M{sx + NODE_W},{sy + NODE_H // 2} H{gx} V{ey} H{tx + NODE_W}"
            # Labelled where the arrow arrives, so each loop says where it goes.
            lx, ly = tx + NODE_W + 10, ey - 4
        elif tx == sx:
            d = f"M{sx + NODE_W // 2},{sy + sh} V{ty}"
            lx, ly = sx + NODE_W // 2 + 6, sy + sh + 16
        elif places[target][0] == places[source][0]:
            d = f"M{sx + NODE_W},{sy + NODE_H // 2} H{tx}"
            lx, ly = sx + NODE_W + 6, sy + NODE_H // 2 - 6
        else:
            mid = sy + sh + (ROW_H - NODE_H) // 2
            d = f"M{sx + NODE_W // 2},{sy + sh} V{mid} H{tx + NODE_W // 2} V{ty}"
            if tx > sx:
                # A branch to the right: labelled beside its drop into the target.
                lx, ly = tx + NODE_W // 2 + 6, mid + 14
            else:
                # Joining a column on the left: labelled beside the source.
                lx, ly = sx + NODE_W // 2 + 6, sy + sh + 12
        text = (
            f'<text x="{lx}" y="{ly}" text-anchor="start">{escape(label)}</text>' if label else ""
        )

        def arrow(classes: str, marker: str, d: str = d, text: str = text) -> str:
            return (
                f'<g class="{classes}" aria-hidden="true">'
                f'<path d="{d}" marker-end="url(#{marker})"/>{text}</g>'
            )

        drawn_edges.append(
            _Edge(
                source,
                target,
                is_loop,
                arrow("fc-edge fc-loop" if is_loop else "fc-edge", "fc-arrow"),
                "" if is_loop else arrow("fc-edge fc-on-path", "fc-arrow-on"),
            )
        )
    boxes = []
    here = _("You are here")
    for node in chart.nodes:
        if node.id not in places:
            continue
        x, y = node_xy(node.id)
        h = node_h[node.id]
        classes = ["fc-node", f"fc-{node.node_type}"]
        if isinstance(node, End) and node.paused:
            classes.append("fc-paused")
        if isinstance(node, End):
            kind = _("End point") if not node.paused else _("Pause")
        elif isinstance(node, Outcome):
            kind = _("Outcome")
        else:
            kind = _("Question")
        step_label = _("Step %(step)s · %(kind)s") % {"step": node.step, "kind": kind}
        radius = 24 if isinstance(node, End) else 6
        tooltip = str(node.text)
        if detail[node.id]:
            tooltip += " — " + "; ".join(line.strip("• ").strip() for line in detail[node.id])
        # The name says what the box shows, in the order it is drawn ("You are here"
        # first, beside the step), so it holds the visible text (WCAG 2.5.3).
        name = f"{step_label}: {node.title}"
        details_id = f"fc-details-{escape(node.id)}"
        described = f' aria-describedby="{details_id}"' if detail[node.id] else ""
        lines = [f'<text class="fc-step" x="{x + 10}" y="{y + 17}">{escape(step_label)}</text>']
        for i, line in enumerate(_lines(str(node.title))):
            lines.append(
                f'<text x="{x + NODE_W // 2}" y="{y + 36 + 16 * i}" '
                f'text-anchor="middle">{escape(line)}</text>'
            )
        lines.append("</g>")
        details_markup = ""
        if detail[node.id]:
            top = y + NODE_H + 4
            parts = [
                f'<g class="fc-details" id="{details_id}" aria-hidden="true">',
                f'<line x1="{x + 8}" y1="{top - 8}" x2="{x + NODE_W - 8}" y2="{top - 8}"/>',
            ]
            for i, line in enumerate(detail[node.id]):
                parts.append(
                    f'<text class="fc-detail" x="{x + 10}" y="{top + 6 + DETAIL_H * i}" '
                    f'xml:space="preserve">{escape(line)}</text>'
                )
            parts.append("</g>")
            details_markup = "".join(parts)
        boxes.append(
            _Box(
                node_id=node.id,
                classes=" ".join(classes),
                element_id=f"fc-node-{escape(node.id)}",
                name=escape(name),
                name_here=escape(f"{here}: {name}"),
                described=described,
                start=(
                    f"<title>{escape(tooltip)}</title> "
                    f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{h}" rx="{radius}"/>'
                ),
                here=(
                    f'<text class="fc-here" x="{x + NODE_W - 8}" y="{y + 17}" '
                    f'text-anchor="end">{escape(here)}</text>'
                ),
                end=" ".join(lines),
                details=details_markup,
            )
        )
    # Which steps come from where, from the data next to each step.
    report_steps = [str(step.number) for step in chart.steps if step.source == SOURCE_REPORT]
    published = [str(step.number) for step in chart.steps if step.source == SOURCE_PUBLISHED]
    legend_y = height - MARGIN - LEGEND_H + 18
    legend_lines = [
        _("Steps %(steps)s: the report's draft text (chapter 3).")
        % {"steps": ", ".join(report_steps)}
        if report_steps
        else "",
        _("Step %(steps)s and the three phases: the final published guidelines.")
        % {"steps": ", ".join(published)}
        if published
        else "",
    ]
    legend = [
        f'<text class="fc-legend" x="{MARGIN}" y="{legend_y + 16 * i}">{escape(line)}</text>'
        for i, line in enumerate(text for text in legend_lines if text)
    ]
    return _Drawing(svg_open, description, defs, drawn_edges, boxes, legend)


def render_svg(
    *,
    path: Iterable[str] = (),
    current: str = "",
    href: Callable[[str], str | None] | None = None,
    title: str = "",
    chart: Flowchart | None = None,
) -> str:
    """The flowchart as SVG markup; ``path`` (node ids in order) and ``current`` highlighted."""
    chart = chart or FLOWCHART
    drawing = _drawing(chart)
    path = list(path)
    on_path = set(path)
    path_edges = set(zip(path, path[1:], strict=False))
    chart_title = title or _("Flowchart: guidelines for team-oriented ICT coordination")
    description = drawing.description
    if current in chart.by_id:
        description += " " + _("Current position: step %(step)s, %(node)s.") % {
            "step": chart.node(current).step,
            "node": chart.node(current).title,
        }
    out = [
        drawing.svg_open,
        f'<title id="fc-title">{escape(chart_title)}</title>',
        f'<desc id="fc-desc">{escape(description)}</desc>',
        *drawing.defs,
    ]
    for edge in drawing.edges:
        highlighted = not edge.is_loop and (edge.source, edge.target) in path_edges
        out.append(edge.on_path if highlighted else edge.plain)
    for box in drawing.boxes:
        node_id = box.node_id
        is_current = node_id == current
        classes = box.classes
        if node_id in on_path:
            classes += " fc-on-path"
        if is_current:
            classes += " fc-current"
        name = box.name_here if is_current else box.name
        here = f" {box.here}" if is_current else ""
        link = href(node_id) if href else None
        # A link is named by its own label; a box without one is an image of its own.
        # Either way what is drawn inside is hidden, so nothing is read twice. What the
        # step asks or does is the box's description, drawn beside the link rather than
        # in it (a link's name would otherwise have to repeat all of it); clicks on it
        # fall through to the box.
        if link:
            drawn = (
                f'<g class="{classes}" id="{box.element_id}" aria-hidden="true"> '
                f"{box.start}{here} {box.end}"
            )
            out.append(f'<a href="{escape(link)}" aria-label="{name}"{box.described}>{drawn}</a>')
        else:
            out.append(
                f'<g class="{classes}" id="{box.element_id}" role="img" aria-label="{name}"'
                f"{box.described}> {box.start}{here} {box.end}"
            )
        if box.details:
            out.append(box.details)
    out.extend(drawing.legend)
    out.append("</svg>")
    return "\n".join(out)
