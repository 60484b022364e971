"""The figure of chapter 7: one layer as a matrix-vector product, σ(W a + b) = a',
drawn as coloured grids with every shape labelled."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ._style import Floats, theme, use_style

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_matrix_vector_product"]


def _short(value: float) -> str:
    """A number with one or two decimals, as short as it can be: 1.0, -0.5, 0.68."""
    text = f"{value:.2f}".replace("-0.00", "0.00")
    return text[:-1] if text.endswith("0") else text


def _draw_grid(
    axis: Axes,
    values: Floats,
    corner: tuple[float, float],
    cell: tuple[float, float],
    colour: Callable[[Floats], Floats],
    annotate: bool,
    highlight: int | None = None,
) -> None:
    """Draw a 2-D array as a grid of coloured cells of size ``cell`` (width,
    height), its top-left corner at ``corner``.

    ``colour`` maps the array to one RGB triple per cell. With ``annotate``, each
    cell shows its number; ``highlight`` outlines one row.
    """
    from matplotlib.patches import Rectangle

    colours = theme()
    (x, y), (cell_w, cell_h) = corner, cell
    rows, columns = values.shape
    rgb = colour(values)
    if not annotate:  # many cells: one image, each cell one pixel, edges crisp
        extent = (x, x + columns * cell_w, y - rows * cell_h, y)
        axis.imshow(rgb, extent=extent, interpolation="none", aspect="auto")
    for i in range(rows if annotate else 0):
        for j in range(columns):
            fill = (float(rgb[i, j, 0]), float(rgb[i, j, 1]), float(rgb[i, j, 2]))
            axis.add_patch(
                Rectangle(
                    (x + j * cell_w, y - (i + 1) * cell_h),
                    cell_w,
                    cell_h,
                    facecolor=fill,
                    edgecolor=colours.grey(0.45),
                    linewidth=0.6,
                )
            )
            axis.text(
                x + (j + 0.5) * cell_w,
                y - (i + 0.5) * cell_h,
                _short(float(values[i, j])),
                ha="center",
                va="center",
                fontsize=8.5,
                color=colours.text_on(fill),
            )
    axis.add_patch(
        Rectangle(
            (x, y - rows * cell_h),
            columns * cell_w,
            rows * cell_h,
            fill=False,
            edgecolor=colours.grey(0.2),
            linewidth=1.0,
        )
    )
    if highlight is not None:
        axis.add_patch(
            Rectangle(
                (x, y - (highlight + 1) * cell_h),
                columns * cell_w,
                cell_h,
                fill=False,
                edgecolor=colours.foreground,
                linewidth=2.2,
            )
        )


def plot_matrix_vector_product(
    weights: npt.ArrayLike,
    a: npt.ArrayLike,
    bias: npt.ArrayLike,
    activation: str = "sigmoid",
) -> Figure:
    """One layer as coloured grids: σ(W a + b) = a', with every shape labelled.

    Weights and biases are coloured by sign, activations as ink. Small layers (at
    most 8 inputs and 8 neurons) show each number; larger ones, such as the
    16 x 784 first layer, are drawn compressed to fit, without numbers. Row 0 of W
    and the activation it produces are outlined: one row of W is one neuron's
    weights.

    Args:
        weights: The layer's weight matrix W, one row per neuron.
        a: The activations of the layer before, one per column of W.
        bias: The layer's biases b, one per row of W.
        activation: ``"sigmoid"`` or ``"relu"``.

    Returns:
        The figure, one axis.

    Examples:
        >>> from nn_tutorial.plots import plot_matrix_vector_product
        >>> figure = plot_matrix_vector_product([[1.0, -1.0]], [0.5, 0.5], [0.0])
        >>> sorted(t.get_text() for t in figure.axes[0].texts if "\\n" in t.get_text())
        ['W\\n1 × 2', 'a\\n2', 'a′\\n1', 'b\\n1']
    """
    from ..activations import get_activation

    use_style()
    import matplotlib.pyplot as plt

    colours = theme()
    w = np.asarray(weights, dtype=float)
    x = np.asarray(a, dtype=float)
    b = np.asarray(bias, dtype=float)
    n_out, n_in = w.shape
    sigma, _ = get_activation(activation)
    output = np.asarray(sigma(w @ x + b), dtype=float)
    annotate = n_in <= 8 and n_out <= 8
    # u: the width of a column of W, which is also the height of a row of a;
    # v: the height of a row of W, b and a'.
    u = 1.0 if n_in <= 8 else 8.0 / n_in
    v = 1.0 if n_out <= 8 else 6.0 / n_out
    largest = max(float(np.max(np.abs(w))), float(np.max(np.abs(b))), 1e-12)

    def signed(values: Floats) -> Floats:
        return colours.signed_rgb(values, largest)

    top = max(n_out * v, n_in * u) / 2
    figure, axis = plt.subplots(figsize=(8.5, 2.4 + 0.42 * 2 * top))
    pieces: list[tuple[str, Floats | None, Callable[[Floats], Floats] | None, str]] = [
        ("σ(", None, None, ""),
        ("W", w, signed, f"{n_out} × {n_in}"),
        ("a", x[:, None], colours.ink_rgb, f"{n_in}"),
        ("+", None, None, ""),
        ("b", b[:, None], signed, f"{n_out}"),
        (")  =", None, None, ""),
        ("a′", output[:, None], colours.ink_rgb, f"{n_out}"),
    ]
    left = 0.0
    for label, values, colour, shape in pieces:
        if values is None or colour is None:
            axis.text(left + 0.1, 0, label, fontsize=20, va="center", ha="left")
            left += 0.75 + 0.3 * len(label.strip())
            continue
        rows, columns = values.shape
        cell_h = u if label == "a" else v
        cell_w = u if label == "W" else 0.9
        highlight = 0 if label in ("W", "a′") else None
        corner = (left, rows * cell_h / 2)
        _draw_grid(axis, values, corner, (cell_w, cell_h), colour, annotate, highlight)
        axis.text(
            left + columns * cell_w / 2,
            -top - 0.35,
            f"{label}\n{shape}",
            ha="center",
            va="top",
            fontsize=11,
        )
        left += columns * cell_w + 0.4
    axis.set_xlim(-0.2, left + 0.2)
    axis.set_ylim(-top - 1.6, top + 0.3)
    axis.set_aspect("equal")
    axis.axis("off")
    return figure
