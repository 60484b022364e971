"""The chapters' live widgets (docs/javascripts/widgets.js, nn.js) in a real browser.

Each widget must compute what the package computes for the same inputs (within
1e-6), react to the mouse, a finger and the keyboard as its chapter says, follow
the dark scheme, fall back to text without JavaScript, and load with no console
error and no request to another host.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import site_only_context

from nn_tutorial import (
    Network,
    Neuron,
    QuadraticCost,
    relu,
    relu_prime,
    sigmoid,
    sigmoid_prime,
)
from nn_tutorial.edges import edge_detector

pytestmark = pytest.mark.browser

PAGES = {
    "neuron": "chapters/01-neurons/",
    "edge": "chapters/04-edge-detection/",
    "downhill": "chapters/06-learning/",
    "matrix": "chapters/07-notation-and-linear-algebra/",
    "squish": "chapters/08-activation-functions/",
}
# Chapter 6's widget: one sigmoid neuron on five points (as its snippet).
X = np.array([[-2.0], [-1.0], [0.0], [1.0], [2.0]])
Y = np.array([[0.05], [0.2], [0.6], [0.85], [0.9]])
# Chapter 7's layer.
W7 = np.array([[1.0, -0.5, 2.0, 0.0], [-1.0, 1.5, 0.5, -2.0], [0.5, 0.5, -1.0, 1.0]])
B7 = np.array([-1.0, 0.5, 0.0])


@pytest.fixture(scope="module")
def context(browser, site_url):
    """Requests to the site only: any other is recorded in ``offsite`` and aborted;
    console errors and uncaught exceptions are recorded in ``errors``."""
    context = site_only_context(browser, site_url)
    yield context
    assert context.offsite == [], "requests left 127.0.0.1"
    assert context.errors == []
    context.close()


def open_widget(context, site_url, name):
    page = context.new_page()
    page.on(
        "console",
        lambda m: m.type == "error" and context.errors.append(f"{name}: {m.text}"),
    )
    page.on("pageerror", lambda e: context.errors.append(f"{name}: {e}"))
    page.goto(site_url + PAGES[name])
    page.wait_for_function(f"window.nnTutorialWidgets?.instances?.{name}")
    page.evaluate(
        f"Promise.resolve(window.nnTutorialWidgets.instances.{name}.ready)"
        ".then(() => true)"
    )
    page.locator(f".nn-widget[data-widget={name}]").scroll_into_view_if_needed()
    return page


@pytest.fixture(scope="module")
def pages(context, site_url):
    opened = {name: open_widget(context, site_url, name) for name in PAGES}
    yield opened
    for page in opened.values():
        page.close()


def state(page, name):
    return page.evaluate(f"window.nnTutorialWidgets.instances.{name}.state")


def slider(page, name, label):
    return page.locator(f".nn-widget[data-widget={name}]").get_by_label(label)


# -- nn.js: the shared maths ----------------------------------------------------------


def test_nn_js_functions_equal_the_package(pages):
    z = np.concatenate([np.linspace(-30, 30, 241), [0.0, 1e-9, -1e-9, 700, -700]])
    got = pages["squish"].evaluate(
        """z => { const nn = window.nnTutorial.nn;
             return [nn.sigmoid, nn.sigmoidPrime, nn.relu, nn.reluPrime]
               .map(f => z.map(f)); }""",
        z.tolist(),
    )
    for values, function in zip(got, (sigmoid, sigmoid_prime, relu, relu_prime)):
        assert np.max(np.abs(np.array(values) - function(z))) <= 1e-12, function


# -- chapter 1: one neuron ------------------------------------------------------------


def neuron_matches_package(page):
    s = state(page, "neuron")
    neuron = Neuron(s["w"], s["b"])
    assert abs(s["z"] - neuron.weighted_sum(s["x"])) <= 1e-6
    assert abs(s["a"] - neuron(s["x"])) <= 1e-6
    return s


def test_neuron_starts_with_the_chapters_numbers(pages):
    s = neuron_matches_package(pages["neuron"])
    assert (s["w"], s["b"], s["x"]) == ([-1, 2, 2, -1], -2.5, [0, 0.8, 1, 0.2])
    text = pages["neuron"].locator(".nn-widget[data-widget=neuron]").inner_text()
    assert "= 0.9000" in text and "σ(z) = 1 / (1 + e^(−z)) = 0.7109" in text


def test_neuron_keyboard_moves_the_bias_and_its_threshold(pages):
    page = pages["neuron"]
    threshold = page.locator(".nn-widget__threshold")
    before = float(threshold.get_attribute("x1"))
    bias = slider(page, "neuron", "bias b")
    bias.focus()
    for _ in range(20):  # b from -2.5 to -4.5: the threshold -b moves right
        page.keyboard.press("ArrowLeft")
    s = neuron_matches_package(page)
    assert s["b"] == pytest.approx(-4.5)
    assert float(threshold.get_attribute("x1")) > before
    assert s["a"] < 0.5
    story = page.locator(".nn-widget[data-widget=neuron] .nn-widget__note")
    assert "passes −b = 4.5" in story.text_content()
    assert "below the threshold" in story.text_content()


def test_neuron_mouse_drags_weights_and_inputs(pages):
    page = pages["neuron"]
    for label in ("weight w1", "input x4", "weight w3"):
        slider(page, "neuron", label).scroll_into_view_if_needed()
        box = slider(page, "neuron", label).bounding_box()
        page.mouse.click(box["x"] + box["width"] * 0.9, box["y"] + box["height"] / 2)
    s = neuron_matches_package(page)
    assert s["w"][0] > 2 and s["x"][3] > 0.8 and s["w"][2] > 2
    edge = page.locator(".nn-widget[data-widget=neuron] .nn-widget__edge").first
    assert "is-positive" in edge.get_attribute("class")  # w1 is now positive


# -- chapter 8: squish ----------------------------------------------------------------


def squish_matches_package(page):
    s = state(page, "squish")
    z = s["z"]
    for key, function in [
        ("sigma", sigmoid),
        ("sigmaPrime", sigmoid_prime),
        ("relu", relu),
        ("reluPrime", relu_prime),
    ]:
        assert abs(s[key] - function(z)) <= 1e-6, key
    return s


def test_squish_keyboard_reads_values_and_slopes(pages):
    page = pages["squish"]
    z = slider(page, "squish", "z, the weighted sum")
    z.focus()
    page.keyboard.press("Home")
    s = squish_matches_package(page)
    assert s["z"] == -6
    table = page.locator(".nn-widget[data-widget=squish] table").inner_text()
    assert "saturated" in table and "ReLU′(z) = 0" in table
    for _ in range(70):
        page.keyboard.press("ArrowRight")
    s = squish_matches_package(page)
    assert s["z"] == pytest.approx(1.0)
    table = page.locator(".nn-widget[data-widget=squish] table").inner_text()
    assert f"σ′(z) = {sigmoid_prime(1.0):.4f}" in table
    assert "ReLU′(z) = 1" in table and "saturated" not in table


def test_squish_mouse_drag_moves_z(pages):
    page = pages["squish"]
    plot = page.locator(".nn-widget[data-widget=squish] svg")
    plot.scroll_into_view_if_needed()
    box = plot.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.2, y)
    page.mouse.down()
    first = state(page, "squish")["z"]
    page.mouse.move(box["x"] + box["width"] * 0.7, y, steps=5)
    page.mouse.up()
    s = squish_matches_package(page)
    assert first < -2 and s["z"] > first + 3
    value = slider(page, "squish", "z, the weighted sum").input_value()
    assert float(value) == pytest.approx(s["z"])


def test_touch_drags_z_without_scrolling(browser, site_url):
    context = browser.new_context(
        has_touch=True, viewport={"width": 800, "height": 700}
    )
    page = context.new_page()
    page.goto(site_url + PAGES["squish"])
    page.wait_for_function("window.nnTutorialWidgets?.instances?.squish")
    plot = page.locator(".nn-widget[data-widget=squish] svg")
    plot.scroll_into_view_if_needed()
    box = plot.bounding_box()
    scroll = page.evaluate("window.scrollY")
    cdp = context.new_cdp_session(page)
    y = box["y"] + box["height"] / 2

    def touch(kind, fraction):
        points = [{"x": box["x"] + box["width"] * fraction, "y": y}]
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": kind, "touchPoints": points if kind != "touchEnd" else []},
        )

    touch("touchStart", 0.3)
    for fraction in np.linspace(0.3, 0.85, 8):
        touch("touchMove", fraction)
    touch("touchEnd", 0.85)
    z = page.evaluate("window.nnTutorialWidgets.instances.squish.state.z")
    assert z > 3
    assert page.evaluate("window.scrollY") == scroll
    context.close()


def test_touch_draws_on_the_edge_pad_and_picks_a_downhill_start(browser, site_url):
    """A finger draws on chapter 4's pad and taps a start on chapter 6's map,
    without scrolling the page."""
    context = browser.new_context(
        has_touch=True, viewport={"width": 800, "height": 700}
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)

    def touch(points, element):
        element.scroll_into_view_if_needed()
        box = element.bounding_box()
        scroll = page.evaluate("window.scrollY")
        at = [
            {"x": box["x"] + fx * box["width"], "y": box["y"] + fy * box["height"]}
            for fx, fy in points
        ]
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": at[:1]}
        )
        for point in at[1:]:
            cdp.send(
                "Input.dispatchTouchEvent",
                {"type": "touchMove", "touchPoints": [point]},
            )
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        assert page.evaluate("window.scrollY") == scroll

    page.goto(site_url + PAGES["edge"])
    page.wait_for_function("!!window.nnTutorialWidgets?.instances?.edge?.detectors")
    page.evaluate("window.nnTutorialWidgets.instances.edge.clear()")
    pad = page.locator(".nn-widget[data-widget=edge] canvas.nn-widget__pad")
    touch([(0.25 + 0.05 * i, 0.3) for i in range(11)], pad)  # a bar across row 8
    s = page.evaluate("window.nnTutorialWidgets.instances.edge.state")
    assert s["a"] > 0.5  # the horizontal detector at row 8 sees it

    page.goto(site_url + PAGES["downhill"])
    page.wait_for_function("window.nnTutorialWidgets?.instances?.downhill")
    canvas = page.locator(".nn-widget[data-widget=downhill] canvas")
    touch([(0.75, 0.75)], canvas)
    w, b = page.evaluate("window.nnTutorialWidgets.instances.downhill.state.path[0]")
    assert (w, b) == (pytest.approx(3.5, abs=0.1), pytest.approx(-2.5, abs=0.1))
    context.close()


# -- chapter 7: matrix ----------------------------------------------------------------


def test_matrix_focus_lights_the_entrys_connection(pages):
    page = pages["matrix"]
    widget = page.locator(".nn-widget[data-widget=matrix]")
    widget.locator(".nn-widget__entry").first.focus()
    for _ in range(6):  # keyboard only: Tab from w_0,0 to w_1,2
        page.keyboard.press("Tab")
    assert state(page, "matrix")["focused"] == [1, 2]
    lit = widget.locator(".nn-widget__edge.is-lit")
    assert lit.count() == 1
    # the edge from a_2 (third input, left) to a'_1 (second output, right)
    assert (lit.get_attribute("y1"), lit.get_attribute("y2")) == ("122", "100")
    assert "w1,2 = 0.5 joins a2 to a′1" in widget.inner_text()
    widget.locator(".nn-widget__entry").nth(11).hover()  # the mouse: w_2,3
    assert state(page, "matrix")["focused"] == [2, 3]


def test_matrix_editing_a_updates_the_product(pages):
    page = pages["matrix"]
    s = state(page, "matrix")
    assert np.max(np.abs(np.array(s["z"]) - (W7 @ s["a"] + B7))) <= 1e-6
    first = page.locator(".nn-widget[data-widget=matrix] .nn-widget__number").first
    first.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("1")
    s = state(page, "matrix")
    a = np.array([1.0, 0.5, 1.0, 0.2])
    assert s["a"] == a.tolist()
    assert np.max(np.abs(np.array(s["z"]) - (W7 @ a + B7))) <= 1e-6
    assert np.max(np.abs(np.array(s["aNext"]) - sigmoid(W7 @ a + B7))) <= 1e-6
    page.keyboard.press("ArrowDown")  # a number input steps by 0.1
    assert state(page, "matrix")["a"][0] == pytest.approx(0.9)
    text = page.locator(".nn-widget[data-widget=matrix]").inner_text()
    assert f"{sigmoid(W7 @ [0.9, 0.5, 1.0, 0.2] + B7)[0]:.4f}" in text


# -- chapter 2: the compact draw pad ---------------------------------------------


def test_chapter_2_compact_pad_shows_every_layer(context, site_url):
    from test_browser import STROKES, draw, pad_state

    from nn_tutorial import pretrained
    from nn_tutorial.digits import prepare_digit

    network = pretrained()
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and context.errors.append(m.text))
    page.on("pageerror", lambda e: context.errors.append(f"draw: {e}"))
    page.goto(site_url + "chapters/02-layers/")
    assert page.evaluate("window.nnTutorialDraw.ready.then(() => true)")
    widget = page.locator(".nn-widget[data-widget=draw]")
    assert widget.locator(".nn-draw__neuron").count() == 16 + 16 + 10
    assert not widget.locator(".nn-draw__weights").is_visible()  # compact
    link = widget.get_by_role("link", name="Open the full draw page")
    assert link.evaluate("a => a.href") == site_url + "draw/"

    def layers_match_package():
        state = pad_state(page)
        layers = page.evaluate(
            "window.nnTutorialDraw.widget.state.layers.map(a => Array.from(a))"
        )
        expected = network.activations(prepare_digit(state["alpha"] / 255))
        assert len(layers) == 4
        for got, want in zip(layers, expected):
            assert np.max(np.abs(np.array(got) - want)) <= 1e-5
        assert state["prediction"] == network.predict(
            prepare_digit(state["alpha"] / 255)
        )
        return state

    widget.get_by_role("button", name="Clear").focus()  # keyboard: Tab to an example
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "1":
            break
    page.keyboard.press("Enter")
    assert layers_match_package()["prediction"] == 1
    draw(page, STROKES[7])  # the mouse
    layers_match_package()
    page.close()


# -- chapter 4: edge detector ---------------------------------------------


def edge_state(page):
    """The edge widget's ink (280 x 280), input, sums and detector."""
    state = page.evaluate(
        """() => { const s = window.nnTutorialWidgets.instances.edge.state;
             return {...s, alpha: Array.from(s.alpha), input: Array.from(s.input)}; }"""
    )
    state["alpha"] = np.array(state["alpha"], dtype=np.uint8).reshape(280, 280)
    return state


