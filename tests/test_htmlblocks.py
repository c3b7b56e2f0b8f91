"""The HTML blocks the Markdown extension sets aside come out exactly as Python-Markdown would have written them,
and MkDocs' anchor checks see the same ids."""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
import pytest
import yaml
from mkdocs.structure.pages import _RawHTMLPreprocessor  # what MkDocs collects for its anchor checks

from browser.siteserver import kind_of
from cajd import htmlblocks
from cajd.render import page_url
from cajd.site import prepare
from conftest import EVERY_PAGE, FIXTURE_DATA, ROOT, made_once, make_project


def _extensions() -> tuple[list, dict]:
    """markdown_extensions from mkdocs.yml, as MkDocs passes them to Python-Markdown."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        if isinstance(item, dict):
            (name, options), = item.items()
            names.append(name)
            configs[name] = {k: (v == "true") if v in ("true", "false") else v for k, v in (options or {}).items()}
        else:
            names.append(item)
    return names, configs


def convert(text: str, *, set_aside: bool) -> tuple[str, set[str]]:
    """HTML and anchor ids as MkDocs' Page.render makes them, with or without the extension (as the hooks add it)."""
    names, configs = _extensions()
    blocks = htmlblocks.HtmlBlocks()
    md = markdown.Markdown(extensions=names + ([blocks] if set_aside else []), extension_configs=configs)
    raw = _RawHTMLPreprocessor()
    raw._register(md)
    html = md.convert(text)
    return html, raw.present_anchor_ids | blocks.anchor_ids


def same(text: str) -> None:
    assert convert(text, set_aside=True) == convert(text, set_aside=False)


