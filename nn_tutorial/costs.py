"""Costs: one number that says how bad the network's outputs are, and the error of
the output layer that backpropagation starts from.

A cost has two parts: ``value(a, y)``, the cost of outputs ``a`` when ``y`` is what
they should be, averaged over the examples (the rows); and ``delta(z, a, y)``, the
output layer's error δ = ∂C/∂z for its weighted inputs ``z``, one row per example.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .activations import FloatArray, sigmoid_prime

__all__ = ["COSTS", "Cost", "CrossEntropyCost", "QuadraticCost", "get_cost"]


@runtime_checkable
class Cost(Protocol):
    """What ``backprop`` and ``train`` need of a cost: its value and its δ."""

    def value(self, a: ArrayLike, y: ArrayLike) -> float:
        """The cost of outputs ``a`` for targets ``y``, averaged over the rows."""
        ...

    def delta(self, z: FloatArray, a: FloatArray, y: FloatArray) -> FloatArray:
        """The error δ = ∂C/∂z of the output layer, one row per example."""
        ...


def _rows(values: ArrayLike) -> NDArray[Any]:
    """One output vector as a batch of one row, so a cost can average over rows."""
    array = np.asarray(values)
    return array[np.newaxis] if array.ndim == 1 else array


class QuadraticCost:
    """The video's cost: C = ½ ‖a − y‖², the squared distance between what the network
    outputs (``a``) and what it should output (``y``), averaged over the examples.

    Examples:
        >>> a = np.array([[0.8, 0.1], [0.4, 0.6]])
        >>> y = np.array([[1.0, 0.0], [0.0, 1.0]])
        >>> round(QuadraticCost.value(a, y), 4)  # (0.04 + 0.01 + 0.16 + 0.16) / 2 / 2
        0.0925
    """

    name = "quadratic"

    @staticmethod
    def value(a: ArrayLike, y: ArrayLike) -> float:
        """The cost of outputs ``a`` for targets ``y``, averaged over the rows.

        Args:
            a: The network's outputs, one row per example (or one output vector).
            y: The desired outputs, shaped like ``a``.

        Returns:
            ½ ‖a − y‖² averaged over the examples.
        """
        outputs, targets = _rows(a), _rows(y)
        return float(0.5 * np.sum((outputs - targets) ** 2) / len(outputs))

    @staticmethod
    def delta(z: FloatArray, a: FloatArray, y: FloatArray) -> FloatArray:
        """The error δ = ∂C/∂z of the output layer: (a − y) σ'(z), per example.

        Args:
            z: The output layer's weighted inputs.
            a: Its activations, σ(z).
            y: The desired outputs.

        Returns:
            δ, shaped like ``a``.
        """
        return (a - y) * sigmoid_prime(z)


class CrossEntropyCost:
    """Binary cross-entropy of the sigmoid outputs (Nielsen, chapter 3):
    C = −Σ [y ln a + (1 − y) ln(1 − a)], averaged over the examples.

    Its output error is simply δ = a − y: the σ'(z) of the quadratic cost cancels, so a
    neuron that is confidently wrong (σ'(z) ≈ 0) still learns fast. Outputs are kept
    a rounding error away from 0 and 1, so a saturated, wrong neuron costs a large but
    finite amount.

    Examples:
        >>> a = np.array([[0.9, 0.2]])
        >>> y = np.array([[1.0, 0.0]])
        >>> round(CrossEntropyCost.value(a, y), 4)  # -(ln 0.9 + ln 0.8)
        0.3285
    """

    name = "cross-entropy"

    @staticmethod
    def value(a: ArrayLike, y: ArrayLike) -> float:
        """The cost of outputs ``a`` for targets ``y``, averaged over the rows.

        Args:
            a: The network's outputs (between 0 and 1), one row per example.
            y: The desired outputs, shaped like ``a``.

        Returns:
            −Σ [y ln a + (1 − y) ln(1 − a)] averaged over the examples.
        """
        outputs, targets = _rows(a), _rows(y)
        eps = np.finfo(outputs.dtype).eps if outputs.dtype.kind == "f" else 1e-16
        outputs = np.clip(outputs, eps, 1 - eps)
        return float(
            -np.sum(targets * np.log(outputs) + (1 - targets) * np.log(1 - outputs))
            / len(outputs)
        )

    @staticmethod
    def delta(z: FloatArray, a: FloatArray, y: FloatArray) -> FloatArray:
        """The error δ = ∂C/∂z of the output layer: a − y, per example.

        Args:
            z: The output layer's weighted inputs (not needed: σ'(z) cancels).
            a: Its activations, σ(z).
            y: The desired outputs.

        Returns:
            δ, shaped like ``a``.
        """
        return a - y


#: Every cost the package knows, by name.
COSTS: dict[str, Cost] = {
    QuadraticCost.name: QuadraticCost,
    CrossEntropyCost.name: CrossEntropyCost,
}


def get_cost(cost: str | Cost) -> Cost:
    """The cost called ``cost`` ("quadratic" or "cross-entropy"), or a clear error.

    A cost object (anything with ``value(a, y)`` and ``delta(z, a, y)``) is returned
    as it is.

    Args:
        cost: A cost's name, or a cost object.

    Returns:
        The cost.

    Raises:
        TypeError: If ``cost`` is neither a name nor a cost object.
        ValueError: If there is no cost of that name.

    Examples:
        >>> get_cost("cross-entropy").name
        'cross-entropy'
    """
    choices = ", ".join(repr(name) for name in COSTS)
    if isinstance(cost, str):
        if cost not in COSTS:
            raise ValueError(f"unknown cost {cost!r}: choose one of {choices}")
        return COSTS[cost]
    if not (
        callable(getattr(cost, "value", None))
        and callable(getattr(cost, "delta", None))
    ):
        raise TypeError(
            f"cost must be a name, one of {choices}, or an object with methods "
            f"value(a, y) and delta(z, a, y); got {cost!r}"
        )
    return cost
