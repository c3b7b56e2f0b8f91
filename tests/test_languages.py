"""The interface text of each language: catalogs complete and current, plurals, dates, links between languages."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
from babel.messages.catalog import Catalog

from cajd import languages
from cajd.languages import alternate_url, catalog_problems, format_fuzzy_date, locale_for

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("code", [c for c in languages.LANGUAGES if c != languages.DEFAULT])
def test_the_committed_catalogs_are_complete_and_current(code):
    """What the build checks: every message of the code, templates and mkdocs.yml, translated; none left over."""
    catalog = languages.read_catalog(code)
    assert catalog_problems(code, catalog, languages.extracted_messages()) == []
    locale_for(code)  # compiles


def test_a_stale_or_incomplete_catalog_is_reported_line_by_line():
    catalog = Catalog(locale="ru")
    catalog.add("Timeline", "Хронология")
    catalog.add("Gone", "Ушло")
    catalog.add("Home", "")
    catalog.add("Meetings", "Встречи", flags=["fuzzy"])
    catalog.add(("%(num)d meeting", "%(num)d meetings"), ("%(num)d встреча", "%(num)d встречи", ""))
    current = {"Timeline", "Home", "Meetings", "New", ("%(num)d meeting", "%(num)d meetings")}
    found = catalog_problems("ru", catalog, current)
    shown = "hooks/cajd/locale/ru/LC_MESSAGES/messages.po"
    assert f"{shown}: stale: no entry for 'New'; run `make i18n-update` and translate it" in found
    assert any(p.startswith(shown) and "stale: 'Gone' is no longer in the code or templates" in p for p in found)
    assert any("incomplete: 'Home' has no translation" in p for p in found)
    assert any("incomplete: 'Meetings' is marked fuzzy" in p for p in found)
    assert any("incomplete: '%(num)d meeting' has no translation for each of the 3 plural forms" in p for p in found)
    assert len(found) == 5


def test_russian_plurals_follow_the_number():
    ru = locale_for("ru")
    forms = [ru.ngettext("%(num)d meeting", "%(num)d meetings", n) for n in (1, 2, 5, 11, 21, 22, 25)]
    assert forms == ["1 встреча", "2 встречи", "5 встреч", "11 встреч", "21 встреча", "22 встречи", "25 встреч"]
    assert locale_for("ja").ngettext("%(num)d meeting", "%(num)d meetings", 5) == "5回の会合"
    assert locale_for("en").ngettext("%(num)d meeting", "%(num)d meetings", 1) == "1 meeting"


def test_counted_nouns_in_the_attendance_table_agree_with_the_number_of_members():
    """The attendance table names the number of members; Russian declines the noun by it."""
    ru = locale_for("ru")
    header = [ru.ngettext("%(members)s Central Asian minister", "%(members)s Central Asian ministers", n, members=n)
              for n in (3, 5, 21)]
    assert header == ["Все 3 министра Центральной Азии", "Все 5 министров Центральной Азии",
                      "Все 21 министр Центральной Азии"]


@pytest.mark.parametrize(("value", "locale", "expected"), [
    ("2019-05-18", "en_GB", "18 May 2019"),
    ("2019-05-18", "ja", "2019年5月18日"),
    ("2019-05-18", "ru", "18 мая 2019\u202fг."),  # a narrow no-break space before г.
    ("2005-03", "en_GB", "March 2005"),
    ("2005-03", "ja", "2005年3月"),
    ("2005-03", "ru", "март 2005\u202fг."),
    ("2011", "en_GB", "2011"),
    ("2011", "ja", "2011年"),
    ("2011", "ru", "2011"),
])
def test_dates_as_each_language_writes_them(value, locale, expected):
    assert format_fuzzy_date(value, locale) == expected


@pytest.mark.parametrize(("page", "link", "expected"), [
    ("people/taro-kono/", "../", "../../../people/taro-kono/"),  # from /ja/ to English
    ("people/taro-kono/", "ja/", "../../ja/people/taro-kono/"),  # from English to /ja/
    ("people/taro-kono/", "../ru/", "../../../ru/people/taro-kono/"),
    ("", "../", "../"),
    ("", "ja/", "ja/"),
])
def test_the_same_page_in_another_language(page, link, expected):
    assert alternate_url(page, link) == expected


def test_configure_puts_the_site_text_and_address_into_the_language():
    config = {
        "site_name": "Central Asia + Japan Dialogue",
        "site_url": "https://example.org/cajd/",
        "nav": [{"Home": "index.md"}, {"About": ["about/index.md", {"Sources": "about/sources.md"}]}],
        "theme": {"palette": [{"toggle": {"name": "Switch to dark mode"}}]},
        "extra": {},
    }
    languages.configure(config, locale_for("ja"))
    assert config["site_name"] == "「中央アジア＋日本」対話"
    assert config["site_url"] == "https://example.org/cajd/ja/"
    assert config["nav"] == [{"ホーム": "index.md"}, {"このサイトについて": ["about/index.md", {"出典一覧": "about/sources.md"}]}]
    assert config["theme"]["palette"][0]["toggle"]["name"] == "ダークモードに切り替える"
    assert [(a["lang"], a["link"], a["site_url"], a["current"]) for a in config["extra"]["alternate"]] == [
        ("en", "../", "https://example.org/cajd/", False),
        ("ja", "./", "https://example.org/cajd/ja/", True),
        ("ru", "../ru/", "https://example.org/cajd/ru/", False),
    ]


def _block(text: str, name: str) -> str:
    match = re.search(r"{% block " + name + r" %}(.*?){% endblock %}", text, re.S)
    assert match, f"no block {name}"
    return match.group(1)


def test_our_site_meta_block_is_materials_but_for_the_alternate_links():
    """overrides/main.html copies Material's site_meta block to link each page's own translations; when Material
    changes that block, this test says so, and the copy is brought up to date by hand."""
    theirs = _block((Path(material.__file__).parent / "templates" / "base.html").read_text(), "site_meta")
    ours = _block((ROOT / "overrides" / "main.html").read_text(), "site_meta")
    alternates = re.compile(r"\{% if (page and )?config\.extra\.alternate.*?\{% endif %\}", re.S)
    def norm(block: str) -> list[str]:
        return [line.strip() for line in alternates.sub("", block).splitlines() if line.strip()]
    assert norm(ours) == norm(theirs)
    assert 'rel="alternate "' in ours and 'hreflang="x-default"' in ours
