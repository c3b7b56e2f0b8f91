"""No English interface text on the Japanese and Russian pages, checked on the generated Markdown (no browser):
every page the fixture data makes, in each language (tests/english_text.py says what may stay English and why).
The same check runs in Chromium on the built real-data pages (tests/browser/test_languages.py)."""

from __future__ import annotations

import pytest

from cajd import formats_view
from cajd.languages import locale_for

from conftest import FIXTURE_DATA, TRANSLATED
from english_text import english_runs, visible_text

def test_no_english_words_outside_text_marked_english(translated_pages):
    lang, rendered = translated_pages
    found = {uri: runs for uri, md in rendered.items() if (runs := english_runs(visible_text(md, lang)))}
    assert not found, f"{lang}: English text not marked lang=\"en\": " + "; ".join(f"{uri}: {runs[:5]}" for uri, runs in found.items())


def test_checker_finds_english_and_lets_marked_text_quotes_and_names_through():
    assert english_runs(visible_text("<dt>Partner</dt><dd>9 ministerial meetings</dd>", "ru")) == ["ministerial meetings"]
    assert not english_runs(visible_text('<p>Источник: <span lang="en">The Asahi Shimbun</span>, «Adding a New Dimension»; '
                                         'по данным The Diplomat; CA+JAD</p>', "ru"))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_label_of_the_formats_is_translated(lang):
    """The labels the formats pages look up by key (levels, statuses, kinds, titles) all have a translation."""
    tr = locale_for(lang)
    labels = [*formats_view.f.LEVELS.values(), *formats_view.f.PLEDGE_KINDS.values(),
              *formats_view.f.SECRETARIAT_STATUS.values(), *formats_view.f.DOCUMENT_KINDS.values(),
              *formats_view.STATUS_LABELS.values(), *formats_view.NUMBERED_TITLES.values(),
              *(title for by_kind in formats_view.TITLES.values() for title in by_kind.values())]
    untranslated = [label for label in labels if tr.gettext(label) == label]
    assert not untranslated, f"{lang}: {untranslated}"


@pytest.mark.parametrize(("lang", "expected"), [("ja", "2019年5月18日"), ("ru", "18 мая 2019\u202fг.")])
def test_the_suggested_citation_is_in_the_language_and_keeps_title_and_site(lang, expected):
    from datetime import date

    from cajd import pagemeta

    tr = locale_for(lang)
    c = pagemeta.citation("meetings/07-dushanbe-2019.md", "Title as shown", "https://example.org/ja/", "Site name",
                          date(2019, 5, 18), lang, lambda d: tr.date(d.isoformat()), tr.gettext)
    assert expected in c.suggested and "Title as shown" in c.suggested and "Site name" in c.suggested
    assert "Last changed" not in c.suggested and c.citable.language == lang


def test_a_translated_build_cites_its_own_address_and_name(tmp_path):
    """The suggested citation, the citation files and the feed of the Russian site give the Russian page's address
    and the site's name as its pages show it."""
    from cajd.site import prepare
    from conftest import make_project

    project = make_project(tmp_path / "project", FIXTURE_DATA)
    build = prepare(project, {}, site_url="https://example.org/s/", site_name="Central Asia + Japan Dialogue", lang="ru")
    name = locale_for("ru").gettext("Central Asia + Japan Dialogue")
    citations = [meta.citation for p in build.pages if (meta := build.meta_for(p.src_uri)) and meta.citation]
    assert citations and name != "Central Asia + Japan Dialogue"
    for c in citations:
        assert c.citable.url.startswith("https://example.org/s/ru/") and c.citable.site == name and c.citable.language == "ru"
        assert name in c.suggested and c.citable.url in c.suggested
    assert "https://example.org/s/ru/timeline/" in build.files["feed.xml"] and name in build.files["feed.xml"]
