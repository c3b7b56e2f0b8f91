"""The registry of record kinds: every part of the site follows it, links agree with MkDocs."""

from __future__ import annotations

import re

from mkdocs.utils import get_relative_url

from cajd import export, kinds, schema
from cajd.dataset import load_dataset
from cajd.model import Highlight
from cajd.render import TEMPLATES, page_url, relative_url, render_site
from cajd.site import nav_pages, read_nav

from conftest import FIXTURE_DATA, ROOT


def _mkdocs_url(src_uri: str) -> str:
    """A page's URL as MkDocs' File.url gives it with use_directory_urls: the home page is './'."""
    return page_url(src_uri) or "./"


def test_relative_links_agree_with_mkdocs_get_relative_url_for_every_pair_of_pages():
    uris = [p.src_uri for p in render_site(load_dataset(FIXTURE_DATA))]
    for here in uris:
        for there in uris:
            assert relative_url(here, there) == get_relative_url(_mkdocs_url(there), _mkdocs_url(here)), (here, there)
            expected = get_relative_url(_mkdocs_url(there), _mkdocs_url(here))
            anchored = "#a" if here == there else f"{expected}#a"
            assert relative_url(here, there + "#a") == anchored, (here, there)


def test_every_record_with_a_template_gets_its_page_at_its_kinds_address():
    ds = load_dataset(FIXTURE_DATA)
    uris = {p.src_uri for p in render_site(ds)}
    for kind in kinds.KINDS:
        if kind.template:
            for record_id in getattr(ds, kind.name):
                assert kinds.page_uri(kind.name, record_id) in uris, (kind.name, record_id)
        if kind.index_template:
            assert kind.index in uris and kinds.page_uri(kind.name) == kind.index
    assert kinds.page_uri("plans", "p", "item-a") == "action-plans/p.md#item-a"
    assert kinds.page_uri("events", "e") == "timeline.md#event-e"
    assert kinds.page_uri("timeline") == "timeline.md"


def test_every_kind_is_loaded_downloaded_and_has_a_schema():
    ds = load_dataset(FIXTURE_DATA)
    files = export.downloads(ds)
    for kind in kinds.KINDS:
        assert isinstance(getattr(ds, kind.name), dict)
        if kind.schema:
            assert f"{kind.schema}.json" in schema.schema_files()
            assert (ROOT / "data" / schema.SCHEMA_FOLDER / f"{kind.schema}.json").is_file()
        if kind.download:
            for record_id in getattr(ds, kind.name):
                assert export.record_uri(kind.name, record_id) in files


def test_no_template_spells_out_a_page_path():
    for template in TEMPLATES.glob("*.j2"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"""['"][\w/-]*\.md\b""", text), f"{template.name} writes a page path by hand; use link()"


def test_the_nav_comes_from_mkdocs_yml():
    pages = nav_pages(read_nav(ROOT / "mkdocs.yml"))
    assert {"index.md", "timeline.md", "meetings/index.md", "about/sources.md", "about/index.md"} <= pages
    assert not any(p.startswith("meetings/") and p != "meetings/index.md" for p in pages)
    assert nav_pages(["a.md", {"T": "b.md"}, {"S": ["c/index.md", {"U": "d.md"}, {"X": "https://x.org/"}]}]) == {
        "a.md", "b.md", "c/index.md", "d.md"}


def test_a_derived_kind_is_read_from_its_parents_records_with_their_lines(monkeypatch):
    """A kind whose records are nested in another kind's (as highlights are in meetings) loads with no other edit."""
    class Note(Highlight):
        id: str

    def derive(meeting):
        for i, h in enumerate(meeting.highlights):
            yield ("highlights", i), Note(id=f"{meeting.id}-{i + 1}", text=h.text, sources=h.sources)

    toy = kinds.Kind("notes", Note, parent="meetings", derive=derive)
    monkeypatch.setattr(kinds, "KINDS", kinds.KINDS + (toy,))
    monkeypatch.setattr("cajd.dataset.KINDS", kinds.KINDS)
    ds = load_dataset(FIXTURE_DATA)
    meeting = next(mt for mt in ds.meetings.values() if mt.highlights)
    note = ds.notes[f"{meeting.id}-1"]
    assert note.text == meeting.highlights[0].text
    origin = ds.origin("notes", note.id)
    assert origin.file == ds.origin("meetings", meeting.id).file and origin.prefix == ("highlights", 0)
    lines = (FIXTURE_DATA / origin.file.removeprefix("data/")).read_text(encoding="utf-8").splitlines()
    assert "highlights" in lines[origin.line() - 1] or lines[origin.line() - 1].lstrip().startswith("-")
    assert meeting.highlights[0].text[:20] in lines[origin.line("text") - 1]
