"""MNIST: 70,000 handwritten digits, 28x28 grey pixels each, with their labels.

``load_mnist()`` finds the four standard files (or downloads them once), checks that
their content is exactly the published MNIST, and returns the digits as arrays.

Where the files live: the ``data_dir`` argument, else the environment variable
``NN_TUTORIAL_DATA``, else a per-user cache directory
(``platformdirs.user_cache_dir``). A download goes to a temporary file first and only
gets its final name once the SHA-256 of its decompressed content matches; a file that
does not match is never used.

Every file is untrusted: it is decompressed as a stream, and reading stops as soon
as the content passes the known size of the MNIST file it claims to be, so a small
"gzip bomb" costs no more memory than the real file. A mirror gets
``DOWNLOAD_DEADLINE`` seconds per file, however slowly it sends, before the next
mirror is tried.
"""

from __future__ import annotations

import functools
import math
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import numpy as np
import platformdirs
from numpy.typing import NDArray

from ._download import GzipCheck, fetch
from ._files import check_target, write_atomically

__all__ = [
    "MNIST",
    "MNISTError",
    "MNISTMissingError",
    "download_mnist",
    "load_mnist",
    "load_mnist_test",
    "parse_idx",
]

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
TEST_FILES = ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")

#: Seconds to connect to a mirror, and to wait for each piece of a download.
CONNECT_TIMEOUT, READ_TIMEOUT = 10.0, 30.0
#: Seconds one file may take from one mirror before the next mirror is tried: a
#: mirror that sends a byte every few seconds never hits READ_TIMEOUT, but this.
DOWNLOAD_DEADLINE = 300.0

#: How the messages name the data_dir argument; the command line says --data-dir.
DATA_DIR_ARGUMENT = "the data_dir argument"
HOW_TO_FIX = (
    "Put the four MNIST files there, or point the environment variable "
    f"NN_TUTORIAL_DATA (or {DATA_DIR_ARGUMENT}) at a directory that holds them."
)


class MNISTError(ValueError):
    """MNIST files that are damaged or not MNIST at all."""


class MNISTMissingError(MNISTError, FileNotFoundError):
    """MNIST files that are missing and could not be downloaded."""


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


def parse_idx(data: bytes, name: str = "IDX data") -> NDArray[np.uint8]:
    """The array in an IDX file, MNIST's format, from its decompressed bytes.

    An IDX file starts with a magic number (2049 for labels, 2051 for images), then
    one big-endian 32-bit size per dimension, then one unsigned byte per value.

    Args:
        data: The file's content, decompressed.
        name: What to call the data in error messages, e.g. its path.

    Returns:
        A read-only view of the values: shape ``(n,)`` for labels, ``(n, 28, 28)``
        for images.

    Raises:
        TypeError: If ``data`` is not bytes.
        MNISTError: (a ``ValueError``) If ``data`` is not a complete IDX file of
            MNIST labels or 28x28 images.

    Examples:
        >>> parse_idx(bytes([0, 0, 8, 1, 0, 0, 0, 3, 7, 2, 1]))
        array([7, 2, 1], dtype=uint8)
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"{name}: expected the bytes of an IDX file, got {data!r:.60}")
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
    from_environment = False
    if data_dir is not None:
        if not isinstance(data_dir, (str, os.PathLike)):
            raise TypeError(
                f"data_dir must be a folder's path (a str or Path), or None for "
                f"the default; got {data_dir!r}"
            )
        if not os.fspath(data_dir):
            raise ValueError(
                "data_dir is empty: give a folder, or None (leave it out) for "
                "$NN_TUTORIAL_DATA or the per-user cache"
            )
        directory = Path(data_dir).expanduser()
    elif from_environment := bool(os.environ.get("NN_TUTORIAL_DATA")):  # not ""
        directory = Path(os.environ["NN_TUTORIAL_DATA"]).expanduser()
    else:
        directory = Path(platformdirs.user_cache_dir("nn_tutorial"))
    if directory.exists() and not directory.is_dir():
        where = f"NN_TUTORIAL_DATA={directory}" if from_environment else directory
        raise NotADirectoryError(
            f"{where} is a file, not a folder: MNIST is read from the folder that "
            "holds its four files"
        )
    return directory


def _mirrors() -> list[str]:
    return os.environ.get("NN_TUTORIAL_MNIST_MIRRORS", "").split() or list(MIRRORS)


_verified: set[tuple[str, int, int]] = set()  # (path, size, mtime) hashed this run


def _check(name: str, where: str, hash_content: bool = True) -> GzipCheck:
    """A streaming check that data is MNIST's gzip file ``name``."""
    sha256, size = FILES[name]
    return GzipCheck(f"MNIST's {name}", sha256, size, where, MNISTError, hash_content)


