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

Turning a picture file into ink (``load_image``)
---------------------------------------------------

I0. A picture of more than ``MAX_PIXELS`` pixels (12 million, e.g. 4000 x 3000) is
    refused before it is decoded: a small file can hold a huge picture, and reading
    it would take gigabytes. Scale such a picture down first.

I1. Decode the file with Pillow, apply the EXIF orientation (photos from phones), and
    take the first frame. 16-bit grayscale modes ("I;16", "I;16B", "I;16L", "I") are
    reduced to 8 bits as ``v8 = min(255, max(0, (v * 255 + 32767) // 65535))``; every
    image is then converted to 8-bit RGBA by Pillow (grayscale, palette, palette with
    transparency, RGB, ...; a mode with no alpha gets A = 255). From here on each
    pixel is four integers R, G, B, A in 0..255, as a browser canvas's
    ``getImageData`` gives them (the JavaScript port starts here).

I2. Luminance, ITU-R BT.601 weights, composited over white paper. With the integer
    ``Y = 299 R + 587 G + 114 B`` (0..255000)::

        luminance = (Y * A + 255000 * (255 - A)) / 65025000

    The numerator is an exact integer; the division is one float64 division. For an
    opaque pixel this is ``(0.299 R + 0.587 G + 0.114 B) / 255``.

I3. Paper and ink. The border pixels are those of the first and last rows and the
    first and last columns (each pixel counted once; a 1-pixel-thin image is all
    border). The paper's luminance ``m`` is the median of theirs (sorted; for an
    even count n, ``(v[n/2 - 1] + v[n/2]) / 2``). If ``m >= 0.5`` the paper is light
    and the ink dark, else the drawing is light on dark; ink is how far a pixel is
    from the paper, as a fraction of the way to black (or white)::

        ink = clip((m - luminance) / m, 0, 1)          if m >= 0.5
        ink = clip((luminance - m) / (1 - m), 0, 1)    otherwise

    On white paper (m = 1) this is exactly ``1 - luminance``, on black (m = 0)
    exactly ``luminance``; on the grey paper of a photo (m = 0.9, say) the paper
    becomes 0 ink instead of 0.1, which would otherwise count as ink in step P1.

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
import os
import struct
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._checks import check_ink

__all__ = [
    "BOX_SIZE",
    "FIELD_CENTRE",
    "FIELD_SIZE",
    "INK_THRESHOLD",
    "MAX_PIXELS",
    "area_weights",
    "centre_in_field",
    "centre_of_mass",
    "crop_to_ink",
    "ink_from_rgba",
    "load_image",
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

MAX_PIXELS = 12_000_000
"""The most pixels ``load_image`` decodes (step I0): a 4000 x 3000 phone photo."""

_HALF_TIE = 1e-9  # step P4: exact halves round up despite floating-point error

_INSTALL_PILLOW = 'reading image files needs Pillow: pip install "nn-tutorial[image]"'


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


def ink_from_rgba(pixels: ArrayLike) -> NDArray[np.float64]:
    """Steps I2 and I3: ink in [0, 1] from 8-bit RGBA pixels of shape (H, W, 4).

    Luminance composited over white; ink measured from the border's (the paper's)
    luminance towards black, or towards white when the border is dark.

    Args:
        pixels: 8-bit RGBA pixels, shape (H, W, 4), as a canvas's getImageData.

    Returns:
        The ink of each pixel, shape (H, W), values in [0, 1].

    Raises:
        TypeError: If ``pixels`` are not whole numbers.
        ValueError: If ``pixels`` is not of shape (H, W, 4), or a value is outside
            0 to 255.

    Examples:
        >>> pixels = np.full((3, 3, 4), 255, dtype=np.uint8)  # white, opaque
        >>> pixels[1, 1, :3] = 0  # one black pixel in the middle
        >>> ink_from_rgba(pixels)
        array([[0., 0., 0.],
               [0., 1., 0.],
               [0., 0., 0.]])
    """
    pixels = np.asarray(pixels)
    if (
        pixels.ndim != 3
        or pixels.shape[-1] != 4
        or pixels.shape[0] * pixels.shape[1] == 0
    ):
        raise ValueError(f"expected RGBA pixels of shape (H, W, 4), got {pixels.shape}")
    if not np.issubdtype(pixels.dtype, np.integer):
        raise TypeError(
            f"expected 8-bit RGBA pixels: whole numbers from 0 to 255, got values of "
            f"type {pixels.dtype}"
        )
    if pixels.min() < 0 or pixels.max() > 255:
        raise ValueError("expected 8-bit RGBA pixels: whole numbers from 0 to 255")
    # Block by block of rows, in int32 (exact: the numerator is at most 65,025,000),
    # into one float64 array: a picture of n pixels takes 8 n bytes more, not the
    # 70 n of four int64 copies and their temporaries.
    height, width = pixels.shape[0], pixels.shape[1]
    luminance = np.empty((height, width), dtype=np.float64)
    for start in range(0, len(pixels), 256):
        block = pixels[start : start + 256]
        numerator = block[..., 0].astype(np.int32)
        numerator *= 299
        term = block[..., 1].astype(np.int32)
        term *= 587
        numerator += term
        term[...] = block[..., 2]
        term *= 114
        numerator += term  # Y = 299 R + 587 G + 114 B
        term[...] = block[..., 3]  # A
        numerator *= term
        np.subtract(255, term, out=term)
        term *= 255000
        numerator += term  # Y A + 255000 (255 - A)
        np.divide(numerator, 65025000, out=luminance[start : start + 256])
    border = np.concatenate(
        [luminance[0], luminance[-1], luminance[1:-1, 0], luminance[1:-1, -1]]
        if height > 1 and width > 1
        else [luminance.ravel()]
    )
    paper = float(np.median(border))
    ink = luminance  # computed in place: the luminance is not needed after this
    if paper >= 0.5:  # dark ink on light paper
        np.subtract(paper, ink, out=ink)
        ink /= paper
    else:  # light ink on a dark background
        ink -= paper
        ink /= 1 - paper
    return np.clip(ink, 0.0, 1.0, out=ink)


def load_image(path: str | os.PathLike[str]) -> NDArray[np.float64]:
    """Ink in [0, 1] from a picture file (PNG, JPEG, GIF, BMP, ...), ready for
    ``prepare_digit``. Dark-on-light and light-on-dark both work.

    Needs Pillow (``pip install "nn-tutorial[image]"``).

    Args:
        path: The picture file, of at most ``MAX_PIXELS`` pixels.

    Returns:
        The ink of each pixel, shape (height, width), 0 = paper and 1 = full ink.

    Raises:
        FileNotFoundError: If there is no file at ``path``, or it is a folder.
        PermissionError: If the file cannot be read.
        ValueError: If the file is empty, not a picture, damaged, larger than
            ``MAX_PIXELS``, of 32-bit or floating-point pixels, or light strokes on
            a transparent background (blank over white paper).
        ImportError: If Pillow is not installed.
    """
    path = Path(path)
    if path.is_dir():
        raise FileNotFoundError(f"{path} is a folder; expected an image file")
    if not path.is_file():
        raise FileNotFoundError(f"no image file at {path}")
    try:
        from PIL import Image, ImageOps, UnidentifiedImageError
    except ImportError:
        raise ImportError(_INSTALL_PILLOW) from None
    expected = "expected a picture file such as a PNG or JPEG"
    if path.stat().st_size == 0:
        raise ValueError(f"{path} is empty (0 bytes); {expected}")
    try:
        file = path.open("rb")
    except PermissionError:
        raise PermissionError(f"cannot read {path}: permission denied") from None
    try:
        with file, Image.open(_CappedReads(file)) as opened:
            width, height = opened.size
            if width * height > MAX_PIXELS:
                raise _Refused(
                    f"{path} is {width} x {height} pixels ({width * height:,}); "
                    f"load_image reads at most {MAX_PIXELS:,} (e.g. 4000 x 3000); "
                    "scale the picture down first (a digit needs only 28 x 28)"
                )
            image = ImageOps.exif_transpose(opened)
            image.load()
            pixels = _rgba(image, path)
            del image  # free the decoded picture before the ink is computed
    except _Refused as error:
        raise ValueError(str(error)) from None
    except UnidentifiedImageError:
        raise ValueError(
            f"{path} is not an image Pillow can read; {expected}"
        ) from None
    except Image.DecompressionBombError as error:
        raise ValueError(f"{path} is too large to read safely: {error}") from None
    except MemoryError:
        raise MemoryError(f"not enough memory to read {path}") from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
        raise ValueError(f"{path} is a damaged or unsupported image: {error}") from None
    ink = ink_from_rgba(pixels)
    alpha = pixels[..., 3]
    if float(ink.max()) <= INK_THRESHOLD and int(alpha.min()) < int(alpha.max()):
        raise ValueError(
            f"{path} is blank over white paper: its strokes are light (white?) on a "
            "transparent background, so they vanish when composited over white like "
            "every picture; draw dark strokes, or give the picture a dark background"
        )
    return ink


class _CappedReads:
    """A picture file whose ``read(n)`` never asks for more than is left in it.

    Pillow skips the rest of a PNG chunk by reading as many bytes as the chunk's
    length field claims, up to 2 GB, and Python reserves that much memory before
    reading: a 100-byte file could raise ``MemoryError``.
    """

    def __init__(self, file: Any) -> None:
        self.file = file
        self.size = os.fstat(file.fileno()).st_size

    def read(self, n: int | None = -1) -> bytes:
        left = max(0, self.size - self.file.tell())
        data: bytes = self.file.read(left if n is None or n < 0 or n > left else n)
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self.file, name)


class _Refused(Exception):
    """A picture load_image refuses (kept apart from Pillow's own ValueErrors)."""


def _rgba(image: Any, path: Path) -> NDArray[np.uint8]:
    """Step I1 after decoding: 8-bit RGBA pixels of a Pillow image."""
    from PIL import Image

    what = "save it as an 8-bit or 16-bit picture (PNG or JPEG) first"
    if image.mode == "F":
        raise _Refused(f"{path} has floating-point pixels, which are not read; {what}")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        wide = np.asarray(image)
        if image.mode == "I" and wide.size and (wide.min() < 0 or wide.max() > 65535):
            raise _Refused(
                f"{path} has 32-bit pixels (from {wide.min()} to {wide.max()}), which "
                f"are not read; {what}"
            )
        narrow = (wide.astype(np.int32) * 255 + 32767) // 65535
        image = Image.fromarray(np.clip(narrow, 0, 255).astype(np.uint8))
    if image.mode in ("L", "RGB"):  # no alpha: A = 255, without a converted copy
        values = np.asarray(image)
        rgba = np.empty(values.shape[:2] + (4,), dtype=np.uint8)
        rgba[..., :3] = values[..., np.newaxis] if values.ndim == 2 else values
        rgba[..., 3] = 255
        return rgba
    return np.asarray(image if image.mode == "RGBA" else image.convert("RGBA"))
