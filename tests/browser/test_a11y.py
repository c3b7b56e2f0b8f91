"""Accessibility: axe-core (bundled by axe-playwright-python) on one page of every kind, in both schemes.

The target is no violation of any WCAG 2.1 A or AA rule; WCAG 2.2 AA's target size is
checked too, as Lighthouse does. Material's own gaps count: docs/assets/a11y.css and
a11y.js fix them. Both sites are checked: the fixture data, and the real data that is published.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect
from .conftest import AXE_PATH, MOBILE
from .siteserver import PAGE_KINDS

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCHEMES = {"light": "default", "dark": "slate"}


def axe(page, tags=WCAG_21_AA) -> list[dict]:
    """The violations axe finds on the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(url=AXE_PATH)  # once per page: served with the site, compiled once per browser context
    options = {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]}
    return page.evaluate(f"axe.run(document, {json.dumps(options)})")["violations"]


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
@pytest.mark.parametrize("kind", [kind for kind, _ in PAGE_KINDS])
def test_no_wcag_violation(any_pages, kind, color_scheme):
    page = any_pages.tab(color_scheme=color_scheme)
    page.goto(any_pages.kinds[kind])
    assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[color_scheme]
    violations = axe(page)
    assert not violations, f"{kind} ({color_scheme}) on the {any_pages.name} site, {any_pages.kinds[kind]}:\n{report(violations)}"


@pytest.mark.parametrize("color_scheme", SCHEMES)
def test_open_search_dialog_has_a_name_and_no_violation(pages, color_scheme):
    page = pages.new(color_scheme=color_scheme)
    page.goto("")
    box = page.get_by_role("textbox", name="Search")
    box.click()
    box.press_sequentially("Dushanbe")
    page.locator(".md-search-result__item").first.wait_for()
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching document")
    page.wait_for_timeout(500)  # let Material's transitions end: axe measures colours as drawn
    dialog = page.get_by_role("dialog", name="Search this site")
    assert dialog.count() == 1
    # aria-dialog-name is a best-practice rule, not a WCAG one; Lighthouse checks it.
    violations = axe(page, WCAG_21_AA + ["best-practice"])
    assert not violations, report(violations)


@pytest.mark.parametrize("kind", ["home", "timeline", "meetings index", "meeting", "person"])
def test_no_wcag_violation_at_375_px(any_pages, kind):
    """Narrow screens: tables turn into scrolling boxes, which must be reachable by keyboard."""
    page = any_pages.tab(viewport=MOBILE, is_mobile=True, has_touch=True)
    page.goto(any_pages.kinds[kind])
    violations = axe(page)
    assert not violations, f"{kind} at 375 px on the {any_pages.name} site:\n{report(violations)}"
