"""The package declares itself typed (``py.typed``): ``mypy --strict`` holds it to
that, with the settings in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def mypy(*arguments: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_mypy_strict_passes():
    result = mypy("--strict", "nn_tutorial")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_mypy_strict_catches_a_missing_annotation(tmp_path):
    """The check is not vacuous: an unannotated function fails it."""
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    package = tmp_path / "nn_tutorial"
    package.mkdir()
    (package / "__init__.py").write_text("def double(x):\n    return 2 * x\n")
    result = mypy("--strict", "nn_tutorial", cwd=tmp_path)
    assert result.returncode == 1
    assert "Function is missing a type annotation" in result.stdout
