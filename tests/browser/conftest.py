"""Fixtures for the browser tests: one Chromium per session, the built sites served on 127.0.0.1.

Chromium is Debian's (/usr/bin/chromium, or $CAJD_CHROMIUM). Without it the browser
tests are skipped locally, with the reason; with CI set, a missing browser fails them.
Every page a test opens records its requests and console errors, and the test fails
at teardown if any request went to another host or anything was logged as an error.

Browser contexts are kept for the session, one per site and set of options (viewport, scheme, touch), so
the scripts and styles a page loads are compiled once per worker, not once per test. A test gets a new
page (a new tab) with `new()`, whose first document starts with empty storage: what one test stores
(Material keeps the chosen scheme in localStorage) never reaches another. Tests that only load pages and
read them take the context's kept tab with `tab()` instead: its storage is emptied first, so they start
as in a new tab, without the cost of one (Chromium starts a new renderer for each new tab: a page load in
it takes about twice the CPU time of one in a tab already open).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from conftest import EVERY_PAGE, env_flag

from .siteserver import CHROMIUM, CHROMIUM_FLAGS, NO_SEARCH_DOCS, pages_of_every_kind, serve

# axe-core (bundled by axe-playwright-python), served beside each site: a page loads it with a script tag, so a
# browser context compiles it once, not on every page, and no 570 kB string goes over the wire to each page.
AXE_PATH = "/__tests__/axe.min.js"


def _test_scripts() -> dict[str, bytes]:
    from axe_playwright_python.base import AXE_SCRIPT

    return {AXE_PATH: AXE_SCRIPT.encode("utf-8")}

DESKTOP = {"width": 1280, "height": 800}
BROWSER_LOCALES = {"ja": "ja-JP", "ru": "ru-RU"}  # a reader of the site in that language
MOBILE = {"width": 375, "height": 812}
TIMEOUT_MS = 30_000  # for actions and for expect(): a loaded 2-core machine builds the search index slowly (Russian
# searches waited more than 15 s at load average 27-40)

expect.set_options(timeout=TIMEOUT_MS)


def _in_ci() -> bool:
    return env_flag("CI")


@pytest.fixture(scope="session")
def chromium() -> Path:
    """The Chromium executable; skips (locally) or fails (in CI) when there is none."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        reason = f"no Chromium at {CHROMIUM}: install it with `apt-get install chromium` (or set CAJD_CHROMIUM)"
        if _in_ci():
            pytest.fail(f"{reason}; CI is set, so the browser tests must run", pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium: Path):
    """One headless Chromium for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # a declared test dependency: not a reason to skip
        pytest.fail("the browser tests need the `playwright` package: pip install -e '.[test]'", pytrace=False)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def fixture_url(fixture_site: Path) -> Iterator[str]:
    """The site built from tests/fixtures/data, served for the session."""
    with serve(fixture_site, extra=_test_scripts()) as url:
        yield url


@pytest.fixture(scope="session")
def real_url(real_site: Path) -> Iterator[str]:
    """The site built from the real data/, served for the session."""
    with serve(real_site, extra=_test_scripts()) as url:
        yield url


@pytest.fixture(scope="session")
def languages_url(real_url: str) -> str:
    """The real data/ built in every language (English at the root, /ja/, /ru/): the same build, on the same server."""
    return real_url


@pytest.fixture(scope="session")
def ja_url(languages_url: str) -> str:
    return languages_url + "ja/"


@pytest.fixture(scope="session")
def ru_url(languages_url: str) -> str:
    return languages_url + "ru/"


@dataclass
class Watch:
    """What the pages of one browser context did: requests elsewhere, errors, failed loads."""

    origin: str
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _pages: list = field(default_factory=list)  # the pages listened to

    @property
    def host(self) -> str:  # a site in another language is served under the English one, on the same host
        parts = urlsplit(self.origin)
        return f"{parts.scheme}://{parts.netloc}/"

    def attach(self, context) -> None:
        for event, listener in self._listeners():
            context.on(event, listener)

    def detach(self, context) -> None:
        for event, listener in self._listeners():
            context.remove_listener(event, listener)

    def _listeners(self):
        return [("request", self._request), ("response", self._response), ("requestfailed", self._failed),
                ("page", self.attach_page)]

    def attach_page(self, page) -> None:
        if page in self._pages:
            return
        self._pages.append(page)
        for event, listener in self._page_listeners():
            page.on(event, listener)

    def detach_pages(self) -> None:
        """Stops listening to the pages (a kept tab outlives the test)."""
        for page in self._pages:
            for event, listener in self._page_listeners():
                page.remove_listener(event, listener)
        self._pages.clear()

    def _page_listeners(self):
        return [("request", self._request), ("console", self._console), ("pageerror", self._pageerror)]

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console {message.type}: {message.text} at {message.location}")

    def _pageerror(self, error) -> None:
        self.errors.append(f"uncaught exception: {error}")

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if f"{parts.scheme}://{parts.netloc}/" != self.host and request.url not in self.outside:
            self.outside.append(request.url)

    def _failed(self, request) -> None:
        if "ERR_ABORTED" not in (request.failure or ""):  # cut short by leaving the page: not an error
            self.errors.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status} for {response.url}")

    def check(self) -> None:
        assert not self.outside, f"requests to hosts other than {self.origin}: {self.outside}"
        assert not self.errors, "errors in the browser:\n" + "\n".join(self.errors)


# Run before any script of the first document in a new tab (sessionStorage is the tab's own): a new page starts
# with empty storage, as in a new context; later documents in the same tab keep what the page stored.
FRESH_STORAGE = """(() => { try {
  if (!sessionStorage.getItem("cajd-test-tab")) { localStorage.clear(); sessionStorage.setItem("cajd-test-tab", "1"); }
} catch (e) {} })();"""


class Contexts:
    """The browser contexts of a worker's session, one per site and options; closed at the end of the session."""

    def __init__(self, browser):
        self.browser = browser
        self._open: dict[str, object] = {}
        self._tabs: dict[str, object] = {}  # context key -> its kept tab

    def get(self, base_url: str, locale: str, **options):
        key = repr(sorted({"base_url": base_url, "locale": locale, **options}.items()))
        if key not in self._open:
            context = self.browser.new_context(base_url=base_url, locale=locale, service_workers="block", **options)
            context.set_default_timeout(TIMEOUT_MS)
            context.add_init_script(FRESH_STORAGE)
            self._open[key] = context
        return self._open[key]

    def tab(self, context):
        """The kept tab of a context, with its storage emptied (for its origin): the next document starts as in a new
        tab (FRESH_STORAGE clears localStorage again, as the tab's sessionStorage no longer marks it).

        Its pages get the site's search index with no documents in it (siteserver.NO_SEARCH_DOCS): on every page load
        Material's search worker indexes the whole site's text, CPU time that a test which only reads the page does not
        need. Search is tested in new tabs (new())."""
        key = next(k for k, c in self._open.items() if c is context)
        page = self._tabs.get(key)
        if page is None or page.is_closed():
            page = self._tabs[key] = context.new_page()
            page.set_extra_http_headers({NO_SEARCH_DOCS: "1"})
        elif page.url.startswith(("http:", "https:")):
            page.evaluate("() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }")
        return page

    def close(self) -> None:
        for context in self._open.values():
            context.close()


