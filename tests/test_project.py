"""The project's own guard rails: packaging, the CI workflow, and the site's checks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import yaml

import nn_tutorial

ROOT = Path(__file__).resolve().parent.parent


def run(*command, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, **kwargs)


def check_workflow(path: Path) -> subprocess.CompletedProcess:
    """Validate a workflow against the GitHub workflow schema in check-jsonschema."""
    schema = ["--builtin-schema", "vendor.github-workflows"]
    return run(sys.executable, "-m", "check_jsonschema", *schema, str(path))


def test_the_workflow_is_a_valid_github_actions_file():
    workflow = ROOT / ".github" / "workflows" / "ci.yml"
    result = check_workflow(workflow)
    assert result.returncode == 0, result.stdout + result.stderr
    jobs = yaml.safe_load(workflow.read_text())["jobs"]
    assert "make test" in str(jobs["test"]["steps"])
    assert "deploy-pages" in str(jobs["deploy"]["steps"])


def test_the_workflow_check_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "ci.yml"
    broken.write_text("on: push\njobs:\n  test:\n    steps: [{run: make test}]\n")
    result = check_workflow(broken)
    assert result.returncode != 0  # runs-on is missing


def test_the_version_is_defined_once():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject
    assert re.fullmatch(r"\d+\.\d+\.\d+", nn_tutorial.__version__)


def test_the_wheel_installs_and_works_in_a_clean_environment(tmp_path):
    """Build wheel and sdist, install the wheel alone, run the README's snippet."""
    dist = tmp_path / "dist"
    result = run(sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    wheels = list(dist.glob("*.whl"))
    assert len(wheels) == 1 and list(dist.glob("*.tar.gz"))
    environment = tmp_path / "clean"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    result = run(str(python), "-m", "pip", "install", "--quiet", str(wheels[0]))
    assert result.returncode == 0, result.stderr
    snippet = (ROOT / "README.md").read_text().split("```python\n", 1)[1]
    snippet = snippet.split("```", 1)[0]
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = run(str(python), "-c", snippet, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "13,002 weights and biases" in result.stdout
    imported = run(
        str(python),
        "-c",
        "import sys, nn_tutorial; print(nn_tutorial.__file__);"
        "print('matplotlib' in sys.modules)",
        cwd=tmp_path,
        env=env,
    ).stdout.split()
    assert str(environment) in imported[0]  # the wheel, not the source tree
    assert imported[1] == "False"
    installed = run(str(python), "-m", "pip", "list", "--format=freeze").stdout.lower()
    assert "matplotlib" not in installed  # plotting is an optional extra


def test_the_code_is_linted_and_formatted():
    """ruff, with the settings in pyproject.toml (the same the snippets get)."""
    paths = ["nn_tutorial", "tests", "benchmarks", "docs/_hooks"]
    lint = run(sys.executable, "-m", "ruff", "check", *paths, cwd=ROOT)
    assert lint.returncode == 0, lint.stdout
    style = run(sys.executable, "-m", "ruff", "format", "--check", *paths, cwd=ROOT)
    assert style.returncode == 0, style.stdout
