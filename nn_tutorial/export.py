"""A network for the browser: one small binary file that JavaScript can read.

The site's "Draw a digit" page runs the trained network in the reader's browser. At
docs-build time ``write_network`` writes its weights and biases (and a few MNIST
digits to try) into one file, laid out as:

| bytes | content |
| --- | --- |
| 0-3 | the magic ``b"NNTB"`` (nn-tutorial, browser) |
| 4-7 | ``n``, the length of the header in bytes, uint32 little-endian |
| 8-(8+n) | the header: JSON in UTF-8, padded with spaces to a multiple of 4 bytes |
| the rest | the arrays the header lists, one after another, each 4-byte aligned |

The header holds ``sizes`` (e.g. ``[784, 16, 16, 10]``), ``activation`` (of the
hidden layers; the output layer is always the sigmoid) and ``arrays``: for each array
its ``name``, ``dtype`` (``"<f4"``: float32 little-endian, or ``"|u1"``: uint8),
``shape`` and ``offset`` (in bytes, from the start of the file). The arrays are
``weights_0``, ``biases_0``, ``weights_1``, ... in the shapes of
``nn_tutorial.network.Network`` (``weights_l`` is ``(sizes[l+1], sizes[l])``,
row-major), then optionally ``examples`` (n x 784 MNIST pixels, 0-255) and
``labels`` (their n digits). 13,002 float32 parameters take 52,008 bytes.

Examples:
    >>> from nn_tutorial import Network
    >>> network = Network([784, 16, 16, 10], seed=0)
    >>> data = network_to_bytes(network)
    >>> data[:4], len(data)
    (b'NNTB', 52516)
    >>> header = json.loads(data[8 : 8 + int.from_bytes(data[4:8], "little")])
    >>> arrays = header["arrays"]
    >>> [(a["name"], a["shape"], a["offset"]) for a in arrays[:2]]
    [('weights_0', [16, 784], 508), ('biases_0', [16], 50684)]
    >>> copy = network_from_bytes(data).network
    >>> copy
    Network([784, 16, 16, 10], activation='sigmoid')
    >>> bool(np.all(copy.weights[0] == network.weights[0].astype(np.float32)))
    True
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .network import Network

__all__ = [
    "EXAMPLE_SCALE",
    "MAGIC",
    "Exported",
    "network_from_bytes",
    "network_to_bytes",
    "pick_examples",
    "write_network",
]

MAGIC = b"NNTB"
"""The first four bytes of every exported file."""

EXAMPLE_SCALE = 10
"""The page draws an example digit on its 280 x 280 pad as 10 x 10 blocks of pixels."""

_DTYPES = {"<f4": np.dtype("<f4"), "|u1": np.dtype("u1")}


class Exported(NamedTuple):
    """What an exported file holds: the network and the example digits (maybe none)."""

    network: Network
    examples: np.ndarray  # (n, 784) uint8, 0 = paper, 255 = full ink
    labels: np.ndarray  # (n,) uint8


def _pad4(data: bytes, fill: bytes = b"\0") -> bytes:
    return data + fill * (-len(data) % 4)


def network_to_bytes(network: Network, examples=None, labels=None) -> bytes:
    """The file the browser reads: header, then weights and biases as float32.

    ``examples`` are MNIST digits as rows of 784 values, either 0-255 integers or
    brightnesses in [0, 1] (as ``nn_tutorial.mnist.load_mnist`` gives them,
    which are exactly byte / 255); ``labels`` are their digits.
    """
    arrays = []
    for layer, (w, b) in enumerate(zip(network.weights, network.biases)):
        arrays.append((f"weights_{layer}", np.asarray(w, dtype="<f4")))
        arrays.append((f"biases_{layer}", np.asarray(b, dtype="<f4")))
    if examples is not None:
        examples = np.asarray(examples)
        if np.issubdtype(examples.dtype, np.floating):
            examples = np.rint(examples * 255)
        examples = examples.reshape(len(examples), -1).astype("u1")
        labels = np.asarray(labels).astype("u1")
        if examples.shape[1] != network.sizes[0] or len(labels) != len(examples):
            raise ValueError(
                f"expected one label per example of {network.sizes[0]} pixels, got "
                f"examples of shape {examples.shape} and {len(labels)} labels"
            )
        arrays += [("examples", examples), ("labels", labels)]

    def header_for(start: int) -> dict:
        entries, offset = [], start
        for name, array in arrays:
            entries.append(
                {
                    "name": name,
                    "dtype": array.dtype.str,
                    "shape": list(array.shape),
                    "offset": offset,
                }
            )
            offset += array.nbytes + (-array.nbytes % 4)
        return {
            "sizes": network.sizes,
            "activation": network.activation,
            "arrays": entries,
        }

    # The offsets depend on the header's length and the header holds the offsets:
    # grow the room left for the header until the header fits in it.
    start = 8
    while True:
        header = _pad4(json.dumps(header_for(start), sort_keys=True).encode(), b" ")
        if 8 + len(header) <= start:
            header += b" " * (start - 8 - len(header))
            break
        start = 8 + len(header)
    parts = [MAGIC, struct.pack("<I", len(header)), header]
    parts += [_pad4(array.tobytes()) for _, array in arrays]
    return b"".join(parts)


def network_from_bytes(data: bytes) -> Exported:
    """Read a file written by ``network_to_bytes`` (what the page's JavaScript
    does too), checking the magic and every array's size."""
    if data[:4] != MAGIC:
        raise ValueError(f"not an exported network: it starts {data[:4]!r}")
    (length,) = struct.unpack("<I", data[4:8])
    header = json.loads(data[8 : 8 + length])
    arrays = {}
    for entry in header["arrays"]:
        dtype = _DTYPES[entry["dtype"]]
        count = int(np.prod(entry["shape"]))
        if entry["offset"] + count * dtype.itemsize > len(data):
            raise ValueError(f"the file is cut short inside {entry['name']!r}")
        array = np.frombuffer(data, dtype, count, entry["offset"])
        arrays[entry["name"]] = array.reshape(entry["shape"])
    network = Network(header["sizes"], activation=header["activation"], dtype="f4")
    layers = len(network.sizes) - 1
    network.weights = [arrays[f"weights_{layer}"].copy() for layer in range(layers)]
    network.biases = [arrays[f"biases_{layer}"].copy() for layer in range(layers)]
    empty = np.zeros((0, network.sizes[0]), dtype="u1")
    return Exported(
        network,
        arrays.get("examples", empty).copy(),
        arrays.get("labels", np.zeros(0, dtype="u1")).copy(),
    )


def write_network(path, network: Network, examples=None, labels=None) -> Path:
    """Write ``network_to_bytes`` to ``path``, creating its folder if needed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(network_to_bytes(network, examples, labels))
    return path


def pick_examples(network: Network, images, labels, digits=range(10)):
    """For each digit, the first of ``images`` that the network gets right both as
    it is and as the page shows it: enlarged ``EXAMPLE_SCALE`` times on the pad
    and prepared again by ``nn_tutorial.digits.prepare_digit``.

    Returns ``(examples, their labels)``; a digit with no such image is left out.
    """
    from .digits import prepare_digit

    images = np.asarray(images)
    labels = np.asarray(labels)
    predicted = network.predict(images)
    block = np.ones((EXAMPLE_SCALE, EXAMPLE_SCALE))
    chosen = []
    for digit in digits:
        for index in np.flatnonzero((labels == digit) & (predicted == labels)):
            pad = np.kron(images[index].reshape(28, 28).astype(np.float64), block)
            if network.predict(prepare_digit(pad)) == digit:
                chosen.append(index)
                break
    return images[chosen], labels[chosen]
