"""Editor commands that need no MkDocs: validate the data, and more."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import scaffold
from .dataset import load_dataset
from .errors import DataError
from .schema import SCHEMA_FOLDER, schema_files


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
    schema = sub.add_parser("schema", help="write the JSON Schema of each kind of data file to data/schema/")
    schema.add_argument("data_dir", nargs="?", default="data", type=Path)
    new = sub.add_parser("new-meeting", help="scaffold data/meetings/<id>.yml for a new meeting, with every required field")
    new.add_argument("--date", required=True, help="first day, YYYY-MM-DD")
    new.add_argument("--country", required=True, help="host country id (the chair for a video meeting), e.g. kz")
    new.add_argument("--city", help="city of an in-person meeting, as in data/places.yml")
    new.add_argument("--kind", default="foreign-ministers", choices=scaffold.MEETING_KINDS)
    new.add_argument("--format", default="in-person", choices=scaffold.FORMATS)
    new.add_argument("--data-dir", default="data", type=Path)
    build_all = sub.add_parser("build-all", help="build the site in every language: site/, site/ja/, site/ru/")
    build_all.add_argument("--jobs", type=int, default=None, help="builds at a time (default: all languages at once)")
    status = sub.add_parser("i18n-status", help="how much of data/ each language translates, per file")
    status.add_argument("data_dir", nargs="?", default="data", type=Path)
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.data_dir)
    if args.command == "make-basemap":
        return make_basemap(args.detailed, args.coarse, args.out)
    if args.command == "schema":
        return write_schema(args.data_dir)
    if args.command == "new-meeting":
        return new_meeting(args.data_dir, date=args.date, country=args.country, city=args.city, kind=args.kind,
                           format=args.format)
    if args.command == "build-all":
        from .multibuild import build_all as run_builds

        return run_builds(Path.cwd(), jobs=args.jobs)
    if args.command == "i18n-status":
        return i18n_status(args.data_dir)
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


# Write data/schema/<kind>.json from the models; report which files changed.
def write_schema(data_dir: Path) -> int:
    folder = data_dir / SCHEMA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in schema_files().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            changed.append(name)
    print(f"wrote {folder}/: {', '.join(changed)}" if changed else f"{folder}/ is up to date")
    return 0


# Scaffold a meeting file and say what to do next.
def new_meeting(data_dir: Path, **request) -> int:
    try:
        new = scaffold.plan_meeting(data_dir, **request)
        path = scaffold.write_meeting(data_dir, new)
    except scaffold.ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    number = f"number {new.ordinal}, " if new.ordinal else ""
    print(f"wrote {path} ({number}id {new.meeting_id})")
    for warning in new.warnings:
        print(f"warning: {warning}")
    validate = "make validate" if data_dir == Path("data") else f".venv/bin/python -m cajd validate {data_dir}"
    print(f"""
Next:
  1. Open the new file and replace every TODO: the summary, the sources, and
     for each country who represented it (person, role, title, sources) or
     what is known.
  2. Add any new person to people.yml, any new source to sources.yml and a new
     city to places.yml (with its coordinates), all in {data_dir}/.
  3. Run `{validate}` until it says the data is valid: it names
     the file and line of everything left to do.
  4. Run `make serve` and open the page meetings/{new.meeting_id}/.
The site's page About > Contributing explains every field.""")
    return 0


# Print each language's coverage of data/, per file; 1 when the data or a translation has a problem.
def i18n_status(data_dir: Path) -> int:
    from .languages import DEFAULT, LANGUAGES
    from .translation import translate

    try:
        ds = load_dataset(data_dir, display_root=str(data_dir).rstrip("/"))
        translated = [translate(ds, data_dir, code, display_root=str(data_dir).rstrip("/")) for code in LANGUAGES if code != DEFAULT]
    except DataError as exc:
        print(exc.report())
        return 1
    for t in translated:
        print(f"{LANGUAGES[t.lang].name} ({t.lang}): {t.done} of {t.total} texts translated ({_percent(t.done, t.total)})")
        for c in t.coverage:
            where = f"{data_dir}/i18n/{t.lang}/{c.path}" if c.exists else f"{data_dir}/i18n/{t.lang}/{c.path} (no file yet)"
            print(f"  {_percent(c.done, c.total):>5}  {c.done:4} / {c.total:<4} {where}")
    return 0


def _percent(done: int, total: int) -> str:
    value = 100.0 if not total else 100.0 * done / total
    return f"{value:.0f}%" if value in (0.0, 100.0) or done == total else f"{min(value, 99.9):.1f}%"
