"""The checks whose result depends on a page's template, each page loaded once for all of them.

On one page of every kind (siteserver.PAGE_KINDS; for records the largest page) of the published site in every
language, or with `make test-all` on every page of every site (Pages.sample):
- at 1280 px in the light scheme: axe, every WCAG rule (test_a11y.py); on the Japanese and Russian sites, no
  English interface text (test_languages.check_no_english_interface_text);
- the same page switched to the dark scheme (test_a11y.to_dark_scheme): axe's colour rules; in `make test` on the
  English and Japanese sites (DARK_SITES). The dark scheme changes colours, and the style sheets give them by element,
  not by language; the Russian site has no element that the other two lack (the marks of a translated page, such as
  "not yet translated", are on the Japanese one too) and is drawn in the same faces as the English one;
- at 375 px: no sideways scroll (test_flows.check_no_horizontal_scroll), and on the kinds in AXE_AT_375_PX every
  axe rule (narrow screens turn tables into scrolling boxes, which must be reachable by keyboard).
The colour rules run last on each page, and in `make test` on the first two and the last of each kind of element
(test_a11y.hide_repeats); every other check sees the whole page.
A page load, and axe's first run in it, cost more than most of these checks, so they share them. Every check runs
even when one before it fails; the failure names the check, the kind, the site and the page. The `any_pages`
fixture also fails the test if a page asked another host for anything, logged an error, or had a request fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import EVERY_PAGE

from .conftest import MOBILE
from .siteserver import PAGE_KINDS
from .test_a11y import COLOUR_RULES, SCHEMES, axe, hide_repeats, light_scheme, report, to_dark_scheme
from .test_flows import check_no_horizontal_scroll
from .test_languages import check_no_english_interface_text

AXE_AT_375_PX = ["home", "timeline", "meetings index", "meeting", "person"]
TRANSLATED = ["ja", "ru"]  # the sites checked for English interface text
DARK_SITES = None if EVERY_PAGE else ["real", "ja"]  # the sites checked in the dark scheme too (None: every one)


def _check(found: list[str], what: str, check) -> None:
    """Runs one check; an assertion that fails is noted with what was checked, and the next check runs."""
    try:
        check()
    except AssertionError as failure:
        found.append(f"{what}:\n{failure}")


def _no_axe_violation(page, **options) -> None:
    violations = axe(page, **options)
    assert not violations, report(violations)


def _every_axe_rule(found: list[str], page, what: str) -> None:
    """Every rule on the whole page, then the colour rules on what hide_repeats leaves (in `make test`)."""
    _check(found, what, lambda: _no_axe_violation(page, skip=COLOUR_RULES))
    if not EVERY_PAGE:
        hide_repeats(page)
    _check(found, f"{what}, colours", lambda: _no_axe_violation(page, rules=COLOUR_RULES))


@pytest.mark.parametrize("kind", [kind for kind, _ in PAGE_KINDS])
def test_every_kind_of_page(any_pages, kind):
    site = any_pages.name
    found: list[str] = []
    desktop = any_pages.tab(color_scheme="light")
    phone = any_pages.tab(viewport=MOBILE, is_mobile=True, has_touch=True)
    for path in any_pages.sample(kind):
        where = f"{kind} on the {site} site, {path}"
        response = desktop.goto(path)
        assert response is not None and response.ok, f"{where} answered {response and response.status}"
        assert desktop.locator("body").get_attribute("data-md-color-scheme") == SCHEMES["light"], where
        if site in TRANSLATED:
            _check(found, f"English text, {where}", lambda: check_no_english_interface_text(desktop, site, where))
        _every_axe_rule(found, desktop, f"axe (light), {where}")
        if DARK_SITES is None or site in DARK_SITES:
            try:
                to_dark_scheme(desktop)
                _check(found, f"axe (dark), {where}", lambda: _no_axe_violation(desktop, rules=COLOUR_RULES))
            finally:
                light_scheme(desktop)
        phone.goto(path)
        _check(found, f"375 px layout, {where}", lambda: check_no_horizontal_scroll(phone, where))
        if kind in AXE_AT_375_PX:
            _every_axe_rule(found, phone, f"axe at 375 px, {where}")
    assert not found, "\n\n".join(found)


def test_the_sites_not_checked_in_the_dark_scheme_have_no_class_that_those_checked_lack(languages_site: Path):
    """What DARK_SITES rests on: every class on a page of the Russian site is on a page of the English or Japanese one
    (which `make test` checks in the dark scheme), so no element is drawn in colours that only the Russian site has."""
    def classes(site: Path, skip: tuple[str, ...] = ()) -> set[str]:
        found = set()
        for page in site.rglob("*.html"):
            if page.relative_to(site).parts[0] not in skip:
                for names in re.findall(r'class="([^"]*)"', page.read_text(encoding="utf-8")):
                    found.update(names.split())
        return found

    checked = classes(languages_site, skip=("ja", "ru")) | classes(languages_site / "ja")
    assert classes(languages_site / "ru") - checked == set()
