"""Figures of the home page and chapters 2 and 5: the network as columns of
neurons, a digit's activations through it, and how many parameters each layer has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ..parameters import count_parameters, layer_parameters
from ._layout import INCHES_PER_UNIT, draw_network, fan, layer_names, network_layout
from ._style import as_image, show_digit, theme, use_style

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..network import Network

__all__ = [
    "plot_digit_through_network",
    "plot_digits",
    "plot_network",
    "plot_parameter_counts",
]


def plot_network(
    sizes: list[int],
    activations: list[npt.ArrayLike] | None = None,
    max_shown: int = 16,
) -> Figure:
    """Layers of neurons as columns of circles, every neuron joined to every neuron of
    the next layer.

    Layers larger than ``max_shown`` (such as the 784 inputs) are drawn as their
    first and last few neurons with a gap; the label under each layer gives its real
    size. The output neurons are numbered from 0.

    Args:
        sizes: The number of neurons in each layer, input layer first.
        activations: One array per layer, as ``Network.activations(x)`` returns;
            each neuron is filled with its activation as ink (clipped to [0, 1]).
            None draws the neurons empty.
        max_shown: The most neurons drawn of one layer.

    Returns:
        The figure, one axis.

    Examples:
        >>> from nn_tutorial.plots import plot_network
        >>> figure = plot_network([784, 16, 16, 10])
        >>> [t.get_text() for t in figure.axes[0].texts][:2]
        ['input layer\\n784 neurons', 'hidden layer 1\\n16 neurons']
    """
    use_style()
    import matplotlib.pyplot as plt

    sizes = [int(size) for size in sizes]
    filled = None
    if activations is not None:
        filled = [np.asarray(layer, dtype=float) for layer in activations]
    layout = network_layout(sizes, max_shown)
    left, right = layout.xs[0] - 1.0, layout.xs[-1] + 1.2
    figure, axis = plt.subplots(
        figsize=(
            INCHES_PER_UNIT * (right - left),
            INCHES_PER_UNIT * (layout.top - layout.bottom),
        )
    )
    draw_network(axis, layout, layer_names(len(sizes)), filled)
    if None not in layout.shown[-1]:
        for index, x, y in layout.neurons(len(sizes) - 1):
            axis.text(x + 0.6, y, str(index), va="center")
    axis.set_xlim(left, right)
    axis.set_ylim(layout.bottom, layout.top)
    axis.set_aspect("equal")
    axis.axis("off")
    return figure


def plot_digit_through_network(network: Network, image: npt.ArrayLike) -> Figure:
    """A digit (left, the input layer's 28x28 pixels) and the activations it gives
    every later layer of ``network``.

    Neurons are ink, darker for larger activations; a layer whose activations go
    above 1 (a ReLU layer) is shaded relative to its own largest activation. Each
    output neuron is labelled with its digit and activation, and the brightest one,
    the network's answer, is ringed.

    Args:
        network: A network with 784 inputs.
        image: The digit: 28x28 brightnesses in [0, 1], or its 784 values in a row.

    Returns:
        The figure, one axis.

    Examples:
        >>> from nn_tutorial import Network
        >>> from nn_tutorial.plots import example_digit, plot_digit_through_network
        >>> network = Network([784, 16, 16, 10], seed=0)
        >>> figure = plot_digit_through_network(network, example_digit())
        >>> [t.get_text() for t in figure.axes[0].texts if "\\n" in t.get_text()][-1]
        'input layer\\n784 pixels'
    """
    from matplotlib.patches import Circle, Rectangle

    use_style()
    import matplotlib.pyplot as plt

    colours = theme()
    digit = as_image(image)
    sizes = network.sizes
    layers = network.activations(digit.reshape(784))
    shading = [
        np.asarray(a / a.max() if a.max() > 1 else a, dtype=float) for a in layers
    ]
    # The layers after the input, placed once; the image and the output values are
    # drawn beside them from the same positions.
    layout = network_layout(sizes[1:])
    side, gap = 11.0, 5.0
    image_right = layout.xs[0] - gap
    image_left = image_right - side
    left, right = image_left - 0.5, layout.xs[-1] + 1.2 + 2.0
    figure, axis = plt.subplots(
        figsize=(
            INCHES_PER_UNIT * (right - left),
            INCHES_PER_UNIT * (layout.top - layout.bottom),
        )
    )
    draw_network(axis, layout, layer_names(len(sizes) - 1, first=1), shading[1:])
    axis.imshow(
        digit,
        cmap=colours.ink_map(),
        vmin=0,
        vmax=1,
        interpolation="nearest",
        extent=(image_left, image_right, -side / 2, side / 2),
        zorder=2,
    )
    axis.add_patch(
        Rectangle(
            (image_left, -side / 2),
            side,
            side,
            fill=False,
            edgecolor=colours.grey(0.25),
            zorder=3,
        )
    )
    starts = [
        (image_right, float(y)) for y in np.linspace(-side / 2 + 0.5, side / 2 - 0.5, 7)
    ]
    xs, ys = fan(starts, [(x, y) for _, x, y in layout.neurons(0)])
    axis.plot(xs, ys, color=colours.grey(0.55), linewidth=0.25, alpha=0.6, zorder=1)
    axis.text(
        (image_left + image_right) / 2,
        layout.label_y,
        "input layer\n784 pixels",
        ha="center",
        va="top",
    )
    output = layers[-1]
    answer = int(np.argmax(output))
    for digit_shown, x, y in layout.neurons(len(layout.sizes) - 1):
        chosen = digit_shown == answer
        axis.text(x + 0.6, y, str(digit_shown), va="center")
        axis.text(
            x + 1.7,
            y,
            f"{output[digit_shown]:.2f}",
            va="center",
            fontsize=8.5,
            color=colours.positive if chosen else colours.grey(0.35),
            fontweight="bold" if chosen else "normal",
        )
        if chosen:
            axis.add_patch(
                Circle(
                    (x, y),
                    layout.radius + 0.12,
                    fill=False,
                    edgecolor=colours.positive,
                    linewidth=1.8,
                    zorder=3,
                )
            )
    axis.set_xlim(left, right)
    axis.set_ylim(layout.bottom, layout.top)
    axis.set_aspect("equal")
    axis.axis("off")
    return figure


def plot_parameter_counts(sizes: list[int]) -> Figure:
    """How many weights and biases lead into each layer, as horizontal bars.

    Each bar is labelled with its arithmetic (``784 × 16 = 12,544 weights + 16
    biases``) and the title gives the total.

    Args:
        sizes: The number of neurons in each layer, input layer first.

    Returns:
        The figure, one axis.

    Raises:
        ValueError: If ``sizes`` is not two or more positive whole numbers.

    Examples:
        >>> from nn_tutorial.plots import plot_parameter_counts
        >>> plot_parameter_counts([784, 16, 16, 10]).axes[0].get_title()
        '13,002 weights and biases in all (layer sizes 784-16-16-10)'
    """
    use_style()
    import matplotlib.pyplot as plt

    colours = theme()
    rows = layer_parameters(sizes)
    inputs = [rows[0].weights // rows[0].neurons] + [row.neurons for row in rows[:-1]]
    figure, axis = plt.subplots(figsize=(8, 0.75 * len(rows) + 1.4))
    ys = np.arange(len(rows))[::-1]
    largest = max(row.weights + row.biases for row in rows)
    for y, row, m in zip(ys, rows, inputs, strict=True):
        axis.barh(y, row.weights, color=colours.positive, height=0.6)
        axis.barh(y, row.biases, left=row.weights, color=colours.grey(0.55), height=0.6)
        axis.text(
            row.weights + row.biases + 0.015 * largest,
            y,
            f"{m:,} × {row.neurons:,} = {row.weights:,} weights "
            f"+ {row.biases:,} biases",
            va="center",
        )
    axis.set_yticks(ys, [row.layer for row in rows])
    axis.set_xlim(0, largest * 1.9)
    axis.set_xlabel("weights (blue) and biases (grey) leading into the layer")
    axis.set_title(
        f"{count_parameters(sizes):,} weights and biases in all "
        f"(layer sizes {'-'.join(str(n) for n in sizes)})"
    )
    axis.spines["left"].set_visible(False)
    axis.tick_params(axis="y", length=0)
    figure.tight_layout()
    return figure


def plot_digits(images: npt.ArrayLike, titles: list[str]) -> Figure:
    """Digits side by side, each with a title above it (and nothing that gives away
    what a network answers: for the exercises that ask the reader to predict).

    Args:
        images: The digits, one row of 784 brightnesses (or 28x28) each.
        titles: One title per digit, e.g. ``"test digit 92"``.

    Returns:
        The figure, one axis per digit.

    Raises:
        ValueError: If there is not one title per digit.

    Examples:
        >>> from nn_tutorial.plots import example_digit, plot_digits
        >>> figure = plot_digits([example_digit()], ["a digit"])
        >>> [axis.get_title() for axis in figure.axes]
        ['a digit']
    """
    pictures = np.asarray(images, dtype=float).reshape(-1, 784)
    if len(pictures) != len(titles):
        raise ValueError(
            f"plot_digits needs one title per digit: {len(pictures)} digits, "
            f"{len(titles)} titles"
        )
    use_style()
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(
        1, len(pictures), figsize=(1.9 * len(pictures), 2.2), squeeze=False
    )
    for axis, pixels, title in zip(axes[0], pictures, titles, strict=True):
        show_digit(axis, pixels)
        axis.set_title(title)
    figure.tight_layout()
    return figure
