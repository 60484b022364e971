"""The API reference shows parameter tables: the Google-style Args/Returns/Raises
sections of the docstrings, rendered by mkdocstrings into the built site."""

from __future__ import annotations

import html
import re
from pathlib import Path


def section_of(page: str, identifier: str) -> str:
    """The HTML of the documented object ``identifier``, up to the next object."""
    start = page.index(f'id="{identifier}"')
    end = page.find('class="doc doc-object ', start)
    return page[start : end if end != -1 else len(page)]


def table_rows(section: str, title: str) -> list[list[str]]:
    """The cells of the table under the heading ``title`` ("Parameters:"), as text."""
    start = section.index(f'<span class="doc-section-title">{title}</span>')
    table = section[start : section.index("</table>", start)]
    return [
        [
            " ".join(html.unescape(re.sub(r"<[^>]+>", "", cell)).split())
            for cell in re.findall(r"<td>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r'<tr class="doc-section-item">(.*?)</tr>', table, re.S)
    ]


def test_train_has_a_parameter_table(built_site: Path):
    page = (built_site / "reference" / "index.html").read_text(encoding="utf-8")
    train = section_of(page, "nn_tutorial.training.train")
    rows = {row[0]: row for row in table_rows(train, "Parameters:")}
    assert list(rows)[:4] == ["network", "images", "labels", "epochs"]
    assert rows["batch_size"][1:3] == [
        "int",
        "How many images each step of gradient descent averages over.",
    ]
    assert rows["test_data"][1] == "tuple[ArrayLike, ArrayLike] | None"
    assert table_rows(train, "Returns:")[0][0] == "History"
    raised = [row[0] for row in table_rows(train, "Raises:")]
    assert raised == ["TypeError", "ValueError", "FloatingPointError"]


def test_every_core_function_has_a_parameter_table(built_site: Path):
    page = (built_site / "reference" / "index.html").read_text(encoding="utf-8")
    for identifier in [
        "nn_tutorial.network.Network.backprop",
        "nn_tutorial.network.Network.evaluate",
        "nn_tutorial.network.Network.feedforward",
        "nn_tutorial.costs.get_cost",
        "nn_tutorial.activations.sigmoid",
        "nn_tutorial.recipes.Recipe.train",
        "nn_tutorial.loops.layer_with_loops",
    ]:
        assert table_rows(section_of(page, identifier), "Parameters:"), identifier
