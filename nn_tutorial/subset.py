"""A subset of MNIST for the browser: the digits "Watch it learn" trains on.

At docs-build time ``mnist_subset`` draws the digits (the same seed, the same ones)
and ``subset_to_bytes`` writes them in the layout of the network file
(``nn_tutorial.export``), with the magic ``b"NNTD"`` and four uint8 arrays
(``train_images``, ``train_labels``, ``test_images``, ``test_labels``), then
gzip-compressed; the page's worker reads it as ``subset_from_bytes`` does.

Examples:
    >>> import numpy as np
    >>> digits = Subset(
    ...     np.zeros((3, 784), np.uint8), np.array([1, 2, 3], np.uint8),
    ...     np.zeros((1, 784), np.uint8), np.array([7], np.uint8),
    ... )
    >>> data = subset_to_bytes(digits)
    >>> data[:2]  # gzip's magic
    b'\\x1f\\x8b'
    >>> subset_from_bytes(data).train_labels
    array([1, 2, 3], dtype=uint8)
"""

from __future__ import annotations

import gzip
import io
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from ._browser_file import pack, read_arrays, read_header
from .mnist import MNIST

__all__ = [
    "DATA_MAGIC",
    "Subset",
    "mnist_subset",
    "subset_from_bytes",
    "subset_to_bytes",
]

DATA_MAGIC = b"NNTD"
"""The first four bytes of a data set for the browser (before gzip)."""

_NOT_OURS = "not a data set written by nn_tutorial.subset.subset_to_bytes"
_MAX_SUBSET_BYTES = 100_000_000  # 60,000 + 10,000 images and labels take 55 MB


class Subset(NamedTuple):
    """MNIST digits as bytes (0 = paper, 255 = full ink), as the browser trains on
    them.

    Attributes:
        train_images: (n, 784) uint8.
        train_labels: (n,) uint8.
        test_images: (m, 784) uint8.
        test_labels: (m,) uint8.
    """

    train_images: NDArray[np.uint8]
    train_labels: NDArray[np.uint8]
    test_images: NDArray[np.uint8]
    test_labels: NDArray[np.uint8]


def mnist_subset(
    mnist: MNIST, train: int = 10_000, test: int = 2_000, seed: int = 0
) -> Subset:
    """A deterministic random subset of MNIST: ``train`` training and ``test`` test
    digits, drawn without replacement with ``seed`` and kept in MNIST's order.

    Args:
        mnist: The MNIST digits, as ``nn_tutorial.mnist.load_mnist`` gives them.
        train: How many training digits.
        test: How many test digits.
        seed: The seed of the draw: the same seed gives the same digits.

    Returns:
        The subset, its pixels as bytes (MNIST's brightnesses are exactly byte / 255).
    """
    rng = np.random.default_rng(seed)
    chosen = np.sort(rng.choice(len(mnist.train_labels), train, replace=False))
    chosen_test = np.sort(rng.choice(len(mnist.test_labels), test, replace=False))

    def as_bytes(images: NDArray[Any]) -> NDArray[np.uint8]:
        pixels: NDArray[np.floating[Any]] = np.rint(np.asarray(images) * 255)
        return pixels.astype(np.uint8)

    return Subset(
        as_bytes(mnist.train_images[chosen]),
        np.asarray(mnist.train_labels[chosen]).astype(np.uint8),
        as_bytes(mnist.test_images[chosen_test]),
        np.asarray(mnist.test_labels[chosen_test]).astype(np.uint8),
    )


def subset_to_bytes(subset: Subset) -> bytes:
    """The subset as one gzip-compressed file: ``b"NNTD"`` and the layout of the
    network file (header, then the four arrays), compressed reproducibly (no date in
    the gzip header), so that two builds give the same bytes.

    Args:
        subset: The digits, as ``mnist_subset`` gives them.

    Returns:
        The compressed file.
    """
    arrays = [(name, np.asarray(getattr(subset, name))) for name in Subset._fields]
    raw = pack(DATA_MAGIC, {"pixels": "0 = paper, 255 = full ink"}, arrays)
    return gzip.compress(raw, compresslevel=6, mtime=0)


def subset_from_bytes(data: bytes) -> Subset:
    """Read a file written by ``subset_to_bytes``, as the page's worker does.

    Args:
        data: The compressed file.

    Returns:
        The subset.

    Raises:
        ValueError: If ``data`` is not such a file, or decompresses to more than
            100 MB.
    """
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            raw = stream.read(_MAX_SUBSET_BYTES + 1)
    except (OSError, EOFError) as error:
        raise ValueError(f"not a gzip-compressed data set: {error}") from None
    if len(raw) > _MAX_SUBSET_BYTES:
        raise ValueError(
            f"the data set decompresses to more than {_MAX_SUBSET_BYTES:,} bytes"
        )
    header, start = read_header(raw, DATA_MAGIC, (), _NOT_OURS)
    arrays = read_arrays(raw, header, start, _NOT_OURS)
    missing = sorted(set(Subset._fields) - set(arrays))
    if missing:
        raise ValueError(f"{_NOT_OURS}: the data set lacks {missing}")
    subset = Subset(*(arrays[name].copy() for name in Subset._fields))
    for images, labels in ((subset[0], subset[1]), (subset[2], subset[3])):
        if (
            images.dtype != np.uint8
            or labels.dtype != np.uint8
            or images.ndim != 2
            or images.shape != (len(labels), 784)
        ):
            raise ValueError(
                f"{_NOT_OURS}: images must be (n, 784) uint8 with n uint8 labels, got "
                f"{list(images.shape)} {images.dtype} and {list(labels.shape)}"
            )
    return subset
