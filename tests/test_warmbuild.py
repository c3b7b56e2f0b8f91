"""The warm builder (tests/warmbuild.py): a build forked from the helper is the build a new process runs.

The same command, in the same folder with the same environment, through a plain subprocess and through the helper:
the same exit code and the same output, but for MkDocs' "Documentation built in X seconds"; what a process sees when
it starts (its folder, arguments, environment, temporary folder, bytecode setting, open files) is the same; and the
helper has imported every library module a build imports, but for the project's own code.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

import warmbuild
from conftest import FIXTURE_DATA, MKDOCS, make_project

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the warm builder needs os.fork")

BUILT_IN = re.compile(r"Documentation built in \d+\.\d+ seconds")

# A MkDocs project whose hook prints, as JSON, what the build's process sees when MkDocs loads its configuration.
PROBE = '''
import json, os, signal, sys, tempfile, threading

def on_config(config):
    fds = "/proc/self/fd"
    print(json.dumps({
        "cwd": os.getcwd(), "argv": sys.argv, "path0": sys.path[0], "environ": dict(os.environ),
        "tempdir": tempfile.gettempdir(), "dont_write_bytecode": sys.dont_write_bytecode,
        "open_files": sorted(os.listdir(fds)) if os.path.isdir(fds) else None,
        "stdin": os.readlink(fds + "/0") if os.path.isdir(fds) else None,
        "threads": threading.active_count(),
        "signals": [str(signal.getsignal(signal.SIGINT)), str(signal.getsignal(signal.SIGPIPE))],
        "main": [sys.modules["__main__"].__spec__.name, sys.modules["__main__"].__file__],
        "stdout": [sys.stdout.encoding, sys.stdout.line_buffering, sys.stdout.isatty()],
        "stderr": [sys.stderr.encoding, sys.stderr.errors, sys.stderr.line_buffering],
        "executable": sys.executable,
        # sys.flags records how Python was started: a child keeps the helper's dont_write_bytecode (importlib reads
        # sys.dont_write_bytecode, which the child sets)
        "flags": {name: getattr(sys.flags, name) for name in dir(sys.flags)
                  if not name.startswith(("_", "n_")) and name not in ("count", "index", "dont_write_bytecode")},
    }), flush=True)
'''


def build_env(tmpdir: Path | None, bytecode: bool) -> dict[str, str]:
    """run_build's environment, with this TMPDIR and with or without PYTHONDONTWRITEBYTECODE."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    return env


def both(project: Path, env: dict[str, str], *args: str, clean=("site",)):
    """(plain, warm): the build through a plain subprocess, then through the helper, each from a clean project."""
    results = []
    for run in (warmbuild.plain, warmbuild.warm):
        for name in clean:
            shutil.rmtree(project / name, ignore_errors=True)
        results.append(run([*MKDOCS, "build", "--strict", *args], cwd=project, env=env, timeout=300))
    return results


def test_a_bad_case_gives_the_same_exit_code_and_output(tmp_path: Path):
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    meeting = project / "data/meetings/07-dushanbe-2019.yml"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("summary:", "sumary:", 1), encoding="utf-8")
    (tmp_path / "tmp").mkdir()
    compiled = sorted(project.rglob("__pycache__/*"))  # the checkout's, copied by make_project
    plain, warm = both(project, build_env(tmp_path / "tmp", bytecode=False), "-d", str(project / "site"))
    assert "sumary: unknown field 'sumary', did you mean 'summary'?" in plain.stderr, plain.stderr
    assert (warm.returncode, warm.stdout, warm.stderr) == (plain.returncode, plain.stdout, plain.stderr)
    assert plain.returncode == 1
    assert list((tmp_path / "tmp").iterdir()) == [] and sorted(project.rglob("__pycache__/*")) == compiled


@pytest.mark.parametrize("bytecode", [False, True], ids=["no-bytecode", "bytecode"])
def test_the_folder_and_the_environment_reach_the_build(tmp_path: Path, bytecode: bool):
    project = tmp_path / "probe"
    (project / "docs").mkdir(parents=True)
    (project / "hooks").mkdir()
    (project / "mkdocs.yml").write_text("site_name: Probe\nhooks:\n  - hooks/probe.py\n", encoding="utf-8")
    (project / "docs/index.md").write_text("# Probe\n", encoding="utf-8")
    (project / "hooks/probe.py").write_text(PROBE, encoding="utf-8")
    tmpdir = tmp_path / f"tmp-{bytecode}"
    tmpdir.mkdir()
    seen = []
    for result in both(project, build_env(tmpdir, bytecode), clean=("site", "hooks/__pycache__")):
        assert result.returncode == 0, result.stderr
        assert len(BUILT_IN.findall(result.stderr)) == 1, result.stderr
        seen.append((result.stdout, BUILT_IN.sub("Documentation built in X seconds", result.stderr),
                     (project / "hooks/__pycache__").exists()))
    assert seen[1] == seen[0]
    probe = json.loads(seen[0][0])
    assert (probe["cwd"], probe["path0"], probe["tempdir"]) == (str(project), str(project), str(tmpdir))
    assert probe["dont_write_bytecode"] is (not bytecode) and seen[0][2] is bytecode  # hooks/probe.py's bytecode
    assert probe["argv"][1:] == ["build", "--strict"] and probe["main"][0] == "mkdocs.__main__"
    assert probe["environ"] == build_env(tmpdir, bytecode) and probe["threads"] == 1
    if probe["open_files"] is not None:
        assert len(probe["open_files"]) == 4, probe["open_files"]  # stdin, stdout, stderr and the listing itself


def test_the_helper_has_imported_every_library_module_a_build_imports(tmp_path: Path):
    """A failing build in a plain process lists the modules it has at its end: those not in the helper are the
    project's own code, the standard library's, and COLD."""
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    meeting = project / "data/meetings/07-dushanbe-2019.yml"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("summary:", "sumary:", 1), encoding="utf-8")
    listing = tmp_path / "modules.txt"
    at_exit = (f"import atexit, pathlib, runpy, sys; listing = pathlib.Path({str(listing)!r}); "
               "atexit.register(lambda: listing.write_text(' '.join(sys.modules))); sys.argv[1:1] = ['build', '--strict']; "
               "runpy.run_module('mkdocs', run_name='__main__', alter_sys=True)")
    env = build_env(None, bytecode=False)
    result = warmbuild.plain([sys.executable, "-c", at_exit, "-d", str(project / "site")], cwd=project, env=env,
                             timeout=300)
    assert result.returncode == 1 and "sumary" in result.stderr, result.stderr
    own = re.compile(r"^(cajd(\..+)?|cajd_internals|cajd_serving|hooks/main\.py|__main__)$")
    cold = set(listing.read_text(encoding="utf-8").split()) - warmbuild.imported(env)
    libraries = {name for name in cold if not own.match(name) and name.partition(".")[0] not in sys.stdlib_module_names}
    missing = sorted(libraries - set(warmbuild.COLD))
    assert libraries == set(warmbuild.COLD), f"add to WARM in tests/warmbuild.py: {missing}"
