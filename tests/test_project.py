"""The project's own guard rails: packaging, the CI workflow, and the site's checks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest
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


RELEASE = ROOT / ".github" / "workflows" / "release.yml"


def release_steps() -> dict[str, dict]:
    jobs = yaml.safe_load(RELEASE.read_text())["jobs"]
    return {
        step.get("name", step.get("uses")): step
        for job in jobs.values()
        for step in job["steps"]
    }


def test_the_release_workflow_publishes_version_tags_with_trusted_publishing():
    result = check_workflow(RELEASE)
    assert result.returncode == 0, result.stdout + result.stderr
    workflow = yaml.safe_load(RELEASE.read_text())
    assert workflow[True] == {"push": {"tags": ["v*"]}}  # YAML reads `on` as True
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    (upload,) = [s for s in publish["steps"] if "gh-action-pypi-publish" in s["uses"]]
    assert "with" not in upload  # no password or token: PyPI trusts the workflow
    assert "python -m build" in release_steps()["Build the wheel and sdist"]["run"]


def test_the_release_refuses_a_tag_that_is_not_the_package_version():
    script = release_steps()["Check that the tag names the package version"]["run"]

    def check(tag: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "GITHUB_REF_NAME": tag}
        return run("bash", "-e", "-c", script, cwd=ROOT, env=env)

    assert check(f"v{nn_tutorial.__version__}").returncode == 0
    refused = check("v99.0.0")
    assert refused.returncode == 1
    assert f"does not match nn_tutorial.__version__ {nn_tutorial.__version__}" in (
        refused.stderr
    )


PYPI_NOTE = re.compile(
    r'^!!! note "From PyPI, once a release is published".*?(?=^\S)', re.M | re.S
)
BY_NAME = re.compile(r'pip install "?nn-tutorial(?:\[[\w,]*\])?"?(?![\w\["-])(?!\s*@)')


def test_pip_install_by_name_appears_only_beside_the_release_note():
    """Nothing is on PyPI until a release: the main instructions must not say
    `pip install nn-tutorial`, which fails today, except in the note on releases."""
    installation = (ROOT / "docs" / "installation.md").read_text(encoding="utf-8")
    (note,) = PYPI_NOTE.findall(installation)
    assert BY_NAME.search(note) and "release workflow" in note
    texts = {"installation.md": PYPI_NOTE.sub("", installation)}
    for path in [*(ROOT / "docs").rglob("*.md"), ROOT / "README.md"]:
        texts.setdefault(path.name, path.read_text(encoding="utf-8"))
    offenders = {name: BY_NAME.findall(text) for name, text in texts.items()}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_version_is_defined_once():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject
    assert re.fullmatch(r"\d+\.\d+\.\d+", nn_tutorial.__version__)


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> tuple[Path, str]:
    """The wheel and sdist, built as a release would build them, and the build's log.

    PYTHONDONTWRITEBYTECODE is dropped for the build: with it, distutils prints its
    own "byte-compiling is disabled" warnings, which say nothing about the project.
    """
    out = tmp_path_factory.mktemp("dist")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    result = run(
        sys.executable, "-m", "build", "--outdir", str(out), str(ROOT), env=env
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out, result.stdout + result.stderr


def test_the_package_builds_without_warnings(dist):
    """setuptools warns, e.g. of a deprecated TOML-table license: none may remain."""
    _, log = dist
    warnings = [line for line in log.splitlines() if "warning" in line.lower()]
    assert warnings == []


def test_the_wheel_and_sdist_ship_the_license_and_py_typed(dist):
    out, _ = dist
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        headers = archive.read(metadata).decode()
        (license_file,) = [
            n for n in names if n.endswith(".dist-info/licenses/LICENSE")
        ]
        assert archive.read(license_file) == (ROOT / "LICENSE").read_bytes()
    assert "nn_tutorial/py.typed" in names
    assert "License-Expression: MIT" in headers.splitlines()
    assert "License-File: LICENSE" in headers.splitlines()
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    with tarfile.open(sdist) as archive:
        members = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"LICENSE", "nn_tutorial/py.typed", "pyproject.toml"} <= members


def test_the_wheel_installs_and_works_in_a_clean_environment(dist, tmp_path):
    """Install the wheel alone in a fresh venv and run the README's snippet."""
    wheels = list(dist[0].glob("*.whl"))
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


def test_no_module_of_the_package_is_over_400_lines():
    """Small and whole: a module a reader can take in at once (the redesign's rule)."""
    long = {
        str(path.relative_to(ROOT)): length
        for path in sorted((ROOT / "nn_tutorial").rglob("*.py"))
        if (length := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}, "split these modules by idea: see CONTRIBUTING's module table"


def test_the_code_is_linted_and_formatted():
    """ruff, with the settings in pyproject.toml (the same the snippets get)."""
    paths = ["nn_tutorial", "tests", "benchmarks", "docs/_hooks"]
    lint = run(sys.executable, "-m", "ruff", "check", *paths, cwd=ROOT)
    assert lint.returncode == 0, lint.stdout
    style = run(sys.executable, "-m", "ruff", "format", "--check", *paths, cwd=ROOT)
    assert style.returncode == 0, style.stdout


MNIST_PAGE = """# Two snippets, one of which reads MNIST

```python
from nn_tutorial import load_mnist

print(load_mnist().test_images.shape)
#> (10000, 784)
```

```python
print(1 + 1)
#> 2
```
"""


def run_without_mnist(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess:
    """tests/test_docs.py on a page with an MNIST snippet, with no MNIST files and
    no reachable mirror (as on a machine without network)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "mnist_page.md").write_text(MNIST_PAGE)
    (tmp_path / "empty").mkdir()
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env |= {
        "NN_TUTORIAL_DOCS": str(docs),
        "NN_TUTORIAL_DATA": str(tmp_path / "empty"),
        "NN_TUTORIAL_MNIST_MIRRORS": "http://127.0.0.1:9/",  # refuses connections
    }
    if ci:
        env["CI"] = "true"
    test_docs = str(ROOT / "tests" / "test_docs.py")
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", test_docs]
    return run(*command, "-k", "mnist_page", cwd=ROOT, env=env)


def test_without_mnist_the_suite_says_so_once_and_skips_what_needs_it(tmp_path):
    result = run_without_mnist(tmp_path, ci=False)
    output = result.stdout
    assert result.returncode == 0, output[-3000:]
    assert output.count("MNIST is not available") == 1, output[-3000:]
    assert "1 tests need it: they are skipped" in output
    assert "export NN_TUTORIAL_DATA=" in output and "nn-tutorial download" in output
    # Said before the first test's result, not among the failures at the end.
    assert output.index("MNIST is not available") < output.index("test_docs.py ")
    assert re.search(r"2 passed, 1 skipped", output), output[-3000:]


def test_without_mnist_in_ci_the_tests_that_need_it_fail(tmp_path):
    result = run_without_mnist(tmp_path, ci=True)
    assert result.returncode == 1, result.stdout[-3000:]
    assert "they run and fail (CI is set)" in result.stdout
    assert re.search(r"1 failed, 2 passed", result.stdout), result.stdout[-3000:]
