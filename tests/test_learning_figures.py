"""The figures of chapter 6 (Learning) and its notebook: gradient descent on a 2-D
cost, a training history, and the digits a network gets wrong."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from matplotlib.figure import Figure  # noqa: E402

from nn_tutorial import History, Network, train  # noqa: E402
from nn_tutorial.plots import (  # noqa: E402
    figure_html,
    plot_gradient_descent,
    plot_misclassified,
    plot_step_along_gradient,
    plot_training_history,
)


def titles(figure: Figure) -> list[str]:
    return [axis.get_title() for axis in figure.axes if axis.get_title()]


def test_every_learning_figure_is_exported():
    import nn_tutorial.plots as plots

    for name in (
        "plot_gradient_descent",
        "plot_training_history",
        "plot_misclassified",
        "plot_step_along_gradient",
    ):
        assert name in plots.__all__


# -- plot_gradient_descent -------------------------------------------------------------


def test_gradient_descent_draws_one_panel_per_learning_rate():
    figure = plot_gradient_descent(learning_rates=(0.05, 0.18, 0.21), steps=20)
    assert isinstance(figure, Figure)
    assert [axis.get_title().splitlines()[0] for axis in figure.axes] == [
        "learning rate η = 0.05",
        "learning rate η = 0.18",
        "learning rate η = 0.21",
    ]
    figure_html(figure, alt="closes the figure")


def test_gradient_descent_says_which_learning_rate_overshoots():
    small, large = plot_gradient_descent(learning_rates=(0.05, 0.21)).axes
    assert "(up)" not in small.get_title()
    assert "(up)" in large.get_title()


def test_gradient_descent_accepts_a_single_learning_rate():
    figure = plot_gradient_descent(learning_rates=0.1, steps=5, start=(2.0, -1.0))
    assert len(figure.axes) == 1
    assert "in 5 steps" in figure.axes[0].get_title()
    figure_html(figure, alt="closes the figure")


def test_gradient_descent_survives_a_learning_rate_that_blows_up():
    figure = plot_gradient_descent(learning_rates=50.0, steps=400)
    assert "(up)" in figure.axes[0].get_title()
    figure_html(figure, alt="closes the figure")


def test_gradient_descent_figure_stays_small_in_both_themes():
    """The valley's filled contours are one embedded image, not thousands of SVG
    polygons (which made the two drawings 2.7 MB of chapter 6's page)."""
    html = figure_html(lambda: plot_gradient_descent(), alt="descent")
    assert html.count("<img") == 2
    assert len(html) < 800_000


def test_gradient_descent_figure_is_byte_identical_twice():
    first = figure_html(plot_gradient_descent(), alt="descent")
    second = figure_html(plot_gradient_descent(), alt="descent")
    assert first == second


# -- plot_training_history -------------------------------------------------------------


def test_training_history_draws_cost_and_accuracy():
    history = History(cost=[0.9, 0.5, 0.4], accuracy=[0.85, 0.9, 0.925])
    figure = plot_training_history(history)
    assert isinstance(figure, Figure)
    assert titles(figure) == [
        "training cost: 0.9 → 0.4",
        "test accuracy: 92.5% after the last epoch",
    ]
    assert list(figure.axes[0].lines[0].get_xdata()) == [1, 2, 3]
    figure_html(figure, alt="closes the figure")


def test_training_history_without_test_data_draws_only_the_cost():
    figure = plot_training_history(History(cost=[0.9, 0.5]))
    assert len(figure.axes) == 1
    figure_html(figure, alt="closes the figure")


def test_training_history_of_a_real_training_run():
    rng = np.random.default_rng(0)
    images = rng.random((100, 4))
    labels = (images[:, 0] > images[:, 1]).astype(int)
    network = Network([4, 6, 2], seed=0)
    history = train(
        network,
        images,
        labels,
        epochs=3,
        batch_size=10,
        learning_rate=1.0,
        test_data=(images, labels),
        progress=False,
    )
    figure = plot_training_history(history)
    assert len(figure.axes) == 2
    first = figure_html(figure, alt="history")
    assert first == figure_html(plot_training_history(history), alt="history")


def test_training_history_that_is_empty_is_refused():
    with pytest.raises(ValueError, match="the history is empty"):
        plot_training_history(History())


def test_training_history_with_missing_accuracies_is_refused():
    with pytest.raises(ValueError, match="3 costs but 2 accuracies"):
        plot_training_history(History(cost=[0.9, 0.5, 0.4], accuracy=[0.8, 0.9]))


def test_training_history_needs_a_history():
    with pytest.raises(TypeError, match="expected the History that train"):
        plot_training_history([0.9, 0.5])


# -- plot_misclassified ----------------------------------------------------------------


def two_pixel_network() -> Network:
    """Images of 2x2 pixels; the answer is 0 if pixel 0 is brighter than pixel 1."""
    network = Network([4, 2], seed=0)
    network.weights[0][:] = [[5.0, -5.0, 0.0, 0.0], [-5.0, 5.0, 0.0, 0.0]]
    return network


IMAGES = np.array(
    [
        [1.0, 0.0, 0.0, 0.0],  # says 0
        [0.0, 1.0, 0.0, 0.0],  # says 1
        [1.0, 0.0, 0.5, 0.5],  # says 0
        [0.0, 1.0, 0.5, 0.5],  # says 1
    ]
)


def test_misclassified_shows_each_wrong_image_with_both_labels():
    labels = np.array([0, 0, 1, 1])  # images 1 and 2 are wrong
    figure = plot_misclassified(two_pixel_network(), IMAGES, labels)
    assert isinstance(figure, Figure)
    assert titles(figure) == ["true 0\nsaid 1", "true 1\nsaid 0"]
    assert figure.get_suptitle() == "2 of 4 images are wrong (50.0%); the first 2:"
    figure_html(figure, alt="closes the figure", format="png")


def test_misclassified_shows_at_most_count_in_rows_of_columns():
    labels = np.array([1, 0, 1, 0])  # all four wrong
    figure = plot_misclassified(two_pixel_network(), IMAGES, labels, count=3, columns=2)
    assert len(titles(figure)) == 3
    assert len(figure.axes) == 4  # two rows of two; the last one left empty
    assert figure.get_suptitle().startswith("4 of 4 images are wrong")
    figure_html(figure, alt="closes the figure", format="png")


def test_misclassified_figure_is_byte_identical_twice():
    labels = np.array([1, 0, 1, 0])
    network = two_pixel_network()
    first = figure_html(plot_misclassified(network, IMAGES, labels), alt="x")
    assert first == figure_html(plot_misclassified(network, IMAGES, labels), alt="x")


def test_misclassified_with_nothing_wrong_says_so():
    with pytest.raises(ValueError, match="gets all 4 images right"):
        plot_misclassified(two_pixel_network(), IMAGES, np.array([0, 1, 0, 1]))


@pytest.mark.parametrize(
    ("images", "labels", "match"),
    [
        (IMAGES, np.array([0, 1, 0]), "4 images and 3 labels"),
        (IMAGES, np.array([0.0, 1.5, 0.0, 1.0]), "labels must be whole numbers 0-1"),
        (
            IMAGES,
            np.array([0, 1, 2, 1]),
            r"labels must be digits 0-1 .* labels\[2\] is 2",
        ),
        (IMAGES[0], np.array([1]), "expected a batch of images"),
    ],
)
def test_misclassified_rejects_mismatched_input(images, labels, match):
    with pytest.raises(ValueError, match=match):
        plot_misclassified(two_pixel_network(), images, labels)


def test_misclassified_needs_square_images():
    network = Network([3, 2], seed=0)
    with pytest.raises(ValueError, match="not square"):
        plot_misclassified(network, np.zeros((2, 3)), np.array([0, 1]))


@pytest.mark.parametrize("argument", ["count", "columns"])
@pytest.mark.parametrize(
    ("value", "error"), [(0, ValueError), (-1, ValueError), (2.0, TypeError)]
)
def test_misclassified_rejects_a_bad_count_or_columns(argument, value, error):
    with pytest.raises(error, match=f"{argument} must be a positive whole number"):
        plot_misclassified(
            two_pixel_network(), IMAGES, np.array([1, 0, 1, 0]), **{argument: value}
        )


def test_a_small_step_against_the_gradient_follows_the_prediction():
    rng = np.random.default_rng(0)
    images, labels = rng.random((20, 6)), rng.integers(0, 3, 20)
    network = Network([6, 5, 3], seed=0)
    before = [w.copy() for w in network.weights]
    figure = plot_step_along_gradient(network, images, labels, largest_rate=0.01)
    predicted, measured = (line.get_ydata() for line in figure.axes[0].lines)
    assert measured[-1] < measured[0]  # downhill
    assert np.allclose(measured, predicted, rtol=1e-3)  # a small step: as predicted
    assert all(np.array_equal(w, b) for w, b in zip(network.weights, before))


def test_the_step_figure_checks_its_arguments():
    network = Network([4, 2], seed=0)
    with pytest.raises(ValueError, match="at least 2"):
        plot_step_along_gradient(network, np.eye(4), [0, 1, 0, 1], points=1)
    with pytest.raises(ValueError, match="largest_rate"):
        plot_step_along_gradient(network, np.eye(4), [0, 1, 0, 1], largest_rate=0)
