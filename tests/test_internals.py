"""hooks/cajd_internals.py uses MkDocs' internals where MkDocs has no public API. These tests fail loudly
as soon as MkDocs is not the version that module was written for, or one of the internals it uses changes:
then read that module, check each internal it names, and update WRITTEN_FOR."""

from __future__ import annotations

import inspect
import logging
import os
import re
import socket
import sys
from pathlib import Path
from unittest import mock

import jinja2
import mkdocs
import mkdocs.commands.build
import mkdocs.livereload
import mkdocs.structure.files
import mkdocs.structure.pages
import mkdocs.theme
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
import cajd_internals  # noqa: E402


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_mkdocs_is_the_version_the_internals_were_written_for():
    assert cajd_internals.known_mkdocs(), (
        f"MkDocs {mkdocs.__version__} is installed, hooks/cajd_internals.py was written for {cajd_internals.WRITTEN_FOR}x: "
        "check every internal it lists, then update WRITTEN_FOR")


def test_the_live_reload_server_has_what_faster_polling_uses(tmp_path: Path):
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path))
    try:
        assert isinstance(server._watched_paths, dict)
        assert hasattr(server.observer, "is_alive") and hasattr(server.observer, "timeout")
        assert isinstance(server.build_delay, float)
        assert callable(server.watch) and callable(server.unwatch)
        assert "self.build_delay" in inspect.getsource(LiveReloadServer._build_loop)
    finally:
        server.server_close()


def test_the_live_reload_server_polls_every_watched_path_faster(tmp_path: Path):
    """on_serve moves what MkDocs already watches (docs/, mkdocs.yml) to a 0.1 s poller; later watches follow."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path / "site"))
    try:
        server.watch(str(tmp_path / "docs"))
        server.watch(str(tmp_path / "mkdocs.yml"))
        old = server.observer
        assert cajd_internals.faster_polling(server) is server
        assert server.observer is not old and server.observer.timeout == cajd_internals.POLL_SECONDS
        server.watch(str(tmp_path / "data"))  # as MkDocs does for `watch:` after on_serve
        assert set(server._watched_paths) == {str(tmp_path / p) for p in ("docs", "mkdocs.yml", "data")}
        assert len(server.observer.emitters) == 3 and not old.emitters
        assert server.build_delay == cajd_internals.BUILD_DELAY_SECONDS
    finally:
        server.server_close()


def test_faster_polling_leaves_a_server_it_does_not_know_alone():
    class Other:  # a live-reload server of another MkDocs version, without _watched_paths
        observer = object()

    server = Other()
    assert cajd_internals.faster_polling(server) is server and server.observer is Other.observer


def test_mkdocs_still_says_a_rebuild_was_done_with_the_messages_that_are_hidden():
    sources = {"mkdocs.commands.build": inspect.getsource(mkdocs.commands.build.build),
               "mkdocs.livereload": inspect.getsource(LiveReloadServer._build_loop)}
    assert mkdocs.commands.build.log.name == "mkdocs.commands.build"
    assert mkdocs.livereload.log.logger.name == "mkdocs.livereload"
    for logger, text in cajd_internals.BUILT_MESSAGES:
        assert text.strip() in sources[logger], (logger, text)


def test_the_messages_are_hidden_only_while_asked(caplog):
    hidden = [False]
    cajd_internals.hide_built_messages(lambda: hidden[0])
    cajd_internals.hide_built_messages(lambda: hidden[0])  # once per process, however often it is called
    assert sum(isinstance(f, cajd_internals._Hide) for f in logging.getLogger("mkdocs.livereload").filters) == 1
    build_log, reload_log = mkdocs.commands.build.log, mkdocs.livereload.log
    with caplog.at_level(logging.INFO):
        build_log.info("Documentation built in 0.50 seconds")
        reload_log.info("Reloading browsers")
        hidden[0] = True
        build_log.info("Documentation built in 0.40 seconds")
        reload_log.info("Reloading browsers")
        build_log.info("Cleaning site directory")
        hidden[0] = False
    messages = [r.getMessage() for r in caplog.records]
    assert messages[0] == "Documentation built in 0.50 seconds" and messages[1].endswith("] Reloading browsers")
    assert messages[2:] == ["Cleaning site directory"]


def test_mkdocs_leaves_out_of_the_site_every_theme_file_with_a_part_that_starts_with_a_dot():
    """theme_files_without_dot_folders relies on this: the theme's files are listed in one place, with this filter."""
    source = inspect.getsource(mkdocs.structure.files.Files.add_files_from_theme)
    assert "patterns = ['.*', '*/.*'," in source and "env.list_templates(filter_func=filter)" in source
    assert "jinja2.FileSystemLoader(self.dirs)" in inspect.getsource(mkdocs.theme.Theme.get_env)
    package = Path(mkdocs.__file__).parent
    callers = [p for p in package.rglob("*.py")
               if "tests" not in p.relative_to(package).parts and "list_templates" in p.read_text(encoding="utf-8")]
    assert callers == [package / "structure" / "files.py"]


