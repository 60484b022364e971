"""No page is wider than the screen, on a phone (390 px) or a desktop (1280 px).

In the page's content, every element must fit inside the content column, unless it
sits in something that scrolls sideways on purpose: a code block, display math, a
wide table. The page itself must never scroll sideways.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.mnist]

WIDTHS = [390, 1280]

OVERFLOWING = r"""async () => {
  if (window.MathJax && MathJax.startup) {
    await MathJax.startup.promise;  // the page's math is typeset (typesetting it
  }                                 // again would nest MathJax in its own copies)
  // Material lets code blocks, math and tables reach into the column's padding on
  // small screens: the column is the content area, padding included.
  const root = document.querySelector("article.md-content__inner");
  const column = document.querySelector(".md-content").getBoundingClientRect();
  const exempt = (element) => {
    for (let up = element.parentElement; up && up !== root; up = up.parentElement) {
      const overflow = getComputedStyle(up).overflowX;
      if (overflow === "auto" || overflow === "scroll") return true;  // scrolls
    }
    // MathJax's copy of the formula for screen readers: clipped to nothing
    return element.closest("mjx-assistive-mml") !== null;
  };
  const name = (element) =>
    element.tagName.toLowerCase() +
    (element.id ? "#" + element.id : "") +
    (element.classList.length ? "." + [...element.classList].join(".") : "");
  const found = [];
  for (const element of root.querySelectorAll("*")) {
    if (exempt(element)) continue;
    for (const box of element.getClientRects()) {  // each line of an inline element
      if (box.width === 0 || box.height === 0) continue;
      const excess = Math.max(box.right - column.right, column.left - box.left);
      if (excess > 1) {
        const text = JSON.stringify((element.textContent || "").trim().slice(0, 40));
        found.push(`${name(element)} by ${Math.round(excess)} px: ${text}`);
        break;
      }
    }
  }
  const page = document.documentElement.scrollWidth - window.innerWidth;
  if (page > 0) found.push(`the page scrolls sideways by ${page} px`);
  return found;
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_is_wider_than_its_column(browser, built_site, site_url, width):
    pages = sorted(
        path.parent.relative_to(built_site).as_posix()
        for path in built_site.rglob("index.html")
    )
    assert "chapters/07-notation-and-linear-algebra" in pages
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    overflowing = {}
    for relative in pages:
        page.goto(site_url + ("" if relative == "." else relative + "/"))
        found = page.evaluate(OVERFLOWING)
        if found:
            overflowing[relative] = found[:5]
    context.close()
    assert overflowing == {}
