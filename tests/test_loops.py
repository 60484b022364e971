"""The loop versions compute exactly what the matrix versions compute: for one layer,
and for training (Nielsen's per-example loop against the package's ``train``: like
with like, so that the benchmark and chapter 6 compare the same steps)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nn_tutorial.loops import (
    NielsenNetwork,
    layer_with_loops,
    layer_with_matrix,
    nielsen_training_data,
)
from nn_tutorial.network import Network, backprop
from nn_tutorial.recipes import NIELSEN_RECIPE

SIZES = (6, 5, 4, 3)  # small enough to be quick, deep enough for every kind of layer


def tiny_data(n: int, seed: int = 0):
    """``n`` random images of 6 pixels and labels 0-2."""
    rng = np.random.default_rng(seed)
    return rng.random((n, SIZES[0])), rng.integers(0, SIZES[-1], size=n)


def both_networks(seed: int = 1):
    """The package's network and Nielsen's, with the same random weights and biases
    (biases too: both start with zero biases, which would test less)."""
    network = Network(SIZES, seed=seed)
    rng = np.random.default_rng(seed)
    for b in network.biases:
        b[:] = rng.normal(size=b.shape)
    nielsen = NielsenNetwork(SIZES, seed=seed)
    nielsen.biases = [b.reshape(-1, 1).copy() for b in network.biases]
    return network, nielsen


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 7),  # neurons
    st.integers(1, 9),  # inputs
    st.integers(1, 4),  # batch
    st.integers(0, 2**32 - 1),
    st.sampled_from(["sigmoid", "relu"]),
)
def test_loops_equal_the_matrix_product(neurons, inputs, batch, seed, activation):
    rng = np.random.default_rng(seed)
    weights = rng.normal(size=(neurons, inputs))
    bias = rng.normal(size=neurons)
    a = rng.random((batch, inputs))
    looped = layer_with_loops(weights, bias, a, activation)
    assert looped.shape == (batch, neurons)
    np.testing.assert_allclose(looped, layer_with_matrix(weights, bias, a, activation))
    single = layer_with_loops(weights, bias, a[0], activation)
    assert single.shape == (neurons,)
    np.testing.assert_allclose(
        single, layer_with_matrix(weights, bias, a[0], activation)
    )


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_the_matrix_layer_is_the_networks_first_layer(activation):
    network = Network([784, 16, 16, 10], activation=activation, seed=3)
    x = np.random.default_rng(0).random((3, 784))
    expected = network.activations(x)[1]
    w, b = network.weights[0], network.biases[0]
    np.testing.assert_allclose(layer_with_matrix(w, b, x, activation), expected)
    np.testing.assert_allclose(layer_with_loops(w, b, x, activation), expected)


def test_an_unknown_activation_is_refused():
    with pytest.raises(ValueError, match="unknown activation"):
        layer_with_loops([[1.0]], [0.0], [1.0], activation="tanh")


# -- training: Nielsen's loop over the examples and the package's matrices -------------


def test_nielsen_network_starts_as_the_packages_network():
    network = Network(SIZES, seed=4)
    nielsen = NielsenNetwork(SIZES, seed=4)
    for w, nw in zip(network.weights, nielsen.weights):
        np.testing.assert_array_equal(w, nw)
    for b, nb in zip(network.biases, nielsen.biases):
        np.testing.assert_array_equal(b, nb.ravel())
    x, _ = tiny_data(1)
    np.testing.assert_allclose(
        nielsen.feedforward(x.reshape(-1, 1)).ravel(),
        network.feedforward(x[0]),
        rtol=1e-14,
    )


def test_the_loops_mini_batch_gradient_is_backprops():
    """Nielsen's backprop, one example at a time and added up as update_mini_batch
    adds them, is the package's backprop of the whole mini-batch (times its size)."""
    network, nielsen = both_networks()
    x, labels = tiny_data(10)
    nabla_b = [np.zeros(b.shape) for b in nielsen.biases]
    nabla_w = [np.zeros(w.shape) for w in nielsen.weights]
    for example, desired in nielsen_training_data(x, labels, classes=SIZES[-1]):
        delta_nabla_b, delta_nabla_w = nielsen.backprop(example, desired)
        nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
        nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
    weight_gradients, bias_gradients = backprop(network, x, labels, "quadratic")
    for nw, nb, w, b in zip(nabla_w, nabla_b, weight_gradients, bias_gradients):
        assert np.abs(w).max() > 1e-3  # not all vanishing
        np.testing.assert_allclose(nw / len(x), w, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(nb.ravel() / len(x), b, rtol=1e-12, atol=1e-15)


def test_one_loop_step_is_one_backprop_step():
    network, nielsen = both_networks()
    x, labels = tiny_data(7)
    nielsen.update_mini_batch(nielsen_training_data(x, labels, SIZES[-1]), eta=3.0)
    weight_gradients, bias_gradients = backprop(network, x, labels, "quadratic")
    for w, nw, g in zip(network.weights, nielsen.weights, weight_gradients):
        np.testing.assert_allclose(nw, w - 3.0 * g, rtol=1e-12, atol=1e-15)
    for b, nb, g in zip(network.biases, nielsen.biases, bias_gradients):
        np.testing.assert_allclose(nb.ravel(), b - 3.0 * g, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("epochs", [1, 2])
@pytest.mark.parametrize("n", [20, 23])  # whole mini-batches; a short last one
def test_the_loop_trains_what_train_trains(epochs, n):
    """With NIELSEN_RECIPE, the package's train and Nielsen's SGD shuffle alike and
    take the same steps: the benchmark compares like with like."""
    x, labels = tiny_data(n)
    recipe = dataclasses.replace(NIELSEN_RECIPE, sizes=SIZES, epochs=epochs, seed=3)
    network, history = recipe.train(x, labels, progress=False)
    assert history.cost[-1] < 0.5  # it did train
    nielsen = NielsenNetwork(recipe.sizes, seed=recipe.seed)
    nielsen.SGD(
        nielsen_training_data(x, labels, classes=SIZES[-1]),
        recipe.epochs,
        recipe.batch_size,
        recipe.learning_rate,
        seed=recipe.seed,
    )
    for w, nw in zip(network.weights, nielsen.weights):
        np.testing.assert_allclose(nw, w, rtol=1e-12, atol=1e-14)
    for b, nb in zip(network.biases, nielsen.biases):
        np.testing.assert_allclose(nb.ravel(), b, rtol=1e-12, atol=1e-14)
    # the steps moved the weights: the comparison is not of two starting points
    start = Network(SIZES, seed=recipe.seed)
    assert not np.allclose(start.weights[-1], network.weights[-1], atol=1e-3)


def test_nielsen_recipe_is_plain_sgd_on_the_videos_network():
    recipe = NIELSEN_RECIPE
    assert recipe.sizes == (784, 16, 16, 10) and recipe.activation == "sigmoid"
    assert recipe.cost == "quadratic" and recipe.dtype == "float64"
    assert recipe.batch_size == 10 and recipe.learning_rate == 3.0
    assert (recipe.warmup_epochs, recipe.final_learning_rate) == (0, None)
    assert recipe.weight_decay == 0 and not recipe.expand_training_data


def test_nielsens_sigmoid_is_the_packages_sigmoid():
    """The loop keeps Nielsen's own sigmoid (the benchmark's baseline is his code),
    which computes the package's function wherever it does not overflow."""
    from nn_tutorial import activations, loops

    z = np.linspace(-30, 30, 601)
    for nielsens, packages in [
        (loops.sigmoid, activations.sigmoid),
        (loops.sigmoid_prime, activations.sigmoid_prime),
    ]:  # to within a few 1e-16: 1 - σ(z) is rounded in both
        np.testing.assert_allclose(nielsens(z), packages(z), rtol=1e-12, atol=5e-16)
