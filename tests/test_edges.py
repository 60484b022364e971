"""Hand-built edge detectors: their weights, what they respond to, and clear errors."""

from __future__ import annotations

import numpy as np
import pytest

from nn_tutorial import Neuron
from nn_tutorial.edges import ORIENTATIONS, edge_detector, edge_map


def bar(orientation: str) -> np.ndarray:
    """A 28x28 image with one stroke, three pixels thick, through the middle."""
    image = np.zeros((28, 28))
    if orientation == "horizontal":
        image[13:16, 6:22] = 1.0
    else:
        image[6:22, 13:16] = 1.0
    return image.reshape(784)


@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_a_detector_is_a_neuron_with_one_weight_per_pixel(orientation):
    neuron = edge_detector(orientation, position=(14, 14))
    assert isinstance(neuron, Neuron)
    assert neuron.weights.shape == (784,)
    # +1 on a 7 x 3 strip, -1 on a 7 x 3 strip on each side of it, 0 elsewhere.
    assert np.sum(neuron.weights == 1.0) == 21
    assert np.sum(neuron.weights == -1.0) == 42
    assert np.sum(neuron.weights == 0.0) == 784 - 63
    assert neuron.bias == -10.5
    assert neuron.weights[28 * 14 + 14] == 1.0  # the strip is centred on position


def test_horizontal_detector_prefers_a_horizontal_bar():
    neuron = edge_detector("horizontal", position=(14, 14))
    horizontal, vertical = neuron(bar("horizontal")), neuron(bar("vertical"))
    assert horizontal > 0.99
    assert vertical < 0.01
    assert neuron.weighted_sum(bar("horizontal")) > neuron.weighted_sum(bar("vertical"))


def test_vertical_detector_prefers_a_vertical_bar():
    neuron = edge_detector("vertical", position=(14, 14))
    assert neuron(bar("vertical")) > 0.99 > 0.01 > neuron(bar("horizontal"))


def test_uniform_ink_is_rejected():
    """Ink on the strip *and* beside it is a blob, not a stroke: the sum goes down."""
    neuron = edge_detector("rising", position=(14, 14))
    assert neuron.weighted_sum(np.ones(784)) < neuron.weighted_sum(np.zeros(784))


def test_the_strip_lies_where_the_position_says():
    weights = edge_detector("vertical", position=(3, 20), length=4, width=2).weights
    strip = np.argwhere(weights.reshape(28, 28) == 1.0)
    assert sorted(map(tuple, strip.tolist())) == [
        (r, c) for r in range(2, 6) for c in (20, 21)
    ]


def test_the_bias_is_the_threshold():
    neuron = edge_detector("horizontal", bias=-25.0)
    assert neuron.bias == -25.0
    assert neuron(bar("horizontal")) < 0.5  # a sum of 21 does not pass 25


def test_near_the_border_the_part_off_the_image_is_left_out():
    neuron = edge_detector("horizontal", position=(0, 0), length=6, width=2)
    grid = neuron.weights.reshape(28, 28)
    assert np.sum(grid == 1.0) == 2 * 4  # columns 0..3 of the 6 steps -2..3
    assert neuron.bias == -6.0  # the threshold of the whole 6 x 2 strip


def test_edge_map_finds_the_bar():
    where = edge_map(bar("horizontal").reshape(28, 28), "horizontal")
    assert where.shape == (28, 28)
    row, column = np.unravel_index(np.argmax(where), where.shape)
    assert row == 14
    assert 6 <= column < 22
    assert edge_map(bar("horizontal"), "vertical").max() < 0.5


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        (
            {"orientation": "diagonal"},
            ValueError,
            "unknown orientation 'diagonal': choose one of 'horizontal', 'vertical', "
            "'rising', 'falling'",
        ),
        (
            {"position": (28, 3)},
            ValueError,
            r"position \(28, 3\) is off the 28x28 grid: row and column must each be "
            r"between 0 and 27",
        ),
        ({"orientation": ["horizontal"]}, TypeError, "orientation must be one of"),
        ({"position": (-1, 3)}, ValueError, "off the 28x28 grid"),
        ({"position": 14}, TypeError, r"must be a \(row, column\) pair, got 14"),
        ({"position": (14, 2.5)}, TypeError, "position must be a whole number"),
        ({"length": 0}, ValueError, "length must be at least 1 pixel, got 0"),
        ({"width": 1.5}, TypeError, "width must be a whole number, got 1.5"),
        ({"bias": float("nan")}, ValueError, "NaN"),
    ],
)
def test_bad_input_gets_a_clear_error(arguments, error, message):
    with pytest.raises(error, match=message):
        edge_detector(**arguments)


def test_edge_map_needs_one_image():
    with pytest.raises(ValueError, match=r"one 28x28 image .* got shape \(2, 784\)"):
        edge_map(np.zeros((2, 784)))
    with pytest.raises(ValueError, match="NaN"):
        edge_map(np.full(784, np.nan))


# -- the figures of chapters 2-4 (nn_tutorial.plots), on synthetic digits -------------


def figures():
    from nn_tutorial import Network, plots

    network = Network([784, 16, 16, 10], activation="relu", seed=0)
    images = np.stack(
        [bar("horizontal"), bar("vertical"), plots.example_digit().ravel()]
    )
    labels = np.array([7, 1, 7])
    return {
        "digit_through_network": lambda: plots.plot_digit_through_network(
            network, images[2]
        ),
        "hoped_layers": lambda: plots.plot_hoped_layers(images[:2], [14, 14], [7, 1]),
        "hidden_neurons": lambda: plots.plot_hidden_neurons(network, images, count=2),
        "edge_detector": lambda: plots.plot_edge_detector(
            edge_detector(), images, labels, count=3, columns=3
        ),
        "edge_maps": lambda: plots.plot_edge_maps(images),
    }


@pytest.mark.parametrize("name", list(figures()))
def test_each_figure_is_drawn_the_same_twice(name):
    from nn_tutorial.plots import figure_html

    draw = figures()[name]
    first = figure_html(draw(), alt=name, format="png")
    assert first == figure_html(draw(), alt=name, format="png")
    assert first.startswith('<figure class="nn-figure"><img src="data:image/png')
