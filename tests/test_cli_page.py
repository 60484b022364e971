"""The "Command line" page: its transcripts are made by running the commands while
the site is built, never typed, and they show what the command prints today."""

from __future__ import annotations

import html
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "cli.md"
PRE = re.compile(r"<pre[^>]*>(.*?)</pre>", re.S)


def transcripts(built_site: Path) -> dict[str, str]:
    """Each ``$ nn-tutorial ...`` block of the built page: command -> output."""
    text = (built_site / "cli" / "index.html").read_text(encoding="utf-8")
    found = {}
    for block in PRE.findall(text):
        lines = html.unescape(re.sub(r"<[^>]+>", "", block)).rstrip().splitlines()
        if lines and lines[0].startswith("$ nn-tutorial"):
            found[lines[0][2:]] = "\n".join(lines[1:])
    return found


def test_no_transcript_is_typed_by_hand():
    source = PAGE.read_text(encoding="utf-8")
    assert not re.search(r"^```+\s*(console|shell|bash|text)", source, re.M)
    assert "$ nn-tutorial" not in source


def test_every_command_has_a_transcript(built_site: Path):
    commands = [shlex.split(command)[1] for command in transcripts(built_site)]
    assert {"--help", "download", "train", "evaluate", "predict"} <= set(commands)


def test_the_transcripts_show_what_the_command_prints_now(built_site: Path, tmp_path):
    """Run again here, the commands that need no files give the page's output."""
    shown = transcripts(built_site)
    program = Path(sys.executable).parent / "nn-tutorial"
    env = {**os.environ, "COLUMNS": "80"}
    for command in [
        "nn-tutorial --help",
        "nn-tutorial evaluate",
        "nn-tutorial predict pretrained no-such-picture.png",
    ]:
        result = subprocess.run(
            [str(program), *shlex.split(command)[1:]],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert shown[command] == result.stdout.rstrip(), command
