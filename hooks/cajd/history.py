"""When each data file last changed, from git history: the date a record page and its citation show.

One `git log` over data/ per build (under `mkdocs serve`, one while git's HEAD stays where it was:
`head_stamp`, used by cajd.site.Reuse), and one `git status`. A file with uncommitted edits, a tree outside git, or a machine
without git falls back to SOURCE_DATE_EPOCH (what reproducible builds set), else to the file's own
modification time. Committed input gives the same dates on every machine with the full history.
"""

from __future__ import annotations

import os
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path


def last_changed(project_dir: Path, folder: str = "data", git_dates=None) -> dict[str, date]:
    """Map each file under `folder` (paths relative to the project, '/'-separated) to its last change.
    `git_dates`: committed_dates, or a function that gives what it would (e.g. kept from an earlier build)."""
    committed = (git_dates or committed_dates)(project_dir, folder)
    dirty = _git_dirty(project_dir, folder) if committed is not None else set()
    fallback = _epoch()
    dates: dict[str, date] = {}
    for path in sorted((project_dir / folder).rglob("*.yml")):
        rel = path.relative_to(project_dir).as_posix()
        when = None if committed is None or rel in dirty else committed.get(rel)
        if when is None:
            when = fallback if fallback is not None else datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).date()
        dates[rel] = when
    return dates


def _epoch() -> date | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(value), timezone.utc).date() if value.isdigit() else None


def _git(project_dir: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(project_dir), *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def committed_dates(project_dir: Path, folder: str) -> dict[str, date] | None:
    """The newest commit date of every file under `folder` that git knows; None outside a git work tree."""
    top = _git(project_dir, "rev-parse", "--show-prefix")
    if top is None:
        return None
    prefix = top.strip()
    out = _git(project_dir, "log", "--no-renames", "--format=@%ct", "--name-only", "--", folder)
    if out is None:
        return None
    dates: dict[str, date] = {}
    current: date | None = None
    for line in out.splitlines():
        if line.startswith("@"):
            current = datetime.fromtimestamp(int(line[1:]), timezone.utc).date()
        elif line and current is not None:
            rel = line[len(prefix):] if prefix and line.startswith(prefix) else line
            dates.setdefault(rel, current)  # git log lists the newest commit first
    return dates


def _git_dirty(project_dir: Path, folder: str) -> set[str]:
    """Files under `folder` that differ from the last commit, or that git does not track yet."""
    out = _git(project_dir, "status", "--porcelain", "--untracked-files=all", "--no-renames", "--", folder)
    return {line[3:] for line in (out or "").splitlines() if len(line) > 3}


def head_stamp(project_dir: Path) -> tuple | None:
    """What moves whenever the project's git history does (a commit, checkout, reset, merge, rebase): HEAD and
    the files git writes then, each by mtime and size; None when project_dir is not the top of its own git work
    tree, or GIT_DIR decides where the repository is (then nothing may be kept). Costs a few stat calls, no git."""
    if "GIT_DIR" in os.environ:
        return None
    dot = project_dir / ".git"
    try:
        if dot.is_file():  # a linked work tree: "gitdir: <its folder in the main repository>"
            pointer = dot.read_text(encoding="utf-8").strip()
            if not pointer.startswith("gitdir:"):
                return None
            git_dir = (project_dir / pointer.removeprefix("gitdir:").strip()).resolve()
        elif dot.is_dir():
            git_dir = dot
        else:
            return None
        common = git_dir / (git_dir / "commondir").read_text(encoding="utf-8").strip() if (git_dir / "commondir").is_file() else git_dir
        head = (git_dir / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    paths = [git_dir / "HEAD", git_dir / "logs" / "HEAD", common / "packed-refs"]
    if head.startswith("ref:"):
        paths.append(common / head.removeprefix("ref:").strip())
    return (head, *(_file_stamp(path) for path in paths))


def _file_stamp(path: Path) -> tuple[str, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return str(path), info.st_mtime_ns, info.st_size
