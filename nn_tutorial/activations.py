"""Activation functions: how a neuron squishes its weighted sum into an activation.

Each function works elementwise on a Python number (and then returns a float) or
on a numpy array (and then returns an array of the same shape).
"""

from __future__ import annotations

import numpy as np

__all__ = ["ACTIVATIONS", "relu", "relu_prime", "sigmoid", "sigmoid_prime"]


def _as_float_array(z):
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    return z


def _same_kind(result: np.ndarray):
    """A Python float for a single number, the array otherwise."""
    return float(result) if result.ndim == 0 else result


def sigmoid(z):
    """The logistic function σ(z) = 1 / (1 + e^(-z)), squishing any number into [0, 1].

    Computed without overflow: e^(-|z|) is never larger than 1, so even z = ±1000
    gives exactly 1.0 or 0.0 and no warning.

    Examples:
        >>> sigmoid(0)
        0.5
        >>> sigmoid(np.array([-1000.0, 1000.0]))
        array([0., 1.])
    """
    z = _as_float_array(z)
    e = np.exp(-np.abs(z))
    return _same_kind(np.where(z >= 0, 1 / (1 + e), e / (1 + e)))


def sigmoid_prime(z):
    """The slope of the sigmoid, σ'(z) = σ(z) (1 - σ(z)); largest (0.25) at z = 0.

    Examples:
        >>> sigmoid_prime(0)
        0.25
    """
    s = _as_float_array(sigmoid(z))
    return _same_kind(s * (1 - s))


def relu(z):
    """The rectified linear unit, ReLU(z) = max(0, z): negative sums give 0.

    Examples:
        >>> relu(np.array([-2.0, 0.0, 3.0]))
        array([0., 0., 3.])
    """
    z = _as_float_array(z)
    return _same_kind(np.maximum(z, 0).astype(z.dtype))


def relu_prime(z):
    """The slope of ReLU: 1 where z > 0, else 0 (we take 0 at the kink z = 0).

    Examples:
        >>> relu_prime(np.array([-2.0, 0.0, 3.0]))
        array([0., 0., 1.])
    """
    z = _as_float_array(z)
    return _same_kind((z > 0).astype(z.dtype))


#: Every activation the package knows, by name: the function and its derivative.
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "relu": (relu, relu_prime),
}


def get_activation(name: str):
    """The (function, derivative) pair for an activation name, or a clear error."""
    if not isinstance(name, str) or name not in ACTIVATIONS:
        choices = ", ".join(repr(choice) for choice in ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}: choose one of {choices}")
    return ACTIVATIONS[name]
