"""MkDocs hooks: validate `data/` and generate every page from it.

The hooks only dispatch. The work is done by the `cajd` package beside this
file (load -> validate -> model -> render), which never imports MkDocs.

MkDocs calls these functions with nothing of their own to keep what on_config
prepares for the later events, so the module must hold it: all of it is in one
object, `_hooks` (see _Hooks). Its `now` is the build that runs, made in
on_config and let go once the build ends; the rest is kept across the builds of
one process and matters only under `mkdocs serve`. MkDocs 1.6 loads a hooks
file once per process (tests/test_internals.py fails if that changes), so the
object lives as long as the server.
"""

from __future__ import annotations

import gc
import logging
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

if TYPE_CHECKING:  # only named in on_serve's signature: importing it (and watchdog, http.server) costs a build ~30 ms
    from mkdocs.livereload import LiveReloadServer

HERE = Path(__file__).parent
if str(HERE) not in sys.path:  # works without `pip install -e .` too
    sys.path.insert(0, str(HERE))

import cajd_internals as internals  # noqa: E402  (both loaded once per process, like this file)
import cajd_serving as serving  # noqa: E402

if TYPE_CHECKING:
    import cajd.htmlblocks
    import cajd.searchskip
    import cajd.site

log = logging.getLogger("mkdocs.hooks.cajd")


# ----------------------------------------------------------------------------
# What the hooks hold
# ----------------------------------------------------------------------------


class _ThisBuild:
    """What the events of one build share: made in on_config, let go in on_post_build (or at the next on_config)."""

    def __init__(self, build: cajd.site.Build, core: types.ModuleType, html_blocks: cajd.htmlblocks.HtmlBlocks):
        self.build = build  # under serve, after a broken edit: the last good one
        self.core = core  # the cajd.site module that made it
        self.html_blocks = html_blocks  # the Markdown extension added to this build's configuration
        self.search_skip: dict[str, cajd.searchskip.Aside | None] = {}  # page -> what searchskip.put_back needs


class _Hooks:
    """Everything the hooks hold, in one place: MkDocs calls the hooks as plain functions of this module, so what
    on_config prepares for the later events (the build that runs, `now`) and what `mkdocs serve` keeps from one
    rebuild to the next (the last good build, the last edit's problems, the pages to replay, the code's stamps)
    can only live in the module. There is one instance, `_hooks`; nothing else here changes after import."""

    def __init__(self) -> None:
        self.now: _ThisBuild | None = None
        self.command = ""  # on_startup's: build, serve or gh-deploy ('' when MkDocs is run from Python)
        # Under `mkdocs serve` only:
        self.last_good: tuple[cajd.site.Build, types.ModuleType] | None = None  # a broken edit keeps it served
        self.problems: list[str] = []  # the last edit's, shown in the pages
        self.replay: serving.Replay | None = None  # the pages to take over from the last rebuild
        self.package_stamp = self.hooks_stamp = None  # the code's files, for serving.fresh()

    @property
    def serving(self) -> bool:
        return self.command == "serve"


_hooks = _Hooks()


# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


# Remember which command runs; only `serve` keeps the last good build, and says nothing of having built a broken edit.
def on_startup(*, command: str, dirty: bool) -> None:
    _hooks.command = command
    _hooks.replay = serving.Replay() if command == "serve" else None
    if command == "serve":
        internals.hide_built_messages(lambda: bool(_hooks.problems))
    else:
        _collect_less()


# `mkdocs build` (and gh-deploy) builds once and exits, and most of what it makes lives until then: with Python's
# default threshold its collector ran ~300 times in an English build of data/ (about 0.13 s of 2.3 s of CPU) to free
# the same ~50,000 objects in cycles that 5 runs free at 30,000. What is imported by now (MkDocs, Material, Jinja,
# Markdown) is frozen: never traversed again. Costs about 6 MB of peak memory (80 -> 86 MB). Not under serve,
# whose process lives on across rebuilds.
def _collect_less() -> None:
    gc.freeze()
    _, *older = gc.get_threshold()
    gc.set_threshold(30_000, *older)


