"""What Material's search plugin reads of a page: the same text and headings, with less markup around them.

Material's search plugin walks every tag of every page with Python's HTML parser, in Python; the tags cost
it far more than the text. Two things are kept from it, and the index is the same as Material's own for the
page as written (tests/test_searchskip.py):

1. Blocks marked `data-search-exclude` (Material's documented attribute), which it leaves out of its index
   but still parses: the citation numbers ([1][2]), the reference lists (each source is indexed once, on the
   Sources page), the Sources page's lists of the pages that rely on a source, and the charts' drawings
   (their captions and word lists stay). Each is swapped for an HTML comment; put back, without the
   attribute, after.
2. Tags the parser only passes through: it keeps paragraphs, lists, code and sub/superscripts (as markup in
   its index), cuts sections at headings and leaves out scripts and styles; a link, a table cell, a `<time>`
   or a `<span>` around text only tells it where one piece of text ends and the next begins. Such a tag
   (LOOSE), or a comment (the blocks set aside above leave one each), is dropped where joining the text on
   its two sides reads the same to the parser (words on both sides, or nothing on one side), and replaced by
   an empty comment where it must still divide the text (the parser folds each run of white space between
   two tags into one space, or none after another). Tags are
   kept when an element around a heading would be lost (the parser sections a page by the headings' depth),
   and the whole page is left as it is where the parser would read it differently (unbalanced tags, raw text
   elements other than scripts and styles, marks this module does not set aside, a stray `<`).

The hooks give the plugin what `set_aside` returns (on_page_content) and put the page back with `put_back`
after the plugin has read it (on_page_context, after Material's own).
"""

from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass

ATTRIBUTE = "data-search-exclude"
# The opening tag of a marked element (the attribute is written bare, as the templates do).
_MARKED = re.compile(rf"<([a-z][a-z0-9]*)\b[^>]*?\s{ATTRIBUTE}(?=[\s>/])[^>]*>")
_UNMARK = re.compile(rf"\s{ATTRIBUTE}(?=[\s>/])")
_TAGS: dict[str, re.Pattern[str]] = {}  # a tag's opening and closing tags, by name (made once per name: never stale)
_PLACEHOLDER = re.compile(r"<!--cajd-search-skip-(\d+)-->")

# Elements that Material's search parser passes through: not among those it keeps as markup (p, ul, ol, li,
# code, pre, sub, sup), not headings, not what it leaves out (script, style, object).
LOOSE = frozenset(
    "a abbr article aside b bdi bdo br button caption cite data dd del details dfn div dl dt em fieldset figcaption "
    "figure footer header i img ins kbd label legend mark nav q s samp section small span strong summary table tbody "
    "td tfoot th thead time tr u var wbr svg g circle rect line path polyline polygon".split())
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())  # no end tag
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# Any start or end tag (quoted values may hold '>') or comment, and the text up to the next '<'. A tag whose name
# goes on with other characters (<my-element>) is not one: its '<' is left in the text, and the page as it is.
_TOKEN = re.compile(r"""<(?:(/?)([a-zA-Z][a-zA-Z0-9]*)(?=[\s/>])([^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*)>|!--.*?--\s*>)([^<]*)""", re.S)
_RAW_TEXT = re.compile(r"</\s*(?:script|style)\s*>", re.I)  # where a script's or style's raw text ends
# What the parser reads apart: elements whose text it reads raw besides scripts and styles (in some Python versions).
_RAW_ELEMENTS = re.compile(r"<(?:textarea|title|xmp|plaintext|noscript|iframe|noembed|noframes)\b", re.I)
_OPEN_REFERENCE = re.compile(r"&[^\t\n\f <&;]{0,32}\Z")  # a character reference the next text could complete
_DIVIDE = "<!---->"


@dataclass(frozen=True)
class Aside:
    """What put_back needs: the page with its marked blocks replaced by comments, the blocks, and what the
    search plugin was given to read (the same string when no tag was left out)."""

    page: str
    pieces: list[str]
    read: str


