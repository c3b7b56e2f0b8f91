"""Full `mkdocs build --strict` runs: the fixture data, hostile text, and broken data."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run_build

PAGE_KINDS = [
    "index.html",
    "timeline/index.html",
    "meetings/index.html",
    "meetings/07-dushanbe-2019/index.html",
    "countries/index.html",
    "countries/tj/index.html",
    "people/index.html",
    "people/taro-kono/index.html",
    "themes/index.html",
    "themes/tourism/index.html",
    "action-plans/index.html",
    "action-plans/action-plan-2019/index.html",
    "about/index.html",
    "about/sources/index.html",
]


def article(html: str) -> str:
    """The page body without Material's chrome."""
    return html[html.index("<article"): html.index("</article>")]


def test_every_page_kind_is_built(fixture_site: Path):
    for page in PAGE_KINDS:
        assert (fixture_site / page).exists(), page
    meeting = article((fixture_site / "meetings/07-dushanbe-2019/index.html").read_text())
    assert "Dushanbe" in meeting and 'datetime="2019-05-18"' in meeting and "Taro Kono" in meeting


def test_edit_link_points_at_the_yaml_file(fixture_site: Path):
    html = (fixture_site / "meetings/07-dushanbe-2019/index.html").read_text()
    assert re.search(r'href="https://[^"]+/edit/main/data/meetings/07-dushanbe-2019\.yml"[^>]*rel="edit"', html)
    person = (fixture_site / "people/taro-kono/index.html").read_text()
    assert "/edit/main/data/people.yml" in person


def test_generated_pages_carry_a_description(fixture_site: Path):
    html = (fixture_site / "meetings/07-dushanbe-2019/index.html").read_text()
    assert '<meta name="description" content="The ministers met in Dushanbe. They discussed tourism and security.">' in html


def test_nothing_is_written_into_docs(project: Path):
    before = sorted(p.relative_to(project) for p in (project / "docs").rglob("*"))
    assert run_build(project).returncode == 0
    after = sorted(p.relative_to(project) for p in (project / "docs").rglob("*"))
    assert before == after


def test_hostile_text_is_shown_as_text(project: Path):
    meeting = project / "data/meetings/07-dushanbe-2019.yml"
    text = meeting.read_text()
    text = text.replace(
        "summary: The ministers met in Dushanbe. They discussed tourism and security.",
        "summary: '<script>alert(1)</script> *bold* [x](javascript:alert(2)) <img src=x onerror=alert(3)>'",
    )
    text = text.replace("title: Joint Statement", "title: '**Joint** Statement {: onclick=\"alert(4)\" }'")
    text = text.replace("  - text: First ministerial", "  - text: <b>Joint</b> first ministerial")
    meeting.write_text(text)
    themes = project / "data/themes.yml"
    themes.write_text(themes.read_text().replace("title: Tourism", "title: 'Tourism &amp; *em* [x](javascript:y) {: onclick=\"x\" }'"))
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    for html_file in site.rglob("*.html"):
        body = article(html_file.read_text()) if "<article" in html_file.read_text() else ""
        assert "<script>alert" not in body, html_file
        assert "onerror=alert" not in body.replace("onerror=alert(3)&gt;", ""), html_file
        assert 'onclick="' not in body, html_file
        assert "<b>Joint</b>" not in body, html_file
        assert 'href="javascript:' not in body, html_file
    meeting_html = article((site / "meetings/07-dushanbe-2019/index.html").read_text())
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *bold* [x](javascript:alert(2))" in meeting_html
    theme_html = article((site / "themes/tourism/index.html").read_text())
    assert re.search(r'<h1[^>]*>Tourism &amp;amp; \*em\* \[x\]\(javascript:y\) \{: onclick=&#34;x&#34; \}<a', theme_html), theme_html[:900]


def test_markup_in_a_name_or_title_is_refused(project: Path):
    themes = project / "data/themes.yml"
    themes.write_text(themes.read_text().replace("title: Tourism", "title: '</title><script>alert(1)</script>'"))
    result = run_build(project)
    assert result.returncode == 1
    assert "angle brackets (< >) in a name or title, expected plain words" in result.stdout + result.stderr


def test_bad_data_fails_the_build_with_file_line_messages(project: Path):
    meeting = project / "data/meetings/07-dushanbe-2019.yml"
    meeting.write_text(meeting.read_text().replace("  - country: kz\n", "  - country: kzz\n").replace("format: in-person", "format: hybrid"))
    result = run_build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert "data/meetings/07-dushanbe-2019.yml:6: format: 'hybrid' is not allowed, expected one of: in-person, video" in output
    assert not (project / "site").exists()


def test_every_script_is_deferred(fixture_site: Path):
    """overrides/main.html defers the scripts of Material's own block, without knowing the bundle's file name."""
    for page in PAGE_KINDS:
        html = (fixture_site / page).read_text()
        scripts = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html)
        assert any("assets/javascripts/bundle." in s for s in scripts), page
        assert [s for s in scripts if not re.search(r"\s(defer|async)\b", s)] == [], page


def test_compiled_templates_are_kept_between_builds(project: Path):
    """.cache/jinja/ holds the compiled templates (ours and the theme's); a second build compiles none again."""
    assert run_build(project).returncode == 0
    cache = project / ".cache/jinja"
    first = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(first) > 20, sorted(first)
    assert run_build(project).returncode == 0
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == first
    template = project / "hooks/cajd/templates/theme.md.j2"
    template.write_text(template.read_text(encoding="utf-8").replace('_("Meetings that discussed it")', '_("Meetings")'), encoding="utf-8")
    assert run_build(project).returncode == 0
    again = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert [n for n in again if again[n] != first.get(n)] != [] and set(first) <= set(again)
