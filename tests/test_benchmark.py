"""benchmarks/train_speed.py judges its goals honestly: a goal it cannot measure
(PyTorch not installed) is reported as not checked, never as met."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import train_speed  # noqa: E402

REACHED = train_speed.Reached(0.96, 18, 0.9612, 2.4, 0.9650, 6.0)
LESSON = train_speed.Trained(0.9712, 8.5, 12, 10.2)
FAST = {"loop": 3.0, "same": 0.5, "same32": 0.4, "default": 0.1, "torch": 0.25}


def judged(best=FAST, reached=REACHED, torch="2.13.0", lesson=LESSON):
    lines, code = train_speed.report(train_speed.goals(best, reached, torch, lesson))
    return "\n".join(lines), code


def test_all_goals_met():
    text, code = judged()
    assert code == 0 and text.endswith("all goals met")
    assert text.count(": met (") == 5
    assert "PyTorch 2.13.0: 0.250 s/epoch, package 0.100 s/epoch: 2.5x" in text


def test_without_pytorch_the_goal_is_not_checked():
    text, code = judged({**FAST, "torch": None}, torch=None)
    assert code == 1
    assert "faster than PyTorch CPU: NOT CHECKED (PyTorch is not installed" in text
    assert text.endswith("4 of 5 goals met; not checked: default recipe >= 2x "
                         "faster than PyTorch CPU")  # fmt: skip


@pytest.mark.parametrize(
    ("change", "missed"),
    [
        ({"torch": 0.15}, "default recipe >= 2x faster than PyTorch CPU"),
        (
            {"loop": 1.5, "same": 0.3},
            "default recipe >= 20x faster than the per-example loop",
        ),
        ({"same": 1.0}, "Nielsen's recipe >= 4x faster than the per-example loop"),
    ],
)
def test_a_slow_epoch_misses_its_goal(change, missed):
    text, code = judged({**FAST, **change})
    assert code == 1 and f"{missed}: MISSED" in text
    assert text.endswith(f"4 of 5 goals met; missed: {missed}")


@pytest.mark.parametrize(
    "reached",
    [
        train_speed.Reached(0.96, 25, 0.9601, 5.5, 0.9620, 8.0),  # too late
        train_speed.Reached(0.96, None, None, None, 0.9550, 8.0),  # never
    ],
)
def test_96_percent_too_late_or_never_misses_its_goal(reached):
    text, code = judged(reached=reached)
    assert code == 1 and "96% test accuracy within 5 s of training: MISSED" in text


@pytest.mark.parametrize(
    "lesson",
    [
        train_speed.Trained(0.9635, 8.5, 12, 10.2),  # short of 97%
        train_speed.Trained(0.9712, 12.5, 12, 14.0),  # too slow
    ],
)
def test_the_lessons_network_short_of_97_percent_or_slow_misses_its_goal(lesson):
    text, code = judged(lesson=lesson)
    goal = "the lesson's sigmoid network: 97.0% test accuracy within 10 s of training"
    assert code == 1 and f"{goal}: MISSED" in text
    assert f"{lesson.accuracy:.2%} after 12 epochs, {lesson.seconds:.2f} s" in text


def test_the_machine_load_is_reported_next_to_the_cores(monkeypatch):
    monkeypatch.setattr(train_speed.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(train_speed.os, "getloadavg", lambda: (6.0, 5.5, 5.0))
    line = train_speed.machine_load()
    assert line == (
        "load average over the last 1 and 5 minutes: 6.0, 5.5 on 2 cores "
        "(busy: other programs shared the CPU)"
    )
    monkeypatch.setattr(train_speed.os, "getloadavg", lambda: (0.5, 0.4, 0.3))
    assert "busy" not in train_speed.machine_load()
