"""Every internal link and #anchor of the built site resolves (tests/linkcheck.py), and --strict
fails on a broken Markdown link or anchor in docs/ (mkdocs.yml `validation:`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cajd.dataset import load_dataset
from cajd.errors import DataError
from conftest import ROOT, run_build
from linkcheck import Broken, check_site


def _page(site: Path, rel: str, body: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><head><title>t</title></head><body>{body}</body></html>")


def test_the_checker_finds_each_kind_of_broken_link(tmp_path: Path):
    site = tmp_path / "site"
    _page(site, "index.html", '<link rel="canonical" href="https://example.org/base/"><h1 id="top">Home</h1>'
          '<a href="a/">ok</a><a href="a/#sec">ok</a><a href="#top">ok</a><a href="https://x.org/nope">external</a>'
          '<a href="/base/a/">ok from the root</a><img src="missing.png"><a href="a/#nope">bad anchor</a>'
          '<a href="../outside/">escapes</a><a href="b/">no page</a><a href="javascript:void(0)">script</a>'
          '<a href="#gone">bad local anchor</a><a href="/base/b/">none from the root</a><a name="old">ok</a>')
    _page(site, "a/index.html", '<h2 id="sec">Section</h2><a href="../#old">ok</a><a href="../index.html#top">ok</a>')
    found = check_site(site)
    assert found == sorted([
        Broken("index.html", "missing.png", "no file missing.png"),
        Broken("index.html", "a/#nope", "no id 'nope' in a/index.html"),
        Broken("index.html", "../outside/", "points outside the site folder"),
        Broken("index.html", "b/", "no file b/index.html"),
        Broken("index.html", "javascript:void(0)", "scheme 'javascript' is not a web link"),
        Broken("index.html", "#gone", "no id 'gone' in index.html"),
        Broken("index.html", "/base/b/", "no file b/index.html"),
    ])


def test_fixture_site_has_no_broken_links(fixture_site: Path):
    assert [str(b) for b in check_site(fixture_site)] == []


def test_real_site_has_no_broken_links(request: pytest.FixtureRequest):
    try:
        load_dataset(ROOT / "data")
    except DataError as exc:  # colleagues are still writing data/: say so instead of failing on their work
        first = "; ".join(str(p) for p in exc.problems[:3])
        pytest.xfail(f"the real data/ does not validate yet ({len(exc.problems)} problems, e.g. {first})")
    site: Path = request.getfixturevalue("real_site")
    assert [str(b) for b in check_site(site)] == []


def test_the_unchanged_fixture_builds_without_a_warning(project: Path):
    result = run_build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "WARNING" not in output, output


def test_a_link_to_an_id_inside_a_generated_html_block_passes_strict(project: Path):
    """Markdown does not parse those blocks (hooks/cajd/htmlblocks.py); MkDocs' anchor checks must still see their ids."""
    about = project / "docs/about/index.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n\nSee [the 2019 meeting](../timeline.md#meeting-07-dushanbe-2019)"
                     " and [the Diplomat](sources.md#source-diplomat-2019).\n", encoding="utf-8")
    result = run_build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "WARNING" not in output, output


@pytest.mark.parametrize(
    "markdown, warning",
    [
        ("[the sources](no-such-page.md)", "no-such-page.md"),
        ("[the sources](sources.md#no-such-anchor)", "no-such-anchor"),
        ("[this page](#no-such-heading)", "no-such-heading"),
    ],
)
def test_strict_build_fails_on_a_broken_link_or_anchor_in_docs(project: Path, markdown: str, warning: str):
    about = project / "docs/about/index.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n\nSee {markdown}.\n", encoding="utf-8")
    result = run_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "WARNING" in output and warning in output, output
