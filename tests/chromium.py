"""How the tests and ``benchmarks/learn_speed.py`` launch a browser: Debian's
chromium (``NN_TUTORIAL_CHROMIUM`` points elsewhere, e.g. on GitHub's runners),
with these flags, so the benchmark times the browser the tests check."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("NN_TUTORIAL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
