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
the file, without copying it. (``nn_tutorial._browser_file`` writes and reads this
layout; chapter 4's edge detectors use it too, and so does ``nn_tutorial.subset``,
the MNIST digits "Watch it learn" trains on.)

The arrays are ``weights_0``, ``biases_0``, ``weights_1``, ... in the shapes of
``nn_tutorial.network.Network`` (``weights_l`` is ``(sizes[l+1], sizes[l])``,
row-major), then optionally ``examples`` (n x 784 MNIST pixels, 0-255) and
``labels`` (their n digits). 13,002 float32 parameters take 52,008 bytes.

Examples:
    >>> import json
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

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import digits
from ._browser_file import DTYPES, pack, read_arrays, read_header, whole_numbers
from .activations import ACTIVATIONS
from .edges import edge_detector
from .network import Network

__all__ = [
    "CHAPTER_4_DETECTORS",
    "EDGES_MAGIC",
    "EXAMPLE_SCALE",
    "MAGIC",
    "Exported",
    "detectors_to_bytes",
    "network_from_bytes",
    "network_to_bytes",
    "pick_examples",
    "write_network",
]

MAGIC = b"NNTB"
"""The first four bytes of every exported file."""

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
    return pack(MAGIC, meta, arrays)


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
    header, start = read_header(data, MAGIC, ("sizes", "activation"), _NOT_OURS)
    sizes = whole_numbers(header["sizes"], "sizes", _NOT_OURS)
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
    arrays = read_arrays(data, header, start, _NOT_OURS)
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
        if arrays[name].shape != shape_wanted or arrays[name].dtype != DTYPES["<f4"]:
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
    return pack(EDGES_MAGIC, meta, arrays)
