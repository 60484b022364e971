"""The modules import one way, in the lesson's order (activations <- costs <- network
<- training <- recipes <- cli, with the figures and the export on top): the
import-linter contract in pyproject.toml, checked here so that `make test` fails on a
cycle."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the package in ``project``, with that project's config."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(project / "pyproject.toml")],
        cwd=project,
        env={"PYTHONPATH": str(project), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_of_the_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "pyproject.toml", project)
    shutil.copytree(
        ROOT / "nn_tutorial",
        project / "nn_tutorial",
        ignore=shutil.ignore_patterns("__pycache__", "*.npz"),
    )
    return project


def test_the_modules_import_in_the_lessons_order():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "back_import", "imported"),
    [
        # a cycle: training imports network
        ("network", "from .training import train", "training"),
        # the recipes use the loop, the loop does not know the recipes
        ("training", "from .recipes import Recipe", "recipes"),
        # costs imports activations
        ("activations", "from . import costs", "costs"),
        # hidden in a function, where it would break a cycle at run time: still caught
        ("costs", "def f():\n    from .network import Network\n", "network"),
    ],
)
def test_an_import_against_the_order_fails_the_check(
    tmp_path, module, back_import, imported
):
    """The check is not vacuous: one import the wrong way in a copy breaks it."""
    project = copy_of_the_project(tmp_path)
    path = project / "nn_tutorial" / f"{module}.py"
    path.write_text(path.read_text() + "\n" + back_import + "\n")
    result = lint_imports(project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "0 kept, 1 broken" in result.stdout
    assert (
        f"nn_tutorial.{module} is not allowed to import nn_tutorial.{imported}"
        in result.stdout
    )
