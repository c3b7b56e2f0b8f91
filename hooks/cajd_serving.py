"""What `mkdocs serve` needs from the hooks beyond a build: fresh code, problems shown in the browser.

MkDocs loads hooks/main.py once per process (its hook loader is cached), so an
edit to the `cajd` package would not show until a restart unless the hooks
import it afresh. `fresh()` does that, but only when a file of the package
changed: importing it again costs ~100 ms (pydantic builds every validator).

Nothing here holds data. The cache of the package holds code and checks it
before use, by the size and mtime of each of its files.

A broken edit keeps the last good site (hooks/main.py); `overlay_files()` are
the two files that show its problems over every page: a script (the text of
serve-overlay.js beside this file) and the list of problems, empty after a good
build. `problem_line()` turns an error in the hooks' own code or templates into
one `file:line: message` line, like the data's problems.

This module is not reloaded itself; an edit to it or to hooks/main.py needs a
restart of `mkdocs serve`, and `fresh()` says so.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
import traceback
import types
from pathlib import Path

import jinja2

OVERLAY_SCRIPT = "assets/cajd-serve/overlay.js"
PROBLEMS_FILE = "assets/cajd-serve/problems.json"  # read by the script: beside it


def _stamp(folder: Path, pattern: str) -> tuple:
    """Path, mtime and size of each file that matches (templates need none: every build reads them afresh)."""
    found = []
    for path in folder.glob(pattern):
        info = path.stat()
        found.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(sorted(found))


def fresh(module: str, package_dir: Path, state: types.ModuleType) -> types.ModuleType:
    """`module`, with its package imported afresh if a file of the package changed since the last import."""
    package = module.partition(".")[0]
    stamp = _stamp(package_dir, "**/*.py")
    loaded = sys.modules.get(package)
    if getattr(state, "package_stamp", None) != stamp or loaded is None or not _is_from(loaded, package_dir):
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]
        _import_from(package, package_dir)
        state.package_stamp = stamp
    hooks_stamp = _stamp(Path(__file__).parent, "*.py")
    if getattr(state, "hooks_stamp", hooks_stamp) != hooks_stamp:
        # Not through MkDocs' logger: strict mode would turn a warning into a failed rebuild.
        print("hooks/main.py, hooks/cajd_serving.py or hooks/cajd_internals.py changed: restart `mkdocs serve` to use the new version.",
              file=sys.stderr, flush=True)
    state.hooks_stamp = hooks_stamp
    return importlib.import_module(module)


def _is_from(module: types.ModuleType, package_dir: Path) -> bool:
    return Path(getattr(module, "__file__", "") or "").parent == package_dir


def _import_from(package: str, package_dir: Path) -> None:
    """Import the package from this folder, whatever else sys.path or an editable install would find."""
    spec = importlib.util.spec_from_file_location(package, package_dir / "__init__.py",
                                                  submodule_search_locations=[str(package_dir)])
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {package} from {package_dir}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[package] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[package]
        raise


def overlay_files(problems: list[str]) -> dict[str, str]:
    """The script that shows the problems of the last edit over every page, and the list it shows."""
    script = (Path(__file__).parent / "serve-overlay.js").read_text(encoding="utf-8")
    return {OVERLAY_SCRIPT: script, PROBLEMS_FILE: json.dumps(problems, ensure_ascii=False)}


def problem_line(exc: BaseException, project: Path) -> str:
    """`file:line: Error: message` for an error in the hooks' code or templates, at the last place in the project."""
    where = None
    if isinstance(exc, (SyntaxError, jinja2.TemplateSyntaxError)) and exc.filename:
        where = (exc.filename, exc.lineno)
    else:
        for frame in traceback.extract_tb(exc.__traceback__):
            if _inside(frame.filename, project):
                where = (frame.filename, frame.lineno)
    message = f"{type(exc).__name__}: {exc}".replace("\n", " ")
    if where is None:
        return message
    path = Path(where[0])
    shown = path.relative_to(project) if _inside(str(path), project) else path
    return f"{shown.as_posix()}:{where[1] or 1}: {message}"


def _inside(filename: str, folder: Path) -> bool:
    try:
        Path(filename).resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
