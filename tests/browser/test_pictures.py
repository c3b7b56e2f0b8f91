"""The pictures in a real browser: the timeline chart's marks reach their entries and follow the
filter, the venue map's labels never overlap, and no chart makes a phone screen scroll sideways."""

from __future__ import annotations

import itertools

import pytest

from .conftest import DESKTOP, MOBILE

LABEL_BOXES = """() => Array.from(document.querySelectorAll('figure.cajd-map text')).map(t => {
  const r = t.getBoundingClientRect();
  return {text: t.textContent, x: r.left, y: r.top, w: r.width, h: r.height};
})"""


def _overlap(a: dict, b: dict) -> bool:
    return not (a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"] or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"])


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "phone"])
def test_no_two_map_labels_overlap(real_pages, viewport):
    page = real_pages.new(viewport=viewport)
    page.goto("./")
    page.locator("figure.cajd-map").scroll_into_view_if_needed()
    boxes = page.evaluate(LABEL_BOXES)
    assert len(boxes) >= 8  # country names and every venue
    assert all(b["w"] > 0 and b["h"] > 0 for b in boxes)
    clashes = [(a["text"], b["text"]) for a, b in itertools.combinations(boxes, 2) if _overlap(a, b)]
    assert not clashes, clashes
    venues = [b["text"] for b in boxes]
    for city in ("Astana", "Bishkek", "Tashkent", "Dushanbe", "Tokyo"):
        assert any(text.startswith(city) for text in venues), city


@pytest.mark.parametrize("path, which", [("timeline/", "first"), ("./", "last")], ids=["timeline", "home"])
def test_a_mark_on_a_timeline_chart_reaches_its_entry_on_the_timeline(real_pages, path, which):
    page = real_pages.new()
    page.goto(path)
    mark = getattr(page.locator("[data-cajd-chart] a[data-entry]"), which)
    anchor = mark.get_attribute("data-entry")
    mark.click()
    page.wait_for_url(f"**/timeline/#{anchor}")
    assert page.locator(f"#{anchor}").is_visible()


def test_the_chart_follows_the_timeline_filter(pages):
    page = pages.new()
    page.goto("timeline/")
    marks = page.locator("[data-cajd-chart] a[data-entry]")
    total = marks.count()
    chip = page.locator("[data-filter=country]").first
    value = chip.get_attribute("data-value")
    chip.click()
    shown = page.evaluate("""(value) => Array.from(document.querySelectorAll('[data-cajd-chart] a[data-entry]'))
        .filter(a => getComputedStyle(a).display !== 'none').map(a => a.dataset.entry)""", value)
    visible_entries = page.evaluate("""() => Array.from(document.querySelectorAll('li.cajd-tl__entry'))
        .filter(li => !li.hidden).map(li => li.id)""")
    assert 0 < len(shown) < total
    assert set(shown) <= set(visible_entries)
    page.locator("[data-cajd-clear]").click()
    assert page.evaluate("""() => Array.from(document.querySelectorAll('[data-cajd-chart] a[data-entry]'))
        .every(a => getComputedStyle(a).display !== 'none')""")


@pytest.mark.parametrize("path", ["./", "timeline/", "countries/kz/"])
def test_charts_scroll_inside_their_box_at_375_px(real_pages, path):
    page = real_pages.new(viewport=MOBILE)
    page.goto(path)
    assert page.locator("figure.cajd-chart, figure.cajd-map").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]


def test_charts_are_drawn_without_javascript(real_site):
    html = (real_site / "timeline" / "index.html").read_text(encoding="utf-8")
    chart = html.split('data-cajd-chart', 1)[1].split("</figure>", 1)[0]
    assert chart.count("<a href=") >= 40 and "<title" in chart and "<desc" in chart


@pytest.mark.parametrize("path", ["timeline/", "about/sources/"])
def test_long_lists_are_laid_out_in_full_once_the_page_has_started(real_pages, path):
    """The long lists are drawn only on screen while Material's script starts (site.css, class cajd-lazy); by the
    load event timeline.js has taken the class off, so the whole page is laid out, as find, axe and print expect.
    Without scripting they stay lazy, and a link to an entry far down the page still shows it."""
    page = real_pages.new(viewport=MOBILE)
    page.goto(path)
    assert page.locator(".cajd-lazy").count() == 0
    assert page.evaluate("""() => Array.from(document.querySelectorAll('ol.cajd-tl, ol.cajd-sources > li'))
        .every(e => getComputedStyle(e).contentVisibility === 'visible')""")

    plain = real_pages.new(viewport=MOBILE, java_script_enabled=False)
    plain.goto(path)
    assert plain.locator("ol.cajd-lazy").count() >= 1
    assert plain.evaluate("""() => Array.from(document.querySelectorAll('ol.cajd-tl.cajd-lazy, ol.cajd-sources.cajd-lazy > li'))
        .every(e => getComputedStyle(e).contentVisibility === 'auto')""")
    anchor = plain.locator("ol.cajd-lazy li[id]").last.get_attribute("id")
    plain.goto(f"{path}#{anchor}")
    top = plain.locator(f"[id='{anchor}']").evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < MOBILE["height"], f"#{anchor} is at {top} px, not on screen"
