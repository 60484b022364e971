"""Tests of nn_tutorial.mnist: the IDX parser, the checked download, the loader.

Downloads go to a local HTTP server on 127.0.0.1 serving small synthetic MNIST
files; the expected-hash table ``mnist.FILES`` is patched to match them. The one
test marked ``mnist`` loads the real files (NN_TUTORIAL_DATA).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pooch
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nn_tutorial import mnist
from nn_tutorial.mnist import MNISTError, download_mnist, load_mnist, parse_idx

NAMES = list(mnist.FILES)
UNREACHABLE = "http://127.0.0.1:1/"  # nothing listens on port 1: connection refused


def idx(values) -> bytes:
    """An IDX file holding `values` (unsigned bytes)."""
    values = np.asarray(values, dtype=np.uint8)
    header = (2048 + values.ndim).to_bytes(4, "big")
    header += b"".join(size.to_bytes(4, "big") for size in values.shape)
    return header + values.tobytes()


def synthetic(n_train=5, n_test=3, n_train_labels=None) -> dict[str, bytes]:
    """Decompressed content of four small MNIST-like files, by file name."""
    rng = np.random.default_rng(0)
    return {
        "train-images-idx3-ubyte.gz": idx(rng.integers(0, 256, (n_train, 28, 28))),
        "train-labels-idx1-ubyte.gz": idx(np.arange(n_train_labels or n_train) % 10),
        "t10k-images-idx3-ubyte.gz": idx(rng.integers(0, 256, (n_test, 28, 28))),
        "t10k-labels-idx1-ubyte.gz": idx(np.arange(n_test) % 10),
    }


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(autouse=True)
def isolated(monkeypatch):
    """No real network, and fresh per-process caches, in every test."""
    monkeypatch.setenv("NN_TUTORIAL_MNIST_MIRRORS", UNREACHABLE)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    mnist._load.cache_clear()
    mnist._verified.clear()
    yield
    mnist._load.cache_clear()
    mnist._verified.clear()


@pytest.fixture
def content(monkeypatch) -> dict[str, bytes]:
    """Synthetic files, and the expected-hash table patched to expect them."""
    files = synthetic()
    table = {name: (sha256(data), len(data)) for name, data in files.items()}
    monkeypatch.setattr(mnist, "FILES", table)
    return files


def write(directory, files: dict[str, bytes]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (directory / name).write_bytes(gzip.compress(data))


class Server:
    """An HTTP server on 127.0.0.1: ``routes`` maps a path to (status, body)."""

    def __init__(self):
        self.routes: dict[str, tuple[int, bytes]] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                status, body = server.routes.get(self.path, (404, b"not found"))
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(
            target=self.httpd.serve_forever, args=(0.05,), daemon=True
        ).start()

    def serve(self, prefix: str, files: dict[str, bytes], status: int = 200) -> str:
        """Serve gzipped `files` under `prefix`; return that mirror's URL."""
        for name, data in files.items():
            self.routes[f"{prefix}{name}"] = (status, gzip.compress(data))
        return self.url + prefix


@pytest.fixture
def server():
    server = Server()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def mirrors(monkeypatch, *urls):
    monkeypatch.setenv("NN_TUTORIAL_MNIST_MIRRORS", " ".join(urls))


# The IDX parser.


def test_parse_idx_reads_labels_and_images():
    assert parse_idx(idx([7, 2, 1])).tolist() == [7, 2, 1]
    images = parse_idx(idx(np.full((2, 28, 28), 255)))
    assert images.shape == (2, 28, 28) and images.dtype == np.uint8


@given(st.lists(st.integers(0, 9), max_size=50))
def test_parse_idx_round_trips_any_labels(labels):
    assert parse_idx(idx(np.array(labels, dtype=np.uint8))).tolist() == labels


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x00\x00\x08\x02" + bytes(12), "magic number 2049 .* or 2051 .*, got 2050"),
        (gzip.compress(idx([1, 2])), "still gzip-compressed"),
        (idx(np.zeros((2, 27, 28))), "expected 28x28 images, got 27x28"),
        (idx(np.zeros((2, 28, 28)))[:-1], "truncated: .* means 1584 bytes, got 1583"),
        (idx([1, 2])[:6], "truncated: 6 bytes, not even a header"),
        (idx([1, 2]) + b"\x00", "followed by extra bytes"),
        (idx([3, 11]), "labels must be digits 0-9, found 11"),
    ],
)
def test_parse_idx_rejects_what_is_not_mnist(data, message):
    with pytest.raises(MNISTError, match=message):
        parse_idx(data)


