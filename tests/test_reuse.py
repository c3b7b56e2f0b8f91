"""What one build takes over from the last under `mkdocs serve` (cajd.site.Reuse): the same site as a build from
nothing, with only the data files whose bytes changed parsed again."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cajd import history, model, pagedeps, render, schema, views, yamlload
from cajd.errors import DataError
from cajd.site import Reuse, prepare, read_nav
from conftest import FIXTURE_DATA, make_project

_SCHEMAS = functools.cache(schema.schema_files)


@pytest.fixture(autouse=True)
def schemas_made_once(monkeypatch):
    """The JSON schemas of the downloads, which a build makes from the models when data/schema/ has none (the fixture
    data commits none): the same for every build of the same code, so made once per process here, not again by each
    build from nothing (about 0.1 s of CPU each; the test of edit after edit makes 70 builds). What a rebuild takes over
    from the last is still Reuse.code's to keep: the builds that take over from another get them from it."""
    monkeypatch.setattr(schema, "schema_files", _SCHEMAS)


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
    assert again.dataset.people is not first.dataset.people  # validated again: only the edited file's record
    assert all(again.dataset.people[k] is first.dataset.people[k] for k in first.dataset.people)
    assert again.dataset.meetings[meeting.stem] != first.dataset.meetings[meeting.stem]
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
    first = prepare(project, {}, site_url="https://example.org/", site_name="S", reuse=Reuse(pages=True))
    path = project / "data" / file
    path.write_text(path.read_text(encoding="utf-8").replace(text, replacement, 1), encoding="utf-8")
    again = prepare(project, {}, site_url="https://example.org/", site_name="S", reuse=Reuse(first.reuse, pages=True))
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
    first = prepare(project, {}, reuse=Reuse(pages=True))
    same = prepare(project, {}, reuse=Reuse(first.reuse, pages=True))
    assert _site(same) == _site(first) and same.reuse.rendered.made == 0
    home = templates / "home.md.j2"
    home.write_text(home.read_text(encoding="utf-8") + "\nA line added while serving.\n", encoding="utf-8")
    edited = prepare(project, {}, reuse=Reuse(same.reuse, pages=True))
    assert edited.reuse.rendered.made == len(edited.pages)
    assert "A line added while serving." in next(p.markdown for p in edited.pages if p.src_uri == "index.md")


# ----------------------------------------------------------------------------
# Pages rendered again only when what they read changed (cajd.pagedeps)
# ----------------------------------------------------------------------------

_TEXT_LINE = re.compile(r"^(\s*(?:- )?(?:title|name|summary|note|city|venue|text|topic|label|reason|claim|follows|capital|"
                        r"description):[ \t]+)([^|>\s\"'].*)$")


def _text_edits(data: Path, files: list[str]) -> list[tuple[str, int]]:
    """(file, line number) of the first line of each text field name in each file: a value that can be edited."""
    found = []
    for file in files:
        seen = set()
        for n, line in enumerate((data / file).read_text(encoding="utf-8").splitlines()):
            match = _TEXT_LINE.match(line)
            field = match and match.group(1).strip(" -")
            if field and field not in seen:
                seen.add(field)
                found.append((file, n))
    return found


def _edit_line(path: Path, n: int, token: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    match = _TEXT_LINE.match(lines[n].rstrip("\n"))
    lines[n] = f"{match.group(1)}{token} {match.group(2)}\n"
    path.write_text("".join(lines), encoding="utf-8")


# Edits that change what links records to each other (who came, which themes, dates), which every index reads.
STRUCTURE = [
    [("meetings/07-dushanbe-2019.yml", "themes: [tourism, regional-security]", "themes: [regional-security]")],
    [("meetings/07-dushanbe-2019.yml", "    person: salahuddin-rabbani\n    role: guest", "    person: salahuddin-rabbani\n    role: observer")],
    [("meetings/07-dushanbe-2019.yml", "date: 2019-05-18", "date: 2019-05-19"),
     ("action-plans/action-plan-2019.yml", "2019-05-18", "2019-05-19")],
    [("meetings/07-dushanbe-2019.yml", "    chair: true\n", "")],
]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_each_rebuild_after_edits_renders_only_what_changed_and_is_the_build_from_nothing(tmp_path: Path, lang):
    """Edit after edit, as under `mkdocs serve` (each rebuild taking over from the last): every text field's first
    line in every data file (in Japanese, in every translation file), then edits of what links the records.
    Each rebuild equals a fresh build; unchanged pages are taken over, not rendered."""
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    data = project / "data"
    # The nav read once, as MkDocs gives it to the hooks (no edit here touches mkdocs.yml): not parsed by each build.
    kw = dict(site_url="https://example.org/", site_name="S", lang=lang, nav=read_nav(project / "mkdocs.yml"))
    files = sorted(p.relative_to(data).as_posix() for p in (data / "i18n" / lang if lang != "en" else data).rglob("*.yml")
                   if lang != "en" or p.relative_to(data).parts[0] != "i18n")
    last = prepare(project, {}, reuse=Reuse(pages=True), **kw)
    made = []
    for k, (file, n) in enumerate(_text_edits(data, files)):
        _edit_line(data / file, n, f"Zq{k}")
        try:
            again = prepare(project, {}, reuse=Reuse(last.reuse, pages=True), **kw)
        except DataError:  # e.g. a field that must be a known name: not an edit an editor makes
            (data / file).write_text((data / file).read_text(encoding="utf-8").replace(f"Zq{k} ", "", 1), encoding="utf-8")
            continue
        assert _site(again) == _site(prepare(project, {}, **kw)), f"{file}:{n + 1}"
        made.append(again.reuse.rendered.made)
        last = again
    for edits in STRUCTURE:
        for file, text, replacement in edits:
            path = data / file
            assert text in path.read_text(encoding="utf-8")
            path.write_text(path.read_text(encoding="utf-8").replace(text, replacement, 1), encoding="utf-8")
        again = prepare(project, {}, reuse=Reuse(last.reuse, pages=True), **kw)
        assert _site(again) == _site(prepare(project, {}, **kw)), edits
        last = again
    assert len(made) > (25 if lang == "en" else 8)
    assert min(made) < len(last.pages) // 4  # most edits render a few pages again
    assert max(made) >= len(last.pages) // 4  # and some many (a theme's or a country's name is on every page that lists it)


def test_a_page_is_rendered_again_when_and_only_when_a_field_it_read_changed(tmp_path: Path):
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    first = prepare(project, {}, reuse=Reuse(pages=True))
    unchanged = prepare(project, {}, reuse=Reuse(first.reuse, pages=True))
    assert unchanged.reuse.rendered.made == 0 and _site(unchanged) == _site(first)
    meeting = project / "data/meetings/07-dushanbe-2019.yml"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("summary: ", "summary: Zqedited ", 1), encoding="utf-8")
    edited = prepare(project, {}, reuse=Reuse(unchanged.reuse, pages=True))
    kept = {uri for uri, page in edited.reuse.rendered.pages.items() if page is unchanged.reuse.rendered.pages[uri]}
    remade = {p.src_uri for p in edited.pages} - kept
    assert {"meetings/07-dushanbe-2019.md", "timeline.md"} <= remade
    assert "people/taro-kono.md" in kept and "sources/index.md" not in remade  # they show no summary
    assert all(((("meetings", "07-dushanbe-2019"), "summary") in edited.reuse.rendered.pages[uri].reads) for uri in remade)


