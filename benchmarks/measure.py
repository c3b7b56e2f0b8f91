"""The benchmark's measurements: the projects it builds, and how each is timed.

Every build and every timing of the hooks runs in a fresh child process, with the hooks of the
code being measured (this checkout, or an older revision checked out by git), so nothing is
patched and two versions can be measured alternately in one run. Only 127.0.0.1 is used and
every loop is bounded.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import make_project  # noqa: E402  - the tests' own copy of the project

# Python writes bytecode beside the hooks as it does on an editor's machine (some shells turn that off;
# site-packages, which the plain site uses, was compiled at install either way).
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "NO_MKDOCS_2_WARNING": "1"}
__all__ = ["make_project"]


# ----------------------------------------------------------------------------
# Code: this checkout, or another revision in a temporary git worktree
# ----------------------------------------------------------------------------


@contextmanager
def checkout(rev: str, dest: Path):
    """`rev` checked out into `dest` (a detached git worktree), removed afterwards."""
    subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(dest), rev], cwd=ROOT, check=True,
                   capture_output=True, text=True)
    try:
        yield dest
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(dest)], cwd=ROOT, capture_output=True)


def describe(rev: str) -> str:
    out = subprocess.run(["git", "log", "-1", "--format=%h %s", rev], cwd=ROOT, capture_output=True, text=True)
    return out.stdout.strip()[:72] or rev


# ----------------------------------------------------------------------------
# The two comparison sites: the floor and a plain Material site
# ----------------------------------------------------------------------------


def _drop_top_level_key(config: str, key: str) -> str:
    """Remove `key:` and its indented block from a YAML text (tags and comments elsewhere are kept)."""
    return re.sub(rf"(?m)^{re.escape(key)}:.*\n(?:(?:[ \t]+.*|[ \t]*)\n)*", "", config)


def not_in_nav_patterns(docs: Path, out_of_nav: set[str]) -> str:
    """gitignore-style patterns that mark exactly the given pages NOT_IN_NAV.

    One `/dir/*.md` per folder, then `!/file` for every other page in it: a pattern
    per page would make MkDocs match every file against thousands of patterns.
    """
    lines: list[str] = []
    for folder in sorted({uri.rpartition("/")[0] for uri in out_of_nav}):
        base = docs / folder if folder else docs
        lines.append(f"/{folder}/*.md" if folder else "/*.md")
        lines.extend(f"!/{uri}" for other in sorted(base.glob("*.md"))
                     if (uri := other.relative_to(docs).as_posix()) not in out_of_nav)
    return "".join(f"  {line}\n" for line in lines)


def write_pages(docs: Path, pages: dict[str, str]) -> None:
    for uri, text in pages.items():
        path = docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            raise RuntimeError(f"docs/{uri} exists and is also generated")
        path.write_text(text, encoding="utf-8")


def make_floor(project: Path, dest: Path, build) -> Path:
    """The hooks' pages (and downloads) written out as plain Markdown, built with the same config, no hooks and
    no theme overrides."""
    dest.mkdir(parents=True)
    shutil.copytree(project / "docs", dest / "docs")
    described = {}
    for page in build.pages:  # the hooks set page.meta['description']; front matter does the same without them
        meta = build.meta_for(page.src_uri)
        front = f"---\ndescription: {json.dumps(meta.description if meta else '')}\n---\n\n"
        described[page.src_uri] = front + page.markdown
    write_pages(dest / "docs", {**described, **(build.files or {})})
    config = _drop_top_level_key(_drop_top_level_key((project / "mkdocs.yml").read_text(encoding="utf-8"), "hooks"), "watch")
    out_of_nav = {p.src_uri for p in build.pages if p.src_uri not in build.in_nav}
    # The theme overrides read what the hooks set (the language selector, gettext, citations): the floor is the
    # same pages in Material as it comes.
    config = re.sub(r"(?m)^\s+custom_dir:.*\n", "", config)
    config += "\n# Benchmark floor: generated pages written out, kept out of the nav as the hooks do.\n"
    config += "not_in_nav: |\n" + not_in_nav_patterns(dest / "docs", out_of_nav)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


PLAIN_PAGE = """# Page {n}