# Load and validate data/ before MkDocs cleans the site folder; stop the build on bad data.
# Under `mkdocs serve`, a broken edit keeps the last good site, and every page shows its problems.
# Before the plugins' on_config: Material's search plugin makes theme environments in its own (see the theme below).
@event_priority(50)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _hooks.now = None  # the last build's is let go, whatever happens to this one
    project = Path(config.config_file_path).parent
    try:
        build, core = _prepare(project, config)
        _hooks.problems = []
        if _hooks.serving:
            _hooks.last_good = (build, core)
    except _Broken as broken:
        if not _hooks.serving:
            _stop(broken)
        # Under serve, MkDocs would hold every request until a build succeeds: print the problems
        # (outside MkDocs' logger, which strict mode counts), build the last good data, show the problems.
        # Started on broken data, there is no last good build: the hand-written pages show the problems.
        build, core = _hooks.last_good or _without_data(config, broken)
        print(*broken.lines, "The site stays at the last good version; its pages show these problems."
              if _hooks.last_good else "Nothing is built from data/ until they are fixed; the pages show these problems.",
              sep="\n", file=sys.stderr, flush=True)
        _hooks.problems = broken.lines
    core.languages.configure(config, build.locale)  # the site's text, address and language links
    # Material's 14,000 icons are not walked on every build; compiled theme templates are kept on disk
    internals.theme_files_without_dot_folders(config.theme, _bytecode_cache(project))
    _hooks.now = _ThisBuild(build, core, core.htmlblocks.HtmlBlocks())
    config.markdown_extensions.append(_hooks.now.html_blocks)
    if _hooks.serving:
        overlay = ExtraScriptValue(serving.OVERLAY_SCRIPT)
        overlay.defer = True
        config.extra_javascript.append(overlay)
        _hooks.replay.start(serving.world_stamp(project, _hooks, [p.src_uri for p in build.pages]))
    return config


class _Broken(Exception):
    def __init__(self, lines: list[str], summary: str, core: types.ModuleType | None = None):
        self.lines, self.summary = lines, summary
        self.core = core  # the cajd.site module, if it could be imported


def _stop(broken: _Broken):
    for line in broken.lines:
        log.error(line)
    raise PluginError(broken.summary) from None


def _without_data(config: MkDocsConfig, broken: _Broken):
    """(a build with no page from data/, the cajd.site module), for `mkdocs serve` started on data with problems.
    The nav and the hand-written pages' links point to pages that are not built: MkDocs need not say so."""
    core = broken.core
    if core is None:  # the code itself cannot be imported: nothing can be served
        _stop(broken)
    config.validation.nav.not_found = config.validation.links.not_found = logging.DEBUG
    config.validation.links.anchors = logging.DEBUG
    return core.without_data(config.theme["language"]), core


def _prepare(project: Path, config: MkDocsConfig):
    """(the build, the cajd.site module), or _Broken with the problems, one line each."""
    try:
        core = serving.fresh("cajd.site", HERE / "cajd", _hooks)
    except Exception as exc:  # e.g. a syntax error while hooks/cajd is being edited
        log.debug("import failure", exc_info=True)
        raise _Broken([serving.problem_line(exc, project)],
                      f"hooks/cajd cannot be imported ({type(exc).__name__}: {exc}); run with --verbose for details") from None
    lang = config.theme["language"]  # mkdocs.yml: en; mkdocs.ja.yml, mkdocs.ru.yml: the other languages
    # Under serve, what the last good rebuild parsed or made from the code alone, if the code is the same.
    earlier, earlier_core = _hooks.last_good or (None, None)
    reuse = core.Reuse(earlier.reuse if earlier is not None and earlier_core is core else None, pages=_hooks.serving)
    try:
        return core.prepare(project, config.extra, config.nav or [], _bytecode_cache(project), site_url=config.site_url,
                            site_name=config.site_name, lang=lang, reuse=reuse,
                            record_cache=None if _hooks.serving else project / ".cache" / "records"), core
    except core.CatalogError as exc:  # the interface text of a language: incomplete or stale
        raise _Broken(exc.problems, f"{len(exc.problems)} problem(s) in the {lang!r} catalog; run `make i18n-update`, "
                                    "translate, and the site builds again.", core) from None
    except core.DataError as exc:
        raise _Broken([str(problem) for problem in exc.problems],
                      f"{len(exc.problems)} problem(s) in data/; fix them and the site builds again.", core) from None
    except Exception as exc:  # a bug in the hooks or a template, not in the data: say so in one line
        log.debug("hook failure", exc_info=True)
        raise _Broken([serving.problem_line(exc, project)],
                      f"the site generator failed ({type(exc).__name__}: {exc}); run with --verbose for details", core) from None


