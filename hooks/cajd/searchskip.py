"""Blocks that Material's search plugin would parse only to leave out: kept from it altogether.

Material's search leaves out of its index any element marked `data-search-exclude` (its documented
attribute), but its HTML parser still walks every tag and text inside. The pages mark the blocks a reader
does not search for: the citation numbers ([1][2]), the reference lists (each source is indexed once, on
the Sources page), the Sources page's lists of the pages that rely on a source, and the charts' drawings
(their captions and word lists stay in the index). `set_aside` swaps each marked block for an HTML comment
before the search plugin reads the page; `put_back` restores it, without the attribute, after. The index
is the same as Material's own for the marked page (tests/test_searchskip.py), and it costs the build
about a third less of Material's parsing.
"""

from __future__ import annotations

import re

ATTRIBUTE = "data-search-exclude"
# The opening tag of a marked element (the attribute is written bare, as the templates do).
_MARKED = re.compile(rf"<([a-z][a-z0-9]*)\b[^>]*?\s{ATTRIBUTE}(?=[\s>/])[^>]*>")
_UNMARK = re.compile(rf"\s{ATTRIBUTE}(?=[\s>/])")
_TAGS: dict[str, re.Pattern[str]] = {}  # a tag's opening and closing tags, by name
_PLACEHOLDER = re.compile(r"<!--cajd-search-skip-(\d+)-->")


def _end(html: str, tag: str, start: int) -> int:
    """The index just after the element opened before `start` closes (same-name elements may nest)."""
    depth = 1
    tags = _TAGS.get(tag) or _TAGS.setdefault(tag, re.compile(rf"<(/?){tag}\b[^>]*>"))
    for m in tags.finditer(html, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end()
    raise ValueError(f"<{tag} {ATTRIBUTE}> is not closed")


def set_aside(html: str) -> tuple[str, list[str]]:
    """The page with each marked block replaced by a comment, and the blocks in order."""
    if ATTRIBUTE not in html:
        return html, []
    parts: list[str] = []
    pieces: list[str] = []
    pos = 0
    while (m := _MARKED.search(html, pos)) is not None:
        end = _end(html, m.group(1), m.end())
        parts.append(html[pos:m.start()])
        parts.append(f"<!--cajd-search-skip-{len(pieces)}-->")
        pieces.append(html[m.start():end])
        pos = end
    parts.append(html[pos:])
    return "".join(parts), pieces


def put_back(html: str, pieces: list[str]) -> str:
    """The page with its blocks back in place, the attribute dropped (Material drops its own from the page)."""
    if not pieces:
        return html
    return _PLACEHOLDER.sub(lambda m: _UNMARK.sub("", pieces[int(m.group(1))]), html)
