"""The dataset as downloads under /data/: JSON that loads back into the models, CSV with the expected rows."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path, PurePosixPath

import pytest
from markupsafe import escape

from cajd import export, kinds, labels
from cajd import model as m
from cajd import views as v
from cajd.dataset import load_dataset
from cajd.render import render_site

from conftest import FIXTURE_DATA, ROOT

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module", params=["fixture", "real"])
def ds(request):
    return load_dataset(FIXTURE_DATA if request.param == "fixture" else ROOT / "data")


@pytest.fixture(scope="module")
def files(ds) -> dict[str, str]:
    return export.downloads(ds)


def test_the_json_download_loads_back_into_the_models_and_equals_the_data(ds, files):
    data = json.loads(files[export.DATASET_JSON])
    assert list(data) == [kind.data_key for kind in kinds.KINDS]
    for kind in kinds.KINDS:
        key, attr, model = kind.data_key, kind.name, kind.model
        records = [model.model_validate(r) for r in data[key]]
        assert {r.id: r for r in records} == getattr(ds, attr), key
        assert len(records) == len(getattr(ds, attr))


def test_each_meeting_person_and_plan_has_its_own_json_record(ds, files):
    everything = json.loads(files[export.DATASET_JSON])
    for kind, model, key in [("meetings", m.Meeting, "meetings"), ("people", m.Person, "people"), ("plans", m.ActionPlan, "action_plans")]:
        by_id = {r["id"]: r for r in everything[key]}
        for record_id, record in getattr(ds, kind).items():
            text = files[export.record_uri(kind, record_id)]
            assert model.model_validate(json.loads(text)) == record
            assert json.loads(text) == by_id[record_id]
    assert export.record_uri("plans", "action-plan-2019") == "data/action-plans/action-plan-2019.json"


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_files_have_the_expected_header_and_rows(ds, files):
    expected = {
        export.MEETINGS_CSV: (export.MEETING_COLUMNS, len(ds.meetings)),
        export.PARTICIPANTS_CSV: (export.PARTICIPANT_COLUMNS, sum(len(mt.participants) for mt in ds.meetings.values())),
        export.PLAN_ITEMS_CSV: (export.PLAN_ITEM_COLUMNS, len(v.Views(ds).plan_items)),
        export.EVENTS_CSV: (export.EVENT_COLUMNS, len(ds.events)),
    }
    for path, (columns, count) in expected.items():
        text = files[path]
        assert text.split("\r\n", 1)[0] == ",".join(columns), path
        assert text.endswith("\r\n") and "\r\r" not in text
        rows = _rows(text)
        assert len(rows) == count, path
        assert all(list(r) == columns for r in rows)


def test_csv_cells_hold_the_data(ds, files):
    meetings = _rows(files[export.MEETINGS_CSV])
    assert [r["id"] for r in meetings] == list(ds.meetings)  # date order
    for row in meetings:
        mt = ds.meetings[row["id"]]
        assert row["date"] == str(mt.date) and row["title"] == labels.meeting_title(mt)
        assert row["summary"] == mt.summary and row["sources"].split(";") == mt.sources
    participants = _rows(files[export.PARTICIPANTS_CSV])
    expected = [(mt.id, p.country, p.person or "", p.status) for mt in ds.meetings.values() for p in mt.participants]
    assert [(r["meeting"], r["country"], r["person"], r["status"]) for r in participants] == expected
    chairs = [r for r in participants if r["chair"] == "true"]
    assert len(chairs) == sum(1 for mt in ds.meetings.values() if v.chair_of(mt))
    items = _rows(files[export.PLAN_ITEMS_CSV])
    assert [(r["plan"], r["item"], r["theme"]) for r in items] == [(ref.plan.id, ref.item.id, ref.theme) for ref in v.Views(ds).plan_items]
    events = _rows(files[export.EVENTS_CSV])
    assert sorted(r["id"] for r in events) == sorted(ds.events)


def test_downloads_are_deterministic():
    first = export.downloads(load_dataset(FIXTURE_DATA))
    second = export.downloads(load_dataset(FIXTURE_DATA))
    assert first == second
    assert all(text.endswith("\n") for text in first.values())
    everything = json.loads(first[export.DATASET_JSON])
    assert first[export.DATASET_JSON] == json.dumps(everything, indent=2, ensure_ascii=False) + "\n"  # one layout


def test_the_built_site_serves_the_downloads(fixture_site: Path):
    ds = load_dataset(FIXTURE_DATA)
    for path, text in export.downloads(ds).items():
        assert (fixture_site / path).read_bytes() == text.encode("utf-8"), path
    assert not (ROOT / "docs" / "data").exists()  # generated, never written into docs/


@pytest.mark.parametrize("page,target", [
    ("meetings/07-dushanbe-2019/index.html", "data/meetings/07-dushanbe-2019.json"),
    ("people/taro-kono/index.html", "data/people/taro-kono.json"),
    ("action-plans/action-plan-2019/index.html", "data/action-plans/action-plan-2019.json"),
])
def test_record_pages_link_to_their_json_record(fixture_site: Path, page: str, target: str):
    html = (fixture_site / page).read_text()
    body = html[html.index("<article"): html.index("</article>")]
    line = re.search(r'<p class="cajd-data">Data: (.*?)</p>', body)
    assert line, "no Data line"
    hrefs = re.findall(r'href="([^"]+)"', line.group(1))
    page_dir = PurePosixPath(page).parent
    resolved = [os.path.normpath(page_dir / href.split("#")[0]) for href in hrefs]
    assert resolved[0] == target
    assert export.DATASET_JSON in resolved
    for href, path in zip(hrefs, resolved):
        assert (fixture_site / path).exists() or (fixture_site / path / "index.html").exists(), href


def test_every_record_page_of_the_real_site_links_to_an_existing_record(real_site: Path):
    ds = load_dataset(ROOT / "data")
    for kind, folder in [("meetings", "meetings"), ("people", "people"), ("plans", "action-plans")]:
        for record_id in getattr(ds, kind):
            html = (real_site / folder / record_id / "index.html").read_text()
            assert f'href="../../{export.record_uri(kind, record_id)}"' in html, (kind, record_id)
            assert (real_site / export.record_uri(kind, record_id)).is_file()
    assert json.loads((real_site / export.DATASET_JSON).read_text())["meetings"]


# ----------------------------------------------------------------------------
# The contributing page: steps, a field reference made from the models, the downloads
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def contributing() -> str:
    return next(p.markdown for p in render_site(load_dataset(FIXTURE_DATA)) if p.src_uri == "about/contributing.md")


def test_contributing_page_matches_golden_file(contributing):
    golden = GOLDEN / "about__contributing.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(contributing)
    assert golden.exists(), f"no golden file {golden.name}; run UPDATE_GOLDEN=1 make test"
    assert contributing == golden.read_text(), f"about/contributing.md differs from {golden.name}"


@pytest.mark.parametrize("model", [m.Meeting, m.Participant, m.Document, m.Highlight, m.Dispute, m.Claim, m.Person, m.Position, m.Source, m.Place])
def test_field_reference_lists_every_field_of_the_models(contributing, model):
    section = contributing.split(f"Fields of {model.__name__}", 1)[1].split("</table>", 1)[0]
    for name, info in model.model_fields.items():
        assert f"<code>{name}</code>" in section, (model.__name__, name)
        if info.description:
            assert str(escape(info.description)) in section, (model.__name__, name)


def test_field_reference_shows_required_fields_and_allowed_values(contributing):
    meeting = contributing.split("Fields of Meeting", 1)[1].split("</table>", 1)[0]
    rows = dict(re.findall(r"<code>(\w+)</code></th>\n<td>.*?</td>\n<td>(required|optional)</td>", meeting))
    assert {k for k, r in rows.items() if r == "required"} == {n for n, f in m.Meeting.model_fields.items() if f.is_required()}
    for kind in ("foreign-ministers", "special", "summit", "in-person", "video", "held", "postponed", "cancelled"):
        assert f"<code>{kind}</code>" in meeting
    assert "make new-meeting DATE=" in contributing and "make validate" in contributing


def test_contributing_page_is_in_the_about_section(fixture_site: Path):
    html = (fixture_site / "about/contributing/index.html").read_text()
    assert 'href="../../data/participants.csv"' in html
    nav = (fixture_site / "about/index.html").read_text()
    assert 'href="contributing/"' in nav  # the About section's navigation


def test_csv_cells_never_start_like_a_formula():
    from cajd.export import to_csv

    text = to_csv(["a", "b"], [{"a": "=HYPERLINK(\"x\")", "b": "@SUM(1)"}, {"a": "-2+3", "b": "plain"}])
    assert text.splitlines()[1:] == ['"\'=HYPERLINK(""x"")",\'@SUM(1)', "'-2+3,plain"]
