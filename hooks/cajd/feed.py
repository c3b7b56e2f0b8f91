"""An Atom feed (RFC 4287) of the timeline's entries, newest first, written with the standard library's
ElementTree, which escapes every string it is given."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"  # under each language's root


@dataclass(frozen=True)
class FeedEntry:
    id: str  # a permanent IRI: the entry's address on the timeline
    title: str
    link: str  # absolute address of the page that tells more
    published: date
    updated: date  # when the YAML behind the entry last changed
    summary: str
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeedInfo:
    id: str  # the feed's own address
    title: str
    subtitle: str
    site: str  # the site's home page
    author: str
    language: str


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom(info: FeedInfo, entries: list[FeedEntry]) -> str:
    """The feed as a UTF-8 XML document; entries newest first (by date, then by id)."""
    ET.register_namespace("", ATOM)
    ordered = sorted(entries, key=lambda e: (e.published, e.id), reverse=True)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": info.language})
    _text(feed, "id", info.id)
    _text(feed, "title", info.title)
    _text(feed, "subtitle", info.subtitle)
    _text(feed, "updated", _stamp(max((e.updated for e in entries), default=date(2004, 1, 1))))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": info.id})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": info.site})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", info.author)
    _text(author, "uri", info.site)
    for e in ordered:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", e.id)
        _text(entry, "title", e.title)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": e.link})
        _text(entry, "published", _stamp(e.published))
        _text(entry, "updated", _stamp(max(e.updated, e.published)))
        _text(entry, "summary", e.summary)
        for term in e.categories:
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": term})
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=False).join(('<?xml version="1.0" encoding="utf-8"?>\n', "\n"))


def _text(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{name}").text = value
