"""Accessibility: axe-core (bundled by axe-playwright-python) on one page of every kind, in both schemes and at 375 px.

The target is no violation of any WCAG 2.1 A or AA rule; WCAG 2.2 AA's target size is
checked too, as Lighthouse does. Material's own gaps count: docs/assets/a11y.css and
a11y.js fix them.

What axe finds depends on a page's template, so `make test` checks a sample (the team's decision; the README's
test section says the same): one page of every kind (siteserver.PAGE_KINDS, read from the code's registry; for
records the largest page, the most to check) on the published site in every language, in both schemes. The
heaviest pages (home, timeline, Sources) are kinds of their own, so always in it, and
test_the_sample_covers_every_kind_of_page_in_every_language fails if the site has a page of no known kind.
`make test-all` (CAJD_TEST_ALL=1) runs the same checks on every page of every site, the fixture site too.
test_page_kinds.py runs them (with `axe` below), with the other checks of the same page load.

The dark scheme changes colours and nothing else (test_the_dark_scheme_changes_only_colours reads every
style sheet the sites load): the same elements, in the same places. So every rule runs in the light
scheme, and in the dark one the rules that read colours (COLOUR_RULES); the others would repeat the light
scheme's result at about a third of the cost of the whole check. The page is not loaded again for the dark scheme:
it is switched as a reader with a dark system preference has it (to_dark_scheme), the same page in the same state
(compared once, page state and axe's every colour result, on 7 kinds in English and Russian: the same), and axe's
first run in a newly loaded page costs about twice a later one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from cajd import languages

from conftest import EVERY_PAGE

from .conftest import AXE_PATH, SAMPLED_SITES
from .test_flows import type_search
from .siteserver import PAGE_KINDS, pages_of_every_kind

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCHEMES = {"light": "default", "dark": "slate"}


# axe's rules among those tags whose result depends on colours (text contrast; links told apart from text by colour).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def load_axe(page) -> None:
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(url=AXE_PATH)  # once per page: served with the site, compiled once per browser context


def axe(page, tags=WCAG_21_AA, *, rules: list[str] | None = None, skip: list[str] = ()) -> list[dict]:
    """The violations axe finds on the page as it is now: its rules with these tags but those in `skip`, or only the
    rules named."""
    load_axe(page)
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": tags}
    options = {"runOnly": run_only, "resultTypes": ["violations"], "rules": {rule: {"enabled": False} for rule in skip}}
    return page.evaluate(f"axe.run(document, {json.dumps(options)})")["violations"]


# The colour rules cost most of the checks: axe's colour-contrast takes about 3 ms for each element with text, and
# more on a page with many (the Sources page: about 10 s for 2,400 elements in each scheme). Most of those elements
# are the same thing again: a list's items, a table's rows, the timeline's entries, made by one template loop. So in
# `make test` the colour rules see the first two and the last of each kind of element, and the others are hidden
# (visibility, so nothing moves: what overlaps what, and :nth-child, stay as on the whole page). Two elements are of
# one kind when they are drawn inside the same ancestors and are the same inside:
# - an element as drawn is its tag, the values of the attributes that change how it is drawn (class, style, lang,
#   SVG's fill and the like: DRAWN) and of none other (an href, an id, a data-countries list), and which of the
#   attribute selectors of the page's style sheets it matches ([href^="#"], [data-md-color-scheme=slate], ...);
# - the same inside: whether it has text of its own, and the kinds of its children.
# So an entry with another class, badge or inline colour anywhere inside is kept, and so is a link in another box.
# Two of each, in case axe cannot tell the background of the first (a label over the map); the last for :last-child.
# On every sampled page in three languages, both schemes, at 1280 and 375 px, axe measured every pair of colours and
# font that it measured on the whole page, at a fifth of the time
# (test_hiding_repeats_keeps_every_colour_that_axe_checks does it again). `make test-all` checks whole pages.
HIDE_REPEATS = """() => {
  const DRAWN = new Set(["class", "style", "lang", "dir", "fill", "stroke", "color", "bgcolor", "opacity",
    "fill-opacity", "stroke-opacity", "stop-color", "stop-opacity", "font-size", "font-weight", "font-family",
    "font-style", "visibility", "display", "text-decoration"]);
  const rules = (list) => [...list].flatMap(rule => [rule, ...(rule.cssRules ? rules(rule.cssRules) : [])]);
  const selectors = new Set();
  for (const sheet of document.styleSheets) {
    for (const rule of rules(sheet.cssRules)) {
      for (const found of (rule.selectorText || "").matchAll(/\\[[^\\]]+\\]/g)) selectors.add(found[0]);
    }
  }
  const valid = [...selectors].filter(selector => {
    try { document.querySelector(selector); return true; } catch (e) { return false; }  // one the browser cannot read
  });
  const numbers = new Map();
  const number = (text) => { if (!numbers.has(text)) numbers.set(text, numbers.size); return numbers.get(text); };
  const drawn = (el) => {
    const attributes = [...el.attributes].map(a => DRAWN.has(a.name) ? `${a.name}=${a.value}` : a.name).sort();
    return `${el.tagName}[${attributes.join(" ")}|${valid.filter(selector => el.matches(selector)).join("")}]`;
  };
  const within = new Map(), inside = new Map();  // element -> its ancestors as drawn, and itself with what is inside
  function describe(el, ancestors) {
    const me = drawn(el), path = number(`${ancestors}/${me}`);
    within.set(el, ancestors);
    const children = [...new Set([...el.children].map(child => describe(child, path)))];
    const text = [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim()) ? "T" : "";
    inside.set(el, number(`${me}${text}(${children.join(",")})`));
    return inside.get(el);
  }
  const kind = (el) => `${within.get(el)}>${inside.get(el)}`;
  const roots = [...document.querySelectorAll(".md-container")];
  roots.forEach(root => describe(root, ""));
  const last = new Map();
  roots.forEach(root => [root, ...root.querySelectorAll("*")].forEach(el => last.set(kind(el), el)));
  const seen = new Map();
  function sample(el) {
    const k = kind(el), times = seen.get(k) || 0;
    if (times >= 2 && last.get(k) !== el) {
      for (const e of [el, ...el.querySelectorAll("*")]) e.style.setProperty("visibility", "hidden", "important");
    } else {
      seen.set(k, times + 1);
      [...el.children].forEach(sample);
    }
  }
  roots.forEach(sample);
}"""


def hide_repeats(page) -> None:
    """Hides what the colour rules need not see again on this page (HIDE_REPEATS); the next page load undoes it."""
    page.evaluate(HIDE_REPEATS)


PALETTE_TOGGLE = 'form[data-md-component="palette"] label:not([hidden])'


def to_dark_scheme(page) -> None:
    """The loaded page as a reader whose system prefers the dark scheme sees it: the colour-scheme media feature
    says dark, and the scheme is Material's dark one (chosen with its toggle, which is what Material's start-up does
    for such a reader). Waits until the colours have stopped changing. The tab stays so: light_scheme() undoes it.

    The toggle is clicked by the page's own click(), not Playwright's: that one first waits for the page to draw
    two frames unchanged (its check that the label is stable), and drawing a long page twice costs more than
    switching its colours."""
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("document.querySelector('meta[name=color-scheme]') !== null")  # Material's palette started
    page.locator(PALETTE_TOGGLE).evaluate("label => label.click()")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES["dark"])
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
    page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")


def light_scheme(page) -> None:
    """Undoes to_dark_scheme for the next page loaded in the tab, and leaves the page (for about:blank). The toggle
    stored the dark choice in localStorage, and Material may store a choice again while the page is open (when the
    media feature changes), so the tab's mark in sessionStorage is removed instead: the tab's next document starts
    as in a new tab, with localStorage emptied before any of its scripts runs (conftest.FRESH_STORAGE). The media
    feature is set back to light after leaving the page, so the page is not drawn again in the light scheme."""
    page.evaluate("() => { try { sessionStorage.clear(); } catch (e) {} }")
    page.goto("about:blank")
    page.emulate_media(color_scheme="light")


def report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{', '.join(t for t in v['tags'] if t.startswith('wcag'))}]")
        for node in v["nodes"][:5]:
            checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
            lines.append(f"    {' '.join(map(str, node['target']))}: {checks[0]['message'] if checks else ''}")
            lines.append(f"        {node['html'][:160]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


@pytest.mark.parametrize("color_scheme", SCHEMES)
def test_open_search_dialog_has_a_name_and_no_violation(pages, color_scheme):
    page = pages.new(color_scheme=color_scheme)
    page.goto("")
    type_search(page, "Dushanbe")
    page.locator(".md-search-result__item").first.wait_for()
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching document")
    page.wait_for_timeout(500)  # let Material's transitions end: axe measures colours as drawn
    dialog = page.get_by_role("dialog", name="Search this site")
    assert dialog.count() == 1
    # aria-dialog-name is a best-practice rule, not a WCAG one; Lighthouse checks it.
    violations = axe(page, WCAG_21_AA + ["best-practice"])
    assert not violations, report(violations)


def colours_checked(page) -> set[tuple[str, str, str, str, str]]:
    """What axe's colour-contrast rule decided on the page as it is now: (passes or violations, text colour,
    background, font size, font weight) of each element it could measure."""
    load_axe(page)
    options = {"runOnly": {"type": "rule", "values": ["color-contrast"]}, "resultTypes": ["passes", "violations"]}
    result = page.evaluate(f"axe.run(document, {json.dumps(options)})")
    return {(outcome, d["fgColor"], d["bgColor"], d["fontSize"], d["fontWeight"])
            for outcome in ("passes", "violations") for rule in result[outcome] for node in rule["nodes"]
            for check in node["any"] for d in [check.get("data") or {}] if isinstance(d, dict) and "fgColor" in d}


def shown(page) -> list[str]:
    """The ids, without their t- prefix, of the elements marked so that hide_repeats left visible."""
    return page.evaluate("""[...document.querySelectorAll('[id^=t-]')]
        .filter(e => getComputedStyle(e).visibility === 'visible').map(e => e.id.slice(2))""")


def test_hide_repeats_keeps_the_first_two_the_last_and_one_of_every_other_kind(pages):
    page = pages.new()
    item = '<li id="t-{0}"><a href="/m{0}" title="{0}">meeting {0}</a></li>'.format
    link = '<a id="t-{0}" href="/n{0}" title="{0}">meeting {0}</a>'.format
    page.set_content(f"""<div class="md-container">
        <ul>{"".join(map(item, range(1, 5)))}</ul>
        <ul>{item(5)}{item(6)}<li id="t-styled" style="color: red"><a href="/x" title="x">x</a></li>
            <li id="t-badge"><a href="/y" title="y">y</a> <span class="badge">postponed</span></li>{item(7)}</ul>
        <nav>{"".join(map(link, ["nav1", "nav2", "nav3", "nav4"]))}</nav>
        <p id="t-p1">one</p><p id="t-p2">two</p><p id="t-p3">three</p><p id="t-p4">four</p></div>
        <ul><li id="t-out1">a</li><li id="t-out2">a</li><li id="t-out3">a</li><li id="t-out4">a</li></ul>""")
    hide_repeats(page)
    # Items that differ only in link, title and text are of one kind, in both lists; an inline style or a badge makes
    # another kind, and so does another box around the same link (nav). Outside .md-container nothing is hidden.
    assert shown(page) == ["1", "2", "styled", "badge", "7", "nav1", "nav2", "nav4", "p1", "p2", "p4",
                           "out1", "out2", "out3", "out4"]
    assert page.evaluate("document.querySelector('#t-5 a').getBoundingClientRect().height") > 0  # still laid out


def test_a_colour_fault_in_one_repeated_item_is_still_found(real_pages):
    """A faint colour given to something inside the 40th entry of the Sources page is found after hide_repeats."""
    page = real_pages.new()
    page.goto(dict(PAGE_KINDS)["sources"])
    page.evaluate("""() => {
        const style = document.createElement('style');
        style.textContent = '.cajd-test-faint { color: #c8c8c8 !important; }';
        document.head.append(style);
        const items = document.querySelectorAll('article li');
        if (items.length < 40) throw new Error(`only ${items.length} list items`);
        const link = items[39].querySelector('a') || items[39];
        link.classList.add('cajd-test-faint');
    }""")
    hide_repeats(page)
    violations = axe(page, rules=COLOUR_RULES)
    assert [v["id"] for v in violations] == ["color-contrast"], report(violations)
    assert any("cajd-test-faint" in node["html"] for node in violations[0]["nodes"]), report(violations)


# In `make test`, one page in English with repeated items laid out over and beside an image (the map of venues);
# with `make test-all`, one page of every kind on every site.
@pytest.mark.parametrize("any_pages", SAMPLED_SITES if EVERY_PAGE else ["real"], indirect=True)
@pytest.mark.parametrize("kind", [kind for kind, _ in PAGE_KINDS] if EVERY_PAGE else ["meetings index"])
def test_hiding_repeats_keeps_every_colour_that_axe_checks(any_pages, kind):
    """Why the colour rules may see the first two and the last of each kind of element (hide_repeats): every pair of
    colours and font that axe measured on the whole page, it measures again on what is left."""
    page = any_pages.tab(color_scheme="light")
    for path in any_pages.sample(kind)[:1]:
        page.goto(path)
        whole = colours_checked(page)
        hide_repeats(page)
        left = colours_checked(page)
        assert whole, f"axe measured no colour on {path}"
        assert whole <= left, f"measured on the whole page only, {path}: {sorted(whole - left)}"


def test_the_sample_covers_every_kind_of_page_in_every_language(real_site):
    """Every page the site has, in every language, is of a kind in PAGE_KINDS, and the template-driven checks load a
    page of each of those kinds (Pages.sample) on the site in each language (SAMPLED_SITES): so a new kind of page,
    or a hand-written page that is of no kind, fails here until the registry (cajd.kinds) knows it."""
    sampled = {"en" if site == "real" else site for site in SAMPLED_SITES if site != "fixture"}
    assert sampled == set(languages.LANGUAGES), f"sampled languages {sampled}"
    others = tuple(languages.root_of(code) for code in languages.LANGUAGES if code != languages.DEFAULT)
    for code in languages.LANGUAGES:
        root = real_site / languages.root_of(code)
        built = {f.parent.relative_to(root).as_posix() + "/" for f in root.rglob("index.html")}
        built = {"" if p == "./" else p for p in built if not p.startswith(("search/", *others))}
        of_a_kind = pages_of_every_kind(root)
        assert {kind for kind, _ in PAGE_KINDS} == set(of_a_kind)
        unknown = built - {path for paths in of_a_kind.values() for path in paths}
        assert not unknown, f"pages of no kind in PAGE_KINDS ({code}): {sorted(unknown)}"


# What a rule for one scheme may set without moving or hiding anything: colours, and shadows (drawn, not laid out).
COLOUR_PROPERTIES = {"color", "background-color", "color-scheme"}
COLOUR_VARIABLE = re.compile(r"^--[\w-]*(color|hue|shadow)[\w-]*$")
# Material hides an image meant for the other scheme (its src ends in one of these): no page may have one.
SCHEME_IMAGE_MARKS = "only-light|only-dark|gh-light-mode-only|gh-dark-mode-only"
SCHEME_IMAGES = re.compile(rf'img\[src\$="#({SCHEME_IMAGE_MARKS})"\]')  # in a style sheet's selector
SCHEME_IMAGE = re.compile(rf'src="[^"]*#({SCHEME_IMAGE_MARKS})"')  # in a page


def scheme_rules(css: str) -> list[tuple[str, str]]:
    """(selector, declarations) of each rule for one colour scheme: its selector names data-md-color-scheme, or it
    is inside a prefers-color-scheme media query."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found, preludes, start = [], [], 0
    for i, char in enumerate(css):
        if char == "{":
            preludes.append(css[start:i].split(";")[-1].strip())
            start = i + 1
        elif char == "}":
            if preludes:
                prelude, body = preludes.pop(), css[start:i]
                in_query = any("prefers-color-scheme" in p for p in preludes)
                if not prelude.startswith("@") and "{" not in body and ("data-md-color-scheme" in prelude or in_query):
                    found.append((prelude, body.strip()))
            start = i + 1
    return found


