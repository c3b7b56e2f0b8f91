"""Under `mkdocs serve`, a bad edit prints its problem, the server survives, and a fix shows at once.

The server runs on 127.0.0.1 only, on a free port, in a copy of the project with
the fixture data; every wait is bounded and the server is stopped in `finally`.
Requests go straight to 127.0.0.1, never through a proxy from the environment.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, make_project

WAIT = 60  # seconds, the most any one step may take on a slow machine
OLD_TEXT = "Promoting Central Asia as a destination."
NEW_TEXT = "Promoting Central Asia to travellers from Japan."


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str) -> tuple[int, str]:
    try:
        with _DIRECT.open(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, ""


def wait_for(condition, what: str, output: list[str]):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up after {WAIT} s waiting for {what}; server output:\n" + "".join(output[-60:]))


class Server:
    """`mkdocs serve --livereload` on 127.0.0.1 in a project copy; its output is collected line by line."""

    def __init__(self, project: Path, tmp: Path, *args: str):
        self.port = free_port()
        tmp.mkdir(exist_ok=True)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{self.port}", *args],
            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
        )
        self.output: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.output.append(line)

    def wait_for(self, condition, what: str):
        return wait_for(condition, what, self.output)

    def start(self) -> str:
        """Wait for the first build; return the site's address (under the path of site_url, as MkDocs prints it)."""
        serving = re.compile(rf"Serving on (http://127\.0\.0\.1:{self.port}/\S*)")
        base = self.wait_for(lambda: next((m.group(1) for ln in list(self.output) if (m := serving.search(ln))), None),
                             "the server to start")
        return base.rstrip("/") + "/"

    def line_matching(self, pattern: re.Pattern[str], what: str) -> str:
        return self.wait_for(lambda: next((ln for ln in list(self.output) if pattern.search(ln)), None), what)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)
        self.reader.join(timeout=5)


def page_with(url: str, text: str):
    def check():
        status, body = fetch(url)
        return status == 200 and text in body
    return check


PROBLEM = re.compile(r"data/themes\.yml:\d+: YAML syntax: ")


def break_yaml(themes: Path, good: str) -> None:
    themes.write_text(good.replace("    title: Tourism\n", "    title: [Tourism\n"), encoding="utf-8")


@contextlib.contextmanager
def serving(tmp_path: Path, page: str, text: str, *args: str):
    """A server on a copy of the project with the fixture data, once `page` shows `text`: (project, server, base URL)."""
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    server = Server(project, tmp_path / "tmp", *args)
    try:
        base = server.start()
        server.wait_for(page_with(base + page, text), "the first build to be served")
        yield project, server, base
    finally:
        server.stop()


def problems_shown(base: str):
    """The problems the pages show (hooks/serve-overlay.js reads this file), once there are any."""
    def check():
        status, body = fetch(base + "assets/cajd-serve/problems.json")
        return status == 200 and json.loads(body)["problems"]
    return check


def shown(base: str) -> dict:
    """What the overlay shows: the problems, and whether the pages are the last good build's."""
    status, body = fetch(base + "assets/cajd-serve/problems.json")
    assert status == 200, status
    return json.loads(body)


def no_traceback(server: Server) -> None:
    assert server.proc.poll() is None, "the server stopped"
    assert "Traceback" not in "".join(server.output), "".join(server.output)


MEETING_LABEL = '"foreign-ministers": N_("Foreign Ministers\' Meeting"),'


def relabel_meetings(views: Path, good: str) -> None:
    """An edit to the Python code of hooks/cajd that shows on the timeline."""
    assert MEETING_LABEL in good
    views.write_text(good.replace(MEETING_LABEL, '"foreign-ministers": "Ministerial round",', 1), encoding="utf-8")


def test_serve_reports_a_bad_edit_keeps_the_last_good_pages_and_recovers_when_it_is_fixed(tmp_path: Path):
    with serving(tmp_path, "themes/tourism/", OLD_TEXT) as (project, server, base):
        themes = project / "data/themes.yml"
        good = themes.read_text(encoding="utf-8")
        break_yaml(themes, good)
        line = server.line_matching(PROBLEM, "the rebuild's problem line")
        assert re.match(r"^(ERROR\s+-\s+)?data/themes\.yml:\d+: YAML syntax: .+", line.strip()), line
        assert server.wait_for(problems_shown(base), "the problem to be shown in the pages") == [line.strip()]
        assert shown(base)["last_good"] is True  # the pages are the last good build's, and say so
        status, body = fetch(base + "themes/tourism/")  # the last good page is still served
        assert status == 200 and OLD_TEXT in body, f"HTTP {status or 'no answer within 5 s'}"
        time.sleep(1)  # what MkDocs logs once the rebuild is served, if anything
        after = "".join(server.output[server.output.index(line):])
        assert "Documentation built" not in after and "Reloading browsers" not in after, after
        no_traceback(server)
        time.sleep(1)
        assert server.proc.poll() is None, "the server stopped on bad data"

        themes.write_text(good.replace(OLD_TEXT, NEW_TEXT), encoding="utf-8")
        server.wait_for(page_with(base + "themes/tourism/", NEW_TEXT), "the fixed page to be served")
        assert shown(base) == {"problems": [], "last_good": True}
        server.line_matching(re.compile(r"Reloading browsers"), "MkDocs to say the good build is served")
        no_traceback(server)


