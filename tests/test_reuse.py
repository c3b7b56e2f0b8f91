"""What one build takes over from the last under `mkdocs serve` (cajd.site.Reuse): the same site as a build from
nothing, with only the data files whose bytes changed parsed again."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cajd import history, render, yamlload
from cajd.site import Reuse, prepare
from conftest import FIXTURE_DATA, make_project


def _site(build) -> tuple:
    return [(p.src_uri, p.markdown, p.title, p.description, p.edit_path) for p in build.pages], build.files


def test_a_rebuild_with_reuse_is_the_build_from_nothing(tmp_path: Path, monkeypatch):
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    first = prepare(project, {}, site_url="https://example.org/", site_name="S")
    meeting = sorted((project / "data" / "meetings").glob("*.yml"))[0]
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace("summary: ", "summary: Edited. ", 1), encoding="utf-8")
    parsed: list[str] = []
    parse = yamlload.parse_yaml
    monkeypatch.setattr(yamlload, "parse_yaml", lambda raw, display: parsed.append(display) or parse(raw, display))
    again = prepare(project, {}, site_url="https://example.org/", site_name="S", reuse=Reuse(first.reuse))
    assert parsed == [f"data/meetings/{meeting.name}"]  # only the edited file
    monkeypatch.undo()
    fresh = prepare(project, {}, site_url="https://example.org/", site_name="S")
    assert _site(again) == _site(fresh)
    assert any("Edited." in p.markdown for p in again.pages)


# (file, text, replacement, pages besides the record's own that show it): edits whose effect reaches other pages.
EDITS = [
    ("meetings/07-dushanbe-2019.yml", "summary: ", "summary: Zqedited ", ["timeline.md"]),
    ("people.yml", "name: Sirodjidin Muhriddin", "name: Sirodjidin Zqedited", ["people/index.md", "meetings/07-dushanbe-2019.md"]),
    ("themes.yml", "title: Tourism", "title: Zqedited tourism", ["themes/index.md", "meetings/07-dushanbe-2019.md"]),
]


@pytest.mark.parametrize("file, text, replacement, shown_on", EDITS, ids=[e[0] for e in EDITS])
def test_a_rebuild_after_an_edit_is_the_build_from_nothing_on_every_page(tmp_path: Path, file, text, replacement, shown_on):
    """Every page and file, including those that show the edited record only indirectly (index pages, the timeline,
    other records' pages, the feed, the citations, the downloads), equals a fresh build of the edited data."""
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    first = prepare(project, {}, site_url="https://example.org/", site_name="S")
    path = project / "data" / file
    path.write_text(path.read_text(encoding="utf-8").replace(text, replacement, 1), encoding="utf-8")
    again = prepare(project, {}, site_url="https://example.org/", site_name="S", reuse=Reuse(first.reuse))
    fresh = prepare(project, {}, site_url="https://example.org/", site_name="S")
    assert _site(again) == _site(fresh)
    showing = {p.src_uri for p in again.pages if "Zqedited" in p.markdown}
    assert set(shown_on) <= showing, showing
    assert _site(again) != _site(first)


def _git(repo: Path, *args: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_AUTHOR_DATE="2020-01-02T12:00:00+00:00",
               GIT_COMMITTER_DATE="2020-01-02T12:00:00+00:00")
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_git_history_is_read_again_only_when_head_moved(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("GIT_DIR", raising=False)
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "first")
    logs: list[Path] = []
    real = history.committed_dates
    monkeypatch.setattr(history, "committed_dates", lambda where, folder: logs.append(where) or real(where, folder))
    first = prepare(project, {})
    meeting = project / "data/meetings/07-dushanbe-2019.yml"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("summary: ", "summary: Edited. ", 1), encoding="utf-8")
    edited = prepare(project, {}, reuse=Reuse(first.reuse))
    assert len(logs) == 1  # an edit is not a commit
    assert edited.changed == history.last_changed(project)  # the edited file is dated as uncommitted
    _git(project, "commit", "-q", "-am", "second")
    committed = prepare(project, {}, reuse=Reuse(edited.reuse))
    assert len(logs) == 3  # HEAD moved: read again (and once by the check above)
    assert committed.changed == history.last_changed(project)


def test_a_file_that_cannot_be_read_is_the_same_problem(tmp_path: Path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "x.yml").symlink_to(tmp_path / "elsewhere.yml")
    assert Reuse().load_yaml(folder / "x.yml", "data/x.yml") == yamlload.load_yaml(folder / "x.yml", "data/x.yml")


def test_code_products_are_made_once_for_the_code():
    made: list[int] = []
    first = Reuse()
    assert first.code("thing", lambda: made.append(1) or "made") == "made"
    assert Reuse(first).code("thing", lambda: made.append(2) or "again") == "made"
    assert made == [1]


def test_an_edited_template_is_read_again(tmp_path: Path, monkeypatch):
    templates = tmp_path / "templates"
    shutil.copytree(render.TEMPLATES, templates)
    monkeypatch.setattr(render, "TEMPLATES", templates)
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    first = prepare(project, {})
    same = prepare(project, {}, reuse=Reuse(first.reuse))
    assert _site(same) == _site(first)
    home = templates / "home.md.j2"
    home.write_text(home.read_text(encoding="utf-8") + "\nA line added while serving.\n", encoding="utf-8")
    edited = prepare(project, {}, reuse=Reuse(same.reuse))
    assert "A line added while serving." in next(p.markdown for p in edited.pages if p.src_uri == "index.md")
