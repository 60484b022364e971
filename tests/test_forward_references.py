"""No forward references: a lesson page uses only what earlier chapters introduced.

The lesson is read in the order of the nav's "The lesson" section. Each term below is
mapped to the number of the chapter that introduces it; a page that comes earlier in
the nav than that chapter must not use it.

A *pointer* is allowed: a sentence that links to the chapter introducing the term,
such as "[Chapter 9](09-how-it-learns.md) shows how the error δ flows back". The
link tells the reader where the term is taught, so naming it there is a promise,
not a use. The rule is per sentence: only the sentence holding the link is excused.

Pages are scanned whole, prose, math and code alike (a snippet that calls `relu`
uses ReLU as much as a sentence does), including the code of build-time blocks,
whose strings hold the figures' captions and alt texts. Notebooks are scanned cell
by cell (sources, not outputs).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

#: Each term: the chapter number that introduces it, and the patterns (regular
#: expressions, case-insensitive) that spell it, in prose, LaTeX and code.
TERMS: dict[str, tuple[int, list[str]]] = {
    "weight decay": (3, [r"weight[ _-]decay"]),
    "Wᵀ (transpose)": (
        7,
        [r"ᵀ", r"\^\s*\{?\s*(?:T|\\top|\\intercal)\b", r"\b[A-Za-z_]\w*\.T\b"],
    ),
    "ReLU": (8, [r"\brelu(?![a-z])"]),
    "σ′ (the slope of σ)": (
        8,
        [
            r"σ′",
            r"σ'",
            r"\\sigma\s*'",
            r"\\sigma\s*\^\s*\{?\s*\\prime",
            r"sigmoid_prime",
        ],
    ),
    "⊙ (entry-by-entry product)": (9, [r"⊙", r"\\odot\b"]),
    "δ (a neuron's error)": (9, [r"δ", r"\\delta\b"]),
    "cross-entropy": (9, [r"cross[- _]?entropy"]),
    "softmax": (9, [r"soft[- ]?max"]),
    # The word, not the method: chapters 6 and 8 may call `network.backprop` to get
    # a gradient, as a tool, before chapter 9 explains how it works.
    "backpropagation": (9, [r"\bback-?propagat"]),
    "chain rule": (9, [r"chain rule"]),
    "stochastic gradient descent": (9, [r"\bSGD\b", r"stochastic gradient"]),
    "mini-batch": (9, [r"mini[- _]?batch"]),
}


@dataclass(frozen=True)
class Page:
    """One page of the lesson, in reading order."""

    position: int  # its place in the nav's lesson section, from 0
    chapter: int  # the chapter it belongs to (a notebook belongs to its chapter)
    path: str  # relative to docs/chapters


def lesson_pages(config: dict) -> list[Page]:
    """The pages of the nav's "The lesson" section, in order, with chapter numbers
    read from their titles ("9. How it learns", "9b. Notebook: ...")."""
    for section in config["nav"]:
        if isinstance(section, dict) and "The lesson" in section:
            entries = section["The lesson"]
            break
    else:
        raise AssertionError('mkdocs.yml has no "The lesson" section in its nav')
    pages = []
    for position, entry in enumerate(entries):
        ((title, path),) = entry.items()
        number = re.match(r"\s*(\d+)", str(title))
        assert number, f"lesson page title {title!r} does not start with its number"
        pages.append(Page(position, int(number.group(1)), Path(path).name))
    return pages


def page_text(path: Path) -> str:
    """A page's text as the reader meets it: Markdown, or a notebook's cells."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n\n".join("".join(cell["source"]) for cell in cells)
    return path.read_text(encoding="utf-8")


LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")
SENTENCE_END = re.compile(r"(?<=[.!?:])[)\"'*_]*\s+(?=[\[(*_\"']*[A-Z0-9])|\n\s*\n")


def sentences(text: str) -> list[tuple[int, int, str]]:
    """The text cut into sentences (and blank-line-separated blocks), each with the
    line it starts on and its offset in the text."""
    result, start = [], 0
    for match in SENTENCE_END.finditer(text):
        line = text.count("\n", 0, start) + 1
        result.append((line, start, text[start : match.end()]))
        start = match.end()
    result.append((text.count("\n", 0, start) + 1, start, text[start:]))
    return result


@dataclass(frozen=True)
class ForwardReference:
    page: str
    line: int
    term: str
    chapter: int
    excerpt: str

    def __str__(self) -> str:
        return (
            f"{self.page}:{self.line}: uses {self.term}, which chapter "
            f"{self.chapter} introduces: {self.excerpt!r}. Explain it without the "
            f"term, or make the sentence a pointer that links to chapter "
            f"{self.chapter}."
        )


