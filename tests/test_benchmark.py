"""Smoke test of benchmarks/build.py at N=10: the generated data validates and the table prints.

No timing is asserted: the machine is shared and noisy.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cajd.dataset import load_dataset

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import build as bench  # noqa: E402
import datagen  # noqa: E402
import measure  # noqa: E402
import report  # noqa: E402


def test_generated_data_validates(tmp_path: Path):
    counts = datagen.generate_dataset(tmp_path / "data", 10)
    ds = load_dataset(tmp_path / "data")  # raises DataError with every problem if the generator is wrong
    assert len(ds.meetings) == counts["meetings"] == 10
    assert len(ds.people) == counts["people"] and len(ds.events) == counts["events"]
    assert sum(len(f.items) for plan in ds.plans.values() for f in plan.fields) == counts["plan_items"] > 0
    expected = {c for c, country in ds.countries.items() if country.role in ("member", "partner")}
    for mt in ds.meetings.values():
        if mt.status == "held":
            assert expected <= {p.country for p in mt.participants}, mt.id
        assert mt.id.endswith(str(mt.date.year)), mt.id
    # Deterministic: the same N gives the same files.
    datagen.generate_dataset(tmp_path / "again", 10)
    for path in (tmp_path / "data").rglob("*.yml"):
        assert path.read_bytes() == (tmp_path / "again" / path.relative_to(tmp_path / "data")).read_bytes()


def test_token_goes_into_the_summary_whatever_its_style():
    for text in ("summary: >-\n  The ministers met.\n", "summary: The ministers met.\n", 'summary: "The ministers met."\n'):
        edited = measure.insert_token(f"id: x\n{text}sources: [a]\n", "tok123")
        assert "tok123 The ministers met." in edited


def test_benchmark_runs_at_n10_and_prints_the_table(tmp_path: Path, capsys):
    status = bench.main(["--sizes", "10", "--quick", "--serve", "10", "--no-real", "--keep", str(tmp_path / "work")])
    out = capsys.readouterr().out
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("| N "))
    assert [cell.strip() for cell in header.strip("|").split("|")] == report.COLUMNS
    row = next(line for line in lines if line.startswith("| 10 "))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert len(cells) == len(report.COLUMNS) and "FAILED" not in cells and "n/a" not in cells, row
    assert int(cells[1]) > 10  # pages: meetings, people, themes, countries, plans and the index pages
    assert "hooks / floor build time: 10 " in out
    assert "build / plain Material site of as many pages: 10 " in out
    assert "N=10: edit served in median" in out
    assert "Targets:" in out
    assert status == 0
