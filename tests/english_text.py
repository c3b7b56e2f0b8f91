"""English left in a Japanese or Russian page: runs of two or more English words in its visible text.

Shared by tests/test_english_text.py (the generated Markdown, no browser) and tests/browser/test_languages.py
(the built pages in Chromium). What legitimately stays English is taken out first:
- elements marked with another language (`lang="en"`: data not yet translated, source titles and publishers,
  spellings of names in Latin letters; `lang="ja"` titles on the Russian site), code, scripts and styles;
- quotations in translated prose («…», “…”, "…", 「…」, 『…』): quotations keep their original wording;
- the names in ALLOWED below, each with the reason it stays as it is.
A single English word is not reported: one word (CA+JAD, GCC, JSON, YAML) is an acronym, a code or a name.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Names written in Latin letters in Japanese and Russian text too; each is the thing's own name.
ALLOWED = (
    "Natural Earth",  # the base map's data set, credited under its own name
    "The Diplomat", "Tengri Times", "Jiji Press", "News Central Asia", "International Affairs Review",
    "The World and Japan",  # publications, named in translated prose as they name themselves
    "New Otani Tokyo",  # a venue's own name
    "Global Gateway",  # the EU's programme, under its own name
    "Korea Herald", "Digima News",  # more publications
    "Tokyo Declaration of the CA+JAD Summit",  # a document's English title, as a source gives it (ru note)
    # People whose spelling in Japanese or Cyrillic letters was not found on a stored page: the translations keep
    # the Latin spelling rather than invent one (data/i18n/, with a note saying so where the data has a note).
    "Masaki Ikegami", "Masayoshi Kamohara", "Wu Yingqin", "Sirojiddin Aslov",
    "Almas Dissyukov",  # the author of the article the project started from, as his byline spells it (About page)
    "Visual Studio Code", "Red Hat", "YAML language server", "pull request",  # tools the Contributing page names
)

WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ \u00a0]+[A-Za-z][A-Za-z'’-]*)+")
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|„[^“”]*[“”]|\"[^\"]*\"|「[^」]*」|『[^』]*』")
CODE = re.compile(r"`[^`\n]*`|^ {8,}\S.*$", re.M)  # code in Markdown source (inline, or a block in a list item)


def english_runs(text: str) -> list[str]:
    """The runs of two or more English words in visible text, after quotations and ALLOWED names are taken out."""
    text = QUOTED.sub(" ", CODE.sub(" ", text))
    for name in ALLOWED:
        text = text.replace(name, " ")
    return WORDS.findall(text)


class _VisibleText(HTMLParser):
    """The text of an HTML fragment outside elements in another language, code, scripts and styles."""

    VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    BLOCK = {"br", "p", "li", "dt", "dd", "td", "th", "tr", "div", "caption", "figcaption", "summary", "h1", "h2", "h3"}
    SKIPPED = {"code", "pre", "script", "style", "title"}  # <title> in SVG: a chart's name, read as aria text

    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCK:
            self.parts.append("\n")
        if tag in self.VOID:
            return
        a = dict(attrs)
        other = a.get("lang") not in (None, self.lang) or tag in self.SKIPPED
        self.stack.append((tag, other))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in self.BLOCK:
            self.parts.append("\n")
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not any(other for _, other in self.stack):
            self.parts.append(data)


def visible_text(html: str, lang: str) -> str:
    parser = _VisibleText(lang)
    parser.feed(html)
    return "".join(parser.parts)
