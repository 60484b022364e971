"""One neuron: a thing that holds a number, its activation.

It weighs its inputs, adds its bias, and squishes the result:
activation = σ(w · x + b).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_inputs, check_weight_vector
from .activations import get_activation

__all__ = ["Neuron"]


class Neuron:
    """A single neuron with one weight per input, a bias and an activation function.

    Args:
        weights: One weight per input.
        bias: The number added to the weighted sum.
        activation: "sigmoid" or "relu".

    Raises:
        TypeError: If the weights or the bias are not numbers.
        ValueError: If the weights are not a flat list, or not finite.

    Examples:
        >>> neuron = Neuron(weights=[0.5, -1.0], bias=0.25)
        >>> neuron.weighted_sum([1.0, 0.5])
        0.25
        >>> round(neuron([1.0, 0.5]), 4)
        0.5622
    """

    def __init__(
        self, weights: ArrayLike, bias: float, activation: str = "sigmoid"
    ) -> None:
        check_weight_vector(weights)
        try:
            shape: tuple[int, ...] = (
                np.shape(weights) if not isinstance(weights, str) else ()
            )
        except ValueError:  # a ragged nested list
            raise ValueError(
                "a neuron needs a flat list of weights, one per input; got ragged "
                "nested lists"
            ) from None
        if len(shape) != 1:
            raise ValueError(
                f"a neuron needs a flat list of weights, one per input; got {shape}"
            )
        self.weights = as_inputs(weights, shape[0], what="weight vector")
        self.bias = float(as_inputs([bias], 1, what="bias")[0])
        self.activation = activation
        self._sigma, _ = get_activation(activation)

    def weighted_sum(self, inputs: ArrayLike) -> float:
        """w · x + b: each input times its weight, added up, plus the bias.

        Args:
            inputs: One number per weight.

        Returns:
            The weighted sum plus the bias.

        Raises:
            TypeError: If the inputs are not numbers.
            ValueError: If there is not one input per weight, or one is not finite.
        """
        x = as_inputs(inputs, len(self.weights))
        if x.ndim != 1:
            raise ValueError(
                f"a neuron takes one input of {len(self.weights)} numbers; got a batch "
                f"of shape {x.shape} (use a Network for batches)"
            )
        return float(np.dot(self.weights, x) + self.bias)

    def __call__(self, inputs: ArrayLike) -> float:
        """The neuron's activation: σ(w · x + b).

        Args:
            inputs: One number per weight.

        Returns:
            The activation.

        Raises:
            TypeError: If the inputs are not numbers.
            ValueError: If there is not one input per weight, or one is not finite.
        """
        return self._sigma(self.weighted_sum(inputs))

    def __repr__(self) -> str:
        return (
            f"Neuron(weights={self.weights.tolist()}, bias={self.bias}, "
            f"activation={self.activation!r})"
        )
