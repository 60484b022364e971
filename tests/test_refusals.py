"""Inputs that used to be accepted silently, with a wrong result, are refused with a
message that says what was expected (issue 11, item 6 and 7)."""

from __future__ import annotations

import numpy as np
import pytest

from nn_tutorial import Network, Neuron
from nn_tutorial.training import expand_training_data, train


def test_complex_inputs_are_refused_not_truncated_to_their_real_part():
    network = Network([2, 2], seed=0)
    with pytest.raises(TypeError, match="complex numbers.*values.real"):
        network.feedforward([1 + 1j, 2])
    with pytest.raises(TypeError, match="complex"):
        Neuron(weights=[1 + 2j, 1], bias=0)


@pytest.mark.parametrize(
    ("learning_rate", "final_learning_rate", "weight_decay"),
    [(2.0, None, 0.5), (0.5, 4.0, 0.25), (1.0, None, 1.0)],
)
def test_a_weight_decay_that_flips_the_weights_is_refused(
    learning_rate, final_learning_rate, weight_decay
):
    network = Network([4, 2], seed=0)
    images, labels = np.zeros((4, 4)), [0, 1, 0, 1]
    before = network.weights[0].copy()
    with pytest.raises(ValueError, match="learning_rate x weight_decay must be below"):
        train(
            network,
            images,
            labels,
            epochs=1,
            learning_rate=learning_rate,
            final_learning_rate=final_learning_rate,
            weight_decay=weight_decay,
            progress=False,
        )
    assert np.array_equal(network.weights[0], before)  # refused before any step


def test_backprop_on_an_empty_batch_is_refused():
    network = Network([2, 2], seed=0)
    with pytest.raises(ValueError, match="at least one example: got an empty batch"):
        network.backprop(np.zeros((0, 2)), np.zeros(0, dtype=int))


@pytest.mark.parametrize("target", [2.0, -0.5])
def test_cross_entropy_targets_outside_0_1_are_refused(target):
    network = Network([2, 2], seed=0)
    with pytest.raises(ValueError, match="between 0 and 1 for the cross-entropy"):
        network.backprop([[0.1, 0.2]], [[target, 0.0]], cost="cross-entropy")
    network.backprop([[0.1, 0.2]], [[target, 0.0]], cost="quadratic")  # fine there


def test_expand_training_data_needs_one_label_per_image():
    with pytest.raises(ValueError, match="got 2 images and 3 labels"):
        expand_training_data(np.zeros((2, 784)), [1, 2, 3])


@pytest.mark.parametrize(
    ("seed", "error", "message"),
    [("x", TypeError, "seed must be a whole number >= 0.*'x'"), (-1, ValueError, "-1")],
)
def test_a_seed_that_is_not_a_whole_number_at_least_0_is_refused(seed, error, message):
    with pytest.raises(error, match=message):
        Network([2, 2], seed=seed)
    with pytest.raises(error, match=message):
        train(Network([2, 2], seed=0), [[0.0, 1.0]], [1], seed=seed, progress=False)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ("0.5, 1", "got the text '0.5, 1'"),
        ((w for w in [0.5, 1.0]), "got a generator.*list\\(weights\\)"),
        (3.0, "single number 3.0: for a neuron with one input write \\[3.0\\]"),
    ],
)
def test_weights_that_are_not_a_list_get_a_message_that_says_so(weights, message):
    with pytest.raises(TypeError, match=message):
        Neuron(weights=weights, bias=0.0)
