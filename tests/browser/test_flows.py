"""What a reader does, end to end, in Chromium: navigate, filter, search, switch schemes.

The layout check at 375 px (check_no_horizontal_scroll) depends on a page's template: like axe, it runs on one page
of every kind in every language in `make test`, and on every page of every site in `make test-all`
(test_page_kinds.py, which loads each page once for all such checks).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cajd.dataset import load_dataset

from conftest import FIXTURE_DATA, ROOT

from .conftest import MOBILE
from .siteserver import SEARCH_INDEX


def entries_matching(page: Page, countries=(), themes=()) -> int:
    """How many timeline entries carry one of the countries and one of the themes (as the filter means), read from the markup."""
    selector = "ol.cajd-tl:not(.cajd-tl--compact) > li.cajd-tl__entry"
    if countries:
        selector_variants = [selector + f'[data-countries~="{c}"]' for c in countries]
    else:
        selector_variants = [selector]
    if themes:
        selector_variants = [s + f'[data-themes~="{t}"]' for s in selector_variants for t in themes]
    return page.locator(", ".join(selector_variants)).count()


def visible_entries(page: Page):
    return page.locator("ol.cajd-tl:not(.cajd-tl--compact) > li.cajd-tl__entry:visible")


def heading(page: Page, text: str) -> None:
    """The page's h1 reads `text` (Material adds a ¶ permalink to it)."""
    expect(page.locator("h1")).to_have_text(re.compile(rf"^\s*{re.escape(text)}\s*¶?\s*$"))


def chip(page: Page, name: str):
    return page.locator(".cajd-filter").get_by_role("button", name=name, exact=True)


# ----------------------------------------------------------------------------
# Home -> timeline -> filter -> meeting -> participant -> country
# ----------------------------------------------------------------------------


def test_home_to_timeline_filter_meeting_participant_and_country(pages):
    page = pages.new()
    page.goto("")
    heading(page, "Central Asia + Japan Dialogue")

    page.locator(".md-tabs").get_by_role("link", name="Timeline").click()
    expect(page).to_have_url(re.compile(r"/timeline/$"))
    total = page.locator("ol.cajd-tl > li.cajd-tl__entry").count()
    status = page.get_by_role("status")
    expect(status).to_have_text(f"Showing all {total} entries.")

    chip(page, "Tajikistan").click()
    expect(chip(page, "Tajikistan")).to_have_attribute("aria-pressed", "true")
    expect(page).to_have_url(re.compile(r"/timeline/\?country=tj$"))
    shown = entries_matching(page, countries=["tj"])
    assert 0 < shown < total
    expect(status).to_have_text(f"Showing {shown} of {total} entries.")
    expect(visible_entries(page)).to_have_count(shown)
    for entry in visible_entries(page).all():
        assert "tj" in entry.get_attribute("data-countries").split()

    page.locator("li.cajd-tl__entry--meeting:visible .cajd-tl__title a").first.click()
    expect(page).to_have_url(re.compile(r"/meetings/07-dushanbe-2019/$"))
    expect(page.locator("h1")).to_contain_text("Dushanbe")

    roster = page.locator("table.cajd-roster")
    tajik_row = roster.locator("tbody tr").filter(has=page.get_by_role("rowheader", name="Tajikistan"))
    tajik_row.get_by_role("link", name="Sirodjidin Muhriddin").click()
    expect(page).to_have_url(re.compile(r"/people/sirodjidin-muhriddin/$"))
    heading(page, "Sirodjidin Muhriddin")

    page.locator(".cajd-kicker").get_by_role("link", name="Tajikistan").click()
    expect(page).to_have_url(re.compile(r"/countries/tj/$"))
    heading(page, "Tajikistan")
    # The country page leads back to the person and the meeting.
    expect(page.locator("table.cajd-roster").get_by_role("link", name="Sirodjidin Muhriddin")).to_be_visible()


# ----------------------------------------------------------------------------
# Search
# ----------------------------------------------------------------------------


SEARCH_BOX = {"en": "Search", "ja": "検索", "ru": "Поиск"}  # its accessible name in Material's own translations
DUSHANBE = {"en": "Dushanbe", "ja": "ドゥシャンベ", "ru": "Душанбе"}  # a venue in both datasets, as each language writes it


