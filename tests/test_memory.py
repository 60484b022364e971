"""No file under 1 MB makes the package use more than 300 MB (issue 11, item 1).

Readers feed the package files they found or drew: a network file, an MNIST file,
a picture. Each test below writes a small hostile file, reads it in a fresh Python
process, and checks that process's peak resident memory (``VmHWM``) and that
the outcome is a documented exception, not a ``MemoryError``. The process also runs
under an address-space limit, so a regression fails fast instead of taking the
machine's memory.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest

from nn_tutorial import Network

LIMIT_MB = 300
SMALL = 1 << 20  # "a file under 1 MB"

PROBE = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # 2 GiB, then MemoryError
outcome = "ok"
try:
{code}
except Exception as error:
    outcome = type(error).__name__ + ": " + str(error)[:300]
try:  # this process's own peak: ru_maxrss would count a big parent's pages too
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    peak = int(line.split()[1]) / 1024  # kB -> MB
except OSError:  # not Linux
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"outcome": outcome, "peak": peak}}))
"""


def measure(code: str, **env: str) -> tuple[str, float]:
    """Run ``code`` in a fresh process: (its outcome, its peak RSS in MB)."""
    script = PROBE.format(code=textwrap.indent(textwrap.dedent(code), "    "))
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", **env},
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return report["outcome"], report["peak"]


def npy(shape: tuple[int, ...], dtype: str = "<f8") -> bytes:
    """A .npy header announcing ``shape`` and ``dtype``, without the data."""
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": dtype, "fortran_order": False, "shape": shape}
    )
    return header.getvalue()


def zeros_member(
    archive: zipfile.ZipFile, name: str, shape: tuple[int, ...], compress: bool
) -> None:
    """A member holding a .npy array of zeros, written in pieces (never in memory)."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    nbytes = int(np.prod(shape)) * 8
    with archive.open(info, "w", force_zip64=True) as member:
        member.write(npy(shape))
        block = bytes(1 << 22)
        for start in range(0, nbytes, len(block)):
            member.write(block[: min(len(block), nbytes - start)])


def small_network(archive: zipfile.ZipFile, sizes: list[int]) -> None:
    buffer = io.BytesIO()
    network = Network(sizes, seed=0)
    np.savez(
        buffer,
        sizes=np.array(sizes),
        activation=np.array("sigmoid"),
        **{f"weights_{i}": w for i, w in enumerate(network.weights)},
        **{f"biases_{i}": b for i, b in enumerate(network.biases)},
    )
    with zipfile.ZipFile(buffer) as source:
        for name in source.namelist():
            archive.writestr(name, source.read(name))


def check(path: Path, code: str, expected: str) -> float:
    """Assert that reading ``path`` with ``code`` ends in ``expected`` (an
    exception's name and message start, or "ok") under LIMIT_MB."""
    assert path.stat().st_size < SMALL, path.stat().st_size
    outcome, peak = measure(code.replace("PATH", repr(str(path))))
    assert outcome.startswith(expected), outcome
    assert peak < LIMIT_MB, f"{path.name}: peak {peak:.0f} MB ({outcome})"
    return peak


# -- network files -------------------------------------------------------------------


def test_a_tiny_network_file_with_huge_sizes(tmp_path):
    """Some 600 bytes whose sizes say [784, 300000, 10]: 3.7 GB when load built a
    random network of those sizes before checking the arrays in the file."""
    path = tmp_path / "huge-sizes.npz"
    np.savez(
        path,
        sizes=np.array([784, 300_000, 10]),
        activation=np.array("sigmoid"),
        weights_0=np.zeros((1, 1)),
        biases_0=np.zeros(1),
    )
    check(path, "from nn_tutorial import Network; Network.load(PATH)", "ValueError: ")


def test_a_network_file_whose_headers_promise_more_than_it_holds(tmp_path):
    """Array headers of the right shapes, [784, 300000, 10], with no data after."""
    path = tmp_path / "promises.npz"
    np.savez(path, sizes=np.array([784, 300_000, 10]), activation=np.array("sigmoid"))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("weights_0.npy", npy((300_000, 784)))
        archive.writestr("biases_0.npy", npy((300_000,)))
    check(path, "from nn_tutorial import Network; Network.load(PATH)", "ValueError: ")


def test_an_extra_huge_member_is_never_read(tmp_path):
    """A good network plus a 384 MB member of zeros, compressed below 1 MB."""
    path = tmp_path / "extra.npz"
    with zipfile.ZipFile(path, "w") as archive:
        small_network(archive, [784, 16, 10])
        zeros_member(archive, "extra.npy", (48 << 20,), compress=True)
    check(
        path,
        "from nn_tutorial import Network; assert Network.load(PATH).sizes[1] == 16",
        "ok",
    )


def test_weights_compressed_like_a_zip_bomb_are_refused(tmp_path):
    """Weights of the right shape, [784, 60000, 10], but 376 MB of zeros compressed
    into less than 1 MB."""
    path = tmp_path / "bomb.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "sizes.npy", npy((3,), "<i8") + np.array([784, 60_000, 10]).tobytes()
        )
        archive.writestr(
            "activation.npy", npy((), "<U7") + np.array("sigmoid").tobytes()
        )
        zeros_member(archive, "weights_0.npy", (60_000, 784), compress=True)
    check(
        path,
        "from nn_tutorial import Network; Network.load(PATH)",
        "ValueError: ",
    )


