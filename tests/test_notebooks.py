"""Every chapter downloads as a notebook that runs, and prints what the page shows.

The build writes ``chapters/<chapter>/<chapter>.ipynb`` (docs/_hooks/notebooks.py).
Here nbclient executes each one in a fresh kernel: every code cell's printed output
must equal its ``#>`` lines (and ``\"\"\"`` output blocks), and every figure cell
must draw an image.
"""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "docs" / "chapters").glob("*.md"))
NOTEBOOK_PAGES = sorted((ROOT / "docs" / "chapters").glob("*.ipynb"))
OUTPUT_LINE = re.compile(r"^\s*#> ?(.*)$")


def expected_output(source: str) -> list[str]:
    """What a cell's source says it prints: its ``#>`` lines, and the string blocks
    right after a print (as pytest-examples writes long output), in source order."""
    if source.startswith("%"):
        return []  # an IPython magic: %matplotlib inline
    strings: dict[int, list[str]] = {}
    for node in ast.walk(ast.parse(source)):
        for field in ("body", "orelse", "finalbody"):
            statements = getattr(node, field, None)
            if not isinstance(statements, list):
                continue
            for before, statement in zip(statements, statements[1:]):
                value = getattr(statement, "value", None)
                if (
                    isinstance(statement, ast.Expr)
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                    and is_print(before)
                ):
                    text = textwrap.dedent(value.value).strip()
                    strings[statement.lineno] = text.splitlines()
    lines: list[str] = []
    for number, line in enumerate(source.splitlines(), start=1):
        match = OUTPUT_LINE.match(line)
        if match:
            lines.append(match[1])
        lines += strings.get(number, [])
    return lines


def is_print(statement: ast.stmt) -> bool:
    call = getattr(statement, "value", None)
    return isinstance(call, ast.Call) and getattr(call.func, "id", None) == "print"


def printed(cell: nbformat.NotebookNode) -> list[str]:
    text = "".join(
        output.get("text", "")
        for output in cell.outputs
        if output.output_type == "stream" and output.name == "stdout"
    )
    return [line.rstrip() for line in text.splitlines()]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_the_chapter_notebook_runs_and_prints_what_the_page_shows(
    chapter: Path, built_site: Path, tmp_path: Path
):
    folder = built_site / "chapters" / chapter.stem
    notebook_file = folder / f"{chapter.stem}.ipynb"
    assert notebook_file.is_file(), f"no notebook for {chapter.name}"
    # The download button at the top of the chapter links to it.
    page = (folder / "index.html").read_text(encoding="utf-8")
    button = f'<a class="md-button" href="{notebook_file.name}" download>'
    assert button in page
    assert page.index(button) < page.index("<h2"), "the button is not at the top"

    notebook = nbformat.read(notebook_file, as_version=4)
    nbformat.validate(notebook)
    client = NotebookClient(
        notebook, timeout=600, resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    checked = [cell for cell in code if expected_output(cell.source)]
    assert checked, f"{chapter.name}: no cell with #> lines"
    for cell in checked:
        assert printed(cell) == expected_output(cell.source), cell.source
    figures = [cell for cell in code if "figure" in cell.metadata.get("tags", [])]
    assert figures, f"{chapter.name}: no figure cell"
    for cell in figures:
        images = [
            output
            for output in cell.outputs
            if output.output_type in ("display_data", "execute_result")
            and "image/png" in output["data"]
        ]
        assert len(images) == 1, (
            f"the figure cell drew {len(images)} images:\n{cell.source}"
        )
    # Snippets of the page, solutions included, are all there.
    snippets = chapter.read_text(encoding="utf-8").count("```python\n")
    assert len(code) >= snippets


@pytest.mark.parametrize("source", NOTEBOOK_PAGES, ids=lambda path: path.stem)
def test_the_notebook_page_has_a_download_button(source: Path, built_site: Path):
    folder = built_site / "chapters" / source.stem
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert f'<a class="md-button" href="{source.name}" download>' in page
    assert (folder / source.name).read_bytes() == source.read_bytes()
