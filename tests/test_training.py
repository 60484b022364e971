"""Costs, backpropagation and SGD: gradients against finite differences, training
that is deterministic and learns, and bad input caught before any training."""

from __future__ import annotations

import inspect
import os
import re

import numpy as np
import pytest

from nn_tutorial.costs import COSTS, CrossEntropyCost, QuadraticCost, get_cost
from nn_tutorial.network import Network, backprop, evaluate
from nn_tutorial.recipes import (
    DEFAULT_RECIPE,
    PRETRAINED_RECIPE,
    PRETRAINED_RECIPES,
    PRETRAINED_RELU_RECIPE,
    VIDEO_RECIPE,
    pretrained,
    train_pretrained,
)
from nn_tutorial.training import (
    History,
    expand_training_data,
    learning_rate_at,
    train,
)

ACTIVATIONS = ["sigmoid", "relu"]

# -- helpers ---------------------------------------------------------------------------


def one_hot(labels, classes: int) -> np.ndarray:
    return np.eye(classes)[labels]


def hidden_weighted_inputs(network: Network, x) -> list[np.ndarray]:
    """The weighted inputs z of every hidden layer."""
    return [
        a @ w.T + b
        for a, w, b in zip(network.activations(x)[:-2], network.weights, network.biases)
    ]


def network_away_from_kinks(activation: str, sizes=(6, 5, 4, 3), n: int = 4):
    """A float64 network and a mini-batch whose hidden weighted inputs are all at
    least 0.1 away from 0, where ReLU has its kink: the finite difference steps (at
    most 2e-3 on a parameter, so less than 0.1 on any z) then never cross it, and
    ReLU's slope is well defined along the way."""
    for seed in range(1000):
        rng = np.random.default_rng(seed)
        network = Network(list(sizes), activation=activation, seed=seed)
        for b in network.biases:
            b[:] = rng.normal(0, 0.5, size=b.shape)
        x = rng.random((n, sizes[0]))
        y = rng.integers(0, sizes[-1], size=n)
        if all(np.abs(z).min() > 0.1 for z in hidden_weighted_inputs(network, x)):
            return network, x, y
    raise AssertionError("no network away from the kinks found")  # pragma: no cover


def finite_difference_gradients(network, x, targets, cost, h=1e-3):
    """∂C/∂p for every weight and bias p, one by one, by the fourth-order central
    difference [C(p - 2h) - 8 C(p - h) + 8 C(p + h) - C(p + 2h)] / 12h: its error is
    about h⁴ C⁽⁵⁾ + ε C / h ≈ 1e-12, so a relative error of 1e-6 is a real test."""
    gradients = []
    for array in network.weights + network.biases:
        gradient = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            saved = array[index]
            costs = []
            for step in (-2, -1, 1, 2):
                array[index] = saved + step * h
                costs.append(cost.value(network.feedforward(x), targets))
            array[index] = saved
            gradient[index] = (costs[0] - 8 * costs[1] + 8 * costs[2] - costs[3]) / (
                12 * h
            )
        gradients.append(gradient)
    return gradients


def relative_error(a: np.ndarray, b: np.ndarray, floor: float = 1e-6) -> float:
    """max |a − b| / max(|a|, |b|) over the elements; gradients smaller than
    ``floor`` are compared against ``floor`` (a finite difference resolves them only
    to about 1e-12 in absolute terms)."""
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
    return float(np.max(np.abs(a - b) / scale))