def test_images_and_labels_must_match_in_number(tmp_path, monkeypatch):
    files = synthetic(n_train=5, n_train_labels=4)
    table = {name: (sha256(data), len(data)) for name, data in files.items()}
    monkeypatch.setattr(mnist, "FILES", table)
    write(tmp_path, files)
    with pytest.raises(MNISTError, match="5 images but 4 labels"):
        load_mnist(tmp_path)


# Loading files that are already there.


def test_loads_arrays_from_a_directory(tmp_path, content):
    write(tmp_path, content)
    data = load_mnist(tmp_path, download=False)
    assert data.train_images.shape == (5, 784) and data.test_images.shape == (3, 784)
    assert data.train_images.dtype == np.float32
    assert 0 <= data.train_images.min() and data.train_images.max() <= 1
    expected = np.frombuffer(content["train-images-idx3-ubyte.gz"][16:], np.uint8)
    np.testing.assert_allclose(data.train_images.ravel() * 255, expected, atol=1e-3)
    assert data.train_labels.tolist() == [0, 1, 2, 3, 4]
    assert np.issubdtype(data.test_labels.dtype, np.integer)
    train_images, train_labels, test_images, test_labels = data  # unpacks too


def test_arrays_are_cached_and_read_only(tmp_path, content):
    write(tmp_path, content)
    first = load_mnist(tmp_path)
    assert load_mnist(str(tmp_path)) is first
    for array in first:
        assert not array.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        first.train_images[0, 0] = 1.0


def test_data_dir_comes_from_the_environment_else_the_user_cache(
    tmp_path, content, monkeypatch
):
    write(tmp_path, content)
    monkeypatch.setenv("NN_TUTORIAL_DATA", str(tmp_path))
    assert load_mnist().train_labels.tolist() == [0, 1, 2, 3, 4]
    monkeypatch.delenv("NN_TUTORIAL_DATA")
    default = mnist._data_dir(None)
    assert default == pooch.os_cache("nn_tutorial") and default != os.getcwd()


def test_each_file_is_hashed_once_per_process(tmp_path, content, monkeypatch):
    write(tmp_path, content)
    load_mnist(tmp_path)
    hashed = []
    real_sha256 = hashlib.sha256
    monkeypatch.setattr(
        mnist.hashlib, "sha256", lambda d: hashed.append(d) or real_sha256(d)
    )
    download_mnist(tmp_path)  # reads and checks all four files again
    assert hashed == []
    os.utime(tmp_path / NAMES[1], ns=(1, 1))  # a changed file is hashed again
    download_mnist(tmp_path)
    assert len(hashed) == 1


def test_read_only_directory_of_good_files_is_only_read(
    tmp_path, content, server, monkeypatch
):
    directory = tmp_path / "mnist"
    write(directory, content)
    mirrors(monkeypatch, server.url + "/")
    before = {p.name: p.stat().st_mtime_ns for p in directory.iterdir()}
    directory.chmod(0o555)  # as root this does not stop writes: compare listings
    try:
        assert load_mnist(directory).train_images.shape == (5, 784)
        assert download_mnist(directory) == directory
    finally:
        directory.chmod(0o755)
    assert {p.name: p.stat().st_mtime_ns for p in directory.iterdir()} == before
    assert server.requests == []


def test_a_read_only_directory_is_never_written_to(tmp_path, content):
    write(tmp_path, {name: content[name] for name in NAMES[1:]})
    before = sorted(os.listdir(tmp_path))
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(
            MNISTError, match=f"(?s)cannot write {NAMES[0]} .*read-only"
        ):
            load_mnist(tmp_path)
    finally:
        tmp_path.chmod(0o755)
    assert sorted(os.listdir(tmp_path)) == before


def test_a_bad_file_already_there_is_never_used(tmp_path, content, server, monkeypatch):
    mirrors(monkeypatch, server.serve("/good/", content))
    write(tmp_path, content)
    bad = tmp_path / NAMES[0]
    bad.write_bytes(gzip.compress(content[NAMES[0]][:-1] + b"\x01"))
    with pytest.raises(MNISTError) as error:
        load_mnist(tmp_path)
    message = str(error.value)
    assert str(bad) in message and mnist.FILES[NAMES[0]][0] in message
    assert sha256(content[NAMES[0]][:-1] + b"\x01") in message
    assert "Delete" in message and "NN_TUTORIAL_DATA" in message
    assert server.requests == []  # present files are checked, not replaced


def test_a_truncated_gz_file_gets_a_clear_message(tmp_path, content):
    write(tmp_path, content)
    path = tmp_path / NAMES[2]
    path.write_bytes(path.read_bytes()[:-20])
    with pytest.raises(MNISTError, match="not a complete gzip file"):
        load_mnist(tmp_path, download=False)