@pytest.mark.parametrize("site", ["fixture_site", "real_site"])
def test_the_dark_scheme_changes_only_colours(site, request):
    """Why the dark scheme is checked with COLOUR_RULES alone: no style sheet the pages load changes more than colours
    from one scheme to the other (Material's, its palette, ours)."""
    root: Path = request.getfixturevalue(site)
    sheets = sorted({*root.glob("assets/stylesheets/*.css"), *root.glob("assets/*.css")})
    assert len(sheets) >= 4, sheets
    other = []
    for sheet in sheets:
        for selector, body in scheme_rules(sheet.read_text(encoding="utf-8")):
            for declaration in filter(None, (d.strip() for d in body.split(";"))):
                name, _, value = declaration.partition(":")
                name = name.strip()
                if name in COLOUR_PROPERTIES or COLOUR_VARIABLE.match(name):
                    continue
                if name == "display" and value.strip() == "none" and all(SCHEME_IMAGES.search(s) for s in selector.split(",")):
                    continue
                other.append(f"{sheet.name}: {selector} {{{declaration}}}")
    assert other == [], "rules for one scheme that change more than colours:\n" + "\n".join(other)
    scheme_images = [str(page.relative_to(root)) for page in root.rglob("*.html")
                     if SCHEME_IMAGE.search(page.read_text(encoding="utf-8"))]
    assert scheme_images == [], f"images shown in one scheme only: {scheme_images}"
