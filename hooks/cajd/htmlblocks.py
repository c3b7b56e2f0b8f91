"""A Markdown extension that keeps the generated pages' HTML blocks away from Python-Markdown's HTML parser.

The templates write each page as a few Markdown headings around large blocks of
HTML (tables, lists, the map). Python-Markdown copies such a block through
unchanged, but to find where it ends its `html_block` preprocessor runs a
pure-Python HTML parser over the whole page. The preprocessor here finds the
blocks whose boundaries are unambiguous with a few regular expressions and
stores them in `md.htmlStash`, exactly as `html_block` would, so that
Python-Markdown's own postprocessor puts them back (the pattern of
mkdocs-autorefs: a preprocessor registered with an explicit priority).

A block is stored only when it starts a line after a blank line and ends with
its own closing tag at the end of a line, before a blank line or a heading, has
no `markdown` attribute (md_in_html) and quotes every id; anything else is left
to `html_block`, which is always correct, only slower.

MkDocs collects the anchor ids of raw HTML for its anchor checks with one more
pure-Python HTML parse of the page, in a preprocessor of its own that runs
"right before 'html_block'" (priority 21). The blocks are set aside before it
(priority 22), so it no longer parses them; `HtmlBlocks.anchor_ids` lists the
ids it would have found in them, and the hooks add those to the page's
`present_anchor_ids`. The test suite converts every page both ways and compares
the HTML and the anchor ids with MkDocs' own parser; a test fails if MkDocs or
Python-Markdown reorders these preprocessors.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

# Tags that Python-Markdown treats as block-level (markdown.Markdown().block_level_elements)
# and that the templates open at the start of a line.
BLOCK_TAGS = ("div", "table", "ul", "ol", "dl", "section", "details", "p", "figure", "nav", "aside", "form", "blockquote")

# After fenced code (25), before MkDocs' anchor-collecting preprocessor (21) and Python-Markdown's html_block (20).
PRIORITY = 22

_OPEN = re.compile(r"^<(" + "|".join(BLOCK_TAGS) + r")(?=[\s>])", re.M)
_TAGS = {name: re.compile(rf"<(/?){name}(?=[\s>/])") for name in BLOCK_TAGS}  # opening and closing tags of each
_MARKDOWN_ATTR = re.compile(r"<[a-z][^>]*\smarkdown(?:=|\s|>)")
_ID_ATTR = re.compile(r"""\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_UNQUOTED_ID = re.compile(r"""\s(?:id|name)\s*=\s*[^"'\s]""", re.I)
_A_TAG = re.compile(r"<a\s", re.I)


def _element_end(text: str, start: int, name: str) -> int:
    """End of the closing tag of the element opened at `start`, or -1 when text follows it on its line."""
    depth = 0
    for m in _TAGS[name].finditer(text, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            close = text.find(">", m.end())
            if close < 0:
                return -1
            eol = text.find("\n", close)
            eol = len(text) if eol < 0 else eol
            return -1 if text[close + 1 : eol].strip() else close + 1
    return -1


def _block(text: str, start: int, name: str) -> list[tuple[int, int]]:
    """Start and end of each element of the block opened at `start` (block elements that follow
    each other line by line), or [] when it is not a clean block: it must end before a blank
    line, a heading or the end of the text."""
    elements = []
    end = _element_end(text, start, name)
    while end >= 0:
        elements.append((start, end))
        eol = text.find("\n", end)
        following = _OPEN.match(text, eol + 1) if eol >= 0 else None
        if following is None:
            break
        start = eol + 1
        end = _element_end(text, start, following.group(1))
    if end < 0:
        return []
    eol = text.find("\n", end)
    if eol >= 0:
        after = text.find("\n", eol + 1)
        next_line = text[eol + 1 : len(text) if after < 0 else after]
        if next_line.strip() and not next_line.startswith("#"):
            return []  # not followed by a blank line or a heading
    return elements


def _has_markdown_attribute(text: str, start: int, end: int) -> bool:
    """Whether an element between start and end has a `markdown` attribute (the word is looked for first: the
    regular expression alone tries every tag)."""
    return text.find("markdown", start, end) >= 0 and _MARKDOWN_ATTR.search(text, start, end) is not None


def _after_blank_line(text: str, start: int) -> bool:
    """True when `start` begins the text or follows a blank line."""
    if start == 0:
        return True
    line_start = text.rfind("\n", 0, start - 1) + 1
    return not text[line_start : start - 1].strip()


_BLANK_LINE = re.compile(r"([ ]*\n){2}")  # markdown.htmlparser.blank_line_re, without its ^


def set_aside(text: str, store: Callable[[str], str]) -> str:
    """The text with each element of each clean top-level HTML block replaced by the placeholder
    `store` returns for it, as Python-Markdown's HTML parser does (markdown.htmlparser.HTMLExtractor):
    a newline before, the element with a newline when a blank line follows it, two newlines after.
    A block with a `markdown` attribute (md_in_html) or an unquoted id is left to Markdown."""
    out: list[str] = []
    pos = search_from = 0
    while True:
        m = _OPEN.search(text, search_from)
        if m is None:
            break
        elements = _block(text, m.start(), m.group(1)) if _after_blank_line(text, m.start()) else []
        if not elements or _has_markdown_attribute(text, m.start(), elements[-1][1]) \
                or _UNQUOTED_ID.search(text, m.start(), elements[-1][1]):
            search_from = m.end()
            continue
        for start, end in elements:
            out.append(text[pos:start])
            out.append("\n" + store(text[start:end] + ("\n" if _BLANK_LINE.match(text, end) else "")) + "\n\n")
            pos = end
        search_from = pos
    out.append(text[pos:])
    return "".join(out)


def anchor_ids(block: str) -> set[str]:
    """What MkDocs collects from raw HTML for its anchor checks: every id, and the name of <a>.

    A quoted ` id="` can only be an attribute where every quote in text is escaped, as Jinja
    does in our templates, and blocks with an unquoted id are left to Markdown; the tests
    compare the result with MkDocs' parser on every page.
    """
    found: set[str] = set()
    for a in _ID_ATTR.finditer(block):
        if a.group(1).lower() == "name" and not _A_TAG.match(block, block.rfind("<", 0, a.start())):
            continue
        value = a.group(2) if a.group(2) is not None else a.group(3)
        found.add(html.unescape(value) if "&" in value else value)
    return found


class _SetAside(Preprocessor):
    def __init__(self, md: markdown.Markdown, extension: HtmlBlocks):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        ids: set[str] = set()
        self.extension.anchor_ids = ids
        if "<" not in text:
            return lines

        def store(block: str) -> str:
            ids.update(anchor_ids(block))
            return self.md.htmlStash.store(block)

        return set_aside(text, store).split("\n")


class HtmlBlocks(Extension):
    """Store clean top-level HTML blocks in md.htmlStash before Python-Markdown parses them.

    `anchor_ids` holds the ids in the blocks of the page converted last (MkDocs converts one
    page at a time): the hooks add them to the page's present_anchor_ids.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.anchor_ids: set[str] = set()

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.register(_SetAside(md, self), "cajd_html_blocks", PRIORITY)


def makeExtension(**kwargs) -> HtmlBlocks:  # noqa: N802  (Python-Markdown's name, for markdown_extensions: by name)
    return HtmlBlocks(**kwargs)
