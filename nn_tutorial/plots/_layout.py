"""Where a network's neurons go in a figure, computed once.

``plot_network`` and ``plot_digit_through_network`` both draw layers of neurons as
columns of circles. The positions come from one ``NetworkLayout``, so a figure that
adds to the drawing (an image feeding the first layer, values beside the outputs)
uses the same numbers that placed the circles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ._style import Floats, theme

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: Inches per unit of the drawing: a neuron's circle is 2 * 0.36 units wide.
INCHES_PER_UNIT = 0.3


def shown_neurons(size: int, max_shown: int) -> list[int | None]:
    """Which neurons of a layer are drawn: all, or the first and last few with a gap
    (``None``) between them."""
    if size <= max_shown:
        return list(range(size))
    half = max_shown // 2
    return [*range(half), None, *range(size - (max_shown - half), size)]


@dataclass(frozen=True)
class NetworkLayout:
    """The position of every drawn neuron of a network, layer by layer.

    Attributes:
        sizes: The number of neurons in each layer.
        shown: For each layer, the neurons drawn (``None`` marks the gap of a layer
            too large to draw whole).
        xs: The x of each layer's column.
        ys: For each layer, the y of each entry of ``shown``.
        radius: A neuron's radius.
        label_y: The y of the top of the labels under the layers.
    """

    sizes: list[int]
    shown: list[list[int | None]]
    xs: list[float]
    ys: list[Floats]
    radius: float
    label_y: float

    @property
    def top(self) -> float:
        """The y just above the highest neuron."""
        return max(len(layer) for layer in self.shown) / 2 + 0.2

    @property
    def bottom(self) -> float:
        """The y just below the labels under the layers."""
        return self.label_y - 1.3

    def neurons(self, layer: int) -> list[tuple[int, float, float]]:
        """The drawn neurons of ``layer`` as (index, x, y), top to bottom."""
        return [
            (index, self.xs[layer], float(y))
            for index, y in zip(self.shown[layer], self.ys[layer], strict=True)
            if index is not None
        ]


def network_layout(
    sizes: list[int], max_shown: int = 16, spacing: float = 6.0
) -> NetworkLayout:
    """Columns ``spacing`` apart, each centred on y = 0, one unit between neurons."""
    shown = [shown_neurons(n, max_shown) for n in sizes]
    tallest = max(len(layer) for layer in shown)
    ys = [(len(layer) - 1) / 2 - np.arange(len(layer), dtype=float) for layer in shown]
    xs = [column * spacing for column in range(len(sizes))]
    return NetworkLayout(sizes, shown, xs, ys, 0.36, -tallest / 2 - 0.4)


def layer_names(count: int, first: int = 0) -> list[str]:
    """ "input layer", "hidden layer 1", ..., "output layer" for ``count`` layers
    numbered from ``first`` (0 is the input layer) to the output layer."""
    last = first + count - 1
    return [
        "input layer"
        if number == 0
        else "output layer"
        if number == last
        else f"hidden layer {number}"
        for number in range(first, last + 1)
    ]


def fan(
    starts: list[tuple[float, float]], ends: list[tuple[float, float]]
) -> tuple[Floats, Floats]:
    """Every start joined to every end, as the x and y of one path (NaN between
    segments), so that thousands of edges are one drawing."""
    segments = [[start, end, (np.nan, np.nan)] for start in starts for end in ends]
    if not segments:
        return np.array([]), np.array([])
    xs, ys = np.concatenate(np.asarray(segments, dtype=float)).T
    return xs, ys


def draw_network(
    axis: Axes,
    layout: NetworkLayout,
    names: list[str],
    activations: list[Floats] | None = None,
) -> None:
    """Draw ``layout``'s edges, neurons (filled with ``activations`` as ink, or
    empty) and, under each layer, its name and size."""
    from matplotlib.patches import Circle

    ink = theme()
    for column in range(len(layout.sizes) - 1):
        starts = [(x, y) for _, x, y in layout.neurons(column)]
        ends = [(x, y) for _, x, y in layout.neurons(column + 1)]
        xs, ys = fan(starts, ends)
        axis.plot(xs, ys, color=ink.grey(0.55), linewidth=0.25, alpha=0.6, zorder=1)
    for column, (layer, y_values) in enumerate(zip(layout.shown, layout.ys)):
        x = layout.xs[column]
        for index, y in zip(layer, y_values, strict=True):
            if index is None:
                for dy in (-0.28, 0.0, 0.28):
                    axis.add_patch(Circle((x, y + dy), 0.06, color=ink.grey(0.3)))
                continue
            fill = (
                ink.background
                if activations is None
                else ink.ink(float(activations[column][index]))
            )
            axis.add_patch(
                Circle(
                    (x, float(y)),
                    layout.radius,
                    facecolor=fill,
                    edgecolor=ink.grey(0.25),
                    linewidth=0.9,
                    zorder=2,
                )
            )
        axis.text(
            x,
            layout.label_y,
            f"{names[column]}\n{layout.sizes[column]:,} neurons",
            ha="center",
            va="top",
        )
