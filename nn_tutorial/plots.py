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

from ._checks import positive_int

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


def figure_html(
    figure, alt: str, caption: str | None = None, format: str = "svg"
) -> str:
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
    for y, x, w in zip(ys, inputs, neuron.weights, strict=False):
        colour = POSITIVE if w >= 0 else NEGATIVE
        axis.plot([0, 3], [y, 0], color=colour, linewidth=0.8 + 3 * abs(w) / largest)
        axis.text(1.5, y * 0.5 + 0.12, f"w = {w:g}", color=colour, ha="center")
        axis.add_patch(plt.Circle((0, y), 0.3, facecolor=str(1 - x), edgecolor="0.3"))
        axis.text(-0.5, y, f"{x:g}", ha="right", va="center")
    output = neuron(inputs)
    axis.add_patch(plt.Circle((3, 0), 0.45, facecolor=str(1 - output), edgecolor="0.3"))
    axis.text(
        3.6, 0.15, f"z = w·x + b = {neuron.weighted_sum(inputs):.2f}", va="center"
    )
    axis.text(3.6, -0.35, f"a = {activation}(z) = {output:.2f}", va="center")
    axis.text(3, -0.75, f"b = {bias:g}", ha="center", va="top")
    axis.set_xlim(-1.2, 7.5)
    axis.set_ylim(ys.min() - 1, ys.max() + 0.7)
    axis.set_aspect("equal")
    axis.axis("off")
    return figure


# -- Chapters 1, 5 and 7 and the home page: the network, its inputs, its counts ----
#
# Conventions shared by the functions below: a neuron's fill is its activation as
# grey ink on white paper (0 = white, 1 = black, as in ``plot_neuron``); weights and
# biases are coloured by sign (POSITIVE / NEGATIVE), paler when smaller.

__all__ += [
    "example_digit",
    "plot_image_as_input_layer",
    "plot_matrix_vector_product",
    "plot_network",
    "plot_parameter_counts",
]


def example_digit() -> np.ndarray:
    """A hand-drawn "7" as a 28x28 array of brightnesses in [0, 1] (1 = ink).

    Drawn with numpy from two strokes, so figures can show a digit without
    downloading MNIST. Same call, same array.
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
    return np.clip(2.0 - distance, 0.0, 1.0).round(2)


def _ink(value: float) -> str:
    """A neuron's fill: its activation as grey ink (0 white, 1 black), clipped."""
    return str(round(1.0 - float(np.clip(value, 0.0, 1.0)), 4))


def _ink_rgb(values) -> np.ndarray:
    """``_ink`` for a whole array: one RGB triple per value."""
    grey = 1.0 - np.clip(np.asarray(values, dtype=float), 0.0, 1.0)
    return np.stack([grey, grey, grey], axis=-1)


def _signed_rgb(values, largest: float) -> np.ndarray:
    """POSITIVE or NEGATIVE by sign, mixed with white in proportion to
    |value| / largest: one RGB triple per value."""
    from matplotlib.colors import to_rgb

    values = np.asarray(values, dtype=float)[..., None]
    base = np.where(values >= 0, to_rgb(POSITIVE), to_rgb(NEGATIVE))
    strength = 0.15 + 0.85 * np.minimum(np.abs(values) / max(largest, 1e-12), 1.0)
    return 1.0 - strength * (1.0 - base)