def forward_references(
    text: str, page: Page, pages: list[Page], terms=TERMS
) -> list[ForwardReference]:
    """Every use of a term in ``text`` (the page ``page``) before its chapter."""
    files_of: dict[int, set[str]] = {}
    for other in pages:
        files_of.setdefault(other.chapter, set()).add(other.path)
    found = []  # (offset in the text, the problem)
    for line, offset, sentence in sentences(re.sub(r"(?s)<!--.*?-->", "", text)):
        linked = {Path(target).name for target in LINK.findall(sentence)}
        for term, (chapter, patterns) in terms.items():
            if page.chapter >= chapter:
                continue  # taught in this page's chapter or an earlier one
            if linked & files_of.get(chapter, set()):
                continue  # a pointer to the chapter that teaches it
            for pattern in patterns:
                match = re.search(pattern, sentence, flags=re.IGNORECASE)
                if match:
                    where = line + sentence.count("\n", 0, match.start())
                    excerpt = sentence[
                        max(0, match.start() - 40) : match.end() + 40
                    ].strip()
                    problem = ForwardReference(
                        page.path, where, term, chapter, " ".join(excerpt.split())
                    )
                    found.append((offset + match.start(), problem))
                    break
    return [problem for _, problem in sorted(found, key=lambda pair: pair[0])]


def config() -> dict:
    # mkdocs.yml has no custom tags today; ignore any, should one be added.
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)


PAGES = lesson_pages(config())

#: Pages known to break the rule while issue 9 is under way. Each is a strict xfail:
#: once the page is fixed the test reports XPASS as a failure, and the entry must go.
PENDING: dict[str, str] = {}


def pending(page: Page):
    reason = PENDING.get(page.path)
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(page, marks=marks, id=page.path)


@pytest.mark.parametrize("page", [pending(page) for page in PAGES])
def test_page_uses_no_term_before_its_chapter(page: Page) -> None:
    text = page_text(DOCS / "chapters" / page.path)
    problems = forward_references(text, page, PAGES)
    assert not problems, "\n".join(str(problem) for problem in problems)


def test_every_term_is_introduced_by_a_chapter_of_the_nav() -> None:
    """The map stays true to the nav: each term's chapter exists, and uses the term."""
    chapters = {page.chapter: page for page in PAGES}
    if max(chapters) < 9:
        pytest.xfail("chapter 9, How it learns, is not in the nav yet (issue 9)")
    for term, (chapter, patterns) in TERMS.items():
        assert chapter in chapters, f"{term}: there is no chapter {chapter} in the nav"
        text = "\n".join(
            page_text(DOCS / "chapters" / page.path)
            for page in PAGES
            if page.chapter == chapter
        )
        assert any(re.search(p, text, flags=re.IGNORECASE) for p in patterns), (
            f"{term}: chapter {chapter} is said to introduce it but never uses it"
        )


# -- the rule itself, on synthetic pages ----------------------------------------------

SYNTHETIC = [
    Page(0, 1, "01-one.md"),
    Page(1, 2, "02-two.md"),
    Page(2, 9, "09-nine.md"),
    Page(3, 9, "09-nine-notebook.ipynb"),
]


def terms_found(text: str, page: Page) -> list[str]:
    return [problem.term for problem in forward_references(text, page, SYNTHETIC)]


def test_a_term_before_its_chapter_is_found() -> None:
    text = "A neuron.\n\nIts error is written δ, and ReLU is another choice.\n"
    found = forward_references(text, SYNTHETIC[0], SYNTHETIC)
    assert [problem.term for problem in found] == ["δ (a neuron's error)", "ReLU"]
    assert found[0].line == 3  # the line of the use, for the message
    assert "01-one.md:3" in str(found[0])


@pytest.mark.parametrize(
    "spelling",
    [
        r"\(W^T \delta\)",
        r"\(W^\top a\)",
        "a @ W.T + b",
        "Wᵀ",
        r"\(a \odot b\)",
        r"\(\sigma'(z)\)",
        "sigmoid_prime(z)",
        "the Cross-Entropy cost",
        'activation="relu"',
        "softmax",
        "weight_decay=1e-3",
        "a minibatch",
    ],
)
def test_each_spelling_of_a_term_is_found(spelling: str) -> None:
    assert terms_found(f"Here is {spelling} in a page.", SYNTHETIC[0]), spelling


def test_a_term_in_or_after_its_chapter_is_allowed() -> None:
    text = "The error δ of the output layer, and its cross-entropy cost."
    assert terms_found(text, SYNTHETIC[2]) == []
    assert terms_found(text, SYNTHETIC[3]) == []  # the chapter's notebook


def test_a_sentence_linking_to_the_chapter_is_a_pointer() -> None:
    pointer = "[Chapter 9](09-nine.md) shows how the error δ flows back."
    assert terms_found(pointer, SYNTHETIC[1]) == []
    # Linking to another chapter does not excuse the term, nor does the pointer
    # excuse the next sentence.
    assert terms_found("[Chapter 2](02-two.md) uses δ.", SYNTHETIC[0]) != []
    assert terms_found(pointer + " Its δ is small.", SYNTHETIC[1]) != []


def test_plain_words_are_not_terms() -> None:
    text = "The weights decay? No: each weight is a number. Mini golf. Relume. Soft."
    assert terms_found(text, SYNTHETIC[0]) == []


def test_notebooks_are_read_cell_by_cell(tmp_path: Path) -> None:
    notebook = tmp_path / "n.ipynb"
    cells = [
        {"cell_type": "markdown", "source": ["# Training\n"]},
        {"cell_type": "code", "source": ["train(cost='cross-entropy')\n"]},
    ]
    notebook.write_text(json.dumps({"cells": cells}))
    assert "cross-entropy" in page_text(notebook)