# Downloading, from the local server.


def test_downloads_missing_files_then_loads_them(
    tmp_path, content, server, monkeypatch
):
    mirrors(monkeypatch, server.serve("/good/", content))
    directory = tmp_path / "new" / "dir"
    data = load_mnist(directory)
    assert sorted(p.name for p in directory.iterdir()) == sorted(NAMES)
    assert data.test_labels.tolist() == [0, 1, 2]
    count = len(server.requests)
    load_mnist(directory)
    assert download_mnist(directory) == directory
    assert len(server.requests) == count == 4  # each file downloaded once


def test_downloads_only_what_is_missing(tmp_path, content, server, monkeypatch):
    mirrors(monkeypatch, server.serve("/good/", content))
    write(tmp_path, {name: content[name] for name in NAMES[1:]})
    download_mnist(tmp_path)
    assert server.requests == ["/good/" + NAMES[0]]


@pytest.mark.parametrize("status", [404, 500])
def test_falls_back_to_the_next_mirror(tmp_path, content, server, monkeypatch, status):
    mirrors(
        monkeypatch,
        server.serve("/broken/", content, status=status),
        server.serve("/good/", content),
    )
    assert load_mnist(tmp_path).train_images.shape == (5, 784)
    assert server.requests[:2] == ["/broken/" + NAMES[0], "/good/" + NAMES[0]]


def test_a_download_with_wrong_content_is_deleted(
    tmp_path, content, server, monkeypatch
):
    wrong = dict(content, **{NAMES[1]: idx([9, 9, 9, 9, 9])})
    mirrors(monkeypatch, server.serve("/wrong/", wrong))
    with pytest.raises(MNISTError) as error:
        load_mnist(tmp_path)
    message = str(error.value)
    assert NAMES[1] in message and mnist.FILES[NAMES[1]][0] in message
    assert sha256(wrong[NAMES[1]]) in message
    assert sorted(os.listdir(tmp_path)) == [NAMES[0]]  # no bad file, no temp file


def test_a_truncated_download_is_deleted(tmp_path, content, server, monkeypatch):
    url = server.serve("/cut/", content)
    status, body = server.routes["/cut/" + NAMES[0]]
    server.routes["/cut/" + NAMES[0]] = (status, body[: len(body) // 2])
    mirrors(monkeypatch, url)
    with pytest.raises(MNISTError, match="not a complete gzip file"):
        download_mnist(tmp_path)
    assert os.listdir(tmp_path) == []


def test_an_interrupted_download_leaves_nothing(tmp_path, content, monkeypatch):
    def interrupted(self, url, output_file, pooch):
        with open(output_file, "wb") as file:
            file.write(b"half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(pooch.HTTPDownloader, "__call__", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load_mnist(tmp_path)
    assert os.listdir(tmp_path) == []


def test_offline_error_says_what_is_missing_and_where_to_put_it(tmp_path, content):
    with pytest.raises(MNISTError) as error:
        load_mnist(tmp_path)
    message = str(error.value)
    assert all(name in message for name in NAMES) and str(tmp_path) in message
    assert "NN_TUTORIAL_DATA" in message and "data_dir" in message
    assert UNREACHABLE + NAMES[0] in message
    assert os.listdir(tmp_path) == []


def test_download_false_never_touches_the_network(
    tmp_path, content, server, monkeypatch
):
    mirrors(monkeypatch, server.serve("/good/", content))
    with pytest.raises(MNISTError, match="(?s)missing from .*NN_TUTORIAL_DATA"):
        load_mnist(tmp_path, download=False)
    assert server.requests == []


def test_an_unwritable_data_dir_says_so(tmp_path, content):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(MNISTError, match="cannot write .* NN_TUTORIAL_DATA"):
        load_mnist(blocker / "mnist")


# The real MNIST.


@pytest.mark.mnist
def test_real_mnist():
    data = load_mnist()
    assert data.train_images.shape == (60000, 784)
    assert data.test_images.shape == (10000, 784)
    assert data.train_images.dtype == data.test_images.dtype == np.float32
    assert data.train_images.min() == 0 and data.train_images.max() == 1
    assert np.bincount(data.train_labels).tolist() == [
        5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949
    ]  # fmt: skip
    assert np.bincount(data.test_labels).tolist() == [
        980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009
    ]  # fmt: skip
    assert data.train_labels[0] == 5  # the famous first digit, a 5
    assert data.train_images[0].reshape(28, 28)[4:24, 4:24].mean() > 0.1
