"""Under `mkdocs serve`, a broken edit shows its problems over the page in the browser, and the next good build
takes them away (hooks/serve-overlay.js; the server side is in tests/test_serve.py)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from test_serve import NEW_TEXT, OLD_TEXT, PROBLEM, break_yaml, serving

from .conftest import DESKTOP


def test_a_broken_edit_shows_every_problem_in_the_page_until_the_next_good_build(browser, tmp_path: Path):
    with serving(tmp_path, "themes/tourism/", OLD_TEXT) as (project, server, base):
        context = browser.new_context(viewport=DESKTOP, service_workers="block")
        try:
            page = context.new_page()
            page.goto(base + "themes/tourism/")
            box = page.locator("section.cajd-problems")
            expect(page.locator("article")).to_contain_text(OLD_TEXT)
            expect(box).to_have_count(0)

            themes = project / "data/themes.yml"
            good = themes.read_text(encoding="utf-8")
            break_yaml(themes, good)
            line = server.line_matching(PROBLEM, "the problem line").strip()
            expect(box).to_be_visible(timeout=60_000)  # the browser reloaded after the rebuild
            expect(box.get_by_role("heading")).to_have_text("The last edit has a problem")
            expect(box.locator("li")).to_have_text([line])
            expect(page.locator("article")).to_contain_text(OLD_TEXT)  # the last good page, under the box
            assert re.match(r"data/themes\.yml:\d+: ", line)

            themes.write_text(good.replace(OLD_TEXT, NEW_TEXT), encoding="utf-8")
            expect(page.locator("article")).to_contain_text(NEW_TEXT, timeout=60_000)
            expect(box).to_have_count(0)
        finally:
            context.close()
