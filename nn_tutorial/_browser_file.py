"""The layout every file for the browser shares, after safetensors: four bytes of
magic, the header's length (uint32 little-endian), a JSON header padded with spaces to
a multiple of 4 bytes, then the arrays the header lists, each 4-byte aligned at its
``data_offsets`` (``[begin, end)`` in bytes from the start of the data).

``nn_tutorial.export`` (the network, chapter 4's detectors) and
``nn_tutorial.subset`` (the digits "Watch it learn" trains on) write and read their
files with these functions. Reading treats the file as untrusted: every array's
dtype, shape and place are checked against the file before a view of it is made, and
nothing larger than the file is allocated. ``not_ours`` starts every error message:
what the file is not (e.g. "not a network file written by ...").
"""

from __future__ import annotations

import json
import math
import struct
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["DTYPES", "pack", "read_arrays", "read_header", "whole_numbers"]

DTYPES: dict[str, np.dtype[Any]] = {"<f4": np.dtype("<f4"), "|u1": np.dtype("u1")}
"""The dtypes an array may have: float32 or uint8, little-endian."""


def pad4(data: bytes, fill: bytes = b"\0") -> bytes:
    return data + fill * (-len(data) % 4)


def pack(
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
    header_bytes = pad4(json.dumps(header, sort_keys=True).encode(), b" ")
    parts = [magic, struct.pack("<I", len(header_bytes)), header_bytes]
    parts += [pad4(np.ascontiguousarray(array).tobytes()) for _, array in arrays]
    return b"".join(parts)


def whole_numbers(value: object, what: str, not_ours: str) -> list[int]:
    """``value`` as a list of non-negative ints (a JSON list of them), or an error."""
    if not isinstance(value, list) or not all(
        isinstance(item, int) and not isinstance(item, bool) and item >= 0
        for item in value
    ):
        raise ValueError(
            f"{not_ours}: {what} must be a list of whole numbers >= 0, got {value!r}"
        )
    return value


def read_header(
    data: bytes, magic: bytes, keys: tuple[str, ...], not_ours: str
) -> tuple[dict[str, Any], int]:
    """The header as a dict, and where the data starts."""
    if len(data) < 8 or data[:4] != magic:
        raise ValueError(f"{not_ours}: it starts {data[:8]!r}, not {magic!r}")
    (length,) = struct.unpack("<I", data[4:8])
    if 8 + length > len(data):
        raise ValueError(
            f"{not_ours}: its header claims {length:,} bytes but only "
            f"{len(data) - 8:,} follow (the file is cut short)"
        )
    try:
        header = json.loads(data[8 : 8 + length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise ValueError(f"{not_ours}: its header is not JSON ({error})") from None
    if not isinstance(header, dict):
        raise ValueError(f"{not_ours}: its header is not a JSON object")
    for key in (*keys, "arrays"):
        if key not in header:
            raise ValueError(f"{not_ours}: its header has no {key!r}")
    return header, 8 + length


def read_arrays(
    data: bytes, header: dict[str, Any], start: int, not_ours: str
) -> dict[str, NDArray[Any]]:
    """Every array the header lists, checked against the file, as read-only views."""
    if not isinstance(header["arrays"], list):
        raise ValueError(f"{not_ours}: 'arrays' must be a list")

    arrays: dict[str, NDArray[Any]] = {}
    for entry in header["arrays"]:
        if not isinstance(entry, dict) or not {
            "name",
            "dtype",
            "shape",
            "data_offsets",
        } <= set(entry):
            raise ValueError(
                f"{not_ours}: each array needs a name, dtype, shape and "
                f"data_offsets, got {entry!r:.200}"
            )
        name = entry["name"]
        if not isinstance(name, str) or name in arrays:
            raise ValueError(f"{not_ours}: bad or repeated array name {name!r:.80}")
        if entry["dtype"] not in DTYPES:
            raise ValueError(
                f"{not_ours}: array {name!r} has dtype {entry['dtype']!r:.40}, "
                f"expected one of {', '.join(DTYPES)}"
            )
        dtype = DTYPES[entry["dtype"]]
        shape = whole_numbers(entry["shape"], f"the shape of {name!r}", not_ours)
        offsets = whole_numbers(
            entry["data_offsets"], f"the offsets of {name!r}", not_ours
        )
        if len(offsets) != 2:
            raise ValueError(
                f"{not_ours}: data_offsets of {name!r} must be [begin, end], "
                f"got {offsets}"
            )
        begin, end = offsets
        if begin % 4:
            raise ValueError(
                f"{not_ours}: array {name!r} starts at byte {begin} of the data, "
                "which is not a multiple of 4"
            )
        nbytes = math.prod(shape) * dtype.itemsize
        if end - begin != nbytes:
            raise ValueError(
                f"{not_ours}: array {name!r} of shape {shape} needs {nbytes:,} "
                f"bytes, but its data_offsets {offsets} span {end - begin:,}"
            )
        if start + end > len(data):
            raise ValueError(f"{not_ours}: the file is cut short inside {name!r}")
        arrays[name] = np.frombuffer(
            data, dtype, nbytes // dtype.itemsize, start + begin
        )
        arrays[name] = arrays[name].reshape(shape)

    return arrays