def test_serve_started_on_broken_data_shows_the_problems_and_builds_once_they_are_fixed(tmp_path: Path):
    """An editor who adds a meeting and then runs `make serve` starts on broken data: there is no last good build
    to keep. The server still starts, serves the hand-written pages with the problems over them (the overlay says
    that nothing is built from data/ yet), and the whole site appears with the first good edit."""
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    themes = project / "data/themes.yml"
    good = themes.read_text(encoding="utf-8")
    break_yaml(themes, good)
    server = Server(project, tmp_path / "tmp")
    try:
        base = server.start()
        line = server.line_matching(PROBLEM, "the problem line").strip()
        assert re.match(r"^data/themes\.yml:\d+: YAML syntax: .+", line), line
        output = "".join(server.output)  # the first build's: one line per problem, and nothing about missing pages
        assert "Nothing is built from data/ until they are fixed" in output, output
        assert "Documentation built" not in output and "WARNING" not in output, output
        assert shown(base) == {"problems": [line], "last_good": False}
        assert fetch(base + "about/")[0] == 200  # a hand-written page
        assert fetch(base + "themes/tourism/")[0] == 404  # nothing from data/
        no_traceback(server)

        themes.write_text(good.replace(OLD_TEXT, NEW_TEXT), encoding="utf-8")
        server.wait_for(page_with(base + "themes/tourism/", NEW_TEXT), "the fixed data's page to be served")
        assert shown(base) == {"problems": [], "last_good": True}
        no_traceback(server)
    finally:
        server.stop()


def test_serve_shows_an_edit_to_the_hooks_code_and_templates_without_a_restart(tmp_path: Path):
    """MkDocs loads hooks/main.py once per process; the cajd package and its templates must still reload."""
    with serving(tmp_path, "themes/tourism/", OLD_TEXT) as (project, server, base):
        template = project / "hooks/cajd/templates/theme.md.j2"
        template.write_text(template.read_text(encoding="utf-8").replace(
            '_("Meetings that discussed it")', '"Meetings that took it up"'), encoding="utf-8")
        server.wait_for(page_with(base + "themes/tourism/", "Meetings that took it up"), "the template edit to be served")

        views = project / "hooks/cajd/labels.py"
        relabel_meetings(views, views.read_text(encoding="utf-8"))
        server.wait_for(page_with(base + "timeline/", "Ministerial round"), "the Python edit to be served")

        main = project / "hooks/main.py"
        main.write_text(main.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        server.line_matching(re.compile(r"hooks/main\.py, hooks/cajd_serving\.py or hooks/cajd_internals\.py changed: restart"),
                             "the restart hint")
        no_traceback(server)


def test_a_syntax_error_in_the_hooks_code_is_one_line_and_the_fix_shows(tmp_path: Path):
    with serving(tmp_path, "timeline/", "Foreign Ministers") as (project, server, base):
        views = project / "hooks/cajd/labels.py"
        good = views.read_text(encoding="utf-8")
        views.write_text(good + "\ndef broken(:\n", encoding="utf-8")
        broken_line = good.count("\n") + 2
        line = server.line_matching(re.compile(r"hooks/cajd/labels\.py:\d+: SyntaxError: "), "the import error")
        assert line.startswith(f"hooks/cajd/labels.py:{broken_line}: SyntaxError: "), line
        problems = server.wait_for(problems_shown(base), "the problem to be shown in the pages")
        assert problems == [line.rstrip("\n")]
        no_traceback(server)
        relabel_meetings(views, good)
        server.wait_for(page_with(base + "timeline/", "Ministerial round"), "the fixed code to be served")


_OVERLAY_TAG = re.compile(r'[ \t]*<script src="[^"]*assets/cajd-serve/overlay\.js" defer></script>\n[ \t]*\n')


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site, but what only `mkdocs serve` adds (the problems overlay)."""
    found = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and not rel.startswith("assets/cajd-serve/"):
            data = path.read_bytes()
            found[rel] = _OVERLAY_TAG.sub("", data.decode("utf-8")).encode("utf-8") if rel.endswith(".html") else data
    return found


def test_a_rebuild_writes_what_a_full_build_writes_though_it_renders_only_the_changed_pages(tmp_path: Path, monkeypatch):
    """Under serve, unchanged generated pages are replayed from the last rebuild (cajd_serving.Replay): the site,
    its navigation and its search index must still be those of a full build of the same files."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    with serving(tmp_path, "themes/tourism/", OLD_TEXT, "--verbose") as (project, server, base):
        themes = project / "data/themes.yml"
        themes.write_text(themes.read_text(encoding="utf-8").replace(OLD_TEXT, NEW_TEXT), encoding="utf-8")
        server.wait_for(page_with(base + "themes/tourism/", NEW_TEXT), "the edit to be served")

        def replay_counts():  # the page is written before the rebuild ends (search index, sitemap): wait for its end
            found = [m.groups() for line in list(server.output) if (m := re.search(r"replayed (\d+) of (\d+) generated", line))]
            return found if len(found) >= 2 else None

        counts = server.wait_for(replay_counts, "the rebuild to end")
        assert len(counts) == 2 and counts[0][0] == "0", counts  # the first build, the rebuild
        done, total = map(int, counts[1])
        assert 0 < done < total - 1, counts
        index = fetch(base + "search/search_index.json")[1]
        assert NEW_TEXT in index and OLD_TEXT not in index
        (served,) = (tmp_path / "tmp").glob("mkdocs_*")  # serve's site folder, in its TMPDIR
        rebuilt = site_files(served)
    monkeypatch.setenv("SITE_URL", base)  # serve's own address, as the served pages carry it
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "full")], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    full = site_files(tmp_path / "full")
    assert sorted(rebuilt) == sorted(full)
    assert [name for name in full if rebuilt[name] != full[name]] == []
