"""`python -m mkdocs ...` for the tests, each run in a new process forked from one that has imported the libraries.

A test that builds runs MkDocs' command line in a new process. More than half of a failing build's CPU time (about
0.4 s of 0.8 s) is Python importing MkDocs, Material, Markdown, Jinja, pydantic, PyYAML, Babel and Pygments. Here a
helper process (this file run as a script; one per pytest worker, started by the first build that asks and stopped
at the end of the session) imports them once. For each build it forks a child that runs MkDocs' command line as
`python -m mkdocs` does (runpy, the same argv), in the build's folder, with the build's environment, its stdout and
stderr on pipes; the helper sends back the exit code and the output. `run` has the shape of subprocess.run.

Why each child is still a fresh build:
- The helper only imports; it never builds, so nothing a build keeps at module level (MkDocs', Material's, the
  hooks') exists in it. Every child starts from a process that has never built.
- The project's own code is not imported: `cajd` and hooks/ are the code of the project copy that the test made
  (some tests edit it), and the hooks import `cajd` afresh from their own folder on a process's first build
  (`fresh` in hooks/cajd_serving.py: its stamp starts empty), so the checkout's `cajd` imported here would be thrown
  away. Importing it here anyway, and letting the child throw it away, made no difference that could be measured
  (0.40-0.50 s of CPU time a failing build either way, 20 builds, three rounds).
- `material.templates` is not imported here: at import it decides whether to print Material's end-of-life banner,
  from sys.argv[0] and NO_MKDOCS_2_WARNING, so the child imports it with its own.
- What Python reads from the environment when it starts: the helper has the builds' environment but for PER_BUILD.
  Of those, the child applies TMPDIR and PYTHONDONTWRITEBYTECODE itself (tempfile's cached folder cleared,
  sys.dont_write_bytecode, which importlib reads; sys.flags, a record of how Python started, keeps the helper's);
  PYTEST_CURRENT_TEST is pytest's own. A build with any other variable different runs in a plain subprocess, with
  a warning.
- The child has no file open but stdin (/dev/null, as under pytest), stdout and stderr; sys.argv, sys.path[0], the
  current folder and `__main__` are what `python -m mkdocs` has. tests/test_warmbuild.py compares a child with a
  plain process.
  One difference is left: a child has the helper's hash seed, where each new process draws its own.

If the helper cannot start (no os.fork, an import fails) or dies, builds run in a plain subprocess and a
PytestWarning says so in the run's summary.
"""

from __future__ import annotations

import atexit
import base64
import importlib
import json
import locale
import os
import runpy
import select
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import warnings
from pathlib import Path

# What a build imports, by the modules that pull the rest in; tests/test_warmbuild.py fails if a failing build
# imports a library module that is not imported here.
WARM = (
    # MkDocs, its command line and what `build` loads
    "click", "mkdocs", "mkdocs.config.defaults", "mkdocs.commands.build", "mkdocs.plugins", "mkdocs.theme",
    "mkdocs.structure.files", "mkdocs.structure.nav", "mkdocs.structure.pages", "mkdocs.utils.meta",
    "mkdocs.contrib.search", "colorama",
    # Material's search plugin (the theme's templates are left out: see above), Markdown and its extensions
    "material.plugins.search.plugin", "markdown", "markdown.extensions.admonition", "markdown.extensions.attr_list",
    "markdown.extensions.codehilite", "markdown.extensions.fenced_code", "markdown.extensions.tables",
    "markdown.extensions.toc", "pygments.formatters", "pygments.lexers", "backrefs.bre",
    # What the project's code imports: Jinja, Babel, PyYAML, pydantic (whose package imports its parts lazily)
    "jinja2", "jinja2.ext", "markupsafe", "babel.dates", "babel.numbers", "babel.support", "yaml",
    "pydantic", "pydantic.main", "pydantic.fields", "pydantic.types", "pydantic.type_adapter", "pydantic.json_schema",
    "pydantic.functional_validators", "pydantic.functional_serializers", "pydantic.dataclasses",
    "pydantic.plugin._loader", "pydantic.plugin._schema_validator", "pydantic._internal._generate_schema",
    "annotated_types", "typing_inspection.introspection",
    # the standard library's costlier modules among those the project's code imports
    "csv", "difflib", "hmac", "pickle", "secrets", "uuid", "zoneinfo",
)
# Left for the child to import: it prints Material's banner or not, from sys.argv[0] and NO_MKDOCS_2_WARNING.
COLD = ("material.templates",)
# The variables that may differ between the builds and the helper; the rest of a build's environment is the helper's.
# Python and tempfile read the first two once, so the child applies them itself; pytest sets the third for each test,
# and nothing else reads it.
PER_BUILD = ("TMPDIR", "PYTHONDONTWRITEBYTECODE", "PYTEST_CURRENT_TEST")
MKDOCS = [sys.executable, "-m", "mkdocs"]  # a command that starts so is MkDocs': the rest are its arguments
MKDOCS_ARGS = len(MKDOCS)


