""""Central Asia + X" formats: the facts against the research sheet, Japan's row from data/meetings/,
the derived figures, the chart, and validation of data/formats/ with file:line errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cajd import formats_view as fxv
from cajd.dataset import load_dataset
from cajd.errors import DataError
from cajd.render import render_site

from conftest import FIXTURE_DATA, ROOT

DATA = ROOT / "data"


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


def views_of(ds):
    return fxv.format_views(ds)


@pytest.fixture(scope="module")
def views(ds):
    return {fv.id: fv for fv in views_of(ds)}


# ----------------------------------------------------------------------------
# The facts an audit checks: first ministerial meeting and first summit of each format
# ----------------------------------------------------------------------------

# id: (first ministerial: date, place, known as the first?), (first summit: date, place) or None
EXPECTED = {
    "japan": (("2004-08-28", "Astana", True), ("2025-12-20", "Tokyo")),
    "korea": (("2007-11-15", "Seoul", True), None),
    "european-union": (("2007-03-27", "Astana", True), ("2025-04-04", "Samarkand")),
    "united-states": (("2015-11-01", "Samarkand", True), ("2023-09-19", "New York")),
    "france": (("2017-03-29", "Paris", True), None),
    "india": (("2019-01-13", "Samarkand", True), ("2022-01-27", "by video")),
    "italy": (("2019-12-13", "Rome", True), ("2025-05-30", "Astana")),
    "china": (("2020-07-16", "by video", True), ("2023-05-18", "Xi'an")),
    "russia": (("2020-10-15", "by video", False), ("2022-10-14", "Astana")),  # the 3rd; the 1st was not found
    "gcc": (("2022-09-07", "Riyadh", True), ("2023-07-19", "Jeddah")),
    "germany": (("2026-02", "Berlin", False), ("2023-09-29", "Berlin")),  # began with a summit
    "azerbaijan": (None, ("2025-11-16", "Tashkent")),
}


def test_every_format_of_the_sheet_is_there(views):
    assert set(views) == set(EXPECTED)
    assert {fid for fid, fv in views.items() if fv.record.partial} == {"france", "azerbaijan"}


@pytest.mark.parametrize("fid", EXPECTED)
def test_first_ministerial_and_first_summit(views, fid):
    ministerial, summit = EXPECTED[fid]
    fv = views[fid]
    if ministerial is None:
        assert fv.first_ministerial is None
    else:
        date, place, known = ministerial
        assert (fv.first_ministerial.date, fv.first_ministerial.place, fv.first_ministerial_known) == (date, place, known)
    if summit is None:
        assert fv.first_summit is None
    else:
        assert (fv.first_summit.date, fv.first_summit.place) == summit


def test_levels_and_absent_summits(views):
    assert views["korea"].first_ministerial.level == "vice-ministers"
    assert views["european-union"].first_ministerial.level == "foreign-ministers"
    korea = [(mk.status, str(mk.date)) for mk in views["korea"].summits_not_held]
    assert korea == [("postponed", "2025"), ("planned", "2026-09-16")]
    assert [(mk.status, mk.city) for mk in views["gcc"].summits_not_held] == [("postponed", "Samarkand")]
    assert [str(mk.date) for mk in views["italy"].summits_not_held] == ["2025-04-27"]


def test_secretariats(views):
    status = {fid: (fv.record.secretariat.status if fv.record.secretariat else None) for fid, fv in views.items()}
    assert status["korea"] == status["china"] == status["united-states"] == "yes"
    assert status["india"] == "decided"
    assert status["russia"] == "none"
    assert views["china"].record.secretariat.since == "2024-03-30"
    assert views["china"].record.secretariat.city == "Xi'an"
    us = views["united-states"].record.secretariat
    # the sheet infers ~2022 (UNC); the State Department's statement of 22 September 2022 announces it
    assert (us.since, us.certainty.value) == ("2022-09-22", "confirmed")
    assert "state-c5-unga77-2022" in us.sources


def test_counts_with_the_date_they_are_counted_to(views):
    def counts(fid):
        return {c.kind: (c.number, c.at_least, str(c.as_of)) for c in views[fid].counts}

    assert counts("european-union")["ministerial"] == (20, False, "2025-03-27")
    assert counts("korea")["ministerial"] == (16, False, "2023-11-01")
    # ten ministerial meetings found, only the first numbered: "at least ten" (no official count after 2019)
    assert counts("united-states") == {"ministerial": (10, True, "2023-02-28"), "summit": (2, False, "2025-11-06")}
    assert counts("china")["summit"] == (2, False, "2025-06-17")
    assert counts("russia")["ministerial"] == (7, False, "2024-04-12")


# ----------------------------------------------------------------------------
# Japan's row is computed from data/meetings/
# ----------------------------------------------------------------------------


def test_japan_row_matches_the_meetings(ds, views):
    japan = views["japan"]
    assert not japan.record.meetings and not japan.record.documents
    held = sorted((mt for mt in ds.meetings.values() if mt.status == "held"), key=lambda mt: mt.date)
    numbered = [mt for mt in held if mt.kind == "foreign-ministers"]
    first = next(mt for mt in numbered if mt.ordinal == 1)
    assert (japan.first_ministerial.date, japan.first_ministerial.city) == (first.date, first.city)
    summit = next(mt for mt in held if mt.kind == "summit" and mt.ordinal == 1)
    assert (japan.first_summit.date, japan.first_summit.city) == (summit.date, summit.city)
    counts = {c.kind: c for c in japan.counts}
    assert counts["ministerial"].number == max(mt.ordinal for mt in numbered)
    assert counts["ministerial"].specials == sum(mt.kind == "special" for mt in held)
    assert counts["summit"].number == sum(mt.kind == "summit" for mt in held)
    assert japan.latest.key == held[-1].id
    assert [d.title for d in japan.documents] == [d.title for mt in sorted(ds.meetings.values(), key=lambda mt: mt.date) for d in mt.documents]
    assert [mk.key for mk in japan.summits_not_held] == [mt.id for mt in ds.meetings.values() if mt.kind == "summit" and mt.status != "held"]


def test_a_new_japanese_meeting_changes_the_comparison(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    text = (data / "meetings" / "09-tokyo-2022.yml").read_text()
    text = text.replace("id: 09-tokyo-2022", "id: 10-astana-2026").replace("ordinal: 9", "ordinal: 10")
    text = re.sub(r'(?m)^date: "?2022-12-24"?$', 'date: "2026-03-02"', text)
    (data / "meetings" / "10-astana-2026.yml").write_text(text)
    ds = load_dataset(data)
    japan = next(fv for fv in views_of(ds) if fv.id == "japan")
    assert {c.kind: c.number for c in japan.counts}["ministerial"] == 10
    assert japan.latest.key == "10-astana-2026"
    page = next(p for p in render_site(ds) if p.src_uri == "formats/index.md").markdown
    assert "10 ministerial meetings" in page and "../meetings/10-astana-2026/" in page


# ----------------------------------------------------------------------------
# Figures derived across formats
# ----------------------------------------------------------------------------


def test_derived_figures(ds):
    ordered = views_of(ds)
    assert [fv.id for fv in ordered][:3] == ["japan", "european-union", "korea"]  # in the order they began
    figures = fxv.figures(ordered)
    assert figures.first.id == "japan"
    assert {fv.id for fv in figures.not_at_leaders_level} == {"korea"}
    assert len(figures.at_leaders_level) == 9 and len(figures.regular) == 10
    years = {fv.id: fv.years_to_summit for fv in figures.with_summit}
    assert years["germany"] == 0.0 and years["japan"] == 21.3 and years["united-states"] == 7.9
    assert "russia" not in years  # its first meeting was not found
    assert figures.fastest.id == "germany" and figures.slowest.id == "japan"


def test_money_words():
    assert fxv.money(25_000_000, "USD") == "US$25 million"
    assert fxv.money(1_500_000_000, "CNY") == "1.5 billion yuan"
    assert fxv.money(3_000_000_000_000, "JPY") == "3 trillion yen"
    assert fxv.money(12_000_000_000, "EUR") == "€12 billion"


# ----------------------------------------------------------------------------
# The chart and the pages
# ----------------------------------------------------------------------------


def test_chart_has_a_lane_per_format_and_every_mark_links_to_its_record(ds):
    ordered = views_of(ds)
    chart = fxv.chart(ordered)
    assert [lane.view.id for lane in chart.lanes] == [fv.id for fv in ordered]
    assert chart.years[0][0] == fxv.CHART_START and chart.end_year >= 2026
    pages = {p.src_uri: p.markdown for p in render_site(ds)}
    for lane in chart.lanes:
        assert lane.x_start <= min(cm.x for cm in lane.marks if cm.mark.held)
        for cm in lane.marks:
            page, _, anchor = cm.mark.target.partition("#")
            assert page in pages, cm.mark.target
            assert not anchor or f'id="{anchor}"' in pages[page], cm.mark.target
        if lane.view.leaders_since:
            assert lane.x_start <= lane.x_leaders <= lane.x_end


def test_comparison_page_table_and_chart(ds):
    page = next(p for p in render_site(ds) if p.src_uri == "formats/index.md").markdown
    assert page.count('<th scope="row">') == 2 * len(ds.formats)  # two tables, one row per format each
    assert page.count("<caption>") == 2
    assert "<svg" in page and 'aria-describedby="cajd-fchart-words"' in page and 'id="cajd-fchart-words"' in page
    assert page.count('class="cajd-fchart__m cajd-fchart__m--summit"') >= 14
    order = [m.group(1) for m in re.finditer(r'<th scope="row"><a href="([a-z-]+)/"', page)]
    assert order[: len(ds.formats)] == [fv.id for fv in views_of(ds)]


def test_format_pages_cite_and_date_their_facts(ds):
    pages = {p.src_uri: p.markdown for p in render_site(ds)}
    for fid in ds.formats:
        page = pages[f"formats/{fid}.md"]
        assert "Facts current to" in page and "<time datetime=" in page
        assert 'class="cajd-cite"' in page and "## References" in page
    assert "Sources disagree: When the foreign ministers first met" in pages["formats/russia.md"]
    assert "Sources disagree: Whether the 2020 video conference counts as the eighth" in pages["meetings/special-2020-video.md"]


# ----------------------------------------------------------------------------
# Validation: file:line errors for data/formats/
# ----------------------------------------------------------------------------


@pytest.fixture
def data(tmp_path: Path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, dest)
    return dest


def problems(data: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_dataset(data)
    return [str(p) for p in info.value.problems]


def edit(data: Path, name: str, old: str, new: str) -> None:
    path = data / name
    text = path.read_text()
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1))


def line_of(data: Path, name: str, needle: str, after: int = 0) -> int:
    for number, line in enumerate((data / name).read_text().splitlines(), start=1):
        if number > after and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {name}")


def test_fixture_formats_are_valid(data):
    assert set(load_dataset(data).formats) == {"japan", "korea", "gcc", "india"}


def test_numbers_must_rise_with_the_dates(data):
    edit(data, "formats/korea.yml", "ordinal: 16", "ordinal: 1")
    line = line_of(data, "formats/korea.yml", "ordinal: 1", after=line_of(data, "formats/korea.yml", "ordinal: 1"))
    assert problems(data) == [
        f"data/formats/korea.yml:{line}: meetings[1].ordinal: number 1 is also meetings[0], expected each number once",
    ]


def test_two_meetings_on_one_date(data):
    edit(data, "formats/korea.yml", 'date: "2023-11-01"', 'date: "2007-11-15"')
    line = line_of(data, "formats/korea.yml", 'date: "2007-11-15"', after=line_of(data, "formats/korea.yml", 'date: "2007-11-15"'))
    assert problems(data) == [
        f"data/formats/korea.yml:{line}: meetings[1].date: a second meeting on 2007-11-15 (the first is meetings[0]), expected one meeting a date",
    ]


def test_document_names_a_meeting_of_its_format(data):
    edit(data, "formats/gcc.yml", 'meeting: "2022-09-07"', 'meeting: "2022-09-08"')
    line = line_of(data, "formats/gcc.yml", 'meeting: "2022-09-08"')
    assert problems(data) == [
        f"data/formats/gcc.yml:{line}: documents[0].meeting: no meeting on 2022-09-08 in this format, expected the date of one of its meetings",
    ]


def test_unknown_source_and_field(data):
    edit(data, "formats/india.yml", "sources: [hindustantimes-2020-10]\nsecretariat", "sources: [hindustan-times]\nsecretariat")
    edit(data, "formats/korea.yml", "city: Seoul\n    level", "town: Seoul\n    level")
    found = problems(data)
    assert len(found) == 2
    assert re.fullmatch(r"data/formats/india\.yml:\d+: pledges\[0\]\.sources\[0\]: unknown source 'hindustan-times' \(.*\)", found[0])
    assert re.fullmatch(r"data/formats/korea\.yml:\d+: meetings\[0\]\.town: unknown field 'town', .*", found[1])


def test_only_one_japan_dialogue_and_it_lists_no_meetings(data):
    edit(data, "formats/gcc.yml", "partner_kind: organisation", "partner_kind: organisation\nown_dialogue: true")
    found = problems(data)
    assert len(found) == 1 and found[0].startswith("data/formats/gcc.yml:")
    assert "the Japan dialogue's meetings and documents come from data/meetings/" in found[0]


def test_held_meeting_needs_a_city_and_a_summit_no_vice_ministers(data):
    edit(data, "formats/gcc.yml", "    city: Jeddah\n", "    level: vice-ministers\n")
    found = problems(data)
    assert len(found) == 1
    assert re.fullmatch(r"data/formats/gcc\.yml:\d+: meetings\[1\]: level 'vice-ministers' does not fit kind 'summit', .*", found[0])


def test_secretariat_none_found_explains(data):
    edit(data, "formats/japan.yml", "  note: No source consulted mentions a secretariat of the dialogue.\n", "")
    found = problems(data)
    assert len(found) == 1
    assert re.fullmatch(r"data/formats/japan\.yml:\d+: secretariat: status 'none-found' needs a note that says what was looked for", found[0])