def _text_colour(fill) -> str:
    """Black text on pale fills, white text on dark ones."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(fill)
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5 else "black"


def _shown_neurons(size: int, max_shown: int) -> list[int | None]:
    """Which neurons of a layer are drawn: all, or the first and last few with a gap
    (``None``) between them."""
    if size <= max_shown:
        return list(range(size))
    half = max_shown // 2
    return [*range(half), None, *range(size - (max_shown - half), size)]


def plot_network(sizes, activations=None, max_shown: int = 16):
    """Layers of neurons as columns of circles, every neuron joined to every neuron of
    the next layer.

    Layers larger than ``max_shown`` (such as the 784 inputs) are drawn as their
    first and last few neurons with a gap; the label under each layer gives its real
    size. ``activations`` (one array per layer, as returned by
    ``Network.activations(x)``) fills each neuron with its activation, darker for
    larger values (clipped to [0, 1]); without it, neurons are drawn empty.
    """
    from ._checks import check_sizes

    plt = _pyplot()
    sizes = check_sizes(sizes)
    if activations is not None:
        activations = [np.asarray(layer, dtype=float) for layer in activations]
        if [layer.shape for layer in activations] != [(n,) for n in sizes]:
            raise ValueError(
                f"activations must be one array per layer with shapes "
                f"{[(n,) for n in sizes]}, got {[a.shape for a in activations]}"
            )
    shown = [_shown_neurons(n, max_shown) for n in sizes]
    tallest = max(len(layer) for layer in shown)
    spacing = 6.0
    radius = 0.36
    width = (len(sizes) - 1) * spacing + 2.2
    height = tallest + 1.9
    figure, axis = plt.subplots(figsize=(0.3 * width, 0.3 * height))

    def height(layer: list[int | None]) -> np.ndarray:
        return (len(layer) - 1) / 2 - np.arange(len(layer), dtype=float)

    ys = [height(layer) for layer in shown]
    edges = []  # one segment per drawn connection, all drawn as one path
    for column in range(len(sizes) - 1):
        x0, x1 = column * spacing, (column + 1) * spacing
        for i, y0 in zip(shown[column], ys[column], strict=True):
            for j, y1 in zip(shown[column + 1], ys[column + 1], strict=True):
                if i is not None and j is not None:
                    edges.append([(x0, y0), (x1, y1), (np.nan, np.nan)])
    if edges:
        edge_xs, edge_ys = np.concatenate(edges).T
        axis.plot(edge_xs, edge_ys, color="0.55", linewidth=0.25, alpha=0.6, zorder=1)
    for column, (layer, y_values) in enumerate(zip(shown, ys, strict=True)):
        x = column * spacing
        for index, y in zip(layer, y_values, strict=True):
            if index is None:
                for dy in (-0.28, 0.0, 0.28):
                    axis.add_patch(plt.Circle((x, y + dy), 0.06, color="0.3"))
                continue
            fill = "white" if activations is None else _ink(activations[column][index])
            axis.add_patch(
                plt.Circle(
                    (x, y),
                    radius,
                    facecolor=fill,
                    edgecolor="0.25",
                    linewidth=0.9,
                    zorder=2,
                )
            )
        if column == 0:
            name = "input layer"
        elif column == len(sizes) - 1:
            name = "output layer"
        else:
            name = f"hidden layer {column}"
        axis.text(
            x,
            -tallest / 2 - 0.4,
            f"{name}\n{sizes[column]:,} neurons",
            ha="center",
            va="top",
        )
    last = shown[-1]
    if None not in last:
        for index, y in zip(last, ys[-1], strict=True):
            axis.text((len(sizes) - 1) * spacing + 0.6, y, str(index), va="center")
    axis.set_xlim(-1.0, (len(sizes) - 1) * spacing + 1.2)
    axis.set_ylim(-tallest / 2 - 1.7, tallest / 2 + 0.2)
    axis.set_aspect("equal")
    axis.axis("off")
    return figure


def plot_image_as_input_layer(image, pixels=None):
    """A 28x28 image (left) and the input neurons its pixels become (right).

    Pixel (row r, column c) is input neuron 28·r + c, with the pixel's brightness as
    its activation. ``pixels`` lists the (row, column) pairs to connect to their
    neurons; by default the first pixel, the brightest one and the last pixel.
    """
    from matplotlib.patches import ConnectionPatch, Rectangle

    plt = _pyplot()
    image = np.asarray(image, dtype=float)
    if image.shape != (28, 28):
        raise ValueError(f"expected a 28x28 image, got shape {image.shape}")
    if pixels is None:
        brightest = np.unravel_index(int(np.argmax(image)), image.shape)
        pixels = [(0, 0), (int(brightest[0]), int(brightest[1])), (27, 27)]
    pixels = sorted(
        {(int(r), int(c)) for r, c in pixels}, key=lambda p: 28 * p[0] + p[1]
    )
    figure, (left, right) = plt.subplots(
        1, 2, figsize=(7.5, 4.2), gridspec_kw={"width_ratios": [1.0, 0.8]}
    )
    left.imshow(image, cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
    for k in range(29):
        left.axhline(k - 0.5, color="0.85", linewidth=0.3)
        left.axvline(k - 0.5, color="0.85", linewidth=0.3)
    left.set_xticks([0, 27])
    left.set_yticks([0, 27])
    left.set_xlabel("column")
    left.set_ylabel("row")
    left.set_title("28 × 28 pixels")
    slots: list[tuple[int, int] | None] = []
    for number, pixel in enumerate(pixels):
        previous = pixels[number - 1] if number else None
        index = 28 * pixel[0] + pixel[1]
        if (previous is None and index > 0) or (
            previous is not None and index > 28 * previous[0] + previous[1] + 1
        ):
            slots.append(None)
        slots.append(pixel)
    if 28 * pixels[-1][0] + pixels[-1][1] < 783:
        slots.append(None)
    ys = (len(slots) - 1) / 2 - np.arange(len(slots), dtype=float)
    for slot, y in zip(slots, ys, strict=True):
        if slot is None:
            for dy in (-0.22, 0.0, 0.22):
                right.add_patch(plt.Circle((0, y + dy), 0.05, color="0.3"))
            continue
        r, c = slot
        value = image[r, c]
        right.add_patch(
            plt.Circle((0, y), 0.34, facecolor=_ink(value), edgecolor="0.25")
        )
        right.text(0.6, y, f"neuron {28 * r + c}: {value:.2f}", va="center")
        left.add_patch(
            Rectangle(
                (c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor=POSITIVE, linewidth=1.8
            )
        )
        figure.add_artist(
            ConnectionPatch(
                xyA=(c + 0.5, r),
                coordsA=left.transData,
                xyB=(-0.36, y),
                coordsB=right.transData,
                color=POSITIVE,
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


def _short(value: float) -> str:
    """A number with one or two decimals, as short as it can be: 1.0, -0.5, 0.68."""
    text = f"{value:.2f}".replace("-0.00", "0.00")
    return text[:-1] if text.endswith("0") else text


def _draw_grid(axis, values, x, y, cell_w, cell_h, colour, annotate, highlight=None):
    """Draw a 2-D array as a grid of coloured cells, its top-left corner at (x, y).

    ``colour`` maps the array to one RGB triple per cell.
    """
    from matplotlib.patches import Rectangle

    rows, columns = values.shape
    rgb = colour(values)
    if not annotate:  # many cells: one image, each cell one pixel, edges crisp
        extent = (x, x + columns * cell_w, y - rows * cell_h, y)
        axis.imshow(rgb, extent=extent, interpolation="none", aspect="auto")
    for i in range(rows if annotate else 0):
        for j in range(columns):
            fill = tuple(rgb[i, j])
            axis.add_patch(
                Rectangle(
                    (x + j * cell_w, y - (i + 1) * cell_h),
                    cell_w,
                    cell_h,
                    facecolor=fill,
                    edgecolor="0.45",
                    linewidth=0.6,
                )
            )
            axis.text(
                x + (j + 0.5) * cell_w,
                y - (i + 0.5) * cell_h,
                _short(values[i, j]),
                ha="center",
                va="center",
                fontsize=8.5,
                color=_text_colour(fill),
            )
    axis.add_patch(
        Rectangle(
            (x, y - rows * cell_h),
            columns * cell_w,
            rows * cell_h,
            fill=False,
            edgecolor="0.2",
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
                edgecolor="black",
                linewidth=2.2,
            )
        )


def plot_matrix_vector_product(weights, a, bias, activation: str = "sigmoid"):
    """One layer as coloured grids: σ(W a + b) = a', with every shape labelled.

    Weights and biases are coloured by sign, activations as grey ink. Small layers
    (at most 8 inputs and 8 neurons) show each number; larger ones, such as the
    16 x 784 first layer, are drawn compressed to fit, without numbers. Row 0 of W and
    the activation it produces are outlined: one row of W is one neuron's weights.
    """
    from .activations import get_activation

    plt = _pyplot()
    weights = np.asarray(weights, dtype=float)
    a = np.asarray(a, dtype=float)
    bias = np.asarray(bias, dtype=float)
    n_out, n_in = weights.shape
    if a.shape != (n_in,) or bias.shape != (n_out,):
        raise ValueError(
            f"W of shape {weights.shape} needs a of shape ({n_in},) and b of shape "
            f"({n_out},); got {a.shape} and {bias.shape}"
        )
    sigma, _ = get_activation(activation)
    output = np.asarray(sigma(weights @ a + bias))
    annotate = n_in <= 8 and n_out <= 8
    # u: the width of a column of W, which is also the height of a row of a;
    # v: the height of a row of W, b and a'.
    u = 1.0 if n_in <= 8 else 8.0 / n_in
    v = 1.0 if n_out <= 8 else 6.0 / n_out
    largest = max(float(np.max(np.abs(weights))), float(np.max(np.abs(bias))), 1e-12)

    def signed(values):
        return _signed_rgb(values, largest)

    top = max(n_out * v, n_in * u) / 2
    figure, axis = plt.subplots(figsize=(8.5, 2.4 + 0.42 * 2 * top))
    pieces = [
        ("σ(", None, None, None),
        ("W", weights, signed, f"{n_out} × {n_in}"),
        ("a", a[:, None], _ink_rgb, f"{n_in}"),
        ("+", None, None, None),
        ("b", bias[:, None], signed, f"{n_out}"),
        (")  =", None, None, None),
        ("a′", output[:, None], _ink_rgb, f"{n_out}"),
    ]
    x = 0.0
    for label, values, colour, shape in pieces:
        if values is None:
            axis.text(x + 0.1, 0, label, fontsize=20, va="center", ha="left")
            x += 0.75 + 0.3 * len(label.strip())
            continue
        rows, columns = values.shape
        cell_h = u if label == "a" else v
        cell_w = u if label == "W" else 0.9
        y = rows * cell_h / 2
        highlight = 0 if label in ("W", "a′") else None
        _draw_grid(axis, values, x, y, cell_w, cell_h, colour, annotate, highlight)
        axis.text(
            x + columns * cell_w / 2,
            -top - 0.35,
            f"{label}\n{shape}",
            ha="center",
            va="top",
            fontsize=11,
        )
        x += columns * cell_w + 0.4
    axis.set_xlim(-0.2, x + 0.2)
    axis.set_ylim(-top - 1.6, top + 0.3)
    axis.set_aspect("equal")
    axis.axis("off")
    return figure


def plot_parameter_counts(sizes):
    """How many weights and biases lead into each layer, as horizontal bars.

    Each bar is labelled with its arithmetic (``784 × 16 = 12,544 weights + 16
    biases``) and the title gives the total.
    """
    from .network import count_parameters, layer_parameters

    plt = _pyplot()
    rows = layer_parameters(sizes)
    inputs = [rows[0].weights // rows[0].neurons] + [row.neurons for row in rows[:-1]]
    figure, axis = plt.subplots(figsize=(8, 0.75 * len(rows) + 1.4))
    ys = np.arange(len(rows))[::-1]
    largest = max(row.weights + row.biases for row in rows)
    for y, row, m in zip(ys, rows, inputs, strict=True):
        axis.barh(y, row.weights, color=POSITIVE, height=0.6)
        axis.barh(y, row.biases, left=row.weights, color="0.55", height=0.6)
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


# -- Chapter 6 and its notebook: learning -------------------------------------------
#
# Gradient descent on a small 2-D cost, a training run's history, and the test digits
# a network gets wrong.

__all__ += [
    "plot_gradient_descent",
    "plot_misclassified",
    "plot_training_history",
]

#: The 2-D cost of ``plot_gradient_descent``: a valley C(w) = ½ wᵀ A w, steep across
#: (curvature 10) and gentle along (curvature 1), turned by 30 degrees.
_VALLEY_ANGLE = np.pi / 6
_VALLEY_ROTATION = np.array(
    [
        [np.cos(_VALLEY_ANGLE), -np.sin(_VALLEY_ANGLE)],
        [np.sin(_VALLEY_ANGLE), np.cos(_VALLEY_ANGLE)],
    ]
)
_VALLEY = _VALLEY_ROTATION @ np.diag([1.0, 10.0]) @ _VALLEY_ROTATION.T


def _valley_cost(w1, w2):
    """The valley's cost at (w1, w2); works elementwise on arrays."""
    a = _VALLEY
    return 0.5 * (a[0, 0] * w1 * w1 + 2 * a[0, 1] * w1 * w2 + a[1, 1] * w2 * w2)


