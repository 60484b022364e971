"""The network file (``Network.save``'s ``.npz``): written atomically, read as
untrusted input.

Writing goes to a temporary name that is renamed into place, so an interrupted save
never leaves half a file, and only a regular file is ever replaced. When reading, only
the arrays a network needs are read, and each array's shape and type, as its
``.npy`` header announces them, are checked against the layer sizes before any of
its data is read: a small file cannot make ``Network.load`` allocate gigabytes, and
other members, however large, are never read.
"""

from __future__ import annotations

import math
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from ._checks import check_sizes
from ._files import check_target, read_npy, write_atomically
from .activations import get_activation

__all__ = ["NetworkFile", "read_network_file", "write_network_file"]

HeaderCheck = Callable[[tuple[int, ...], np.dtype[Any]], None]
FIX = "save a network with network.save(path) and load that file"


class NetworkFile(NamedTuple):
    """What a network file holds, checked."""

    sizes: list[int]
    activation: str
    weights: list[NDArray[Any]]
    biases: list[NDArray[Any]]


def write_network_file(path: Path, network: NetworkFile) -> Path:
    """Write ``network`` to ``path`` as a ``.npz`` file (no pickles inside).

    Args:
        path: Where to write the file; missing folders are created.
        network: The layer sizes, activation, weights and biases to write.

    Returns:
        The path written to.

    Raises:
        IsADirectoryError: If ``path`` is a folder.
        ValueError: If ``path`` is a symbolic link, a FIFO or a device.
        OSError: If the file cannot be written (e.g. no permission).
    """
    arrays: dict[str, NDArray[Any]] = {
        "sizes": np.array(network.sizes, dtype=np.int64),
        "activation": np.array(network.activation),
    }
    for layer, (w, b) in enumerate(zip(network.weights, network.biases)):
        arrays[f"weights_{layer}"] = w
        arrays[f"biases_{layer}"] = b
    check_target(path)  # before creating any folder
    path.parent.mkdir(parents=True, exist_ok=True)
    with write_atomically(path) as file:
        np.savez(file, **arrays)  # type: ignore[arg-type]
    return path


def read_network_file(path: Path) -> NetworkFile:
    """The checked contents of the network file ``path``.

    Args:
        path: A file written by ``Network.save``.

    Returns:
        Its layer sizes, activation, weights and biases.

    Raises:
        IsADirectoryError: If ``path`` is a folder.
        FileNotFoundError: If there is no file at ``path``.
        ValueError: If the file is not a valid network file; the message says
            what is wrong with it.
        OSError: If the file cannot be read (e.g. no permission).
    """
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; expected a network file")
    if not path.is_file():
        raise FileNotFoundError(f"no network file at {path}")
    try:
        with path.open("rb") as file, zipfile.ZipFile(file) as archive:
            return _read(archive, path)
    except zipfile.BadZipFile as error:
        raise ValueError(
            f"{path} is not a network file (.npz), not even a zip archive "
            f"({error}); {FIX}"
        ) from None
    except (EOFError, zlib.error, NotImplementedError, RuntimeError) as error:
        # RuntimeError: zipfile's "File is encrypted, password required"
        raise ValueError(
            f"{path} is a damaged network file (.npz): {error}; {FIX}"
        ) from None


def _read(archive: zipfile.ZipFile, path: Path) -> NetworkFile:
    """``read_network_file``'s work in the open archive: the metadata, then each
    layer's arrays."""
    members = set(archive.namelist())
    missing = {"sizes.npy", "activation.npy"} - members
    if missing:
        names = sorted(name.removesuffix(".npy") for name in missing)
        raise ValueError(f"{path} is not a network file: it lacks {names}; {FIX}")
    try:
        raw_sizes = read_npy(archive, "sizes.npy", _small("sizes"))
        raw_activation = read_npy(archive, "activation.npy", _small("activation"))
    except ValueError as error:
        raise ValueError(f"{path} is not a readable network file: {error}") from None
    try:
        sizes = check_sizes(raw_sizes.tolist())
        activation = str(raw_activation)
        get_activation(activation)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{path} holds an invalid network: {error}") from None
    weights: list[NDArray[Any]] = []
    biases: list[NDArray[Any]] = []
    for layer, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        for name, shape, arrays in (
            (f"weights_{layer}", (n, m), weights),
            (f"biases_{layer}", (n,), biases),
        ):
            if f"{name}.npy" not in members:
                raise ValueError(f"{path} lacks {name!r} for sizes {sizes}; {FIX}")
            try:
                array = read_npy(archive, f"{name}.npy", _layer(name, shape, sizes))
            except ValueError as error:
                raise ValueError(f"{path}: {error}") from None
            if not np.all(np.isfinite(array)):
                raise ValueError(f"{path}: {name!r} must hold finite floats")
            arrays.append(array)
    return NetworkFile(sizes, activation, weights, biases)


def _small(name: str) -> HeaderCheck:
    """A header check for a network file's metadata: a few numbers or one name."""

    def check(shape: tuple[int, ...], dtype: np.dtype[Any]) -> None:
        if len(shape) > 1 or math.prod(shape) > 1000 or dtype.itemsize > 1024:
            raise ValueError(
                f"{name!r} of shape {shape} and type {dtype} is no metadata"
            )

    return check


def _layer(name: str, shape: tuple[int, ...], sizes: list[int]) -> HeaderCheck:
    """A header check for a layer's weights or biases: their shape, and floats."""

    def check(actual: tuple[int, ...], dtype: np.dtype[Any]) -> None:
        if actual != shape:
            raise ValueError(
                f"{name!r} has shape {actual} but sizes {sizes} need {shape}; the "
                "file does not match its own layer sizes"
            )
        if dtype.kind != "f":
            raise ValueError(f"{name!r} must hold finite floats, not {dtype}")

    return check
