"""A picture file as ink: how much ink each pixel holds, 0 = paper and 1 = full ink.

``load_image`` reads a picture (a drawing, a scan, a phone photo) and gives the 2-D
ink that ``nn_tutorial.digits.prepare_digit`` turns into the network's input. Dark
on light and light on dark both work.

The steps below are the whole specification, like those of ``digits``: the
browser's JavaScript port follows them from I2 on, and the two must agree to 1e-6
on every pixel. All arithmetic is IEEE-754 double precision (float64), evaluated
left to right as written; integer formulas are exact.

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
    becomes 0 ink instead of 0.1, which would otherwise count as ink in step P1 of
    ``nn_tutorial.digits``.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["MAX_PIXELS", "ink_from_rgba", "load_image"]

MAX_PIXELS = 12_000_000
"""The most pixels ``load_image`` decodes (step I0): a 4000 x 3000 phone photo."""

_INSTALL_PILLOW = 'reading image files needs Pillow: pip install "nn-tutorial[image]"'


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
    if not ink.any() and int(alpha.min()) < int(alpha.max()):  # all paper
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
