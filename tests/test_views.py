"""Reader views are derived from data: adding one meeting file updates every view."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cajd import labels
from cajd import views as v
from cajd.dataset import load_dataset
from cajd.render import render_site

from conftest import FIXTURE_DATA

NEW_MEETING = """\
id: 02-dushanbe-2031
kind: foreign-ministers
ordinal: 2
date: 2031-06-02
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
    status: absent
    note: Synthetic meeting for a test.
themes: [tourism]
summary: A synthetic meeting that exists only in this test.
sources: [diplomat-2019]
"""


@pytest.fixture
def pages(tmp_path: Path) -> dict[str, str]:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    (data / "meetings" / "02-dushanbe-2031.yml").write_text(NEW_MEETING)
    return {p.src_uri: p.markdown for p in render_site(load_dataset(data))}


def test_a_new_meeting_file_appears_in_every_view(pages):
    assert "meetings/02-dushanbe-2031.md" in pages
    # Timeline: its own anchored entry with a machine-readable date, under its year.
    assert 'id="meeting-02-dushanbe-2031"' in pages["timeline.md"]
    assert '<time class="cajd-tl__date" datetime="2031-06-02">2 June 2031</time>' in pages["timeline.md"]
    assert "### 2031 {: #year-2031 .cajd-year }" in pages["timeline.md"]
    # Attendance matrix and meetings table.
    index = pages["meetings/index.md"]
    assert "2nd FMM 2031" in index
    assert re.search(r'cajd-att--absent[^>]*"><span class="cajd-att__level">Absent</span>', index)
    # Map: Dushanbe now has two meetings, and the marker says so.
    assert 'aria-label="Dushanbe: 2 meetings"' in index
    # Country, theme, person pages and the home figures.
    assert "02-dushanbe-2031" in pages["countries/tj.md"]
    assert "Meetings hosted" in pages["countries/tj.md"]
    assert "02-dushanbe-2031" in pages["themes/tourism.md"]
    assert "02-dushanbe-2031" in pages["people/taro-kono.md"]
    assert "<li><strong>2</strong> meetings held</li>" in pages["index.md"]
    assert "2nd Foreign Ministers" in pages["index.md"]  # the latest meeting
    # Previous / next links join the two meetings.
    assert 'rel="next">2nd Foreign Ministers' in pages["meetings/07-dushanbe-2019.md"]


def test_attendance_matrix_marks_the_first_full_meeting():
    ds = load_dataset(FIXTURE_DATA)
    countries, rows = v.Views(ds).attendance_matrix()
    assert [c.id for c in countries] == ["jp", "kz", "tj", "af"]  # Japan, members, then guests
    (row,) = rows
    assert [cell.level for cell in row.cells] == ["Minister", "Minister", "Minister", "Guest"]
    assert row.full and row.first_full


def test_theme_matrix_counts_plan_items():
    ds = load_dataset(FIXTURE_DATA)
    meetings, rows = v.Views(ds).theme_matrix()
    by_id = {theme.id: (marks, per_plan) for theme, marks, per_plan in rows}
    assert by_id["tourism"] == ([True], {"action-plan-2019": 1})
    assert by_id["regional-security"] == ([True], {"action-plan-2019": 0})


def test_map_is_small_and_offline():
    ds = load_dataset(FIXTURE_DATA)
    pages = {p.src_uri: p.markdown for p in render_site(ds)}
    svg = pages["meetings/index.md"].split("<svg", 1)[1].split("</svg>", 1)[0]
    assert len(svg.encode()) <= 60_000
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    layout = v.Views(ds).venue_map
    assert layout.venues[0].name == "Dushanbe"
    main = layout.frames[0]
    (dot,) = main.dots
    assert dot.place_id == layout.venues[0].place_id and 0 < dot.x < main.width and 0 < dot.y < main.height


def test_ordinal_and_first_sentence():
    assert [labels.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]
    assert labels.first_sentence("The ministers met. Then they ate.") == "The ministers met."
    assert labels.first_sentence("About 24 bn yen (approx. US$216 m) was pledged.") == "About 24 bn yen (approx. US$216 m) was pledged."


def test_the_per_page_linker_agrees_with_relative_url_for_every_pair_of_pages():
    import posixpath

    from cajd.render import linker, page_url, relative_url

    def reference(here: str, there: str) -> str:  # posixpath.relpath, as relative_url did before it was made faster
        path, _, anchor = page_url(there).partition("#")
        rel = posixpath.relpath(path.rstrip("/") or ".", page_url(here).rstrip("/") or ".")
        rel = "./" if rel == "." else rel + "/"
        return ((rel if path != page_url(here) else "") + f"#{anchor}") if anchor else rel

    uris = [p.src_uri for p in render_site(load_dataset(FIXTURE_DATA))]
    targets = uris + [u + "#some-anchor" for u in uris]
    for here in uris:
        url = linker(here)
        for there in targets:
            assert relative_url(here, there) == reference(here, there), (here, there)
            assert url(there) == relative_url(here, there), (here, there)
            assert url(there) == relative_url(here, there)  # memoised answer too


def test_era_of_is_the_latest_era_started_by_the_date():
    ds = load_dataset(FIXTURE_DATA)
    eras = sorted(ds.eras.values(), key=lambda e: e.start.sort_key)
    dates = [e.date for e in ds.events.values()] + [mt.date for mt in ds.meetings.values()] + [e.start for e in eras]
    views = v.Views(ds)
    for date in dates:
        started = [e for e in eras if e.start.sort_key <= date.sort_key]
        assert views.era_of(date) == (started[-1] if started else None), date


@pytest.mark.parametrize("names", [
    ["Алексей", "Борис", "Евгений", "Ёко", "Жанна"],  # Ё sorts with Е, not after Я (or before А)
    ["Иван", "Игорь", "Йошида", "Карим"],  # Й is a letter of its own, after И
    ["ガニエフ", "カミロフ", "キム"],  # ガ sorts with カ: gojūon order
    ["Émile", "Eva", "Zoe"],
])
def test_names_sort_as_their_language_reads_them(names):
    """Each list is in the order a dictionary of its language gives."""
    assert sorted(names[::-1], key=v.alphabetical) == names
