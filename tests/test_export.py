"""The network file the site's widgets read (nn_tutorial.export): its layout, and
that reading a damaged or foreign file gives a clear ValueError, never a raw
JSONDecodeError or KeyError, and never a network whose arrays do not fit."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nn_tutorial import Network
from nn_tutorial.export import MAGIC, network_from_bytes, network_to_bytes


def small_network() -> Network:
    return Network([6, 4, 3], seed=1)


def split(data: bytes) -> tuple[dict, bytes]:
    """The header as a dict, and the data after it."""
    (length,) = struct.unpack("<I", data[4:8])
    return json.loads(data[8 : 8 + length]), data[8 + length :]


def join(header: dict, body: bytes) -> bytes:
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 4)
    return MAGIC + struct.pack("<I", len(text)) + text + body


def test_offsets_count_from_the_start_of_the_data_and_are_aligned():
    network = small_network()
    examples = np.arange(2 * 6).reshape(2, 6) * 20
    data = network_to_bytes(network, examples, [3, 1])
    header, body = split(data)
    assert (len(data) - len(body)) % 4 == 0  # the data starts 4-byte aligned
    begin = 0
    for entry in header["arrays"]:
        start, end = entry["data_offsets"]
        assert start == begin and start % 4 == 0
        begin = end + (-end % 4)
    assert begin == len(body)
    weights = {e["name"]: e for e in header["arrays"]}["weights_1"]
    start, end = weights["data_offsets"]
    stored = np.frombuffer(body[start:end], "<f4").reshape(weights["shape"])
    assert np.array_equal(stored, network.weights[1].astype("<f4"))


def test_round_trip_keeps_weights_examples_and_labels():
    network = small_network()
    examples = np.linspace(0, 1, 12).reshape(2, 6)  # brightnesses: stored as bytes
    copy = network_from_bytes(network_to_bytes(network, examples, [7, 2]))
    for got, want in zip(
        copy.network.weights + copy.network.biases, network.weights + network.biases
    ):
        assert np.array_equal(got, want.astype(np.float32))
    assert copy.network.sizes == [6, 4, 3]
    assert np.array_equal(copy.examples, np.rint(examples * 255).astype(np.uint8))
    assert copy.labels.tolist() == [7, 2]


def test_no_examples_gives_empty_arrays():
    copy = network_from_bytes(network_to_bytes(small_network()))
    assert copy.examples.shape == (0, 6) and copy.labels.shape == (0,)


def damaged(change) -> bytes:
    """A valid file with its header changed by ``change(header)``."""
    header, body = split(network_to_bytes(small_network()))
    change(header)
    return join(header, body)


def entry(header: dict, name: str) -> dict:
    return next(e for e in header["arrays"] if e["name"] == name)


def set_shape(name, shape):
    def change(header):
        entry(header, name)["shape"] = shape

    return change


def swap_sizes(header):
    header["sizes"] = [4, 6, 3]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04rest of a zip", "it starts b'PK"),
        (b"NNTB", "it starts b'NNTB'"),
        (MAGIC + struct.pack("<I", 1000) + b"{}", "header claims 1,000 bytes"),
        (MAGIC + struct.pack("<I", 4) + b"{no ", "its header is not JSON"),
        (MAGIC + struct.pack("<I", 4) + b"\xff\xfe{}", "its header is not JSON"),
        (MAGIC + struct.pack("<I", 4) + b"[1] ", "not a JSON object"),
        (MAGIC + struct.pack("<I", 40000) + b"[" * 40000, "its header is not JSON"),
        (damaged(lambda h: h.pop("sizes")), "its header has no 'sizes'"),
        (damaged(lambda h: h.pop("arrays")), "its header has no 'arrays'"),
        (damaged(lambda h: h.update(activation="tanh")), "unknown activation 'tanh'"),
        (damaged(lambda h: h.update(sizes="784")), "sizes must be a list"),
        (damaged(lambda h: h.update(sizes=[6])), "at least two layers"),
        (damaged(lambda h: h["arrays"][0].pop("dtype")), "each array needs"),
        (damaged(lambda h: h["arrays"][0].update(dtype="<f8")), "has dtype '<f8'"),
        (damaged(lambda h: h["arrays"][0].update(shape=[4, -6])), "whole numbers"),
        (damaged(lambda h: h["arrays"].pop(0)), "no array 'weights_0'"),
        (damaged(set_shape("weights_0", [6, 4])), "'weights_0' has shape [6, 4]"),
        (damaged(set_shape("weights_0", [4, 5])), "needs 80 bytes, but its"),
        (damaged(swap_sizes), "'weights_0' has shape [4, 6]"),
        (damaged(lambda h: h.update(sizes=[6, 4, 3, 2])), "no array 'weights_2'"),
        (
            damaged(lambda h: h["arrays"][-1].update(data_offsets=[10**9, 10**9 + 12])),
            "cut short inside 'biases_1'",
        ),
        (
            damaged(lambda h: h["arrays"][-1].update(data_offsets=[2, 14])),
            "not a multiple of 4",
        ),
    ],
)
def test_a_foreign_or_damaged_file_gives_a_clear_value_error(data, message):
    with pytest.raises(ValueError, match="not a network file written by") as raised:
        network_from_bytes(data)
    assert message in str(raised.value)


def test_a_file_cut_short_is_refused():
    data = network_to_bytes(small_network())
    with pytest.raises(ValueError, match="cut short inside 'biases_1'"):
        network_from_bytes(data[:-4])


def test_examples_must_match_the_input_layer_and_the_labels():
    def shrink_labels(header):
        entry(header, "labels")["shape"] = [1]
        start, _ = entry(header, "labels")["data_offsets"]
        entry(header, "labels")["data_offsets"] = [start, start + 1]

    header, body = split(network_to_bytes(small_network(), np.zeros((2, 6)), [0, 1]))
    shrink_labels(header)
    with pytest.raises(ValueError, match=r"examples must be \(n, 6\) uint8"):
        network_from_bytes(join(header, body))


def test_not_bytes_is_a_type_error():
    with pytest.raises(TypeError, match="needs the file's bytes"):
        network_from_bytes("NNTB")  # type: ignore[arg-type]


def test_a_header_declaring_a_huge_network_allocates_nothing():
    """sizes of [784, 300000, 10] with no such arrays: refused before any Network
    (which would take gigabytes) is built."""
    data = damaged(lambda h: h.update(sizes=[784, 300_000, 10]))
    with pytest.raises(ValueError, match="'weights_0' has shape"):
        network_from_bytes(data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200), st.integers(0, 400))
def test_any_bytes_give_a_network_or_a_value_error(junk, cut):
    valid = network_to_bytes(small_network(), np.zeros((1, 6)), [5])
    for data in (MAGIC + junk, valid[:cut] + junk, junk):
        try:
            network_from_bytes(data)
        except ValueError:
            pass


# -- the MNIST subset and the edge detectors -------------------------------------------


def small_subset():
    from nn_tutorial.subset import Subset

    rng = np.random.default_rng(0)
    return Subset(
        rng.integers(0, 256, (5, 784), dtype=np.uint8),
        np.arange(5, dtype=np.uint8),
        rng.integers(0, 256, (2, 784), dtype=np.uint8),
        np.array([9, 3], dtype=np.uint8),
    )


def test_subset_round_trip_is_reproducible():
    from nn_tutorial.subset import subset_from_bytes, subset_to_bytes

    data = subset_to_bytes(small_subset())
    assert data[:2] == b"\x1f\x8b" and data == subset_to_bytes(small_subset())
    for got, want in zip(subset_from_bytes(data), small_subset()):
        assert np.array_equal(got, want) and got.dtype == np.uint8


def test_a_damaged_subset_gives_a_clear_value_error(monkeypatch):
    import gzip

    from nn_tutorial import subset
    from nn_tutorial.subset import DATA_MAGIC, subset_from_bytes

    with pytest.raises(ValueError, match="not a gzip-compressed data set"):
        subset_from_bytes(b"plain bytes")
    with pytest.raises(ValueError, match="it starts b'NNTB"):
        subset_from_bytes(gzip.compress(network_to_bytes(small_network())))
    header = {"arrays": []}
    with pytest.raises(ValueError, match="lacks"):
        subset_from_bytes(gzip.compress(join(header, b"").replace(MAGIC, DATA_MAGIC)))
    monkeypatch.setattr(subset, "_MAX_SUBSET_BYTES", 10_000)  # 100 MB in the package
    bomb = gzip.compress(b"\0" * 10_001)
    with pytest.raises(ValueError, match="more than 10,000"):
        subset_from_bytes(bomb)


def test_detectors_file_holds_chapter_4s_detectors():
    from nn_tutorial.edges import edge_detector
    from nn_tutorial.export import CHAPTER_4_DETECTORS, EDGES_MAGIC, detectors_to_bytes

    data = detectors_to_bytes()
    assert data[:4] == EDGES_MAGIC
    header, body = split(data)
    names = [(d["orientation"], tuple(d["position"])) for d in header["detectors"]]
    assert names == CHAPTER_4_DETECTORS
    start, end = header["arrays"][0]["data_offsets"]
    weights = np.frombuffer(body[start:end], "<f4").reshape(-1, 784)
    start, end = header["arrays"][1]["data_offsets"]
    biases = np.frombuffer(body[start:end], "<f4")
    for (kind, where), w, b in zip(CHAPTER_4_DETECTORS, weights, biases):
        neuron = edge_detector(kind, position=where)
        assert np.array_equal(w, neuron.weights) and b == neuron.bias
