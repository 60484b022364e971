"""``mkdocs serve`` only (``make serve``): quick rebuilds of the page you edit, quietly.

``make serve`` builds with ``--dirty``: after the first build, only edited pages are
built again. Two things made that slow or noisy, and this hook changes them while
serving, never for ``mkdocs build``, ``make build`` or the tests:

- The figure blocks (```` ```python exec="on" ````) of an edited page ran again,
  drawing every figure twice (light and dark): 5-10 s for some chapters. Here a
  block's output is cached under ``.cache/serve-blocks/``, keyed by its code and a
  hash of the package's sources (as ``docs/_hooks/packages.py`` computes it), so a
  block runs again only when it or the package changed. Blocks of a markdown-exec
  ``session`` share state and always run.
- mkdocs warns at every start that a dirty build may leave navigation inaccurate;
  ``make serve`` asks for exactly that trade-off, so the warning is dropped there.

(The notebook page is not executed while serving: ``make serve`` sets
``NN_TUTORIAL_EXECUTE_NOTEBOOKS=false``, which ``mkdocs.yml`` reads.)
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
CACHE = PROJECT / ".cache" / "serve-blocks"
DIRTY_WARNING = "A 'dirty' build is being performed"


class _NotTheDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def _cache_block_outputs() -> None:
    """Wrap markdown-exec's runner of python blocks with a cache on disk."""
    from markdown_exec._internal.formatters import python

    spec = importlib.util.spec_from_file_location(
        "nn_tutorial_packages_hook", Path(__file__).with_name("packages.py")
    )
    packages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(packages)

    run = python._run_python
    if getattr(run, "nn_tutorial_cached", False):
        return
    package = packages.sources_digest()

    def cached(code: str, returncode=None, session=None, id=None, **extra) -> str:  # noqa: A002
        if session:
            return run(code, returncode=returncode, session=session, id=id, **extra)
        key = hashlib.sha256(f"{package}\0{code}".encode()).hexdigest()
        path = CACHE / f"{key}.out"
        if path.is_file():
            return path.read_text(encoding="utf-8")
        output = run(code, returncode=returncode, session=session, id=id, **extra)
        CACHE.mkdir(parents=True, exist_ok=True)
        handle, part = tempfile.mkstemp(dir=CACHE, suffix=".part")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(output)
        os.replace(part, path)
        return output

    cached.nn_tutorial_cached = True  # type: ignore[attr-defined]
    python._run_python = cached


def on_startup(command: str, dirty: bool, **kwargs) -> None:
    if command != "serve":
        return
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_NotTheDirtyWarning())
    _cache_block_outputs()
