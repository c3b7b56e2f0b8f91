"""The site in every language, built for real: the same pages at the same paths, linked to each other."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, made_once, make_project, run_build_all

NEW_MEETING = """\
# yaml-language-server: $schema=../schema/meeting.json
id: 08-tokyo-2020
kind: foreign-ministers
ordinal: 2
date: 2020-08-01
format: in-person
city: Dushanbe
country: tj
participants:
  - country: jp
    person: taro-kono
    role: minister
  - country: tj
    person: sirodjidin-muhriddin
    role: minister
    chair: true
  - country: kz
    status: unknown
    note: Not in the fixture.
summary: A meeting added in English only, to show that it builds in every language.
sources: [diplomat-2019]
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture data plus a meeting written in English alone, built in every language as `make build` does."""
    return made_once(tmp_path_factory, "languages-english-only-meeting", _build) / "project" / "site"


def _build(folder: Path) -> None:
    project = make_project(folder / "project", FIXTURE_DATA)
    (project / "data" / "meetings" / "08-tokyo-2020.yml").write_text(NEW_MEETING, encoding="utf-8")
    result = run_build_all(project)
    assert result.returncode == 0, result.stdout + result.stderr


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html") if not {"ja", "ru"} & set(p.relative_to(site).parts[:1])}


def test_every_page_exists_in_every_language_at_the_same_path(built):
    english = _pages(built)
    assert "meetings/08-tokyo-2020/index.html" in english
    for lang in ("ja", "ru"):
        assert {p.relative_to(built / lang).as_posix() for p in (built / lang).rglob("index.html")} == english
        assert (built / lang / "sitemap.xml").is_file() and (built / lang / "search" / "search_index.json").is_file()


def test_a_meeting_added_in_english_alone_shows_in_english_marked_on_the_translated_sites(built):
    for lang, mark in (("ja", "未翻訳"), ("ru", "ещё не переведено")):
        html = (built / lang / "meetings" / "08-tokyo-2020" / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html
        assert ('<span class="cajd-untranslated"><span lang="en">A meeting added in English only, to show that it builds in '
                f'every language.</span> <small class="cajd-untranslated__mark">({mark})</small></span>') in html


def test_each_page_links_its_translations(built):
    html = (built / "ru" / "people" / "taro-kono" / "index.html").read_text(encoding="utf-8")
    hreflang = dict(re.findall(r'<link rel="alternate " hreflang="([\w-]+)" href="([^"]+)">', html))
    assert hreflang == {
        "en": "https://cajd.github.io/cajd-site/people/taro-kono/",
        "ja": "https://cajd.github.io/cajd-site/ja/people/taro-kono/",
        "ru": "https://cajd.github.io/cajd-site/ru/people/taro-kono/",
        "x-default": "https://cajd.github.io/cajd-site/people/taro-kono/",
    }
    selector = dict(re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+" class="md-select__link"', html))
    assert selector == {"../../../people/taro-kono/": "en", "../../../ja/people/taro-kono/": "ja", "../../people/taro-kono/": "ru"}
    assert "Таро Коно" in html and "Перевод с английского" in html
    sitemap = (built / "ja" / "sitemap.xml").read_text(encoding="utf-8")
    assert '<loc>https://cajd.github.io/cajd-site/ja/people/taro-kono/</loc>' in sitemap
    assert '<xhtml:link rel="alternate" hreflang="x-default" href="https://cajd.github.io/cajd-site/people/taro-kono/"/>' in sitemap


def test_the_english_site_says_nothing_of_translation(built):
    html = (built / "people" / "taro-kono" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html and "cajd-authoritative" not in html and "cajd-untranslated" not in html


def test_the_about_page_is_translated_where_a_translation_exists(built):
    ja = (built / "ja" / "about" / "index.html").read_text(encoding="utf-8")
    assert "このサイトについて" in ja and "/data/i18n/ja/pages/about/index.md" in ja  # its edit link
    ru = (built / "ru" / "about" / "index.html").read_text(encoding="utf-8")
    assert '<div lang="en">' in ru  # no Russian translation in the fixture: the English text, marked


def test_a_translation_problem_stops_the_build_with_file_line_and_field(tmp_path):
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    (project / "data" / "i18n" / "ru" / "themes.yml").write_text("themes:\n  tourism:\n    id: tour\n", encoding="utf-8")
    result = subprocess.run([*__import__("conftest").MKDOCS, "build", "--strict", "-f", "mkdocs.ru.yml", "-d", str(tmp_path / "out")],
                            cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "data/i18n/ru/themes.yml:3: themes.tourism.id: id is not translated" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
