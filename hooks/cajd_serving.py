"""What `mkdocs serve` needs from the hooks beyond a build: fresh code, quick rebuilds.

MkDocs loads hooks/main.py once per process (its hook loader is cached), so an
edit to the `cajd` package would not show until a restart unless the hooks
import it afresh. `fresh()` does that, but only when a file of the package
changed: importing it again costs ~100 ms (pydantic builds every validator).

Nothing here holds data. The cache of the package holds code and checks it
before use, by the size and mtime of each of its files.

This module is not reloaded itself; an edit to it or to hooks/main.py needs a
restart of `mkdocs serve`, and `fresh()` says so.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from pathlib import Path

import watchdog.observers.polling

POLL_SECONDS = 0.1  # MkDocs polls every 0.5 s; a stat of every watched file is cheap
BUILD_DELAY_SECONDS = 0.05  # MkDocs waits 0.1 s for more changes; one poll's events come together


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
        print("hooks/main.py or hooks/cajd_serving.py changed: restart `mkdocs serve` to use the new version.",
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


def faster_polling(server):
    """Have the live-reload server poll its watched paths every POLL_SECONDS.

    MkDocs has already watched docs/ and mkdocs.yml when on_serve runs; they move to the
    new observer with everything watched later (`watch:` in mkdocs.yml). The observer
    only starts in server.serve(), after this hook.
    """
    watched = getattr(server, "_watched_paths", None)
    if not isinstance(watched, dict) or not hasattr(server, "observer") or server.observer.is_alive():
        return server  # another MkDocs version: leave its polling alone
    watched = dict(watched)
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = watchdog.observers.polling.PollingObserver(timeout=POLL_SECONDS)
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)
    server.build_delay = BUILD_DELAY_SECONDS
    return server