The ministers met and reviewed cooperation on transport, water, energy and trade. They agreed to
continue the dialogue and to meet again the following year, and they welcomed the work of the
experts and the business forum.

## What was agreed

- transport corridors and customs procedures
- water management and energy efficiency
- education exchange programmes and scholarships

| Country | Represented by |
|---|---|
| Japan | Minister for Foreign Affairs |
| Kazakhstan | Minister of Foreign Affairs |

See [the first page](/{first}) for more.
"""


def make_plain(dest: Path, uris: list[str], in_nav: set[str]) -> Path:
    """A plain Material site: as many pages, in the same folders and with the same nav, of ordinary Markdown."""
    dest.mkdir(parents=True)
    first = uris[0]
    write_pages(dest / "docs", {uri: PLAIN_PAGE.format(n=n, first=first) for n, uri in enumerate(uris)})
    nav = "".join(f"  - {uri}\n" for uri in uris if uri in in_nav)
    config = f"site_name: Plain Material\nuse_directory_urls: true\ntheme:\n  name: material\nnav:\n{nav}"
    out_of_nav = set(uris) - in_nav
    if out_of_nav:
        config += "not_in_nav: |\n" + not_in_nav_patterns(dest / "docs", out_of_nav)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


# ----------------------------------------------------------------------------
# Builds and the hooks' own work, each in a fresh child process
# ----------------------------------------------------------------------------

# Runs the mkdocs CLI in this fresh process and reports its own wall time and peak RSS.
_BUILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
code = 0
try:
    from mkdocs.__main__ import cli
    cli.main(args=["build", "-q", "-f", sys.argv[1], "-d", sys.argv[2]], standalone_mode=False)
except SystemExit as exc:
    code = exc.code or 0
except BaseException as exc:
    code = f"{type(exc).__name__}: {exc}"
seconds = time.perf_counter() - t0
# CPU time of this process and of what it ran (git): on a shared machine it moves far less with the load than wall time.
usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
cpu = sum(u.ru_utime + u.ru_stime for u in usage)
# Peak RSS of this process image. ru_maxrss is not reset by execve (Linux folds the old
# address space's peak into it, and subprocess may vfork from the big benchmark process),
# so prefer VmHWM, which belongs to the current address space only.
try:
    rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
except (OSError, StopIteration):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("BENCH-RESULT " + json.dumps({"seconds": seconds, "cpu": cpu, "maxrss_kb": rss, "code": code}), flush=True)
"""