def _content(path: Path, name: str) -> bytes:
    """The decompressed bytes of `path`, checked to be MNIST's file `name`."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    check = _check(name, str(path), hash_content=key not in _verified)
    content = bytearray()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            for piece in check.feed(chunk):
                content += piece
    check.finish()
    _verified.add(key)
    return bytes(content)


def _fetch(url: str, file: BinaryIO, name: str) -> None:
    """Download ``url`` into ``file``, checking it as it arrives to be ``name``."""
    check = _check(name, "")  # a failure is listed under the URL
    fetch(url, file, check, DOWNLOAD_DEADLINE, (CONNECT_TIMEOUT, READ_TIMEOUT))


def _download(name: str, directory: Path) -> None:
    """Download `name` into `directory`, trying each mirror in turn."""
    target = directory / name
    try:
        directory.mkdir(parents=True, exist_ok=True)
        if not directory.stat().st_mode & 0o200:  # read-only, even for root
            raise PermissionError("the directory is read-only")
        check_target(target)
    except (OSError, ValueError) as error:
        raise MNISTMissingError(
            f"cannot write {name} into {directory}: {error}. " + HOW_TO_FIX
        ) from None
    failures = []
    for mirror in _mirrors():
        url = mirror.rstrip("/") + "/" + name
        print(f"Downloading {url}", file=sys.stderr)
        try:
            with write_atomically(target) as file:  # whole and checked, or absent
                _fetch(url, file, name)
        except (OSError, MNISTError) as error:  # requests' errors are OSErrors
            failures.append(f"  {url}: {error}")
            continue
        return
    raise MNISTMissingError(f"could not download {name}:\n" + "\n".join(failures))


def _fetch_missing(directory: Path, download: bool, names: Iterable[str]) -> None:
    """Download the files missing from `directory`, or explain where to put them."""
    missing = []
    for name in names:
        path = directory / name
        if path.is_symlink() and not path.exists():
            raise MNISTMissingError(
                f"{path} is a symbolic link to {os.readlink(path)}, which does not "
                "exist; a download never replaces a link: fix or remove it"
            )
        if not path.exists():
            missing.append(name)
    for number, name in enumerate(missing):
        where = f"MNIST files missing from {directory}: {', '.join(missing[number:])}"
        if not download:
            raise MNISTMissingError(f"{where}.\n{HOW_TO_FIX} Or allow download=True.")
        try:
            _download(name, directory)
        except MNISTError as error:
            raise MNISTMissingError(f"{where}.\n{HOW_TO_FIX}\n{error}") from None


def download_mnist(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Download the MNIST files that are missing, check all four, return their folder.

    For example ``download_mnist("data/mnist")`` fills ``data/mnist``; files already
    there are checked, not downloaded again. Each download goes to a temporary
    ``.part`` file, renamed only once its content is checked; a file already
    there, a symbolic link included, is never replaced.

    Args:
        data_dir: The folder; ``None`` for ``$NN_TUTORIAL_DATA``, else the per-user
            cache folder.

    Returns:
        The folder that holds the four checked files.

    Raises:
        TypeError: If ``data_dir`` is not a path.
        ValueError: If ``data_dir`` is empty.
        NotADirectoryError: If the folder is a file.
        MNISTMissingError: (a ``FileNotFoundError``) If a file is missing and no
            mirror gave it, or the folder cannot be written.
        MNISTError: (a ``ValueError``) If a file there is damaged or not MNIST.
    """
    directory = _data_dir(data_dir)
    _fetch_missing(directory, True, FILES)
    for name in FILES:
        _read(directory / name, name)
    return directory


