"""A network for the browser: one small binary file that JavaScript can read.

The site's widgets run the trained network in the reader's browser. At docs-build
time ``write_network`` writes its weights and biases (and a few MNIST digits to try)
into one file, laid out like a safetensors file:

| bytes | content |
| --- | --- |
| 0-3 | the magic ``b"NNTB"`` (nn-tutorial, browser) |
| 4-7 | ``n``, the length of the header in bytes, uint32 little-endian |
| 8-(8+n) | the header: JSON in UTF-8, padded with spaces to a multiple of 4 bytes |
| the rest | the data: the arrays the header lists, one after another, 4-byte aligned |

The header holds ``sizes`` (e.g. ``[784, 16, 16, 10]``), ``activation`` (of the
hidden layers; the output layer is always the sigmoid) and ``arrays``: for each array
its ``name``, ``dtype`` (``"<f4"``: float32 little-endian, or ``"|u1"``: uint8),
``shape`` and ``data_offsets``, ``[begin, end)`` in bytes from the start of the
data, as in safetensors. The offsets do not depend on the header's length, so the
header is written once; and as the data starts at a multiple of 4 bytes and every
array does too, JavaScript reads each float32 array as a ``Float32Array`` view of
the file, without copying it.

The arrays are ``weights_0``, ``biases_0``, ``weights_1``, ... in the shapes of
``nn_tutorial.network.Network`` (``weights_l`` is ``(sizes[l+1], sizes[l])``,
row-major), then optionally ``examples`` (n x 784 MNIST pixels, 0-255) and
``labels`` (their n digits). 13,002 float32 parameters take 52,008 bytes.

Examples:
    >>> from nn_tutorial import Network
    >>> network = Network([784, 16, 16, 10], seed=0)
    >>> data = network_to_bytes(network)
    >>> data[:4], len(data)
    (b'NNTB', 52604)
    >>> header = json.loads(data[8 : 8 + int.from_bytes(data[4:8], "little")])
    >>> arrays = header["arrays"]
    >>> [(a["name"], a["shape"], a["data_offsets"]) for a in arrays[:2]]
    [('weights_0', [16, 784], [0, 50176]), ('biases_0', [16], [50176, 50240])]
    >>> copy = network_from_bytes(data).network
    >>> copy
    Network([784, 16, 16, 10], activation='sigmoid')
    >>> bool(np.all(copy.weights[0] == network.weights[0].astype(np.float32)))
    True
"""

from __future__ import annotations

import gzip
import io
import json
import math
import struct
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import digits
from .activations import ACTIVATIONS
from .edges import edge_detector
from .mnist import MNIST
from .network import Network

__all__ = [
    "CHAPTER_4_DETECTORS",
    "DATA_MAGIC",
    "EDGES_MAGIC",
    "EXAMPLE_SCALE",
    "MAGIC",
    "Exported",
    "Subset",
    "detectors_to_bytes",
    "mnist_subset",
    "network_from_bytes",
    "network_to_bytes",
    "pick_examples",
    "subset_from_bytes",
    "subset_to_bytes",
    "write_network",
]

MAGIC = b"NNTB"
"""The first four bytes of every exported file."""

DATA_MAGIC = b"NNTD"
"""The first four bytes of a data set for the browser (before gzip)."""

EDGES_MAGIC = b"NNTE"
"""The first four bytes of the edge detectors' file."""

CHAPTER_4_DETECTORS: list[tuple[str, tuple[int, int]]] = [
    ("horizontal", (8, 14)),  # chapter 4's first detector: a 7's top bar
    ("vertical", (14, 14)),
    ("rising", (14, 14)),
    ("falling", (14, 14)),
]
"""The detectors of chapter 4's widget: (orientation, position) for ``edge_detector``
with its default length, width and bias."""

EXAMPLE_SCALE = 10
"""The page draws an example digit on its 280 x 280 pad as 10 x 10 blocks of pixels."""

_DTYPES: dict[str, np.dtype[Any]] = {"<f4": np.dtype("<f4"), "|u1": np.dtype("u1")}
_NOT_OURS = "not a network file written by nn_tutorial.export.network_to_bytes"
_prepare_digit: Callable[[NDArray[Any]], NDArray[Any]] = digits.prepare_digit