def child(snippet: str, *args: str, cwd: Path, timeout: float = 1800) -> tuple[dict | None, str]:
    """Run `snippet` in a fresh Python; its BENCH-RESULT line, or None and the end of its output."""
    proc = subprocess.run([sys.executable, "-c", snippet, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=ENV)
    match = re.search(r"^BENCH-RESULT (.*)$", proc.stdout, re.M)
    return (json.loads(match.group(1)) if match else None), (proc.stdout + proc.stderr)[-2000:]


@dataclass
class BuildResult:
    seconds: float  # wall time
    peak_mb: float
    ok: bool
    error: str = ""
    cpu: float = math.nan  # CPU seconds (user + system)
    pages: int = 0  # HTML pages written
    cpu_median: float = math.nan  # of the builds best_of chose from: moves less with a burst of load than the best


def measure_build(project: Path) -> BuildResult:
    """One `mkdocs build` of the project in a fresh child process."""
    result, output = child(_BUILD, str(project / "mkdocs.yml"), str(project / "site"), cwd=project)
    if result is None:
        return BuildResult(math.nan, math.nan, False, output)
    ok = result["code"] in (0, None)
    pages = sum(1 for _ in (project / "site").rglob("index.html")) if ok else 0
    return BuildResult(result["seconds"], result["maxrss_kb"] / 1024, ok, "" if ok else f"{result['code']}\n{output}",
                       result["cpu"], pages)


def best_of(builds: list[BuildResult]) -> BuildResult:
    good = [b for b in builds if b.ok]
    if not good:
        return builds[-1]
    return BuildResult(min(b.seconds for b in good), max(b.peak_mb for b in good), True,
                       cpu=min(b.cpu for b in good), pages=good[-1].pages, cpu_median=statistics.median(b.cpu for b in good))


# The hooks' work in on_config, timed from outside with the project's own hooks/ first on sys.path:
# load = parsing every YAML file of data/, validate = the rest of load_dataset, render = the rest of prepare.
_HOOKS = r"""
import json, sys, time
from pathlib import Path
project = Path(sys.argv[1])
sys.path.insert(0, str(project / "hooks"))
from cajd.yamlload import load_yaml
from cajd.dataset import load_dataset
from cajd.site import prepare
best = {}
for _ in range(int(sys.argv[2])):
    t0 = time.perf_counter()
    for path in sorted((project / "data").rglob("*.yml")):
        load_yaml(path, str(path))
    t1 = time.perf_counter()
    load_dataset(project / "data")
    t2 = time.perf_counter()
    prepare(project, {})
    t3 = time.perf_counter()
    now = {"load": (t1 - t0) * 1000, "validate": (t2 - t1 - (t1 - t0)) * 1000, "render": (t3 - t2 - (t2 - t1)) * 1000}
    best = {k: min(best.get(k, float("inf")), v) for k, v in now.items()}
print("BENCH-RESULT " + json.dumps(best))
"""


def time_hooks(project: Path, repeats: int) -> dict[str, float]:
    """load/validate/render in ms, best of `repeats`, with the project's own code; NaN if it cannot run."""
    result, _ = child(_HOOKS, str(project), str(max(1, repeats)), cwd=project)
    return result or {"load": math.nan, "validate": math.nan, "render": math.nan}


_RELOAD = r"""
import json, sys, time
from mkdocs.config import load_config
times, mods = [], []
for _ in range(2):
    t = time.perf_counter()
    load_config(config_file=sys.argv[1], site_dir=sys.argv[2])
    times.append((time.perf_counter() - t) * 1000)
    mods.append(id(sys.modules.get("hooks/main.py")))  # MkDocs registers a hook module under its path in mkdocs.yml
for name in [n for n in sys.modules if n == "cajd" or n.startswith("cajd.")]:
    del sys.modules[name]
t = time.perf_counter()
import cajd.site
print("BENCH-RESULT " + json.dumps({"first_ms": times[0], "again_ms": times[1], "rerun": mods[0] != mods[1],
                                    "reimport_ms": (time.perf_counter() - t) * 1000}))
"""


def hook_reload(project: Path) -> dict:
    """What `mkdocs serve` pays again on a rebuild: load_config twice in one process, as its builder does."""
    result, _ = child(_RELOAD, str(project / "mkdocs.yml"), str(project / "site-reload"), cwd=project, timeout=300)
    return result or {}


# ----------------------------------------------------------------------------
# Live reload: an edit to a meeting, until `mkdocs serve` serves it
# ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 5) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - 127.0.0.1 only
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, OSError):
        return 0, ""


