"""Figures follow the page's colour scheme, measured in a real browser: in the light
scheme each figure shows its light drawing on white paper, in the dark scheme its
dark drawing on the page's own dark background, and never a white card."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread

pytestmark = [pytest.mark.browser, pytest.mark.mnist]

SCHEMES = {"light": "default", "dark": "slate"}
NOTEBOOK = "chapters/09-training-notebook/"


def pages_with_figures(site: Path) -> list[str]:
    return sorted(
        path.parent.relative_to(site).as_posix() + "/"
        for path in site.rglob("index.html")
        if 'class="nn-figure"' in path.read_text(encoding="utf-8")
    )


def pixels(png: bytes) -> np.ndarray:
    """An element's screenshot as RGB floats in [0, 1]."""
    return imread(io.BytesIO(png))[..., :3]


def rgb(css: str) -> np.ndarray:
    """``rgb(30, 33, 41)`` as floats in [0, 1]."""
    return np.array([float(n) for n in css[css.index("(") + 1 : -1].split(",")]) / 255


@pytest.fixture(scope="module", params=list(SCHEMES))
def scheme_page(request, browser, site_url):
    """A tab whose browser prefers the light or the dark scheme (Material follows)."""
    context = browser.new_context(
        color_scheme=request.param, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.scheme = request.param
    yield page
    context.close()


def test_figures_are_drawn_for_the_page_they_are_on(scheme_page, built_site, site_url):
    page, scheme = scheme_page, scheme_page.scheme
    pages = pages_with_figures(built_site)
    assert "chapters/01-neurons/" in pages and len(pages) >= 8
    measured = []
    for relative in pages:
        page.goto(site_url + relative)
        assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
        background = rgb(
            page.evaluate("getComputedStyle(document.body).backgroundColor")
        )
        for figure in page.locator(".nn-figure").all():
            shown = figure.locator("img:visible")
            assert shown.count() == 1, f"{relative}: one image per figure is shown"
            assert shown.get_attribute("class") == f"nn-figure__{scheme}"
            image = pixels(shown.screenshot())
            # the card around the drawing and the drawing's own paper are the page's
            for corner in (image[1, 1], image[-2, -2]):
                assert np.abs(corner - background).max() < 8 / 255, (
                    f"{relative}: figure corner {corner * 255} on a page of "
                    f"{background * 255}"
                )
            lightness = float(image.mean())
            measured.append(lightness)
            if scheme == "dark":
                assert lightness < 0.35, f"{relative}: a light figure on a dark page"
            else:
                assert lightness > 0.7, f"{relative}: a dark figure on a light page"
    assert len(measured) >= 12


def test_the_notebook_figures_follow_the_scheme(scheme_page, site_url):
    page, scheme = scheme_page, scheme_page.scheme
    page.goto(site_url + NOTEBOOK)
    images = page.locator(".jp-RenderedImage img").all()
    assert len(images) >= 2
    for image in images:
        lightness = float(pixels(image.screenshot()).mean())
        if scheme == "dark":
            assert lightness < 0.35
        else:
            assert lightness > 0.7
