"""Every figure function draws a Figure, the same input gives the same bytes, and
figures need alt text; importing the package does not import matplotlib."""

from __future__ import annotations

import subprocess
import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from nn_tutorial import Network, plots
from nn_tutorial.plots._layout import shown_neurons

NETWORK = Network([784, 16, 16, 10], seed=0)
DIGIT = plots.example_digit()
SMALL_W = np.array([[0.5, -1.0, 2.0], [-0.3, 0.2, 0.0]])

FIGURES = {
    "activation_functions": lambda: plots.plot_activation_functions(),
    "neuron": lambda: plots.plot_neuron([-1.0, 2.0], [0.2, 0.9], bias=-0.5),
    "network": lambda: plots.plot_network([784, 16, 16, 10]),
    "network_small": lambda: plots.plot_network([3, 4, 2]),
    "network_activations": lambda: plots.plot_network(
        [784, 16, 16, 10], activations=NETWORK.activations(DIGIT.reshape(784))
    ),
    "image_as_input_layer": lambda: plots.plot_image_as_input_layer(DIGIT),
    "image_chosen_pixels": lambda: plots.plot_image_as_input_layer(
        DIGIT, pixels=[(6, 10), (0, 1), (27, 27)]
    ),
    "matrix_vector_small": lambda: plots.plot_matrix_vector_product(
        SMALL_W, [0.1, 0.5, 1.0], [0.0, -1.0]
    ),
    "matrix_vector_relu": lambda: plots.plot_matrix_vector_product(
        SMALL_W, [0.1, 0.5, 1.0], [0.0, -1.0], activation="relu"
    ),
    "matrix_vector_first_layer": lambda: plots.plot_matrix_vector_product(
        NETWORK.weights[0], DIGIT.reshape(784), NETWORK.biases[0]
    ),
    "parameter_counts": lambda: plots.plot_parameter_counts([784, 16, 16, 10]),
}


@pytest.mark.parametrize("name", FIGURES)
def test_each_function_returns_a_figure(name):
    figure = FIGURES[name]()
    try:
        assert isinstance(figure, Figure)
    finally:
        plt.close(figure)


@pytest.mark.parametrize("name", FIGURES)
def test_the_same_input_gives_byte_identical_html(name):
    first = plots.figure_html(FIGURES[name](), alt=f"{name} figure", caption="c")
    second = plots.figure_html(FIGURES[name](), alt=f"{name} figure", caption="c")
    assert first == second
    assert first.startswith('<figure class="nn-figure"><img src="data:image/svg+xml')
    assert f'alt="{name} figure"' in first


def test_png_output_is_byte_identical_too():
    first = plots.figure_html(plots.plot_network([3, 4, 2]), alt="a", format="png")
    second = plots.figure_html(plots.plot_network([3, 4, 2]), alt="a", format="png")
    assert first == second
    assert 'src="data:image/png;base64,' in first


@pytest.mark.parametrize("alt", ["", "   "])
def test_alt_text_is_required(alt):
    figure = plots.plot_network([3, 4, 2])
    with pytest.raises(ValueError, match="alt text"):
        plots.figure_html(figure, alt=alt)
    plt.close(figure)


def test_alt_text_and_caption_are_escaped():
    html = plots.figure_html(
        plots.plot_network([2, 1]), alt='"quotes" & <tags>', caption="a < b"
    )
    assert 'alt="&quot;quotes&quot; &amp; &lt;tags&gt;"' in html
    assert "<figcaption>a &lt; b</figcaption>" in html


def test_every_public_function_is_exported():
    for name in plots.__all__:
        assert callable(getattr(plots, name)), name
    for name in ("plot_network", "plot_parameter_counts", "example_digit"):
        assert name in plots.__all__


def test_the_example_digit_is_a_28x28_brightness_image():
    digit = plots.example_digit()
    assert digit.shape == (28, 28)
    assert 0.0 <= digit.min() and digit.max() == 1.0
    assert np.array_equal(digit, plots.example_digit())


def test_shown_neurons_keep_the_first_and_last_with_a_gap():
    assert shown_neurons(5, 16) == [0, 1, 2, 3, 4]
    shown = shown_neurons(784, 16)
    assert shown[:8] == list(range(8)) and shown[8] is None
    assert shown[9:] == list(range(776, 784))


