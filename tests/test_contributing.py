"""The contributor path: following CONTRIBUTING.md literally gives a chapter that
builds and is tested, and the site's checks catch the usual mistakes.

Each case builds a small site with this project's real mkdocs.yml (theme, plugins,
hooks, validation), with only the nav and the pages changed, so it runs in seconds.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import build_site

ROOT = Path(__file__).resolve().parent.parent
NAV_LINE = re.compile(r"^ {4}```yaml\n(?P<line>.*?)\n {4}```", re.M | re.S)
COPY_COMMAND = re.compile(r"^ {4}cp (?P<source>\S+) (?P<target>\S+)$", re.M)


def make_project(tmp_path: Path, pages: dict[str, str], nav: list) -> Path:
    """A copy of this project's site config with the given pages and nav."""
    project = tmp_path / "project"
    docs = project / "docs"
    for folder in ("javascripts", "stylesheets", "_templates"):
        shutil.copytree(ROOT / "docs" / folder, docs / folder)
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text)
    config = (ROOT / "mkdocs.yml").read_text()
    config = re.sub(r"(?ms)^nav:\n.*?(?=^\S)", "nav: []\n\n", config)
    config = config.replace("  - docs/_hooks/", f"  - {ROOT}/docs/_hooks/")
    config = config.replace("nav: []", yaml.safe_dump({"nav": nav}).strip())
    (project / "mkdocs.yml").write_text(config)
    return project


def build(project: Path) -> subprocess.CompletedProcess:
    """The small project's site, built with --strict into its own site/ folder."""
    return build_site(project / "site", project)


def run_doc_tests(project: Path, chapter: str) -> subprocess.CompletedProcess:
    """tests/test_docs.py on the project's docs folder, only the tests of `chapter`."""
    test_docs = str(ROOT / "tests" / "test_docs.py")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test_docs]
        + ["-k", chapter],
        cwd=ROOT,
        env={**os.environ, "NN_TUTORIAL_DOCS": str(project / "docs")},
        capture_output=True,
        text=True,
    )


@pytest.mark.mnist  # the project's build hooks read MNIST
def test_a_correct_small_site_builds(tmp_path):
    """The baseline: the checks below fail for their mistake, not for the setup."""
    pages = {"index.md": "# Home\n\nSee [B](b.md#part).\n", "b.md": "# B\n\n## Part\n"}
    result = build(make_project(tmp_path, pages, [{"Home": "index.md"}, "b.md"]))
    assert result.returncode == 0, result.stderr


@pytest.mark.mnist  # the project's build hooks read MNIST
def test_a_page_missing_from_the_nav_fails_the_build(tmp_path):
    pages = {"index.md": "# Home\n", "orphan.md": "# Nobody links here\n"}
    result = build(make_project(tmp_path, pages, [{"Home": "index.md"}]))
    assert result.returncode != 0
    assert 'not included in the "nav"' in result.stderr
    assert "- orphan.md" in result.stderr


@pytest.mark.mnist  # the project's build hooks read MNIST
def test_a_broken_link_fails_the_build(tmp_path):
    pages = {"index.md": "# Home\n\nSee [the next chapter](chapters/99-nothing.md).\n"}
    result = build(make_project(tmp_path, pages, [{"Home": "index.md"}]))
    assert result.returncode != 0
    assert "99-nothing.md" in result.stderr


@pytest.mark.mnist  # the project's build hooks read MNIST
def test_a_broken_anchor_fails_the_build(tmp_path):
    pages = {"index.md": "# Home\n\nSee [B](b.md#no-such-part).\n", "b.md": "# B\n"}
    result = build(make_project(tmp_path, pages, [{"Home": "index.md"}, "b.md"]))
    assert result.returncode != 0
    assert "no-such-part" in result.stderr


@pytest.mark.mnist  # the project's build hooks read MNIST
def test_following_the_guide_literally_adds_a_tested_chapter(tmp_path):
    guide = (ROOT / "CONTRIBUTING.md").read_text()
    # Step 1: the copy command, exactly as written in the guide.
    copy = COPY_COMMAND.search(guide)
    assert copy, "CONTRIBUTING.md lost its `cp` step"
    project = make_project(tmp_path, {"index.md": "# Home\n"}, [{"Home": "index.md"}])
    template = project / copy["source"]
    chapter = project / copy["target"]
    chapter.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, chapter)
    # Step 2: the nav line, exactly as written in the guide, under "The lesson".
    line = NAV_LINE.search(guide)["line"].strip()
    title, path = (part.strip() for part in line.lstrip("- ").split(":", 1))
    config = (project / "mkdocs.yml").read_text()
    lesson = yaml.safe_dump(
        {"nav": [{"Home": "index.md"}, {"The lesson": [{title: path}]}]}
    )
    config = re.sub(r"(?ms)^nav:\n.*?(?=^\S)", lesson + "\n", config)
    (project / "mkdocs.yml").write_text(config)
    # The chapter builds with --strict ...
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / path.replace(".md", "") / "index.html").is_file()
    # ... and the snippet tests find and run its snippets without being told.
    result = run_doc_tests(project, chapter="09-your-topic")
    assert result.returncode == 0, result.stdout[-3000:]
    # Its two snippets, the chapter's snippet-and-figure check, the fence count.
    assert re.search(r"^4 passed", result.stdout, re.M), result.stdout[-3000:]


def test_a_wrong_output_in_a_new_chapter_fails_the_tests(tmp_path):
    project = make_project(tmp_path, {"index.md": "# Home\n"}, [{"Home": "index.md"}])
    chapter = project / "docs" / "chapters" / "09-your-topic.md"
    chapter.parent.mkdir(parents=True)
    template = (ROOT / "docs" / "_templates" / "chapter.md").read_text()
    wrong = template.replace("#> 13,002 weights and biases", "#> 13,003 weights")
    chapter.write_text(wrong)
    result = run_doc_tests(project, chapter="09-your-topic")
    assert result.returncode != 0
    assert "1 failed" in result.stdout


RAISING_PAGE = """# A page whose first snippet raises

```python
numbers = [1, 2, 3]
print(numbers[0])
#> 1
raise ValueError("this snippet raises on purpose")
```

```python
print("the next snippet still runs")
#> the next snippet still runs
```
"""


def test_a_raising_snippet_is_reported_and_the_suite_goes_on(tmp_path):
    """A snippet that raises is that snippet's failure, with the page's line: not an
    INTERNALERROR that stops the run (pytest-examples on Python 3.11)."""
    project = make_project(tmp_path, {"raises_on_purpose.md": RAISING_PAGE}, [])
    result = run_doc_tests(project, chapter="raises_on_purpose")
    output = result.stdout + result.stderr
    assert "INTERNALERROR" not in output, output[-3000:]
    assert result.returncode == 1, output[-3000:]  # tests failed (not 3: internal)
    # The raising snippet fails; the next snippet and the fence count pass.
    assert re.search(r"^1 failed, 2 passed", result.stdout, re.M), output[-3000:]
    where = "raises_on_purpose.md:3-8 raised ValueError: this snippet raises on purpose"
    assert where in output
    line = 'raises_on_purpose.md:7: raise ValueError("this snippet raises on purpose")'
    assert line in output
