"""docs/_hooks/block_cache.py: a figure block runs again whenever anything that
decides its output changed, and its output is served from disk only otherwise."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

HOOK = Path(__file__).resolve().parent.parent / "docs" / "_hooks" / "block_cache.py"


@pytest.fixture
def hook(tmp_path, monkeypatch):
    """The hook, caching into tmp_path, around a fake markdown-exec runner that
    counts its runs; ``hook.inputs`` stands for the package, data and versions."""
    from markdown_exec._internal.formatters import python

    spec = importlib.util.spec_from_file_location("block_cache_under_test", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "CACHE", tmp_path / "blocks")
    module.inputs = "package v1"
    monkeypatch.setattr(module, "_inputs_digest", lambda: module.inputs)
    module.runs = []

    def fake_run(code, returncode=None, session=None, id=None, **extra):  # noqa: A002
        module.runs.append(code)
        if "timing" in code:
            return f'<p class="nn-measured">took {len(module.runs)} ms</p>'
        return f"<p>{code} -> run {len(module.runs)}</p>"

    module.fake_run = fake_run
    monkeypatch.setattr(python, "_run_python", fake_run)
    return module


def run(code: str, session: str | None = None) -> str:
    from markdown_exec._internal.formatters import python

    return python._run_python(code, session=session)


def test_an_unchanged_block_is_served_from_the_cache(hook):
    hook._cache_block_outputs()
    assert run("figure()") == "<p>figure() -> run 1</p>"
    assert run("figure()") == "<p>figure() -> run 1</p>"  # not run again
    assert hook.runs == ["figure()"]
    assert len(list(hook.CACHE.glob("*.out"))) == 1
    assert list(hook.CACHE.glob("*.part")) == []


def test_changed_code_runs_again(hook):
    hook._cache_block_outputs()
    run("figure()")
    assert run("figure(2)") == "<p>figure(2) -> run 2</p>"


def test_a_changed_package_or_data_runs_every_block_again(hook):
    from markdown_exec._internal.formatters import python

    hook._cache_block_outputs()
    run("figure()")
    hook.inputs = "package v2"  # as if nn_tutorial, MNIST or a version changed
    python._run_python = hook.fake_run  # the next build finds markdown-exec's runner
    hook._cache_block_outputs()
    assert run("figure()") == "<p>figure() -> run 2</p>"
    assert hook.runs == ["figure()", "figure()"]


def test_measured_timings_and_sessions_always_run(hook):
    hook._cache_block_outputs()
    first, second = run("timing()"), run("timing()")
    assert first != second  # each build measures its own timing
    run("shared()", session="cli")
    run("shared()", session="cli")
    assert hook.runs == ["timing()", "timing()", "shared()", "shared()"]


def test_the_cache_can_be_turned_off(hook, monkeypatch):
    from markdown_exec._internal.formatters import python

    monkeypatch.setenv("NN_TUTORIAL_BLOCK_CACHE", "off")
    hook.on_startup("build")
    assert not getattr(python._run_python, "nn_tutorial_cached", False)
    run("figure()")
    run("figure()")
    assert hook.runs == ["figure()", "figure()"]