class Exported(NamedTuple):
    """What an exported file holds: the network and the example digits (maybe none).

    Attributes:
        network: The network, in float32.
        examples: (n, 784) uint8 pixels, 0 = paper and 255 = full ink.
        labels: (n,) uint8, the digit each example shows.
    """

    network: Network
    examples: NDArray[np.uint8]
    labels: NDArray[np.uint8]


def _pad4(data: bytes, fill: bytes = b"\0") -> bytes:
    return data + fill * (-len(data) % 4)


def network_to_bytes(
    network: Network,
    examples: ArrayLike | None = None,
    labels: ArrayLike | None = None,
) -> bytes:
    """The file the browser reads: header, then weights and biases as float32.

    Args:
        network: The network to export.
        examples: MNIST digits as rows of 784 values, either 0-255 integers or
            brightnesses in [0, 1] (as ``nn_tutorial.mnist.load_mnist`` gives them,
            which are exactly byte / 255); or None for no examples.
        labels: The digit of each example (None when there are no examples).

    Returns:
        The whole file, laid out as the module's docstring says.

    Raises:
        ValueError: If the examples do not have one label each, or not one pixel
            per input of the network.
    """
    arrays: list[tuple[str, NDArray[Any]]] = []
    for layer, (w, b) in enumerate(zip(network.weights, network.biases)):
        arrays.append((f"weights_{layer}", np.asarray(w, dtype="<f4")))
        arrays.append((f"biases_{layer}", np.asarray(b, dtype="<f4")))
    if examples is not None:
        pixels = np.asarray(examples)
        if np.issubdtype(pixels.dtype, np.floating):
            pixels = np.rint(pixels * 255)
        pixels = pixels.reshape(len(pixels), -1).astype("u1")
        digit_labels = np.asarray(labels).astype("u1").reshape(-1)
        if pixels.shape[1] != network.sizes[0] or len(digit_labels) != len(pixels):
            raise ValueError(
                f"expected one label per example of {network.sizes[0]} pixels, got "
                f"examples of shape {pixels.shape} and {len(digit_labels)} labels"
            )
        arrays += [("examples", pixels), ("labels", digit_labels)]

    meta = {"sizes": network.sizes, "activation": network.activation}
    return _pack(MAGIC, meta, arrays)


def _pack(
    magic: bytes, meta: dict[str, Any], arrays: list[tuple[str, NDArray[Any]]]
) -> bytes:
    """``magic``, the header (``meta`` and the list of ``arrays``), then the data."""
    entries, begin = [], 0
    for name, array in arrays:
        entries.append(
            {
                "name": name,
                "dtype": array.dtype.str,
                "shape": list(array.shape),
                "data_offsets": [begin, begin + array.nbytes],
            }
        )
        begin += array.nbytes + (-array.nbytes % 4)
    header = {**meta, "arrays": entries}
    header_bytes = _pad4(json.dumps(header, sort_keys=True).encode(), b" ")
    parts = [magic, struct.pack("<I", len(header_bytes)), header_bytes]
    parts += [_pad4(np.ascontiguousarray(array).tobytes()) for _, array in arrays]
    return b"".join(parts)


def _whole_numbers(value: object, what: str) -> list[int]:
    """``value`` as a list of non-negative ints (a JSON list of them), or an error."""
    if not isinstance(value, list) or not all(
        isinstance(item, int) and not isinstance(item, bool) and item >= 0
        for item in value
    ):
        raise ValueError(
            f"{_NOT_OURS}: {what} must be a list of whole numbers >= 0, got {value!r}"
        )
    return value


