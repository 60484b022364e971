"""Figures of chapters 1 and 8: a digit as the input layer, one neuron, and the
activation functions.

A neuron's fill is its activation as ink on paper (0 is the paper, 1 full ink);
weights are coloured by sign, thicker when larger.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ._style import Floats, theme, use_style

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "example_digit",
    "plot_activation_functions",
    "plot_image_as_input_layer",
    "plot_neuron",
]


def example_digit() -> Floats:
    """A hand-drawn "7" as a 28x28 array of brightnesses in [0, 1] (1 = ink).

    Drawn with numpy from two strokes, so figures can show a digit without
    downloading MNIST. Same call, same array.

    Returns:
        The digit, shape (28, 28), values in [0, 1] with two decimals.

    Examples:
        >>> from nn_tutorial.plots import example_digit
        >>> digit = example_digit()
        >>> digit.shape, float(digit.max())
        ((28, 28), 1.0)
    """
    rows, columns = np.mgrid[0:28, 0:28].astype(float)
    strokes = [((6.0, 7.0), (6.5, 20.5)), ((6.5, 20.5), (23.0, 11.0))]
    distance = np.full((28, 28), np.inf)
    for (r0, c0), (r1, c1) in strokes:
        dr, dc = r1 - r0, c1 - c0
        t = ((rows - r0) * dr + (columns - c0) * dc) / (dr * dr + dc * dc)
        t = np.clip(t, 0.0, 1.0)
        along = np.hypot(rows - (r0 + t * dr), columns - (c0 + t * dc))
        distance = np.minimum(distance, along)
    return np.asarray(np.clip(2.0 - distance, 0.0, 1.0).round(2), dtype=float)


def plot_activation_functions(z_range: tuple[float, float] = (-6.0, 6.0)) -> Figure:
    """Sigmoid and ReLU (top) and their slopes (bottom), side by side.

    Args:
        z_range: The smallest and largest weighted sum z drawn.

    Returns:
        The figure: four axes, sigmoid and ReLU in the top row, slopes below.

    Examples:
        >>> from nn_tutorial.plots import plot_activation_functions
        >>> [axis.get_title() for axis in plot_activation_functions().axes[:2]]
        ['sigmoid', 'ReLU']
    """
    from ..activations import get_activation

    use_style()
    import matplotlib.pyplot as plt

    colours = theme()
    z = np.linspace(*z_range, 601)
    figure, axes = plt.subplots(2, 2, figsize=(8, 5), sharex=True)
    rows = [
        ("sigmoid", "sigmoid", r"$\sigma(z)$", r"$\sigma'(z)$"),
        ("ReLU", "relu", r"$\mathrm{ReLU}(z)$", r"$\mathrm{ReLU}'(z)$"),
    ]
    for column, (name, key, label, slope_label) in enumerate(rows):
        function, slope = get_activation(key)  # the function and its derivative
        top, bottom = axes[0, column], axes[1, column]
        top.plot(z, function(z), color=colours.positive, linewidth=2)
        top.set_title(name)
        top.set_ylabel(label)
        bottom.plot(z, slope(z), color=colours.negative, linewidth=2)
        bottom.set_ylabel(slope_label)
        bottom.set_xlabel("weighted sum $z$")
        for axis in (top, bottom):
            axis.axhline(0, color=colours.grey(0.7), linewidth=0.8)
            axis.axvline(0, color=colours.grey(0.7), linewidth=0.8)
    figure.tight_layout()
    return figure


def plot_neuron(
    weights: npt.ArrayLike,
    inputs: npt.ArrayLike,
    bias: float,
    activation: str = "sigmoid",
) -> Figure:
    """One neuron: its inputs, the weights on the edges, the bias and its activation.

    Edge colour shows the sign of a weight, its thickness the size. Each weight's
    label sits just above its edge, clear of every edge.

    Args:
        weights: One weight per input.
        inputs: The input activations, one per weight, in [0, 1].
        bias: The neuron's bias.
        activation: ``"sigmoid"`` or ``"relu"``.

    Returns:
        The figure, one axis.

    Raises:
        ValueError: If the weights, bias or activation are not a valid ``Neuron``.

    Examples:
        >>> from nn_tutorial.plots import plot_neuron
        >>> figure = plot_neuron([-1.0, 2.0], [0.2, 0.9], bias=-0.5)
        >>> sorted(t.get_text() for t in figure.axes[0].texts if t.get_text()[0] == "w")
        ['w = -1', 'w = 2']
    """
    from matplotlib.patches import Circle

    from ..neuron import Neuron

    use_style()
    import matplotlib.pyplot as plt

    colours = theme()
    neuron = Neuron(weights, bias, activation=activation)
    x = np.asarray(inputs, dtype=float)
    n = len(neuron.weights)
    figure, axis = plt.subplots(figsize=(6.6, 0.7 * n + 1.2))
    ys = np.linspace(n - 1, 0, n) - (n - 1) / 2
    axis.set_xlim(-1.2, 8.3)
    axis.set_ylim(ys.min() - 1, ys.max() + 0.9)
    axis.set_aspect("equal")
    axis.axis("off")
    axis.apply_aspect()  # so that labels can be measured in data units below
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    to_data = axis.transData.inverted()
    largest = max(float(np.max(np.abs(neuron.weights))), 1e-9)
    # Each weight is written on its edge's way out of the input, and the edge starts
    # after the widest label: edges converge on the neuron, labels stay clear.
    labels = []
    for y, value, w in zip(ys, x, neuron.weights, strict=False):
        colour = colours.positive if w >= 0 else colours.negative
        axis.add_patch(
            Circle(
                (0, y),
                0.3,
                facecolor=colours.ink(value),
                edgecolor=colours.grey(0.3),
                zorder=3,
            )
        )
        axis.text(-0.5, y, f"{value:g}", ha="right", va="center")
        labels.append(
            axis.text(0.5, y, f"w = {w:g}", color=colour, ha="left", va="center")
        )
    start = max(
        label.get_window_extent(renderer).transformed(to_data).x1 for label in labels
    )
    start += 0.15
    centre = (start + 2.4, 0.0)
    for y, w in zip(ys, neuron.weights, strict=False):
        colour = colours.positive if w >= 0 else colours.negative
        width = 0.8 + 3 * abs(w) / largest
        axis.plot([start, centre[0]], [y, centre[1]], color=colour, linewidth=width)
    output = neuron(x)
    axis.add_patch(
        Circle(
            centre,
            0.45,
            facecolor=colours.ink(output),
            edgecolor=colours.grey(0.3),
            zorder=3,
        )
    )
    right = centre[0] + 0.6
    axis.text(right, 0.15, f"z = w·x + b = {neuron.weighted_sum(x):.2f}", va="center")
    axis.text(right, -0.35, f"a = {activation}(z) = {output:.2f}", va="center")
    axis.text(centre[0], -0.75, f"b = {bias:g}", ha="center", va="top")
    return figure


def plot_image_as_input_layer(
    image: npt.ArrayLike, pixels: list[tuple[int, int]] | None = None
) -> Figure:
    """A 28x28 image (left) and the input neurons its pixels become (right).

    Pixel (row r, column c) is input neuron 28·r + c (neurons are numbered from 0),
    with the pixel's brightness as its activation.

    Args:
        image: 28x28 brightnesses in [0, 1].
        pixels: The (row, column) pairs to connect to their neurons; by default the
            first pixel, the brightest one and the last pixel.

    Returns:
        The figure: the image's axis and the input layer's axis.

    Examples:
        >>> from nn_tutorial.plots import example_digit, plot_image_as_input_layer
        >>> figure = plot_image_as_input_layer(example_digit(), pixels=[(0, 0)])
        >>> [t.get_text() for t in figure.axes[1].texts]
        ['neuron 0: 0.00']
    """
    from matplotlib.patches import Circle, ConnectionPatch, Rectangle

    use_style()
    import matplotlib.pyplot as plt

    colours = theme()
    grid = np.asarray(image, dtype=float)
    if pixels is None:
        brightest = np.unravel_index(int(np.argmax(grid)), grid.shape)
        pixels = [(0, 0), (int(brightest[0]), int(brightest[1])), (27, 27)]
    chosen = sorted(
        {(int(r), int(c)) for r, c in pixels}, key=lambda p: 28 * p[0] + p[1]
    )
    figure, (left, right) = plt.subplots(
        1, 2, figsize=(7.5, 4.2), gridspec_kw={"width_ratios": [1.0, 0.8]}
    )
    left.imshow(grid, cmap=colours.ink_map(), vmin=0, vmax=1, interpolation="nearest")
    for k in range(29):
        left.axhline(k - 0.5, color=colours.grey(0.85), linewidth=0.3)
        left.axvline(k - 0.5, color=colours.grey(0.85), linewidth=0.3)
    left.set_xticks([0, 27])
    left.set_yticks([0, 27])
    left.set_xlabel("column")
    left.set_ylabel("row")
    left.set_title("28 × 28 pixels")
    # One slot per chosen pixel's neuron, and a gap (None) wherever neurons are
    # left out between them.
    slots: list[tuple[int, int] | None] = []
    previous = -1
    for row, column in chosen:
        if 28 * row + column > previous + 1:
            slots.append(None)
        slots.append((row, column))
        previous = 28 * row + column
    if previous < 783:
        slots.append(None)
    ys = (len(slots) - 1) / 2 - np.arange(len(slots), dtype=float)
    for slot, y in zip(slots, ys, strict=True):
        if slot is None:
            for dy in (-0.22, 0.0, 0.22):
                right.add_patch(Circle((0, y + dy), 0.05, color=colours.grey(0.3)))
            continue
        r, c = slot
        value = float(grid[r, c])
        right.add_patch(
            Circle(
                (0, y), 0.34, facecolor=colours.ink(value), edgecolor=colours.grey(0.25)
            )
        )
        right.text(0.6, y, f"neuron {28 * r + c}: {value:.2f}", va="center")
        left.add_patch(
            Rectangle(
                (c - 0.5, r - 0.5),
                1,
                1,
                fill=False,
                edgecolor=colours.positive,
                linewidth=1.8,
            )
        )
        figure.add_artist(
            ConnectionPatch(
                xyA=(c + 0.5, r),
                coordsA=left.transData,
                xyB=(-0.36, y),
                coordsB=right.transData,
                color=colours.positive,
                linewidth=0.9,
            )
        )
    right.set_xlim(-0.5, 3.2)
    right.set_ylim(ys.min() - 0.8, ys.max() + 0.8)
    right.set_aspect("equal")
    right.axis("off")
    right.set_title("input layer: 784 neurons")
    figure.tight_layout()
    return figure
