"""Every build: a figure block whose inputs did not change is not run again.

The figure blocks (```` ```python exec="on" ````) draw every figure twice (light and
dark) and some train or measure networks: about 15 s of a warm build. This hook
wraps markdown-exec's runner of python blocks with a cache on disk, in
``.cache/blocks/``. A block's output is only ever served for the same *key*, a hash
of everything that decides it:

- the block's code;
- the package's source code (``nn_tutorial.cache.source_hash``);
- the MNIST files' bytes (the hash ``cached_train`` uses);
- the versions of Python, NumPy, matplotlib and markdown-exec.

Not cached, so run at every build:

- blocks of a markdown-exec ``session``, which share state with each other;
- blocks whose output holds a measured timing (class ``nn-measured``): a timing is
  only true of the build that measured it.

``NN_TUTORIAL_BLOCK_CACHE=off`` turns the cache off (the test that two clean builds
give the same bytes uses it, so that its second build draws every figure again).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import platform
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
CACHE = PROJECT / ".cache" / "blocks"
MEASURED = 'class="nn-measured"'


def _inputs_digest() -> str:
    """The hash of everything but the code that decides a block's output."""
    import markdown_exec
    import matplotlib
    import numpy as np

    from nn_tutorial import cache, load_mnist

    parts = {
        "source": cache.source_hash(),
        "data": cache.data_hash(list(load_mnist())),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "matplotlib": matplotlib.__version__,
        "markdown-exec": importlib.metadata.version(markdown_exec.__name__),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all."""
    CACHE.mkdir(parents=True, exist_ok=True)
    handle, part = tempfile.mkstemp(dir=CACHE, suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(part, path)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise


def _cache_block_outputs() -> None:
    from markdown_exec._internal.formatters import python

    run = python._run_python
    if getattr(run, "nn_tutorial_cached", False):
        return
    inputs = _inputs_digest()

    def cached(code: str, returncode=None, session=None, id=None, **extra) -> str:  # noqa: A002
        if session:
            return run(code, returncode=returncode, session=session, id=id, **extra)
        key = hashlib.sha256(f"{inputs}\0{code}".encode()).hexdigest()
        path = CACHE / f"{key}.out"
        if path.is_file():
            return path.read_text(encoding="utf-8")
        output = run(code, returncode=returncode, session=session, id=id, **extra)
        if MEASURED not in output:
            _write(path, output)
        return output

    cached.nn_tutorial_cached = True  # type: ignore[attr-defined]
    python._run_python = cached


def on_startup(command: str, **kwargs) -> None:
    if os.environ.get("NN_TUTORIAL_BLOCK_CACHE", "on") != "off":
        _cache_block_outputs()
