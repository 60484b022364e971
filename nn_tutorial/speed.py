"""How much faster one matrix product is than the same layer written with loops.

A layer computes a' = σ(W a + b). Written neuron by neuron, that is nested loops of
multiplications and additions run by the Python interpreter; written as a matrix
product, it is one call into numpy, which does the same arithmetic in compiled code.
``layer_with_loops`` and ``layer_with_matrix`` compute the same numbers;
``compare_layer`` times them.
"""

from __future__ import annotations

import time
from typing import NamedTuple

import numpy as np

from .activations import get_activation

__all__ = ["LayerTiming", "compare_layer", "layer_with_loops", "layer_with_matrix"]


def layer_with_loops(weights, bias, a, activation: str = "sigmoid"):
    """a' = σ(W a + b) with plain Python loops, one neuron at a time.

    ``weights`` has one row per neuron of the new layer, ``bias`` one number per
    neuron, and ``a`` is one input (``len(a)`` numbers) or a batch of inputs (one per
    row). Returns a numpy array shaped like ``a @ weights.T``.

    >>> layer_with_loops([[1.0, -1.0]], [0.0], [2.0, 2.0])
    array([0.5])
    """
    sigma, _ = get_activation(activation)
    W = np.asarray(weights, dtype=float).tolist()  # lists of plain Python floats
    b = np.asarray(bias, dtype=float).tolist()
    a = np.asarray(a, dtype=float)
    batch = a.tolist() if a.ndim == 2 else [a.tolist()]
    new_layers = []
    for x in batch:  # each input of the batch, one after another
        new_layer = []
        for j in range(len(W)):  # each neuron j of the new layer
            z = b[j]
            for k in range(len(x)):  # each neuron k of the layer before
                z += W[j][k] * x[k]  # weight times activation
            new_layer.append(sigma(z))  # a'_j = σ(z)
        new_layers.append(new_layer)
    result = np.array(new_layers, dtype=float)
    return result if a.ndim == 2 else result[0]


def layer_with_matrix(weights, bias, a, activation: str = "sigmoid"):
    """a' = σ(W a + b) as one matrix product, for one input or a batch (rows).

    ``a @ W.T`` computes ``W a`` for every row of a batch at once, and ``+ b`` adds
    the bias to every row.

    >>> layer_with_matrix([[1.0, -1.0]], [0.0], [2.0, 2.0])
    array([0.5])
    """
    sigma, _ = get_activation(activation)
    weights = np.asarray(weights, dtype=float)
    return sigma(np.asarray(a, dtype=float) @ weights.T + np.asarray(bias, dtype=float))


class LayerTiming(NamedTuple):
    """Best-of-``repeats`` times, in seconds, of the two ways to compute one layer."""

    loops: float
    matrix: float
    batch: int
    inputs: int
    neurons: int

    @property
    def speedup(self) -> float:
        """How many times faster the matrix product was than the loops."""
        return self.loops / self.matrix


def _best_time(function, repeats: int) -> float:
    """The fastest of ``repeats`` runs: the run least disturbed by anything else."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def compare_layer(
    batch: int = 50,
    inputs: int = 784,
    neurons: int = 16,
    repeats: int = 3,
    seed: int = 0,
    activation: str = "sigmoid",
) -> LayerTiming:
    """Time one layer (``neurons`` neurons fed by ``inputs`` activations) on a batch
    of ``batch`` random inputs, with loops and with the matrix product.

    The defaults are the first hidden layer of ``Network([784, 16, 16, 10])`` and
    take well under a second in all. Each time is the best of several runs; the
    matrix form gets 20 times as many runs, since one run of it is too short to time
    well on its own.
    """
    for name, value in (("batch", batch), ("inputs", inputs), ("neurons", neurons)):
        if value < 1:
            raise ValueError(f"{name} must be at least 1, got {value}")
    if repeats < 1:
        raise ValueError(f"repeats must be at least 1, got {repeats}")
    rng = np.random.default_rng(seed)
    weights = rng.standard_normal((neurons, inputs)) / np.sqrt(inputs)
    bias = rng.standard_normal(neurons)
    a = rng.random((batch, inputs))
    loops = _best_time(lambda: layer_with_loops(weights, bias, a, activation), repeats)
    matrix = _best_time(
        lambda: layer_with_matrix(weights, bias, a, activation), 20 * repeats
    )
    return LayerTiming(loops, matrix, batch, inputs, neurons)
