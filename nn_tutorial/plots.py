"""Figures of the lesson, drawn with matplotlib (imported only when a figure is drawn).

Every function returns a matplotlib ``Figure``; ``figure_html`` turns one into the
``<figure>`` the docs embed. Output is deterministic: the same code gives the same
bytes, so two builds of the site give identical figures.
"""

from __future__ import annotations

import base64
import html
import io

import numpy as np

__all__ = ["figure_html", "plot_activation_functions", "plot_neuron"]

#: Colour of positive weights / activations and of negative weights, used everywhere.
POSITIVE = "#1f6fb4"
NEGATIVE = "#c4452f"


def _pyplot():
    """Import matplotlib lazily with a fixed, deterministic style."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.hashsalt": "nn-tutorial",  # stable ids inside SVG files
            "svg.fonttype": "path",  # text as shapes: no font needed to view it
            "figure.dpi": 100,
            "font.size": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return plt


def figure_html(figure, alt: str, caption: str | None = None, format: str = "svg") -> str:
    """The figure as an HTML ``<figure>`` with an embedded image and its alt text.

    The image is inlined as a data URI (no separate file, nothing committed) and the
    figure is closed afterwards. Use ``format="png"`` for figures that are mostly
    pixels, ``"svg"`` (the default) for curves and diagrams.
    """
    if not alt or not alt.strip():
        raise ValueError("every figure needs alt text describing what it shows")
    plt = _pyplot()
    buffer = io.BytesIO()
    metadata = {"Date": None} if format == "svg" else {"Software": None}
    figure.savefig(buffer, format=format, bbox_inches="tight", metadata=metadata)
    plt.close(figure)
    mime = "image/svg+xml" if format == "svg" else f"image/{format}"
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    parts = [
        '<figure class="nn-figure">',
        f'<img src="data:{mime};base64,{data}" alt="{html.escape(alt)}">',
    ]
    if caption:
        parts.append(f"<figcaption>{html.escape(caption)}</figcaption>")
    parts.append("</figure>")
    return "".join(parts)


def plot_activation_functions(z_range: tuple[float, float] = (-6.0, 6.0)):
    """Sigmoid and ReLU (top) and their slopes (bottom), side by side."""
    from .activations import relu, relu_prime, sigmoid, sigmoid_prime

    plt = _pyplot()
    z = np.linspace(*z_range, 601)
    figure, axes = plt.subplots(2, 2, figsize=(8, 5), sharex=True)
    rows = [
        ("sigmoid", sigmoid, sigmoid_prime, r"$\sigma(z)$", r"$\sigma'(z)$"),
        ("ReLU", relu, relu_prime, r"$\mathrm{ReLU}(z)$", r"$\mathrm{ReLU}'(z)$"),
    ]
    for column, (name, function, slope, label, slope_label) in enumerate(rows):
        top, bottom = axes[0, column], axes[1, column]
        top.plot(z, function(z), color=POSITIVE, linewidth=2)
        top.set_title(name)
        top.set_ylabel(label)
        bottom.plot(z, slope(z), color=NEGATIVE, linewidth=2)
        bottom.set_ylabel(slope_label)
        bottom.set_xlabel("weighted sum $z$")
        for axis in (top, bottom):
            axis.axhline(0, color="0.7", linewidth=0.8)
            axis.axvline(0, color="0.7", linewidth=0.8)
    figure.tight_layout()
    return figure


def plot_neuron(weights, inputs, bias: float, activation: str = "sigmoid"):
    """One neuron: its inputs, the weights on the edges, the bias and its activation.

    Edge colour shows the sign of a weight, its thickness the size.
    """
    from .neuron import Neuron

    plt = _pyplot()
    neuron = Neuron(weights, bias, activation=activation)
    inputs = np.asarray(inputs, dtype=float)
    n = len(neuron.weights)
    figure, axis = plt.subplots(figsize=(6, 0.7 * n + 1.2))
    ys = np.linspace(n - 1, 0, n) - (n - 1) / 2
    largest = max(float(np.max(np.abs(neuron.weights))), 1e-9)
    for y, x, w in zip(ys, inputs, neuron.weights):
        colour = POSITIVE if w >= 0 else NEGATIVE
        axis.plot([0, 3], [y, 0], color=colour, linewidth=0.8 + 3 * abs(w) / largest)
        axis.text(1.5, y * 0.5 + 0.12, f"w = {w:g}", color=colour, ha="center")
        axis.add_patch(plt.Circle((0, y), 0.3, facecolor=str(1 - x), edgecolor="0.3"))
        axis.text(-0.5, y, f"{x:g}", ha="right", va="center")
    output = neuron(inputs)
    axis.add_patch(plt.Circle((3, 0), 0.45, facecolor=str(1 - output), edgecolor="0.3"))
    axis.text(3.6, 0.15, f"z = w·x + b = {neuron.weighted_sum(inputs):.2f}", va="center")
    axis.text(3.6, -0.35, f"a = {activation}(z) = {output:.2f}", va="center")
    axis.text(3, -0.75, f"b = {bias:g}", ha="center", va="top")
    axis.set_xlim(-1.2, 7.5)
    axis.set_ylim(ys.min() - 1, ys.max() + 0.7)
    axis.set_aspect("equal")
    axis.axis("off")
    return figure
