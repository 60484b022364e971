"""Display equations fit a desktop column: at 1280 px none needs scrolling sideways
(chapter 7's "whole network" equations used to run off the page there)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.mnist]

WIDEST = r"""async () => {
  await MathJax.startup.promise;
  await MathJax.typesetPromise();
  return [...document.querySelectorAll(".md-typeset div.arithmatex")].map((el) => [
    el.scrollWidth - el.clientWidth,
    el.textContent.slice(0, 60),
  ]);
}"""


def test_no_display_equation_scrolls_at_1280_px(browser, built_site, site_url):
    pages = sorted(
        path.parent.relative_to(built_site).as_posix() + "/"
        for path in built_site.rglob("index.html")
        if 'class="arithmatex"' in path.read_text(encoding="utf-8")
    )
    assert "chapters/07-notation-and-linear-algebra/" in pages
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    overflowing = {}
    equations = 0
    for relative in pages:
        page.goto(site_url + relative)
        found = page.evaluate(WIDEST)
        equations += len(found)
        wide = [f"{text!r} by {excess} px" for excess, text in found if excess > 0]
        if wide:
            overflowing[relative] = wide
    context.close()
    assert equations >= 5
    assert overflowing == {}
