"""Downloading and decompressing untrusted gzip files as streams, for ``mnist``.

A mirror may send anything: a gzip bomb, a file that never ends, a byte every few
seconds. ``GzipCheck`` decompresses and hashes the data as it arrives and refuses
it as soon as it passes the expected size; ``fetch`` downloads with an overall
deadline, not only a timeout per read.
"""

from __future__ import annotations

import hashlib
import sys
import time
import zlib
from typing import Any, BinaryIO

__all__ = ["CHUNK", "GzipCheck", "fetch"]

CHUNK = 1 << 16  # bytes read, and decompressed, at a time


class GzipCheck:
    """Decompresses the gzip file ``name`` piece by piece as it is read or
    downloaded, hashing the content, and stops as soon as the content passes the
    file's known ``size``: a gzip bomb costs at most that size, never gigabytes.

    Args:
        name: The file's name, for messages.
        sha256: The SHA-256 its content must have.
        size: The size its content must have, in bytes.
        where: The path or URL, for messages ("" for none).
        error: The exception raised when the data is not that file.
        hash_content: Check the SHA-256 (False when the file is known good).
    """

    def __init__(
        self,
        name: str,
        sha256: str,
        size: int,
        where: str,
        error: type[ValueError],
        hash_content: bool = True,
    ) -> None:
        self.name, self.where = name, f"{where}: " if where else ""
        self.sha256, self.size, self.error = sha256, size, error
        self.hash = hashlib.sha256() if hash_content else None
        self.decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)  # gzip
        self.received = 0  # compressed bytes
        self.produced = 0  # decompressed bytes

    def feed(self, data: bytes) -> list[bytes]:
        """The content decompressed from the next piece ``data`` of the file."""
        self.received += len(data)
        if self.received > self.size + (1 << 20):  # gzip never grows data by 1 MiB
            raise self.error(
                f"{self.where}more than {self.received:,} compressed bytes for "
                f"{self.size:,} of content; this is not {self.name}"
            )
        pieces = []
        try:
            while data:
                if self.decompressor.eof:  # a gzip file of several members
                    data = self.decompressor.unused_data + data
                    self.decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
                piece = self.decompressor.decompress(data, CHUNK)
                data = self.decompressor.unconsumed_tail
                if self.decompressor.eof:
                    data = self.decompressor.unused_data + data
                    if data:
                        self.decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self._count(piece)
                pieces.append(piece)
        except zlib.error as error:
            raise self.error(
                f"{self.where}not a complete gzip file ({error})"
            ) from None
        return pieces

    def _count(self, piece: bytes) -> None:
        self.produced += len(piece)
        if self.produced > self.size:
            raise self.error(
                f"{self.where}decompresses to more than {self.name} "
                f"({self.size:,} bytes); it is not that file (a gzip bomb?)"
            )
        if self.hash is not None:
            self.hash.update(piece)

    def finish(self) -> None:
        """Check that the file was complete and its content exactly the expected."""
        if not self.decompressor.eof:
            raise self.error(
                f"{self.where}not a complete gzip file (it ends after "
                f"{self.received:,} bytes, in the middle of the compressed data)"
            )
        if self.hash is None:
            return
        actual = self.hash.hexdigest()
        if actual != self.sha256 or self.produced != self.size:
            raise self.error(
                f"{self.where}content is not {self.name}: expected SHA-256 "
                f"{self.sha256} ({self.size} bytes), got {actual} ({self.produced} "
                "bytes)"
            )


def fetch(
    url: str,
    file: BinaryIO,
    check: GzipCheck,
    deadline: float,
    timeouts: tuple[float, float],
) -> None:
    """Download ``url`` into ``file``, feeding ``check`` as the data arrives.

    Args:
        url: What to download.
        file: Where to write the data as it arrives (the compressed bytes).
        check: The check of the data; it raises when the data is not the file.
        deadline: Seconds the whole download may take.
        timeouts: Seconds to connect, and to wait for each piece of data.

    Raises:
        TimeoutError: If the download takes longer than ``deadline``.
        OSError: If the connection fails (requests' errors are OSErrors).
        ValueError: ``check``'s error, if the data is not the expected file.
    """
    import requests  # imported here, as it takes a while

    end = time.monotonic() + deadline
    with requests.get(url, stream=True, timeout=timeouts) as response:
        response.raise_for_status()
        raw: Any = response.raw
        # read1 returns what has arrived: the deadline is checked between pieces.
        read = getattr(raw, "read1", None) or raw.read
        bar = _progress_bar(check.name, response.headers.get("Content-Length"))
        try:
            while chunk := read(CHUNK, decode_content=False):
                if time.monotonic() > end:
                    raise TimeoutError(
                        f"took longer than {deadline:g} s (the most one file may "
                        f"take), after {check.received:,} bytes"
                    )
                check.feed(chunk)
                file.write(chunk)
                if bar is not None:
                    bar.update(len(chunk))
        finally:
            if bar is not None:
                bar.close()
    check.finish()


def _progress_bar(name: str, length: str | None) -> Any:
    """A download's progress bar on stderr, if stderr is a terminal."""
    try:
        if not sys.stderr.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    from tqdm.auto import tqdm

    total = int(length) if length and length.isdigit() else None
    return tqdm(total=total, desc=name, unit="B", unit_scale=True, leave=False)
