"""MNIST: 70,000 handwritten digits, 28x28 grey pixels each, with their labels.

``load_mnist()`` finds the four standard files (or downloads them once), checks that
their content is exactly the published MNIST, and returns the digits as arrays.

Where the files live: the ``data_dir`` argument, else the environment variable
``NN_TUTORIAL_DATA``, else a per-user cache directory (``pooch.os_cache``). A download
goes to a temporary file first and only gets its final name once the SHA-256 of its
decompressed content matches; a file that does not match is never used.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import math
import os
import sys
import tempfile
import zlib
from pathlib import Path
from typing import NamedTuple

import numpy as np

__all__ = ["MNIST", "MNISTError", "download_mnist", "load_mnist", "parse_idx"]

#: Public mirrors, tried in order; the environment variable
#: ``NN_TUTORIAL_MNIST_MIRRORS`` (space-separated URLs) replaces them.
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

#: Each file's SHA-256 and size *after* decompression: mirrors may gzip the same
#: content differently, so only the content is checked.
FILES = {
    "train-images-idx3-ubyte.gz": (
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        47_040_016,
    ),
    "train-labels-idx1-ubyte.gz": (
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        60_008,
    ),
    "t10k-images-idx3-ubyte.gz": (
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        7_840_016,
    ),
    "t10k-labels-idx1-ubyte.gz": (
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
        10_008,
    ),
}

HOW_TO_FIX = (
    "Put the four MNIST files there, or point the environment variable "
    "NN_TUTORIAL_DATA (or the data_dir argument) at a directory that holds them."
)


class MNISTError(ValueError):
    """MNIST files that are missing, damaged or not MNIST at all."""


class MNIST(NamedTuple):
    """The digits: images as rows of 784 brightnesses in [0, 1], labels 0-9.

    ``train_images`` has shape (60000, 784) and dtype float32, ``train_labels``
    shape (60000,) and dtype int64; the test set has 10000 of each.

    The arrays are read-only, because every call shares them (no copy of 200 MB
    per call); use ``.copy()`` for an array you want to change.
    """

    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray


def parse_idx(data: bytes, name: str = "IDX data") -> np.ndarray:
    """The array in an IDX file, MNIST's format, from its decompressed bytes.

    An IDX file starts with a magic number (2049 for labels, 2051 for images), then
    one big-endian 32-bit size per dimension, then one unsigned byte per value.

    Examples:
        >>> parse_idx(bytes([0, 0, 8, 1, 0, 0, 0, 3, 7, 2, 1]))
        array([7, 2, 1], dtype=uint8)
    """
    magic = int.from_bytes(data[:4], "big")
    if magic not in (2049, 2051):
        hint = " (still gzip-compressed?)" if data[:2] == b"\x1f\x8b" else ""
        raise MNISTError(
            f"{name}: expected magic number 2049 (labels) or 2051 (images), "
            f"got {magic}{hint}; this is not an MNIST file"
        )
    ndim = magic - 2048  # 1 dimension for labels, 3 for images
    header = 4 + 4 * ndim  # the magic number, then one size per dimension
    if len(data) < header:
        raise MNISTError(f"{name}: truncated: {len(data)} bytes, not even a header")
    shape = tuple(int.from_bytes(data[i : i + 4], "big") for i in range(4, header, 4))
    if magic == 2051 and shape[1:] != (28, 28):
        raise MNISTError(f"{name}: expected 28x28 images, got {shape[1]}x{shape[2]}")
    expected = header + math.prod(shape)
    if len(data) != expected:
        problem = "truncated" if len(data) < expected else "followed by extra bytes"
        raise MNISTError(
            f"{name}: {problem}: a header of shape {shape} means {expected} bytes, "
            f"got {len(data)}"
        )
    values = np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)
    if magic == 2049 and values.size and values.max() > 9:
        raise MNISTError(f"{name}: labels must be digits 0-9, found {values.max()}")
    return values


def _data_dir(data_dir: str | os.PathLike[str] | None) -> Path:
    """The data_dir argument, else $NN_TUTORIAL_DATA, else the per-user cache."""
    if data_dir is None:
        data_dir = os.environ.get("NN_TUTORIAL_DATA")
    if not data_dir:
        import pooch  # imported here: it takes a while, and most calls never need it

        data_dir = pooch.os_cache("nn_tutorial")
    return Path(data_dir).expanduser()


def _mirrors() -> list[str]:
    return os.environ.get("NN_TUTORIAL_MNIST_MIRRORS", "").split() or list(MIRRORS)


_verified: set[tuple[str, int, int]] = set()  # (path, size, mtime) hashed this run


def _content(path: Path, name: str) -> bytes:
    """The decompressed bytes of `path`, checked to be MNIST's file `name`."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    try:
        content = gzip.decompress(path.read_bytes())
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise MNISTError(f"{path}: not a complete gzip file ({error})") from None
    if key not in _verified:
        sha256, size = FILES[name]
        actual = hashlib.sha256(content).hexdigest()
        if actual != sha256:
            raise MNISTError(
                f"{path}: content is not MNIST's {name}: expected SHA-256 {sha256} "
                f"({size} bytes), got {actual} ({len(content)} bytes)"
            )
        _verified.add(key)
    return content


