import re
import xml.etree.ElementTree as ET

from guidelines.flowchart import (
    END_DONE,
    FLOWCHART,
    Answer,
    End,
    Flowchart,
    Phase,
    Question,
    Step,
)
from guidelines.svg import layout, render_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_the_picture_is_responsive_accessible_and_well_formed():
    markup = render_svg()
    root = ET.fromstring(markup)
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox"))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text
    assert "three phases" in root.find(f"{SVG}desc").text
    # Every node is drawn once, with its step.
    ids = [g.get("id") for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("fc-node")]
    assert sorted(ids) == sorted(f"fc-node-{node.id}" for node in FLOWCHART.nodes)


def test_each_phase_sits_below_the_one_before():
    places = layout(FLOWCHART)
    for earlier, later in zip(FLOWCHART.phases, FLOWCHART.phases[1:], strict=False):
        last = max(r for n, (r, _c) in places.items() if FLOWCHART.node(n).step in earlier.steps)
        first = min(r for n, (r, _c) in places.items() if FLOWCHART.node(n).step in later.steps)
        assert first > last


def test_the_path_and_the_current_node_are_highlighted():
    markup = render_svg(path=["growth", "vision", "develop_vision"], current="develop_vision")
    root = ET.fromstring(markup)
    classes = {g.get("id"): g.get("class") for g in root.iter(f"{SVG}g") if g.get("id")}
    assert "fc-on-path" in classes["fc-node-growth"]
    assert "fc-current" in classes["fc-node-develop_vision"]
    assert "fc-on-path" not in classes["fc-node-policy_plan"]
    highlighted_edges = [g for g in root.iter(f"{SVG}g") if g.get("class") == "fc-edge fc-on-path"]
    assert len(highlighted_edges) == 2
    assert "You are here" in markup
    assert "Current position: step 2" in root.find(f"{SVG}desc").text


def test_text_is_escaped():
    chart = Flowchart(
        phases=(Phase(1, "<Phase & co>", (1,)),),
        steps=(Step(1, 1, "S", ""),),
        nodes=(
            Question("q", 1, '<script>alert("x")</script>', "Q & A?", (Answer("a", "A", "e"),)),
            End("e", 1, "End <b>", "", END_DONE),
        ),
        start="q",
    )
    markup = render_svg(chart=chart, href=lambda node_id: f'/x?a=1&b="{node_id}"')
    assert "<script>" not in markup and "<b>" not in markup
    assert "&lt;script&gt;" in markup
    assert "&lt;Phase &amp; co&gt;" in markup
    ET.fromstring(markup)
