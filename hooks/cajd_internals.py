"""What the hooks take from MkDocs' internals, where MkDocs has no public API: all of it is here.

Written for MkDocs 1.6 (WRITTEN_FOR). On another version nothing here touches
MkDocs: its live-reload server keeps its own polling and its messages stay as
they are. tests/test_internals.py fails as soon as MkDocs is not 1.6 or one of
these internals changes, so an upgrade shows at once what to look at:

- `LiveReloadServer._watched_paths` (path -> count), `.observer` (a watchdog
  observer, started in `serve()`), `.watch()`/`.unwatch()` and `.build_delay`:
  to poll for edits every 0.1 s instead of 0.5 s (MkDocs has no setting for it).
- Two messages MkDocs logs after a rebuild, "Documentation built in …" (logger
  `mkdocs.commands.build`) and "Reloading browsers" (logger `mkdocs.livereload`):
  hidden after a rebuild that kept the last good site because an edit was
  broken, so that nothing says the broken edit was built.
- `Files.add_files_from_theme`, the one caller of the theme environment's
  `list_templates`, keeps no path with a part that starts with a dot ('.*',
  '*/.*'): the theme's loader (from `Theme.get_env`) lists without walking
  those folders, so a build does not walk Material's 14,000 icons in
  templates/.icons (its templates still include them by name). The same
  wrapper of `Theme.get_env` gives every environment of the theme the hooks'
  cache of compiled templates, also those Material's search plugin makes.
- `Page.render(config, files)`, called by `_populate_page` right after the
  `page_markdown` event, converts the Markdown and sets `content`, `toc`, the
  title of the first heading, `present_anchor_ids` and `links_to_anchors`:
  `render_as()` gives a page whose HTML is known already (cajd_serving.Replay)
  a `render` of its own that sets them without converting anything.

One more, not used here but by hooks/main.py: MkDocs loads a hooks file once
per process (`Hooks._load_hook` is cached), although `mkdocs serve` loads the
configuration again for every rebuild; the hooks' one holder of what serve
keeps between rebuilds (`_hooks`) lives as long as that module.

Like cajd_serving.py, this module is loaded once per process.
"""

from __future__ import annotations

import logging
import os
from typing import Callable

import mkdocs
from mkdocs.structure.toc import get_toc

WRITTEN_FOR = "1.6."  # the MkDocs versions whose internals this module knows

POLL_SECONDS = 0.1  # MkDocs polls every 0.5 s; a stat of every watched file is cheap
BUILD_DELAY_SECONDS = 0.02  # MkDocs waits 0.1 s for more changes; one poll's events come together, within 1 ms

# (logger, part of the message) of what MkDocs says once a rebuild is done
BUILT_MESSAGES = (
    ("mkdocs.commands.build", "Documentation built in "),
    ("mkdocs.livereload", "Reloading browsers"),
)


def known_mkdocs() -> bool:
    """True when the installed MkDocs is the version this module was written for."""
    return mkdocs.__version__.startswith(WRITTEN_FOR)


def faster_polling(server):
    """Have the live-reload server poll its watched paths every POLL_SECONDS.

    MkDocs has already watched docs/ and mkdocs.yml when on_serve runs; they move to the
    new observer with everything watched later (`watch:` in mkdocs.yml). The observer
    only starts in server.serve(), after this hook.
    """
    watched = getattr(server, "_watched_paths", None)
    if not known_mkdocs() or not isinstance(watched, dict) or not hasattr(server, "observer") or server.observer.is_alive():
        return server  # another MkDocs version: leave its polling alone
    watched = dict(watched)
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    import watchdog.observers.polling  # here, not at the top: a build needs no watchdog (imported, ~10 ms)

    server.observer = watchdog.observers.polling.PollingObserver(timeout=POLL_SECONDS)
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)
    server.build_delay = BUILD_DELAY_SECONDS
    return server


class _Hide(logging.Filter):
    def __init__(self, start: str, hidden: Callable[[], bool]):
        super().__init__()
        self.start = start
        self.hidden = hidden

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.hidden():
            return True
        return self.start not in record.getMessage()  # livereload's messages start with the time


def hide_built_messages(hidden: Callable[[], bool]) -> None:
    """While `hidden()` is true, drop MkDocs' messages that say a rebuild was done (once per process)."""
    if not known_mkdocs():
        return
    for name, start in BUILT_MESSAGES:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _Hide) for f in logger.filters):
            logger.addFilter(_Hide(start, hidden))


def theme_files_without_dot_folders(theme, bytecode_cache=None) -> None:
    """Have the environments of `theme` (a mkdocs.theme.Theme) list its files without walking folders whose name
    starts with a dot, which MkDocs leaves out of the site anyway (Material's .icons: ~0.15 s of CPU per build),
    and keep their compiled templates in `bytecode_cache` (a jinja2.BytecodeCache), as on_env does for the
    environment that renders the pages: Material's search plugin makes three environments of its own in its
    on_config, each compiling the language templates afresh (~40 ms of CPU per rebuild)."""
    if not known_mkdocs() or "get_env" in vars(theme):
        return
    get_env = theme.get_env

    def get_env_listing_less():
        env = get_env()
        searchpath = getattr(env.loader, "searchpath", None)
        if isinstance(searchpath, list):  # a FileSystemLoader, as in MkDocs 1.6
            env.loader.list_templates = lambda: _files_without_dots(searchpath, env.loader.followlinks)
        if env.bytecode_cache is None:
            env.bytecode_cache = bytecode_cache
        return env

    theme.get_env = get_env_listing_less


def _files_without_dots(searchpath: list[str], followlinks: bool) -> list[str]:
    """What FileSystemLoader.list_templates lists, less every path with a part that starts with a dot."""
    found = set()
    for top in searchpath:
        for folder, subfolders, filenames in os.walk(top, followlinks=followlinks):
            subfolders[:] = [d for d in subfolders if not d.startswith(".")]
            rel = os.path.relpath(folder, top).replace(os.path.sep, "/")
            for name in filenames:
                if not name.startswith("."):
                    found.add(name if rel == "." else f"{rel}/{name}")
    return sorted(found)


def render_as(page, content: str, title: str) -> bool:
    """Have MkDocs take `content` as the HTML of `page` (a mkdocs.structure.pages.Page in the page_markdown event)
    and `title` as its title, instead of converting its Markdown; False (nothing done) on another MkDocs version.
    The page keeps no table of contents and no links to check: set its present_anchor_ids in on_page_content."""
    if not known_mkdocs():
        return False

    def render(config, files) -> None:
        page.content = content
        page.toc = get_toc([])
        page.links_to_anchors = None

    page.meta["title"] = title  # Page.title reads it first (after a title from nav:)
    page.render = render  # the instance's own, for this build only: MkDocs makes its pages afresh for every build
    return True
