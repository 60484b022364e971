"""Every Python snippet on the site and in the README runs, and prints what it shows.

Snippets are found, not registered: any ```python fence in docs/**/*.md, README.md or
CONTRIBUTING.md is linted (ruff + black, line length 88), run as a complete program in
a fresh module namespace, and its printed output is compared with the ``#>`` lines
under each print. ``pytest --update-examples`` rewrites those lines (and formatting).

Blocks with ``exec="on"`` are not collected here: markdown-exec runs them while the
site is built, and any error there fails ``mkdocs build --strict`` (tests/test_site.py).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

ROOT = Path(__file__).resolve().parent.parent
# NN_TUTORIAL_DOCS points the tests at another docs folder (tests/test_contributing.py).
DOCS = Path(os.environ.get("NN_TUTORIAL_DOCS", ROOT / "docs"))
SOURCES = [DOCS, ROOT / "README.md", ROOT / "CONTRIBUTING.md"]


def is_tested_snippet(example: CodeExample) -> bool:
    """A snippet readers copy: Python, not a console session, not run by the build."""
    language = example.prefix.split()[0].strip("{.") if example.prefix else ""
    if language not in ("py", "python"):
        return False  # pycon and other py-prefixed fences
    return example.prefix_settings().get("exec") not in ("on", "1", "true")


def snippets() -> list[CodeExample]:
    found = find_examples(*(path for path in SOURCES if path.exists()))
    return [example for example in found if is_tested_snippet(example)]


def snippet_failure(example: CodeExample, error: Exception) -> str:
    """Where in the Markdown a snippet raised, and what, without Python's traceback
    machinery: on Python 3.11, formatting the frames pytest-examples fakes for the
    Markdown file raises ``StopIteration`` inside ``traceback.py`` and pytest stops
    the whole run with an INTERNALERROR (their code object carries ``co_lnotab``
    where 3.11 expects a line table). Those frames still hold the right
    ``tb_lineno``: the line in the Markdown file."""
    lines = example.path.read_text(encoding="utf-8").splitlines()
    where = []
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == str(example.path):
            number = trace.tb_lineno
            source = lines[number - 1].strip() if 0 < number <= len(lines) else ""
            where.append(f"  {example.path.name}:{number}: {source}")
        trace = trace.tb_next
    location = "\n".join(where) or f"  {example}"
    return (
        f"the snippet at {example} raised {type(error).__name__}: {error}\n"
        f"{location}\n"
        "A snippet must run as a complete program: fix it or the code it calls."
    )


@pytest.mark.parametrize("example", snippets(), ids=str)
def test_snippet(example: CodeExample, eval_example: EvalExample) -> None:
    eval_example.set_config(line_length=88, quotes="either")
    failure = None
    try:
        if eval_example.update_examples:
            eval_example.format(example)
            eval_example.run_print_update(example)
        else:
            eval_example.lint(example)
            eval_example.run_print_check(example)
    except Exception as error:  # the snippet raised (pytest's own failures pass by)
        failure = snippet_failure(example, error)
    if failure:  # outside the except block: the failure must not chain the error
        pytest.fail(failure, pytrace=False)


def chapters() -> list[Path]:
    return sorted((DOCS / "chapters").glob("*.md"))


@pytest.mark.parametrize("chapter", chapters(), ids=lambda path: path.name)
def test_chapter_has_tested_snippet_and_figure(chapter: Path) -> None:
    """A chapter teaches with code the reader runs and a figure drawn at build time."""
    examples = list(find_examples(chapter))
    assert any(is_tested_snippet(example) for example in examples), (
        f"{chapter.name} has no tested ```python snippet: add one (see CONTRIBUTING.md)"
    )
    assert any(
        "figure_html(" in example.source
        for example in examples
        if not is_tested_snippet(example)
    ), (
        f'{chapter.name} has no figure: add a ```python exec="on" html="1" block '
        "that prints figure_html(...) (see CONTRIBUTING.md)"
    )


FENCE = re.compile(r"^\s*(`{3,})\s*(.*)$")


def python_fences(text: str) -> int:
    """How many top-level ```python fences (without exec) a Markdown text holds,
    counted line by line: fences inside a longer fence are its content."""
    count, open_ticks = 0, 0
    for line in text.splitlines():
        match = FENCE.match(line)
        if not match:
            continue
        ticks, info = len(match[1]), match[2].strip()
        if not open_ticks:
            open_ticks = ticks
            language = info.split()[0].strip("{.") if info else ""
            count += language in ("py", "python") and "exec=" not in info
        elif ticks >= open_ticks and not info:
            open_ticks = 0
    return count


@pytest.mark.parametrize(
    "page",
    sorted(DOCS.rglob("*.md")) + [ROOT / "README.md", ROOT / "CONTRIBUTING.md"],
    ids=lambda path: path.name,
)
def test_every_python_fence_is_collected(page: Path) -> None:
    """A stray ``` inside a snippet (e.g. in a string) can make the snippet finder
    pair fences wrongly and silently skip snippets: the counts must agree."""
    collected = [e for e in find_examples(page) if is_tested_snippet(e)]
    assert len(collected) == python_fences(page.read_text(encoding="utf-8"))
