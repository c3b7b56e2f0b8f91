"""Editor commands that need no MkDocs: validate the data, and more."""

from __future__ import annotations

import argparse
from pathlib import Path

from .dataset import load_dataset
from .errors import DataError


# Run a command and return its exit code; errors are printed, never raised.
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cajd", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="check data/ and print every problem as file:line: field: message")
    check.add_argument("data_dir", nargs="?", default="data", type=Path)
    basemap = sub.add_parser("make-basemap", help="derive data/geo/basemap.json from world-atlas TopoJSON files")
    basemap.add_argument("detailed", type=Path, help="countries-50m.json from the npm package world-atlas@2.0.2")
    basemap.add_argument("coarse", type=Path, help="countries-110m.json from the same package")
    basemap.add_argument("--out", type=Path, default=Path("data/geo/basemap.json"))
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.data_dir)
    if args.command == "make-basemap":
        return make_basemap(args.detailed, args.coarse, args.out)
    return 2  # pragma: no cover - argparse rejects unknown commands


# Validate a data folder; print a summary or every problem.
def validate(data_dir: Path) -> int:
    try:
        ds = load_dataset(data_dir, display_root=str(data_dir).rstrip("/"))
    except DataError as exc:
        print(exc.report())
        return 1
    print(
        f"data/ is valid: {len(ds.meetings)} meetings, {len(ds.people)} people, {len(ds.countries)} countries, "
        f"{len(ds.themes)} themes, {len(ds.plans)} action plans, {len(ds.events)} events, {len(ds.sources)} sources."
    )
    return 0


# Write the venue map's base map from Natural Earth TopoJSON.
def make_basemap(detailed: Path, coarse: Path, out: Path) -> int:
    import json

    from .geo import make_basemap as build

    text = json.dumps(build(detailed, coarse), separators=(",", ":")) + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(f"wrote {out} ({len(text):,} bytes)")
    return 0