@pytest.fixture(scope="module", params=["real", "fixture"])
def rendered(request, tmp_path_factory) -> tuple[str, dict[str, str]]:
    """The data's name, and its pages' Markdown by URL path, rendered once per test run (whichever worker asks
    first)."""

    def render(folder: Path) -> None:
        project = make_project(folder / "project", None if request.param == "real" else FIXTURE_DATA)
        markdown = {page_url(p.src_uri): p.markdown for p in prepare(project, {}).pages}
        (folder / "pages.json").write_text(json.dumps(markdown), encoding="utf-8")

    folder = made_once(tmp_path_factory, f"htmlblocks-{request.param}", render)
    return request.param, json.loads((folder / "pages.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pages(rendered) -> list[str]:
    """Every page's Markdown."""
    return list(rendered[1].values())


@pytest.fixture(scope="module")
def converted(rendered) -> list[str]:
    """The pages converted twice by test_pages_convert_to_the_same_html_and_anchor_ids_as_without_the_extension,
    Python-Markdown's slow path (without the extension) taking about a second on a long page: every page of the fixture
    data, which is made to take every branch of the templates; of the real data in `make test` the longest page of each
    kind (the most data in one template), and in `make test-all` every page."""
    data, markdown = rendered
    if data == "fixture" or EVERY_PAGE:
        return list(markdown.values())
    longest: dict[str, str] = {}
    for path, text in markdown.items():
        key = kind_of(path) or path  # a page of no kind is one of its own
        if len(text) > len(longest.get(key, "")):
            longest[key] = text
    return list(longest.values())


def set_aside(text: str) -> tuple[str, list[str]]:
    blocks: list[str] = []

    def store(block: str) -> str:
        blocks.append(block)
        return f"<!--{len(blocks) - 1}-->"

    return htmlblocks.set_aside(text, store), blocks


def test_pages_convert_to_the_same_html_and_anchor_ids_as_without_the_extension(pages, converted):
    hand_written = [p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md")]
    for text in converted + hand_written:
        with_ext, without = convert(text, set_aside=True), convert(text, set_aside=False)
        assert with_ext[0] == without[0], text[:200]
        assert with_ext[1] == without[1], text[:200]
    assert all(set_aside(p)[1] for p in pages)


def test_almost_all_of_the_html_is_set_aside(pages):
    """What Markdown still parses is the headings and little else: hardly an HTML tag."""
    tags = re.compile(r"<[a-z]")
    total = sum(len(tags.findall(p)) for p in pages)
    left = sum(len(tags.findall(set_aside(p)[0])) for p in pages)
    assert left < total * 0.01, (left, total)


@pytest.mark.parametrize("text", [
    "<div>\n<p>a</p>\n</div>\n",                                   # at the start, to the end
    "<div>\n<p>a</p>\n</div>",                                      # no newline at the end
    "# T\n\n<div class=\"x\">\n<div>\n<p>a</p>\n</div>\n</div>\n\nafter *em*\n",  # nested, text after a blank line
    "# T\n\n<div>a</div>\n<ul><li>b</li></ul>\n## H\n\ntext\n",    # a run of blocks, a heading right after
    "# T\n\n<div>a</div>\n\n<ul><li>b</li></ul>\n\ntext\n",         # blocks apart, blank lines kept
    "# T\n\n<div>a</div>  \n   \n\ntext\n",                         # spaces after the tag and on the blank line
    "# T\n\n<div>a</div> tail\n\nx\n",                             # text after the closing tag: left to Markdown
    "# T\n\n<div>a</div>\ntext right after\n",                     # no blank line after: left to Markdown
    "para\n<div>a</div>\n\nx\n",                                   # no blank line before: left to Markdown
    "# T\n\n<p>x</p><ol><li id=\"i\">y</li></ol>\n\n",             # two elements on one line
    "# T\n\n<details><summary>s</summary>\n<dl><dt>a</dt><dd>b</dd></dl>\n</details>\n",
    "# T\n\n<div>\n<pre>code</pre>\n<p>not <div>closed\n",          # unbalanced: left to Markdown
    "# T\n\n<table id=\"t\"><tr><td><a name=\"n\">x</a></td></tr></table>\n\n<section id='s'>z</section>\n",
    "# T\n\n<div ID = \"u\"><p name=\"not-an-anchor\">x</p><A NAME='a'>y</A></div>\n",  # case, spaces, name only on <a>
    "# T\n\n<div id=unquoted>x</div>\n\n<div id=\"q&amp;r\">y</div>\n",  # unquoted: left to Markdown; entities
    "# T\n\n<div markdown=\"1\">*x*</div>\n",                       # md_in_html's attribute: left to Markdown
    "# T\n\n    <div>code</div>\n\n<div>x</div>\n",                # indented code is not a block
    "# T\n\n<p>&lt;div id=&quot;fake&quot;&gt;</p>\n",               # escaped markup in text is text
])
def test_small_pages_convert_the_same(text):
    same(text)


def test_only_clean_blocks_are_set_aside():
    assert set_aside("# T\n\n<div>a</div> tail\n")[1] == []
    assert set_aside("para\n<div>a</div>\n")[1] == []
    assert set_aside("# T\n\n<div>a\n")[1] == []
    assert set_aside("# T\n\n<div id=x>a</div>\n")[1] == []
    assert set_aside("# T\n\n<div>a</div>\n<ul><li>b</li></ul>\n\nx")[1] == ["<div>a</div>", "<ul><li>b</li></ul>\n"]


def test_block_tags_are_block_level_for_python_markdown():
    assert set(htmlblocks.BLOCK_TAGS) <= set(markdown.Markdown().block_level_elements)


def test_the_blocks_are_set_aside_after_fenced_code_and_before_mkdocs_and_markdown_parse_html():
    """The extension relies on the order of these preprocessors (MkDocs 1.6, Python-Markdown 3.x):
    fenced code first, so HTML in a fence stays code; then this; then MkDocs' anchor collection and html_block,
    so neither parses the blocks set aside. If either project moves its preprocessor, this fails."""
    md = markdown.Markdown(extensions=["fenced_code", htmlblocks.HtmlBlocks()])
    _RawHTMLPreprocessor()._register(md)
    order = [md.preprocessors.get_index_for_name(n) for n in ("fenced_code_block", "cajd_html_blocks", "mkdocs_raw_html", "html_block")]
    assert order == sorted(order), order
    fenced = "# T\n\n```\n\n<div id=\"in-code\">x</div>\n\n```\n"
    assert md.convert(fenced) == markdown.markdown(fenced, extensions=["fenced_code"])


def test_data_text_cannot_forge_a_placeholder():
    """Text from data is escaped, and Python-Markdown's placeholders use control characters the data may not contain."""
    same("# T\n\n<p>&lt;!--0--&gt; \\u0002wzxhzdk:0\\u0003</p>\n\n<div>x</div>\n")
