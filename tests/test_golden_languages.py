"""Golden files in Japanese and Russian: one generated page of each kind, from the fixture data and its
translations (tests/fixtures/data/i18n/), against its expected Markdown in tests/golden/<lang>/.

Regenerate with `UPDATE_GOLDEN=1 make test`, as for the English ones, and commit them with the change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cajd.dataset import load_dataset
from cajd.languages import locale_for
from cajd.render import render_site
from cajd.translation import translate

from conftest import FIXTURE_DATA
from test_golden import GOLDEN, PAGES

LANGUAGES = ["ja", "ru"]


@pytest.fixture(scope="module", params=LANGUAGES)
def rendered(request) -> tuple[str, dict[str, str]]:
    lang = request.param
    t = translate(load_dataset(FIXTURE_DATA), FIXTURE_DATA, lang, locale_for(lang))
    return lang, {p.src_uri: p.markdown for p in render_site(t.dataset, t.dataset.locale, t.spellings)}


@pytest.mark.parametrize("src_uri", PAGES)
def test_page_matches_golden_file(rendered, src_uri):
    lang, pages = rendered
    golden = GOLDEN / lang / src_uri.replace("/", "__")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(pages[src_uri], encoding="utf-8")
    assert golden.exists(), f"no golden file {lang}/{golden.name}; run UPDATE_GOLDEN=1 make test"
    assert pages[src_uri] == golden.read_text(encoding="utf-8"), f"{src_uri} in {lang} differs from {lang}/{golden.name}"
