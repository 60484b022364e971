"""Tests of nn_tutorial.mnist: the IDX parser, the checked download, the loader.

Downloads go to a local HTTP server on 127.0.0.1 (pytest-httpserver) serving small
synthetic MNIST files; the expected-hash table ``mnist.FILES`` is patched to match
them. The one test marked ``mnist`` loads the real files (NN_TUTORIAL_DATA).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import stat
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import platformdirs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Response

from nn_tutorial import _download, mnist
from nn_tutorial._files import part_prefix
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


class Mirrors:
    """Mirrors on pytest-httpserver's local server: ``serve`` puts files under a
    path, ``requests`` lists the paths asked for."""

    def __init__(self, httpserver: HTTPServer):
        self.httpserver = httpserver
        self.url = httpserver.url_for("").rstrip("/")

    def serve(self, prefix: str, files: dict[str, bytes], status: int = 200) -> str:
        """Serve gzipped `files` under `prefix`; return that mirror's URL."""
        for name, data in files.items():
            self.httpserver.expect_request(prefix + name).respond_with_data(
                gzip.compress(data), status=status
            )
        return self.url + prefix

    @property
    def requests(self) -> list[str]:
        return [request.path for request, _ in self.httpserver.log]


@pytest.fixture
def server(httpserver):
    return Mirrors(httpserver)


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
    assert (
        default == Path(platformdirs.user_cache_dir("nn_tutorial"))
        and default != os.getcwd()
    )