def _read_header(
    data: bytes, magic: bytes = MAGIC, keys: tuple[str, ...] = ("sizes", "activation")
) -> tuple[dict[str, Any], int]:
    """The header as a dict, and where the data starts."""
    if len(data) < 8 or data[:4] != magic:
        raise ValueError(f"{_NOT_OURS}: it starts {data[:8]!r}, not {magic!r}")
    (length,) = struct.unpack("<I", data[4:8])
    if 8 + length > len(data):
        raise ValueError(
            f"{_NOT_OURS}: its header claims {length:,} bytes but only "
            f"{len(data) - 8:,} follow (the file is cut short)"
        )
    try:
        header = json.loads(data[8 : 8 + length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise ValueError(f"{_NOT_OURS}: its header is not JSON ({error})") from None
    if not isinstance(header, dict):
        raise ValueError(f"{_NOT_OURS}: its header is not a JSON object")
    for key in (*keys, "arrays"):
        if key not in header:
            raise ValueError(f"{_NOT_OURS}: its header has no {key!r}")
    return header, 8 + length


def _read_arrays(
    data: bytes, header: dict[str, Any], start: int
) -> dict[str, NDArray[Any]]:
    """Every array the header lists, checked against the file, as read-only views."""
    if not isinstance(header["arrays"], list):
        raise ValueError(f"{_NOT_OURS}: 'arrays' must be a list")

    arrays: dict[str, NDArray[Any]] = {}
    for entry in header["arrays"]:
        if not isinstance(entry, dict) or not {
            "name",
            "dtype",
            "shape",
            "data_offsets",
        } <= set(entry):
            raise ValueError(
                f"{_NOT_OURS}: each array needs a name, dtype, shape and "
                f"data_offsets, got {entry!r:.200}"
            )
        name = entry["name"]
        if not isinstance(name, str) or name in arrays:
            raise ValueError(f"{_NOT_OURS}: bad or repeated array name {name!r:.80}")
        if entry["dtype"] not in _DTYPES:
            raise ValueError(
                f"{_NOT_OURS}: array {name!r} has dtype {entry['dtype']!r:.40}, "
                f"expected one of {', '.join(_DTYPES)}"
            )
        dtype = _DTYPES[entry["dtype"]]
        shape = _whole_numbers(entry["shape"], f"the shape of {name!r}")
        offsets = _whole_numbers(entry["data_offsets"], f"the offsets of {name!r}")
        if len(offsets) != 2:
            raise ValueError(
                f"{_NOT_OURS}: data_offsets of {name!r} must be [begin, end], "
                f"got {offsets}"
            )
        begin, end = offsets
        if begin % 4:
            raise ValueError(
                f"{_NOT_OURS}: array {name!r} starts at byte {begin} of the data, "
                "which is not a multiple of 4"
            )
        nbytes = math.prod(shape) * dtype.itemsize
        if end - begin != nbytes:
            raise ValueError(
                f"{_NOT_OURS}: array {name!r} of shape {shape} needs {nbytes:,} "
                f"bytes, but its data_offsets {offsets} span {end - begin:,}"
            )
        if start + end > len(data):
            raise ValueError(f"{_NOT_OURS}: the file is cut short inside {name!r}")
        arrays[name] = np.frombuffer(
            data, dtype, nbytes // dtype.itemsize, start + begin
        )
        arrays[name] = arrays[name].reshape(shape)

    return arrays


def network_from_bytes(data: bytes) -> Exported:
    """Read a file written by ``network_to_bytes``, as the site's JavaScript does.

    The file is checked before anything is built from it: the magic, the header,
    every array's dtype, shape and place in the file, and every shape against the
    network's ``sizes``. Nothing larger than the file itself is allocated.

    Args:
        data: The whole file.

    Returns:
        The network (in float32) with the example digits and labels (maybe none).

    Raises:
        TypeError: If ``data`` is not bytes.
        ValueError: If ``data`` is not such a file, is cut short, or holds arrays
            whose shapes do not match the network its header describes.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"network_from_bytes needs the file's bytes, got {data!r:.80}")
    data = bytes(data)
    header, start = _read_header(data)
    sizes = _whole_numbers(header["sizes"], "sizes")
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(
            f"{_NOT_OURS}: sizes must list at least two layers of at least one "
            f"neuron, got {sizes}"
        )
    activation = header["activation"]
    if not isinstance(activation, str) or activation not in ACTIVATIONS:
        raise ValueError(
            f"{_NOT_OURS}: unknown activation {activation!r} (expected one of "
            f"{', '.join(sorted(ACTIVATIONS))})"
        )
    arrays = _read_arrays(data, header, start)
    expected: dict[str, tuple[int, ...]] = {}
    for layer, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        expected[f"weights_{layer}"] = (n, m)
        expected[f"biases_{layer}"] = (n,)
    for name, shape_wanted in expected.items():
        if name not in arrays:
            raise ValueError(
                f"{_NOT_OURS}: no array {name!r}, which a network of sizes {sizes} "
                "needs"
            )
        if arrays[name].shape != shape_wanted or arrays[name].dtype != _DTYPES["<f4"]:
            raise ValueError(
                f"{_NOT_OURS}: {name!r} has shape {list(arrays[name].shape)} and "
                f"dtype {arrays[name].dtype}, but a network of sizes {sizes} needs "
                f"shape {list(shape_wanted)} in float32"
            )
    examples = arrays.get("examples", np.zeros((0, sizes[0]), dtype="u1"))
    labels = arrays.get("labels", np.zeros(0, dtype="u1"))
    if ("examples" in arrays) != ("labels" in arrays) or (
        examples.ndim != 2
        or labels.ndim != 1
        or examples.shape != (len(labels), sizes[0])
        or examples.dtype != np.uint8
        or labels.dtype != np.uint8
    ):
        raise ValueError(
            f"{_NOT_OURS}: examples must be (n, {sizes[0]}) uint8 with n uint8 labels; "
            f"got examples {list(examples.shape)} {examples.dtype} and labels "
            f"{list(labels.shape)} {labels.dtype}"
        )
    unknown = sorted(set(arrays) - set(expected) - {"examples", "labels"})
    if unknown:
        raise ValueError(f"{_NOT_OURS}: unexpected arrays {unknown}")

    network = Network(sizes, activation=activation, dtype="f4")
    layers = len(sizes) - 1
    network.weights = [arrays[f"weights_{layer}"].copy() for layer in range(layers)]
    network.biases = [arrays[f"biases_{layer}"].copy() for layer in range(layers)]
    return Exported(network, examples.copy(), labels.copy())


def write_network(
    path: str | Path,
    network: Network,
    examples: ArrayLike | None = None,
    labels: ArrayLike | None = None,
) -> Path:
    """Write ``network_to_bytes`` to ``path``, creating its folder if needed.

    Args:
        path: Where to write the file.
        network: The network to export.
        examples: Example digits, as for ``network_to_bytes``.
        labels: Their digits.

    Returns:
        The path written.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(network_to_bytes(network, examples, labels))
    return target


def pick_examples(
    network: Network,
    images: ArrayLike,
    labels: ArrayLike,
    digits: Iterable[int] = range(10),
) -> tuple[NDArray[Any], NDArray[Any]]:
    """For each digit, the first of ``images`` that the network gets right both as
    it is and as the page shows it: enlarged ``EXAMPLE_SCALE`` times on the pad
    and prepared again by ``nn_tutorial.digits.prepare_digit``.

    Args:
        network: The network that must read the examples right.
        images: MNIST images, one row of 784 brightnesses each.
        labels: Their digits.
        digits: The digits to find an example of.

    Returns:
        ``(examples, their labels)``; a digit with no such image is left out.
    """
    all_images = np.asarray(images)
    all_labels = np.asarray(labels)
    predicted = network.predict(all_images)
    block = np.ones((EXAMPLE_SCALE, EXAMPLE_SCALE))
    chosen = []
    for digit in digits:
        for index in np.flatnonzero((all_labels == digit) & (predicted == all_labels)):
            image = all_images[index].reshape(28, 28).astype(np.float64)
            pad = np.kron(image, block)
            if network.predict(_prepare_digit(pad)) == digit:
                chosen.append(index)
                break
    return all_images[chosen], all_labels[chosen]


# -- A subset of MNIST for "Watch it learn" -------------------------------------------

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
    raw = _pack(DATA_MAGIC, {"pixels": "0 = paper, 255 = full ink"}, arrays)
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
    header, start = _read_header(raw, DATA_MAGIC, keys=())
    arrays = _read_arrays(raw, header, start)
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


# -- Chapter 4's edge detectors ----------------------------------------------------


def detectors_to_bytes(
    detectors: list[tuple[str, tuple[int, int]]] = CHAPTER_4_DETECTORS,
) -> bytes:
    """Edge detectors for the browser, in the layout of the network file (magic
    ``b"NNTE"``): ``weights`` (one row of 784 per detector) and ``biases``, and in the
    header each detector's ``orientation`` and ``position``.

    Args:
        detectors: (orientation, position) of each, as ``edge_detector`` takes them.

    Returns:
        The file.
    """
    neurons = [edge_detector(kind, position=where) for kind, where in detectors]
    arrays = [
        ("weights", np.stack([neuron.weights for neuron in neurons]).astype("<f4")),
        ("biases", np.array([neuron.bias for neuron in neurons], dtype="<f4")),
    ]
    meta = {
        "detectors": [
            {"orientation": kind, "position": list(where)} for kind, where in detectors
        ]
    }
    return _pack(EDGES_MAGIC, meta, arrays)
