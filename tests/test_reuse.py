"""What one build takes over from the last under `mkdocs serve` (cajd.site.Reuse): the same site as a build from
nothing, with only the data files whose bytes changed parsed again."""

from __future__ import annotations

import shutil
from pathlib import Path

from cajd import render, yamlload
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
