"""Checks on what readers pass in, so that mistakes get a message that teaches
instead of a numpy traceback from deep inside a matrix product.

Like numpy and scikit-learn: a wrong *type* raises ``TypeError``, a wrong *value*
``ValueError``. Every message says what was expected, and how to fix it where that
is not obvious.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray

SIZES_HINT = "e.g. [784, 16, 16, 10]: 784 inputs, two hidden layers of 16, 10 outputs"


def check_sizes(sizes: object) -> list[int]:
    """``sizes`` as a list of ints: at least two positive whole numbers, the input
    layer's size first and the output layer's last."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__iter__"):
        raise TypeError(
            f"sizes must be a list of layer sizes, {SIZES_HINT}; got {sizes!r}"
        )
    values = list(sizes)
    if len(values) < 2:
        raise ValueError(
            "sizes needs at least two layers (an input and an output layer), "
            f"{SIZES_HINT}; got {values!r}"
        )
    for size in values:
        if isinstance(size, bool) or not isinstance(size, numbers.Integral):
            raise TypeError(
                f"every layer size must be a positive whole number, {SIZES_HINT}; "
                f"got {size!r} in {values!r}"
            )
        if size < 1:
            raise ValueError(
                f"every layer size must be a positive whole number, {SIZES_HINT}; "
                f"got {size!r} in {values!r}"
            )
    return [int(size) for size in values]


def whole_number(value: object, name: str) -> int:
    """``value`` as an int if it is a whole number (not a bool), else ``TypeError``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    return int(value)


def positive_int(value: object, name: str) -> int:
    """``value`` as an int if it is a whole number >= 1, else a clear error."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive whole number, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be a positive whole number, got {value!r}")
    return int(value)


def _real(value: object, name: str, expected: str) -> float:
    """``value`` as a float if it is a finite real number, else a clear error."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {expected}, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be {expected}, got {value!r}")
    return float(value)


def positive_float(value: object, name: str, hint: str = "") -> float:
    """``value`` as a float if it is a finite number > 0, else a clear error."""
    number = _real(value, name, f"a positive number{hint}")
    if number <= 0:
        raise ValueError(f"{name} must be a positive number{hint}, got {value!r}")
    return number


def non_negative_float(value: object, name: str) -> float:
    """``value`` as a float if it is a finite number >= 0, else a clear error."""
    number = _real(value, name, "a number >= 0")
    if number < 0:
        raise ValueError(f"{name} must be a number >= 0, got {value!r}")
    return number


def as_inputs(
    values: ArrayLike,
    size: int,
    dtype: DTypeLike = np.float64,
    what: str = "input",
) -> NDArray[Any]:
    """``values`` as an array of shape ``(size,)`` or ``(n, size)``, checked, cast to
    ``dtype``: one input to a layer of ``size`` neurons, or a batch of them."""
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
        raise TypeError(
            f"expected {size} numbers per {what}, got values of type {array.dtype}"
        )
    if np.iscomplexobj(array):
        raise TypeError(
            f"expected {size} real numbers per {what}, got complex numbers "
            f"({array.dtype}); a neuron's activations are real: use the real part "
            "(values.real) if that is what you mean"
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
            f"expected {size} numbers per {what} (shape ({size},), or (n, {size}) "
            f"for a batch of n), got shape {array.shape}"
        )
    if not np.all(np.isfinite(array)):
        where = np.argwhere(~np.isfinite(array))[0]
        raise ValueError(
            f"the {what} contains NaN or infinite values (first at index "
            f"{tuple(int(i) for i in where)}); every value must be a finite number"
        )
    return array.astype(dtype, copy=False)


def check_seed(seed: object) -> int | None:
    """``seed`` if it is ``None`` or a whole number >= 0 (what numpy's random
    generator accepts), else a clear error.

    Examples:
        >>> check_seed(7), check_seed(None)
        (7, None)
    """
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            f"seed must be a whole number >= 0 (e.g. 0), or None for a fresh random "
            f"start; got {seed!r}"
        )
    if seed < 0:
        raise ValueError(
            f"seed must be a whole number >= 0 (e.g. 0), or None for a fresh random "
            f"start; got {seed!r}"
        )
    return int(seed)


def check_decay_step(learning_rates: Sequence[float], weight_decay: float) -> None:
    """Refuse a weight decay that flips the weights' signs: each step multiplies
    every weight by ``1 - rate * weight_decay``, which must stay above 0."""
    rate = max(learning_rates)
    if rate * weight_decay >= 1:
        raise ValueError(
            f"learning_rate x weight_decay must be below 1, got {rate:g} x "
            f"{weight_decay:g} = {rate * weight_decay:g}: each step multiplies every "
            f"weight by 1 - {rate * weight_decay:g}, which flips its sign instead of "
            "shrinking it; use a weight_decay much smaller than 1 / learning_rate "
            "(e.g. 1e-3)"
        )


def check_probabilities(values: NDArray[Any], what: str, why: str) -> None:
    """Refuse values outside [0, 1] (cross-entropy's targets are probabilities)."""
    bad = (values < 0) | (values > 1)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{what} must be between 0 and 1 {why}; got {values[where].item()!r} "
            f"at index {where}"
        )


