import numpy as np
import pytest

from nn_tutorial import Neuron, relu, sigmoid


def test_weighted_sum_and_activation_by_hand():
    neuron = Neuron(weights=[0.5, -1.0, 2.0], bias=-0.5)
    inputs = [1.0, 0.25, 0.5]
    z = 0.5 * 1.0 + (-1.0) * 0.25 + 2.0 * 0.5 - 0.5
    assert neuron.weighted_sum(inputs) == pytest.approx(z)
    assert neuron(inputs) == pytest.approx(sigmoid(z))


def test_relu_neuron():
    neuron = Neuron([1.0, 1.0], bias=-3.0, activation="relu")
    assert neuron([1.0, 1.0]) == 0.0
    assert neuron([2.0, 2.0]) == pytest.approx(relu(1.0))


def test_repr():
    assert repr(Neuron([1, 2], 0.5)) == (
        "Neuron(weights=[1.0, 2.0], bias=0.5, activation='sigmoid')"
    )


def test_wrong_number_of_inputs():
    neuron = Neuron([1.0, 2.0, 3.0], bias=0)
    with pytest.raises(ValueError, match="expected 3 numbers"):
        neuron.weighted_sum([1.0, 2.0])


def test_nan_input():
    with pytest.raises(ValueError, match="NaN or infinite"):
        Neuron([1.0, 2.0], bias=0)([np.nan, 1.0])


def test_unknown_activation():
    with pytest.raises(ValueError, match="choose one of 'sigmoid', 'relu'"):
        Neuron([1.0], bias=0, activation="step")


def test_weights_must_be_flat_numbers():
    with pytest.raises(ValueError, match="flat list of weights"):
        Neuron([[1.0, 2.0], [3.0, 4.0]], bias=0)
    with pytest.raises(TypeError, match="numbers"):
        Neuron(["a", "b"], bias=0)


def test_batch_is_refused_with_a_pointer_to_network():
    with pytest.raises(ValueError, match="use a Network for batches"):
        Neuron([1.0, 2.0], bias=0).weighted_sum([[1.0, 2.0], [3.0, 4.0]])
