"""The site builds with --strict, twice identically, and asks nothing of other hosts."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from conftest import build_site

EXTERNAL = re.compile(r"""(?:src|srcset)=["'](?:https?:)?//""")
# Timings measured while the site is built (class "nn-measured") differ from build to
# build by nature; everything else, figures included, must not.
MEASURED = re.compile(rb'(<[a-z]+ class="nn-measured"[^>]*>).*?(</[a-z]+>)', re.S)


def without_measurements(content: bytes) -> bytes:
    return MEASURED.sub(rb"\1\2", content)


def first_difference(first: Path, second: Path, names: list[str]) -> str:
    """The first lines that differ in the first differing text file, to diagnose."""
    for name in names:
        try:
            old = (first / name).read_text(encoding="utf-8").splitlines()
            new = (second / name).read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            continue
        diff = difflib.unified_diff(old, new, "first build", "second build", n=0)
        return f"{name}:\n" + "\n".join(line[:300] for line in list(diff)[:20])
    return "only binary files differ"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_loads_nothing_from_other_hosts(built_site: Path):
    offenders = [
        str(page.relative_to(built_site))
        for page in pages(built_site)
        if EXTERNAL.search(page.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert (built_site / "assets" / "mathjax" / "tex-mml-chtml.js").is_file()


def test_a_second_clean_build_is_byte_identical(built_site: Path, tmp_path: Path):
    """Figures (and all but measured timings) are deterministic: same sources, same
    bytes. The measured paragraphs must exist, and differ only in their text."""
    second = tmp_path / "site"
    # without the figure-block cache: the second build draws every figure again
    result = build_site(second, NN_TUTORIAL_BLOCK_CACHE="off")
    assert result.returncode == 0, result.stderr
    ignored = {"sitemap.xml.gz"}  # gzip stores a timestamp; sitemap.xml is compared
    different = [
        str(path.relative_to(built_site))
        for path in built_site.rglob("*")
        if path.is_file()
        and path.name not in ignored
        and without_measurements(path.read_bytes())
        != without_measurements((second / path.relative_to(built_site)).read_bytes())
    ]
    assert different == [], first_difference(built_site, second, different)
    measured = [p for p in pages(built_site) if MEASURED.search(p.read_bytes())]
    assert measured, "no measured timing found: was the class renamed?"


def test_the_footer_shows_the_package_version(built_site: Path):
    from nn_tutorial import __version__

    assert f"nn_tutorial {__version__}" in (built_site / "index.html").read_text()