def check_same_length(images: ArrayLike, labels: ArrayLike) -> None:
    """Refuse images and labels of different numbers: each image needs its label."""
    n_images, n_labels = len(np.asarray(images)), len(np.asarray(labels))
    if n_images != n_labels:
        raise ValueError(
            f"images and labels must have the same length (one label per image), "
            f"got {n_images} images and {n_labels} labels"
        )


def check_weight_vector(weights: object) -> None:
    """A clear ``TypeError`` for weights that are not a list of numbers: a string,
    a single number, or a generator (which would be read as one object)."""
    expected = "a neuron needs a flat list of weights, one number per input"
    if isinstance(weights, (str, bytes)):
        raise TypeError(f"{expected}, e.g. [0.5, -1.0]; got the text {weights!r}")
    if isinstance(weights, numbers.Number) or (
        isinstance(weights, np.ndarray) and weights.ndim == 0
    ):
        raise TypeError(
            f"{expected}; got the single number {weights!r}: for a neuron with one "
            f"input write [{weights!r}]"
        )
    if not isinstance(weights, np.ndarray) and not hasattr(weights, "__len__"):
        raise TypeError(
            f"{expected}; got a {type(weights).__name__}, which has no length: "
            "make it a list first, list(weights)"
        )


def check_labels(labels: ArrayLike, classes: int, what: str = "labels") -> NDArray[Any]:
    """``labels`` as a 1-d integer array of digits 0..classes-1, or a clear error."""
    array = np.asarray(labels)
    if array.ndim != 1:
        raise ValueError(
            f"{what} must be a 1-d array with one digit per image, got shape "
            f"{array.shape}"
        )
    if array.dtype == bool or not np.issubdtype(array.dtype, np.number):
        raise TypeError(
            f"{what} must be whole numbers 0-{classes - 1}, got values of type "
            f"{array.dtype}"
        )
    if not np.issubdtype(array.dtype, np.integer):
        bad = ~np.isfinite(array) | (array != np.round(array))
        if bad.any():
            index = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"{what} must be whole numbers 0-{classes - 1}; {what}[{index}] is "
                f"{array[index].item()!r}"
            )
    bad = (array < 0) | (array >= classes)
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        value = array[index].item()
        raise ValueError(
            f"{what} must be digits 0-{classes - 1} (one per output neuron), but "
            f"{what}[{index}] is {value!r}"
            + (f" ({int(bad.sum())} labels are out of range)" if bad.sum() > 1 else "")
        )
    return array.astype(np.intp, copy=False)


def check_mini_batch(
    x: ArrayLike,
    y: ArrayLike,
    sizes: Sequence[int],
    dtype: DTypeLike,
    probabilities: bool,
) -> tuple[NDArray[Any], NDArray[Any]]:
    """A mini-batch for ``backprop``, checked, or a clear error.

    Args:
        x: The inputs, shape ``(n, sizes[0])``; one input of shape ``(sizes[0],)`` is
            a batch of one.
        y: What each output should be: ``n`` digit labels, shape ``(n,)``, or the
            desired outputs themselves, shape ``(n, sizes[-1])``.
        sizes: The network's layer sizes.
        dtype: The network's dtype.
        probabilities: Whether desired outputs must lie in [0, 1] (as the
            cross-entropy cost's ln a and ln(1-a) need).

    Returns:
        ``x`` as ``(n, sizes[0])`` rows of ``dtype``, and ``y`` as ``n`` digit labels
        (ints, shape ``(n,)``) or ``(n, sizes[-1])`` desired outputs of ``dtype``.

    Raises:
        TypeError: If ``x`` or ``y`` does not hold numbers.
        ValueError: If ``x`` or ``y`` has the wrong shape or values, or the batch is
            empty.
    """
    inputs = as_inputs(x, sizes[0], dtype=dtype)
    inputs = inputs[np.newaxis] if inputs.ndim == 1 else inputs
    n, classes = len(inputs), sizes[-1]
    if n == 0:
        raise ValueError(
            "backprop needs at least one example: got an empty batch, shape "
            f"{inputs.shape}; the gradient of an average over no examples is undefined"
        )
    array = np.asarray(y)
    if array.shape == (n,) or (array.ndim == 0 and n == 1):
        return inputs, check_labels(array.reshape(n), classes, what="y")
    if array.shape == (n, classes) or (n == 1 and array.shape == (classes,)):
        targets = as_inputs(array, classes, dtype, what="desired output")
        if probabilities:
            check_probabilities(
                targets, "y", "for the cross-entropy cost (ln a and ln(1-a))"
            )
        return inputs, targets.reshape(n, classes)
    raise ValueError(
        f"y must be {n} digit labels, shape ({n},), or {n} desired outputs, shape "
        f"({n}, {classes}); got shape {array.shape}"
    )