def _descent_path(learning_rate: float, steps: int, start) -> np.ndarray:
    """The points w₀, w₁, … of gradient descent w ← w − η ∇C(w) on the valley."""
    path = [np.asarray(start, dtype=float)]
    with np.errstate(over="ignore", invalid="ignore"):  # a rate too large blows up
        for _ in range(steps):
            w = path[-1]
            path.append(w - learning_rate * (_VALLEY @ w))  # ∇C(w) = A w
    return np.array(path)


def _cost_text(value: float) -> str:
    """A cost with two significant digits, without exponents up to a million."""
    return f"{value:,.0f}" if 100 <= abs(value) < 1e6 else f"{value:.2g}"


def _check_learning_rates(learning_rates) -> list[float]:
    """One or more positive learning rates as a list of floats, or a clear error."""
    rates = np.atleast_1d(np.asarray(learning_rates, dtype=object))
    good = rates.ndim == 1 and len(rates) > 0
    for rate in rates.ravel():
        number = isinstance(rate, (int, float, np.number)) and not isinstance(
            rate, (bool, np.bool_)
        )
        good = good and number and bool(np.isfinite(rate)) and rate > 0
    if not good:
        raise ValueError(
            "learning_rates must be one or more positive numbers, e.g. (0.05, 0.2), "
            f"got {learning_rates!r}"
        )
    return [float(rate) for rate in rates]


