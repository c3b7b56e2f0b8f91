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

from .conftest import AXE_PATH, SAMPLED_SITES
from .test_flows import type_search
from .siteserver import PAGE_KINDS, pages_of_every_kind

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCHEMES = {"light": "default", "dark": "slate"}


# axe's rules among those tags whose result depends on colours (text contrast; links told apart from text by colour).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe(page, tags=WCAG_21_AA, *, rules: list[str] | None = None) -> list[dict]:
    """The violations axe finds on the page as it is now: its rules with these tags, or only the rules named."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(url=AXE_PATH)  # once per page: served with the site, compiled once per browser context
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": tags}
    options = {"runOnly": run_only, "resultTypes": ["violations"]}
    return page.evaluate(f"axe.run(document, {json.dumps(options)})")["violations"]


def to_dark_scheme(page) -> None:
    """The loaded page as a reader whose system prefers the dark scheme sees it: the colour-scheme media feature
    says dark, and the scheme is Material's dark one (chosen with its toggle, which is what Material's start-up does
    for such a reader). Waits until the colours have stopped changing. The tab stays so: light_scheme() undoes it."""
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("document.querySelector('meta[name=color-scheme]') !== null")  # Material's palette started
    page.locator('form[data-md-component="palette"] label:not([hidden])').click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES["dark"])
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
    page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")


def light_scheme(page) -> None:
    """Undoes to_dark_scheme for the next page loaded in the tab. The toggle stored the dark choice, and Material stores
    the choice again when the media feature changes, so the light one is chosen with the toggle before the storage is
    emptied: a late write stores the light choice, which the next page would have had anyway."""
    if page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES["dark"]:
        page.locator('form[data-md-component="palette"] label:not([hidden])').click()
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES["light"])
    page.emulate_media(color_scheme="light")
    page.evaluate("() => { try { localStorage.clear(); } catch (e) {} }")


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
