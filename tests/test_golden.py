"""Golden files: one generated page of each kind against its expected Markdown.

When output changes on purpose, regenerate with `UPDATE_GOLDEN=1 make test`
and commit the golden files with the change, so the diff shows it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cajd.dataset import load_dataset
from cajd.render import render_site

from conftest import FIXTURE_DATA

GOLDEN = Path(__file__).parent / "golden"
PAGES = [
    "index.md",
    "timeline.md",
    "meetings/index.md",
    "meetings/07-dushanbe-2019.md",
    "countries/index.md",
    "countries/kz.md",
    "people/index.md",
    "people/taro-kono.md",
    "themes/index.md",
    "themes/tourism.md",
    "action-plans/index.md",
    "action-plans/action-plan-2019.md",
    "documents/index.md",
    "documents/07-dushanbe-2019-joint-statement.md",
    "about/sources.md",
    "formats/index.md",
    "formats/gcc.md",
    "formats/japan.md",
]


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return {p.src_uri: p.markdown for p in render_site(load_dataset(FIXTURE_DATA))}


@pytest.mark.parametrize("src_uri", PAGES)
def test_page_matches_golden_file(rendered, src_uri):
    golden = GOLDEN / src_uri.replace("/", "__")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(rendered[src_uri])
    assert golden.exists(), f"no golden file {golden.name}; run UPDATE_GOLDEN=1 make test"
    assert rendered[src_uri] == golden.read_text(), f"{src_uri} differs from {golden.name}"


def test_every_page_kind_has_a_golden_file(rendered):
    kinds = {uri.split("/")[0] if "/" in uri else uri for uri in rendered}
    covered = {uri.split("/")[0] if "/" in uri else uri for uri in PAGES}
    assert kinds == covered


def test_rendering_is_deterministic():
    first = [(p.src_uri, p.markdown) for p in render_site(load_dataset(FIXTURE_DATA))]
    second = [(p.src_uri, p.markdown) for p in render_site(load_dataset(FIXTURE_DATA))]
    assert first == second
