"""Serve a built site on 127.0.0.1 in a background thread; find and launch Chromium.

Shared by the browser tests and by benchmarks/lighthouse.py and screenshots.py.
"""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import gzip
import http.server
import io
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

# Debian's Chromium; a test tool's own browser download does not work on our machines.
CHROMIUM = Path(os.environ.get("CAJD_CHROMIUM", "/usr/bin/chromium"))

# Without the background-networking flags Chromium calls Google's services, which a
# closed network refuses and which would count as requests to another host.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# A request with this header gets the site's search index with no documents in it (the same configuration:
# language, separator), never cached. Material's search worker indexes the whole site's text on every page load,
# about 0.6 s of CPU time that a test which only reads the page does not need (tests/browser/conftest.py,
# Contexts.tab). A header rather than Playwright's page.route: routing a page sends each of its requests through the
# test process, about 0.13 s of CPU time a page load.
NO_SEARCH_DOCS = "X-Cajd-Test-Search-Docs"
SEARCH_INDEX = "search/search_index.json"

# Types a static host compresses (GitHub Pages, nginx with gzip on, ...).
_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, quietly; with `compress`, gzip for text types as a real host would."""

    compress = False
    extra: dict[str, bytes] = {}  # URL path -> a script the tests add to pages, served from here and kept in the cache
    _cache: dict[Path, bytes] = {}
    _no_docs: dict[Path, bytes] = {}  # search index -> the same with no documents
    protocol_version = "HTTP/1.1"  # keep-alive, as any real host; every response here has a Content-Length

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript", ".json": "application/json"}

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass

    def send_head(self):  # type: ignore[override]
        body = self.extra.get(self.path.split("?", 1)[0])
        if body is not None:
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript; charset=utf-8")
            self.send_header("Cache-Control", "max-age=86400, immutable")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        if self._is_search_index() and self.headers.get(NO_SEARCH_DOCS) is not None:
            return self._search_index_without_docs()
        if not self.compress or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the slashed URL
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        if not path.is_file() or not ctype.startswith(_COMPRESSIBLE):
            return super().send_head()
        body = self._cache.get(path)
        if body is None:
            body = self._cache[path] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def _is_search_index(self) -> bool:
        return self.path.split("?", 1)[0].endswith("/" + SEARCH_INDEX)

    def _search_index_without_docs(self):
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            return super().send_head()
        if path not in self._no_docs:
            self._no_docs[path] = json.dumps({**json.loads(path.read_bytes()), "docs": []}).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(self._no_docs[path])))
        self.end_headers()
        return io.BytesIO(self._no_docs[path])

    def end_headers(self) -> None:
        if self._is_search_index():  # both answers: a cache must not give one for the other
            self.send_header("Vary", NO_SEARCH_DOCS)
        super().end_headers()


@contextlib.contextmanager
def serve(directory: Path, *, compress: bool = False, extra: dict[str, bytes] | None = None) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 on a free port; yields the base URL, ending in '/'. `extra` adds scripts
    at URL paths of their own (the tests' axe-core), outside the site."""
    handler = type("Handler", (_Handler,), {"compress": compress, "extra": extra or {}, "_cache": {}, "_no_docs": {}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)



# The kinds of page the site has, read from the code's registry (cajd.kinds), never listed by hand: each named page
# (kinds.PAGES: home, timeline, about, contributing), each record kind's index ("meetings index"; a kind with an
# index and no record pages is named by its name: "sources") and its records' pages (named by the template's
# variable: "meeting"). (kind, URL path under the site root; for records, a folder pattern ending in "*/").
def page_kinds() -> list[tuple[str, str]]:
    from cajd import kinds
    from cajd.render import page_url

    found = [(name, page_url(src_uri)) for name, src_uri in kinds.PAGES.items()]
    for kind in kinds.KINDS:
        if kind.index_template:
            found.append((f"{kind.name} index" if kind.template else kind.name, page_url(kind.index)))
        if kind.template:
            found.append((kind.var, page_url(kind.page_of("*"))))
    return found


PAGE_KINDS: list[tuple[str, str]] = page_kinds()


def pages_of_every_kind(site: Path) -> dict[str, list[str]]:
    """Kind -> URL paths of every built page of that kind, the largest first (the most to check)."""
    pages = {}
    for kind, path in PAGE_KINDS:
        if path.endswith("*/"):
            found = sorted(site.glob(path + "index.html"), key=lambda f: (-f.stat().st_size, f.as_posix()))
            if not found:
                raise FileNotFoundError(f"no {kind} page under {site / path.removesuffix('*/')}")
            pages[kind] = [f.parent.relative_to(site).as_posix() + "/" for f in found]
        elif (site / path / "index.html").is_file():
            pages[kind] = [path]
        else:
            raise FileNotFoundError(f"no {kind} page at {site / path}")
    return pages


def page_of_every_kind(site: Path) -> dict[str, str]:
    """Kind -> URL path of one built page of that kind; for records, the largest page (the most to check)."""
    return {kind: paths[0] for kind, paths in pages_of_every_kind(site).items()}


def kind_of(path: str) -> str | None:
    """The kind (PAGE_KINDS) of the page at this URL path under a site's root ("meetings/x/"), or None (the 404
    page)."""
    for kind, pattern in PAGE_KINDS:
        if path == pattern or (pattern.endswith("*/") and fnmatch.fnmatchcase(path, pattern)):
            return kind
    return None