def test_each_file_is_hashed_once_per_process(tmp_path, content, monkeypatch):
    write(tmp_path, content)
    load_mnist(tmp_path)
    hashed = []
    real_sha256 = hashlib.sha256
    monkeypatch.setattr(
        _download.hashlib, "sha256", lambda *d: hashed.append(d) or real_sha256(*d)
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


def test_a_truncated_download_is_deleted(tmp_path, content, httpserver, monkeypatch):
    body = gzip.compress(content[NAMES[0]])
    httpserver.expect_request("/cut/" + NAMES[0]).respond_with_data(
        body[: len(body) // 2]
    )
    mirrors(monkeypatch, httpserver.url_for("/cut/"))
    with pytest.raises(MNISTError, match="not a complete gzip file"):
        download_mnist(tmp_path)
    assert os.listdir(tmp_path) == []


def test_an_interrupted_download_leaves_nothing(tmp_path, content, monkeypatch):
    def interrupted(url, file, name):
        file.write(b"half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(mnist, "_fetch", interrupted)
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


# Untrusted files and mirrors (issue 11).


def bomb(size: int) -> bytes:
    """A gzip file that decompresses to `size` zero bytes: about size / 1000 bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    parts = [compressor.compress(block) for _ in range(size >> 20)]
    return b"".join(parts) + compressor.flush()


def test_a_gzip_bomb_on_disk_is_refused_past_the_known_size(
    tmp_path, content, monkeypatch
):
    write(tmp_path, content)
    (tmp_path / NAMES[1]).write_bytes(bomb(64 << 20))  # 64 MiB of zeros
    produced = []
    count = _download.GzipCheck._count
    monkeypatch.setattr(
        _download.GzipCheck,
        "_count",
        lambda self, piece: produced.append(len(piece)) or count(self, piece),
    )
    with pytest.raises(MNISTError, match="decompresses to more than .* gzip bomb"):
        load_mnist(tmp_path, download=False)
    assert sum(produced) <= len(content[NAMES[1]]) + 2 * _download.CHUNK  # not 64 MiB


def test_a_gzip_bomb_from_a_mirror_is_refused_and_the_next_mirror_used(
    tmp_path, content, httpserver, monkeypatch
):
    httpserver.expect_request("/bomb/" + NAMES[0]).respond_with_data(bomb(32 << 20))
    good = Mirrors(httpserver).serve("/good/", content)
    mirrors(monkeypatch, httpserver.url_for("/bomb/"), good)
    assert load_mnist(tmp_path).train_images.shape == (5, 784)
    assert sorted(os.listdir(tmp_path)) == sorted(NAMES)


def test_a_mirror_that_trickles_hits_the_deadline_then_the_next_is_used(
    tmp_path, content, httpserver, monkeypatch, capsys
):
    body = gzip.compress(content[NAMES[0]])

    def trickle(request):
        def one_byte_at_a_time():
            for byte in body:
                time.sleep(0.2)
                yield bytes([byte])

        return Response(one_byte_at_a_time(), direct_passthrough=True)

    httpserver.expect_request("/slow/" + NAMES[0]).respond_with_handler(trickle)
    good = Mirrors(httpserver).serve("/good/", content)
    monkeypatch.setattr(mnist, "DOWNLOAD_DEADLINE", 1.0)
    mirrors(monkeypatch, httpserver.url_for("/slow/"), good)
    start = time.monotonic()
    assert load_mnist(tmp_path).train_labels.tolist() == [0, 1, 2, 3, 4]
    assert time.monotonic() - start < 10  # the trickle alone would take minutes
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".part")]


def test_a_mirror_that_trickles_fails_with_the_deadline_in_the_message(
    tmp_path, content, httpserver, monkeypatch
):
    def trickle(request):
        def slowly():
            for byte in gzip.compress(content[NAMES[0]]):
                time.sleep(0.2)
                yield bytes([byte])

        return Response(slowly(), direct_passthrough=True)

    httpserver.expect_request("/slow/" + NAMES[0]).respond_with_handler(trickle)
    monkeypatch.setattr(mnist, "DOWNLOAD_DEADLINE", 0.5)
    mirrors(monkeypatch, httpserver.url_for("/slow/"))
    with pytest.raises(MNISTError, match="took longer than 0.5 s"):
        download_mnist(tmp_path)
    assert os.listdir(tmp_path) == []


def test_downloaded_files_get_the_usual_permissions(
    tmp_path, content, server, monkeypatch
):
    mirrors(monkeypatch, server.serve("/good/", content))
    umask = os.umask(0o022)
    try:
        download_mnist(tmp_path)
    finally:
        os.umask(umask)
    assert {oct(stat.S_IMODE((tmp_path / n).stat().st_mode)) for n in NAMES} == {
        "0o644"
    }


def test_a_dangling_symlink_is_never_replaced_by_a_download(
    tmp_path, content, server, monkeypatch
):
    mirrors(monkeypatch, server.serve("/good/", content))
    link = tmp_path / NAMES[0]
    link.symlink_to(tmp_path / "elsewhere" / NAMES[0])
    with pytest.raises(FileNotFoundError, match="symbolic link .* never replaces"):
        download_mnist(tmp_path)
    assert link.is_symlink() and server.requests == []


def test_a_symlink_to_a_good_file_is_read_through(tmp_path, content):
    write(tmp_path / "real", content)
    for name in NAMES:
        (tmp_path / name).symlink_to(tmp_path / "real" / name)
    assert load_mnist(tmp_path, download=False).test_labels.tolist() == [0, 1, 2]


def test_stale_part_files_of_dead_processes_are_swept(
    tmp_path, content, server, monkeypatch
):
    mirrors(monkeypatch, server.serve("/good/", content))
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = tmp_path / (part_prefix(NAMES[0], int(dead.stdout)) + "abc123_x.part")
    alive = tmp_path / (part_prefix(NAMES[0]) + "def456_y.part")
    stale.write_bytes(b"40 MB, once")
    alive.write_bytes(b"another download, still running")
    download_mnist(tmp_path)
    assert not stale.exists() and alive.exists()


def test_missing_files_are_a_file_not_found_error(tmp_path, content):
    with pytest.raises(FileNotFoundError, match="missing from"):
        load_mnist(tmp_path, download=False)
    with pytest.raises(mnist.MNISTMissingError):
        load_mnist(tmp_path, download=False)


def test_a_damaged_file_is_a_value_error(tmp_path, content):
    write(tmp_path, content)
    (tmp_path / NAMES[3]).write_bytes(gzip.compress(b"not mnist"))
    with pytest.raises(ValueError, match="content is not MNIST's"):
        load_mnist(tmp_path, download=False)


def test_nn_tutorial_data_pointing_at_a_file_says_so(tmp_path, monkeypatch):
    file = tmp_path / "mnist.tar"
    file.write_bytes(b"")
    monkeypatch.setenv("NN_TUTORIAL_DATA", str(file))
    with pytest.raises(
        NotADirectoryError, match=r"NN_TUTORIAL_DATA=.*mnist\.tar is a file"
    ):
        load_mnist(download=False)


@pytest.mark.parametrize(
    ("data_dir", "error", "message"),
    [("", ValueError, "data_dir is empty"), (3, TypeError, "folder's path")],
)
def test_a_data_dir_that_is_not_a_folder_path_is_refused(
    tmp_path, monkeypatch, data_dir, error, message
):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(error, match=message):
        download_mnist(data_dir)
    assert os.listdir(tmp_path) == []  # nothing downloaded into the current folder


def test_load_mnist_test_reads_only_the_test_files(tmp_path, content, monkeypatch):
    write(tmp_path, {name: content[name] for name in mnist.TEST_FILES})
    images, labels = mnist.load_mnist_test(tmp_path, download=False)
    assert images.shape == (3, 784) and labels.tolist() == [0, 1, 2]
    assert not images.flags.writeable


def test_parse_idx_wants_bytes():
    with pytest.raises(TypeError, match="expected the bytes of an IDX file"):
        parse_idx([0, 0, 8, 1])
