"""Figures of chapters 6 and 9 and the notebook: gradient descent on a small 2-D
cost, the cost along one step against a real network's gradient, a training run's
history, and the test digits a network gets wrong."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from .._checks import check_examples, check_history, positive_float, positive_int
from ._style import Floats, theme, use_style

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..network import Network
    from ..training import History

__all__ = [
    "plot_gradient_descent",
    "plot_misclassified",
    "plot_step_along_gradient",
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


def _valley_cost(w1: Floats, w2: Floats) -> Floats:
    """The valley's cost at (w1, w2); works elementwise on arrays."""
    a = _VALLEY
    cost = 0.5 * (a[0, 0] * w1 * w1 + 2 * a[0, 1] * w1 * w2 + a[1, 1] * w2 * w2)
    return np.asarray(cost, dtype=float)


def _descent_path(learning_rate: float, steps: int, start: Floats) -> Floats:
    """The points w₀, w₁, … of gradient descent w ← w − η ∇C(w) on the valley."""
    path = [start]
    with np.errstate(over="ignore", invalid="ignore"):  # a rate too large blows up
        for _ in range(steps):
            w = path[-1]
            path.append(w - learning_rate * (_VALLEY @ w))  # ∇C(w) = A w
    return np.array(path)


def _cost_text(value: float) -> str:
    """A cost with two significant digits, without exponents up to a million."""
    return f"{value:,.0f}" if 100 <= abs(value) < 1e6 else f"{value:.2g}"


def plot_gradient_descent(
    learning_rates: float | tuple[float, ...] = (0.05, 0.18, 0.21),
    steps: int = 20,
    start: tuple[float, float] = (-3.3, -1.0),
) -> Figure:
    """Gradient descent on a 2-D cost, one panel per learning rate.

    The cost is a long, narrow valley over two weights (contour lines; darker is
    lower). From ``start``, each of ``steps`` steps moves the weights by the
    learning rate times the negative gradient; the dots are the weights after each
    step. A small rate creeps along the valley floor, a larger one gets there faster
    by zigzagging across it, and one that is too large overshoots further with every
    step. Same arguments, same figure.

    Args:
        learning_rates: One learning rate, or several: one panel each.
        steps: How many steps of gradient descent each panel shows.
        start: The weights (w1, w2) the descent starts from.

    Returns:
        The figure, one axis per learning rate, each titled with the rate and how
        the cost changed ("(up)" when it grew).

    Examples:
        >>> from nn_tutorial.plots import plot_gradient_descent
        >>> plot_gradient_descent(0.21, steps=20).axes[0].get_title()
        'learning rate η = 0.21\\ncost 8.7 → 139 in 20 steps (up)'
    """
    use_style()
    import matplotlib.pyplot as plt

    colours = theme()
    rates = [float(rate) for rate in np.atleast_1d(learning_rates)]
    first_w = np.asarray(start, dtype=float)
    limit = max(4.0, 1.15 * float(np.max(np.abs(first_w))))
    grid = np.linspace(-limit, limit, 241)
    w1, w2 = np.meshgrid(grid, grid)
    cost = _valley_cost(w1, w2)
    levels = np.quantile(cost, np.linspace(0, 0.9, 12) ** 2)[1:]
    from matplotlib.colors import LinearSegmentedColormap

    valley = LinearSegmentedColormap.from_list(
        f"valley-{colours.name}", [colours.positive, colours.background]
    )
    figure, axes = plt.subplots(
        1, len(rates), figsize=(3.6 * len(rates), 3.9), squeeze=False
    )
    for axis, rate in zip(axes[0], rates, strict=True):
        path = _descent_path(rate, steps, first_w)
        axis.contourf(
            w1, w2, cost, levels=[0, *levels], cmap=valley, alpha=0.55, rasterized=True
        )
        axis.contour(
            w1, w2, cost, levels=levels, colors=[colours.grey(0.45)], linewidths=0.6
        )
        shown = path[np.all(np.abs(path) <= 3 * limit, axis=1)]
        axis.plot(
            shown[:, 0], shown[:, 1], color=colours.negative, linewidth=1.0, zorder=3
        )
        axis.plot(
            shown[1:, 0],
            shown[1:, 1],
            "o",
            color=colours.negative,
            markersize=3.2,
            zorder=4,
        )
        axis.plot(*first_w, "o", color=colours.foreground, markersize=6, zorder=5)
        axis.annotate(
            "start",
            (float(first_w[0]), float(first_w[1])),
            xytext=(6, 6),
            textcoords="offset points",
            fontsize=9,
        )
        axis.plot(0, 0, "*", color=colours.foreground, markersize=10, zorder=5)
        with np.errstate(over="ignore", invalid="ignore"):
            final = float(_valley_cost(path[-1, 0], path[-1, 1]))
        first = float(_valley_cost(first_w[0], first_w[1]))
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