def insert_token(text: str, token: str) -> str:
    """Put `token` at the start of the meeting's summary, whatever the YAML scalar style."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        match = re.match(r"summary:[ \t]*(.*)$", line.rstrip("\n"))
        if not match:
            continue
        value = match.group(1)
        if value[:1] in (">", "|"):  # block scalar: the text starts on the next non-empty line
            j = next(k for k in range(i + 1, len(lines)) if lines[k].strip())
            indent = len(lines[j]) - len(lines[j].lstrip())
            lines[j] = lines[j][:indent] + token + " " + lines[j][indent:]
        else:
            at = line.index(value) + (1 if value[:1] in "\"'" and value else 0)
            lines[i] = line[:at] + token + " " + line[at:]
        return "".join(lines)
    raise ValueError("no top-level summary: in the meeting file")


@dataclass
class ServeResult:
    served_ms: list[float] = field(default_factory=list)
    detect_ms: list[float] = field(default_factory=list)
    build_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)  # the server's CPU time from the edit to the end of the rebuild
    first_build_s: float = math.nan
    error: str = ""


class Server:
    """`mkdocs serve --livereload` on a free port of 127.0.0.1, with its log lines and their times."""

    def __init__(self, project: Path):
        self.port = free_port()
        self.log: list[tuple[float, str]] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{self.port}"], cwd=project,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**ENV, "PYTHONUNBUFFERED": "1", "SITE_URL": f"http://127.0.0.1:{self.port}/"})
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.log.append((time.perf_counter(), line.rstrip()))

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server process has used so far; NaN where /proc is not there."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            return math.nan
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime

    def tail(self, lines: int = 10) -> str:
        return "\n".join(text for _, text in self.log[-lines:])

    def url(self, path: str) -> str | None:
        """The address MkDocs serves `path` on (its path follows site_url), once its log says where."""
        serving = next((m.group(1) for _, line in list(self.log) if (m := re.search(r"Serving on (http://\S+)", line))), None)
        return serving.rstrip("/") + "/" + path if serving else None

    def wait_for(self, url_of, found, timeout: float) -> float:
        """Seconds until `found(body)` holds for the page at `url_of()`, polling; NaN on time-out or exit."""
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < timeout and self.proc.poll() is None:
            url = url_of()
            if url:
                status, body = fetch(url)
                if status == 200 and found(body):
                    return time.perf_counter() - t0
            time.sleep(0.025)
        return math.nan

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        self.reader.join(timeout=5)


def time_one_edit(server: Server, meeting_file: Path, edited: str, url: str, token: str,
                  timeout: float) -> tuple[float, float, float, float]:
    """(served, change noticed, MkDocs' rebuild, the server's CPU time) in ms for one edit of the meeting file."""
    mark = len(server.log)
    cpu0 = server.cpu_seconds()
    t0 = time.perf_counter()
    meeting_file.write_text(edited, encoding="utf-8")
    seen = server.wait_for(lambda: url, lambda body: token in body, timeout) * 1000
    # The page is written before the build ends (search index, sitemap): wait for its log line.
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline and not any("Documentation built in" in line for _, line in server.log[mark:]):
        time.sleep(0.05)
    after = server.log[mark:]
    detected = next((t for t, line in after if "Detected file changes" in line), math.nan)
    built = next((float(m.group(1)) for _, line in after if (m := re.search(r"Documentation built in ([\d.]+) seconds", line))),
                 math.nan)
    return seen, (detected - t0) * 1000, built * 1000, (server.cpu_seconds() - cpu0) * 1000


def measure_serve(project: Path, meeting_id: str, edits: int, *, start_timeout: float = 600,
                  edit_timeout: float = 60, settle: float = 1.0) -> ServeResult:
    """Edit a meeting summary `edits` times under `mkdocs serve`; time until the served page shows each edit."""
    result = ServeResult()
    meeting_file = project / "data" / "meetings" / f"{meeting_id}.yml"
    original = meeting_file.read_text(encoding="utf-8")
    t_start = time.perf_counter()
    server = Server(project)
    try:
        page = f"meetings/{meeting_id}/"
        result.first_build_s = server.wait_for(lambda: server.url(page), lambda body: True, start_timeout)
        if math.isnan(result.first_build_s):
            result.error = f"first build not served within {start_timeout:.0f} s: {server.tail(15)}"
            return result
        result.first_build_s = time.perf_counter() - t_start
        time.sleep(settle)
        for k in range(edits):
            token = f"benchtoken{os.getpid()}x{k}"
            seen, detect, build, cpu = time_one_edit(server, meeting_file, insert_token(original, token), server.url(page),
                                                token, edit_timeout)
            if math.isnan(seen):
                result.error = f"edit {k + 1} not served within {edit_timeout:.0f} s: {server.tail()}"
                return result
            result.served_ms.append(seen)
            result.detect_ms.append(detect)
            result.build_ms.append(build)
            result.cpu_ms.append(cpu)
            time.sleep(settle)
    finally:
        meeting_file.write_text(original, encoding="utf-8")
        server.stop()
    return result
