"""Copy MathJax 3 into the built site, so math renders with no third-party request.

MathJax comes from the PyPI package django-static-mathjax (package data only; Django is
not needed), so the docs need nothing but pip. Only the files the page loads are
copied: the combined TeX + CHTML script and its web fonts (about 1.6 MB).
"""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

SOURCE = files("mathjax").joinpath("static", "mathjax", "es5")
NEEDED = ["tex-mml-chtml.js", "output/chtml/fonts/woff-v2"]


def on_post_build(config, **kwargs) -> None:
    target = Path(config["site_dir"]) / "assets" / "mathjax"
    for name in NEEDED:
        source = Path(str(SOURCE.joinpath(name)))
        destination = target / name
        if source.is_dir():
            shutil.copytree(source, destination, dirs_exist_ok=True)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
