"""Issue 13: every command the README, the Contributing page and the scaffold's output give works as written.

Each command is found in the text (code blocks, and `inline code` that starts with a command), then
run from the root of a copy of the repository as a fresh clone has it, with this checkout's `.venv/`
linked in (`make` would create it). Quick commands run for real; a long one (the test suite, a
build, the lock) only has to exist (`make -n`, `--help`, `--collect-only`); `make serve` has to
start serving. A command that only works with the virtual environment activated (`python -m …`,
`mkdocs …`) fails here: write it with `make` or `.venv/bin/`.

What a run costs is paid once: each command runs once per test run whichever document gives it, and so does
each probe (`benchmarks/lighthouse.py --help` stands for the six lighthouse commands: the same program with the
same argument in the same files). A command that only has to exist writes nothing that another reads, so those
share one fresh copy; a command that runs for real (`make validate`, `make new-meeting`, `make schema`, `make
serve`) gets a fresh copy of its own. `make serve` serves the real data; `make serve SERVE_TMPDIR=`, which changes
only where MkDocs keeps the served files, serves the fixture data (ON_FIXTURE_DATA says why that is the same test).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from cajd.dataset import load_dataset
from cajd.render import render_site

from conftest import FIXTURE_DATA, ROOT, made_once

# The first word of a command; anything else in backticks is a name, a path or a value.
BARE = {"python", "python3", "mkdocs", "pytest", "pip", "pip-compile", "uv"}  # need an activated venv
COMMAND = re.compile(r"^(make|bash|\.ci/run|apt-get|\.venv/bin/\S+|" + "|".join(map(re.escape, BARE)) + r")(\s|$)")
RUN_FOR_REAL = {None, "validate", "new-meeting", "schema"}  # `make` targets that take seconds
WRITES = RUN_FOR_REAL | {"serve"}  # `make` targets that write in the copy (new-meeting, schema; serve's .cache/)
NEW_MEETING = "make new-meeting DATE=2026-05-20 CITY=Astana COUNTRY=kz"
# Documented commands run in a copy whose data/ is the fixture data (tests/fixtures/data, with its translations).
# `make serve` serves the real data (every page of it built by MkDocs' serve, as an editor gets it). SERVE_TMPDIR=
# changes only the TMPDIR that make gives MkDocs (the folder it serves from), which no page depends on: on the real data
# it would build the same site a second time (about 5 s of CPU) to test the same code. `make serve LANG=ja` stays on
# the real data: it is the only test that serves the Japanese site, and the real translations under serve (no record
# cache, each page's reads noted for the next rebuild) are tested nowhere else.
ON_FIXTURE_DATA = {"make serve SERVE_TMPDIR="}


# ----------------------------------------------------------------------------
# Finding the commands
# ----------------------------------------------------------------------------


def commands_in(markdown: str) -> list[str]:
    """Commands in fenced or indented code blocks, and in inline code outside them."""
    found, fenced, previous = [], False, ""
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif fenced or (line.startswith("    ") and (not previous.strip() or previous.startswith("    "))):
            found.append(line.strip())
        else:
            found.extend(re.findall(r"`([^`\n]+)`", line))
        previous = line if line.strip() or not previous.startswith("    ") else previous
    return [shlex.join(shlex.split(text, comments=True)) for text in found if COMMAND.match(text.strip())]


def readme_commands() -> list[str]:
    return commands_in((ROOT / "README.md").read_text(encoding="utf-8"))


@functools.cache  # the fixture data rendered once per process: for the parameters, then for the test of the documents
def contributing_commands() -> list[str]:
    pages = {page.src_uri: page.markdown for page in render_site(load_dataset(FIXTURE_DATA))}
    return commands_in(pages["about/contributing.md"])


# ----------------------------------------------------------------------------
# Running them in a fresh copy
# ----------------------------------------------------------------------------


def fresh_clone(dest: Path, data: Path | None = None) -> Path:
    """The files git would check out (and new ones not yet committed), with .venv linked in; with `data`, that
    folder as data/ instead of the repository's."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file() and not (data and name.startswith("data/")):
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    if data:
        shutil.copytree(data, dest / "data")  # links followed: the fixture's base map is the repository's
    (dest / ".venv").symlink_to(ROOT / ".venv")
    return dest


