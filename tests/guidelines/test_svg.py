import copy
import re
import xml.etree.ElementTree as ET

from django.utils import translation

from guidelines.flowchart import END_DONE
from guidelines.flowchart import FLOWCHART
from guidelines.flowchart import Answer
from guidelines.flowchart import End
from guidelines.flowchart import Flowchart
from guidelines.flowchart import Phase
from guidelines.flowchart import Question
from guidelines.flowchart import Step
from guidelines.svg import layout
from guidelines.svg import render_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_the_picture_is_responsive_accessible_and_well_formed():
    markup = render_svg()
    root = ET.fromstring(markup)
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox"))
    assert root.get("role") == "group"
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


def _texts(root, cls):
    return [t.text for t in root.iter(f"{SVG}text") if t.get("class") == cls]


def _node_texts(root, node_id):
    group = next(g for g in root.iter(f"{SVG}g") if g.get("id") == f"fc-details-{node_id}")
    return " ".join(
        (t.text or "").strip() for t in group.iter(f"{SVG}text") if t.get("class") == "fc-detail"
    )


def test_the_picture_shows_step_5s_questions_for_each_lead():
    root = ET.fromstring(render_svg())
    for node_id in ("tasks_group", "tasks_school"):
        shown = _node_texts(root, node_id)
        for prompt in FLOWCHART.node(node_id).prompts:
            first_words = str(prompt.short).split()[0]
            assert first_words in shown, (node_id, prompt.short)
    assert "Economies of scale" in _node_texts(root, "tasks_group")
    assert "Short term, long term, drop?" in _node_texts(root, "tasks_school")


def test_the_picture_shows_step_6s_four_routes_and_step_7s_team_actions():
    root = ET.fromstring(render_svg())
    routes = _node_texts(root, "fill_gaps")
    for start in ("i. Recruit", "ii. Outsource", "iii. Inside", "iv. Drop"):
        assert start in routes
    team = _node_texts(root, "team")
    for short in (
        "Assemble the ICT team",
        "Divide the tasks",
        "Hours/resources",
        "Clear mandates",
        "Knowledge sharing",
        "Backup",
        "ICT policy team",
        "Daily technical coordination",
        "Sounding board for teachers",
    ):
        assert short in team


def test_the_loops_are_drawn_a_paused_step_resumes_and_the_evaluation_comes_round():
    markup = render_svg()
    root = ET.fromstring(markup)
    loops = [g for g in root.iter(f"{SVG}g") if "fc-loop" in (g.get("class") or "")]
    labels = [g.find(f"{SVG}text").text for g in loops]
    assert labels.count("resumes at the question") == 3
    assert labels.count("comes round again") == 1


def test_the_picture_says_which_steps_come_from_the_report_and_which_from_the_guidelines():
    root = ET.fromstring(render_svg())
    legend = " ".join(_texts(root, "fc-legend"))
    assert "Steps 1, 2, 3, 4, 5, 6, 7: the report's draft text" in legend
    assert "Step 8 and the three phases: the final published guidelines" in legend
    assert "seven steps" in root.find(f"{SVG}desc").text


def test_links_wrap_whole_boxes_and_nothing_interactive_is_nested():
    markup = render_svg(path=["growth", "vision"], current="vision", href=lambda n: f"/n/{n}")
    root = ET.fromstring(markup)
    links = list(root.iter(f"{SVG}a"))
    assert len(links) == len(FLOWCHART.nodes)
    for link in links:
        assert list(link.iter(f"{SVG}a")) == [link]


def _by_role(root, role):
    return [element for element in root.iter() if element.get("role") == role]


def test_the_picture_is_a_named_group_of_links_each_with_its_own_name():
    on_path = ["growth", "vision", "develop_vision"]
    markup = render_svg(
        path=on_path,
        current="develop_vision",
        href=lambda n: f"/n/{n}" if n in on_path else None,
    )
    root = ET.fromstring(markup)
    # A group named by its title and described by its description: no image role around
    # the links (an image's content is presentational, so links in it would be nested).
    assert (root.get("role"), root.get("aria-labelledby"), root.get("aria-describedby")) == (
        "group",
        "fc-title",
        "fc-desc",
    )
    assert root.find(f"{SVG}title").get("id") == "fc-title"
    assert root.find(f"{SVG}desc").get("id") == "fc-desc"
    for image in _by_role(root, "img"):
        assert not list(image.iter(f"{SVG}a"))
    # Each link to a step is named by its step, kind and title; what it draws is hidden.
    links = list(root.iter(f"{SVG}a"))
    assert [link.get("href") for link in links] == [f"/n/{n}" for n in on_path]
    assert [link.get("aria-label") for link in links] == [
        "Step 1 · Question: " + str(FLOWCHART.node("growth").title),
        "Step 2 · Question: " + str(FLOWCHART.node("vision").title),
        "You are here: Step 2 · Pause: " + str(FLOWCHART.node("develop_vision").title),
    ]
    for link in links:
        (box,) = list(link)
        assert box.get("aria-hidden") == "true"
        assert box.get("role") is None
    # What a step asks or does is its box's description, drawn beside the link, not in it.
    step5 = render_svg(href=lambda n: f"/n/{n}")
    root5 = ET.fromstring(step5)
    described = [a for a in root5.iter(f"{SVG}a") if a.get("aria-describedby")]
    assert len(described) >= 4
    details = {g.get("id"): g for g in root5.iter(f"{SVG}g") if g.get("class") == "fc-details"}
    for link in described:
        target = details[link.get("aria-describedby")]
        assert target.get("aria-hidden") == "true"
        assert [t.get("class") for t in target.iter(f"{SVG}text")][0] == "fc-detail"
        assert not list(link.iter(f"{SVG}line"))
    # A box that is not a link is an image of its own, with its own name.
    images = {image.get("id"): image.get("aria-label") for image in _by_role(root, "img")}
    assert len(images) == len(FLOWCHART.nodes) - len(on_path)
    assert images["fc-node-policy_plan"] == "Step 3 · Question: " + str(
        FLOWCHART.node("policy_plan").title
    )
    # The drawing around the boxes says nothing the names and the description do not: the
    # phase bands and the arrows are hidden.
    decorative = [
        g
        for g in root.iter(f"{SVG}g")
        if {"fc-phase", "fc-edge"} & set((g.get("class") or "").split())
    ]
    assert len(decorative) > len(FLOWCHART.nodes)
    assert all(g.get("aria-hidden") == "true" for g in decorative)
    # Nothing hidden holds a link, so every link is reachable.
    for hidden in [e for e in root.iter() if e.get("aria-hidden") == "true"]:
        assert not list(hidden.iter(f"{SVG}a"))


def test_the_flowchart_drawn_once_per_language_draws_what_a_fresh_drawing_does():
    # A copy is not the flowchart itself: it is drawn afresh on every call.
    fresh = copy.copy(FLOWCHART)
    pictures = {}
    for language in ("en", "nl", "en"):
        with translation.override(language):
            for path, current, href in [
                ((), "", None),
                (("growth", "vision", "develop_vision"), "develop_vision", None),
                (("growth", "vision"), "vision", lambda node_id: f"/plan/{node_id}?a&b"),
            ]:
                kwargs = {"path": path, "current": current, "href": href, "title": "<Plan>"}
                cached = render_svg(**kwargs)
                assert cached == render_svg(**kwargs, chart=fresh)
                pictures.setdefault(language, set()).add(cached)
    assert len(pictures["en"]) == 3
    assert pictures["en"].isdisjoint(pictures["nl"])