def edge_matches_package(page):
    from nn_tutorial.export import CHAPTER_4_DETECTORS

    s = edge_state(page)
    x = s["alpha"].reshape(28, 10, 28, 10).mean(axis=(1, 3)).reshape(784) / 255
    assert np.max(np.abs(np.array(s["input"]) - x)) <= 1e-6
    orientation, position = CHAPTER_4_DETECTORS[s["detector"]]
    neuron = edge_detector(orientation, position=position)
    assert abs(s["z"] - neuron.weighted_sum(x)) <= 1e-6
    assert abs(s["a"] - neuron(x)) <= 1e-6
    weights = page.evaluate(
        """i => Array.from(window.nnTutorialWidgets.instances.edge.detectors[i].w)""",
        s["detector"],
    )
    assert np.array_equal(weights, neuron.weights)
    return s


def test_edge_starts_on_a_7_and_its_top_bar_turns_the_detector_on(pages):
    s = edge_matches_package(pages["edge"])
    assert s["detector"] == 0 and s["a"] > 0.5  # chapter 4's horizontal detector


def test_edge_mouse_drawing_and_the_selector(pages):
    page = pages["edge"]
    widget = page.locator(".nn-widget[data-widget=edge]")
    widget.get_by_role("button", name="Clear").click()
    assert edge_matches_package(page)["a"] < 0.01  # blank: z = b
    pad = widget.locator("canvas.nn-widget__pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    scale = box["width"] / 280
    page.mouse.move(box["x"] + 150 * scale, box["y"] + 40 * scale)  # a vertical stroke
    page.mouse.down()
    for y in range(40, 250, 15):
        page.mouse.move(box["x"] + 145 * scale, box["y"] + y * scale)
    page.mouse.up()
    s = edge_matches_package(page)
    assert s["a"] < 0.5  # the horizontal detector stays off for a 1
    widget.get_by_label("Detector").focus()
    page.keyboard.press("ArrowDown")  # keyboard: the vertical detector
    s = edge_matches_package(page)
    assert s["detector"] == 1 and s["a"] > 0.5
    assert "the detector is on" in widget.inner_text()


def test_edge_keyboard_inks_pixels(pages):
    page = pages["edge"]
    widget = page.locator(".nn-widget[data-widget=edge]")
    widget.get_by_role("button", name="Clear").click()
    widget.locator("canvas.nn-widget__pad").focus()
    for _ in range(3):  # from the cursor's start, row 8, column 14
        page.keyboard.press("ArrowLeft")
    for _ in range(7):
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
    s = edge_matches_package(page)
    x = np.array(s["input"]).reshape(28, 28)
    assert x[8, 11:18].tolist() == [1.0] * 7 and x.sum() == 7


# -- chapter 6: downhill --------------------------------------------------------------


def python_step(w, b, rate):
    neuron = Network([1, 1])
    neuron.weights[0][:] = w
    neuron.biases[0][:] = b
    # chapter 6's cost, the mean of (a - y)^2: twice the package's QuadraticCost
    cost = 2 * QuadraticCost.value(neuron.feedforward(X), Y)
    weight_gradients, bias_gradients = neuron.backprop(X, Y)
    gradient = (2 * weight_gradients[0].item(), 2 * bias_gradients[0].item())
    return cost, gradient, (w - rate * gradient[0], b - rate * gradient[1])


def test_downhill_cost_and_gradient_equal_backprop(pages):
    points = np.random.default_rng(0).uniform([-4, -5], [6, 5], (25, 2))
    got = pages["downhill"].evaluate(
        """points => points.map(([w, b]) =>
             window.nnTutorialWidgets.costAndGradient(w, b))""",
        points.tolist(),
    )
    for (w, b), result in zip(points, got):
        cost, gradient, _ = python_step(w, b, 1.0)
        assert abs(result["cost"] - cost) <= 1e-9
        assert np.max(np.abs(np.array(result["gradient"]) - gradient)) <= 1e-9


def test_downhill_click_then_step_follows_gradient_descent(pages):
    page = pages["downhill"]
    canvas = page.locator(".nn-widget[data-widget=downhill] canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.25)
    s = state(page, "downhill")
    w, b = s["path"][0]
    assert w == pytest.approx(-4 + 0.25 * 10, abs=0.05)
    assert b == pytest.approx(5 - 0.25 * 10, abs=0.05)
    page.locator(".nn-widget[data-widget=downhill]").get_by_role(
        "button", name="Step", exact=True
    ).click()
    s = state(page, "downhill")
    _, _, expected = python_step(w, b, s["rate"])
    assert np.max(np.abs(np.array(s["path"][1]) - expected)) <= 1e-9


def test_downhill_keyboard_and_overshoot(pages):
    page = pages["downhill"]
    canvas = page.locator(".nn-widget[data-widget=downhill] canvas")
    canvas.focus()
    start = state(page, "downhill")["path"][0]
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    moved = state(page, "downhill")["path"][0]
    assert moved == pytest.approx([start[0] + 0.25, start[1] - 0.25])
    # From the chapter's start: a small rate only goes down, a large one overshoots.
    page.evaluate("window.nnTutorialWidgets.instances.downhill.setStart([4.5, -3])")
    for _ in range(20):
        page.keyboard.press("Enter")
    costs = state(page, "downhill")["costs"]
    assert len(costs) == 21 and all(np.diff(costs) <= 0)
    rate = slider(page, "downhill", "learning rate η")
    rate.focus()
    for _ in range(105):  # η from 20 to 125, by keyboard
        page.keyboard.press("ArrowRight")
    assert state(page, "downhill")["rate"] == 125
    page.evaluate("window.nnTutorialWidgets.instances.downhill.setStart([4.5, -3])")
    button = page.locator(".nn-widget[data-widget=downhill]").get_by_role(
        "button", name="10 steps"
    )
    button.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    costs = state(page, "downhill")["costs"]
    assert len(costs) == 21 and sum(np.diff(costs) > 0) == 8  # as the snippet says


# -- every widget ---------------------------------------------------------------------


def test_widgets_follow_the_dark_scheme(pages):
    page = pages["downhill"]
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'default')")
    light = page.evaluate(
        """() => Array.from(document.querySelector('.nn-widget canvas').getContext('2d')
             .getImageData(2, 2, 1, 1).data)"""
    )
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    dark = page.evaluate(
        """() => Array.from(document.querySelector('.nn-widget canvas').getContext('2d')
             .getImageData(2, 2, 1, 1).data)"""
    )
    assert light != dark  # the map is redrawn in the dark scheme's colours
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'default')")
    for name in ("neuron", "squish", "matrix"):
        page = pages[name]
        colours = []
        for scheme in ("default", "slate"):
            page.evaluate(
                f"document.body.setAttribute('data-md-color-scheme', '{scheme}')"
            )
            colours.append(
                page.evaluate("""() => getComputedStyle(document.querySelector(
                         '.nn-widget .nn-widget__label')).fill""")
            )
        page.evaluate("document.body.setAttribute('data-md-color-scheme', 'default')")
        assert colours[0] != colours[1], name


def test_without_javascript_each_widget_is_a_text(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for name, path in PAGES.items():
        page.goto(site_url + path)
        fallback = page.locator(f".nn-widget[data-widget={name}] .nn-widget__fallback")
        assert fallback.is_visible(), name
        assert "snippet below" in fallback.text_content()
    context.close()
