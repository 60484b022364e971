"""One neuron: a thing that holds a number, its activation.

It weighs its inputs, adds its bias, and squishes the result:
activation = σ(w · x + b).
"""

from __future__ import annotations

import numpy as np

from ._checks import as_inputs
from .activations import get_activation

__all__ = ["Neuron"]


class Neuron:
    """A single neuron with one weight per input, a bias and an activation function.

    Examples:
        >>> neuron = Neuron(weights=[0.5, -1.0], bias=0.25)
        >>> neuron.weighted_sum([1.0, 0.5])
        0.25
        >>> round(neuron([1.0, 0.5]), 4)
        0.5622
    """

    def __init__(self, weights, bias: float, activation: str = "sigmoid"):
        try:
            shape = np.shape(weights) if not isinstance(weights, str) else ()
        except ValueError:  # a ragged nested list
            shape = "ragged nested lists"
        if len(shape) != 1 or isinstance(shape, str):
            raise ValueError(
                f"a neuron needs a flat list of weights, one per input; got {shape}"
            )
        self.weights = as_inputs(weights, shape[0], what="weight vector")
        self.bias = float(as_inputs([bias], 1, what="bias")[0])
        self.activation = activation
        self._sigma, _ = get_activation(activation)

    def weighted_sum(self, inputs) -> float:
        """w · x + b: each input times its weight, added up, plus the bias."""
        x = as_inputs(inputs, len(self.weights))
        if x.ndim != 1:
            raise ValueError(
                f"a neuron takes one input of {len(self.weights)} numbers; got a batch "
                f"of shape {x.shape} (use a Network for batches)"
            )
        return float(np.dot(self.weights, x) + self.bias)

    def __call__(self, inputs) -> float:
        """The neuron's activation: σ(w · x + b)."""
        return self._sigma(self.weighted_sum(inputs))

    def __repr__(self) -> str:
        return (
            f"Neuron(weights={self.weights.tolist()}, bias={self.bias}, "
            f"activation={self.activation!r})"
        )
