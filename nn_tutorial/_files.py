"""Files written and read safely: what ``Network.save`` and ``load`` and the MNIST
download share.

- A file is written to a temporary ``.part`` file beside its target and renamed into
  place only when it is complete, so an interrupted save never leaves half a file
  under the target's name. Its mode follows the umask, like any file a program
  creates (``mkstemp`` alone would make it private, 0600).
- Only a regular file, or nothing, is ever replaced. A symbolic link, a FIFO, a
  device node or a folder at the target is refused with an error, never replaced
  by a regular file (saving to ``/dev/full`` as root used to replace the device).
  To write where a link points, give its target's path.
- A process killed with SIGKILL cannot clean up after itself. Its ``.part`` file
  carries its machine's name and its process id, and the next save or download
  into the same folder deletes the ``.part`` files of this machine's processes
  that no longer run (and, in a folder shared between machines, those of other
  machines once they are a day old).
- A network file is untrusted input: ``read_npy`` reads one member of it, checks
  the shape and dtype its header announces before reading any data, and reads no
  more data than that.
"""

from __future__ import annotations

import math
import os
import re
import socket
import stat
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from numpy.typing import NDArray

__all__ = ["check_target", "part_prefix", "read_npy", "sweep_parts", "write_atomically"]

#: ``.NAME.HOST-PID.RANDOM.part``: the temporary file of process PID on machine
#: HOST writing NAME.
_PART = re.compile(
    r"^\.(?P<name>.+)\.(?P<host>[A-Za-z0-9-]*)-(?P<pid>\d+)\.[A-Za-z0-9_]+\.part$"
)
#: A part file of another machine is swept only when it is this old (seconds).
_OTHER_HOST_AGE = 86400.0
#: Temporary files of earlier versions (``tmpXXXX.npz.part``, ``.NAME.XXXX.part``),
#: which carry no process id: swept when older than this many seconds.
_LEGACY_PART = re.compile(r"^(tmp[A-Za-z0-9_]+\.npz|\..+\.[A-Za-z0-9_]{8})\.part$")
_LEGACY_AGE = 3600.0


def check_target(path: Path) -> None:
    """Refuse to replace anything at ``path`` but a regular file.

    Args:
        path: Where a file is about to be written.

    Raises:
        IsADirectoryError: If ``path`` is a folder.
        ValueError: If ``path`` is a symbolic link, a FIFO, a socket or a device.
    """
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):  # nothing there to replace
        return
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(f"{path} is a folder; give a file name")
    if stat.S_ISLNK(mode):
        what = f"a symbolic link to {os.readlink(path)}"
        fix = "write to the path it points to, or remove the link"
    else:
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket or device"
        what, fix = kind, "give the path of a regular file"
    raise ValueError(
        f"{path} is {what}: nn-tutorial never replaces it by a regular file; {fix}"
    )


def _host() -> str:
    """This machine's name as it goes into a part file's name."""
    return re.sub(r"[^A-Za-z0-9-]", "", socket.gethostname())[:32]


def part_prefix(name: str, pid: int | None = None) -> str:
    """The start of the name of a ``.part`` file that process ``pid`` (default: this
    one) on this machine writes for the file ``name``."""
    return f".{name}.{_host()}-{os.getpid() if pid is None else pid}."


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def sweep_parts(directory: Path) -> list[Path]:
    """Delete the ``.part`` files in ``directory`` that no running process writes.

    Only our own regular files are touched: those whose name says which process
    of this machine wrote them and that process has ended, those of another
    machine older than a day, and temporary files of earlier versions older than
    an hour.

    Args:
        directory: The folder about to receive a new file.

    Returns:
        The files deleted.
    """
    deleted: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return deleted
    now = time.time()
    for entry in entries:
        if not entry.name.endswith(".part"):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            continue
        match = _PART.match(entry.name)
        if match and match["host"] == _host():
            stale = not _running(int(match["pid"]))
        elif match:
            stale = now - info.st_mtime > _OTHER_HOST_AGE
        else:
            stale = bool(_LEGACY_PART.match(entry.name)) and (
                now - info.st_mtime > _LEGACY_AGE
            )
        if stale:
            try:
                os.unlink(entry.path)
            except OSError:
                continue
            deleted.append(Path(entry.path))
    return deleted


