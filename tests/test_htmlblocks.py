"""The HTML blocks set aside from Python-Markdown come back exactly as Markdown would have written them."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
import yaml
from mkdocs.structure.pages import _RawHTMLPreprocessor  # what MkDocs collects for its anchor checks

from cajd import htmlblocks
from cajd.site import prepare
from conftest import FIXTURE_DATA, ROOT, make_project


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


def convert(text: str) -> tuple[str, set[str]]:
    names, configs = _extensions()
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    raw = _RawHTMLPreprocessor()
    raw._register(md)
    return md.convert(text), raw.present_anchor_ids


@pytest.fixture(scope="module", params=["real", "fixture"])
def pages(request, tmp_path_factory):
    data = None if request.param == "real" else FIXTURE_DATA
    project = make_project(tmp_path_factory.mktemp(request.param), data)
    return prepare(project, {}).pages


def test_every_generated_page_converts_to_the_same_html_and_anchor_ids(pages):
    stashed_any = 0
    for page in pages:
        expected_html, expected_ids = convert(page.markdown)
        stashed = htmlblocks.stash(page.markdown)
        html, ids = convert(stashed.markdown)
        assert htmlblocks.restore(html, stashed.blocks) == expected_html, page.src_uri
        assert ids | htmlblocks.anchor_ids(stashed.blocks) == expected_ids, page.src_uri
        stashed_any += bool(stashed.blocks)
    assert stashed_any == len(pages)


def test_almost_all_of_the_html_is_set_aside(pages):
    """What Markdown still parses is the headings and little else: hardly an HTML tag."""
    tags = re.compile(r"<[a-z]")
    total = sum(len(tags.findall(p.markdown)) for p in pages)
    left = sum(len(tags.findall(htmlblocks.stash(p.markdown).markdown)) for p in pages)
    assert left < total * 0.01, (left, total)


@pytest.mark.parametrize("text", [
    "<div>\n<p>a</p>\n</div>\n",                                   # at the start, to the end
    "# T\n\n<div class=\"x\">\n<div>\n<p>a</p>\n</div>\n</div>\n\nafter *em*\n",  # nested, text after a blank line
    "# T\n\n<div>a</div>\n<ul><li>b</li></ul>\n## H\n\ntext\n",    # a run of blocks, a heading right after
    "# T\n\n<div>a</div> tail\n\nx\n",                             # text after the closing tag: left to Markdown
    "# T\n\n<div>a</div>\ntext right after\n",                     # no blank line after: left to Markdown
    "para\n<div>a</div>\n\nx\n",                                   # no blank line before: left to Markdown
    "# T\n\n<p>x</p><ol><li id=\"i\">y</li></ol>\n\n",             # two elements on one line
    "# T\n\n<details><summary>s</summary>\n<dl><dt>a</dt><dd>b</dd></dl>\n</details>\n",
    "# T\n\n<div>\n<pre>code</pre>\n<p>not <div>closed\n",          # unbalanced: left to Markdown
    "# T\n\n<table id=\"t\"><tr><td><a name=\"n\">x</a></td></tr></table>\n\n<section id='s'>z</section>\n",
])
def test_small_pages_convert_the_same(text):
    expected_html, expected_ids = convert(text)
    stashed = htmlblocks.stash(text)
    html, ids = convert(stashed.markdown)
    assert htmlblocks.restore(html, stashed.blocks) == expected_html
    assert ids | htmlblocks.anchor_ids(stashed.blocks) == expected_ids


def test_only_clean_blocks_are_set_aside():
    assert htmlblocks.stash("# T\n\n<div>a</div> tail\n").blocks == ()
    assert htmlblocks.stash("para\n<div>a</div>\n").blocks == ()
    assert htmlblocks.stash("# T\n\n<div>a\n").blocks == ()
    assert htmlblocks.stash("# T\n\n<div>a</div>\n<ul><li>b</li></ul>\n\nx").blocks == ("<div>a</div>\n<ul><li>b</li></ul>",)


def test_a_lost_placeholder_is_an_error_not_a_silent_gap():
    stashed = htmlblocks.stash("# T\n\n<div>a</div>\n\n<div>b</div>\n")
    assert len(stashed.blocks) == 2
    with pytest.raises(htmlblocks.RestoreError):
        htmlblocks.restore("<h1>T</h1>\n<!--cajd-block-0-->", stashed.blocks)


def test_block_tags_are_block_level_for_python_markdown():
    assert set(htmlblocks.BLOCK_TAGS) <= set(markdown.Markdown().block_level_elements)


def test_data_text_cannot_forge_a_placeholder(tmp_path: Path):
    """Text from data is escaped, so '<!--cajd-block-0-->' in a summary stays text."""
    page = "# T\n\n<p>&lt;!--cajd-block-0--&gt;</p>\n\n<div>x</div>\n"
    stashed = htmlblocks.stash(page)
    html, _ = convert(stashed.markdown)
    assert htmlblocks.restore(html, stashed.blocks) == convert(page)[0]
