"""Every chapter ends its lesson with a short "What you learned" and a pointer onward.

"What you learned" is a section of two or more bullet points; the pointer is a
"**What's next:**" paragraph that links to another page of the site.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_forward_references import PAGES, Page

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "docs" / "chapters"

SECTION = re.compile(r"^## What you learned\s*$(.*?)(?=^## |\Z)", re.M | re.S)
NEXT = re.compile(r"^\*\*What's next:\*\*(.*?)(?:\n\s*\n|\Z)", re.M | re.S)
LINK = re.compile(r"\]\(([^)\s]+\.(?:md|ipynb))(?:#[^)]*)?\)")


def ending_problems(text: str) -> list[str]:
    """What a chapter's text lacks of the ending every chapter has."""
    problems = []
    section = SECTION.search(text)
    if section is None:
        problems.append('no "## What you learned" section')
    elif len(re.findall(r"^- ", section.group(1), re.M)) < 2:
        problems.append('"What you learned" needs at least two bullet points')
    pointer = NEXT.search(text)
    if pointer is None:
        problems.append('no "**What\'s next:**" paragraph')
    elif not LINK.search(pointer.group(1)):
        problems.append('"What\'s next" does not link to another page')
    return problems


CHAPTER_PAGES = [page for page in PAGES if page.path.endswith(".md")]

#: Chapters still being rewritten in issue 9. Strict xfails: once a chapter has its
#: ending the test reports XPASS as a failure, and its entry must go.
PENDING: dict[str, str] = {}


def pending(page: Page):
    reason = PENDING.get(page.path)
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(page, marks=marks, id=page.path)


@pytest.mark.parametrize("page", [pending(page) for page in CHAPTER_PAGES])
def test_chapter_ends_with_what_you_learned_and_whats_next(page: Page) -> None:
    problems = ending_problems((CHAPTERS / page.path).read_text(encoding="utf-8"))
    assert not problems, f"{page.path}: " + "; ".join(problems)


GOOD = """# 1. A chapter

Text.

## What you learned

- one thing
- another

**What's next:** [2. Layers](02-layers.md) goes on.
"""


def test_a_complete_ending_passes() -> None:
    assert ending_problems(GOOD) == []


@pytest.mark.parametrize(
    ("broken", "problem"),
    [
        (GOOD.replace("## What you learned", "## Summary"), "no "),
        (GOOD.replace("- another\n", ""), "at least two bullet points"),
        (GOOD.replace("**What's next:**", "Next:"), 'no "**What\'s next:**"'),
        (GOOD.replace("[2. Layers](02-layers.md)", "chapter 2"), "does not link"),
    ],
)
def test_a_missing_part_is_reported(broken: str, problem: str) -> None:
    assert any(problem in found for found in ending_problems(broken))