def test_importing_the_package_does_not_import_matplotlib():
    code = (
        "import sys, nn_tutorial, nn_tutorial.plots, nn_tutorial.loops\n"
        "nn_tutorial.plots.example_digit()\n"
        "print('matplotlib' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# -- shared layout ------------------------------------------------------------------


def test_a_digit_through_the_network_is_drawn_from_the_layout_of_its_layers():
    from nn_tutorial.plots._layout import network_layout

    figure = plots.plot_digit_through_network(NETWORK, DIGIT)
    axis = figure.axes[0]
    layout = network_layout(NETWORK.sizes[1:])
    texts = [text.get_text() for text in axis.texts]
    assert [text for text in texts if "\n" in text] == [
        "hidden layer 1\n16 neurons",
        "hidden layer 2\n16 neurons",
        "output layer\n10 neurons",
        "input layer\n784 pixels",
    ]
    # each output neuron is numbered from 0 beside its circle, at the layout's y
    numbers = {
        text.get_text(): text.get_position()
        for text in axis.texts
        if text.get_text().isdigit()
    }
    for index, x, y in layout.neurons(len(layout.sizes) - 1):
        assert numbers[str(index)] == (x + 0.6, y)
    # the ring around the answer is centred on the answer's neuron
    answer = int(np.argmax(NETWORK.feedforward(DIGIT.reshape(784))))
    ring = [patch for patch in axis.patches if not patch.get_fill()][-1]
    _, x, y = layout.neurons(len(layout.sizes) - 1)[answer]
    assert ring.center == (x, y)
    plt.close(figure)


# -- chapter 1's neuron: weight labels clear of the edges ---------------------------


@pytest.mark.parametrize(
    ("weights", "inputs"),
    [
        ([-1.0, 2.0, 2.0, -1.0], [0.0, 0.8, 1.0, 0.2]),
        ([-1.0, 2.0], [0.2, 0.9]),
        ([0.5, -3.0, 1.0, 1.0, -0.25, 2.0], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]),
    ],
)
def test_no_edge_of_the_neuron_figure_crosses_a_weight_label(weights, inputs):
    from matplotlib.path import Path

    figure = plots.plot_neuron(weights, inputs, bias=-2.5)
    figure.canvas.draw()
    axis = figure.axes[0]
    labels = [text for text in axis.texts if text.get_text().startswith("w = ")]
    assert len(labels) == len(weights)
    for label in labels:
        box = label.get_window_extent()
        for line in axis.lines:
            # the line's own half width, in pixels, widens the box it must miss
            pad = line.get_linewidth() * figure.dpi / 72 / 2
            points = line.get_transform().transform(line.get_xydata())
            assert not Path(points).intersects_bbox(box.padded(pad), filled=False), (
                f"an edge crosses the label {label.get_text()!r}"
            )
    plt.close(figure)


# -- the dark theme -----------------------------------------------------------------


def _decoded(html: str) -> list[bytes]:
    """The images of a figure_html, decoded."""
    import base64
    import re

    return [
        base64.b64decode(data)
        for data in re.findall(r'src="data:image/[a-z+]+;base64,([^"]+)"', html)
    ]


def test_a_figure_function_is_drawn_for_the_light_and_the_dark_page():
    html = plots.figure_html(lambda: plots.plot_network([3, 4, 2]), alt="net")
    assert html.count("<img") == 2
    assert '<img class="nn-figure__light"' in html
    assert '<img class="nn-figure__dark"' in html
    assert html.count('alt="net"') == 2
    light, dark = _decoded(html)
    assert b"fill: #ffffff" in light and b"fill: #1e2129" not in light
    assert b"fill: #1e2129" in dark and b"fill: #ffffff" not in dark
    assert html == plots.figure_html(lambda: plots.plot_network([3, 4, 2]), alt="net")
    assert plots.theme() is plots.LIGHT  # the theme is back to light afterwards


@pytest.mark.parametrize("name", FIGURES)
def test_every_figure_in_the_dark_theme_is_dark(name):
    """Drawn in DARK, a figure's corner is the dark page's colour and next to
    nothing of it is white paper (text and full ink are the light foreground)."""
    import io

    from matplotlib.image import imread

    with plots.themed(plots.DARK):
        figure = FIGURES[name]()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=figure.get_facecolor())
    plt.close(figure)
    buffer.seek(0)
    pixels = imread(buffer)[..., :3]
    background = np.array([0x1E, 0x21, 0x29]) / 255
    assert np.allclose(pixels[0, 0], background, atol=1 / 255)
    white = np.all(pixels > 0.96, axis=-1).mean()
    assert white < 0.001, f"{white:.2%} of the dark figure is white"
    lightness = pixels.mean()
    assert lightness < 0.35, f"the dark figure's mean lightness is {lightness:.2f}"
