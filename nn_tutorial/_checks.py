"""Checks on what readers pass in, so that mistakes get a message that teaches
instead of a numpy traceback from deep inside a matrix product."""

from __future__ import annotations

import numbers

import numpy as np


def check_sizes(sizes) -> list[int]:
    """`sizes` must be at least two positive whole numbers: input layer, ..., output."""
    hint = "e.g. [784, 16, 16, 10]: 784 inputs, two hidden layers of 16, 10 outputs"
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__iter__"):
        raise ValueError(f"sizes must be a list of layer sizes, {hint}; got {sizes!r}")
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(
            f"sizes needs at least two layers (an input and an output layer), {hint}; "
            f"got {sizes!r}"
        )
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, numbers.Integral) or size < 1:
            raise ValueError(
                f"every layer size must be a positive whole number, {hint}; "
                f"got {size!r} in {sizes!r}"
            )
    return [int(size) for size in sizes]


def positive_int(value, name: str) -> int:
    """``value`` as an int if it is a whole number >= 1, else a clear error."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive whole number, got {value!r}")
    return int(value)


def as_inputs(values, size: int, dtype=np.float64, what: str = "input") -> np.ndarray:
    """`values` as an array of shape (size,) or (n, size), checked, cast to `dtype`."""
    try:
        array = np.asarray(values)
    except ValueError as error:  # ragged nested lists
        raise ValueError(
            f"expected {size} numbers per {what}, but the {what} is ragged "
            f"(rows of different lengths): {error}"
        ) from None
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or array.dtype == bool
    ):
        raise ValueError(
            f"expected {size} numbers per {what}, got values of type {array.dtype}"
        )
    if array.ndim == 2 and array.shape == (28, 28) and size == 784:
        raise ValueError(
            "expected 784 numbers (one per input neuron) but got a 28x28 image; "
            "flatten it first: image.reshape(784)"
        )
    if array.ndim == 3 and array.shape[1:] == (28, 28) and size == 784:
        raise ValueError(
            f"expected a batch of shape (n, 784) but got {len(array)} images of "
            "28x28; flatten them first: images.reshape(len(images), 784)"
        )
    if array.ndim not in (1, 2) or array.shape[-1] != size:
        raise ValueError(
            f"expected {size} numbers per {what} (shape ({size},), or ({'n'}, {size}) "
            f"for a batch of n), got shape {array.shape}"
        )
    if not np.all(np.isfinite(array)):
        where = np.argwhere(~np.isfinite(array))[0]
        raise ValueError(
            f"the {what} contains NaN or infinite values (first at index "
            f"{tuple(int(i) for i in where)}); every value must be a finite number"
        )
    return array.astype(dtype, copy=False)
