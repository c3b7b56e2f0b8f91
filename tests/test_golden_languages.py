"""Golden files in Japanese and Russian: one generated page of each kind, from the fixture data and its
translations (tests/fixtures/data/i18n/), against its expected Markdown in tests/golden/<lang>/.

Regenerate with `UPDATE_GOLDEN=1 make test`, as for the English ones, and commit them with the change.
"""

from __future__ import annotations

import os
import re

import pytest

from test_golden import GOLDEN, PAGES


@pytest.mark.parametrize("src_uri", PAGES)
def test_page_matches_golden_file(translated_pages, src_uri):
    lang, pages = translated_pages
    golden = GOLDEN / lang / src_uri.replace("/", "__")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(pages[src_uri], encoding="utf-8")
    assert golden.exists(), f"no golden file {lang}/{golden.name}; run UPDATE_GOLDEN=1 make test"
    assert pages[src_uri] == golden.read_text(encoding="utf-8"), f"{src_uri} in {lang} differs from {lang}/{golden.name}"


ENGLISH_MONTHS = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b")


def test_dates_are_written_as_the_language_writes_them(translated_pages):
    """18 May 2019 is 2019年5月18日 and 18 мая 2019 г.: no page writes an English month (issue 14)."""
    lang, pages = translated_pages
    shown = {uri: _without_english(md) for uri, md in pages.items()}
    found = {uri: ENGLISH_MONTHS.findall(md)[:3] for uri, md in shown.items() if ENGLISH_MONTHS.search(md)}
    assert not found, f"English dates on the {lang} pages: {found}"


def test_lists_are_joined_in_the_language(translated_pages):
    """'A, B and C' is 「A、BとC」 and «A, B и C»: the English 'and' never joins translated names."""
    lang, pages = translated_pages
    found = [uri for uri, md in pages.items() if re.search(r"[^\x00-\x7f] and [^\x00-\x7f]", _without_english(md))]
    assert not found, f"names joined with the English 'and' on the {lang} pages: {found}"


def _without_english(markdown: str) -> str:
    """The page without the text marked as English: data not yet translated, source titles, quotations."""
    return re.sub(r'<(\w+)[^>]*\blang="en"[^>]*>.*?</\1>', "", markdown, flags=re.S)