# Edits of a value that only some pages show, inside records that values made once for many pages reach: a summary
# (the timeline's entries, the formats' meetings: read when a page shows it), a participant's title (in a meeting's
# participants, which the indexes read), an Action Plan item's text (in the plan's fields and items). Only the
# pages that show the edit are rendered again: not the home page, the comparison of formats, the contributing
# page's counts of the downloads or, for the last two, every page.
ONE_PLACE = [
    ("meetings/07-dushanbe-2019.yml", "summary: ", "summary: Zqedited "),
    ("action-plans/action-plan-2019.yml", "summary: ", "summary: Zqedited "),
    ("events.yml", "summary: ", "summary: Zqedited "),
    ("meetings/07-dushanbe-2019.yml", "title: Minister for Foreign Affairs", "title: Zqedited Minister for Foreign Affairs"),
    ("action-plans/action-plan-2019.yml", "text: Promote", "text: Zqedited Promote"),
]


@pytest.mark.parametrize("file, text, replacement", ONE_PLACE, ids=[f"{e[0]}:{e[1].strip(': ')}" for e in ONE_PLACE])
def test_an_edit_renders_again_only_the_pages_that_show_it(tmp_path: Path, file: str, text: str, replacement: str):
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    first = prepare(project, {}, reuse=Reuse(pages=True))
    path = project / "data" / file
    assert text in path.read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace(text, replacement, 1), encoding="utf-8")
    edited = prepare(project, {}, reuse=Reuse(first.reuse, pages=True))
    assert _site(edited) == _site(prepare(project, {}))
    remade = {uri for uri, kept in edited.reuse.rendered.pages.items() if kept is not first.reuse.rendered.pages[uri]}
    showing = {p.src_uri for p in edited.pages if "Zqedited" in p.markdown or "Zqedited" in p.description}
    assert remade == showing
    assert not {"formats/index.md", "about/contributing.md"} & remade


def test_reads_are_noted_only_while_rendering(tmp_path: Path):
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    build = prepare(project, {})
    assert "__getattribute__" not in vars(model.Record)
    assert not any("__getattribute__" in vars(cls) for cls in (views.Views, views.Figures))

    def broken(keep):
        keep("index.md", lambda: 1 / 0)

    with pytest.raises(ZeroDivisionError):
        pagedeps.render(broken, build.dataset, (), None)
    assert "__getattribute__" not in vars(model.Record)


def test_a_record_read_that_is_not_in_the_dataset_renders_the_page_every_time(tmp_path: Path):
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    ds = prepare(project, {}).dataset
    stranger = next(iter(ds.people.values())).model_copy()
    made = []

    def render_with(keep):
        return [keep("a.md", lambda: made.append("a") or stranger.name), keep("b.md", lambda: made.append("b") or "b")]

    first = pagedeps.render(render_with, ds, (), None)[1]
    second = pagedeps.render(render_with, ds, (), first)[1]
    assert made == ["a", "b", "a"]
    assert pagedeps.UNKNOWN in second.pages["a.md"].reads


def test_a_message_added_to_a_template_is_checked_at_the_next_rebuild(tmp_path: Path, monkeypatch):
    """The catalog check's extraction of the messages is kept while no file it reads changed, not for the process:
    under `mkdocs serve`, a template edited to show a new message is reported at the next rebuild as untranslated."""
    from cajd import languages

    (tmp_path / "t").mkdir()
    (tmp_path / "babel.cfg").write_text("[jinja2: t/**.j2]\ntrimmed = true\n", encoding="utf-8")
    template = tmp_path / "t" / "page.j2"
    template.write_text('{{ _("One") }}\n', encoding="utf-8")
    monkeypatch.setattr(languages, "BABEL_CFG", tmp_path / "babel.cfg")
    assert languages.extracted_messages() == {"One"}
    assert languages.extracted_messages() is languages.extracted_messages()  # the files unchanged: not read again
    template.write_text('{{ _("One") }} {{ _("Two") }}\n', encoding="utf-8")
    assert languages.extracted_messages() == {"One", "Two"}