def type_search(page: Page, query: str) -> None:
    """Type a query into Material's search box, as a reader does, once its search is ready.

    Material reads the box on `keyup` (and once when its index is ready). Playwright types a character that is
    not on its US keyboard (Cyrillic, kanji) as inserted text, with no key events, so a query in Japanese or
    Russian typed after the index is ready would never reach the search: End, pressed last, gives the `keyup`
    that a reader's keyboard or input method gives. Waiting for the result line to change from "Initializing
    search" to "Type to start searching" (in the page's language) makes the test take the same path every time."""
    lang = page.evaluate("document.documentElement.lang").split("-")[0]
    box = page.get_by_role("textbox", name=SEARCH_BOX[lang])
    box.click()
    ready = page.evaluate("JSON.parse(document.getElementById('__config').textContent)"
                          ".translations['search.result.placeholder']")
    expect(page.locator(".md-search-result__meta")).to_have_text(ready)
    box.press_sequentially(query, delay=20)
    box.press("End")


def search(page: Page, query: str):
    """Type into Material's search box, as a reader does, and return the result links."""
    type_search(page, query)
    results = page.locator(".md-search-result__list a.md-search-result__link")
    expect(results.first).to_be_visible()
    return results


def _minister_and_alias(data: Path):
    """From the data: a person who attended a meeting as a minister, and one whose alias adds a word the name lacks.

    Chosen from the data, not typed here, so the test follows the data as it grows.
    """
    ds = load_dataset(data)
    ministers = []
    for meeting in sorted(ds.meetings.values(), key=lambda m: m.date.sort_key):
        for p in meeting.participants:
            if p.person and p.role == "minister" and p.person not in ministers:
                ministers.append(p.person)
    assert ministers, "no minister in the data"
    # The most recent Japanese foreign minister if any, else the most recent minister.
    japanese = [pid for pid in ministers if ds.people[pid].country == "jp"]
    minister = ds.people[(japanese or ministers)[-1]]

    def words(text: str) -> set[str]:
        return {w.lower() for w in re.split(r"[\s\-]+", text) if len(w) >= 4 and w.isalpha()}

    aliased = []
    for person in ds.people.values():
        for alias in person.aliases:
            extra = sorted(words(alias) - words(person.name))
            if extra and not any(extra[0] in words(other.name) for other in ds.people.values()):
                aliased.append((person.id in ministers, person, alias, extra[0]))
    assert aliased, "no alias in the data adds a spelling"
    aliased.sort(key=lambda t: (not t[0], t[1].id))
    _, person, alias, word = aliased[0]
    return minister, (person, alias, word)


@pytest.fixture(scope="module")
def real_people():
    return _minister_and_alias(ROOT / "data")


@pytest.fixture(scope="module")
def fixture_people():
    return _minister_and_alias(FIXTURE_DATA)


def _search_surname(page: Page, person) -> None:
    surname = person.name.split()[-1]
    page.goto("")
    results = search(page, surname)
    link = results.and_(page.locator(f'[href*="people/{person.id}/"]'))
    expect(link.first).to_be_visible()
    link.first.click()
    expect(page).to_have_url(re.compile(rf"/people/{re.escape(person.id)}/(\?.*)?$"))
    heading(page, person.name)


def _search_alias(page: Page, person, alias: str, word: str) -> None:
    page.goto("")
    results = search(page, word)
    link = results.and_(page.locator(f'[href*="people/{person.id}/"]'))
    expect(link.first).to_be_visible()
    link.first.click()
    heading(page, person.name)
    expect(page.locator(".cajd-aliases")).to_contain_text("Also written: ")
    expect(page.locator(".cajd-aliases")).to_contain_text(alias)


def test_search_a_ministers_surname_reaches_their_page(real_pages, real_people):
    minister, _ = real_people
    _search_surname(real_pages.new(), minister)


def test_search_an_alias_spelling_reaches_the_persons_page(real_pages, real_people):
    _, (person, alias, word) = real_people
    _search_alias(real_pages.new(), person, alias, word)


def test_search_on_the_fixture_site(pages, fixture_people):
    """The same two searches on the small fixture data, which always builds."""
    minister, (person, alias, word) = fixture_people
    page = pages.new()
    _search_surname(page, minister)
    _search_alias(page, person, alias, word)


# ----------------------------------------------------------------------------
# Timeline filter state in the address
# ----------------------------------------------------------------------------