def _read(path: Path, name: str) -> NDArray[np.uint8]:
    """The array in the MNIST file `path`; a bad file gets an error with the fix."""
    try:
        return parse_idx(_content(path, name), str(path))
    except MNISTError as error:
        raise MNISTError(
            f"{error}\nDelete {path} so that it is downloaded again, "
            "or point NN_TUTORIAL_DATA at a directory with good copies."
        ) from None


def _array(path: Path, name: str) -> NDArray[Any]:
    """A file's array as the package hands it out: images as rows of 784 floats in
    [0, 1], labels as int64; read-only, because every call shares it."""
    array: NDArray[Any] = _read(path, name)
    if array.ndim == 3:  # images: one row of 784 brightnesses per digit
        array = array.reshape(len(array), -1).astype(np.float32) / 255
    else:
        array = array.astype(np.int64)
    array.flags.writeable = False
    return array


def _check_pairs(directory: Path, images: NDArray[Any], labels: NDArray[Any]) -> None:
    if len(images) != len(labels):
        raise MNISTError(
            f"{directory}: {len(images)} images but {len(labels)} labels; the "
            "files are from different data sets. " + HOW_TO_FIX
        )


@functools.cache
def _load(directory: Path) -> MNIST:
    """Parse the four files once per directory and process."""
    mnist = MNIST(*(_array(directory / name, name) for name in FILES))
    _check_pairs(directory, mnist.train_images, mnist.train_labels)
    _check_pairs(directory, mnist.test_images, mnist.test_labels)
    return mnist


def load_mnist(
    data_dir: str | os.PathLike[str] | None = None, download: bool = True
) -> MNIST:
    """The MNIST digits, downloading the files first if they are missing.

    For example ``train_images, train_labels, test_images, test_labels =
    load_mnist()`` gives ``train_images.shape == (60000, 784)``. ``download=False``
    never touches the network. Arrays are cached per directory and read-only.

    Args:
        data_dir: The folder of the four files; ``None`` for ``$NN_TUTORIAL_DATA``,
            else the per-user cache folder.
        download: Download the files that are missing (else an error).

    Returns:
        The training and test images and labels.

    Raises:
        TypeError: If ``data_dir`` is not a path.
        ValueError: If ``data_dir`` is empty.
        NotADirectoryError: If the folder is a file.
        MNISTMissingError: (a ``FileNotFoundError``) If a file is missing and
            ``download`` is false, or no mirror gave it.
        MNISTError: (a ``ValueError``) If a file is damaged or not MNIST.
    """
    directory = _data_dir(data_dir)
    _fetch_missing(directory, download, FILES)
    return _load(directory.resolve())


def load_mnist_test(
    data_dir: str | os.PathLike[str] | None = None, download: bool = True
) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
    """Only MNIST's 10,000 test digits: what evaluating a network needs, without
    reading (or downloading) the 60,000 training digits.

    Args:
        data_dir: As for ``load_mnist``.
        download: Download the two test files if they are missing.

    Returns:
        ``(test_images, test_labels)``, as in ``load_mnist``.

    Raises:
        TypeError: If ``data_dir`` is not a path.
        ValueError: If ``data_dir`` is empty.
        NotADirectoryError: If the folder is a file.
        MNISTMissingError: (a ``FileNotFoundError``) If a file is missing and
            ``download`` is false, or no mirror gave it.
        MNISTError: (a ``ValueError``) If a file is damaged or not MNIST.
    """
    directory = _data_dir(data_dir)
    _fetch_missing(directory, download, TEST_FILES)
    images, labels = (_array(directory / name, name) for name in TEST_FILES)
    _check_pairs(directory, images, labels)
    return images, labels
