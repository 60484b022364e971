"""Your own digit, as the 784 numbers the network expects: "like MNIST".

MNIST digits were prepared in a particular way: each handwritten digit was scaled so
that its longer side is 20 pixels, then placed in a 28 x 28 field with its centre of
mass on the middle pixel, as light ink (1) on a dark background (0). A network
trained on MNIST expects exactly that, so a reader's drawing or photo goes through
the same steps before the network sees it. (Put through them, 93% of MNIST's test
digits come back unchanged; most others lose a few faint pixels, of ink 0.05 or
less, at their edges, and 8 in 10,000 move by a pixel.)

The steps below are the whole specification: the browser's JavaScript port follows
them too, and the two must agree to 1e-6 on every pixel. All arithmetic is IEEE-754
double precision (float64), evaluated left to right as written; integer formulas
are exact.

A picture file becomes ink (steps I0-I3) in ``nn_tutorial.pictures``, whose
``load_image`` this module also offers; the steps from ink on are these:

From ink to the network's input (``prepare_digit``)
-------------------------------------------------------

The input is a 2-D array ``ink`` of H x W values in [0, 1] (1 = full ink, 0 = paper),
row 0 at the top, column 0 at the left.

P1. Crop. ``INK_THRESHOLD = 0.05``. Take the smallest rectangle of rows ``r0..r1``
    and columns ``c0..c1`` (inclusive) holding every pixel with ``ink > 0.05``; if
    there is none, the image is blank (an error). ``crop = ink[r0..r1, c0..c1]``,
    values unchanged (pixels at or below the threshold inside the rectangle keep
    their value). Its size is h x w (``h = r1 - r0 + 1``, ``w = c1 - c0 + 1``).

P2. Scale so that the longer side is 20 pixels. With ``L = max(h, w)``, the patch
    is h' x w' with ``h' = max(1, floor((40 h + L) / (2 L)))`` and
    ``w' = max(1, floor((40 w + L) / (2 L)))`` (integer arithmetic: this is
    ``h * 20 / L`` rounded to the nearest integer, halves rounding up).
    Resampling is area averaging: each patch pixel is the mean of the crop over the
    rectangle it covers, a crop pixel partly covered counting by the covered
    fraction. For one axis going from n crop pixels to m patch pixels, crop pixel i
    covers ``[i m, (i + 1) m)`` and patch pixel j covers ``[j n, (j + 1) n)`` in
    units of 1/(n m) of the crop's side; the weight is::

        weight(j, i) = max(0, min((i + 1) m, (j + 1) n) - max(i m, j n)) / n

    (an exact integer divided by n, so every weight is one float64 division and each
    row of weights sums to 1). ``Ry = weights(h -> h')`` (h' x h) and
    ``Rx = weights(w -> w')`` (w' x w), and::

        patch[y, x] = sum over r, c of Ry[y, r] * crop[r, c] * Rx[x, c]

    that is ``patch = Ry @ crop @ Rx.T``.

P3. Centre of mass, with pixel (y, x) standing at the point (y, x) (row and column
    index; the convention MNIST used). With ``total = sum of patch`` (always > 0
    after P1)::

        cy = sum over y, x of y * patch[y, x] / total
        cx = sum over y, x of x * patch[y, x] / total

P4. Place. The centre of mass goes to pixel (14, 14) of the 28 x 28 field, rounded
    to whole pixels, as in MNIST (every one of MNIST's 10,000 test digits has its
    centre of mass within half a pixel of there; the field's geometric centre is
    the corner at 13.5, half a pixel up and left of it). The offsets::

        oy = floor(14 - cy + 0.5 + 1e-9),  ox = floor(14 - cx + 0.5 + 1e-9)

    round ``14 - cy`` and ``14 - cx`` to the nearest integer, halves up, so the
    centre of mass lands at most half a pixel from (14, 14) on each axis. The 1e-9
    makes an exact half (cx = 9.5 for a mirror-symmetric patch 20 wide) round up
    whatever the last bit of floating-point error. Start from a field of zeros and
    set ``field[y + oy, x + ox] = patch[y, x]`` for every patch pixel that falls
    inside the field (0 <= y + oy < 28 and 0 <= x + ox < 28); the rest is cut off
    (only a drawing with most of its ink near one edge loses any). Finally clip
    every value to [0, 1] (this only removes rounding error).

P5. Flatten row by row (row 0 first, each row left to right) into 784 values and
    convert to float32: ``input[28 y + x] = field[y, x]``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import check_ink

# Offered here too, as before: a picture file to ink is the step before this module's.
from .pictures import MAX_PIXELS as MAX_PIXELS
from .pictures import ink_from_rgba as ink_from_rgba
from .pictures import load_image as load_image

__all__ = [
    "BOX_SIZE",
    "FIELD_CENTRE",
    "FIELD_SIZE",
    "INK_THRESHOLD",
    "area_weights",
    "centre_in_field",
    "centre_of_mass",
    "crop_to_ink",
    "prepare_digit",
    "scale_to_box",
    "scaled_size",
]

INK_THRESHOLD = 0.05
"""A pixel with more ink than this counts as part of the drawing (step P1)."""

BOX_SIZE = 20
"""The longer side of the scaled digit, in pixels (step P2)."""

FIELD_SIZE = 28
"""The side of the field the digit is centred in (step P4): 28 x 28 = 784 inputs."""

FIELD_CENTRE = FIELD_SIZE // 2
"""The pixel (row and column 14) the centre of mass goes to (step P4), as in MNIST."""

_HALF_TIE = 1e-9  # step P4: exact halves round up despite floating-point error


def crop_to_ink(ink: ArrayLike) -> NDArray[np.float64]:
    """Step P1: the smallest rectangle holding every pixel with ink > INK_THRESHOLD.

    Args:
        ink: A 2-D array of ink amounts, 0 = paper and 1 = full ink.

    Returns:
        The part of ``ink`` inside that rectangle, values unchanged.

    Raises:
        TypeError: If ``ink`` does not hold numbers.
        ValueError: If ``ink`` is not a 2-D array of values in [0, 1], or is blank
            (no pixel has more ink than ``INK_THRESHOLD``).

    Examples:
        >>> ink = np.zeros((5, 6))
        >>> ink[1, 2] = ink[3, 4] = 1.0
        >>> crop_to_ink(ink).shape
        (3, 3)
    """
    ink = check_ink(ink)
    rows = np.flatnonzero((ink > INK_THRESHOLD).any(axis=1))
    if rows.size == 0:
        raise ValueError(
            f"the image is blank: no pixel has ink above {INK_THRESHOLD} (the most "
            f"ink is {ink.max():.3g}); draw the digit in strokes clearly darker than "
            "the paper (or lighter, on a dark background)"
        )
    columns = np.flatnonzero((ink > INK_THRESHOLD).any(axis=0))
    return ink[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1]


def area_weights(n: int, m: int) -> NDArray[np.float64]:
    """Step P2 on one axis: the (m, n) matrix that area-averages n pixels into m.

    Row j averages the inputs under output pixel j, each weighted by the fraction of
    it that is covered, so every row sums to 1.

    Args:
        n: How many pixels the axis has before scaling.
        m: How many it has after.

    Returns:
        The weights, shape (m, n).

    Raises:
        ValueError: If ``n`` or ``m`` is below 1.

    Examples:
        >>> area_weights(3, 2)  # 3 pixels into 2: each output covers 1.5 inputs
        array([[0.66666667, 0.33333333, 0.        ],
               [0.        , 0.33333333, 0.66666667]])
    """
    if n < 1 or m < 1:
        raise ValueError(f"area_weights needs n >= 1 and m >= 1, got n={n}, m={m}")
    i = np.arange(n, dtype=np.int64)[None, :]
    j = np.arange(m, dtype=np.int64)[:, None]
    overlap = np.minimum((i + 1) * m, (j + 1) * n) - np.maximum(i * m, j * n)
    weights: NDArray[np.float64] = np.maximum(overlap, 0) / n
    return weights


def scaled_size(h: int, w: int, box: int = BOX_SIZE) -> tuple[int, int]:
    """Step P2's size: the longer side becomes ``box``, rounding halves up.

    Args:
        h: The crop's height in pixels.
        w: Its width.
        box: The longer side after scaling.

    Returns:
        ``(height, width)`` after scaling, each at least 1.

    Examples:
        >>> scaled_size(30, 10)
        (20, 7)
    """
    longer = max(h, w)
    return (
        max(1, (2 * box * h + longer) // (2 * longer)),
        max(1, (2 * box * w + longer) // (2 * longer)),
    )


def scale_to_box(crop: ArrayLike, box: int = BOX_SIZE) -> NDArray[np.float64]:
    """Step P2: area-average ``crop`` so that its longer side is ``box`` pixels.

    Args:
        crop: A 2-D array of ink, as ``crop_to_ink`` gives it.
        box: The longer side after scaling.

    Returns:
        The scaled patch, of the size ``scaled_size`` gives.

    Raises:
        ValueError: If ``crop`` is not a 2-D array of numbers.

    Examples:
        >>> scale_to_box(np.ones((40, 10))).shape
        (20, 5)
    """
    crop = np.asarray(crop, dtype=np.float64)
    h, w = crop.shape
    height, width = scaled_size(h, w, box)
    patch: NDArray[np.float64] = (
        area_weights(h, height) @ crop @ area_weights(w, width).T
    )
    return patch


def centre_of_mass(patch: ArrayLike) -> tuple[float, float]:
    """Step P3: (cy, cx), the ink-weighted mean row and column index.

    Args:
        patch: A 2-D array of ink with some ink in it.

    Returns:
        ``(cy, cx)``: the centre of mass, in pixels from the top and the left.

    Raises:
        ValueError: If ``patch`` has no ink at all.

    Examples:
        >>> centre_of_mass(np.array([[0.0, 1.0], [0.0, 1.0]]))
        (0.5, 1.0)
    """
    patch = np.asarray(patch, dtype=np.float64)
    total = patch.sum()
    if not total > 0:
        raise ValueError("the centre of mass of a patch without ink is undefined")
    rows = patch.sum(axis=1)
    columns = patch.sum(axis=0)
    cy = float(np.arange(len(rows)) @ rows / total)
    cx = float(np.arange(len(columns)) @ columns / total)
    return cy, cx


def centre_in_field(patch: ArrayLike, size: int = FIELD_SIZE) -> NDArray[np.float64]:
    """Step P4: place ``patch`` in a size x size field of zeros with its centre of
    mass on pixel (size/2, size/2), to the nearest pixel; cut off what falls outside.

    Args:
        patch: A 2-D array of ink with some ink in it, as ``scale_to_box`` gives it.
        size: The side of the field.

    Returns:
        The field, shape (size, size), values clipped to [0, 1].

    Raises:
        ValueError: If ``patch`` has no ink at all.

    Examples:
        >>> field = centre_in_field(np.ones((3, 3)))
        >>> [int(i) for i in np.argwhere(field)[0]], float(field.sum())
        ([13, 13], 9.0)
    """
    patch = np.asarray(patch, dtype=np.float64)
    cy, cx = centre_of_mass(patch)
    oy = math.floor(size // 2 - cy + 0.5 + _HALF_TIE)
    ox = math.floor(size // 2 - cx + 0.5 + _HALF_TIE)
    field = np.zeros((size, size))
    h, w = patch.shape
    # the part of the patch that lands inside the field: patch rows y0..y1-1
    y0, y1 = max(0, -oy), min(h, size - oy)
    x0, x1 = max(0, -ox), min(w, size - ox)
    if y0 < y1 and x0 < x1:
        field[y0 + oy : y1 + oy, x0 + ox : x1 + ox] = patch[y0:y1, x0:x1]
    return np.clip(field, 0.0, 1.0)


def prepare_digit(ink: ArrayLike) -> NDArray[np.float32]:
    """The 784 inputs for a drawing: crop, scale to 20 px, centre in 28 x 28, flatten.

    ``ink`` is a 2-D array of any size, 1 = full ink and 0 = paper (see the module
    docstring for the exact steps).

    Args:
        ink: A 2-D array of ink amounts in [0, 1], e.g. from ``load_image``.

    Returns:
        The network's input: shape (784,), float32, values in [0, 1].

    Raises:
        TypeError: If ``ink`` does not hold numbers.
        ValueError: If ``ink`` is not a 2-D array of values in [0, 1], or is blank
            (no pixel has more ink than ``INK_THRESHOLD``).

    Examples:
        >>> ink = np.zeros((50, 40))
        >>> ink[10:40, 15:25] = 1.0  # a bar 30 pixels tall and 10 wide
        >>> x = prepare_digit(ink)
        >>> x.shape, x.dtype
        ((784,), dtype('float32'))
        >>> round(float(x.sum()), 3)  # scaled to 20 x 7 pixels of full ink
        140.0
    """
    patch = scale_to_box(crop_to_ink(ink))
    return centre_in_field(patch).reshape(FIELD_SIZE * FIELD_SIZE).astype(np.float32)