def check_examples(
    images: ArrayLike, labels: ArrayLike, sizes: Sequence[int], dtype: DTypeLike
) -> tuple[NDArray[Any], NDArray[Any]]:
    """Images as a checked ``(n, sizes[0])`` batch of ``dtype`` and labels as digits
    0..sizes[-1]-1, as many of each, or a clear error."""
    x = as_inputs(images, sizes[0], dtype=dtype)
    if x.ndim == 1:
        raise ValueError(
            f"expected a batch of images of shape (n, {sizes[0]}), got one "
            f"image of shape {x.shape}; use images.reshape(1, -1) for a batch of one"
        )
    digits = check_labels(labels, sizes[-1])
    if len(x) != len(digits):
        raise ValueError(
            f"images and labels must have the same length, got {len(x)} images and "
            f"{len(digits)} labels"
        )
    if len(x) == 0:
        raise ValueError("got no images: training and evaluating need at least one")
    return x, digits


def check_history(history: object) -> tuple[np.ndarray, np.ndarray]:
    """The costs and accuracies of a training ``History`` (what ``train`` returns) as
    float arrays, one cost per epoch and one accuracy per epoch or none, or a clear
    error."""
    if not hasattr(history, "cost"):
        raise TypeError(
            "expected the History that train() returns (with .cost and .accuracy), "
            f"got {type(history).__name__}"
        )
    cost = np.asarray(list(history.cost), dtype=float)
    accuracy = np.asarray(list(getattr(history, "accuracy", [])), dtype=float)
    if len(cost) == 0:
        raise ValueError(
            "the history is empty: it has no epochs to draw; train for at least one "
            "epoch (train(...) returns the history)"
        )
    if len(accuracy) not in (0, len(cost)):
        raise ValueError(
            f"the history has {len(cost)} costs but {len(accuracy)} accuracies: "
            "expected one of each per epoch (or no accuracies)"
        )
    return cost, accuracy


def check_ink(ink: ArrayLike) -> NDArray[np.float64]:
    """``ink`` as a 2-D float64 array of values in [0, 1] (a drawing: 0 = paper,
    1 = full ink), or a clear error."""
    try:
        array = np.asarray(ink)
    except ValueError as error:  # ragged nested lists
        raise ValueError(f"ink must be a 2-D array of numbers: {error}") from None
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or array.dtype == bool
    ):
        raise TypeError(f"ink must hold numbers in [0, 1], got type {array.dtype}")
    if np.iscomplexobj(array):
        raise TypeError(f"ink must hold real numbers in [0, 1], got {array.dtype}")
    if array.ndim == 1 and array.shape == (784,):
        raise ValueError(
            "ink must be a 2-D picture (rows x columns), got 784 numbers in a row; "
            "if it is already a network input, reshape it: ink.reshape(28, 28)"
        )
    if array.ndim == 3 and array.shape[-1] in (3, 4):
        raise ValueError(
            f"ink must be a 2-D array of ink amounts, got a colour image of shape "
            f"{array.shape}; use load_image(path) for a picture file, or "
            "ink_from_rgba(pixels) for RGBA pixels"
        )
    if array.ndim != 2:
        raise ValueError(
            f"ink must be a 2-D array (rows x columns), got shape {array.shape}"
        )
    if array.size == 0:
        raise ValueError(f"the image is empty: ink has shape {array.shape}")
    array = array.astype(np.float64, copy=False)
    if not np.all(np.isfinite(array)):
        raise ValueError("ink contains NaN or infinite values; use numbers in [0, 1]")
    low, high = float(array.min()), float(array.max())
    if low < 0 or high > 1:
        hint = (
            "; for 8-bit pixel values 0..255, divide by 255 first"
            if high <= 255 and low >= 0
            else ""
        )
        raise ValueError(
            f"ink must be in [0, 1] (0 = paper, 1 = full ink), got values from "
            f"{low:g} to {high:g}{hint}"
        )
    return array