# ----------------------------------------------------------------------------
# The test side
# ----------------------------------------------------------------------------


class HelperLost(Exception):
    """The helper could not start, or stopped answering."""


class Helper:
    """The helper process, started with `env` (a build's environment without PER_BUILD)."""

    def __init__(self, env: dict[str, str]):
        if not hasattr(os, "fork"):
            raise HelperLost(f"os.fork does not exist on {sys.platform}")
        self.env = env
        self.lock = threading.Lock()
        self.unread = b""
        # stderr is the worker's: anything the helper itself prints is shown, not kept in a pipe nobody reads.
        self.process = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        env=env, cwd=Path(__file__).parent)
        ready = self.receive(timeout=120)
        if "error" in ready:
            self.stop()
            raise HelperLost(ready["error"])
        self.modules: list[str] = ready["modules"]  # what it imported, for tests/test_warmbuild.py

    def build(self, args: list[str], cwd: str, env: dict[str, str], timeout: float) -> dict:
        with self.lock:
            try:
                request = {"args": args, "cwd": cwd, "env": env, "timeout": timeout}
                self.process.stdin.write(json.dumps(request).encode() + b"\n")
                self.process.stdin.flush()
            except OSError as exc:
                raise HelperLost(f"the helper stopped: {exc}") from None
            return self.receive(timeout=timeout + 60)  # the helper itself stops the build at `timeout`

    def receive(self, timeout: float) -> dict:
        """The next line the helper writes, as JSON."""
        deadline = time.monotonic() + timeout
        fd = self.process.stdout.fileno()
        while b"\n" not in self.unread:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                self.stop()
                raise HelperLost(f"the helper did not answer in {timeout:.0f} s")
            data = os.read(fd, 1 << 16)
            if not data:
                code = self.process.wait()
                raise HelperLost(f"the helper stopped (exit code {code}); its output is above in the worker's stderr")
            self.unread += data
        line, self.unread = self.unread.split(b"\n", 1)
        return json.loads(line)

    def stop(self) -> None:
        """Close its input, which ends it; kill it if it has not ended in 10 s."""
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


_helper: Helper | None = None
_lost: str | None = None  # why the helper cannot be used, once it has failed