def plot_step_along_gradient(
    network: Network,
    images: npt.ArrayLike,
    labels: npt.ArrayLike,
    largest_rate: float = 4.0,
    points: int = 41,
) -> Figure:
    """The quadratic cost of ``images`` after one step ``-η ∇C`` from ``network``'s
    weights, against the learning rate η, with the straight line ``C − η ‖∇C‖²`` that
    the gradient predicts (Nielsen's argument that the step goes downhill).

    The network is not changed: each point steps from a copy of its weights.

    Args:
        network: The network whose weights the step starts from.
        images: The images whose cost is measured, shape (n, sizes[0]).
        labels: Their digits.
        largest_rate: The largest learning rate drawn.
        points: How many learning rates, from 0 to ``largest_rate``.

    Returns:
        The figure: one axis, the measured cost (a curve) and the prediction (a
        straight line), titled with the squared length of the gradient.

    Raises:
        ValueError: If the images or labels do not fit the network, ``points`` is
            not a whole number of at least 2, or ``largest_rate`` is not positive.

    Examples:
        >>> import numpy as np
        >>> from nn_tutorial import Network
        >>> from nn_tutorial.plots import plot_step_along_gradient
        >>> network = Network([4, 3, 2], seed=0)
        >>> figure = plot_step_along_gradient(network, np.eye(4), [0, 1, 0, 1])
        >>> figure.axes[0].get_title()
        'cost after one step against the gradient (‖∇C‖² = 0.00565)'
    """
    use_style()
    import matplotlib.pyplot as plt

    from ..costs import QuadraticCost

    colours = theme()
    largest_rate = positive_float(largest_rate, "largest_rate")
    points = positive_int(points, "points")
    if points < 2:
        raise ValueError(f"points must be at least 2, got {points}")
    x, digits = check_examples(images, labels, network.sizes, dtype=network.dtype)
    desired = np.eye(network.sizes[-1])[digits]
    weight_gradients, bias_gradients = network.backprop(x, digits)
    start = [np.array(knob) for knob in network.weights + network.biases]
    slopes = weight_gradients + bias_gradients
    squared_length = float(sum(np.sum(slope**2) for slope in slopes))
    stepped = copy.deepcopy(network)
    rates = np.linspace(0.0, largest_rate, points)
    measured = []
    for rate in rates:
        for knob, first, slope in zip(
            stepped.weights + stepped.biases, start, slopes, strict=True
        ):
            knob[...] = first - rate * slope
        measured.append(QuadraticCost.value(stepped.feedforward(x), desired))
    before = measured[0]
    figure, axis = plt.subplots(figsize=(5.6, 3.6))
    axis.plot(
        rates,
        before - rates * squared_length,
        "--",
        color=colours.grey(0.45),
        linewidth=1.4,
        label="predicted: C − η ‖∇C‖²",
    )
    axis.plot(rates, measured, color=colours.negative, linewidth=2.0, label="measured")
    axis.set_ylim(min(0.0, float(np.min(measured))), 1.1 * before)
    axis.set_xlim(0, largest_rate)
    axis.set_xlabel("learning rate η (size of the step)")
    axis.set_ylabel("cost after the step")
    axis.set_title(
        f"cost after one step against the gradient (‖∇C‖² = {squared_length:.3g})"
    )
    axis.legend(frameon=False)
    axis.grid(True, color=colours.grey(0.9), linewidth=0.8)
    figure.tight_layout()
    return figure


