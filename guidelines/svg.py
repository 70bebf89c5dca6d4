"""The flowchart as an SVG picture, drawn from ``FLOWCHART``.

Nodes are laid out in rows by their longest distance from the start (each phase below
the one before, under its own heading) and in columns by branch: the first answer goes
straight down, the others to the right. Arrows that lead back (the evaluation loop) run
up along the right-hand side. A plan's path and current node are highlighted.

The picture scales to its container (a viewBox and width 100%), carries a <title> and
<desc> for screen readers, and escapes every text it draws.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable

from django.utils.html import escape
from django.utils.translation import gettext as _

from guidelines.flowchart import FLOWCHART, End, Flowchart, Outcome

NODE_W = 200
NODE_H = 64
COL_W = 232
ROW_H = 100
HEADER_H = 40
MARGIN = 16
GUTTER = 26
LINE_CHARS = 27

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
.fc-here { font: 700 12px sans-serif; fill: #8a4500; }
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
    places = layout(chart)
    path = list(path)
    on_path = set(path)
    path_edges = set(zip(path, path[1:], strict=False))
    rows = max(row for row, _col in places.values()) + 1
    cols = max(col for _row, col in places.values()) + 1
    phase_rows: dict[int, list[int]] = {}
    for node_id, (row, _col) in places.items():
        phase = chart.phase_of(chart.node(node_id).step).number
        phase_rows.setdefault(phase, []).append(row)
    # Rows above which a phase heading goes, and how many headings lie above each row.
    phase_first = sorted((min(r), number) for number, r in phase_rows.items())

    def headings_above(row: int) -> int:
        return sum(1 for first, _number in phase_first if first <= row)

    def node_xy(node_id: str) -> tuple[int, int]:
        row, col = places[node_id]
        return MARGIN + col * COL_W, MARGIN + row * ROW_H + headings_above(row) * HEADER_H

    back_edges = [
        (node.id, answer)
        for node in chart.nodes
        for answer in node.answers
        if node.id in places and answer.next in places and places[answer.next] <= places[node.id]
    ]
    width = MARGIN * 2 + cols * COL_W + GUTTER * (len(back_edges) + 1)
    height = MARGIN * 2 + rows * ROW_H + len(phase_first) * HEADER_H
    chart_title = title or _("Flowchart: guidelines for team-oriented ICT coordination")
    description = _(
        "The eight steps of chapter 3 in three phases: %(phases)s. Each box is a question, "
        "an outcome or an end point; arrows are labelled with the answers."
    ) % {"phases": "; ".join(f"{p.number}. {p.title}" for p in chart.phases)}
    if current in chart.by_id:
        description += " " + _("Current position: step %(step)s, %(node)s.") % {
            "step": chart.node(current).step,
            "node": chart.node(current).title,
        }
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="fc-title fc-desc" class="flowchart" '
        f'preserveAspectRatio="xMidYMin meet">',
        f'<title id="fc-title">{escape(chart_title)}</title>',
        f'<desc id="fc-desc">{escape(description)}</desc>',
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
        y = MARGIN + first * ROW_H + (headings_above(first) - 1) * HEADER_H - 6
        band_h = (last - first + 1) * ROW_H + HEADER_H
        label = _("Phase %(number)s: %(title)s (steps %(first)s–%(last)s)") % {
            "number": phase.number,
            "title": phase.title,
            "first": phase.steps[0],
            "last": phase.steps[-1],
        }
        out.append(
            f'<g class="fc-phase"><rect x="4" y="{y}" width="{width - 8}" height="{band_h}" '
            f'rx="8"/><text x="{MARGIN}" y="{y + 24}">{escape(label)}</text></g>'
        )
    # Arrows first, so boxes sit on top of them.
    back_index = 0
    for node in chart.nodes:
        if node.id not in places:
            continue
        sx, sy = node_xy(node.id)
        for answer in node.answers:
            if answer.next not in places:
                continue
            tx, ty = node_xy(answer.next)
            highlighted = (node.id, answer.next) in path_edges
            classes = "fc-edge fc-on-path" if highlighted else "fc-edge"
            marker = "fc-arrow-on" if highlighted else "fc-arrow"
            label = str(answer.short) if answer.short else ""
            if places[answer.next] <= places[node.id]:
                back_index += 1
                gx = MARGIN + cols * COL_W + GUTTER * back_index - 10
                ey = ty + NODE_H // 2 + 8 * back_index - 12
                d = f"M{sx + NODE_W},{sy + NODE_H // 2} H{gx} V{ey} H{tx + NODE_W}"
                # Labelled where the arrow arrives, so each loop says where it goes.
                lx, ly, anchor = tx + NODE_W + 10, ey - 4, "start"
            elif tx == sx:
                d = f"M{sx + NODE_W // 2},{sy + NODE_H} V{ty}"
                lx, ly, anchor = sx + NODE_W // 2 + 6, sy + NODE_H + 16, "start"
            elif ty < sy + NODE_H:
                d = f"M{sx + NODE_W},{sy + NODE_H // 2} H{tx + NODE_W // 2} V{ty}"
                lx, ly, anchor = sx + NODE_W + 6, sy + NODE_H // 2 - 6, "start"
            else:
                mid = sy + NODE_H + (ROW_H - NODE_H) // 2
                d = f"M{sx + NODE_W // 2},{sy + NODE_H} V{mid} H{tx + NODE_W // 2} V{ty}"
                if tx > sx:
                    # A branch to the right: labelled beside its drop into the target.
                    lx, ly, anchor = tx + NODE_W // 2 + 6, mid + 14, "start"
                else:
                    # Joining a column on the left: labelled beside the source.
                    lx, ly, anchor = sx + NODE_W // 2 + 6, sy + NODE_H + 12, "start"
            out.append(
                f'<g class="{classes}"><path d="{d}" marker-end="url(#{marker})"/>'
                + (
                    f'<text x="{lx}" y="{ly}" text-anchor="{anchor}">{escape(label)}</text>'
                    if label
                    else ""
                )
                + "</g>"
            )
    for node in chart.nodes:
        if node.id not in places:
            continue
        x, y = node_xy(node.id)
        classes = ["fc-node", f"fc-{node.node_type}"]
        if isinstance(node, End) and node.paused:
            classes.append("fc-paused")
        if node.id in on_path:
            classes.append("fc-on-path")
        if node.id == current:
            classes.append("fc-current")
        if isinstance(node, End):
            kind = _("End point") if not node.paused else _("Pause")
        elif isinstance(node, Outcome):
            kind = _("Outcome")
        else:
            kind = _("Question")
        step_label = _("Step %(step)s · %(kind)s") % {"step": node.step, "kind": kind}
        radius = 24 if isinstance(node, End) else 6
        body = [
            f'<g class="{" ".join(classes)}" id="fc-node-{escape(node.id)}">',
            f"<title>{escape(str(node.text))}</title>",
            f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="{radius}"/>',
            f'<text class="fc-step" x="{x + 10}" y="{y + 17}">{escape(step_label)}</text>',
        ]
        for i, line in enumerate(_lines(str(node.title))):
            body.append(
                f'<text x="{x + NODE_W // 2}" y="{y + 36 + 16 * i}" '
                f'text-anchor="middle">{escape(line)}</text>'
            )
        if node.id == current:
            body.append(
                f'<text class="fc-here" x="{x + NODE_W - 8}" y="{y + 17}" '
                f'text-anchor="end">{escape(_("You are here"))}</text>'
            )
        body.append("</g>")
        link = href(node.id) if href else None
        if link:
            out.append(f'<a href="{escape(link)}">{"".join(body)}</a>')
        else:
            out.append("".join(body))
    out.append("</svg>")
    return "\n".join(out)
