"""Under `mkdocs serve`, a broken edit shows its problems over the page in the browser, and the next good build
takes them away (hooks/serve-overlay.js; the server side is in tests/test_serve.py)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from conftest import FIXTURE_DATA
from test_serve import NEW_TEXT, OLD_TEXT, PROBLEM, Server, break_yaml, make_project, serving

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


def test_a_server_started_on_broken_data_shows_the_problems_then_the_site(browser, tmp_path: Path):
    """`make serve` after a broken edit: no good build to keep, so the hand-written pages (and the "not found" page
    at every address the data makes) show the problems and say that nothing is built from data/ yet."""
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    themes = project / "data/themes.yml"
    good = themes.read_text(encoding="utf-8")
    break_yaml(themes, good)
    server = Server(project, tmp_path / "tmp")
    context = browser.new_context(viewport=DESKTOP, service_workers="block")
    try:
        base = server.start()
        line = server.line_matching(PROBLEM, "the problem line").strip()
        page = context.new_page()
        box = page.locator("section.cajd-problems")
        for address in (base, base + "about/"):  # the home page is made from data/: "not found", with the box
            page.goto(address)
            expect(box).to_be_visible()
            expect(box.get_by_role("heading")).to_have_text("The data has a problem")
            expect(box).to_contain_text("no page is built from data/ yet")
            expect(box.locator("li")).to_have_text([line])

        themes.write_text(good.replace(OLD_TEXT, NEW_TEXT), encoding="utf-8")
        expect(box).to_have_count(0, timeout=60_000)  # the browser reloaded after the good build
        page.goto(base + "themes/tourism/")
        expect(page.locator("article")).to_contain_text(NEW_TEXT)
        expect(box).to_have_count(0)
    finally:
        context.close()
        server.stop()