def synthetic_digits(n: int = 300, seed: int = 0):
    """Separable data with 784 pixels and 3 classes: each class brightens its own
    block of pixels, plus noise."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 3, size=n)
    images = rng.random((n, 784)) * 0.3
    for digit in range(3):
        images[labels == digit, digit * 100 : digit * 100 + 100] += 0.6
    return np.clip(images, 0, 1), labels


# -- costs -----------------------------------------------------------------------------


def test_costs_by_name_and_unknown_name_lists_the_choices():
    assert get_cost("quadratic") is QuadraticCost
    assert get_cost("cross-entropy") is CrossEntropyCost
    assert set(COSTS) == {"quadratic", "cross-entropy"}
    with pytest.raises(ValueError, match="unknown cost 'mse'.*'quadratic'.*'cross"):
        get_cost("mse")
    with pytest.raises(ValueError, match="unknown cost"):
        train(Network([4, 2]), np.zeros((2, 4)), [0, 1], cost="squared")


def test_cost_values():
    a = np.array([[0.8, 0.1], [0.4, 0.6]])
    y = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert QuadraticCost.value(a, y) == pytest.approx((0.04 + 0.01 + 0.16 + 0.16) / 4)
    expected = -(np.log(0.8) + np.log(0.9) + np.log(0.6) + np.log(0.6)) / 2
    assert CrossEntropyCost.value(a, y) == pytest.approx(expected)
    # a saturated, wrong output costs a lot but not infinity
    assert np.isfinite(CrossEntropyCost.value(np.array([[1.0, 0.0]]), [[0.0, 1.0]]))
    assert CrossEntropyCost.value(np.array([[1.0, 0.0]]), [[1.0, 0.0]]) < 1e-12


@pytest.mark.parametrize("cost", [QuadraticCost, CrossEntropyCost])
def test_output_error_delta_is_the_derivative_of_the_cost(cost):
    rng = np.random.default_rng(0)
    z = rng.normal(size=(3, 4))
    y = one_hot(rng.integers(0, 4, 3), 4)
    sigmoid = 1 / (1 + np.exp(-z))
    h = 1e-6
    numeric = np.zeros_like(z)
    for index in np.ndindex(z.shape):
        plus, minus = z.copy(), z.copy()
        plus[index] += h
        minus[index] -= h
        numeric[index] = (
            cost.value(1 / (1 + np.exp(-plus)), y)
            - cost.value(1 / (1 + np.exp(-minus)), y)
        ) / (2 * h)
    # value() averages over the 3 examples, delta() is per example
    assert relative_error(cost.delta(z, sigmoid, y) / 3, numeric) < 1e-6


# -- backpropagation against finite differences ----------------------------------------


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("cost", ["quadratic", "cross-entropy"])
def test_every_backprop_gradient_matches_finite_differences(activation, cost):
    network, x, labels = network_away_from_kinks(activation)
    weight_gradients, bias_gradients = backprop(network, x, labels, cost=cost)
    targets = one_hot(labels, network.sizes[-1])
    numeric = finite_difference_gradients(network, x, targets, get_cost(cost))
    for layer, (analytic, estimate) in enumerate(
        zip(weight_gradients + bias_gradients, numeric)
    ):
        assert analytic.shape == estimate.shape
        assert analytic.dtype == np.float64
        error = relative_error(analytic, estimate)
        assert error <= 1e-6, f"parameter array {layer}: relative error {error:.2e}"


def test_gradient_check_is_not_vacuous():
    """The gradients being checked are mostly large enough to be compared relatively."""
    network, x, labels = network_away_from_kinks("relu")
    weight_gradients, _ = backprop(network, x, labels, cost="cross-entropy")
    everything = np.concatenate([g.ravel() for g in weight_gradients])
    assert np.mean(np.abs(everything) > 1e-4) > 0.5


def test_backprop_labels_one_hot_and_single_example_agree():
    network, x, labels = network_away_from_kinks("sigmoid")
    from_labels = backprop(network, x, labels)
    from_targets = backprop(network, x, one_hot(labels, 3))
    for a, b in zip(from_labels[0] + from_labels[1], from_targets[0] + from_targets[1]):
        np.testing.assert_array_equal(a, b)
    # one example, as a vector and a label, is a batch of one
    single = backprop(network, x[0], labels[0])
    batch_of_one = backprop(network, x[:1], labels[:1])
    for a, b in zip(single[0] + single[1], batch_of_one[0] + batch_of_one[1]):
        np.testing.assert_array_equal(a, b)


def test_backprop_is_the_mean_over_the_batch():
    network, x, labels = network_away_from_kinks("relu", n=4)
    whole = backprop(network, x, labels, cost="cross-entropy")
    each = [backprop(network, x[i], labels[i], cost="cross-entropy") for i in range(4)]
    for layer in range(len(network.weights)):
        mean = np.mean([gradients[0][layer] for gradients in each], axis=0)
        np.testing.assert_allclose(whole[0][layer], mean, rtol=1e-12, atol=1e-15)


def test_network_methods_delegate():
    network, x, labels = network_away_from_kinks("sigmoid")
    for a, b in zip(network.backprop(x, labels)[0], backprop(network, x, labels)[0]):
        np.testing.assert_array_equal(a, b)
    accuracy = network.evaluate(x, labels)
    assert isinstance(accuracy, float) and 0.0 <= accuracy <= 1.0
    assert accuracy == evaluate(network, x, labels)
    assert accuracy == np.mean(network.predict(x) == labels)


def test_backprop_bad_targets():
    network = Network([4, 3], seed=0)
    with pytest.raises(ValueError, match=r"y\[1\] is 7"):
        backprop(network, np.zeros((2, 4)), [0, 7])
    with pytest.raises(ValueError, match="2 digit labels.*got shape"):
        backprop(network, np.zeros((2, 4)), np.zeros((2, 5)))


# -- training: each step is backprop + a step ------------------------------------------


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("cost", ["quadratic", "cross-entropy"])
def test_train_steps_are_backprop_steps(activation, cost):
    """One epoch of train() equals SGD written out with backprop(): the same
    shuffle, mini-batches (the last one short), learning rate schedule and weight
    decay."""
    network, x, labels = network_away_from_kinks(activation, n=7)
    expected = Network(network.sizes, activation=activation)
    expected.weights = [w.copy() for w in network.weights]
    expected.biases = [b.copy() for b in network.biases]
    settings = dict(warmup_epochs=0.5, final_learning_rate=0.1, weight_decay=0.01)
    history = train(
        network, x, labels, epochs=2, batch_size=3, learning_rate=0.5, seed=5,
        cost=cost, progress=False, **settings,
    )  # fmt: skip

    rng = np.random.default_rng(5)
    costs = []
    for epoch in range(2):
        order = rng.permutation(7)
        total = 0.0
        for number, first in enumerate(range(0, 7, 3)):
            batch = order[first : first + 3]
            rate = learning_rate_at(epoch + (number + 1) / 3, 0.5, 2, 0.5, 0.1)
            total += get_cost(cost).value(
                expected.feedforward(x[batch]), one_hot(labels[batch], 3)
            ) * len(batch)
            weight_gradients, bias_gradients = backprop(
                expected, x[batch], labels[batch], cost
            )
            for w, g in zip(expected.weights, weight_gradients):
                w -= rate * (g + 0.01 * w)
            for b, g in zip(expected.biases, bias_gradients):
                b -= rate * g
        costs.append(total / 7)
    for got, want in zip(
        network.weights + network.biases, expected.weights + expected.biases
    ):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(history.cost, costs, rtol=1e-12)


def test_a_cost_of_your_own_trains_through_backprop():
    """A cost object of your own trains like the package's cost of the same name."""

    class MyCrossEntropy:
        value = staticmethod(CrossEntropyCost.value)
        delta = staticmethod(CrossEntropyCost.delta)

    images, labels = synthetic_digits(50)
    networks = [Network([784, 6, 3], activation="relu", seed=0) for _ in range(2)]
    histories = [
        train(network, images, labels, epochs=2, batch_size=8, cost=cost)
        for network, cost in zip(networks, ["cross-entropy", MyCrossEntropy()])
    ]
    first, second = networks
    for a, b in zip(first.weights + first.biases, second.weights + second.biases):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(histories[0].cost, histories[1].cost, rtol=1e-10)


