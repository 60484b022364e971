"""Build the package's wheel and sdist into the site, and fill in the install commands.

The wheel and sdist of this very commit go to ``packages/`` in the built site, so the
site and the package always share one version, and the installation page can give a
command that works before anything is published on PyPI. Pages write
``{{ wheel_url }}``, ``{{ sdist_url }}``, ``{{ wheel_name }}`` or ``{{ version }}``;
this hook fills them in from ``site_url`` and the package version.

Building takes about 10 s (``python -m build`` sets up an isolated environment), so the
result is kept in ``.cache/packages/<hash of the package's sources>/``: ``mkdocs serve``
builds again only when the package changed, and two site builds of the same sources
ship the same bytes. ``SOURCE_DATE_EPOCH`` fixes the timestamps inside the wheel.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError

from nn_tutorial import __version__

# The package built is this repository's, wherever the mkdocs.yml using the hook is.
PROJECT = Path(__file__).resolve().parents[2]
SOURCES = ["pyproject.toml", "README.md", "LICENSE", "nn_tutorial"]
CACHE = PROJECT / ".cache" / "packages"
TARGET = "packages"
# 1980-01-01, the earliest time a zip file can hold: no build date in the wheel.
SOURCE_DATE_EPOCH = "315532800"


def file_names() -> dict[str, str]:
    """The two files a build makes, by kind."""
    return {
        "wheel": f"nn_tutorial-{__version__}-py3-none-any.whl",
        "sdist": f"nn_tutorial-{__version__}.tar.gz",
    }


def sources_digest() -> str:
    """A SHA-256 over the names and bytes of every file that goes into the package."""
    digest = hashlib.sha256()
    for source in SOURCES:
        path = PROJECT / source
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if not file.is_file() or "__pycache__" in file.parts:
                continue
            digest.update(str(file.relative_to(PROJECT)).encode() + b"\0")
            digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def built_packages() -> Path:
    """The folder holding this source's wheel and sdist, built now if not cached."""
    folder = CACHE / sources_digest()
    if all((folder / name).is_file() for name in file_names().values()):
        return folder
    CACHE.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=CACHE, prefix=".building-"))
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
    }
    command = [sys.executable, "-m", "build", "--outdir", str(scratch), str(PROJECT)]
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    made = sorted(path.name for path in scratch.iterdir())
    if result.returncode != 0 or made != sorted(file_names().values()):
        shutil.rmtree(scratch, ignore_errors=True)
        raise PluginError(
            f"building the package for the site failed (made {made}):\n"
            + result.stdout[-2000:]
            + result.stderr[-2000:]
        )
    try:
        scratch.rename(folder)  # whole, or not there: a parallel build may win
    except OSError:
        shutil.rmtree(scratch, ignore_errors=True)
    return folder


def on_config(config, **kwargs):
    if not config.get("site_url"):
        raise PluginError("site_url is needed: the install commands point into it")
    return config


def on_page_markdown(markdown: str, page, config, **kwargs) -> str:
    if "{{" not in markdown:
        return markdown
    base = config["site_url"].rstrip("/") + "/" + TARGET + "/"
    names = file_names()
    values = {
        "version": __version__,
        "wheel_name": names["wheel"],
        "wheel_url": base + names["wheel"],
        "sdist_url": base + names["sdist"],
    }
    for key, value in values.items():
        markdown = markdown.replace("{{ " + key + " }}", value)
    return markdown


def on_post_build(config, **kwargs) -> None:
    target = Path(config["site_dir"]) / TARGET
    target.mkdir(parents=True, exist_ok=True)
    for path in built_packages().iterdir():
        shutil.copyfile(path, target / path.name)
