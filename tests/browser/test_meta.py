"""Every built page has a unique <title> and a meta description drawn from its data.

Search engines and Lighthouse's SEO audit read both. These tests read the built HTML;
they need no browser.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from cajd import languages
from cajd.dataset import load_dataset
from cajd.render import page_url, render_site
from cajd.translation import translate

from conftest import FIXTURE_DATA, ROOT, run_build


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.titles: list[str] = []
        self.descriptions: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
            self.titles.append("")
        elif tag == "meta" and attrs.get("name") == "description":
            self.descriptions.append(attrs.get("content") or "")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.titles[-1] += data


def head_of(page: Path) -> tuple[list[str], list[str]]:
    text = page.read_text()
    parser = _Head()
    parser.feed(text[: text.index("</head>")])
    return [" ".join(t.split()) for t in parser.titles], parser.descriptions


def built_pages(site: Path) -> list[Path]:
    """Every page of the site; 404.html is served for missing URLs, not a page of its own."""
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html" and "search" not in p.parts)


def expected_descriptions(data: Path) -> dict[str, str]:
    """Built path -> the description the hooks give the page, drawn from its data, in every language (English at the
    root, the others under /<code>/); the About page's is in the front matter of the page or its translation."""
    english = load_dataset(data)
    english_about = ROOT / "docs/about/index.md"
    expected = {}
    for code in languages.LANGUAGES:
        root = languages.root_of(code)
        if code == languages.DEFAULT:
            pages = render_site(english)
            about = english_about
        else:
            t = translate(english, data, code, languages.locale_for(code))
            pages = render_site(t.dataset, t.dataset.locale, t.spellings)
            about = data / "i18n" / code / "pages/about/index.md"
        expected |= {root + page_url(p.src_uri) + "index.html": p.description for p in pages}
        # A translation without a description in its front matter keeps the English page's, as hooks/main.py does.
        expected[root + "about/index.html"] = front_matter_description(about) or front_matter_description(english_about)
    return expected


def front_matter_description(page: Path) -> str | None:
    """The page's description as MkDocs reads it from its front matter; None without one (or without the page)."""
    return get_data(page.read_text(encoding="utf-8"))[1].get("description") if page.exists() else None


@pytest.fixture(params=["fixture", "real"])
def site_and_data(request) -> tuple[Path, Path]:
    if request.param == "fixture":
        return request.getfixturevalue("fixture_site"), FIXTURE_DATA
    return request.getfixturevalue("real_site"), ROOT / "data"


def test_every_page_has_one_unique_title(site_and_data):
    site, _ = site_and_data
    titles = {}
    for page in built_pages(site):
        found, _ = head_of(page)
        assert len(found) == 1 and found[0].strip(), f"{page.relative_to(site)}: titles {found}"
        titles[page.relative_to(site).as_posix()] = found[0]
    twice = {t: [p for p, t2 in titles.items() if t2 == t] for t, n in Counter(titles.values()).items() if n > 1}
    assert not twice, f"titles used by more than one page: {twice}"


def test_every_page_has_a_description_drawn_from_its_data(site_and_data):
    site, data = site_and_data
    expected = expected_descriptions(data)
    pages = built_pages(site)
    assert {p.relative_to(site).as_posix() for p in pages} == set(expected), "pages without a known description"
    for page in pages:
        rel = page.relative_to(site).as_posix()
        _, found = head_of(page)
        assert len(found) == 1, f"{rel}: {len(found)} meta descriptions"
        shortest = 10 if rel.startswith("ja/") else 20  # Japanese says in 10 characters what English says in 20
        assert len(found[0]) >= shortest, f"{rel}: description too short: {found[0]!r}"
        assert found[0] == expected[rel], f"{rel}: description {found[0]!r} is not the one drawn from the data {expected[rel]!r}"


def test_description_with_quotes_and_angle_brackets_is_escaped_in_the_head(project: Path):
    """Material writes the description into an attribute as it is; the hooks escape it."""
    meeting = project / "data/meetings/07-dushanbe-2019.yml"
    meeting.write_text(meeting.read_text().replace(
        "summary: The ministers met in Dushanbe. They discussed tourism and security.",
        "summary: 'The ministers said \"tourism\" & <b>security</b> in Dushanbe.'"))
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    page = project / "site/meetings/07-dushanbe-2019/index.html"
    head = page.read_text().split("</head>")[0]
    assert "<b>security</b>" not in head
    _, found = head_of(page)
    assert found == ['The ministers said "tourism" & <b>security</b> in Dushanbe.']


@pytest.mark.parametrize("lang", ["ja", "ru"])
def test_translated_about_page_shows_its_front_matter_as_metadata_not_as_text(real_site, lang):
    body = (real_site / lang / "about/index.html").read_text(encoding="utf-8").split("</head>", 1)[1]
    assert "description:" not in body, f"/{lang}/about/ shows its front matter as text"
