"""Loader and validator on small fixture files: one test per kind of error.

Each test copies the valid fixture dataset, breaks one thing, and checks the
exact line, field path and message an editor would see.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cajd.dataset import load_dataset
from cajd.errors import DataError

from conftest import FIXTURE_DATA

MEETING = "meetings/07-dushanbe-2019.yml"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, dest)
    return dest


def edit(data: Path, name: str, old: str, new: str) -> None:
    path = data / name
    text = path.read_text()
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1))


def problems(data: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_dataset(data)
    return [str(p) for p in info.value.problems]


def line_of(data: Path, name: str, needle: str) -> int:
    for number, line in enumerate((data / name).read_text().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {name}")


def test_fixture_is_valid(data):
    ds = load_dataset(data)
    assert list(ds.meetings) == ["07-dushanbe-2019"]
    assert ds.meetings["07-dushanbe-2019"].participants[1].chair is True


def test_unknown_country_names_line_path_and_known_ids(data):
    edit(data, MEETING, "  - country: kz\n", "  - country: kzz\n")
    line = line_of(data, MEETING, "country: kzz")
    found = problems(data)
    assert f"data/{MEETING}:{line}: participants[2].country: unknown country 'kzz' (known: af, jp, kz, tj)" in found
    # The roster check also notices that Kazakhstan now has no entry.
    assert any("no entry for 'kz'" in p for p in found)


def test_unknown_field_suggests_the_right_name(data):
    edit(data, MEETING, "city: Dushanbe", "venu: Dushanbe")
    found = problems(data)
    line = line_of(data, MEETING, "venu:")
    assert any(p.startswith(f"data/{MEETING}:{line}: venu: unknown field 'venu', did you mean 'venue'?") for p in found), found


def test_missing_required_field_points_at_the_record(data):
    edit(data, MEETING, "summary: The ministers met in Dushanbe. They discussed tourism and security.\n", "")
    assert f"data/{MEETING}:2: summary: required field is missing" in problems(data)  # line 1 is the schema comment


def test_wrong_type(data):
    edit(data, MEETING, "ordinal: 1", "ordinal: first")
    line = line_of(data, MEETING, "ordinal: first")
    assert f"data/{MEETING}:{line}: ordinal: 'first' is a str, expected a whole number" in problems(data)


def test_impossible_date(data):
    edit(data, MEETING, "date: 2019-05-18", "date: 2019-13-45")
    line = line_of(data, MEETING, "date: 2019-13-45")
    found = problems(data)
    assert any(p.startswith(f"data/{MEETING}:{line}: date: '2019-13-45' is not a real date") for p in found), found


def test_quoted_and_unquoted_dates_are_the_same(data):
    edit(data, MEETING, "date: 2019-05-18", 'date: "2019-05-18"')
    assert load_dataset(data).meetings["07-dushanbe-2019"].date == "2019-05-18"


def test_meeting_date_needs_a_day(data):
    edit(data, MEETING, "date: 2019-05-18", "date: 2019-05")
    assert any("date: '2019-05' is not an exact day, expected YYYY-MM-DD" in p for p in problems(data))


def test_bad_literal_lists_allowed_values(data):
    edit(data, MEETING, "format: in-person", "format: hybrid")
    assert any("format: 'hybrid' is not allowed, expected one of: in-person, video" in p for p in problems(data))


def test_duplicate_id_in_a_list_file(data):
    edit(data, "people.yml", "  - id: salahuddin-rabbani", "  - id: taro-kono")
    found = problems(data)
    assert any("data/people.yml:" in p and "duplicate id 'taro-kono' (first in data/people.yml:3)" in p for p in found), found


def test_id_must_match_file_name(data):
    edit(data, MEETING, "id: 07-dushanbe-2019", "id: 07-dushanbe-2020")
    assert any("id: id '07-dushanbe-2020' differs from the file name, expected '07-dushanbe-2019'" in p for p in problems(data))


def test_ordinal_gap(data):
    edit(data, MEETING, "ordinal: 1", "ordinal: 2")
    found = problems(data)
    assert any("ordinal: ordinal 2 breaks the sequence, expected 1" in p for p in found), found


def test_duplicate_ordinal(data):
    second = (data / MEETING).read_text().replace("07-dushanbe-2019", "08-dushanbe-2019").replace("2019-05-18", "2019-06-01")
    second = second.replace("    action_plan: action-plan-2019\n", "")
    (data / "meetings/08-dushanbe-2019.yml").write_text(second)
    found = problems(data)
    assert any("08-dushanbe-2019.yml" in p and "ordinal 1 is also used by '07-dushanbe-2019'" in p for p in found), found


def test_host_must_be_member_or_japan(data):
    edit(data, MEETING, "country: tj\nparticipants", "country: af\nparticipants")
    assert any("country: 'af' is a guest, expected a member country or Japan" in p for p in problems(data))


def test_online_meeting_names_a_chair_country_instead(data):
    edit(data, MEETING, "format: in-person", "format: video")
    found = problems(data)
    assert any("a video meeting has no host city or country, expected chair_country instead" in p for p in found), found


def test_special_meeting_has_no_ordinal(data):
    edit(data, MEETING, "kind: foreign-ministers", "kind: special")
    assert any("a special meeting is unnumbered, expected no ordinal" in p for p in problems(data))


def test_roster_needs_every_member(data):
    text = (data / MEETING).read_text()
    start = text.index("  - country: kz")
    end = text.index("  - country: af")
    (data / MEETING).write_text(text[:start] + text[end:])
    assert any("participants: no entry for 'kz'" in p for p in problems(data))


def test_unknown_source_and_person_and_theme(data):
    edit(data, MEETING, "sources: [diplomat-2019, mofa-page4-004977]", "sources: [diplomat-2019, mofa-nope]")
    edit(data, MEETING, "person: taro-kono", "person: taro-konno")
    edit(data, MEETING, "themes: [tourism, regional-security]", "themes: [tourism, security]")
    found = problems(data)
    assert any("sources[1]: unknown source 'mofa-nope'" in p for p in found), found
    assert any("participants[0].person: unknown person 'taro-konno' (known: salahuddin-rabbani, sirodjidin-muhriddin, taro-kono)" in p for p in found), found
    assert any("themes[1]: unknown theme 'security' (known: regional-security, tourism)" in p for p in found), found


def test_person_from_another_country(data):
    edit(data, MEETING, "  - country: jp\n    person: taro-kono", "  - country: jp\n    person: sirodjidin-muhriddin")
    assert any("'sirodjidin-muhriddin' is from 'tj', expected a person from 'jp'" in p for p in problems(data))


def test_unconfirmed_needs_a_note(data):
    edit(data, MEETING, "    note: The minister attended; the name is not in this fixture.\n", "")
    assert any("participants[2]: certainty is 'unconfirmed' but no note says why, expected a note" in p for p in problems(data))


def test_placeholder_text_is_refused(data):
    edit(data, MEETING, "summary: The ministers met", "summary: TODO The ministers met")
    assert any("summary: placeholder text 'TODO', expected real content" in p for p in problems(data))


def test_every_error_is_reported_at_once_across_files(data):
    edit(data, MEETING, "format: in-person", "format: hybrid")
    edit(data, "people.yml", "country: jp", "country: japan")
    edit(data, "themes.yml", "title: Tourism", "titel: Tourism")
    found = problems(data)
    files = {p.split(":")[0] for p in found}
    assert {f"data/{MEETING}", "data/people.yml", "data/themes.yml"} <= files, found


def test_yaml_syntax_error_gives_the_line(data):
    edit(data, MEETING, "city: Dushanbe", "city: [Dushanbe")
    found = problems(data)
    assert len(found) == 1 and found[0].startswith(f"data/{MEETING}:") and "YAML syntax" in found[0], found


def test_duplicate_key_is_refused(data):
    edit(data, MEETING, "city: Dushanbe", "city: Dushanbe\ncity: Tashkent")
    line = line_of(data, MEETING, "city: Tashkent")
    assert f"data/{MEETING}:{line}: city: this field is given twice (first on line {line - 1}), expected it once" in problems(data)


def test_missing_file(data):
    (data / "themes.yml").unlink()
    assert "data/themes.yml:1: file is missing, expected a list of themes" in problems(data)


# --- One mistake, one error: a knock-on problem is not reported separately.


def test_a_misspelled_required_field_is_one_problem_that_says_it_is_required(data):
    edit(data, MEETING, "summary: The ministers", "sumary: The ministers")
    line = line_of(data, MEETING, "sumary:")
    assert problems(data) == [
        f"data/{MEETING}:{line}: sumary: unknown field 'sumary', did you mean 'summary'? (summary is required)"]


def test_a_misspelled_required_field_in_a_list_entry_is_one_problem(data):
    edit(data, "places.yml", "    lat: 38.53575", "    lta: 38.53575")
    line = line_of(data, "places.yml", "lta:")
    assert problems(data) == [
        f"data/places.yml:{line}: places[0].lta: unknown field 'lta', did you mean 'lat'? (lat is required)"]


def test_a_misspelled_optional_field_is_not_said_to_be_required(data):
    edit(data, MEETING, "city: Dushanbe", "city: Dushanbe\nvenu: Somewhere")
    line = line_of(data, MEETING, "venu:")
    assert problems(data) == [f"data/{MEETING}:{line}: venu: unknown field 'venu', did you mean 'venue'?"]


def test_an_unknown_host_country_is_one_problem_not_also_a_missing_place(data):
    edit(data, MEETING, "\ncountry: tj", "\ncountry: kaz")
    line = line_of(data, MEETING, "country: kaz")
    assert problems(data) == [f"data/{MEETING}:{line}: country: unknown country 'kaz' (known: af, jp, kz, tj)"]


def test_a_place_missing_in_a_known_country_is_still_reported(data):
    edit(data, MEETING, "city: Dushanbe", "city: Khujand")
    line = line_of(data, MEETING, "city: Khujand")
    assert problems(data) == [
        f"data/{MEETING}:{line}: city: no place 'Khujand' in 'tj', expected an entry in data/places.yml with its coordinates"]


def test_outcome_documents_name_known_sources_and_plan_items(data):
    edit(data, MEETING, """    points:
      - text: Approved at the meeting""", """    texts:
      - source: mofa-nope
        form: text
    plan_items: [action-plan-2019/nope]
    points:
      - text: Approved at the meeting""")
    found = problems(data)
    assert any("documents[0].texts[0].source: unknown source 'mofa-nope'" in p for p in found), found
    assert any("documents[0].plan_items[0]: plan 'action-plan-2019' has no item 'nope', expected plan-id/item-id" in p for p in found), found


def test_two_documents_of_one_kind_need_their_own_ids(data):
    edit(data, MEETING, "  - title: Second Action Plan\n    kind: action-plan\n", "  - title: Second Action Plan\n    kind: joint-statement\n")
    line = line_of(data, MEETING, "title: Second Action Plan")
    found = problems(data)
    assert any(p.startswith(f"data/{MEETING}:{line}: documents[1].id: duplicate id '07-dushanbe-2019-joint-statement'") for p in found), found