def run(words: list[str], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    if words[0] == "make":  # never reinstall .venv from a copy: it would point the install at the copy
        words = ["make", "-o", ".venv/.installed", *words[1:]]
    return subprocess.run(words, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def check_serve_starts(words: list[str], cwd: Path) -> None:
    """`make serve` serves the site on 127.0.0.1 within two minutes (on a free port)."""
    port = free_port()
    server = subprocess.Popen(["make", "-o", ".venv/.installed", *words[1:], f"SERVE_ADDR=127.0.0.1:{port}"], cwd=cwd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/cajd-site/", timeout=5) as response:
                    assert response.status == 200
                    return
            except OSError:
                time.sleep(0.5)
        raise AssertionError(f"`{shlex.join(words)}` did not serve the site:\n{server.stderr.read() if server.poll() is not None else ''}")
    finally:  # as Ctrl-C does: MkDocs then removes its temporary site folder (in memory, /dev/shm, under make serve)
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


def make_target(words: list[str]) -> str | None:
    return next((w for w in words[1:] if "=" not in w and not w.startswith("-")), None)


def probe_of(words: list[str]) -> list[str]:
    """What runs for a program of .venv/bin/ given with arguments that would take long: its script's --help, or
    collecting the tests."""
    if words[1:3] == ["-m", "pytest"]:
        return [*words, "--collect-only", "-q", "-p", "no:xdist"]
    if len(words) > 1 and words[1].endswith(".py"):
        return [*words[:2], "--help"]
    return [*words[:2], "--help"] if len(words) > 1 and not words[1].startswith("-") else [words[0], "--help"]


def what_runs(command: str) -> str:
    """What check(command) runs, as one string: two commands that run the same have one outcome."""
    words = shlex.split(command)
    return shlex.join(probe_of(words)) if words[0].startswith(".venv/bin/") else command


def check(command: str, cwd: Path) -> subprocess.CompletedProcess[str] | None:
    """Run a documented command as far as it can be run here; fail if it cannot work as written."""
    words = shlex.split(command)
    head = words[0]
    assert head not in BARE, f"`{command}` works only inside an activated virtual environment: use make or .venv/bin/"
    if head == "make":
        dry = run(["make", "-n", *words[1:]], cwd)
        assert dry.returncode == 0, f"`{command}`: {dry.stderr}"
        target = make_target(words)
        if target == "serve":
            check_serve_starts(words, cwd)
        elif target in RUN_FOR_REAL:
            done = run(words, cwd)
            assert done.returncode == 0, f"`{command}` failed:\n{done.stdout}{done.stderr}"
            return done
        return None
    if head in ("bash", ".ci/run"):
        script = cwd / (words[1] if head == "bash" else head)
        assert script.is_file(), f"`{command}`: no {script.name}"
        return None
    if head == "apt-get":  # a system package; .ci/run installs every one the tests need
        assert words[1] == "install" and all(pkg in (cwd / ".ci/run").read_text() for pkg in words[2:]), command
        return None
    assert (cwd / head).exists(), f"`{command}`: {head} does not exist"
    probe = probe_of(words)
    done = run(probe, cwd)
    assert done.returncode == 0, f"`{command}` ({shlex.join(probe)}): {done.stdout}{done.stderr}"
    return None


# ----------------------------------------------------------------------------
# Tests
# ----------------------------------------------------------------------------


def test_the_documents_give_commands_and_only_runnable_ones():
    readme, contributing = readme_commands(), contributing_commands()
    for must in ("make serve", "make test", "make validate", NEW_MEETING):
        assert must in readme, f"{must!r} is no longer in the README"
    assert NEW_MEETING in contributing and "make validate" in contributing, contributing
    assert ON_FIXTURE_DATA <= set(readme), ON_FIXTURE_DATA  # a variant renamed in the README: say again where it runs


# MkDocs loading a configuration as `mkdocs build -f ./FILE` does, in a process where nothing set
# NO_MKDOCS_2_WARNING before (not make, not the environment): Material checks the program's name and the variable
# when the theme is loaded, and prints its banner then.
LOAD_AS_MKDOCS = """
import os, sys
os.environ.pop("NO_MKDOCS_2_WARNING", None)
config_file, sys.argv = sys.argv[1], [sys.argv[2], "build", "--strict", "-f", sys.argv[1]]
from mkdocs.config import load_config
load_config(config_file=config_file)
"""


@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs.ja.yml", "mkdocs.ru.yml"])
def test_mkdocs_prints_no_end_of_life_banner_however_it_is_run(config: str):
    """Issue 13.7: no banner from `mkdocs build --strict -f ./mkdocs.ja.yml` in any environment (make, .venv/bin/mkdocs,
    an activated environment, or MkDocs installed some other way). mkdocs.yml sets Material's switch as MkDocs reads
    it, before the theme is loaded; mkdocs.ja.yml and mkdocs.ru.yml inherit it."""
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    done = subprocess.run([sys.executable, "-c", LOAD_AS_MKDOCS, f"./{config}", mkdocs], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "end of life" not in done.stderr + done.stdout, f"Material's banner is back:\n{done.stderr}"
    assert "NO_MKDOCS_2_WARNING" not in done.stderr + done.stdout, done.stderr


def writes(command: str) -> bool:
    words = shlex.split(command)
    return words[0] == "make" and make_target(words) in WRITES


def checked(command: str, factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str] | None]:
    """check(command) in a fresh clone, once per test run: the README, the Contributing page and the scaffold's output
    give some of the same commands (make serve, make validate, make new-meeting), and the same command in a fresh clone
    does the same whichever test asks; so do two commands whose probe is the same (what_runs). A command that writes
    in the clone gets one of its own; the others share one (they read it, and leave at most Python's and pytest's
    caches in it). Returns the clone and what the command printed (None if it was not run)."""

    def run(folder: Path) -> None:
        if writes(command):
            clone = fresh_clone(folder / "clone", FIXTURE_DATA if command in ON_FIXTURE_DATA else None)
        else:
            clone = made_once(factory, "commands-clone", lambda shared: fresh_clone(shared / "clone")) / "clone"
        done = check(command, clone)
        (folder / "clone.txt").write_text(str(clone))
        (folder / "done.json").write_text(json.dumps(done and [done.args, done.returncode, done.stdout, done.stderr]))

    folder = made_once(factory, "command-" + hashlib.sha1(what_runs(command).encode()).hexdigest()[:12], run)
    done = json.loads((folder / "done.json").read_text())
    return Path((folder / "clone.txt").read_text()), done and subprocess.CompletedProcess(*done)


@pytest.mark.parametrize("command", sorted(set(readme_commands())), ids=str)
def test_readme_command_works_as_written(command: str, tmp_path_factory: pytest.TempPathFactory):
    checked(command, tmp_path_factory)


@pytest.mark.parametrize("command", sorted(set(contributing_commands())), ids=str)
def test_contributing_page_command_works_as_written(command: str, tmp_path_factory: pytest.TempPathFactory):
    checked(command, tmp_path_factory)


def test_commands_the_scaffold_prints_and_writes_work_as_written(tmp_path_factory: pytest.TempPathFactory):
    """`make new-meeting` says what to run next, in its output and in the file it writes."""
    clone, done = checked(NEW_MEETING, tmp_path_factory)
    assert done is not None
    written = Path(clone / re.search(r"wrote (data/meetings/\S+\.yml)", done.stdout)[1])
    said = re.findall(r"`([^`\n]+)`", done.stdout + written.read_text(encoding="utf-8"))
    commands = sorted({c for c in said if COMMAND.match(c)})
    assert "make validate" in commands and "make serve" in commands, done.stdout
    for command in commands:
        checked(command, tmp_path_factory)
