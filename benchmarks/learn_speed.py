"""How fast does "Watch it learn" train in the browser, and how much do the widget
pages load? Run it:

    python benchmarks/learn_speed.py [--site DIR] [--epochs 8]

It builds the site with ``mkdocs build --strict`` into a temporary folder (or uses
``--site``, an already built one), serves it on 127.0.0.1, and drives Debian's
chromium (``NN_TUTORIAL_CHROMIUM``, default /usr/bin/chromium) headless. In one run
it prints, side by side:

- the browser's seconds per training epoch (10,000 digits, the page's worker) and
  the package's (``train`` with the same network, cost, mini-batch size and
  learning rate, float32) on the same MNIST subset (``subset.mnist_subset``);
- the seconds from pressing Train to 90% test accuracy in the browser;
- the bytes each widget page loads in a fresh browser (empty cache);

and each budget, met or MISSED: an epoch of 10,000 digits in at most 2 s in the
browser, 90% within 10 s, the learn page at most 3 MB. The exit code is 0 only if
every budget is met. Each per-epoch time is the median of the epochs run.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

from nn_tutorial import Network, load_mnist, train
from nn_tutorial.subset import mnist_subset

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the tests' browser)

WIDGET_PAGES = {
    "draw a digit": "draw/",
    "watch it learn": "learn/",
    "chapter 1 (one neuron)": "chapters/01-neurons/",
    "chapter 2 (compact draw pad)": "chapters/02-layers/",
    "chapter 4 (edge detector)": "chapters/04-edge-detection/",
    "chapter 6 (downhill)": "chapters/06-learning/",
    "chapter 7 (matrix)": "chapters/07-notation-and-linear-algebra/",
    "chapter 8 (squish)": "chapters/08-activation-functions/",
}
EPOCH_BUDGET_S = 2.0
SECONDS_TO_90_BUDGET = 10.0
LEARN_PAGE_BUDGET = 3_000_000


@contextmanager
def serve(site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"mkdocs build --strict failed:\n{result.stderr}")


def browser_training(browser, url: str, epochs: int) -> tuple[list[float], float]:
    """Per-epoch seconds of the page's worker, and seconds from Train to 90%."""
    page = browser.new_page()
    page.goto(url + "learn/")
    page.wait_for_function(
        "window.nnTutorialWidgets?.instances?.learn?.state.initialAccuracy != null",
        timeout=60_000,
    )
    page.locator(".nn-widget__buttons button").first.click()
    page.wait_for_function(
        f"""() => {{ const s = window.nnTutorialWidgets.instances.learn.state;
             return s.accuracies.length >= {epochs} && s.secondsTo90 !== null; }}""",
        timeout=120_000,
    )
    state = page.evaluate("window.nnTutorialWidgets.instances.learn.state")
    page.close()
    return state["epochSeconds"], state["secondsTo90"]


def python_training(epochs: int) -> list[float]:
    """Per-epoch seconds of the package's train on the same subset and recipe."""
    subset = mnist_subset(load_mnist())
    images = subset.train_images.astype(np.float32) / 255
    network = Network([784, 16, 16, 10], activation="sigmoid", seed=0, dtype="float32")
    history = train(
        network,
        images,
        subset.train_labels,
        epochs=epochs,
        batch_size=10,
        learning_rate=3.0,
        cost="quadratic",
        warmup_epochs=0,
        final_learning_rate=None,
        weight_decay=0,
        seed=0,
        progress=False,
    )
    return list(history.seconds)


def page_bytes(browser, url: str) -> dict[str, int]:
    """Bytes each widget page transfers in a fresh context, once its widget is up."""
    loaded = {}
    for name, path in WIDGET_PAGES.items():
        context = browser.new_context()
        page = context.new_page()
        sizes: dict[str, int] = {}
        page.on(
            "response",
            lambda r: (
                r.url.startswith("http")
                and sizes.__setitem__(urlsplit(r.url).path, len(r.body()))
            ),
        )
        page.goto(url + path)
        if path == "learn/":
            page.wait_for_function(
                "window.nnTutorialWidgets?.instances?.learn?.state.ready",
                timeout=60_000,
            )
        page.wait_for_load_state("networkidle")
        loaded[name] = sum(sizes.values())
        context.close()
    return loaded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site")
    parser.add_argument("--epochs", type=int, default=8, help="epochs to time")
    options = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as temporary:
        site = options.site
        if site is None:
            site = Path(temporary, "site")
            started = time.perf_counter()
            build(site)
            print(f"built the site in {time.perf_counter() - started:.0f} s")
        with serve(site) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            browser_epochs, seconds_to_90 = browser_training(
                browser, url, options.epochs
            )
            loaded = page_bytes(browser, url)
            browser.close()
    python_epochs = python_training(options.epochs)

    browser_epoch = statistics.median(browser_epochs)
    python_epoch = statistics.median(python_epochs)
    print(
        f"seconds per epoch of 10,000 digits (median of {options.epochs}): "
        f"browser {browser_epoch:.3f} s, Python (the package's train) "
        f"{python_epoch:.3f} s: the browser takes {browser_epoch / python_epoch:.1f}x"
    )
    print(f"seconds from pressing Train to 90% test accuracy: {seconds_to_90:.2f} s")
    print("bytes each widget page loads (fresh browser, everything included):")
    for name, size in loaded.items():
        print(f"  {size:>10,}  {name}")
    budgets = [
        (
            f"an epoch of 10,000 digits <= {EPOCH_BUDGET_S} s in the browser",
            browser_epoch <= EPOCH_BUDGET_S,
            f"{browser_epoch:.3f} s",
        ),
        (
            f"90% test accuracy within {SECONDS_TO_90_BUDGET:g} s of pressing Train",
            seconds_to_90 <= SECONDS_TO_90_BUDGET,
            f"{seconds_to_90:.2f} s",
        ),
        (
            f"the learn page loads <= {LEARN_PAGE_BUDGET / 1e6:g} MB in all",
            loaded["watch it learn"] <= LEARN_PAGE_BUDGET,
            f"{loaded['watch it learn'] / 1e6:.2f} MB",
        ),
    ]
    for what, met, measured in budgets:
        print(f"budget: {what}: {'met' if met else 'MISSED'} ({measured})")
    missed = [what for what, met, _ in budgets if not met]
    print("all budgets met" if not missed else f"{len(missed)} budget(s) MISSED")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
