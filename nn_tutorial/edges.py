"""Edge detectors built by hand: one neuron that lights up for a short stroke.

A detector is an ordinary ``Neuron`` with one weight per pixel of a 28x28 image: +1
on a short strip of pixels, -1 on the strips just beside it, 0 everywhere else. Its
weighted sum is large when the strip is inked and the pixels beside it are blank; its
bias says how large is large enough.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import whole_number
from .activations import FloatArray, sigmoid
from .neuron import Neuron

__all__ = ["ORIENTATIONS", "edge_detector", "edge_map"]

#: The directions a detector's strip can run in: for each, one step along the strip
#: and one step across it, as (rows, columns). "rising" runs like ``/`` (up to the
#: right), "falling" like ``\`` (down to the right); a diagonal strip is as many
#: pixels wide in each row as a vertical one.
ORIENTATIONS = {
    "horizontal": ((0, 1), (1, 0)),
    "vertical": ((1, 0), (0, 1)),
    "rising": ((-1, 1), (0, 1)),
    "falling": ((1, 1), (0, 1)),
}

SIDE = 28  # MNIST images are 28 x 28 pixels


def _weights(
    orientation: str, position: tuple[int, int], length: int, width: int
) -> NDArray[np.float64]:
    """The 28x28 weights: +1 on the strip, -1 on the strips beside it, 0 elsewhere."""
    choices = ", ".join(repr(name) for name in ORIENTATIONS)
    if not isinstance(orientation, str):
        raise TypeError(f"orientation must be one of {choices}, got {orientation!r}")
    if orientation not in ORIENTATIONS:
        raise ValueError(
            f"unknown orientation {orientation!r}: choose one of {choices}"
        )
    if isinstance(position, (str, bytes)) or np.shape(position) != (2,):
        raise TypeError(f"position must be a (row, column) pair, got {position!r}")
    row, column = (whole_number(value, "position") for value in position)
    if not (0 <= row < SIDE and 0 <= column < SIDE):
        raise ValueError(
            f"position {(row, column)} is off the 28x28 grid: row and column must "
            f"each be between 0 and {SIDE - 1}"
        )
    weights = np.zeros((SIDE, SIDE))
    for dr, dc, weight in _strip(orientation, length, width):
        if 0 <= row + dr < SIDE and 0 <= column + dc < SIDE:
            weights[row + dr, column + dc] = weight
    return weights


def _strip(orientation: str, length: int, width: int) -> list[tuple[int, int, float]]:
    """(row offset, column offset, weight) of every nonzero weight, from the centre."""
    for value, name in [(length, "length"), (width, "width")]:
        if whole_number(value, name) < 1:
            raise ValueError(f"{name} must be at least 1 pixel, got {value!r}")
    (along_r, along_c), (across_r, across_c) = ORIENTATIONS[orientation]
    first = -((width - 1) // 2)  # the strip's steps across are first .. first+width-1
    weight_of_step = {k: 1.0 for k in range(first, first + width)}
    for k in range(1, width + 1):  # the strips beside it, one on each side
        weight_of_step[first - k] = weight_of_step[first + width - 1 + k] = -1.0
    return [
        (step * along_r + across * across_r, step * along_c + across * across_c, w)
        for step in range(-((length - 1) // 2), length - (length - 1) // 2)
        for across, w in weight_of_step.items()
    ]


def edge_detector(
    orientation: str = "horizontal",
    position: tuple[int, int] = (14, 14),
    length: int = 7,
    width: int = 3,
    bias: float | None = None,
) -> Neuron:
    """A neuron with 784 weights that lights up for a short stroke in a 28x28 image.

    Its weights are +1 on a strip ``length`` pixels long and ``width`` pixels wide,
    -1 on the strips of ``width`` pixels on either side of it, and 0 everywhere else
    (any part that would fall off the image is left out). The strip runs in
    ``orientation`` (one of ``ORIENTATIONS``: "horizontal", "vertical", "rising"
    for ``/`` or "falling" for ``\\``) through ``position`` = (row, column), its
    middle pixel (for an even length or width, the one just before the middle).
    The defaults fit MNIST, whose strokes are two to four pixels thick.
    Pixel (r, c) of the image is input ``28 * r + c``, as in ``image.reshape(784)``.

    ``bias`` is the threshold: the weighted sum must pass ``-bias`` before the
    neuron is more on than off. By default it is ``-length * width / 2`` (-10.5 for
    the default 7 x 3 strip): at least half a strip of ink, after subtracting any
    ink beside it.

    Args:
        orientation: "horizontal", "vertical", "rising" or "falling".
        position: The (row, column) of the strip's middle pixel, 0 to 27 each.
        length: The strip's length in pixels.
        width: The strip's width in pixels.
        bias: The neuron's bias; ``None``: ``-length * width / 2``.

    Returns:
        The detector: a ``Neuron`` with one weight per pixel.

    Raises:
        TypeError: If an argument is of the wrong type (a position that is not a
            pair of whole numbers, say).
        ValueError: If an argument has a wrong value (off the grid, say).

    A small one first: a vertical strip 3 pixels long and 1 wide.

    Examples:
        >>> small = edge_detector("vertical", position=(14, 14), length=3, width=1)
        >>> small.weights.reshape(28, 28)[12:17, 12:17].astype(int)
        array([[ 0,  0,  0,  0,  0],
               [ 0, -1,  1, -1,  0],
               [ 0, -1,  1, -1,  0],
               [ 0, -1,  1, -1,  0],
               [ 0,  0,  0,  0,  0]])

        The default, 7 x 3, against a horizontal and a vertical bar 3 pixels thick:

        >>> import numpy as np
        >>> neuron = edge_detector("horizontal", position=(14, 14))
        >>> horizontal, vertical = np.zeros((28, 28)), np.zeros((28, 28))
        >>> horizontal[13:16, 6:22] = 1.0
        >>> vertical[6:22, 13:16] = 1.0
        >>> neuron.bias
        -10.5
        >>> for bar in (horizontal, vertical):
        ...     x = bar.reshape(784)
        ...     print(f"sum {neuron.weighted_sum(x):5.1f}, activation {neuron(x):.2f}")
        sum  10.5, activation 1.00
        sum -19.5, activation 0.00
    """
    weights = _weights(orientation, position, length, width)
    if bias is None:
        bias = -length * width / 2
    return Neuron(weights.reshape(SIDE * SIDE), bias=bias)


def edge_map(
    image: ArrayLike,
    orientation: str = "horizontal",
    length: int = 7,
    width: int = 3,
    bias: float | None = None,
) -> FloatArray:
    """The activation of ``edge_detector(orientation, (r, c), ...)`` at every position.

    ``image`` is one 28x28 image (or its 784 pixels in a row); the result is a 28x28
    array whose entry (r, c) is the activation of the detector centred on pixel
    (r, c): a map of where in the image the stroke is. (Sliding one detector over
    every position like this is what the first layer of a *convolutional* network
    does.)

    Args:
        image: One 28x28 image, or its 784 pixels in a row.
        orientation: "horizontal", "vertical", "rising" or "falling".
        length: The strip's length in pixels.
        width: The strip's width in pixels.
        bias: The detector's bias; ``None``: ``-length * width / 2``.

    Returns:
        A 28x28 array: the detector's activation centred on each pixel.

    Raises:
        TypeError: If an argument is of the wrong type.
        ValueError: If the image is not one 28x28 image of finite numbers, or an
            argument has a wrong value.

    Examples:
        >>> import numpy as np
        >>> bar = np.zeros((28, 28))
        >>> bar[13:16, 6:22] = 1.0
        >>> where = edge_map(bar, "horizontal")
        >>> print(f"{where[14, 14]:.2f} on the bar, {where[5, 5]:.2f} far from it")
        1.00 on the bar, 0.00 far from it
    """
    pixels = np.asarray(image, dtype=float)
    if pixels.shape not in ((SIDE, SIDE), (SIDE * SIDE,)):
        raise ValueError(
            f"expected one 28x28 image (or its 784 pixels), got shape {pixels.shape}"
        )
    if not np.all(np.isfinite(pixels)):
        raise ValueError("the image contains NaN or infinite values")
    detector = edge_detector(orientation, (14, 14), length, width, bias)  # checks
    # The detector at (r, c) weighs pixel (r + dr, c + dc) by w: add up w times the
    # image shifted by (dr, dc), with zeros where the shift leaves the image.
    strip = _strip(orientation, length, width)
    pad = max(max(abs(dr), abs(dc)) for dr, dc, _ in strip)
    padded = np.pad(pixels.reshape(SIDE, SIDE), pad)
    z = np.full((SIDE, SIDE), detector.bias)
    for dr, dc, w in strip:
        z += w * padded[pad + dr : pad + dr + SIDE, pad + dc : pad + dc + SIDE]
    return sigmoid(z)