def _theme_files(config) -> list[tuple[str, str]]:
    files = mkdocs.structure.files.Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return sorted((f.src_uri, f.abs_src_path) for f in files)


def test_the_theme_lists_the_same_files_without_walking_dot_folders(tmp_path: Path):
    project = Path(__file__).resolve().parent.parent
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    before = _theme_files(config)
    cajd_internals.theme_files_without_dot_folders(config.theme)
    walked: list[str] = []
    real_walk = os.walk
    with mock.patch("os.walk", lambda top, **kw: (walked.append(step[0]) or step for step in real_walk(top, **kw))):
        after = _theme_files(config)
    assert after == before and len(before) > 20
    assert walked and not any(part == ".icons" for folder in walked for part in Path(folder).parts)  # Material's icons


def test_a_theme_of_another_kind_is_left_alone():
    class Theme:  # e.g. another MkDocs version's theme, whose environment was already changed
        def get_env(self):
            return "env"

    theme = Theme()
    theme.get_env = theme.get_env  # already an attribute of the instance
    cajd_internals.theme_files_without_dot_folders(theme)
    assert theme.get_env() == "env"


def test_mkdocs_renders_a_page_right_after_the_page_markdown_event_and_render_sets_what_render_as_sets():
    populate = inspect.getsource(mkdocs.commands.build._populate_page)
    assert populate.index("on_page_markdown(") < populate.index("page.render(config, files)") < populate.index("on_page_content(")
    render = inspect.getsource(mkdocs.structure.pages.Page.render)
    assigned = set(re.findall(r"self\.(\w+) = ", render))
    assert assigned == {"content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors"}, assigned
    title = inspect.getsource(mkdocs.structure.pages.Page.title.func if hasattr(mkdocs.structure.pages.Page.title, "func")
                              else mkdocs.structure.pages.Page.title.fget)
    assert title.index("if 'title' in self.meta:") < title.index("if self._title_from_render:")


def test_a_page_rendered_as_given_html_keeps_it_and_its_title(tmp_path: Path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    (tmp_path / "docs" / "b.md").write_text("# Converted\n\nText\n", encoding="utf-8")
    (tmp_path / "docs" / "c.md").write_text("# Converted\n", encoding="utf-8")
    file, other_file = (mkdocs.structure.files.File(name, config.docs_dir, config.site_dir, True) for name in ("b.md", "c.md"))
    files = mkdocs.structure.files.Files([file, other_file])
    page = mkdocs.structure.pages.Page(None, file, config)
    page.read_source(config)
    assert cajd_internals.render_as(page, "<p>Given</p>", "Given title")
    page.render(config, files)
    assert page.content == "<p>Given</p>" and page.title == "Given title" and list(page.toc) == []
    other = mkdocs.structure.pages.Page(None, other_file, config)
    other.read_source(config)
    other.render(config, files)  # only the page it was given to
    assert "Converted" in other.content and other.title == "Converted"


def test_the_theme_environments_keep_their_compiled_templates(tmp_path: Path):
    project = Path(__file__).resolve().parent.parent
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    cache = jinja2.FileSystemBytecodeCache(str(tmp_path))
    cajd_internals.theme_files_without_dot_folders(config.theme, cache)
    assert config.theme.get_env().bytecode_cache is cache
    config.theme.get_env().get_template("partials/language.html")  # what Material's search plugin reads in on_config
    assert list(tmp_path.glob("__jinja2_*.cache"))


def test_the_hooks_on_config_runs_before_the_search_plugins_which_makes_theme_environments(tmp_path: Path):
    """The search plugin's on_config makes environments of the theme (Theme.get_env): the hooks have wrapped it first."""
    project = Path(__file__).resolve().parent.parent
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    handlers = config.plugins.events["config"]
    assert Path(handlers[0].__code__.co_filename) == project / "hooks" / "main.py"
    search = inspect.getsource(type(config.plugins["material/search"]))
    assert "env = config.theme.get_env()" in search


def test_mkdocs_loads_a_hooks_file_once_per_process_though_serve_loads_the_configuration_for_every_rebuild(tmp_path: Path):
    """hooks/main.py keeps what `mkdocs serve` carries from one rebuild to the next (the last good build, the pages to
    replay) in its one holder, `_hooks`, which lives as long as the module: MkDocs 1.6 caches the hooks files it loads."""
    project = Path(__file__).resolve().parent.parent
    first = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "a"))
    again = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "b"))
    on_config = first.plugins.events["config"][0]
    assert Path(on_config.__code__.co_filename) == project / "hooks" / "main.py"
    assert again.plugins.events["config"][0] is on_config
    assert on_config.__globals__["_hooks"] is again.plugins.events["config"][0].__globals__["_hooks"]
