"""The translations of the data (data/i18n/<lang>/): checked against the English records, laid over them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markupsafe import escape

from cajd.dataset import load_dataset
from cajd.errors import DataError
from cajd.languages import locale_for
from cajd.translation import Untranslated, hand_written_pages, translate

from conftest import FIXTURE_DATA


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the fixture data, with an empty data/i18n/ja/ to write into."""
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    shutil.rmtree(tmp_path / "data" / "i18n")
    (tmp_path / "data" / "i18n" / "ja" / "meetings").mkdir(parents=True)
    return tmp_path / "data"


def write(data: Path, rel: str, text: str) -> None:
    path = data / "i18n" / "ja" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def problems(data: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        translate(load_dataset(data), data, "ja", display_root="data")
    return [str(p) for p in info.value.problems]


PEOPLE = """\
people:
  taro-kono:
    name: 河野太郎
    name_sources: [mofa-page4-004977]
    aliases: [河野]
    positions:
      - title: 外務大臣
"""


def test_translated_fields_replace_the_english_and_the_rest_stays_english_marked(data):
    write(data, "people.yml", PEOPLE)
    write(data, "meetings/07-dushanbe-2019.yml", "summary: 外相はドゥシャンベで会合した。\nhighlights:\n  - {}\n")
    t = translate(load_dataset(data), data, "ja", locale_for("ja"))
    kono = t.dataset.people["taro-kono"]
    assert kono.name == "河野太郎" and not isinstance(kono.name, Untranslated)
    assert kono.positions[0].title == "外務大臣"
    assert kono.aliases == ["河野", "Taro Kono", "Kono Taro"]  # the translation's spellings, then the English ones, for search
    assert t.spellings[("people", "taro-kono")].sources == ("mofa-page4-004977",)
    meeting = t.dataset.meetings["07-dushanbe-2019"]
    assert meeting.summary == "外相はドゥシャンベで会合した。"
    highlight = meeting.highlights[0].text
    assert isinstance(highlight, Untranslated) and highlight == "First ministerial meeting in the capital of Tajikistan."
    html = str(escape(highlight))
    assert '<span lang="en">First ministerial meeting in the capital of Tajikistan.</span>' in html and "(未翻訳)" in html
    # Ids, dates and references are the English ones.
    assert meeting.date == "2019-05-18" and meeting.participants[0].person == "taro-kono"
    people_file = next(c for c in t.coverage if c.path == "people.yml")
    assert (people_file.done, people_file.exists) == (2, True) and people_file.total > 2


def test_no_translation_at_all_still_gives_every_record_in_english(data):
    ds = load_dataset(data)
    t = translate(ds, data, "ja")
    assert list(t.dataset.meetings) == list(ds.meetings) and t.done == 0 and t.total > 10
    assert all(isinstance(p.name, Untranslated) for p in t.dataset.people.values())


def test_every_problem_is_one_line_with_file_line_and_field(data):
    write(data, "people.yml", """\
people:
  taro-kno:
    name: 河野太郎
  sirodjidin-muhriddin:
    name: シロジディン・ムフリディン
  salahuddin-rabbani:
    name: サラーフッディーン・ラッバーニー
    name_sources: [no-such-source]
    country: af
""")
    write(data, "meetings/07-dushanbe-2019.yml", """\
date: 2019-05-19
highlights:
  - text: 一つ目
  - text: 二つ目
summary: 12
""")
    write(data, "meetings/99-nowhere-2030.yml", "summary: なし\n")
    found = problems(data)
    assert "data/i18n/ja/people.yml:3: people.taro-kno: unknown id 'taro-kno' in the English people (did you mean 'taro-kono'?), expected one of the English ids" in found
    assert any(p.startswith("data/i18n/ja/people.yml:5: people.sirodjidin-muhriddin.name: a translated name needs name_sources") for p in found)
    assert any(p.startswith("data/i18n/ja/people.yml:8: people.salahuddin-rabbani.name_sources[0]: unknown source 'no-such-source'") for p in found)
    assert any(p.startswith("data/i18n/ja/people.yml:9: people.salahuddin-rabbani.country: country is not translated") for p in found)
    assert any(p.startswith("data/i18n/ja/meetings/07-dushanbe-2019.yml:1: date: date is not translated") for p in found)
    assert any(p.startswith("data/i18n/ja/meetings/07-dushanbe-2019.yml:3: highlights: list has 2 entries, the English has 1") for p in found)
    assert "data/i18n/ja/meetings/07-dushanbe-2019.yml:5: summary: 12 is not text but int, expected text (quote it)" in found
    assert any(p.startswith("data/i18n/ja/meetings/99-nowhere-2030.yml:1: no English file data/meetings/99-nowhere-2030.yml") for p in found)
    assert len(found) == 8  # one mistake, one problem


def test_a_name_or_title_is_checked_as_in_english(data):
    write(data, "themes.yml", "themes:\n  tourism:\n    title: \"観光\\n業\"\n")
    write(data, "sources.yml", "sources: {}\n")
    found = problems(data)
    assert any(p.startswith("data/i18n/ja/themes.yml:3: themes.tourism.title: line break in a name or title") for p in found)
    assert any(p.startswith("data/i18n/ja/sources.yml:1: data/sources.yml is not translated") for p in found)


def test_a_meetings_city_is_its_places_translated_name(data):
    write(data, "places.yml", "places:\n  dushanbe:\n    name: ドゥシャンベ\n    name_note: 外務省の表記。\n")
    write(data, "meetings/07-dushanbe-2019.yml", "city: ドゥシャンベ市\n")
    assert any("city: 'ドゥシャンベ市' differs from the place's translated name 'ドゥシャンベ'" in p for p in problems(data))


def test_a_translated_hand_written_page_and_one_for_no_page(tmp_path):
    (tmp_path / "docs" / "about").mkdir(parents=True)
    (tmp_path / "docs" / "about" / "index.md").write_text("# About\n")
    (tmp_path / "docs" / "about" / "sources.md").write_text("# Sources\n")
    pages = tmp_path / "data" / "i18n" / "ru" / "pages" / "about"
    pages.mkdir(parents=True)
    (pages / "index.md").write_text("# О сайте\n", encoding="utf-8")
    found = hand_written_pages(tmp_path, "ru")
    assert found["about/index.md"].markdown == "# О сайте\n"
    assert found["about/sources.md"].markdown is None  # shown in English, marked
    (pages / "contact.md").write_text("# Контакты\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        hand_written_pages(tmp_path, "ru")
    assert [str(p) for p in info.value.problems] == [
        "data/i18n/ru/pages/about/contact.md:1: no page docs/about/contact.md to translate, expected the path of a page under docs/"
    ]