def plot_gradient_descent(
    learning_rates=(0.05, 0.18, 0.21), steps: int = 20, start=(-3.3, -1.0)
):
    """Gradient descent on a 2-D cost, one panel per learning rate.

    The cost is a long, narrow valley over two weights (contour lines; darker is
    lower). From ``start``, each of ``steps`` steps moves the weights by
    ``learning_rate`` times the negative gradient; the dots are the weights after each
    step. A small rate creeps along the valley floor, a larger one gets there faster
    by zigzagging across it, and one that is too large overshoots further with every
    step. Same arguments, same figure.
    """
    plt = _pyplot()
    rates = _check_learning_rates(learning_rates)
    steps = positive_int(steps, "steps")
    start = np.asarray(start, dtype=float)
    if start.shape != (2,) or not np.all(np.isfinite(start)):
        raise ValueError(f"start must be two finite numbers (w1, w2), got {start!r}")

    limit = max(4.0, 1.15 * float(np.max(np.abs(start))))
    grid = np.linspace(-limit, limit, 241)
    w1, w2 = np.meshgrid(grid, grid)
    cost = _valley_cost(w1, w2)
    levels = np.quantile(cost, np.linspace(0, 0.9, 12) ** 2)[1:]
    figure, axes = plt.subplots(
        1, len(rates), figsize=(3.6 * len(rates), 3.9), squeeze=False
    )
    for axis, rate in zip(axes[0], rates, strict=True):
        path = _descent_path(rate, steps, start)
        axis.contourf(w1, w2, cost, levels=[0, *levels], cmap="Blues_r", alpha=0.55)
        axis.contour(w1, w2, cost, levels=levels, colors="0.45", linewidths=0.6)
        shown = path[np.all(np.abs(path) <= 3 * limit, axis=1)]
        axis.plot(shown[:, 0], shown[:, 1], color=NEGATIVE, linewidth=1.0, zorder=3)
        axis.plot(
            shown[1:, 0], shown[1:, 1], "o", color=NEGATIVE, markersize=3.2, zorder=4
        )
        axis.plot(*start, "o", color="black", markersize=6, zorder=5)
        axis.annotate(
            "start", start, xytext=(6, 6), textcoords="offset points", fontsize=9
        )
        axis.plot(0, 0, "*", color="black", markersize=10, zorder=5)
        with np.errstate(over="ignore", invalid="ignore"):
            final = float(_valley_cost(*path[-1]))
        first = float(_valley_cost(*start))
        change = f"cost {_cost_text(first)} → {_cost_text(final)} in {steps} steps"
        if not final < first:  # also NaN: the steps overshoot the valley
            change += " (up)"
        axis.set_title(f"learning rate η = {rate:g}\n{change}")
        axis.set_xlim(-limit, limit)
        axis.set_ylim(-limit, limit)
        axis.set_aspect("equal")
        axis.set_xlabel("weight $w_1$")
        axis.set_ylabel("weight $w_2$")
    figure.tight_layout()
    return figure


