"""The checks whose result depends on a page's template, each page loaded once for all of them.

On one page of every kind (siteserver.PAGE_KINDS; for records the largest page) of the published site in every
language, or with `make test-all` on every page of every site (Pages.sample):
- at 1280 px in the light scheme: axe, every WCAG rule (test_a11y.py); on the Japanese and Russian sites, no
  English interface text (test_languages.check_no_english_interface_text);
- the same page switched to the dark scheme (test_a11y.to_dark_scheme): axe's colour rules;
- at 375 px: no sideways scroll (test_flows.check_no_horizontal_scroll), and on the kinds in AXE_AT_375_PX every
  axe rule (narrow screens turn tables into scrolling boxes, which must be reachable by keyboard).
The colour rules run last on each page, and in `make test` on the first two and the last of each kind of element
(test_a11y.hide_repeats); every other check sees the whole page.
A page load, and axe's first run in it, cost more than most of these checks, so they share them. Every check runs
even when one before it fails; the failure names the check, the kind, the site and the page. The `any_pages`
fixture also fails the test if a page asked another host for anything, logged an error, or had a request fail.
"""

from __future__ import annotations

import pytest

from conftest import EVERY_PAGE

from .conftest import MOBILE
from .siteserver import PAGE_KINDS
from .test_a11y import COLOUR_RULES, SCHEMES, axe, hide_repeats, light_scheme, report, to_dark_scheme
from .test_flows import check_no_horizontal_scroll
from .test_languages import check_no_english_interface_text

AXE_AT_375_PX = ["home", "timeline", "meetings index", "meeting", "person"]
TRANSLATED = ["ja", "ru"]  # the sites checked for English interface text


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