def _end(html: str, tag: str, start: int) -> int:
    """The index just after the element opened before `start` closes (same-name elements may nest)."""
    depth = 1
    tags = _TAGS.get(tag) or _TAGS.setdefault(tag, re.compile(rf"<(/?){tag}\b[^>]*>"))
    for m in tags.finditer(html, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end()
    raise ValueError(f"<{tag} {ATTRIBUTE}> is not closed")


def set_aside(html: str) -> tuple[str, Aside]:
    """What the search plugin should read of the page, and what put_back needs to restore it."""
    page, pieces = _without_marked(html)
    read = lighter(page)
    return (page, Aside(page, pieces, page)) if read is None else (read, Aside(page, pieces, read))


def _without_marked(html: str) -> tuple[str, list[str]]:
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


def put_back(html: str, aside: Aside | None) -> str:
    """The page as written, with the marked blocks back in place, the attribute dropped (Material drops its own
    from the page). `html` is the page as the search plugin left it."""
    if not aside:
        return html
    if aside.read is not aside.page:
        if html != aside.read:  # only Material's own marks, which such a page has none of, are taken out
            raise RuntimeError("the page given to the search plugin was changed before it was put back")
        html = aside.page
    if not aside.pieces:
        return html
    return _PLACEHOLDER.sub(lambda m: _UNMARK.sub("", aside.pieces[int(m.group(1))]), html)


def _words(text: str) -> bool:
    """Text that the parser reads as more than white space (after character references)."""
    return not text.isspace() and ("&" not in text or not _html.unescape(text).isspace())


def lighter(html: str) -> str | None:
    """The page with the LOOSE tags left out where the search parser reads the same without them; None when
    it is to be read as it is.

    The parser hands over the text between two tags (or comments) as one piece; a piece of white space becomes
    one space, left out after another such space. So a run of pieces joined by dropped tags must begin and end
    with words, and hold no white space but single spaces or line breaks, each between words."""
    # Marks it acts on that are not set aside here (it compares a marked element with others by tag name).
    if "data-search-" in html or "linenodiv" in html or _RAW_ELEMENTS.search(html):
        return None
    first = html.find("<")
    if first < 0:
        return None
    text = html[:first]  # the last piece of text
    out: list[str] = [text]
    append = out.append
    stack: list[list] = []  # each open element: [name, its slot in out (-1 when kept), its start tag]
    pos = first
    # The text since the last tag kept: 0 none, 1 ending in words, 2 a lone space pending after words (`pending`
    # is the slot of the tag dropped before it), 3 white space first.
    run = 0 if not text else 1 if _words(text) else 3
    pending = -1
    begun = bool(text)  # the parser has begun its first section
    for token in _TOKEN.finditer(html, first):
        start = token.start()
        if start != pos:
            if start < pos:  # inside a script or style
                continue
            text = html[pos:start]  # after a script or style
            if "<" in text:
                return None  # a '<' that begins no tag: the parser hands it over as text of its own
            append(text)
            begun = True
            if run == 0:
                run = 1 if _words(text) else 3
        closing, name, attrs, after = token.groups()
        end = token.start(4)
        pos = token.end()
        loose = name is None  # a comment divides the text, as a loose tag does, and is nothing else to the parser
        heading = False
        if name is not None:
            name, role = _ROLES.get(name) or _role(name)
            if closing:
                if role != "void":
                    if not stack or stack[-1][0] != name:
                        return None
                    loose = stack.pop()[1] >= 0
            elif role == "raw":  # a script or style: its text is read raw, up to its end tag
                close = _RAW_TEXT.search(html, end)
                if close is None:
                    return None
                pos = end = close.end()
                after = ""
                begun = True
            else:
                loose = role == "loose" or role == "void loose"
                if loose and "headerlink" in attrs:  # a heading's permalink, which the title leaves out
                    loose = False
                if role != "void" and role != "void loose":
                    if not begun:  # the parser begins its first section at the first start tag or text
                        loose = False
                    begun = True
                heading = role == "heading"
                if role != "void" and role != "void loose" and not attrs.endswith("/"):
                    stack.append([name, len(out), html[start:end]] if loose else [name, -1, None])
        if not loose:
            if run == 2:
                out[pending] = _DIVIDE
            append(html[start:end])
            run = 0
            if heading:
                for element in stack:  # the elements around a heading stay: its depth divides sections
                    if element[1] >= 0:
                        out[element[1]], element[1] = element[2], -1
        elif not after or run == 0:
            append("")  # nothing to join
        elif run != 3 and _words(after) and not ("&" in text and _OPEN_REFERENCE.search(text)):
            append("")
            run = 1
        elif run == 1 and (after == " " or after == "\n") and not ("&" in text and _OPEN_REFERENCE.search(text)):
            pending = len(out)
            append("")
            run = 2
        else:
            if run == 2:
                out[pending] = _DIVIDE
            append(_DIVIDE)
            run = 0
        if after:
            append(after)
            text = after
            begun = True
            if run == 0:
                run = 1 if _words(after) else 3
    if stack:
        return None
    if pos < len(html):  # text after a script or style at the end
        if "<" in html[pos:]:
            return None
        append(html[pos:])
    if run == 2:
        out[pending] = _DIVIDE
    return "".join(out)


_ROLES: dict[str, tuple[str, str]] = {}  # a tag's name as written -> (its name, its role), see _role (never stale)


def _role(written: str) -> tuple[str, str]:
    """A tag's name in lower case, and what the search parser does with it: 'loose', 'void', 'void loose', 'raw'
    (script, style), 'heading' or 'kept'."""
    name = written.lower()
    role = ("raw" if name in ("script", "style") else "heading" if name in _HEADINGS
            else ("void loose" if name in LOOSE else "void") if name in _VOID else "loose" if name in LOOSE else "kept")
    return _ROLES.setdefault(written, (name, role))