def plot_training_history(history: History) -> Figure:
    """The training cost (left) and test accuracy (right) after each epoch.

    Without test accuracies only the cost is drawn.

    Args:
        history: What ``train`` returns: a ``cost`` per epoch, and an ``accuracy``
            per epoch or none.

    Returns:
        The figure: one axis for the cost, and one for the accuracy if there is one.

    Raises:
        TypeError: If ``history`` is not a ``History``.
        ValueError: If it has no epochs, or not one accuracy per cost.

    Examples:
        >>> from nn_tutorial import History
        >>> from nn_tutorial.plots import plot_training_history
        >>> history = History(cost=[0.9, 0.5], accuracy=[0.85, 0.9])
        >>> [axis.get_title() for axis in plot_training_history(history).axes]
        ['training cost: 0.9 → 0.5', 'test accuracy: 90.0% after the last epoch']
    """
    use_style()
    import matplotlib.pyplot as plt

    colours = theme()
    cost, accuracy = check_history(history)
    epochs = np.arange(1, len(cost) + 1)
    panels = 2 if len(accuracy) else 1
    figure, axes = plt.subplots(1, panels, figsize=(4.2 * panels, 3.3), squeeze=False)
    left = axes[0, 0]
    left.plot(epochs, cost, "o-", color=colours.negative, linewidth=1.8, markersize=4)
    left.set_title(f"training cost: {cost[0]:.3g} → {cost[-1]:.3g}")
    left.set_ylabel("cost (average over the epoch)")
    left.set_ylim(0, None)
    if panels == 2:
        right = axes[0, 1]
        right.plot(epochs, 100 * accuracy, "o-", color=colours.positive, linewidth=1.8)
        right.set_title(f"test accuracy: {accuracy[-1]:.1%} after the last epoch")
        right.set_ylabel("test digits right (%)")
        right.set_ylim(min(90.0, 100 * float(accuracy.min()) - 2), 100)
    for axis in axes[0]:
        axis.set_xlabel("epoch")
        axis.set_xticks(epochs if len(epochs) <= 15 else epochs[:: len(epochs) // 10])
        axis.grid(True, color=colours.grey(0.9), linewidth=0.8)
    figure.tight_layout()
    return figure


def plot_misclassified(
    network: Network,
    images: npt.ArrayLike,
    labels: npt.ArrayLike,
    count: int = 24,
    columns: int = 8,
) -> Figure:
    """The first ``count`` images that ``network`` gets wrong, in a grid.

    Each is titled with its true label and the network's answer; the figure's title
    says how many of the images are wrong in all.

    Args:
        network: The network to test.
        images: A batch, shape (n, 784) (any square number of pixels works).
        labels: The n true digits.
        count: The most wrong images shown.
        columns: Images per row.

    Returns:
        The figure, one axis per shown image (the last row's spare ones empty).

    Raises:
        ValueError: If the images or labels do not fit the network or each other,
            ``count`` or ``columns`` is not a positive whole number, or the network
            gets every image right.

    Examples:
        >>> import numpy as np
        >>> from nn_tutorial import Network
        >>> from nn_tutorial.plots import plot_misclassified
        >>> network = Network([4, 2], seed=0)
        >>> images, labels = np.eye(4), np.array([0, 0, 1, 1])
        >>> predictions = network.predict(images)
        >>> figure = plot_misclassified(network, images, 1 - predictions)
        >>> figure.get_suptitle()
        '4 of 4 images are wrong (100.0%); the first 4:'
    """
    use_style()
    import matplotlib.pyplot as plt

    colours = theme()
    count, columns = positive_int(count, "count"), positive_int(columns, "columns")
    x, digits = check_examples(images, labels, network.sizes, dtype=float)
    side = int(round(np.sqrt(x.shape[1])))
    if side * side != x.shape[1]:
        raise ValueError(f"images of {x.shape[1]} pixels are not square: cannot draw")
    predictions = np.argmax(network.feedforward(x), axis=1)  # the brightest output
    wrong = np.flatnonzero(predictions != digits)
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
            cmap=colours.ink_map(),
            vmin=0,
            vmax=1,
            interpolation="nearest",
        )
        axis.set_title(
            f"true {digits[index]}\nsaid {predictions[index]}",
            fontsize=9,
            color=colours.negative,
            linespacing=1.1,
        )
    figure.suptitle(
        f"{len(wrong):,} of {len(x):,} images are wrong "
        f"({len(wrong) / len(x):.1%}); the first {len(shown)}:",
        fontsize=10,
    )
    figure.tight_layout()
    return figure
