"""`python -m cajd new-meeting`: a new meeting file with every required field, the next number, and no overwriting."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cajd import cli, schema, scaffold
from cajd import model as m
from cajd.dataset import load_dataset
from cajd.errors import DataError
from cajd.render import render_site

from conftest import FIXTURE_DATA, ROOT


@pytest.fixture
def data(tmp_path: Path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, dest)
    return dest


def new(data: Path, *args: str) -> int:
    return cli.main(["new-meeting", "--data-dir", str(data), *args])


def fill_in(path: Path) -> None:
    """What an editor does next: real text for every TODO and a source."""
    text = path.read_text()
    text = re.sub(r'"TODO: [^"]*"', '"Not named in the sources found."', text)
    text = text.replace("sources: []  # TODO", "sources: [diplomat-2019]  #")
    path.write_text(text)


def test_new_meeting_has_the_next_number_every_required_field_and_a_roster(data: Path, capsys):
    assert new(data, "--date", "2026-05-20", "--city", "Dushanbe", "--country", "tj") == 0
    out = capsys.readouterr().out
    path = data / "meetings/02-dushanbe-2026.yml"
    assert f"wrote {path}" in out and "Next:" in out and "make validate" not in out and ".venv/bin/python -m cajd validate" in out
    text = path.read_text()
    assert text.split("\n", 1)[0] == schema.modeline("meetings/02-dushanbe-2026.yml")
    record = yaml.safe_load(text)
    assert record["id"] == "02-dushanbe-2026" and record["ordinal"] == 2 and record["kind"] == "foreign-ministers"
    assert (record["date"], record["format"], record["city"], record["country"]) == ("2026-05-20", "in-person", "Dushanbe", "tj")
    assert [(p["country"], p["status"]) for p in record["participants"]] == [("jp", "unknown"), ("kz", "unknown"), ("tj", "unknown")]
    assert all(p["note"].startswith("TODO") for p in record["participants"])
    required = {name for name, f in m.Meeting.model_fields.items() if f.is_required()}
    assert required <= set(record)


def test_validate_then_lists_only_what_is_left_to_fill_in(data: Path):
    assert new(data, "--date", "2026-05-20", "--city", "Dushanbe", "--country", "tj") == 0
    with pytest.raises(DataError) as info:
        load_dataset(data)
    problems = [str(p) for p in info.value.problems]
    assert all(p.startswith("data/meetings/02-dushanbe-2026.yml:") for p in problems), problems
    assert all("placeholder text 'TODO'" in p or "sources: list has 0 entries" in p for p in problems), problems
    assert len(problems) == 5  # summary, three participants, sources


def test_filled_in_meeting_validates_and_renders(data: Path):
    assert new(data, "--date", "2026-05-20", "--city", "Dushanbe", "--country", "tj") == 0
    fill_in(data / "meetings/02-dushanbe-2026.yml")
    ds = load_dataset(data)
    assert ds.meetings["02-dushanbe-2026"].ordinal == 2
    assert any(p.src_uri == "meetings/02-dushanbe-2026.md" for p in render_site(ds))


def test_online_special_meeting(data: Path):
    assert new(data, "--date", "2021-03-01", "--country", "jp", "--kind", "special", "--format", "video") == 0
    path = data / "meetings/special-online-2021.yml"
    record = yaml.safe_load(path.read_text())
    assert "ordinal" not in record and record["chair_country"] == "jp" and "city" not in record
    fill_in(path)
    assert load_dataset(data).meetings["special-online-2021"].format == "video"


def test_summit_numbering_and_any_city_text_is_quoted(data: Path, capsys):
    city = 'Port "Nova": #1'
    assert new(data, "--date", "2027-01-02", "--city", city, "--country", "kz", "--kind", "summit") == 0
    out = capsys.readouterr().out
    assert "not in data/places.yml" in out
    record = yaml.safe_load((data / "meetings/summit-01-port-nova-1-2027.yml").read_text())
    assert record["city"] == city and record["ordinal"] == 1


def test_refuses_to_overwrite(data: Path, capsys):
    assert new(data, "--date", "2026-05-20", "--city", "Dushanbe", "--country", "tj") == 0
    path = data / "meetings/02-dushanbe-2026.yml"
    path.write_text(path.read_text() + "# edited\n")
    before = path.read_text()
    capsys.readouterr()
    assert new(data, "--date", "2026-05-20", "--city", "Dushanbe", "--country", "tj") == 1
    assert "nothing was written" in capsys.readouterr().err
    assert path.read_text() == before
    planned = scaffold.plan_meeting(data, date="2026-06-01", city="Dushanbe", country="tj")
    existing = data / planned.relative
    existing.write_text("keep me\n")
    with pytest.raises(scaffold.ScaffoldError, match="exists already"):
        scaffold.write_meeting(data, planned)
    assert existing.read_text() == "keep me\n"


@pytest.mark.parametrize("args,message", [
    (["--date", "2026-02-30", "--city", "Dushanbe", "--country", "tj"], "not a real day"),
    (["--date", "2026-05", "--city", "Dushanbe", "--country", "tj"], "not a real day"),
    (["--date", "2026-05-20", "--city", "Kabul", "--country", "af"], "not Japan or a member"),
    (["--date", "2026-05-20", "--country", "tj"], "needs --city"),
    (["--date", "2026-05-20", "--city", "Tokyo", "--country", "jp", "--format", "video"], "no city"),
])
def test_bad_requests_are_refused_with_a_reason(data: Path, capsys, args, message):
    assert new(data, *args) == 1
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in (data / "meetings").iterdir()) == ["07-dushanbe-2019.yml"]


def test_command_line_entry_point(data: Path):
    result = subprocess.run(
        [sys.executable, "-m", "cajd", "new-meeting", "--date", "2026-05-20", "--city", "Dushanbe", "--country", "tj",
         "--data-dir", str(data)],
        capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "hooks"), "PATH": ""}, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (data / "meetings/02-dushanbe-2026.yml").exists()
