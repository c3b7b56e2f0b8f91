"""Check the links of a built site offline: every internal href/src and every #anchor must resolve.

`check_site(site)` returns a list of `Broken(page, link, reason)`; empty means every
internal link points at a file in the site folder and every fragment at an id
(or <a name>) in the target page. External http(s), mailto and tel links are
skipped, since the site must work offline. MkDocs' own `validation:` only sees
Markdown links; our pages are generated as raw HTML, so this is the check that
covers them.

    python tests/linkcheck.py site/          # prints the broken links, exit 1 if any
"""

from __future__ import annotations

import posixpath
import sys
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

SKIPPED_SCHEMES = {"http", "https", "mailto", "tel"}
LINK_ATTRS = {
    ("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("iframe", "src"),
    ("source", "src"), ("video", "src"), ("audio", "src"), ("use", "href"), ("use", "xlink:href"), ("form", "action"),
}


@dataclass(frozen=True, order=True)
class Broken:
    page: str  # relative to the site folder
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link}: {self.reason}"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.canonical: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "link" and ("rel", "canonical") in attrs:
            self.canonical = dict(attrs).get("href")
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            if (tag, name) in LINK_ATTRS:
                self.links.append(value)

    handle_startendtag = handle_starttag


@lru_cache(maxsize=4096)
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    page.close()
    return page


def _target(site: Path, page: Path, path: str, base_path: str) -> Path | None:
    """The file a link's path points at, or None when it leaves the site folder."""
    if path.startswith("/"):
        if base_path and (path + "/").startswith(base_path):
            path = path[len(base_path):]
        rel = posixpath.normpath("/" + path.lstrip("/")).lstrip("/")
        if rel in ("", "."):
            rel = ""
    else:
        here = page.parent.relative_to(site).as_posix()
        joined = posixpath.join("" if here == "." else here, path)
        rel = posixpath.normpath(joined)
        if rel == ".":
            rel = ""
        if rel == ".." or rel.startswith("../"):
            return None
    target = site / rel if rel else site
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def base_path_of(site: Path) -> str:
    """The path of site_url, from the home page's canonical link ('/cajd-site/'), or '/'."""
    home = site / "index.html"
    canonical = _parse(home).canonical if home.is_file() else None
    return urlsplit(canonical).path or "/" if canonical else "/"


def check_site(site: Path, base_path: str | None = None) -> list[Broken]:
    """Every broken internal link or anchor of every HTML page under `site`.

    `base_path` is the path of site_url (e.g. '/cajd-site/') that links written from the
    root (as in 404.html) start with; by default it is read from the home page.
    """
    site = site.resolve()
    _parse.cache_clear()
    if base_path is None:
        base_path = base_path_of(site)
    broken: list[Broken] = []
    for page in sorted(site.rglob("*.html")):
        rel_page = page.relative_to(site).as_posix()
        for link in _parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                if parts.scheme.lower() not in SKIPPED_SCHEMES and not link.startswith("//"):
                    broken.append(Broken(rel_page, link, f"scheme {parts.scheme!r} is not a web link"))
                continue
            path, fragment = unquote(parts.path), unquote(parts.fragment)
            target = _target(site, page, path, base_path) if path else page
            if target is None:
                broken.append(Broken(rel_page, link, "points outside the site folder"))
                continue
            if not target.is_file():
                broken.append(Broken(rel_page, link, f"no file {target.relative_to(site).as_posix() if target.is_relative_to(site) else target}"))
                continue
            if fragment and target.suffix == ".html" and fragment not in _parse(target).ids:
                broken.append(Broken(rel_page, link, f"no id {fragment!r} in {target.relative_to(site).as_posix()}"))
    return sorted(set(broken))


if __name__ == "__main__":  # pragma: no cover - a convenience for editors
    found = check_site(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))
    print("\n".join(map(str, found)) or "no broken links")
    sys.exit(1 if found else 0)
