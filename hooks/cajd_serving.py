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
from dataclasses import dataclass
from pathlib import Path

import jinja2

import cajd_internals as internals

OVERLAY_SCRIPT = "assets/cajd-serve/overlay.js"
PROBLEMS_FILE = "assets/cajd-serve/problems.json"  # read by the script: beside it


def _stamp(folder: Path, pattern: str) -> tuple:
    """Path, mtime and size of each file that matches (templates need none: every build reads them afresh)."""
    found = []
    for path in folder.glob(pattern):
        info = path.stat()
        found.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(sorted(found))


def fresh(module: str, package_dir: Path, state) -> types.ModuleType:
    """`module`, with its package imported afresh if a file of the package changed since the last import.
    `state` (what the hooks hold) keeps the stamps of the code between calls: `package_stamp`, `hooks_stamp` (None
    at first)."""
    package = module.partition(".")[0]
    stamp = _stamp(package_dir, "**/*.py")
    loaded = sys.modules.get(package)
    if state.package_stamp != stamp or loaded is None or not _is_from(loaded, package_dir):
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]
        _import_from(package, package_dir)
        state.package_stamp = stamp
    hooks_stamp = _stamp(Path(__file__).parent, "*.py")
    if state.hooks_stamp not in (None, hooks_stamp):
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


def overlay_files(problems: list[str], *, last_good: bool = True) -> dict[str, str]:
    """The script that shows the problems of the last edit over every page, and what it shows: the problems, and
    whether the pages are the last good build's (else the server started on broken data and built none from it)."""
    script = (Path(__file__).parent / "serve-overlay.js").read_text(encoding="utf-8")
    shown = {"problems": problems, "last_good": last_good}
    return {OVERLAY_SCRIPT: script, PROBLEMS_FILE: json.dumps(shown, ensure_ascii=False)}


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
    # Resolved, as _inside compares them: `mkdocs build -f ./mkdocs.yml` gives the project as '.', the code absolute.
    shown = path.resolve().relative_to(project.resolve()) if _inside(str(path), project) else path
    return f"{shown.as_posix()}:{where[1] or 1}: {message}"


def _inside(filename: str, folder: Path) -> bool:
    try:
        Path(filename).resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


# ----------------------------------------------------------------------------
# Rebuild only what changed
# ----------------------------------------------------------------------------

REPLAY_TEMPLATE = "cajd-replay.html"  # in overrides/: writes the page's last output as it is
SEARCH_INDEX = "search/search_index.json"  # written by Material's search plugin: {"config": …, "docs": [entries]}


@dataclass(frozen=True)
class _Done:
    key: tuple  # the page's Markdown and metadata
    output: str  # its HTML file
    anchor_ids: frozenset[str]  # for MkDocs' anchor checks of links from other pages
    title: str  # as the navigation and other pages show it


class Replay:
    """Under `mkdocs serve`, a rebuild converts, indexes and renders only the generated pages that changed.

    A generated page whose Markdown and metadata (description, edit link, dates, citation) are those of the last rebuild,
    in a site whose mkdocs.yml, overrides/, docs/ and hooks/cajd are unchanged (`world`), gets
    everything from the last rebuild through MkDocs' events: nothing to convert (its title and
    empty HTML, cajd_internals.render_as; on another MkDocs version, a stand-in of one line, its
    title); its anchor ids (page.present_anchor_ids); the page template REPLAY_TEMPLATE, which writes its last HTML (`template` in page.meta, the context from
    on_page_context); and no new search entries (`search: exclude` in page.meta): `finish()`
    puts its last ones back, in order, into Material's search index. Each page is still in the
    site, the navigation and the sitemap, and the files written are those of a full build (the
    test suite compares them). Hand-written pages are always built in full.
    """

    def __init__(self) -> None:
        self.world: object = None
        self.done: dict[str, _Done] = {}  # src_uri -> the page as last built in full
        self.entries: dict[str, list] = {}  # page URL -> its search entries, as last built in full
        self._reset()

    def _reset(self) -> None:
        self.replaying: dict[str, _Done] = {}
        self.keys: dict[str, tuple] = {}  # src_uri -> key, for the generated pages built in full now
        self.built: dict[str, _Done] = {}  # what they became; kept by finish(), once the build got that far
        self.order: list[tuple[str, bool]] = []  # (URL, replayed) of every page, in the order built

    def start(self, world: object) -> None:
        """A new build; what was kept is dropped when anything but the generated pages changed."""
        if world != self.world:
            self.world, self.done, self.entries = world, {}, {}
        self._reset()

    def markdown(self, page, markdown: str, key: tuple) -> str:
        """The Markdown MkDocs converts: the page's, or a stand-in when the page is unchanged."""
        src = page.file.src_uri
        done = self.done.get(src)
        title, _, _ = markdown.partition("\n")
        if done is None or done.key != key or not title.startswith("# "):
            self.keys[src] = key
            return markdown
        self.replaying[src] = done
        page.meta["template"] = REPLAY_TEMPLATE
        page.meta["search"] = {"exclude": True}
        internals.render_as(page, "", done.title)  # MkDocs converts no Markdown: the page's HTML is done.output
        return title + "\n"  # else MkDocs takes the page's title from it

    def content(self, page) -> None:
        done = self.replaying.get(page.file.src_uri)
        if done is not None:
            page.present_anchor_ids = set(done.anchor_ids)

    def context(self, context: dict, page) -> dict:
        done = self.replaying.get(page.file.src_uri)
        self.order.append((page.url, done is not None))
        if done is not None:
            context["cajd_replay"] = done.output
        return context

    def output(self, page, output: str) -> None:
        key = self.keys.get(page.file.src_uri)
        if key is not None:
            self.built[page.file.src_uri] = _Done(key, output, frozenset(page.present_anchor_ids or ()), page.title)

    def finish(self, site_dir: Path) -> None:
        """Once every page is written: put the replayed pages' entries back into Material's search index, where a
        full build has them, and keep this build's pages for the next (not before: a failed build keeps none)."""
        self.done.update(self.built)
        path = site_dir / SEARCH_INDEX
        if not path.is_file():
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        by_page: dict[str, list] = {}
        for entry in index["docs"]:
            by_page.setdefault(entry["location"].partition("#")[0], []).append(entry)
        docs = []
        for url, replayed in self.order:
            if replayed:
                docs.extend(self.entries.get(url, []))
            else:
                self.entries[url] = by_page.get(url, [])
                docs.extend(self.entries[url])
        if any(replayed for _, replayed in self.order):
            index["docs"] = docs
            path.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")


def world_stamp(project: Path, state, page_uris: list[str]) -> tuple:
    """What every page's HTML depends on besides its own Markdown: a change to any of it rebuilds every page."""
    return (_stamp(project, "mkdocs.yml"), _stamp(project / "overrides", "**/*"), _stamp(project / "docs", "**/*"),
            state.package_stamp, tuple(page_uris))
