"""Shared fixtures: the built site, a local server for it, and how pytest-playwright's
``browser`` is launched; and one check, before any test runs, that MNIST is there for
the tests that need it."""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent


def build_site(
    site_dir: Path, project: Path = ROOT, **environment: str
) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of ``project`` (default: this one) to ``site_dir``,
    with ``environment`` added to the environment variables."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **environment}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site, built once per test session with ``--strict``."""
    site = tmp_path_factory.mktemp("site")
    result = build_site(site)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return site


def site_only_context(browser, site_url: str):
    """A new browser context (1280 x 900) whose
    requests reach the site's server and no one else: any other request is recorded
    in ``context.offsite`` and aborted. ``context.errors`` is an empty list for the
    tests to record console errors in."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.offsite, context.errors = [], []

    def elsewhere(route) -> None:
        context.offsite.append(route.request.url)
        route.abort()

    # matched by the browser, so the site's own requests never wait for Python
    context.route(re.compile(f"^(?!{re.escape(site_url)}|data:|blob:)"), elsewhere)
    return context


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """The built site served over HTTP on 127.0.0.1 (an ephemeral port)."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's ``browser`` fixture launches Debian's chromium (no
    ``playwright install`` needed): required in CI, skipped elsewhere."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install it with `apt-get install chromium`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


# A snippet that reads MNIST names one of these; the site's build reads it too (the
# draw page's example digits and the notebook), so every test of the built site does.
MNIST_CALLS = re.compile(r"\b(?:load_mnist|download_mnist|train_pretrained)\b")


def needs_mnist(item: pytest.Item) -> bool:
    if item.get_closest_marker("mnist"):
        return True
    if "built_site" in getattr(item, "fixturenames", ()):
        return True
    callspec = getattr(item, "callspec", None)
    example = callspec.params.get("example") if callspec else None
    return bool(example is not None and MNIST_CALLS.search(example.source))


def mnist_problem() -> str | None:
    """Why MNIST cannot be loaded (after one download attempt), or None if it can."""
    from nn_tutorial.mnist import MNISTError, load_mnist

    try:
        load_mnist()
    except (MNISTError, OSError) as error:
        return str(error)
    return None


@pytest.hookimpl(trylast=True)  # after -k and -m have deselected what they drop
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]):
    """Without MNIST, say so once, before the first test, with the fix; then skip the
    tests that need it (in CI, where MNIST must be there, they run and fail)."""
    needing = [item for item in items if needs_mnist(item)]
    for item in needing:
        item.add_marker(pytest.mark.mnist)  # so that -m "not mnist" selects them too
    if not needing:
        return
    problem = mnist_problem()
    if problem is None:
        return
    in_ci = bool(os.environ.get("CI"))
    consequence = "they run and fail (CI is set)" if in_ci else "they are skipped"
    message = (
        f"MNIST is not available, and {len(needing)} tests need it: {consequence}.\n"
        f"{problem}\n"
        "Fix: export NN_TUTORIAL_DATA=/path/to/mnist (a folder with the four .gz "
        "files), or download them once with `nn-tutorial download` (needs network)."
    )
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_sep("=", "MNIST missing", yellow=True, bold=True)
        reporter.write_line(message)
    if not in_ci:
        skip = pytest.mark.skip(
            reason="needs MNIST: see the message before the first test"
        )
        for item in needing:
            item.add_marker(skip)
