"""``mkdocs serve`` only (``make serve``): quick rebuilds of the page you edit, quietly.

``make serve`` builds with ``--dirty``: after the first build, only edited pages are
built again, and mkdocs warns at every start that a dirty build may leave the
navigation inaccurate. ``make serve`` asks for exactly that trade-off, so this hook
drops the warning while serving, never for ``mkdocs build``, ``make build`` or the
tests. (Unchanged figure blocks come from ``docs/_hooks/block_cache.py`` in every
build; the notebook page is not executed while serving: ``make serve`` sets
``NN_TUTORIAL_EXECUTE_NOTEBOOKS=false``, which ``mkdocs.yml`` reads.)
"""

from __future__ import annotations

import logging

DIRTY_WARNING = "A 'dirty' build is being performed"


class _NotTheDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def on_startup(command: str, dirty: bool, **kwargs) -> None:
    if command == "serve" and dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_NotTheDirtyWarning())