def run(cmd: list[str], *, cwd: Path | str, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    """subprocess.run(cmd, cwd=cwd, env=env, timeout=timeout, capture_output=True, text=True), with `python -m mkdocs
    ...` forked from the helper. If the helper is lost, this says so once (a warning) and runs plain subprocesses."""
    if list(cmd[:MKDOCS_ARGS]) == MKDOCS and _lost is None:
        changed = _changed(env)
        if not changed:
            try:
                return warm(cmd, cwd=cwd, env=env, timeout=timeout)
            except HelperLost as exc:
                _lose(str(exc))
                warnings.warn(f"warm builder lost, the builds run in plain subprocesses from now on: {exc}",
                              WarmBuilderWarning, stacklevel=2)
        else:
            warnings.warn(f"warm builder not used, a plain subprocess builds instead: the environment differs from "
                          f"the helper's in {', '.join(changed)}", WarmBuilderWarning, stacklevel=2)
    return plain(cmd, cwd=cwd, env=env, timeout=timeout)


def warm(cmd: list[str], *, cwd: Path | str, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    """`python -m mkdocs ...` (cmd) forked from the helper, which starts with `env` if it is not running; raises
    HelperLost if there is none."""
    if list(cmd[:MKDOCS_ARGS]) != MKDOCS or _changed(env):
        raise ValueError(f"not `python -m mkdocs`, or the environment differs from the helper's in {_changed(env)}")
    reply = _start(env).build(cmd[MKDOCS_ARGS:], str(cwd), env, timeout)
    if "error" in reply:
        raise HelperLost(reply["error"])
    stdout, stderr = _text(reply["stdout"]), _text(reply["stderr"])
    if reply["timed_out"]:
        raise subprocess.TimeoutExpired(cmd, timeout, output=stdout, stderr=stderr)
    return subprocess.CompletedProcess(cmd, reply["returncode"], stdout, stderr)


def plain(cmd: list[str], *, cwd: Path | str, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    """The same command in a new process, as before the helper."""
    return subprocess.run(cmd, cwd=cwd, env=env, timeout=timeout, capture_output=True, text=True)


def imported(env: dict[str, str]) -> set[str]:
    """The modules in the helper (sys.modules once WARM is imported); starts it with `env` if it is not running."""
    return set(_start(env).modules)


def stop() -> None:
    """Stop the helper, if it was started (conftest.py, at the end of the session)."""
    global _helper
    if _helper is not None:
        _helper.stop()
        _helper = None


def _start(env: dict[str, str]) -> Helper:
    global _helper
    if _lost is not None:
        raise HelperLost(_lost)
    if _helper is None:
        try:
            _helper = Helper(_steady(env))
        except (HelperLost, OSError) as exc:
            raise HelperLost(f"the helper could not start: {exc}") from None
    return _helper


def _changed(env: dict[str, str]) -> list[str]:
    """The variables (not PER_BUILD) whose value differs from the running helper's."""
    if _helper is None:
        return []
    steady = _steady(env)
    return sorted(k for k in {*steady, *_helper.env} if steady.get(k) != _helper.env.get(k))


def _lose(reason: str) -> None:
    global _lost
    stop()
    _lost = reason


def _steady(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k not in PER_BUILD}


def _text(data: str) -> str:
    """What subprocess.run(text=True) makes of the bytes."""
    encoding = "utf-8" if sys.flags.utf8_mode else locale.getencoding()
    return base64.b64decode(data).decode(encoding).replace("\r\n", "\n").replace("\r", "\n")


if __name__ == "__main__":  # the helper does not import pytest
    WarmBuilderWarning = RuntimeWarning
else:
    import pytest

    class WarmBuilderWarning(pytest.PytestWarning):
        """The builds run in a plain subprocess: slower, and the same."""

    atexit.register(stop)


# ----------------------------------------------------------------------------
# The helper
# ----------------------------------------------------------------------------


def _serve() -> None:
    """Import WARM, say so, then one build per line of stdin, until stdin ends. Answers on stdout, one JSON line."""
    del sys.path[0]  # this file's folder; a build's first path is its own folder, which the child puts there
    requests, replies = os.fdopen(os.dup(0), "rb"), os.fdopen(os.dup(1), "wb")
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)  # the children's stdin
    os.dup2(null, 1)  # nothing an import prints can mix with the answers
    os.close(null)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the builds and pytest; pytest then stops the helper
    try:
        for name in WARM:
            importlib.import_module(name)
    except Exception:
        _reply(replies, {"error": traceback.format_exc()})
        return
    _reply(replies, {"modules": sorted(sys.modules)})
    for line in requests:
        request = json.loads(line)
        if threading.active_count() != 1:
            _reply(replies, {"error": f"the helper has {threading.active_count()} threads; it forks only with one"})
            continue
        out, err = os.pipe(), os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: becomes the build, and exits as a build does (never returns here)
            requests.close()
            replies.close()
            _become_build(request, out, err)
        os.close(out[1])
        os.close(err[1])
        _reply(replies, _collect(pid, out[0], err[0], request["timeout"]))


def _become_build(request: dict, out: tuple[int, int], err: tuple[int, int]) -> None:
    """Turn this forked process into `python -m mkdocs ARGS` started in the build's folder, with its environment."""
    for fd, (read, write) in ((1, out), (2, err)):
        os.close(read)
        os.dup2(write, fd)
        os.close(write)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as in any Python process
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.dont_write_bytecode = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))  # read by Python when it starts
    tempfile.tempdir = None  # tempfile keeps the folder it found first: it looks at TMPDIR again
    sys.path.insert(0, os.getcwd())  # as `python -m` does
    sys.argv = ["-m", *request["args"]]  # runpy puts mkdocs/__main__.py's path in sys.argv[0], as `python -m` does
    runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)  # MkDocs' command line ends with SystemExit
    sys.exit(0)


def _collect(pid: int, out: int, err: int, timeout: float) -> dict:
    """Read the child's stdout and stderr to their end, wait for it; kill it at `timeout`, as subprocess.run does."""
    chunks: dict[int, list[bytes]] = {out: [], err: []}
    deadline: float | None = time.monotonic() + timeout
    timed_out = False
    with selectors.DefaultSelector() as selector:
        for fd in chunks:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready = selector.select(left)
            if not ready and deadline is not None and time.monotonic() >= deadline:
                os.kill(pid, signal.SIGKILL)
                timed_out, deadline = True, None
            for key, _ in ready:
                data = os.read(key.fd, 1 << 16)
                if data:
                    chunks[key.fd].append(data)
                else:
                    selector.unregister(key.fd)
                    os.close(key.fd)
    _, status = os.waitpid(pid, 0)
    encode = lambda fd: base64.b64encode(b"".join(chunks[fd])).decode("ascii")  # noqa: E731
    return {"returncode": os.waitstatus_to_exitcode(status), "stdout": encode(out), "stderr": encode(err),
            "timed_out": timed_out}


def _reply(replies, message: dict) -> None:
    replies.write(json.dumps(message).encode() + b"\n")
    replies.flush()


if __name__ == "__main__":
    _serve()
