import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from nn_tutorial import relu, relu_prime, sigmoid, sigmoid_prime
from nn_tutorial.activations import get_activation

finite = st.floats(-1e6, 1e6, allow_nan=False)
float_arrays = arrays(np.float64, array_shapes(max_dims=3, max_side=5), elements=finite)


def test_sigmoid_known_values():
    assert sigmoid(0) == 0.5
    assert sigmoid(np.log(3)) == pytest.approx(0.75)
    assert isinstance(sigmoid(1), float)


def test_sigmoid_is_stable_at_extremes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow warning would fail the test
        result = sigmoid(np.array([-1000.0, 1000.0]))
    assert result.tolist() == [0.0, 1.0]


@given(float_arrays)
def test_sigmoid_range_shape_and_symmetry(z):
    s = sigmoid(z)
    assert s.shape == z.shape
    assert np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(s + sigmoid(-z), 1.0, atol=1e-12)


@given(float_arrays)
def test_sigmoid_is_monotonic(z):
    flat = np.sort(z.ravel())
    assert np.all(np.diff(sigmoid(flat)) >= 0)


@given(st.floats(-30, 30))
def test_sigmoid_prime_matches_finite_difference(z):
    h = 1e-6
    slope = (sigmoid(z + h) - sigmoid(z - h)) / (2 * h)
    assert sigmoid_prime(z) == pytest.approx(slope, abs=1e-8)
    assert 0 <= sigmoid_prime(z) <= 0.25


@given(float_arrays)
def test_relu_and_its_slope(z):
    r = relu(z)
    assert r.shape == z.shape
    assert np.all(r >= 0)
    np.testing.assert_array_equal(r, np.where(z > 0, z, 0))
    np.testing.assert_array_equal(relu_prime(z), (z > 0).astype(float))


def test_relu_on_python_numbers():
    assert relu(-2) == 0.0
    assert relu(3) == 3.0
    assert relu_prime(3) == 1.0
    assert relu_prime(0) == 0.0


def test_dtypes_are_kept():
    z = np.array([-1.0, 0.0, 2.0], dtype=np.float32)
    for function in (sigmoid, sigmoid_prime, relu, relu_prime):
        assert function(z).dtype == np.float32
    assert sigmoid(np.array([1, 2])).dtype == np.float64


def test_unknown_activation_lists_the_choices():
    with pytest.raises(
        ValueError, match="unknown activation 'tanh'.*'sigmoid', 'relu'"
    ):
        get_activation("tanh")
    with pytest.raises(TypeError, match="activation must be a name"):
        get_activation(None)
