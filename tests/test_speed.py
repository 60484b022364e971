"""The loop version of a layer computes exactly what the matrix version computes,
and the timing comparison measures something."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nn_tutorial import Network
from nn_tutorial.speed import (
    LayerTiming,
    compare_layer,
    layer_with_loops,
    layer_with_matrix,
)


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


def test_compare_layer_returns_positive_times():
    timing = compare_layer(batch=3, inputs=20, neurons=4, repeats=2, seed=1)
    assert isinstance(timing, LayerTiming)
    assert timing.loops > 0 and timing.matrix > 0
    assert timing.speedup == timing.loops / timing.matrix > 0
    assert (timing.batch, timing.inputs, timing.neurons) == (3, 20, 4)


@pytest.mark.parametrize(
    "arguments", [{"batch": 0}, {"inputs": 0}, {"neurons": -1}, {"repeats": 0}]
)
def test_compare_layer_checks_its_arguments(arguments):
    with pytest.raises(ValueError, match="must be at least 1"):
        compare_layer(**arguments)
