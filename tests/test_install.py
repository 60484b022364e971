"""Every install command the site and the README show works the day the site deploys.

The built site is served on 127.0.0.1; each documented ``pip install`` command, its
URL pointed at that server, runs in a fresh virtual environment, and the package it
installs must run the README's snippet and ``nn-tutorial --help``.
"""

from __future__ import annotations

import html
import os
import re
import shlex
import subprocess
import sys
import venv
from pathlib import Path

import nn_tutorial

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = re.search(r"^site_url: *(\S+)$", (ROOT / "mkdocs.yml").read_text(), re.M)[1]
WHEEL = f"nn_tutorial-{nn_tutorial.__version__}-py3-none-any.whl"
SDIST = f"nn_tutorial-{nn_tutorial.__version__}.tar.gz"
PRE = re.compile(r"<pre[^>]*>(.*?)</pre>", re.S)
BASH_FENCE = re.compile(r"^```bash\n(.*?)^```", re.M | re.S)


def run(*command, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, **kwargs)


def pip_commands(lines: list[str]) -> list[str]:
    return [line.split("#")[0].strip() for line in lines if line.startswith("pip ")]


def page_commands(page: Path) -> list[str]:
    """The ``pip ...`` lines of a built page's code blocks, as a reader copies them."""
    blocks = PRE.findall(page.read_text(encoding="utf-8"))
    text = "\n".join(html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks)
    return pip_commands(text.splitlines())


def readme_commands() -> list[str]:
    fences = BASH_FENCE.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    return pip_commands("\n".join(fences).splitlines())


def readme_snippet() -> tuple[str, list[str]]:
    """The README's Python snippet and the output its ``#>`` lines promise."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = text.split("```python\n", 1)[1].split("```", 1)[0]
    expected = [line[3:] for line in snippet.splitlines() if line.startswith("#> ")]
    return snippet, expected


def local_index_options() -> list[str]:
    """pip options that keep the installs off the internet where pip is configured
    with local (file://) package indexes: only those serve the dependencies. Where
    none is configured (CI), pip's own configuration (PyPI) does."""
    config = run(sys.executable, "-m", "pip", "config", "list").stdout
    urls: list[str] = []
    for match in re.finditer(r"index-url='([^']*)'", config):
        for url in match[1].split():
            if url.startswith("file://") and url not in urls:
                urls.append(url)
    if not urls:
        return []
    return ["--index-url", urls[0]] + [f"--extra-index-url={url}" for url in urls[1:]]


def test_every_documented_command_installs_a_working_package(
    built_site: Path, site_url: str, tmp_path: Path
):
    pages = [built_site / "installation" / "index.html", built_site / "index.html"]
    documented = [command for page in pages for command in page_commands(page)]
    commands = [command for command in documented if " @ " in command]
    # The main instructions install this site's wheel, never an unpublished name.
    assert commands and len(commands) == len(documented), documented
    assert all(command.endswith(f'{SITE_URL}packages/{WHEEL}"') for command in commands)
    assert (built_site / "packages" / WHEEL).is_file()
    assert (built_site / "packages" / SDIST).is_file()
    # The README cannot be filled in at build time: it must show a command of the site.
    assert readme_commands() and set(readme_commands()) <= set(commands)

    snippet, expected = readme_snippet()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    for number, command in enumerate(dict.fromkeys(commands)):
        local = command.replace(SITE_URL, site_url)
        environment = tmp_path / f"venv{number}"
        venv.create(environment, with_pip=True)
        binaries = environment / "bin"
        program, *arguments = shlex.split(local)
        assert program == "pip"
        installed = run(
            str(binaries / "pip"), *arguments, *local_index_options(), env=env
        )
        assert installed.returncode == 0, f"{local}\n{installed.stderr[-3000:]}"

        python = str(binaries / "python")
        result = run(python, "-c", snippet, cwd=tmp_path, env=env)
        assert result.returncode == 0, f"{command}\n{result.stderr}"
        assert result.stdout.splitlines() == expected, command
        result = run(str(binaries / "nn-tutorial"), "--help", cwd=tmp_path, env=env)
        assert result.returncode == 0, f"{command}\n{result.stderr}"
        assert result.stdout.startswith("usage: nn-tutorial"), result.stdout

        # The package comes from the wheel, with the extras the command names.
        probe = (
            "import importlib.util as u, nn_tutorial as n;"
            "print(n.__version__, n.__file__);"
            "print(*(u.find_spec(m) is not None for m in ('matplotlib', 'PIL')))"
        )
        lines = run(python, "-c", probe, cwd=tmp_path, env=env).stdout.splitlines()
        version, location = lines[0].split()
        assert version == nn_tutorial.__version__
        assert location.startswith(str(environment))
        extras = command.split(" @ ")[0]
        wanted = "plot" in extras, "image" in extras
        assert lines[1] == f"{wanted[0]} {wanted[1]}", command
