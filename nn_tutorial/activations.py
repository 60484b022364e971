"""Activation functions: how a neuron squishes its weighted sum into an activation.

Each function works elementwise on a Python number (and then returns a float) or
on a numpy array (and then returns an array of the same shape).
"""

from __future__ import annotations

from typing import Any, Protocol, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "get_activation",
    "relu",
    "relu_prime",
    "sigmoid",
    "sigmoid_prime",
]

FloatArray = NDArray[np.floating[Any]]


class Activation(Protocol):
    """An activation function or its slope: a number gives a float, an array an array
    of the same shape."""

    @overload
    def __call__(self, z: float) -> float: ...
    @overload
    def __call__(self, z: NDArray[Any]) -> FloatArray: ...


def _as_float_array(z: ArrayLike) -> FloatArray:
    array = np.asarray(z)
    if array.dtype.kind != "f":  # whole numbers, booleans: compute in float64
        array = array.astype(np.float64)
    return array


def _same_kind(result: FloatArray) -> float | FloatArray:
    """A Python float for a single number, the array otherwise."""
    return float(result) if result.ndim == 0 else result


@overload
def sigmoid(z: float) -> float: ...
@overload
def sigmoid(z: NDArray[Any]) -> FloatArray: ...
def sigmoid(z: float | NDArray[Any]) -> float | FloatArray:
    """The logistic function σ(z) = 1 / (1 + e^(-z)), squishing any number into [0, 1].

    Computed as (1 + tanh(z/2)) / 2, which is the same function (multiply the top
    and bottom of 1 / (1 + e^(-z)) by e^(z/2)) but never overflows: even z = ±1000
    gives exactly 1.0 or 0.0 and no warning. It is also quicker than e^(-z) computed
    safely, which matters when training calls it for every layer of every step.

    Args:
        z: A weighted sum, or an array of them.

    Returns:
        σ(z): a float for a number, an array of the same shape for an array.

    Examples:
        >>> sigmoid(0)
        0.5
        >>> sigmoid(np.array([-1000.0, 1000.0]))
        array([0., 1.])
    """
    z = _as_float_array(z)
    return _same_kind(0.5 + 0.5 * np.tanh(0.5 * z))


@overload
def sigmoid_prime(z: float) -> float: ...
@overload
def sigmoid_prime(z: NDArray[Any]) -> FloatArray: ...
def sigmoid_prime(z: float | NDArray[Any]) -> float | FloatArray:
    """The slope of the sigmoid, σ'(z) = σ(z) (1 - σ(z)); largest (0.25) at z = 0.

    Args:
        z: A weighted sum, or an array of them.

    Returns:
        σ'(z): a float for a number, an array of the same shape for an array.

    Examples:
        >>> sigmoid_prime(0)
        0.25
    """
    s = _as_float_array(sigmoid(_as_float_array(z)))
    return _same_kind(s * (1 - s))


@overload
def relu(z: float) -> float: ...
@overload
def relu(z: NDArray[Any]) -> FloatArray: ...
def relu(z: float | NDArray[Any]) -> float | FloatArray:
    """The rectified linear unit, ReLU(z) = max(0, z): negative sums give 0.

    Args:
        z: A weighted sum, or an array of them.

    Returns:
        max(0, z): a float for a number, an array of the same shape for an array.

    Examples:
        >>> relu(np.array([-2.0, 0.0, 3.0]))
        array([0., 0., 3.])
    """
    z = _as_float_array(z)
    return _same_kind(np.maximum(z, 0))


@overload
def relu_prime(z: float) -> float: ...
@overload
def relu_prime(z: NDArray[Any]) -> FloatArray: ...
def relu_prime(z: float | NDArray[Any]) -> float | FloatArray:
    """The slope of ReLU: 1 where z > 0, else 0 (we take 0 at the kink z = 0).

    Args:
        z: A weighted sum, or an array of them.

    Returns:
        1.0 where z > 0, else 0.0: a float for a number, an array for an array.

    Examples:
        >>> relu_prime(np.array([-2.0, 0.0, 3.0]))
        array([0., 0., 1.])
    """
    z = _as_float_array(z)
    return _same_kind((z > 0).astype(z.dtype))


#: Every activation the package knows, by name: the function and its slope.
ACTIVATIONS: dict[str, tuple[Activation, Activation]] = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "relu": (relu, relu_prime),
}


def get_activation(name: str) -> tuple[Activation, Activation]:
    """The (function, slope) pair of an activation, by name.

    Args:
        name: "sigmoid" or "relu".

    Returns:
        The activation function and its derivative.

    Raises:
        TypeError: If ``name`` is not a string.
        ValueError: If there is no activation of that name.

    Examples:
        >>> function, slope = get_activation("relu")
        >>> function(-1.0), slope(2.0)
        (0.0, 1.0)
    """
    if isinstance(name, str) and name in ACTIVATIONS:
        return ACTIVATIONS[name]
    choices = ", ".join(repr(choice) for choice in ACTIVATIONS)
    if not isinstance(name, str):
        raise TypeError(f"activation must be a name, one of {choices}; got {name!r}")
    raise ValueError(f"unknown activation {name!r}: choose one of {choices}")
