"""The site in Japanese and Russian, in Chromium: search in each language, the language selector, the fonts,
and no English interface text.

The accessibility, 375 px and no-request checks of the other browser tests run on the Japanese and Russian
sites too (the `any_pages` fixture). The check for English text (check_no_english_interface_text) depends on a
page's template and its data: like axe, it runs on one page of every kind in `make test` and every page in
`make test-all`, in test_page_kinds.py with the other checks of the same page load.
The hreflang links are in the built HTML as the browser gets it: they are read from the files, on every page.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect

from cajd import languages

from english_text import english_runs

from .conftest import Pages
from .test_flows import search, type_search

# A Japanese surname in kanji and a Russian one in Cyrillic, as those languages' sources write them.
SEARCHES = [("ja", "河野", "taro-kono", "河野太郎"), ("ru", "Камилов", "abdulaziz-kamilov", "Абдулазиз Камилов")]


@pytest.fixture(params=["ja", "ru"])
def lang_pages(browser, request):
    from .conftest import _watched_pages

    yield from _watched_pages(browser, request, request.param)


@pytest.mark.parametrize(("lang", "query", "person", "name"), SEARCHES)
def test_search_finds_a_person_by_the_name_in_that_language(browser, request, lang, query, person, name):
    from .conftest import _watched_pages

    for pages in _watched_pages(browser, request, lang):
        page = pages.new()
        page.goto("")
        type_search(page, query)
        results = page.locator(".md-search-result__list a.md-search-result__link")
        link = results.and_(page.locator(f'[href*="people/{person}/"]'))
        expect(link.first).to_be_visible()
        link.first.click()
        expect(page).to_have_url(re.compile(rf"/{lang}/people/{person}/(\?.*)?$"))
        expect(page.locator("h1")).to_contain_text(name)


def test_the_language_selector_leads_to_the_same_page(lang_pages: Pages):
    page = lang_pages.new()
    person = lang_pages.kinds["person"]
    page.goto(person)
    expect(page.locator("html")).to_have_attribute("lang", lang_pages.name)
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="en"]').click()
    expect(page).to_have_url(re.compile(rf"/(?<!{lang_pages.name}/){re.escape(person)}$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    other = "ru" if lang_pages.name == "ja" else "ja"
    page.locator(".md-header__option .md-select").hover()
    page.locator(f'.md-select__link[hreflang="{other}"]').click()
    expect(page).to_have_url(re.compile(rf"/{other}/{re.escape(person)}$"))
    expect(page.locator("html")).to_have_attribute("lang", other)


class _HeadLinks(HTMLParser):
    """hreflang -> href of the <link> elements (Material writes them in the head; no script changes them)."""

    def __init__(self):
        super().__init__()
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "hreflang" in attrs:
            self.found[attrs["hreflang"]] = attrs.get("href")


@pytest.mark.parametrize("lang", ["ja", "ru"])
def test_every_page_has_hreflang_links_for_all_three_and_x_default(real_site: Path, lang: str):
    root = real_site / lang
    pages = sorted(root.rglob("index.html"))
    assert len(pages) > 100, f"only {len(pages)} pages in {root}"
    for file in pages:
        path = file.parent.relative_to(root).as_posix() + "/"
        path = "" if path == "./" else path
        parser, text = _HeadLinks(), file.read_text(encoding="utf-8")
        parser.feed(text[: text.index("</head>")])
        found = parser.found
        assert set(found) == {"en", "ja", "ru", "x-default"}, f"{path}: {found}"
        assert found["x-default"] == found["en"] and found[lang].endswith(f"/{lang}/{path}"), f"{path}: {found}"


@functools.cache
def _english_labels(lang: str) -> tuple[str, ...]:
    """The catalog's English messages that the language translates differently, as visible text (no placeholders)."""
    with languages.po_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang)
    labels = []
    for message in catalog:
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        string = message.string if isinstance(message.string, str) else message.string[0]
        if not msgid or msgid == string:
            continue
        for part in re.split(r"%\(\w+\)\w|<[^>]+>", msgid):
            part = part.strip(" .,:;()")
            # Phrases of two words or more: a single word (Japan, held, item) also occurs in English data and titles.
            if len(part) >= 10 and " " in part and re.search(r"[A-Za-z]{3}", part):
                labels.append(part)
    return tuple(sorted(set(labels), key=len, reverse=True))


def check_no_english_interface_text(page, lang: str, which: str) -> None:
    """The page's visible text is in the page's language, outside text marked as another language (data not yet
    translated, source titles, quotations in `lang="en"`) and code: no catalog message shows in English, and no
    run of two or more English words is left that never went through the catalog (tests/english_text.py says what
    may stay English, and why). Run on every kind of page of the Japanese and Russian sites by test_page_kinds.py."""
    text = page.evaluate(
        """() => {
            const copy = document.body.cloneNode(true);
            copy.querySelectorAll('[lang]:not([lang="' + document.documentElement.lang + '"]), script, style, code, pre')
                .forEach(el => el.remove());
            return copy.innerText;
        }"""
    )
    # `in` first: a regular expression for each label is slow on a long page
    found = [label for label in _english_labels(lang)
             if label in text and re.search(rf"(?<![A-Za-z]){re.escape(label)}(?![A-Za-z])", text)]
    assert not found, f"{which} shows English interface text: {found[:10]}"
    runs = english_runs(text)
    assert not runs, f"{which} shows English words not marked lang=\"en\": {runs[:10]}"


def test_japanese_is_drawn_with_a_system_font_and_no_font_is_downloaded(browser, request):
    from .conftest import _watched_pages

    for pages in _watched_pages(browser, request, "ja"):
        page = pages.new()
        fonts_requested = []
        page.on("request", lambda r: fonts_requested.append(r.url) if r.resource_type == "font" else None)
        page.goto(pages.kinds["person"])
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        h1 = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
        used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": h1})["fonts"]
        assert used and not any(f["isCustomFont"] for f in used), used
        assert any(re.search(r"CJK|Gothic|Hiragino|Meiryo|Yu |Noto Sans JP|IPA", f["familyName"]) for f in used), used
        assert not fonts_requested