@contextmanager
def write_atomically(path: Path) -> Iterator[BinaryIO]:
    """A file to write ``path``'s content into; renamed to ``path`` when the block
    ends without an error, deleted when it does not (Ctrl+C and SIGTERM included).

    Args:
        path: The file to write; its folder must exist.

    Yields:
        The temporary file, open for writing bytes.

    Raises:
        IsADirectoryError: If ``path`` is a folder.
        ValueError: If ``path`` is a symbolic link, a FIFO, a socket or a device.
        OSError: If the folder cannot be written to.
    """
    check_target(path)
    sweep_parts(path.parent)
    prefix = part_prefix(path.name)
    temporary = None
    try:  # one try from the start: a signal may land just as mkstemp returns
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=prefix, suffix=".part"
        )
        with os.fdopen(handle, "wb") as file:
            yield file
        umask = os.umask(0)  # mkstemp makes the file private; use the usual mode
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        check_target(path)  # again: something may have appeared meanwhile
        os.replace(temporary, path)
    except OSError as error:
        _discard_parts(path.parent, prefix)
        if temporary is not None and (
            error.errno is None or error.filename not in (None, temporary)
        ):
            raise  # not about the file being written (e.g. a network error)
        # "No space left on device", or an error naming the temporary file: name
        # the reader's path instead.
        raise type(error)(error.errno, error.strerror, str(path)) from None
    except BaseException:
        _discard_parts(path.parent, prefix)
        raise


def _discard_parts(folder: Path, prefix: str) -> None:
    """Delete this process's ``.part`` files for one target: found by name, so that
    one made by a ``mkstemp`` that Ctrl+C or SIGTERM interrupted goes too."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(prefix) and entry.name.endswith(".part"):
            Path(entry.path).unlink(missing_ok=True)


#: A compressed member of a network file may expand at most this many times: floats
#: barely compress, so only a zip bomb goes past it.
MAX_EXPANSION = 64


def read_npy(
    archive: zipfile.ZipFile,
    member: str,
    check: Callable[[tuple[int, ...], np.dtype[Any]], None],
) -> NDArray[Any]:
    """The array in the ``.npy`` member of an ``.npz`` archive, reading its data only
    after ``check`` has accepted the shape and dtype in its header, and never more
    data than the header announces.

    Args:
        archive: The open ``.npz`` file.
        member: The member's name, e.g. ``"weights_0.npy"``.
        check: Raises ``ValueError`` for a shape and dtype the caller cannot use.

    Returns:
        The array.

    Raises:
        KeyError: If the archive has no such member.
        ValueError: If the member is not an array of plain numbers, fails
            ``check``, or its data is truncated or implausibly compressed.
    """
    info = archive.getinfo(member)
    size = os.fstat(archive.fp.fileno()).st_size if archive.fp else 0
    if info.compress_size > size:
        raise ValueError(f"{member} claims more bytes than the whole file holds")
    with archive.open(info) as stream:
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            header = np.lib.format.read_array_header_1_0(stream)
        elif version == (2, 0):
            header = np.lib.format.read_array_header_2_0(stream)
        else:
            raise ValueError(f"{member}: unsupported .npy version {version}")
        shape, fortran_order, dtype = header
        if dtype.hasobject or dtype.fields is not None:
            raise ValueError(
                f"{member} holds Python objects or records, not plain numbers; "
                "they are never loaded (no pickles)"
            )
        check(tuple(shape), dtype)
        count = math.prod(shape)
        nbytes = count * dtype.itemsize
        if info.compress_type == zipfile.ZIP_STORED:
            if nbytes > info.file_size:
                raise ValueError(
                    f"{member} is truncated: its header announces {nbytes:,} bytes of "
                    f"data, the member holds {info.file_size:,}"
                )
        elif nbytes > MAX_EXPANSION * info.compress_size + 65536:
            raise ValueError(
                f"{member} would expand from {info.compress_size:,} to {nbytes:,} "
                f"bytes, more than {MAX_EXPANSION} times: not a network's numbers"
            )
        array = np.empty(count, dtype=dtype)
        view = array.view(np.uint8)
        done = 0
        while done < nbytes:
            chunk = stream.read(min(1 << 20, nbytes - done))
            if not chunk:
                raise ValueError(
                    f"{member} is truncated: {done:,} of {nbytes:,} bytes of data"
                )
            view[done : done + len(chunk)] = np.frombuffer(chunk, dtype=np.uint8)
            done += len(chunk)
    return array.reshape(shape, order="F" if fortran_order else "C")
