"""Every figure function draws a Figure, the same input gives the same bytes, and
figures need alt text; importing the package does not import matplotlib."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from matplotlib.figure import Figure

from nn_tutorial import Network, plots

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
        plots._pyplot().close(figure)


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
    plots._pyplot().close(figure)


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


def test_plot_network_checks_the_activations_match_the_sizes():
    with pytest.raises(ValueError, match="one array per layer"):
        plots.plot_network([3, 2], activations=[np.zeros(3)])
    with pytest.raises(ValueError, match="at least two layers"):
        plots.plot_network([784])


def test_shown_neurons_keep_the_first_and_last_with_a_gap():
    assert plots._shown_neurons(5, 16) == [0, 1, 2, 3, 4]
    shown = plots._shown_neurons(784, 16)
    assert shown[:8] == list(range(8)) and shown[8] is None
    assert shown[9:] == list(range(776, 784))


def test_other_figure_inputs_are_checked():
    with pytest.raises(ValueError, match="28x28"):
        plots.plot_image_as_input_layer(np.zeros(784))
    with pytest.raises(ValueError, match="needs a of shape"):
        plots.plot_matrix_vector_product(SMALL_W, [1.0, 2.0], [0.0, 0.0])


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
