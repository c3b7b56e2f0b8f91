"""cajd/searchskip.py: blocks marked data-search-exclude kept from Material's search parser, and put back.

Material's own parser, given the marked page, must index exactly what it indexes when the marked blocks
are set aside; and the page put back is the marked page without the attribute.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from material.plugins.search.plugin import Parser

from cajd import searchskip

GOLDEN = Path(__file__).parent / "golden"


def sections(html: str) -> list[tuple[str, str | None, str, str]]:
    """What Material's search plugin takes from a page: each section's heading, id, title and text."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.el.tag, s.id, "".join(s.title).strip(), "".join(s.text).strip())
            for s in parser.data if not s.is_excluded()]


def as_documented(html: str) -> str:
    """The page with each same-name element nested in a marked block renamed, so that Material's parser leaves out
    the whole block, as its attribute says. (It compares elements by tag name: where a marked <svg> holds another
    <svg>, the inner one's end tag ends the exclusion, and the rest of the outer block is indexed.)"""
    lighter, pieces = searchskip.set_aside(html)
    renamed = []
    for piece in pieces:
        tag = re.match(r"<([a-z0-9]+)", piece).group(1)
        head, inner, tail = piece.partition(">")[0] + ">", piece.partition(">")[2][:-len(f"</{tag}>")], f"</{tag}>"
        inner = re.sub(rf"<(/?){tag}\b", rf"<\1{tag}-nested", inner)
        renamed.append(head + inner + tail)
    return re.sub(r"<!--cajd-search-skip-(\d+)-->", lambda m: renamed[int(m.group(1))], lighter)


CASES = {
    "citation": '<h2 id="a">A</h2>\n<p>Text.<sup class="cajd-cite" data-search-exclude><a href="#ref-1" title="T">[1]</a></sup> More.</p>',
    "list": '<p>Before</p>\n<ol class="cajd-references" data-search-exclude>\n<li id="ref-1"><a href="x">Title</a>, <time datetime="2019">2019</time>.</li>\n</ol>\n<p>After</p>',
    "nested same tag": '<p>a</p><svg data-search-exclude viewBox="0 0 1 1"><title>t</title><svg x="1"><text>in</text></svg><text>out</text></svg><p>b</p>',
    "several": '<p>x<sup data-search-exclude>[1]</sup> y<sup data-search-exclude>[2]</sup></p><p class="u" data-search-exclude>Relied on by: <a href="a">A</a></p>',
    "none": '<h1 id="t">T</h1><p>Nothing is marked; data-search-excluded is a word here.</p>',
}


@pytest.mark.parametrize("html", CASES.values(), ids=CASES.keys())
def test_the_index_is_materials_own(html):
    lighter, pieces = searchskip.set_aside(html)
    assert sections(lighter) == sections(as_documented(html))
    assert "data-search-exclude " not in lighter and "data-search-exclude>" not in lighter
    assert searchskip.put_back(lighter, pieces) == re.sub(r" data-search-exclude(?=[ >])", "", html)


def test_material_indexes_the_rest_of_a_marked_block_after_a_nested_one():
    """Why as_documented() is needed: if this starts failing, Material has fixed its parser, and it can go."""
    assert "out" in sections(CASES["nested same tag"])[0][3]
    assert "out" not in sections(as_documented(CASES["nested same tag"]))[0][3]


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("**/*.md")), ids=lambda p: p.relative_to(GOLDEN).as_posix())
def test_every_golden_page(golden):
    """The generated pages (Markdown around HTML blocks; the parser reads both alike) index the same."""
    html = golden.read_text(encoding="utf-8")
    lighter, pieces = searchskip.set_aside(html)
    assert pieces or "data-search-exclude" not in html
    assert sections(lighter) == sections(as_documented(html))
    assert searchskip.put_back(lighter, pieces) == html.replace(" data-search-exclude", "")


def test_a_block_left_open_is_an_error():
    with pytest.raises(ValueError, match="not closed"):
        searchskip.set_aside('<p>x<sup class="cajd-cite" data-search-exclude><a href="#r">[1]</a></p>')