def test_timeline_filter_set_in_the_address_survives_a_reload(pages):
    page = pages.new()
    page.goto("timeline/?country=tj&theme=tourism")
    total = page.locator("ol.cajd-tl > li.cajd-tl__entry").count()
    shown = entries_matching(page, countries=["tj"], themes=["tourism"])
    assert 0 < shown < total

    def assert_state(pressed: set[str], count: int) -> None:
        for c in page.locator(".cajd-filter__chip").all():
            expected = "true" if c.get_attribute("data-value") in pressed else "false"
            expect(c).to_have_attribute("aria-pressed", expected)
        expect(page.get_by_role("status")).to_have_text(
            f"Showing {count} of {total} entries." if pressed else f"Showing all {total} entries.")
        expect(visible_entries(page)).to_have_count(count)

    assert_state({"tj", "tourism"}, shown)
    page.reload()
    assert_state({"tj", "tourism"}, shown)

    # Changed by a click, the new state is in the address and survives a reload too.
    chip(page, "Tourism").click()
    expect(page).to_have_url(re.compile(r"/timeline/\?country=tj$"))
    only_tj = entries_matching(page, countries=["tj"])
    page.reload()
    assert_state({"tj"}, only_tj)

    page.get_by_role("button", name="Show everything").click()
    expect(page).to_have_url(re.compile(r"/timeline/$"))
    page.reload()
    assert_state(set(), total)


def test_timeline_table_of_contents_lists_only_the_years_a_filter_shows(pages):
    page = pages.new()
    page.set_viewport_size({"width": 1400, "height": 900})  # wide enough for Material's table of contents
    page.goto("timeline/?country=tj&theme=tourism")
    years = page.evaluate("""() => [...document.querySelectorAll("ol.cajd-tl[data-year]")].map(
        l => ["year-" + l.dataset.year, !l.hidden])""")
    assert any(shown for _, shown in years) and not all(shown for _, shown in years)
    toc = page.locator(".md-sidebar--secondary .md-nav--secondary")
    checked = {True: 0, False: 0}
    for anchor, shown in years:
        item = toc.locator(f'li:has(> a.md-nav__link[href="#{anchor}"])')
        if item.count():
            (expect(item).to_be_visible if shown else expect(item).to_be_hidden)()
            checked[shown] += 1
    assert checked[True] and checked[False], checked  # the contents list years, shown and hidden ones
    page.get_by_role("button", name="Show everything").click()
    for anchor, _ in years:
        item = toc.locator(f'li:has(> a.md-nav__link[href="#{anchor}"])')
        if item.count():
            expect(item).to_be_visible()


def test_timeline_ignores_an_unknown_value_in_the_address(pages):
    page = pages.new()
    page.goto("timeline/?country=zz&country=tj")
    total = page.locator("ol.cajd-tl > li.cajd-tl__entry").count()
    expect(chip(page, "Tajikistan")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("status")).to_have_text(f"Showing {entries_matching(page, countries=['tj'])} of {total} entries.")


# ----------------------------------------------------------------------------
# Light and dark schemes
# ----------------------------------------------------------------------------


def scheme(page: Page) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme")