def test_learning_rate_schedule():
    assert learning_rate_at(0.5, 0.4, 10, warmup_epochs=1) == pytest.approx(0.2)
    assert learning_rate_at(7, 0.4, 10) == 0.4  # no warm-up, no decay
    assert learning_rate_at(10, 0.4, 10, 2, 0.005) == pytest.approx(0.005)
    assert learning_rate_at(6, 0.4, 10, 2, 0.0) == pytest.approx(0.2)


# -- training: determinism and learning ------------------------------------------------


def test_same_seed_same_network_different_seed_different_network():
    images, labels = synthetic_digits(120)

    def trained(seed):
        network = Network([784, 8, 3], activation="relu", seed=0, dtype=np.float32)
        train(network, images, labels, epochs=2, batch_size=16, seed=seed)
        return network.weights + network.biases

    first, again, other = trained(1), trained(1), trained(2)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert any(not np.array_equal(a, b) for a, b in zip(first, other))


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("cost", ["quadratic", "cross-entropy"])
def test_training_lowers_the_cost_and_learns(activation, cost):
    images, labels = synthetic_digits(300)
    test_images, test_labels = synthetic_digits(100, seed=1)
    network = Network([784, 16, 16, 3], activation=activation, seed=0)
    before = evaluate(network, test_images, test_labels)
    history = train(
        network,
        images,
        labels,
        epochs=5,
        batch_size=10,
        learning_rate=3.0 if cost == "quadratic" else 0.5,
        cost=cost,
        test_data=(test_images, test_labels),
    )
    assert isinstance(history, History) and history.epochs == 5
    assert len(history.accuracy) == len(history.seconds) == 5
    assert history.cost[-1] < history.cost[0]
    assert history.accuracy[-1] > max(0.9, before)


