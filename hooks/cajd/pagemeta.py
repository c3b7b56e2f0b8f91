"""For readers who cite and follow the dialogue: each record page's last-changed date and citation,
the citation downloads, and the Atom feed of the timeline.

Dates come from history.last_changed (git); the formats from cite.py and feed.py. The theme shows the
citation box and the meta tags (overrides/partials/cite.html), from what `PageCitation` carries.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

from . import cite
from . import feed

CITE_FOLDER = "cite"  # cite/<page path>.bib, .ris, .json


@dataclass(frozen=True)
class PageCitation:
    citable: cite.Citable
    changed: str  # the last-changed date as the page's language writes it
    suggested: str  # the suggested citation as text
    files: tuple[tuple[str, str, str], ...]  # (path under the site, media type, format name), in cite.FORMATS order
    meta: tuple[tuple[str, str], ...]  # Highwire citation_* tags: (name, content)


def page_path(src_uri: str) -> str:
    """'meetings/x.md' -> 'meetings/x'; 'people/index.md' -> 'people/index'."""
    return src_uri.removesuffix(".md")


def absolute_url(site_url: str, src_uri: str) -> str:
    """The page's published address, as MkDocs writes it with directory URLs."""
    path = page_path(src_uri)
    if path == "index":
        path = ""
    elif path.endswith("/index"):
        path = path[: -len("index")]
    else:
        path += "/"
    return site_url.rstrip("/") + "/" + path


def citation(src_uri: str, title: str, site_url: str, site_name: str, changed: date, language: str,
             display_date, gettext=None) -> PageCitation:
    """`display_date(date)` writes the date as the page's language does (e.g. '28 November 2026', 2026年11月28日);
    `gettext(message, **values)` puts the words around the suggested citation into that language (English if none).
    The record's title and the site's name stay as the page shows them."""
    key = "cajd-" + page_path(src_uri).replace("/", "-")
    url = absolute_url(site_url, src_uri)
    title = str(title)  # plain text: English standing in for a translation is marked only in the page's HTML
    c = cite.Citable(key, title, url, site_name, changed, language)
    suggested = cite.suggested(c, display_date(changed), gettext)
    files = tuple((f"{CITE_FOLDER}/{page_path(src_uri)}.{suffix}", media, name) for suffix, media, name in cite.FORMATS)
    return PageCitation(c, display_date(changed), suggested, files, tuple(cite.meta_tags(c)))


def citation_files(pc: PageCitation) -> dict[str, str]:
    """path -> content of the page's citation downloads."""
    contents = cite.downloads(pc.citable)
    return {path: contents[path.rsplit(".", 1)[1]] for path, _, _ in pc.files}


@dataclass(frozen=True)
class FeedItem:
    """A timeline entry as the feed needs it; `changed` is the date of the YAML it came from."""

    anchor: str
    title: str
    summary: str
    published: date
    changed: date
    page: str | None  # src_uri of the entry's own page, if any
    categories: tuple[str, ...] = ()


def atom(items: Iterable[FeedItem], site_url: str, site_name: str, subtitle: str, language: str,
         timeline_uri: str = "timeline.md") -> str:
    timeline = absolute_url(site_url, timeline_uri)
    entries = [
        feed.FeedEntry(
            id=timeline + "#" + item.anchor, title=item.title,
            link=absolute_url(site_url, item.page) if item.page else timeline + "#" + item.anchor,
            published=item.published, updated=item.changed, summary=item.summary, categories=item.categories,
        )
        for item in items
    ]
    info = feed.FeedInfo(site_url.rstrip("/") + "/" + feed.FEED_PATH, site_name, subtitle, site_url.rstrip("/") + "/",
                         site_name, language)
    return feed.atom(info, entries)


def first_day(value: str) -> date:
    """The first day of a date known to the day, month or year ('2005-03' -> 1 March 2005)."""
    parts: Sequence[int] = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