def plot_training_history(history):
    """The training cost (left) and test accuracy (right) after each epoch.

    ``history`` is what ``nn_tutorial.learning.train`` returns (anything with a
    ``cost`` list, and an ``accuracy`` list that is empty or one entry per epoch).
    Without test accuracies only the cost is drawn.
    """
    plt = _pyplot()
    if not hasattr(history, "cost"):
        raise TypeError(
            "expected the History that train() returns (with .cost and .accuracy), "
            f"got {type(history).__name__}"
        )
    cost = np.asarray(list(history.cost), dtype=float)
    accuracy = np.asarray(list(getattr(history, "accuracy", [])), dtype=float)
    if len(cost) == 0:
        raise ValueError(
            "the history is empty: it has no epochs to draw; train for at least one "
            "epoch (train(...) returns the history)"
        )
    if len(accuracy) not in (0, len(cost)):
        raise ValueError(
            f"the history has {len(cost)} costs but {len(accuracy)} accuracies: "
            "expected one of each per epoch (or no accuracies)"
        )
    epochs = np.arange(1, len(cost) + 1)
    panels = 2 if len(accuracy) else 1
    figure, axes = plt.subplots(1, panels, figsize=(4.2 * panels, 3.3), squeeze=False)
    left = axes[0, 0]
    left.plot(epochs, cost, "o-", color=NEGATIVE, linewidth=1.8, markersize=4)
    left.set_title(f"training cost: {cost[0]:.3g} → {cost[-1]:.3g}")
    left.set_ylabel("cost (average over the epoch)")
    left.set_ylim(0, None)
    if panels == 2:
        right = axes[0, 1]
        right.plot(epochs, 100 * accuracy, "o-", color=POSITIVE, linewidth=1.8)
        right.set_title(f"test accuracy: {accuracy[-1]:.1%} after the last epoch")
        right.set_ylabel("test digits right (%)")
        right.set_ylim(min(90.0, 100 * float(accuracy.min()) - 2), 100)
    for axis in axes[0]:
        axis.set_xlabel("epoch")
        axis.set_xticks(epochs if len(epochs) <= 15 else epochs[:: len(epochs) // 10])
        axis.grid(True, color="0.9", linewidth=0.8)
    figure.tight_layout()
    return figure


def plot_misclassified(network, images, labels, count: int = 24, columns: int = 8):
    """The first ``count`` images that ``network`` gets wrong, in a grid.

    Each is titled with its true label and the network's answer. ``images`` is a
    batch, shape ``(n, 784)`` (any square number of pixels works), and ``labels``
    its ``n`` digits; the figure's title says how many of the ``n`` are wrong in all.
    Raises ``ValueError`` if the network gets every image right.
    """
    plt = _pyplot()
    count, columns = positive_int(count, "count"), positive_int(columns, "columns")
    x = network.check_input(images)
    if x.ndim != 2:
        raise ValueError(
            f"expected a batch of images, shape (n, {network.sizes[0]}), got one image "
            f"of shape {x.shape}"
        )
    labels = np.asarray(labels)
    if labels.shape != (len(x),) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"labels must be {len(x)} whole-number digits (one per image), got an "
            f"array of shape {labels.shape} and type {labels.dtype}"
        )
    side = int(round(np.sqrt(x.shape[1])))
    if side * side != x.shape[1]:
        raise ValueError(f"images of {x.shape[1]} pixels are not square: cannot draw")
    predictions = np.atleast_1d(network.predict(x))
    wrong = np.flatnonzero(predictions != labels)
    if len(wrong) == 0:
        raise ValueError(
            f"the network gets all {len(x):,} images right: there is nothing to show"
        )
    shown = wrong[:count]
    columns = min(columns, len(shown))
    rows = -(-len(shown) // columns)
    figure, axes = plt.subplots(
        rows, columns, figsize=(1.1 * columns, 1.3 * rows + 0.45), squeeze=False
    )
    for axis in axes.flat:
        axis.axis("off")
    for axis, index in zip(axes.flat, shown):
        axis.imshow(
            x[index].reshape(side, side),
            cmap="gray_r",
            vmin=0,
            vmax=1,
            interpolation="nearest",
        )
        axis.set_title(
            f"true {labels[index]}\nsaid {predictions[index]}",
            fontsize=9,
            color=NEGATIVE,
            linespacing=1.1,
        )
    figure.suptitle(
        f"{len(wrong):,} of {len(x):,} images are wrong "
        f"({len(wrong) / len(x):.1%}); the first {len(shown)}:",
        fontsize=10,
    )
    figure.tight_layout()
    return figure


# -- Chapters 2, 3 and 4: a digit through the layers, what hidden neurons respond to,
# -- and hand-built edge detectors ---------------------------------------------------
#
# Images of weights use one colour map centred on zero: NEGATIVE for negative
# weights, white for 0, POSITIVE for positive ones, on a symmetric scale (vmin = -m,
# vmax = m) so that white always means 0. Digits are grey ink on white paper, as in
# ``plot_image_as_input_layer``.

__all__ += [
    "plot_digit_through_network",
    "plot_edge_detector",
    "plot_edge_maps",
    "plot_hidden_neurons",
    "plot_hoped_layers",
]

#: One colour per edge orientation, for figures that tell orientations apart (not
#: POSITIVE or NEGATIVE, which mean a sign).
ORIENTATION_COLOURS = {
    "horizontal": "#d98200",
    "vertical": "#2a9d5c",
    "rising": "#7b4fb3",
    "falling": "#b5467f",
}


def _as_image(pixels, what: str = "image") -> np.ndarray:
    """784 numbers (or 28x28 of them) as a 28x28 array, or a clear error."""
    array = np.asarray(pixels, dtype=float)
    if array.shape not in ((28, 28), (784,)):
        raise ValueError(
            f"expected a 28x28 {what} or its 784 values in a row, got shape "
            f"{array.shape}"
        )
    return array.reshape(28, 28)


def _as_batch(images) -> np.ndarray:
    """Images as an (n, 784) array, or a clear error."""
    x = np.asarray(images, dtype=float)
    if x.ndim != 2 or x.shape[1] != 784:
        raise ValueError(
            f"expected a batch of images of shape (n, 784), got shape {x.shape}"
        )
    return x


def _frame(axis) -> None:
    """No ticks, a thin grey frame: the look of every small image."""
    axis.set_xticks([])
    axis.set_yticks([])
    for spine in axis.spines.values():
        spine.set_visible(True)
        spine.set_color("0.75")


def _show_digit(axis, pixels) -> None:
    """A digit as grey ink on white paper."""
    axis.imshow(
        _as_image(pixels), cmap="gray_r", vmin=0, vmax=1, interpolation="nearest"
    )
    _frame(axis)


def _show_weights(axis, weights, largest: float | None = None):
    """784 weights as a 28x28 image: NEGATIVE, white at exactly 0, POSITIVE.

    The scale runs from -largest to +largest (by default the largest |weight|);
    weights beyond it are drawn at full colour.
    """
    from matplotlib.colors import LinearSegmentedColormap

    weights = _as_image(weights, "grid of weights")
    if largest is None:
        largest = float(np.max(np.abs(weights)))
    largest = float(largest) or 1.0
    colours = LinearSegmentedColormap.from_list("signed", [NEGATIVE, "white", POSITIVE])
    image = axis.imshow(
        weights, cmap=colours, vmin=-largest, vmax=largest, interpolation="nearest"
    )
    _frame(axis)
    return image


def _show_activity(axis, image, where) -> None:
    """``where`` (28x28 values in [0, 1]) as POSITIVE ink over a faint ``image``."""
    from matplotlib.colors import to_rgb

    axis.imshow(image, cmap="gray_r", vmin=0, vmax=5, interpolation="nearest")
    overlay = np.zeros((28, 28, 4))
    overlay[..., :3] = to_rgb(POSITIVE)
    overlay[..., 3] = np.clip(where, 0.0, 1.0)
    axis.imshow(overlay, interpolation="nearest")
    _frame(axis)


def plot_digit_through_network(network, image):
    """A digit (left, the input layer's 28x28 pixels) and the activations it gives
    every later layer of ``network``, drawn by ``plot_network``.

    Neurons are grey ink, darker for larger activations; a layer whose activations
    go above 1 (a ReLU layer) is shaded relative to its own largest activation. Each
    output neuron is labelled with its digit and activation, and the brightest one,
    the network's answer, is ringed.
    """
    plt = _pyplot()
    image = _as_image(image)
    sizes = network.sizes
    if sizes[0] != 784:
        raise ValueError(f"the network must take 784 inputs, not {sizes[0]}")
    layers = network.activations(image.reshape(784))
    shading = [a / a.max() if a.max() > 1 else a for a in layers]
    figure = plot_network(sizes[1:], activations=shading[1:])
    axis = figure.axes[0]
    # plot_network drew layers 1, 2, ... and named the first "input layer": rename.
    labels = sorted(
        (text for text in axis.texts if text.get_text().endswith("neurons")),
        key=lambda text: text.get_position()[0],
    )
    for number, (text, size) in enumerate(zip(labels, sizes[1:]), start=1):
        name = "output layer" if number == len(sizes) - 1 else f"hidden layer {number}"
        text.set_text(f"{name}\n{size:,} neurons")
    circles = [patch for patch in axis.patches if getattr(patch, "radius", 0) > 0.2]
    columns = sorted({round(circle.center[0], 6) for circle in circles})

    def column(x: float) -> list:
        found = [c for c in circles if round(c.center[0], 6) == x]
        return sorted(found, key=lambda circle: -circle.center[1])

    first, outputs = column(columns[0]), column(columns[-1])
    # The image, in the axis's own units, left of the first hidden layer, and a fan
    # of connections from it to every neuron of that layer.
    x0, side, gap = columns[0], 11.0, 5.0
    left, right = x0 - gap - side, x0 - gap
    axis.imshow(
        image,
        cmap="gray_r",
        vmin=0,
        vmax=1,
        interpolation="nearest",
        extent=(left, right, -side / 2, side / 2),
        zorder=2,
    )
    axis.add_patch(
        plt.Rectangle(
            (left, -side / 2), side, side, fill=False, edgecolor="0.25", zorder=3
        )
    )
    fan = [
        [(right, y0), circle.center, (np.nan, np.nan)]
        for y0 in np.linspace(-side / 2 + 0.5, side / 2 - 0.5, 7)
        for circle in first
    ]
    xs, ys = np.concatenate(fan).T
    axis.plot(xs, ys, color="0.55", linewidth=0.25, alpha=0.6, zorder=1)
    axis.text(
        (left + right) / 2,
        labels[0].get_position()[1],
        "input layer\n784 pixels",
        ha="center",
        va="top",
    )
    output = layers[-1]
    answer = int(np.argmax(output))
    for digit, circle in enumerate(outputs):
        x, y = circle.center
        chosen = digit == answer
        axis.text(
            x + 1.7,
            y,
            f"{output[digit]:.2f}",
            va="center",
            fontsize=8.5,
            color=POSITIVE if chosen else "0.35",
            fontweight="bold" if chosen else "normal",
        )
        if chosen:
            axis.add_patch(
                plt.Circle(
                    (x, y),
                    circle.radius + 0.12,
                    fill=False,
                    edgecolor=POSITIVE,
                    linewidth=1.8,
                    zorder=3,
                )
            )
    x_min, x_max = axis.get_xlim()
    new_min, new_max = left - 0.5, x_max + 2.0
    axis.set_xlim(new_min, new_max)
    width, height = figure.get_size_inches()
    figure.set_size_inches(width * (new_max - new_min) / (x_max - x_min), height)
    return figure


def plot_hoped_layers(images, splits, digits):
    """The hope, drawn for a few digits: pixels, then short edges, then larger parts,
    then the digit, one column per layer of a 784-16-16-10 network.

    ``images`` are 28x28 digits (or their 784 pixels); ``splits[k]`` is the row
    that cuts digit k into its two parts (a 9's loop above and line below, an 8's
    two loops); ``digits`` the answers. In the edges column each inked pixel is
    coloured by the orientation of the ``nn_tutorial.edges`` detector that is
    most active there (see ``ORIENTATION_COLOURS``); the parts are the digit's
    pixels above and below the cut. No trained network is involved: this is what
    we might hope one learns.
    """
    from matplotlib.colors import to_rgb
    from matplotlib.patches import Patch

    from .edges import edge_map

    plt = _pyplot()
    images = [_as_image(image) for image in images]
    if not len(images) == len(splits) == len(digits):
        raise ValueError(
            f"give one split row and one digit per image: got {len(images)} images, "
            f"{len(splits)} splits and {len(digits)} digits"
        )
    names = list(ORIENTATION_COLOURS)
    palette = np.array([to_rgb(ORIENTATION_COLOURS[name]) for name in names])
    figure, axes = plt.subplots(
        len(images), 5, figsize=(7.2, 1.55 * len(images) + 0.8), squeeze=False
    )
    for row, (image, split, digit) in enumerate(zip(images, splits, digits)):
        _show_digit(axes[row, 0], image)
        strongest = np.argmax([edge_map(image, name) for name in names], axis=0)
        ink = np.clip(image, 0.0, 1.0)[..., None]
        axes[row, 1].imshow(
            1.0 - ink * (1.0 - palette[strongest]), interpolation="nearest"
        )
        _frame(axes[row, 1])
        top, bottom = image.copy(), image.copy()
        top[split:] = 0
        bottom[:split] = 0
        _show_digit(axes[row, 2], top)
        _show_digit(axes[row, 3], bottom)
        axis = axes[row, 4]
        axis.axis("off")
        axis.add_patch(
            plt.Circle((0.5, 0.5), 0.3, facecolor="white", edgecolor="0.25", lw=1.2)
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
    for row in range(len(images)):  # arrows between the columns, "+" between parts
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
                color="0.35",
            )
    return figure


def plot_hidden_neurons(network, images, count: int = 4, columns: int = 4):
    """What the neurons of the first hidden layer respond to, one panel per neuron.

    Each panel shows the neuron's 784 incoming weights as a 28x28 image, coloured by
    sign, white at 0 and at full colour from the 99th percentile of its |weights| on
    (so that a few large weights do not wash out the rest), and under it the
    ``count`` images of ``images`` (shape (n, 784)) that make it most active.
    """
    plt = _pyplot()
    x = _as_batch(images)
    count, columns = positive_int(count, "count"), positive_int(columns, "columns")
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
        scale = np.percentile(np.abs(weights[neuron]), 99)
        _show_weights(axis, weights[neuron], scale)
        axis.set_title(f"neuron {neuron}", fontsize=9, pad=3)
        top = np.argsort(-activations[:, neuron], kind="stable")[:count]
        for k, index in enumerate(top):
            _show_digit(figure.add_subplot(cell[1, k]), x[index])
    return figure


def plot_edge_detector(neuron, images, labels, count: int = 24, columns: int = 6):
    """A detector's 784 weights as a 28x28 image (left) and the ``count`` images that
    make it most active (right), each titled with its label and its weighted sum
    z = w · x + b (the activations of the top ones are all close to 1).

    ``neuron`` is a ``Neuron`` with 784 weights, such as
    ``edge_detector(...)``; ``images`` a batch of shape (n, 784) with its ``labels``.
    """
    plt = _pyplot()
    x = _as_batch(images)
    labels = np.asarray(labels)
    if labels.shape != (len(x),):
        raise ValueError(
            f"expected one label per image ({len(x)}), got shape {labels.shape}"
        )
    sums = x @ _as_image(neuron.weights).reshape(784) + neuron.bias
    top = np.argsort(-sums, kind="stable")[:count]
    rows = -(-len(top) // columns)
    figure = plt.figure(figsize=(2.6 + 0.85 * columns, 1.05 * rows + 0.6))
    grid = figure.add_gridspec(
        rows, columns + 2, width_ratios=[3.2, 0.25] + [1] * columns
    )
    left = figure.add_subplot(grid[:, 0])
    colours = _show_weights(left, neuron.weights)
    left.set_title(f"its weights\n(bias {neuron.bias:g})", fontsize=10)
    bar = figure.colorbar(colours, ax=left, orientation="horizontal", pad=0.04)
    bar.ax.tick_params(labelsize=8)
    first_row = []
    for number, index in enumerate(top):
        axis = figure.add_subplot(grid[number // columns, 2 + number % columns])
        _show_digit(axis, x[index])
        axis.set_title(f"{labels[index]}: z = {sums[index]:.1f}", fontsize=8.5, pad=2)
        first_row += [axis] if number < columns else []
    middle = (first_row[0].get_position().x0 + first_row[-1].get_position().x1) / 2
    figure.suptitle(
        f"The {len(top)} of {len(x):,} images that make it most active\n"
        "(label: z = w · x + b)",
        x=middle,
        fontsize=10,
    )
    return figure


def plot_edge_maps(images, length: int = 7, width: int = 3):
    """A bank of edge detectors, one per orientation, slid across several images.

    Top row: the images. Below, one row per orientation of
    ``nn_tutorial.edges.ORIENTATIONS``: the detector's weights (left), then for
    each image the detector's activation at every position, drawn as POSITIVE ink
    over a faint copy of the digit, and titled with its largest activation.
    """
    from .edges import ORIENTATIONS, edge_detector, edge_map

    plt = _pyplot()
    images = [_as_image(image) for image in images]
    rows, columns = len(ORIENTATIONS) + 1, len(images) + 1
    figure, axes = plt.subplots(
        rows, columns, figsize=(1.05 * columns + 0.3, 1.2 * rows), squeeze=False
    )
    axes[0, 0].axis("off")
    for column, image in enumerate(images, start=1):
        _show_digit(axes[0, column], image)
        axes[0, column].set_title("digit", fontsize=9)
    for row, orientation in enumerate(ORIENTATIONS, start=1):
        weights = edge_detector(orientation, (14, 14), length, width).weights
        _show_weights(axes[row, 0], weights)
        axes[row, 0].set_ylabel(orientation, fontsize=10)
        for column, image in enumerate(images, start=1):
            where = edge_map(image, orientation, length, width)
            _show_activity(axes[row, column], image, where)
            axes[row, column].set_title(f"max {where.max():.2f}", fontsize=8.5, pad=2)
    axes[1, 0].set_title("detector", fontsize=9)
    figure.tight_layout(h_pad=0.6, w_pad=0.4)
    return figure
