"""Every chapter as a Jupyter notebook, written into the built site at build time.

jupytext reads the chapter's Markdown: prose becomes Markdown cells and every
```` ```python```` fence a code cell, the ``#>`` lines kept as the comments that say
what each print shows. Before that, admonitions (``??? success "Solution"``) are
unfolded, so that their snippets become code cells too. Figure blocks, which print
``figure_html(lambda: plot_...(...))`` into the page, become cells that call the plot
function as their last expression, and Jupyter draws the figure inline (after
``%matplotlib inline`` in the first code cell, as in the notebook page). Math
delimiters become ``$``/``$$``, and links to other pages point at the site.

The notebook goes beside the page (``chapters/01-neurons/01-neurons.ipynb``), and a
download button at the top of each chapter, and of the notebook page, links to it.
Cell ids are numbered, not random, so two builds write the same bytes.
"""

from __future__ import annotations

import ast
import posixpath
import re
from pathlib import Path

import jupytext
import nbformat

from nn_tutorial import __version__

ADMONITION = re.compile(
    r'^(?P<indent> *)(?:!!!|\?\?\?\+?)\s+(?P<kind>[\w-]+)(?:\s+"(?P<title>[^"]*)")?\s*$'
)
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
LINK = re.compile(r"\]\((?P<target>[^)\s:#]+\.(?:md|ipynb))(?P<anchor>#[^)\s]*)?\)")
FIGURE_IMPORT = re.compile(r"\bfigure_html, |, figure_html\b")
BUTTON = (
    '<p class="nn-notebook-download"><a class="md-button" href="{name}" download>'
    "Download {what} as a Jupyter notebook</a></p>"
)

_notebooks: dict[str, str] = {}  # page URL -> notebook JSON, written after the build


def unfold_admonitions(markdown: str) -> str:
    """``!!! kind "Title"`` and its indented body become a bold title and the body,
    one level less indented (nested ones unfold too)."""
    while True:
        lines, out, changed, index = markdown.splitlines(), [], False, 0
        while index < len(lines):
            match = ADMONITION.match(lines[index])
            if not match:
                out.append(lines[index])
                index += 1
                continue
            changed = True
            indent = match["indent"]
            title = match["title"] or match["kind"].capitalize()
            out += [f"{indent}**{title}**", ""]
            index += 1
            body = indent + "    "
            while index < len(lines) and (
                not lines[index].strip() or lines[index].startswith(body)
            ):
                line = lines[index]
                out.append(indent + line[len(body) :] if line.strip() else "")
                index += 1
        markdown = "\n".join(out) + "\n"
        if not changed:
            return markdown


def prose(markdown: str, page_path: str, site_url: str) -> str:
    """A Markdown cell for Jupyter: ``$`` math, and links that point at the site."""

    def outside_code(text: str) -> str:
        text = text.replace("\\(", "$").replace("\\)", "$")
        text = text.replace("\\[", "$$").replace("\\]", "$$")

        def absolute(match: re.Match[str]) -> str:
            target = posixpath.normpath(
                posixpath.join(posixpath.dirname(page_path), match["target"])
            )
            url = re.sub(r"(index)?\.(md|ipynb)$", "", target)
            url = url if not url or url.endswith("/") else url + "/"
            return f"]({site_url}{url}{match['anchor'] or ''})"

        return LINK.sub(absolute, text)

    parts, last = [], 0
    for match in INLINE_CODE.finditer(markdown):
        parts += [outside_code(markdown[last : match.start()]), match[0]]
        last = match.end()
    return "".join(parts + [outside_code(markdown[last:])])


def figure_cell(source: str) -> str:
    """``print(figure_html(lambda: plot(...), alt=...))`` becomes ``plot(...)``."""
    tree = ast.parse(source)
    lines = source.splitlines()
    for statement in reversed(tree.body):
        call = getattr(statement, "value", None)
        if not (
            isinstance(statement, ast.Expr)
            and isinstance(call, ast.Call)
            and getattr(call.func, "id", None) == "print"
            and call.args
            and isinstance(call.args[0], ast.Call)
            and getattr(call.args[0].func, "id", None) == "figure_html"
        ):
            continue
        drawn = call.args[0].args[0]
        expression = drawn.body if isinstance(drawn, ast.Lambda) else drawn
        replacement = [
            "# The figure of the page, drawn inline (the site embeds it as an image).",
            ast.unparse(expression),
        ]
        start, end = statement.lineno - 1, statement.end_lineno or statement.lineno
        lines[start:end] = replacement
    lines = [
        FIGURE_IMPORT.sub("", line) if line.startswith(("from ", "import ")) else line
        for line in lines
    ]
    return "\n".join(lines)


def chapter_notebook(markdown: str, page_path: str, title: str, site_url: str) -> str:
    """The notebook of one chapter page, as JSON."""
    notebook = jupytext.reads(unfold_admonitions(markdown), fmt="md")
    page_url = site_url + re.sub(r"\.md$", "/", page_path)
    intro = (
        f"*This notebook is the chapter [{title}]({page_url}) of nn-tutorial "
        f"{__version__}. To run it, install the package as "
        f"[the installation page]({site_url}installation/) shows.*"
    )
    cells = [nbformat.v4.new_markdown_cell(intro)]
    if "figure_html(" in markdown:  # the figures are drawn in the notebook
        cells.append(nbformat.v4.new_code_cell("%matplotlib inline"))
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            text = prose(cell.source, page_path, site_url)
            cells.append(nbformat.v4.new_markdown_cell(text))
            continue
        settings = cell.metadata
        source = cell.source
        tags = []
        if settings.get("exec") in ("on", "1", "true"):
            if "figure_html(" in source:
                source, tags = figure_cell(source), ["figure"]
            else:
                tags = ["computed-text"]  # prints a sentence of the page
        new = nbformat.v4.new_code_cell(source)
        if tags:
            new.metadata["tags"] = tags
        cells.append(new)
    for number, cell in enumerate(cells):
        cell.id = f"cell-{number}"
    result = nbformat.v4.new_notebook(cells=cells)
    result.metadata = {
        "kernelspec": {
            "display_name": "Python 3",
            "language": "python",
            "name": "python3",
        },
        "language_info": {"name": "python"},
    }
    nbformat.validate(result)
    return nbformat.writes(result) + "\n"


def notebook_name(page) -> str | None:
    """The notebook file beside a chapter page, or None for other pages."""
    path = page.file.src_uri
    if not path.startswith("chapters/"):
        return None
    if path.endswith(".md") or path.endswith(".ipynb"):
        return Path(path).stem + ".ipynb"
    return None


def on_page_markdown(markdown: str, page, config, **kwargs) -> str:
    path = page.file.src_uri
    if path.startswith("chapters/") and path.endswith(".md"):
        title = page.title or Path(path).stem
        notebook = chapter_notebook(markdown, path, title, config["site_url"])
        _notebooks[page.url] = notebook
    return markdown


def on_page_content(html: str, page, **kwargs) -> str:
    name = notebook_name(page)
    if name is None:
        return html
    if page.file.src_uri.endswith(".ipynb"):  # mkdocs-jupyter copies the source there
        return BUTTON.format(name=name, what="this page") + html
    button = BUTTON.format(name=name, what="this chapter")
    head, found, rest = html.partition("</h1>")
    return head + found + button + rest if found else button + html


def on_post_build(config, **kwargs) -> None:
    for url, notebook in _notebooks.items():
        name = Path(url.rstrip("/")).name + ".ipynb"
        target = Path(config["site_dir"]) / url / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(notebook, encoding="utf-8")
