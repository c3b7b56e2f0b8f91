"""MkDocs hooks: validate `data/` and generate every page from it.

The hooks only dispatch. The work is done by the `cajd` package beside this
file (load -> validate -> model -> render), which never imports MkDocs.
"""

from __future__ import annotations

import logging
import sys
import types
from pathlib import Path

import jinja2
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

HERE = Path(__file__).parent
if str(HERE) not in sys.path:  # works without `pip install -e .` too
    sys.path.insert(0, str(HERE))

# What is kept across rebuilds of one process, in a module of its own so that tests which
# load this file more than once share it: the command that runs, the last build whose data
# was valid (under `mkdocs serve` a broken edit keeps the last good site served), the
# problems of the last edit, and the code of the cajd package (checked by file stamps).
_serve = sys.modules.setdefault("_cajd_serve_state", types.ModuleType("_cajd_serve_state"))

import cajd_internals as internals  # noqa: E402  (both loaded once per process, like this file)
import cajd_serving as serving  # noqa: E402

log = logging.getLogger("mkdocs.hooks.cajd")

# The build's state: set in on_config, read by the later hooks, never carried over.
_build = None  # a cajd.site.Build
_core = None  # the cajd.site module this build uses
_html_blocks = None  # the cajd.htmlblocks Markdown extension this build added
_search_skip: dict[str, cajd.searchskip.Aside] = {}  # page -> what searchskip.put_back needs (cajd/searchskip.py)


# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


# Remember which command runs; only `serve` keeps the last good build, and says nothing of having built a broken edit.
def on_startup(*, command: str, dirty: bool) -> None:
    _serve.command = command
    _serve.last_good = {}
    _serve.problems = []
    _serve.replay = serving.Replay() if command == "serve" else None
    if command == "serve":
        internals.hide_built_messages(lambda: bool(_serve.problems))


# Load and validate data/ before MkDocs cleans the site folder; stop the build on bad data.
# Under `mkdocs serve`, a broken edit keeps the last good site, and every page shows its problems.
# Before the plugins' on_config: Material's search plugin makes theme environments in its own (see the theme below).
@event_priority(50)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build, _core, _html_blocks
    _build = None
    _search_skip.clear()
    project = Path(config.config_file_path).parent
    serving_now = getattr(_serve, "command", "") == "serve"
    try:
        _build, _core = _prepare(project, config)
        _serve.problems = []
        if serving_now:
            _serve.last_good[str(project)] = (_build, _core)
    except _Broken as broken:
        last_good = _serve.last_good.get(str(project)) if serving_now else None
        if last_good is None:
            for line in broken.lines:
                log.error(line)
            raise PluginError(broken.summary) from None
        # Under serve, MkDocs would hold every request until a build succeeds: print the problems
        # (outside MkDocs' logger, which strict mode counts), build the last good data, show the problems.
        print(*broken.lines, "The site stays at the last good version; its pages show these problems.",
              sep="\n", file=sys.stderr, flush=True)
        _serve.problems = broken.lines
        _build, _core = last_good
    _core.languages.configure(config, _build.locale)  # the site's text, address and language links
    # Material's 14,000 icons are not walked on every build; compiled theme templates are kept on disk
    internals.theme_files_without_dot_folders(config.theme, _bytecode_cache(project))
    _html_blocks = _core.htmlblocks.HtmlBlocks()
    config.markdown_extensions.append(_html_blocks)
    if serving_now:
        overlay = ExtraScriptValue(serving.OVERLAY_SCRIPT)
        overlay.defer = True
        config.extra_javascript.append(overlay)
        _serve.replay.start(serving.world_stamp(project, _serve, [p.src_uri for p in _build.pages]))
    return config


class _Broken(Exception):
    def __init__(self, lines: list[str], summary: str):
        self.lines, self.summary = lines, summary


def _prepare(project: Path, config: MkDocsConfig):
    """(the build, the cajd.site module), or _Broken with the problems, one line each."""
    try:
        core = serving.fresh("cajd.site", HERE / "cajd", _serve)
    except Exception as exc:  # e.g. a syntax error while hooks/cajd is being edited
        log.debug("import failure", exc_info=True)
        raise _Broken([serving.problem_line(exc, project)],
                      f"hooks/cajd cannot be imported ({type(exc).__name__}: {exc}); run with --verbose for details") from None
    lang = config.theme["language"]  # mkdocs.yml: en; mkdocs.ja.yml, mkdocs.ru.yml: the other languages
    # Under serve, what the last good rebuild parsed or made from the code alone, if the code is the same.
    earlier, earlier_core = _serve.last_good.get(str(project), (None, None)) if getattr(_serve, "command", "") == "serve" else (None, None)
    reuse = core.Reuse(earlier.reuse if earlier is not None and earlier_core is core else None,
                       pages=getattr(_serve, "command", "") == "serve")
    try:
        return core.prepare(project, config.extra, config.nav or [], _bytecode_cache(project), site_url=config.site_url,
                            site_name=config.site_name, lang=lang, reuse=reuse), core
    except core.CatalogError as exc:  # the interface text of a language: incomplete or stale
        raise _Broken(exc.problems, f"{len(exc.problems)} problem(s) in the {lang!r} catalog; run `make i18n-update`, "
                                    "translate, and the site builds again.") from None
    except core.DataError as exc:
        raise _Broken([str(problem) for problem in exc.problems],
                      f"{len(exc.problems)} problem(s) in data/; fix them and the site builds again.") from None
    except Exception as exc:  # a bug in the hooks or a template, not in the data: say so in one line
        log.debug("hook failure", exc_info=True)
        raise _Broken([serving.problem_line(exc, project)],
                      f"the site generator failed ({type(exc).__name__}: {exc}); run with --verbose for details") from None