def test_float32_network_trains_in_float32():
    images, labels = synthetic_digits(100)
    network = Network([784, 8, 3], activation="relu", seed=0, dtype=np.float32)
    history = train(network, images, labels, epochs=3)
    assert all(a.dtype == np.float32 for a in network.weights + network.biases)
    assert history.cost[-1] < history.cost[0]
    assert history.accuracy == []  # no test data, no test accuracy


def test_train_defaults_are_the_default_recipe():
    """``train``'s defaults are literals in training.py and ``DEFAULT_RECIPE`` lives
    in recipes.py: this keeps the two from drifting apart."""
    defaults = {
        name: parameter.default
        for name, parameter in inspect.signature(train).parameters.items()
    }
    options = DEFAULT_RECIPE.training_options()
    assert set(options) == {
        "epochs",
        "batch_size",
        "learning_rate",
        "seed",
        "cost",
        "warmup_epochs",
        "final_learning_rate",
        "weight_decay",
    }
    for name, value in options.items():
        assert defaults[name] == value, name
    network = DEFAULT_RECIPE.network()
    assert network.sizes == [784, 16, 16, 10] and network.dtype == np.float32


def test_progress_bar_only_when_asked(capsys):
    images, labels = synthetic_digits(30)
    train(Network([784, 3], seed=0), images, labels, epochs=2, progress=False)
    assert capsys.readouterr().err == ""
    train(Network([784, 3], seed=0), images, labels, epochs=2)  # not a terminal
    assert capsys.readouterr().err == ""
    train(Network([784, 3], seed=0), images, labels, epochs=2, progress=True)
    assert "2/2" in capsys.readouterr().err


# -- bad input is caught before training -----------------------------------------------


def fresh():
    network = Network([784, 4, 10], seed=0)
    return network, [w.copy() for w in network.weights + network.biases]


def assert_untouched(network, saved):
    for a, b in zip(network.weights + network.biases, saved):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    ("labels", "error", "message"),
    [
        ([0, 1, 10], ValueError, "labels[2] is 10"),
        ([0, -1, 3], ValueError, "labels[1] is -1"),
        ([0.0, 1.5, 2.0], ValueError, "labels[1] is 1.5"),
        (["0", "1", "2"], TypeError, "whole numbers"),
        ([[0], [1], [2]], ValueError, "1-d array"),
    ],
)
def test_bad_labels_say_which_value_where(labels, error, message):
    network, saved = fresh()
    with pytest.raises(error, match=re.escape(message)):
        train(network, np.zeros((3, 784)), labels)
    assert_untouched(network, saved)


def test_images_and_labels_of_different_lengths():
    network, saved = fresh()
    with pytest.raises(ValueError, match="same length, got 3 images and 2 labels"):
        train(network, np.zeros((3, 784)), [0, 1])
    assert_untouched(network, saved)


@pytest.mark.parametrize(
    ("images", "message"),
    [
        (np.zeros((3, 28, 28)), "flatten them first"),
        (np.zeros((3, 783)), "expected 784 numbers"),
        (np.zeros(784), "one image"),
        (np.full((3, 784), np.nan), "NaN"),
        (np.zeros((0, 784)), "no images"),
    ],
)
def test_images_of_the_wrong_shape(images, message):
    network, saved = fresh()
    with pytest.raises(ValueError, match=message):
        train(network, images, np.zeros(len(images), dtype=int))
    assert_untouched(network, saved)