@pytest.fixture(scope="session")
def contexts(browser) -> Iterator[Contexts]:
    kept = Contexts(browser)
    yield kept
    kept.close()


class Pages:
    """Opens pages on one served site, each watched; closes them at the end of the test."""

    def __init__(self, contexts: Contexts, base_url: str, site: Path, name: str):
        self.contexts = contexts
        self.base_url = base_url
        self.name = name
        self.every = pages_of_every_kind(site)  # kind -> paths of every page of that kind, the largest first
        self.kinds = {kind: paths[0] for kind, paths in self.every.items()}  # kind -> the path of its largest page
        self.watch = Watch(base_url)
        self._watched = []
        self._pages = []

    def sample(self, kind: str) -> list[str]:
        """The pages of a kind that the template-driven checks load: its largest, or with EVERY_PAGE every one."""
        return self.every[kind] if EVERY_PAGE else [self.kinds[kind]]

    def _context(self, viewport: dict | None, color_scheme: str, options: dict):
        context = self.contexts.get(self.base_url, BROWSER_LOCALES.get(self.name, "en-GB"),
                                    viewport=viewport or DESKTOP, color_scheme=color_scheme, **options)
        if context not in self._watched:
            self.watch.attach(context)
            self._watched.append(context)
        return context

    def new(self, *, viewport: dict | None = None, color_scheme: str = "light", **options):
        """A new tab, closed at the end of the test."""
        page = self._context(viewport, color_scheme, options).new_page()
        self._pages.append(page)
        return page

    def tab(self, *, viewport: dict | None = None, color_scheme: str = "light", **options):
        """The tab kept open for the session with these options, for a test that only loads pages and reads them
        (no clicks, no history, no listeners of its own); it starts with empty storage, and is watched like a new one."""
        page = self.contexts.tab(self._context(viewport, color_scheme, options))
        self.watch.attach_page(page)
        return page

    def close(self) -> None:
        for page in self._pages:
            page.close()
        self.watch.detach_pages()
        for context in self._watched:
            context.clear_cookies()
            self.watch.detach(context)


def _watched_pages(browser, request, name: str) -> Iterator[Pages]:
    opened = Pages(request.getfixturevalue("contexts"), request.getfixturevalue(f"{name}_url"),
                   request.getfixturevalue(f"{name}_site"), name)
    yield opened
    opened.close()
    opened.watch.check()


@pytest.fixture
def pages(browser, request) -> Iterator[Pages]:
    """Pages on the fixture site; the test fails if one asked another host for anything or logged an error."""
    yield from _watched_pages(browser, request, "fixture")


@pytest.fixture
def real_pages(browser, request) -> Iterator[Pages]:
    """Pages on the site built from the real data/, watched in the same way."""
    yield from _watched_pages(browser, request, "real")


# The sites that the template-driven checks sample: the real data in every language (what is published). The
# fixture site has the same templates; with EVERY_PAGE it is checked too.
SAMPLED_SITES = ["real", "ja", "ru", *(["fixture"] if EVERY_PAGE else [])]


@pytest.fixture(params=SAMPLED_SITES)
def any_pages(browser, request) -> Iterator[Pages]:
    """Each site in turn: the real data (what is published), in English, Japanese and Russian; with EVERY_PAGE also
    the fixture data. A test loads `any_pages.sample(kind)`, one page of the kind or (EVERY_PAGE) every one."""
    yield from _watched_pages(browser, request, request.param)