# Add one generated page per URL and the downloads under /data/, refusing to replace a file that exists in docs/.
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    assert _build is not None
    for page in _build.pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} exists, but the data generates that page; remove one of them.")
        inclusion = InclusionLevel.INCLUDED if page.src_uri in _build.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion))
    for path, content in _build.files.items():  # the downloads under /data/, copied as they are
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} exists, but the data generates that file; remove one of them.")
        files.append(File.generated(config, path, content=content))
    if getattr(_serve, "command", "") == "serve":
        for path, content in serving.overlay_files(_serve.problems).items():
            files.append(File.generated(config, path, content=content))
    return files


# Give each generated page its description and the edit link of the YAML it came from.
# Under `mkdocs serve`, an unchanged generated page is replayed from the last rebuild (cajd_serving.Replay).
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _build is not None
    meta = _build.meta_for(page.file.src_uri)
    if meta is None:
        return _hand_written(markdown, page)
    page.meta.setdefault("description", meta.description)
    page.edit_url = meta.edit_url
    if meta.changed:
        page.update_date = meta.changed.isoformat()  # the sitemap's <lastmod>
    page.meta["cajd_citation"] = meta.citation  # overrides/partials/cite.html shows it
    replay = getattr(_serve, "replay", None)
    return markdown if replay is None else replay.markdown(page, markdown, (markdown, meta))  # all a page's output depends on


# A hand-written page (docs/) in another language: its translation from data/i18n/<lang>/pages/, or else the
# English text, marked as English (on_page_content) and not yet translated.
def _hand_written(markdown: str, page: Page) -> str:
    text = _build.hand_written.get(page.file.src_uri)
    if text is None:  # English, or not a page of docs/
        return markdown
    page.edit_url = _build.edit_base + text.file if _build.edit_base else page.edit_url
    if text.markdown is not None:
        body, meta = get_data(text.markdown)  # the translation's front matter (its description) replaces the English
        page.meta.update(meta)
        return body
    page.meta["cajd_untranslated"] = True
    return markdown


# Tell MkDocs' anchor checks about the ids in the HTML blocks that Markdown did not parse (cajd/htmlblocks.py).
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.meta.get("cajd_untranslated"):
        html = '<div lang="en">\n' + html + '\n</div>'
    if _html_blocks is not None and _html_blocks.anchor_ids:
        page.present_anchor_ids = (page.present_anchor_ids or set()) | _html_blocks.anchor_ids
    if getattr(_serve, "replay", None) is not None:
        _serve.replay.content(page)
    # Blocks marked data-search-exclude: out of the page while Material's search plugin parses it (on_page_context).
    html, _search_skip[page.file.src_uri] = _core.searchskip.set_aside(html)
    return html


# After Material's search plugin has indexed the page (its on_page_context): the blocks set aside go back.
@event_priority(-50)
def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    page.content = _core.searchskip.put_back(page.content, _search_skip.pop(page.file.src_uri, None))
    return context if getattr(_serve, "replay", None) is None else _serve.replay.context(context, page)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    if getattr(_serve, "replay", None) is not None:
        _serve.replay.output(page, output)
    return output


# After Material's search plugin has written its index: put back the entries of the replayed pages.
@event_priority(-100)
def on_post_build(*, config: MkDocsConfig) -> None:
    if getattr(_serve, "replay", None) is not None:
        _serve.replay.finish(Path(config.site_dir))
        log.debug(f"replayed {len(_serve.replay.replaying)} of {len(_build.pages)} generated pages from the last rebuild")


# Under `mkdocs serve`: notice an edit within 0.1 s instead of MkDocs' 0.5 s polling.
def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer:
    return internals.faster_polling(server)


# Keep the theme's compiled templates on disk, as the hooks do for theirs (see _bytecode_cache).
def on_env(env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    env.bytecode_cache = _bytecode_cache(Path(config.config_file_path).parent)
    # The theme overrides (overrides/) write their text through the same catalog as the pages.
    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(_build.locale.translations, newstyle=True)
    env.filters["alternate_url"] = _core.languages.alternate_url  # the same page in another language
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
