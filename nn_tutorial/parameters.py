"""How many weights and biases a network has, layer by layer: chapter 5's count.

A layer of n neurons fed by m activations has an n x m weight matrix and n biases, so
the lesson's 784-16-16-10 network has 12,544 + 16 + 256 + 16 + 160 + 10 = 13,002.
``Network.parameter_count`` and ``Network.parameter_breakdown`` give the same for a
network.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from ._checks import check_sizes

__all__ = ["LayerParameters", "count_parameters", "layer_parameters"]


class LayerParameters(NamedTuple):
    """How many weights and biases lead into one layer."""

    layer: str
    neurons: int
    weights: int
    biases: int


def layer_parameters(sizes: Iterable[int]) -> list[LayerParameters]:
    """The weights and biases of each layer after the input layer.

    A layer of n neurons fed by m activations has an n x m weight matrix and n biases.

    Args:
        sizes: The number of neurons in each layer, the input layer first.

    Returns:
        One row per layer after the input layer: its name, neurons, weights, biases.

    Raises:
        TypeError: If ``sizes`` is not a list of whole numbers.
        ValueError: If it has fewer than two layers, or a layer has no neurons.

    Examples:
        >>> for row in layer_parameters([784, 16, 16, 10]):
        ...     print(row.layer, row.weights, row.biases)
        hidden layer 1 12544 16
        hidden layer 2 256 16
        output layer 160 10
    """
    layers = check_sizes(sizes)
    rows = []
    for number, (m, n) in enumerate(zip(layers[:-1], layers[1:]), start=1):
        name = "output layer" if number == len(layers) - 1 else f"hidden layer {number}"
        rows.append(LayerParameters(name, n, weights=n * m, biases=n))
    return rows


def count_parameters(sizes: Iterable[int]) -> int:
    """All the weights and biases of a network with these layer sizes.

    Args:
        sizes: The number of neurons in each layer, the input layer first.

    Returns:
        The number of weights plus the number of biases.

    Raises:
        TypeError: If ``sizes`` is not a list of whole numbers.
        ValueError: If it has fewer than two layers, or a layer has no neurons.

    Examples:
        >>> count_parameters([784, 16, 16, 10])
        13002
    """
    return sum(row.weights + row.biases for row in layer_parameters(sizes))
