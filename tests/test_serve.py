"""``make serve``: it starts without warnings, and an edited chapter is rebuilt and
served in at most 3 seconds (docs/_hooks/serve.py, the Makefile's serve target)."""

from __future__ import annotations

import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.mnist  # the build's hooks read MNIST

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = Path("chapters", "04-edge-detection.md")  # the slowest figures to draw
BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_command() -> list[str]:
    """The Makefile's serve recipe, as make would run it."""
    recipe = (ROOT / "Makefile").read_text().split("\nserve:", 1)[1].splitlines()[1]
    assert "NN_TUTORIAL_EXECUTE_NOTEBOOKS=false" in recipe and "--dirty" in recipe
    return [sys.executable, "-m", "mkdocs", "serve", "--dirty"]


def test_serve_starts_quietly_and_rebuilds_an_edited_chapter_within_3_s(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    config = (ROOT / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(
        config.replace("  - docs/_hooks/", f"  - {ROOT}/docs/_hooks/")
    )
    port = free_port()
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "NN_TUTORIAL_EXECUTE_NOTEBOOKS": "false",
    }
    command = serve_command() + ["--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        command,
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line.rstrip()) for line in server.stdout],
        daemon=True,
    ).start()
    log: list[str] = []

    def wait_for(pattern: str, seconds: float) -> re.Match[str]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                assert server.poll() is None, "\n".join(log)
                continue
            log.append(line)
            match = re.search(pattern, line)
            if match:
                return match
        raise AssertionError(f"no {pattern!r} within {seconds} s:\n" + "\n".join(log))

    try:
        wait_for("Serving on", 600)
        chapter = project / "docs" / CHAPTER
        chapter.write_text(
            chapter.read_text() + "\nA sentence added while serving.\n",
            encoding="utf-8",
        )
        wait_for("Detected file changes", 60)
        seconds = float(wait_for(BUILT.pattern, 60)[1])
        url = f"http://127.0.0.1:{port}/nn-tutorial/chapters/04-edge-detection/"
        page = urllib.request.urlopen(url, timeout=10).read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "A sentence added while serving." in page
    assert seconds <= 3, f"the edited chapter took {seconds} s to rebuild"
    warnings = [line for line in log if "WARNING" in line or "Warning" in line]
    assert warnings == [], "\n".join(log)