# -- MNIST files ---------------------------------------------------------------------


def gzip_bomb(size: int) -> bytes:
    """A valid gzip file of ``size`` zero bytes (a multiple of 4 MiB), about 1,000
    times smaller: one fully flushed deflate block of 4 MiB of zeros, repeated."""
    block = bytes(4 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)  # raw deflate
    piece = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // len(block)):
        crc = zlib.crc32(block, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = crc.to_bytes(4, "little") + (size % (1 << 32)).to_bytes(4, "little")
    end = b"\x03\x00"  # an empty final block
    return header + piece * (size // len(block)) + end + trailer


def test_an_mnist_gzip_bomb_stops_at_the_known_size(tmp_path):
    """A 500 KB file decompressing to 512 MB, named like MNIST's training images."""
    directory = tmp_path / "mnist"
    directory.mkdir()
    (directory / "train-images-idx3-ubyte.gz").write_bytes(gzip_bomb(512 << 20))
    for name in [
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
    ]:
        (directory / name).write_bytes(gzip.compress(b""))
    check(
        directory / "train-images-idx3-ubyte.gz",
        f"from nn_tutorial import load_mnist; load_mnist({str(directory)!r}, "
        "download=False)",
        "MNISTError: ",
    )


# -- pictures ------------------------------------------------------------------------


def test_a_9000_by_9000_picture_is_refused(tmp_path):
    """48 KB of PNG, 81 million pixels: 5.6 GB in ink_from_rgba before."""
    from PIL import Image

    path = tmp_path / "huge.png"
    Image.new("1", (9000, 9000), 1).save(path)
    check(
        path,
        "from nn_tutorial.digits import load_image; load_image(PATH)",
        "ValueError: ",
    )


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_a_picture_of_the_largest_size_read_stays_under_the_limit(tmp_path, mode):
    """A phone photo's size, 4000 x 3000 = MAX_PIXELS, read and prepared."""
    from PIL import Image, ImageDraw

    from nn_tutorial.digits import MAX_PIXELS

    image = Image.new(mode, (4000, 3000), "white")
    ImageDraw.Draw(image).line([(1800, 600), (2200, 2400)], fill="black", width=120)
    path = tmp_path / "photo.png"
    image.save(path)
    assert 4000 * 3000 == MAX_PIXELS
    peak = check(
        path,
        "from nn_tutorial.digits import load_image, prepare_digit\n"
        "assert prepare_digit(load_image(PATH)).sum() > 10",
        "ok",
    )
    print(f"peak {peak:.0f} MB for a {mode} picture of {MAX_PIXELS:,} pixels")


def test_the_command_refuses_a_huge_picture_with_one_line(tmp_path):
    """`nn-tutorial predict pretrained huge.png`: exit status 1, bounded memory."""
    from PIL import Image

    path = tmp_path / "huge.png"
    Image.new("1", (9000, 9000), 1).save(path)
    check(
        path,
        "import contextlib, io\n"
        "from nn_tutorial.cli import main\n"
        "err = io.StringIO()\n"
        "with contextlib.redirect_stderr(err):\n"
        "    code = main(['predict', 'pretrained', PATH])\n"
        "assert code == 1 and err.getvalue().count('\\n') == 1, err.getvalue()\n"
        "assert '9000 x 9000 pixels' in err.getvalue(), err.getvalue()",
        "ok",
    )


def test_a_picture_whose_chunk_claims_2_gb(tmp_path):
    """A PNG whose first data chunk says it is 2 GB long (the file is 100 bytes)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (20, 24), 255).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    start = data.find(b"IDAT") - 4
    data[start : start + 4] = (0x7FFFFFF0).to_bytes(4, "big")
    path = tmp_path / "liar.png"
    path.write_bytes(bytes(data))
    outcome, peak = measure(
        f"from nn_tutorial.digits import load_image\nload_image({str(path)!r})"
    )
    assert outcome == "ok" or outcome.startswith("ValueError: "), outcome
    assert peak < LIMIT_MB, f"peak {peak:.0f} MB ({outcome})"
