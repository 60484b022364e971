""" "Watch it learn" (docs/learn.md, learn-worker.js, nn.js): the lesson's network
trained in the browser on the MNIST subset the build writes.

One step of the page's SGD equals one step of the package's backprop; pressing
Train (by keyboard) reaches 90% test accuracy; the page keeps handling pointer
events while it trains; Pause and Reset do what they say; and the page loads at
most 3 MB. Measured numbers go to test-artifacts/learn-metrics.txt.
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import numpy as np
import pytest
from conftest import ROOT, site_only_context

from nn_tutorial import Network
from nn_tutorial.mnist import load_mnist
from nn_tutorial.subset import mnist_subset, subset_from_bytes

pytestmark = [pytest.mark.browser, pytest.mark.mnist]

ARTIFACTS = ROOT / "test-artifacts"
SECONDS_TO_90_LIMIT = 60  # generous: the goal, 10 s on 2 quiet cores, is benchmarked
POINTER_P95_MS = 50
PAGE_BYTES = 3_000_000
SUBSET_BYTES = 2_500_000


@pytest.fixture(scope="module")
def context(browser, site_url):
    context = site_only_context(browser, site_url)
    yield context
    assert context.offsite == []
    assert context.errors == []
    context.close()


@pytest.fixture(scope="module")
def page(context, site_url):
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and context.errors.append(m.text))
    page.on("pageerror", lambda e: context.errors.append(str(e)))
    page.goto(site_url + "learn/")
    page.wait_for_function(
        "window.nnTutorialWidgets?.instances?.learn?.state.initialAccuracy !== null",
        timeout=30_000,
    )
    yield page
    page.close()


def learn_state(page):
    return page.evaluate("window.nnTutorialWidgets.instances.learn.state")


def test_the_built_subset_is_the_packages(built_site):
    data = (built_site / "assets/nn-tutorial/mnist-subset.bin.gz").read_bytes()
    assert len(data) <= SUBSET_BYTES
    subset = subset_from_bytes(data)
    expected = mnist_subset(load_mnist())
    for got, want in zip(subset, expected):
        assert np.array_equal(got, want)
    assert [len(subset.train_labels), len(subset.test_labels)] == [10_000, 2_000]
    assert not list((ROOT / "docs").rglob("mnist-subset*")), "never in docs/"


def test_one_sgd_step_in_the_browser_equals_backprop(page):
    mnist = load_mnist()
    network = Network([784, 16, 16, 10], activation="sigmoid", seed=3, dtype="f4")
    images, labels = mnist.train_images[:10], mnist.train_labels[:10]
    rate = 3.0
    got = page.evaluate(
        """([W, b, images, labels, rate]) => {
          const nn = window.nnTutorial.nn;
          const net = {sizes: [784, 16, 16, 10], W: W.map(w => Float32Array.from(w)),
                       b: b.map(v => Float32Array.from(v))};
          const batch = images.map((x, i) =>
            ({input: nn.sparseInput(Float32Array.from(x)), label: labels[i]}));
          nn.sgdStep(net, batch, rate);
          return [net.W.map(w => Array.from(w)), net.b.map(v => Array.from(v))];
        }""",
        [
            [w.ravel().tolist() for w in network.weights],
            [b.tolist() for b in network.biases],
            images.tolist(),
            labels.tolist(),
            rate,
        ],
    )
    weight_gradients, bias_gradients = network.backprop(images, labels)
    for layer, (w, g) in enumerate(zip(network.weights, weight_gradients)):
        expected = (w - rate * g).ravel()
        assert np.max(np.abs(np.array(got[0][layer]) - expected)) <= 1e-5, layer
    for layer, (b, g) in enumerate(zip(network.biases, bias_gradients)):
        assert np.max(np.abs(np.array(got[1][layer]) - (b - rate * g))) <= 1e-5
    moved = np.abs(np.array(got[0][0]) - network.weights[0].ravel()).max()
    assert moved > 1e-3  # the step did change the weights


def test_train_reaches_90_percent_and_the_page_stays_responsive(page):
    state = learn_state(page)
    assert 0.0 < state["initialAccuracy"] < 0.3  # random weights: about 1 in 10
    accuracy = page.locator(".nn-widget__accuracy")
    assert re.fullmatch(r"test accuracy: \d{1,2}\.\d%", accuracy.text_content())
    train = page.locator(".nn-widget__buttons button").first
    assert train.text_content() == "Train"
    train.focus()
    page.keyboard.press("Enter")  # keyboard only
    started = time.perf_counter()
    assert train.text_content() == "Pause"
    images = page.locator(".nn-widget__weights")
    boxes = [images.nth(j).bounding_box() for j in range(16)]
    page.evaluate("window.nnTutorialWidgets.instances.learn.state.latencies = []")
    moves = 0
    while learn_state(page)["secondsTo90"] is None:
        assert time.perf_counter() - started < SECONDS_TO_90_LIMIT, learn_state(page)
        box = boxes[moves % 16]
        page.mouse.move(box["x"] + 10 + moves % 20, box["y"] + 10 + moves % 17)
        moves += 1
        page.wait_for_timeout(15)
    state = learn_state(page)
    latencies = np.array(state["latencies"])
    p95 = float(np.percentile(latencies, 95))
    assert len(latencies) > 20
    assert max(state["accuracies"]) >= 0.9
    shown = float(re.search(r"([\d.]+)%", accuracy.text_content()).group(1))
    assert shown == pytest.approx(100 * state["accuracies"][-1], abs=0.05)
    epochs = len(state["accuracies"])
    report = "\n".join(
        [
            f"seconds from Train to 90% test accuracy: {state['secondsTo90']:.2f} "
            f"(after {epochs} epochs)",
            f"seconds of training per epoch of 10,000 digits: "
            f"{', '.join(f'{s:.2f}' for s in state['epochSeconds'])}",
            f"pointer event to frame while training: 95th percentile {p95:.1f} ms "
            f"over {len(latencies)} events (goal <= {POINTER_P95_MS} ms)",
        ]
    )
    print("\n" + report)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "learn-metrics.txt").write_text(report + "\n", encoding="utf-8")
    assert p95 <= POINTER_P95_MS
    hovered = page.locator(".nn-widget__weights.is-hovered")
    assert hovered.count() == 1  # the pointer moves were handled, not just timed


def test_pause_stops_and_reset_starts_again(page):
    train = page.locator(".nn-widget__buttons button").first
    if train.text_content() == "Train":
        train.click()
    page.wait_for_function(
        "window.nnTutorialWidgets.instances.learn.state.accuracies.length >= 1"
    )
    train.focus()
    page.keyboard.press("Enter")
    assert train.text_content() == "Train"
    page.wait_for_timeout(300)  # an epoch under way when paused may still report
    epochs = len(learn_state(page)["accuracies"])
    page.wait_for_timeout(1500)
    assert len(learn_state(page)["accuracies"]) == epochs
    page.get_by_role("button", name="Reset").click()
    page.wait_for_function(
        "window.nnTutorialWidgets.instances.learn.state.accuracies.length === 0"
    )
    assert learn_state(page)["initialAccuracy"] < 0.3


def test_the_learn_page_loads_at_most_3_mb(browser, site_url):
    fresh = browser.new_context()
    page = fresh.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(site_url + "learn/")
    page.wait_for_function(
        "window.nnTutorialWidgets?.instances?.learn?.state.ready", timeout=30_000
    )
    page.wait_for_load_state("networkidle")
    sizes = {
        urlsplit(r.url).path: len(r.body())
        for r in responses
        if r.url.startswith("http") and r.status == 200
    }
    fresh.close()
    total = sum(sizes.values())
    print(f"\nthe learn page loads {total:,} bytes")
    assert any(path.endswith("mnist-subset.bin.gz") for path in sizes)
    assert total <= PAGE_BYTES, sizes
