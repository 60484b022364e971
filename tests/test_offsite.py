"""The built site asks nothing of other hosts: no off-site URL a browser would fetch.

A browser fetches what HTML loads (``src``, ``srcset``, ``poster``, ``data``, the
``href`` of stylesheet, icon, preload and connection ``<link>`` elements) and what CSS
imports or points ``url()`` at, in files and in ``<style>`` and ``style=""`` alike.
Links a reader follows (``<a href>``, ``rel="canonical"``) are not fetches.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

OFF_SITE = re.compile(r"^\s*(?:https?:)?//", re.I)
CSS_URL = re.compile(
    r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)|url\(\s*["']?([^"')\s]+)""", re.I
)
FETCHING_ATTRIBUTES = {"src", "poster", "data", "background"}
FETCHING_LINKS = {
    "stylesheet",
    "icon",
    "apple-touch-icon",
    "mask-icon",
    "manifest",
    "preload",
    "prefetch",
    "modulepreload",
    "preconnect",
    "dns-prefetch",
}


def css_fetches(css: str) -> list[str]:
    return [first or second for first, second in CSS_URL.findall(css)]


class Fetches(HTMLParser):
    """Every URL an HTML page makes the browser fetch."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name in FETCHING_ATTRIBUTES:
                self.urls.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.urls += [part.split()[0] for part in value.split(",") if part]
            elif name == "style":
                self.urls += css_fetches(value)
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and rels & FETCHING_LINKS:
            self.urls.append(values.get("href", ""))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += css_fetches(data)


def off_site_fetches(site: Path) -> dict[str, list[str]]:
    found = {}
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            parser = Fetches()
            parser.feed(path.read_text(encoding="utf-8"))
            urls = parser.urls
        elif path.suffix == ".css":
            urls = css_fetches(path.read_text(encoding="utf-8"))
        else:
            continue
        off_site = sorted({url for url in urls if OFF_SITE.match(url)})
        if off_site:
            found[str(path.relative_to(site))] = off_site
    return found


def test_no_page_or_stylesheet_fetches_from_another_host(built_site: Path):
    assert off_site_fetches(built_site) == {}
    # markdown-exec's pyodide assets (an @import of jsDelivr) are not even shipped.
    assert not list(built_site.rglob("_markdown_exec_pyodide.*"))


def test_the_check_finds_each_kind_of_off_site_fetch(tmp_path: Path):
    """The check itself: each way of fetching is caught; links and local files pass."""
    (tmp_path / "page.html").write_text(
        '<a href="https://example.org/">a link</a>'
        '<link rel="canonical" href="https://example.org/page/">'
        '<img src="assets/local.png" srcset="a.png 1x, //cdn.example/b.png 2x">'
        '<script src="https://cdn.example/s.js"></script>'
        '<link rel="preconnect" href="https://fonts.example">'
        "<div style=\"background: url('http://img.example/x.png')\"></div>"
        "<style>@import 'https://cdn.example/in-style.css';</style>"
    )
    (tmp_path / "sheet.css").write_text(
        '.x { background: url("data:image/png;base64,AA") }\n'
        '.y { @import url("https://cdn.jsdelivr.net/a.css"); }\n'
        ".z { src: url(fonts/local.woff2) }\n"
    )
    assert off_site_fetches(tmp_path) == {
        "page.html": [
            "//cdn.example/b.png",
            "http://img.example/x.png",
            "https://cdn.example/in-style.css",
            "https://cdn.example/s.js",
            "https://fonts.example",
        ],
        "sheet.css": ["https://cdn.jsdelivr.net/a.css"],
    }
