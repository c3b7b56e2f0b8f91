"""Last-changed dates from git history, with the fallbacks that keep builds reproducible."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

from cajd.history import last_changed


def _git(repo: Path, *args: str, when: str | None = None) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _write(repo: Path, rel: str, text: str) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_each_file_gets_the_date_of_its_newest_commit(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    _git(tmp_path, "init", "-q")
    _write(tmp_path, "data/people.yml", "people: []\n")
    _write(tmp_path, "data/meetings/a.yml", "id: a\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "first", when="2020-01-02T12:00:00+00:00")
    _write(tmp_path, "data/meetings/a.yml", "id: a\nnote: changed\n")
    _git(tmp_path, "commit", "-q", "-am", "second", when="2021-03-04T12:00:00+00:00")
    dates = last_changed(tmp_path)
    assert dates == {"data/meetings/a.yml": date(2021, 3, 4), "data/people.yml": date(2020, 1, 2)}


def test_an_uncommitted_edit_takes_source_date_epoch(tmp_path, monkeypatch):
    _git(tmp_path, "init", "-q")
    _write(tmp_path, "data/people.yml", "people: []\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "first", when="2020-01-02T12:00:00+00:00")
    _write(tmp_path, "data/people.yml", "people: [x]\n")
    _write(tmp_path, "data/new.yml", "x: 1\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    assert last_changed(tmp_path) == {"data/new.yml": date(2023, 11, 14), "data/people.yml": date(2023, 11, 14)}


def test_a_project_inside_a_larger_repository_strips_the_prefix(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    _git(tmp_path, "init", "-q")
    _write(tmp_path, "site/data/people.yml", "people: []\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "first", when="2022-06-07T12:00:00+00:00")
    assert last_changed(tmp_path / "site") == {"data/people.yml": date(2022, 6, 7)}


def test_outside_git_source_date_epoch_decides(tmp_path, monkeypatch):
    _write(tmp_path, "data/people.yml", "people: []\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))  # no repository above tmp_path counts
    assert last_changed(tmp_path) == {"data/people.yml": date(2023, 11, 14)}