def _download(name: str, directory: Path) -> None:
    """Download `name` into `directory`, trying each mirror in turn."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        if not directory.stat().st_mode & 0o200:  # read-only, even for root
            raise PermissionError("the directory is read-only")
        handle, part = tempfile.mkstemp(
            dir=directory, prefix=f".{name}.", suffix=".part"
        )
    except OSError as error:
        raise MNISTError(
            f"cannot write {name} into {directory}: {error}. " + HOW_TO_FIX
        ) from None
    os.close(handle)
    part = Path(part)
    failures = []
    try:
        for mirror in _mirrors():
            url = mirror.rstrip("/") + "/" + name
            print(f"Downloading {url}", file=sys.stderr)
            try:
                import pooch

                pooch.HTTPDownloader(progressbar=True)(url, str(part), None)
                _content(part, name)
            except (OSError, MNISTError) as error:  # requests' errors are OSErrors
                failures.append(f"  {url}: {error}")
                continue
            os.replace(part, directory / name)  # atomic: whole and checked, or absent
            return
    finally:
        part.unlink(missing_ok=True)
    raise MNISTError(f"could not download {name}:\n" + "\n".join(failures))


def _fetch_missing(directory: Path, download: bool) -> None:
    """Download the files missing from `directory`, or explain where to put them."""
    missing = [name for name in FILES if not (directory / name).exists()]
    for number, name in enumerate(missing):
        where = f"MNIST files missing from {directory}: {', '.join(missing[number:])}"
        if not download:
            raise MNISTError(f"{where}.\n{HOW_TO_FIX} Or allow download=True.")
        try:
            _download(name, directory)
        except MNISTError as error:
            raise MNISTError(f"{where}.\n{HOW_TO_FIX}\n{error}") from None


def download_mnist(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Download the MNIST files that are missing, check all four, return their folder.

    For example ``download_mnist("data/mnist")`` fills ``data/mnist``; files already
    there are checked, not downloaded again.
    """
    directory = _data_dir(data_dir)
    _fetch_missing(directory, download=True)
    for name in FILES:
        _read(directory / name, name)
    return directory


def _read(path: Path, name: str) -> np.ndarray:
    """The array in the MNIST file `path`; a bad file gets an error with the fix."""
    try:
        return parse_idx(_content(path, name), str(path))
    except MNISTError as error:
        raise MNISTError(
            f"{error}\nDelete {path} so that it is downloaded again, "
            "or point NN_TUTORIAL_DATA at a directory with good copies."
        ) from None


@functools.cache
def _load(directory: Path) -> MNIST:
    """Parse the four files once per directory and process."""
    arrays = []
    for name in FILES:
        array = _read(directory / name, name)
        if array.ndim == 3:  # images: one row of 784 brightnesses per digit
            array = array.reshape(len(array), -1).astype(np.float32) / 255
        else:
            array = array.astype(np.int64)
        array.flags.writeable = False
        arrays.append(array)
    mnist = MNIST(*arrays)
    for images, labels in [mnist[:2], mnist[2:]]:
        if len(images) != len(labels):
            raise MNISTError(
                f"{directory}: {len(images)} images but {len(labels)} labels; the "
                "files are from different data sets. " + HOW_TO_FIX
            )
    return mnist


def load_mnist(
    data_dir: str | os.PathLike[str] | None = None, download: bool = True
) -> MNIST:
    """The MNIST digits, downloading the files first if they are missing.

    For example ``train_images, train_labels, test_images, test_labels =
    load_mnist()`` gives ``train_images.shape == (60000, 784)``. ``download=False``
    never touches the network. Arrays are cached per directory and read-only.
    """
    directory = _data_dir(data_dir)
    _fetch_missing(directory, download)
    return _load(directory.resolve())
