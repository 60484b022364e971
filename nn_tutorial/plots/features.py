"""Figures of chapters 3 and 4: what we hope the layers find, what the hidden
neurons of a trained network respond to, and hand-built edge detectors.

Images of weights use one colour map centred on zero: negative weights red, 0 the
paper, positive ones blue, on a symmetric scale so that the paper always means 0.
Digits are ink on paper, as in ``plot_image_as_input_layer``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ._style import Floats, as_image, frame, show_digit, show_weights, theme, use_style

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..network import Network
    from ..neuron import Neuron

__all__ = [
    "plot_edge_detector",
    "plot_edge_maps",
    "plot_hidden_neurons",
    "plot_hoped_layers",
]

#: One colour per edge orientation, for figures that tell orientations apart (not
#: the positive or negative colours, which mean a sign). Mid-tones: they read on
#: white paper and on the dark page alike.
ORIENTATION_COLOURS = {
    "horizontal": "#d98200",
    "vertical": "#2a9d5c",
    "rising": "#7b4fb3",
    "falling": "#b5467f",
}


def _show_activity(axis: Axes, image: Floats, where: Floats) -> None:
    """``where`` (28x28 values in [0, 1]) as positive ink over a faint ``image``."""
    from matplotlib.colors import to_rgb

    colours = theme()
    axis.imshow(image, cmap=colours.ink_map(), vmin=0, vmax=5, interpolation="nearest")
    overlay = np.zeros((28, 28, 4))
    overlay[..., :3] = to_rgb(colours.positive)
    overlay[..., 3] = np.clip(where, 0.0, 1.0)
    axis.imshow(overlay, interpolation="nearest")
    frame(axis)


def plot_hoped_layers(
    images: list[npt.ArrayLike], splits: list[int], digits: list[int]
) -> Figure:
    """The hope, drawn for a few digits: pixels, then short edges, then larger parts,
    then the digit, one column per layer of a 784-16-16-10 network.

    In the edges column each inked pixel is coloured by the orientation of the
    ``nn_tutorial.edges`` detector that is most active there (see
    ``ORIENTATION_COLOURS``); the parts are the digit's pixels above and below the
    cut. No trained network is involved: this is what we might hope one learns.

    Args:
        images: 28x28 digits (or their 784 pixels).
        splits: For each digit, the row that cuts it into its two parts (a 9's loop
            above and line below, an 8's two loops).
        digits: For each image, the digit it shows.

    Returns:
        The figure, one row of five axes per digit.

    Examples:
        >>> from nn_tutorial.plots import example_digit, plot_hoped_layers
        >>> figure = plot_hoped_layers([example_digit()], [12], [7])
        >>> [axis.get_title() for axis in figure.axes]
        ['pixels', 'edges', 'parts', '', 'digit']
    """
    from matplotlib.colors import to_rgb
    from matplotlib.patches import Circle, Patch

    from ..edges import edge_map

    use_style()
    import matplotlib.pyplot as plt

    colours = theme()
    grids = [as_image(image) for image in images]
    names = list(ORIENTATION_COLOURS)
    palette = np.array([to_rgb(ORIENTATION_COLOURS[name]) for name in names])
    paper = np.array(to_rgb(colours.background))
    figure, axes = plt.subplots(
        len(grids), 5, figsize=(7.2, 1.55 * len(grids) + 0.8), squeeze=False
    )
    for row, (image, split, digit) in enumerate(zip(grids, splits, digits)):
        show_digit(axes[row, 0], image)
        strongest = np.argmax([edge_map(image, name) for name in names], axis=0)
        ink = np.clip(image, 0.0, 1.0)[..., None]
        axes[row, 1].imshow(
            paper + ink * (palette[strongest] - paper), interpolation="nearest"
        )
        frame(axes[row, 1])
        top, bottom = image.copy(), image.copy()
        top[split:] = 0
        bottom[:split] = 0
        show_digit(axes[row, 2], top)
        show_digit(axes[row, 3], bottom)
        axis = axes[row, 4]
        axis.axis("off")
        axis.add_patch(
            Circle(
                (0.5, 0.5),
                0.3,
                facecolor=colours.background,
                edgecolor=colours.grey(0.25),
                lw=1.2,
            )
        )
        axis.text(0.5, 0.5, str(digit), ha="center", va="center", fontsize=20)
        axis.set_xlim(0, 1)
        axis.set_ylim(0, 1)
        axis.set_aspect("equal")
    for column, title in enumerate(["pixels", "edges", "parts", "", "digit"]):
        axes[0, column].set_title(title, fontsize=10)
    figure.legend(
        handles=[Patch(color=ORIENTATION_COLOURS[name], label=name) for name in names],
        loc="lower center",
        ncol=4,
        frameon=False,
        title="edges:",
        fontsize=9,
        title_fontsize=9,
        bbox_to_anchor=(0.5, 0.0),
    )
    figure.tight_layout(w_pad=1.2, rect=(0, 0.09, 1, 1))
    for row in range(len(grids)):  # arrows between the columns, "+" between parts
        for column, mark in [(0, "→"), (1, "→"), (2, "+"), (3, "→")]:
            a = axes[row, column].get_position()
            b = axes[row, column + 1].get_position()
            figure.text(
                (a.x1 + b.x0) / 2,
                (a.y0 + a.y1) / 2,
                mark,
                ha="center",
                va="center",
                fontsize=14,
                color=colours.grey(0.35),
            )
    return figure


def plot_hidden_neurons(
    network: Network, images: npt.ArrayLike, count: int = 4, columns: int = 4
) -> Figure:
    """What the neurons of the first hidden layer respond to, one panel per neuron.

    Each panel shows the neuron's 784 incoming weights as a 28x28 image, coloured by
    sign, the paper at 0 and at full colour from the 99th percentile of its
    |weights| on (so that a few large weights do not wash out the rest), and under
    it the ``count`` images that make it most active. Neurons are numbered from 0.

    Args:
        network: A network with 784 inputs.
        images: A batch of shape (n, 784) to find the most active images in.
        count: Images shown under each neuron.
        columns: Panels per row.

    Returns:
        The figure: per neuron, one axis of weights and ``count`` of images.

    Examples:
        >>> import numpy as np
        >>> from nn_tutorial import Network
        >>> from nn_tutorial.plots import plot_hidden_neurons
        >>> images = np.random.default_rng(0).random((20, 784))
        >>> figure = plot_hidden_neurons(Network([784, 2, 10], seed=0), images, count=3)
        >>> [axis.get_title() for axis in figure.axes if axis.get_title()]
        ['neuron 0', 'neuron 1']
    """
    use_style()
    import matplotlib.pyplot as plt

    x = np.asarray(images, dtype=float)
    weights = network.weights[0]
    activations = network.activations(x)[1]
    neurons = len(weights)
    columns = min(columns, neurons)
    rows = -(-neurons // columns)
    figure = plt.figure(figsize=(1.55 * columns, (1.55 + 1.55 / count) * rows + 0.3))
    outer = figure.add_gridspec(rows, columns, wspace=0.12, hspace=0.28)
    for neuron in range(neurons):
        cell = outer[neuron // columns, neuron % columns].subgridspec(
            2, count, height_ratios=[count, 1], hspace=0.04, wspace=0.04
        )
        axis = figure.add_subplot(cell[0, :])
        scale = float(np.percentile(np.abs(weights[neuron]), 99))
        show_weights(axis, weights[neuron], scale)
        axis.set_title(f"neuron {neuron}", fontsize=9, pad=3)
        top = np.argsort(-activations[:, neuron], kind="stable")[:count]
        for k, index in enumerate(top):
            show_digit(figure.add_subplot(cell[1, k]), x[index])
    return figure


def plot_edge_detector(
    neuron: Neuron,
    images: npt.ArrayLike,
    labels: npt.ArrayLike,
    count: int = 24,
    columns: int = 6,
) -> Figure:
    """A detector's 784 weights as a 28x28 image (left) and the ``count`` images that
    make it most active (right), each titled with its label and its weighted sum
    z = w · x + b (the activations of the top ones are all close to 1).

    Args:
        neuron: A ``Neuron`` with 784 weights, such as ``edge_detector(...)``.
        images: A batch of shape (n, 784).
        labels: The n images' digits.
        count: The most active images shown.
        columns: Images per row.

    Returns:
        The figure: the weights' axis, its colour bar, and one axis per image.

    Examples:
        >>> import numpy as np
        >>> from nn_tutorial.edges import edge_detector
        >>> from nn_tutorial.plots import plot_edge_detector
        >>> images, labels = np.eye(784)[:5], np.arange(5)
        >>> figure = plot_edge_detector(edge_detector(), images, labels, count=2)
        >>> figure.axes[0].get_title()
        'its weights\\n(bias -10.5)'
    """
    use_style()
    import matplotlib.pyplot as plt

    x = np.asarray(images, dtype=float)
    digits = np.asarray(labels)
    sums = x @ np.asarray(neuron.weights, dtype=float).reshape(784) + neuron.bias
    top = np.argsort(-sums, kind="stable")[:count]
    rows = -(-len(top) // columns)
    figure = plt.figure(figsize=(2.6 + 0.85 * columns, 1.05 * rows + 0.6))
    grid = figure.add_gridspec(
        rows, columns + 2, width_ratios=[3.2, 0.25] + [1] * columns
    )
    left = figure.add_subplot(grid[:, 0])
    weights = show_weights(left, neuron.weights)
    left.set_title(f"its weights\n(bias {neuron.bias:g})", fontsize=10)
    bar = figure.colorbar(weights, ax=left, orientation="horizontal", pad=0.04)
    bar.ax.tick_params(labelsize=8)
    bar.outline.set_edgecolor(theme().grey(0.2))
    first_row = []
    for number, index in enumerate(top):
        axis = figure.add_subplot(grid[number // columns, 2 + number % columns])
        show_digit(axis, x[index])
        axis.set_title(f"{digits[index]}: z = {sums[index]:.1f}", fontsize=8.5, pad=2)
        first_row += [axis] if number < columns else []
    middle = (first_row[0].get_position().x0 + first_row[-1].get_position().x1) / 2
    figure.suptitle(
        f"The {len(top)} of {len(x):,} images that make it most active\n"
        "(label: z = w · x + b)",
        x=middle,
        fontsize=10,
    )
    return figure


def plot_edge_maps(
    images: list[npt.ArrayLike], length: int = 7, width: int = 3
) -> Figure:
    """A bank of edge detectors, one per orientation, slid across several images.

    Top row: the images. Below, one row per orientation of
    ``nn_tutorial.edges.ORIENTATIONS``: the detector's weights (left), then for
    each image the detector's activation at every position, drawn as positive ink
    over a faint copy of the digit, and titled with its largest activation.

    Args:
        images: 28x28 digits (or their 784 pixels).
        length: The detectors' length in pixels.
        width: The detectors' width in pixels.

    Returns:
        The figure, a grid of axes: one row per orientation under the digits.

    Examples:
        >>> from nn_tutorial.plots import example_digit, plot_edge_maps
        >>> [axis.get_ylabel() for axis in plot_edge_maps([example_digit()]).axes[2::2]]
        ['horizontal', 'vertical', 'rising', 'falling']
    """
    from ..edges import ORIENTATIONS, edge_detector, edge_map

    use_style()
    import matplotlib.pyplot as plt

    grids = [as_image(image) for image in images]
    rows, columns = len(ORIENTATIONS) + 1, len(grids) + 1
    figure, axes = plt.subplots(
        rows, columns, figsize=(1.05 * columns + 0.3, 1.2 * rows), squeeze=False
    )
    axes[0, 0].axis("off")
    for column, image in enumerate(grids, start=1):
        show_digit(axes[0, column], image)
        axes[0, column].set_title("digit", fontsize=9)
    for row, orientation in enumerate(ORIENTATIONS, start=1):
        weights = edge_detector(orientation, (14, 14), length, width).weights
        show_weights(axes[row, 0], weights)
        axes[row, 0].set_ylabel(orientation, fontsize=10)
        for column, image in enumerate(grids, start=1):
            where = np.asarray(edge_map(image, orientation, length, width), dtype=float)
            _show_activity(axes[row, column], image, where)
            axes[row, column].set_title(f"max {where.max():.2f}", fontsize=8.5, pad=2)
    axes[1, 0].set_title("detector", fontsize=9)
    figure.tight_layout(h_pad=0.6, w_pad=0.4)
    return figure
