"""Keep the generated pages' HTML blocks away from Python-Markdown, and put them back after.

The templates write each page as a few Markdown headings around large blocks of
HTML (tables, lists, the map). Python-Markdown copies such a block through
unchanged, but to find where it ends it runs a pure-Python HTML parser over the
whole page, and MkDocs parses it once more to collect anchor ids: two thirds of
the Markdown time of a generated page, for output that does not change.

`stash()` swaps every top-level HTML block that Python-Markdown would copy
verbatim for a comment placeholder, `restore()` puts the blocks back into the
HTML Markdown produced, and `anchor_ids()` lists the ids MkDocs would have
collected from them, for its anchor checks. A block is stashed only when its
boundaries are unambiguous (it starts a line after a blank line, ends with its
own closing tag at the end of a line, before a blank line or a heading); anything else is left
for Markdown, which is always correct, only slower. The test suite builds the
site both ways and compares every page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# Tags that Python-Markdown treats as block-level (markdown.Markdown().block_level_elements)
# and that the templates open at the start of a line.
BLOCK_TAGS = ("div", "table", "ul", "ol", "dl", "section", "details", "p", "figure", "nav", "aside", "form", "blockquote")

_OPEN = re.compile(r"^<(" + "|".join(BLOCK_TAGS) + r")(?=[\s>])", re.M)
_PLACEHOLDER = "<!--cajd-block-{}-->"
_PLACEHOLDERS = re.compile(r"<!--cajd-block-(\d+)-->")
_TAGS = {name: re.compile(rf"<(/?){name}(?=[\s>/])") for name in BLOCK_TAGS}  # opening and closing tags of each
_ID_ATTR = re.compile(r"""\s(id|name)=(?:"([^"]*)"|'([^']*)')""")
_A_TAG = re.compile(r"<[aA]\s")


@dataclass(frozen=True)
class Stashed:
    markdown: str
    blocks: tuple[str, ...]


def _element_end(text: str, start: int, name: str) -> int:
    """End of the line that closes the element opened at `start`, or -1 when text follows the closing tag."""
    depth = 0
    for m in _TAGS[name].finditer(text, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            close = text.find(">", m.end())
            if close < 0:
                return -1
            eol = text.find("\n", close)
            eol = len(text) if eol < 0 else eol
            return -1 if text[close + 1 : eol].strip() else eol
    return -1


def _block_end(text: str, start: int, name: str) -> int:
    """End of the block opened at `start` (with any block elements that follow it line by line),
    or -1 when it is not a clean block: it must end before a blank line or the end of the text."""
    end = _element_end(text, start, name)
    while end >= 0 and end < len(text):
        following = _OPEN.match(text, end + 1)
        if following is None:
            break
        end = _element_end(text, end + 1, following.group(1))
    if end < 0:
        return -1
    if end < len(text):
        after = text.find("\n", end + 1)
        next_line = text[end + 1 : len(text) if after < 0 else after]
        if next_line.strip() and not next_line.startswith("#"):
            return -1  # not followed by a blank line or a heading
    return end


def _after_blank_line(text: str, start: int) -> bool:
    """True when `start` begins the text or follows a blank line."""
    if start == 0:
        return True
    line_start = text.rfind("\n", 0, start - 1) + 1
    return not text[line_start : start - 1].strip()


def stash(markdown: str) -> Stashed:
    """The page with each clean top-level HTML block replaced by a placeholder."""
    out: list[str] = []
    blocks: list[str] = []
    pos = 0
    search_from = 0
    while True:
        m = _OPEN.search(markdown, search_from)
        if m is None:
            break
        start = m.start()
        end = _block_end(markdown, start, m.group(1)) if _after_blank_line(markdown, start) else -1
        if end < 0:
            search_from = m.end()
            continue
        out.append(markdown[pos:start])
        out.append(_PLACEHOLDER.format(len(blocks)))
        blocks.append(markdown[start:end])
        pos = search_from = end
    out.append(markdown[pos:])
    return Stashed("".join(out), tuple(blocks))


class RestoreError(RuntimeError):
    pass


def restore(content: str, blocks: tuple[str, ...]) -> str:
    """Markdown's HTML with each placeholder replaced by its block; every block must come back exactly once."""
    if not blocks:
        return content
    seen: list[int] = []

    def put(m: re.Match[str]) -> str:
        index = int(m.group(1))
        seen.append(index)
        return blocks[index]

    restored = _PLACEHOLDERS.sub(put, content)
    if sorted(seen) != list(range(len(blocks))):
        raise RestoreError(f"{len(blocks)} HTML blocks were set aside but {len(seen)} placeholders came back")
    return restored


def anchor_ids(blocks: tuple[str, ...]) -> set[str]:
    """What MkDocs collects from raw HTML for its anchor checks: every id, and the name of <a>.

    The blocks come from our templates, where every attribute is quoted and every quote
    in text is escaped by Jinja, so a quoted ` id="` can only be an attribute: a scan for
    it is enough (the test suite compares the result with MkDocs' own parser on every page).
    """
    found: set[str] = set()
    for block in blocks:
        for a in _ID_ATTR.finditer(block):
            if a.group(1) == "name":
                tag = block.rfind("<", 0, a.start())
                if not _A_TAG.match(block, tag):
                    continue
            value = a.group(2) if a.group(2) is not None else a.group(3)
            found.add(html.unescape(value) if "&" in value else value)
    return found
