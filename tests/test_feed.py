"""The Atom feed and the citation meta tags of the built site, read as a feed reader and a
reference manager would read them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cajd import views
from cajd.dataset import load_dataset
from conftest import ROOT

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")
IRI = re.compile(r"^[a-z][a-z0-9+.-]*:\S+$")


def check_atom(root: ET.Element) -> None:
    """The MUSTs of RFC 4287 that a feed like ours can break (sections 4.1.1, 4.1.2, 4.2)."""
    assert root.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{A}{name}")) == 1, f"feed needs exactly one {name}"
    assert IRI.match(root.findtext(f"{A}id")), "atom:id must be an absolute IRI"
    assert RFC3339.match(root.findtext(f"{A}updated"))
    feed_has_author = root.find(f"{A}author/{A}name") is not None
    assert [link.get("rel") for link in root.findall(f"{A}link") if link.get("rel") == "self"] == ["self"]
    ids = set()
    for entry in root.findall(f"{A}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{name}")) == 1, f"entry needs exactly one {name}"
        entry_id = entry.findtext(f"{A}id")
        assert IRI.match(entry_id) and entry_id not in ids
        ids.add(entry_id)
        assert RFC3339.match(entry.findtext(f"{A}updated")) and RFC3339.match(entry.findtext(f"{A}published"))
        assert feed_has_author or entry.find(f"{A}author/{A}name") is not None
        alternates = [link for link in entry.findall(f"{A}link") if link.get("rel", "alternate") == "alternate"]
        assert len(alternates) == 1 and alternates[0].get("href", "").startswith("https://")
        assert entry.find(f"{A}content") is not None or alternates, "an entry without content needs an alternate link"


@pytest.fixture(scope="module")
def feed(real_site: Path) -> ET.Element:
    return ET.parse(real_site / "feed.xml").getroot()


def test_the_feed_is_atom_and_its_entries_are_the_timeline_newest_first(feed: ET.Element):
    check_atom(feed)
    entries = views.Views(load_dataset(ROOT / "data")).timeline
    ids = [e.findtext(f"{A}id").rsplit("#", 1)[1] for e in feed.findall(f"{A}entry")]
    assert sorted(ids) == sorted(e.anchor for e in entries)
    published = [e.findtext(f"{A}published") for e in feed.findall(f"{A}entry")]
    assert published == sorted(published, reverse=True)
    by_anchor = {e.anchor: e for e in entries}
    for entry in feed.findall(f"{A}entry"):
        source = by_anchor[entry.findtext(f"{A}id").rsplit("#", 1)[1]]
        assert entry.findtext(f"{A}summary") == source.summary
        assert source.title in entry.findtext(f"{A}title")
        assert entry.findtext(f"{A}published").startswith(str(source.date))


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.feeds: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name", "").startswith("citation_"):
            self.meta.setdefault(a["name"], []).append(a.get("content", ""))
        if tag == "link" and a.get("rel") == "alternate" and a.get("type") == "application/atom+xml":
            self.feeds.append(a["href"])


def head_of(path: Path) -> _Head:
    """The page's head, parsed (the body, most of the page, is left unparsed)."""
    text = path.read_text(encoding="utf-8")
    parser = _Head()
    parser.feed(text[: text.index("</head>")])
    return parser


def test_every_page_announces_the_feed(real_site: Path):
    for page in real_site.rglob("index.html"):
        assert len(head_of(page).feeds) == 1, page


@pytest.mark.parametrize("page", ["meetings/07-dushanbe-2019", "people/taro-kono", "countries/kz", "themes/tourism",
                                  "action-plans/action-plan-2006"])
def test_record_pages_carry_what_a_reference_manager_imports(real_site: Path, page: str):
    """Zotero's embedded-metadata import reads citation_title, citation_date and the address."""
    head = head_of(real_site / page / "index.html")
    assert len(head.meta["citation_title"]) == 1 and head.meta["citation_title"][0]
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", head.meta["citation_date"][0])
    assert head.meta["citation_public_url"][0].endswith(f"/{page}/")
    assert head.meta["citation_publisher"] == ["Central Asia + Japan Dialogue"]
    html = (real_site / page / "index.html").read_text(encoding="utf-8")
    assert f'datetime="{head.meta["citation_date"][0].replace("/", "-")}"' in html  # the same day is shown
    for suffix in ("bib", "ris", "json"):
        assert (real_site / "cite" / f"{page}.{suffix}").is_file()


def test_index_pages_have_no_citation(real_site: Path):
    assert "citation_title" not in head_of(real_site / "meetings" / "index.html").meta
