import pytest
from django.core.management import CommandError
from django.core.management import call_command

from guidelines import flowchart
from guidelines.flowchart import END_DONE
from guidelines.flowchart import Answer
from guidelines.flowchart import End
from guidelines.flowchart import Flowchart
from guidelines.flowchart import Phase
from guidelines.flowchart import Question
from guidelines.flowchart import Step
from guidelines.management.commands import flowchart as command


def test_check_prints_node_and_path_counts(capsys):
    call_command("flowchart", "--check")
    out = capsys.readouterr().out
    assert "17 nodes in 8 steps and 3 phases" in out
    assert "19 paths (7 reach an end point, 12 loop back)" in out
    assert "consistent" in out
    assert len(flowchart.FLOWCHART.nodes) == 17


def test_check_fails_on_broken_data(monkeypatch, capsys):
    broken = Flowchart(
        phases=(Phase(1, "One", (1,)),),
        steps=(Step(1, 1, "Only", ""),),
        nodes=(
            Question("a", 1, "A", "A?", (Answer("yes", "Yes", "gone"),)),
            End("end", 1, "End", "", END_DONE),
        ),
        start="a",
    )
    monkeypatch.setattr(command, "FLOWCHART", broken)
    with pytest.raises(CommandError, match="problem"):
        call_command("flowchart", "--check")
    err = capsys.readouterr().err
    assert "a: answer 'yes' leads to unknown node" in err
    assert "unreachable node: end" in err


def test_svg_writes_the_picture(tmp_path):
    target = tmp_path / "flowchart.svg"
    call_command("flowchart", "--svg", str(target))
    assert target.read_text(encoding="utf-8").startswith("<svg")


def test_without_an_option_it_says_what_to_give():
    with pytest.raises(CommandError, match="--check"):
        call_command("flowchart")