@pytest.mark.parametrize(
    ("learning_rate", "error"),
    [
        (0, ValueError),
        (-0.5, ValueError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        ("0.1", TypeError),
        (None, TypeError),
    ],
)
def test_learning_rate_must_be_positive(learning_rate, error):
    network, saved = fresh()
    with pytest.raises(error, match="learning_rate must be a positive number"):
        train(network, np.zeros((3, 784)), [0, 1, 2], learning_rate=learning_rate)
    assert_untouched(network, saved)


@pytest.mark.parametrize("name", ["epochs", "batch_size"])
@pytest.mark.parametrize(
    ("value", "error"),
    [(0, ValueError), (-1, ValueError), (2.5, TypeError), (True, TypeError),
     ("3", TypeError), (None, TypeError)],
)  # fmt: skip
def test_epochs_and_batch_size_must_be_positive_whole_numbers(name, value, error):
    network, saved = fresh()
    with pytest.raises(error, match=f"{name} must be a positive whole number"):
        train(network, np.zeros((3, 784)), [0, 1, 2], **{name: value})
    assert_untouched(network, saved)


@pytest.mark.parametrize(
    ("settings", "error", "message"),
    [
        ({"warmup_epochs": -1}, ValueError, "warmup_epochs must be a number >= 0"),
        ({"weight_decay": -0.1}, ValueError, "weight_decay must be a number >= 0"),
        ({"weight_decay": "0"}, TypeError, "weight_decay must be a number >= 0"),
        ({"final_learning_rate": 0}, ValueError, "final_learning_rate must be a pos"),
        ({"test_data": np.zeros((3, 784))}, TypeError, "test_data must be a pair"),
        ({"test_data": (np.zeros((2, 784)), [0, 11])}, ValueError, "labels[1] is 11"),
        ({"cost": 3}, TypeError, "cost must be a name"),
    ],
)
def test_other_settings_are_checked(settings, error, message):
    network, saved = fresh()
    with pytest.raises(error, match=re.escape(message)):
        train(network, np.zeros((3, 784)), [0, 1, 2], **settings)
    assert_untouched(network, saved)


# relu only: with learning_rate x weight_decay >= 1 refused up front, a sigmoid
# network's gradients stay bounded (its neurons saturate) and it does not reach NaN.
@pytest.mark.parametrize("activation", ["relu"])
def test_nan_during_training_stops_with_advice_and_restores_the_epoch(activation):
    images, labels = synthetic_digits(60)
    network = Network([784, 8, 3], activation=activation, seed=0)
    train(network, images, labels, epochs=1, learning_rate=0.1)
    before = [a.copy() for a in network.weights + network.biases]
    with pytest.raises(FloatingPointError, match="smaller learning_rate") as error:
        train(
            network, images, labels, epochs=3, batch_size=10, learning_rate=1e300,
            warmup_epochs=0, weight_decay=0,  # rate x decay >= 1 is refused upfront
        )  # fmt: skip
    assert "epoch 1" in str(error.value)
    assert_untouched(network, before)


# -- the expanded training data and the recipes ----------------------------------------


def test_expand_training_data_shifts_by_one_pixel():
    image = np.zeros((28, 28))
    image[10, 20] = 1.0
    images, labels = expand_training_data(image.reshape(1, 784), [4])
    assert images.shape == (5, 784) and labels.tolist() == [4] * 5
    where = [np.unravel_index(np.argmax(i), (28, 28)) for i in images]
    assert [tuple(map(int, w)) for w in where] == [
        (10, 20),
        (9, 20),
        (11, 20),
        (10, 19),
        (10, 21),
    ]
    edge = np.zeros((28, 28))
    edge[0, 0] = 1.0  # shifted off the picture, it is gone, not wrapped around
    shifted, _ = expand_training_data(edge.reshape(1, 784), [0])
    assert shifted.sum(axis=1).tolist() == [1.0, 0.0, 1.0, 0.0, 1.0]


def test_the_pretrained_recipes_train_the_videos_network_on_expanded_data():
    assert PRETRAINED_RECIPE.activation == "sigmoid"
    assert PRETRAINED_RELU_RECIPE.activation == "relu"
    for recipe in PRETRAINED_RECIPES.values():
        assert recipe.expand_training_data
        assert recipe.sizes == DEFAULT_RECIPE.sizes == (784, 16, 16, 10)
        assert recipe.batch_size == DEFAULT_RECIPE.batch_size
        assert recipe.cost == "cross-entropy" and recipe.dtype == "float32"


def test_the_video_recipe_is_nielsens_plain_sgd():
    assert VIDEO_RECIPE.sizes == (784, 16, 16, 10)
    assert VIDEO_RECIPE.activation == "sigmoid" and VIDEO_RECIPE.cost == "quadratic"
    assert (VIDEO_RECIPE.batch_size, VIDEO_RECIPE.learning_rate) == (10, 3.0)
    assert VIDEO_RECIPE.warmup_epochs == 0 and VIDEO_RECIPE.weight_decay == 0
    assert VIDEO_RECIPE.final_learning_rate is None
    assert not VIDEO_RECIPE.expand_training_data


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_pretrained_ships_inside_the_package(activation):
    network = pretrained(activation)
    assert network.sizes == [784, 16, 16, 10]
    assert network.activation == PRETRAINED_RECIPES[activation].activation
    assert all(a.dtype == np.float32 for a in network.weights + network.biases)


def test_the_lessons_network_is_the_sigmoid_one():
    assert pretrained().activation == "sigmoid"


@pytest.mark.parametrize("activation", ["tanh", "ReLU", None])
def test_pretrained_names_the_networks_there_are(activation):
    with pytest.raises(ValueError, match="'sigmoid' .* and 'relu'"):
        pretrained(activation)


# -- on MNIST --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mnist():
    from nn_tutorial.mnist import load_mnist

    # Never downloads: a missing data set fails these tests instead of skipping them.
    return load_mnist(download=False)


@pytest.mark.mnist
@pytest.mark.parametrize(("activation", "least"), [("sigmoid", 0.963), ("relu", 0.972)])
def test_pretrained_reads_the_test_digits(mnist, activation, least):
    accuracy = pretrained(activation).evaluate(mnist.test_images, mnist.test_labels)
    assert accuracy >= least


@pytest.mark.mnist
def test_one_epoch_on_mnist_learns(mnist):
    network = DEFAULT_RECIPE.network()
    history = train(
        network,
        mnist.train_images,
        mnist.train_labels,
        epochs=1,
        warmup_epochs=0.2,
        test_data=(mnist.test_images, mnist.test_labels),
    )
    assert history.accuracy[0] > 0.90


@pytest.mark.mnist
@pytest.mark.skipif(
    not (os.environ.get("NN_TUTORIAL_RETRAIN") or os.environ.get("CI")),
    reason="re-creating pretrained.npz takes about 15 s: set NN_TUTORIAL_RETRAIN=1 "
    "(CI always runs it, and fails without MNIST)",
)
@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_pretrained_is_what_its_recipe_trains(mnist, tmp_path, activation):
    """``nn-tutorial train --recipe pretrained`` is ``train_pretrained``
    (tests/test_cli.py): this re-creates the shipped file. On the machines it was
    made on, bit for bit; where a different CPU makes BLAS round differently, the
    weights drift apart over the epochs, so there it must match the shipped
    network's test accuracy to within 0.3 percentage points."""
    network, history = train_pretrained(
        tmp_path / "again.npz", progress=False, activation=activation
    )
    shipped = pretrained(activation)
    name = "pretrained.npz" if activation == "sigmoid" else "pretrained-relu.npz"
    identical = all(
        np.array_equal(a, b)
        for a, b in zip(
            network.weights + network.biases, shipped.weights + shipped.biases
        )
    )
    if not identical:
        again = network.evaluate(mnist.test_images, mnist.test_labels)
        before = shipped.evaluate(mnist.test_images, mnist.test_labels)
        assert abs(again - before) <= 0.003, (
            f"the recipe now trains a network with {again:.2%} test accuracy, the "
            f"shipped {activation} network has {before:.2%}. If you changed the "
            "recipe or the training code on purpose, re-create it with "
            f"train_pretrained('nn_tutorial/{name}', activation={activation!r})"
        )
    assert history.accuracy[-1] >= 0.96