# Add one generated page per URL and the downloads under /data/, refusing to replace a file that exists in docs/.
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    build = _hooks.now.build
    for page in build.pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} exists, but the data generates that page; remove one of them.")
        inclusion = InclusionLevel.INCLUDED if page.src_uri in build.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion))
    for path, content in build.files.items():  # the downloads under /data/, copied as they are
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} exists, but the data generates that file; remove one of them.")
        files.append(File.generated(config, path, content=content))
    if _hooks.serving:
        for path, content in serving.overlay_files(_hooks.problems, last_good=_hooks.last_good is not None).items():
            files.append(File.generated(config, path, content=content))
    return files


# Give each generated page its description and the edit link of the YAML it came from.
# Under `mkdocs serve`, an unchanged generated page is replayed from the last rebuild (cajd_serving.Replay).
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    meta = _hooks.now.build.meta_for(page.file.src_uri)
    if meta is None:
        return _hand_written(markdown, page)
    page.meta.setdefault("description", meta.description)
    page.edit_url = meta.edit_url
    if meta.changed:
        page.update_date = meta.changed.isoformat()  # the sitemap's <lastmod>
    page.meta["cajd_citation"] = meta.citation  # overrides/partials/cite.html shows it
    replay = _hooks.replay
    return markdown if replay is None else replay.markdown(page, markdown, (markdown, meta))  # all a page's output depends on


# A hand-written page (docs/) in another language: its translation from data/i18n/<lang>/pages/, or else the
# English text, marked as English (on_page_content) and not yet translated.
def _hand_written(markdown: str, page: Page) -> str:
    build = _hooks.now.build
    text = build.hand_written.get(page.file.src_uri)
    if text is None:  # English, or not a page of docs/
        return markdown
    page.edit_url = build.edit_base + text.file if build.edit_base else page.edit_url
    if text.markdown is not None:
        body, meta = get_data(text.markdown)  # the translation's front matter (its description) replaces the English
        page.meta.update(meta)
        return body
    page.meta["cajd_untranslated"] = True
    return markdown


# Tell MkDocs' anchor checks about the ids in the HTML blocks that Markdown did not parse (cajd/htmlblocks.py).
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    now = _hooks.now
    if page.meta.get("cajd_untranslated"):
        html = '<div lang="en">\n' + html + '\n</div>'
    if now.html_blocks.anchor_ids:
        page.present_anchor_ids = (page.present_anchor_ids or set()) | now.html_blocks.anchor_ids
    if _hooks.replay is not None:
        _hooks.replay.content(page)
    # Blocks marked data-search-exclude: out of the page while Material's search plugin parses it (on_page_context).
    html, now.search_skip[page.file.src_uri] = now.core.searchskip.set_aside(html)
    return html


# After Material's search plugin has indexed the page (its on_page_context): the blocks set aside go back.
@event_priority(-50)
def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    now = _hooks.now
    page.content = now.core.searchskip.put_back(page.content, now.search_skip.pop(page.file.src_uri, None))
    return context if _hooks.replay is None else _hooks.replay.context(context, page)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    if _hooks.replay is not None:
        _hooks.replay.output(page, output)
    return output


# After Material's search plugin has written its index: put back the entries of the replayed pages. The build is done.
@event_priority(-100)
def on_post_build(*, config: MkDocsConfig) -> None:
    if _hooks.replay is not None:
        _hooks.replay.finish(Path(config.site_dir))
        log.debug(f"replayed {len(_hooks.replay.replaying)} of {len(_hooks.now.build.pages)} generated pages from the last rebuild")
    _hooks.now = None


# Under `mkdocs serve`: notice an edit within 0.1 s instead of MkDocs' 0.5 s polling.
def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer:
    return internals.faster_polling(server)


# Keep the theme's compiled templates on disk, as the hooks do for theirs (see _bytecode_cache).
def on_env(env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    env.bytecode_cache = _bytecode_cache(Path(config.config_file_path).parent)
    # The theme overrides (overrides/) write their text through the same catalog as the pages.
    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(_hooks.now.build.locale.translations, newstyle=True)
    env.filters["alternate_url"] = _hooks.now.core.languages.alternate_url  # the same page in another language
    return env


def _bytecode_cache(project: Path) -> jinja2.BytecodeCache | None:
    """Compiled Jinja templates in .cache/jinja/ (git-ignored), kept between processes: a fresh build
    then compiles none. Jinja compiles a template again when its source's checksum differs."""
    folder = project / ".cache" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only checkout: compile as usual
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))