def background(page: Page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def test_scheme_toggle_switches_and_persists_across_navigation_and_reload(pages):
    page = pages.new(color_scheme="light")
    page.goto("")
    assert scheme(page) == "default"
    light_bg = background(page)

    page.get_by_title("Switch to dark mode").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    dark_bg = background(page)
    assert dark_bg != light_bg

    page.locator(".md-tabs").get_by_role("link", name="Timeline").click()
    expect(page).to_have_url(re.compile(r"/timeline/$"))
    assert scheme(page) == "slate" and background(page) == dark_bg
    page.reload()
    assert scheme(page) == "slate"
    page.goto("people/taro-kono/")
    assert scheme(page) == "slate"

    page.get_by_title("Switch to light mode").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    page.goto("themes/")
    assert scheme(page) == "default" and background(page) == light_bg
    page.reload()
    assert scheme(page) == "default"


def test_the_system_dark_preference_is_followed_until_the_reader_chooses(pages):
    page = pages.new(color_scheme="dark")
    page.goto("timeline/")
    assert scheme(page) == "slate"


# ----------------------------------------------------------------------------
# Mobile: 375 px
# ----------------------------------------------------------------------------

# Elements of the article that reach past the right edge of the viewport and are not
# inside a box that scrolls or clips them. The page itself must not scroll sideways.
OVERFLOW_SCRIPT = """
() => {
  const width = window.innerWidth;
  // An ancestor clips an element only if it is, or contains, the element's containing block:
  // an absolutely positioned element escapes a scrolling box that is not positioned.
  const clipped = (el) => {
    const absolute = ["absolute", "fixed"].includes(getComputedStyle(el).position);
    let from = absolute ? el.offsetParent : el.parentElement;
    for (let a = from; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll(".md-content article *")) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 1 && !clipped(el)) out.push(el.outerHTML.slice(0, 120));
  }
  return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: width, out: out.slice(0, 5)};
}
"""


def check_no_horizontal_scroll(page: Page, which: str) -> None:
    """The page loaded in a 375 px tab does not scroll sideways, and nothing of its article reaches past the right edge
    unless a box that scrolls or clips holds it. Run on every kind of page by test_page_kinds.py."""
    found = page.evaluate(OVERFLOW_SCRIPT)
    # A phone lays the page out wider than the screen (and zooms out) when content overflows.
    assert found["scrollWidth"] <= 375 and found["innerWidth"] == 375, f"{which}: the page scrolls sideways: {found}"
    assert not found["out"], f"{which}: elements past the right edge: {found['out']}"


def test_wide_tables_scroll_inside_their_box_at_375_px(pages):
    page = pages.new(viewport=MOBILE, is_mobile=True, has_touch=True)
    page.goto("meetings/")
    boxes = page.locator(".cajd-scroll")
    assert boxes.count() >= 2
    wide = [b for b in boxes.all() if b.evaluate("b => b.scrollWidth > b.clientWidth")]
    assert wide, "no table on the meetings page is wider than 375 px: the test checks nothing"
    for box in wide:
        assert box.evaluate("b => getComputedStyle(b).overflowX") in ("auto", "scroll")
        assert box.evaluate("b => b.getBoundingClientRect().right") <= 375
        box.evaluate("b => { b.scrollLeft = 80; }")
        assert box.evaluate("b => b.scrollLeft") > 0
        # Keyboard users can reach it: the box is focusable and named.
        assert box.get_attribute("tabindex") == "0" and box.get_attribute("aria-label")
    assert page.evaluate("window.scrollX") == 0
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375


# ----------------------------------------------------------------------------
# Nothing from elsewhere, nothing in the console
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_no_console_error_and_no_request_elsewhere_when_searching(any_pages, color_scheme):
    """Every kind of page, loaded and switched to the dark scheme, is checked the same way by
    test_page_kinds.test_every_kind_of_page (its `any_pages` fixture fails on a request elsewhere or an error; it checks
    each answer too): this test adds what loads on first use of the search box."""
    pages = any_pages
    page = pages.new(color_scheme=color_scheme)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    response = page.goto("")
    assert response is not None and response.ok, f"home answered {response and response.status}"
    # The search index and its worker load on first use of the search box.
    search(page, DUSHANBE[page.evaluate("document.documentElement.lang").split("-")[0]])
    page.wait_for_load_state("networkidle")
    assert any(u.endswith("search/search_index.json") for u in requests), "the search index was not fetched"
    assert all(u.startswith(pages.base_url) or u.startswith("data:") for u in requests), [
        u for u in requests if not u.startswith(pages.base_url)]
    pages.watch.check()  # every request of the context, and the console, as the fixture does at the end


def test_a_kept_tab_gets_the_search_index_without_documents_and_a_new_tab_the_whole_index(real_pages):
    """Contexts.tab's tabs only read pages: their search index has no documents (siteserver.NO_SEARCH_DOCS). A new tab
    in the same browser context, which shares the kept tab's cache, still gets every document, and the other way
    round."""
    def docs_loaded(page) -> int:
        with page.expect_response(lambda r: r.url.endswith(SEARCH_INDEX)) as answer:
            page.goto("about/")
        return len(answer.value.json()["docs"])

    for _ in range(2):  # each twice: the second time, the browser's cache holds the other's answer
        assert docs_loaded(real_pages.tab()) == 0
        assert docs_loaded(real_pages.new()) > 100


# ----------------------------------------------------------------------------
# Central Asia + X: the chart
# ----------------------------------------------------------------------------


def test_formats_chart_scrolls_in_its_box_at_375_px_and_fits_in_print(real_pages):
    page = real_pages.new(viewport=MOBILE, is_mobile=True, has_touch=True)
    page.goto("formats/")
    box = page.locator(".cajd-fchart__box")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the chart fits 375 px: nothing scrolls, the test checks nothing"
    assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
    page.emulate_media(media="print")
    assert box.evaluate("b => b.scrollWidth <= b.clientWidth + 1"), "in print the chart should shrink to the page"


def test_formats_chart_marks_link_to_their_records(real_pages):
    page = real_pages.new()
    page.goto("formats/")
    marks = page.locator("figure.cajd-fchart svg a[aria-label]")
    assert marks.count() >= 60
    summit = page.locator('figure.cajd-fchart svg a[aria-label^="Korea: First Republic of Korea"]')
    summit.focus()
    summit.press("Enter")
    page.wait_for_url("**/formats/korea/#meeting-2026-09-16")
    expect(page.locator("#meeting-2026-09-16")).to_contain_text("planned")
    page.goto("formats/")
    page.locator('figure.cajd-fchart svg a[aria-label^="Japan: 1st Foreign Ministers"]').click()
    page.wait_for_url("**/meetings/01-astana-2004/")
