"""The dataset as downloads: one JSON file with everything, CSV tables, and one JSON file per record.

Pure functions from a `Dataset` to text. The output is deterministic: keys are
sorted, records come in a fixed order (dated records by date, the rest by id),
JSON ends with a newline and CSV rows end with CRLF as RFC 4180 asks.
The hooks publish `downloads(ds)` under /data/ as generated files.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, TypeAdapter

from . import formats_view, kinds, labels, schema
from .dataset import Dataset

DATASET_JSON = "data/cajd.json"
MEETINGS_CSV = "data/meetings.csv"
PARTICIPANTS_CSV = "data/participants.csv"
PLAN_ITEMS_CSV = "data/plan-items.csv"
EVENTS_CSV = "data/events.csv"
FORMATS_CSV = "data/formats.csv"
FORMAT_MEETINGS_CSV = "data/format-meetings.csv"

SCHEMAS = f"data/{schema.SCHEMA_FOLDER}"  # the JSON Schema of each kind of file; a record's JSON matches its kind's schema
LIST_SEPARATOR = ";"  # between ids in one CSV cell; ids never contain it


def record_uri(kind: str, record_id: str) -> str:
    """Where a record's own JSON file is published: ('plans', 'x') -> 'data/action-plans/x.json'."""
    folder = kinds.kind(kind).download
    if folder is None:
        raise KeyError(f"records of {kind!r} have no JSON file of their own")
    return f"data/{folder}/{record_id}.json"


def schema_uri(name: str) -> str:
    """Where the JSON Schema of a kind of data file is published: 'meeting' -> 'data/schema/meeting.json'."""
    return f"{SCHEMAS}/{name}.json"


# ----------------------------------------------------------------------------
# JSON
# ----------------------------------------------------------------------------


def _ordered(ds: Dataset, attr: str) -> list[BaseModel]:
    records = getattr(ds, attr)
    if kinds.kind(attr).dated:
        return [records[k] for k in sorted(records, key=lambda k: (records[k].date.sort_key, k))]
    return [records[k] for k in sorted(records)]


def to_json(data: Any) -> str:
    """JSON as the downloads are written: two-space indent, UTF-8 text, a final newline.

    Models and plain data alike; pydantic writes it (in Rust, several times faster than
    the json module with an indent), fields in the order of the data model.
    """
    return _ANY.dump_json(data, indent=2).decode("utf-8") + "\n"


def record_json(record: BaseModel) -> str:
    """One record; every field is present, unset ones as null or []."""
    return record.model_dump_json(indent=2) + "\n"


def dataset_json(ds: Dataset) -> str:
    return to_json({kind.data_key: _ordered(ds, kind.name) for kind in kinds.KINDS})


_ANY = TypeAdapter(Any)


# ----------------------------------------------------------------------------
# CSV
# ----------------------------------------------------------------------------

MEETING_COLUMNS = [
    "id", "title", "kind", "ordinal", "status", "date", "end_date", "format", "city", "venue",
    "country", "chair_country", "themes", "summary", "sources", "note",
]
PARTICIPANT_COLUMNS = [
    "meeting", "meeting_date", "country", "status", "person", "person_name", "role", "title",
    "chair", "certainty", "note", "sources",
]
PLAN_ITEM_COLUMNS = [
    "plan", "plan_date", "field", "field_title", "item", "theme", "text", "countries", "continues",
    "progress_meetings", "progress_events", "certainty", "note", "sources",
]
EVENT_COLUMNS = [
    "id", "date", "end_date", "kind", "title", "summary", "city", "meeting", "themes", "countries",
    "people", "certainty", "note", "sources",
]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(x) for x in value)
    if hasattr(value, "value"):  # an Enum such as Certainty
        return str(value.value)
    text = str(value)
    # A spreadsheet would run a cell that starts like a formula; a leading apostrophe keeps it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(columns: list[str], rows: Iterable[dict[str, Any]]) -> str:
    """A header row, then one row per dict; every field quoted only when needed."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
    return out.getvalue()


def meetings_csv(ds: Dataset) -> str:
    rows = (
        {**{c: getattr(mt, c, None) for c in MEETING_COLUMNS}, "title": labels.meeting_title(mt)}
        for mt in _ordered(ds, "meetings")
    )
    return to_csv(MEETING_COLUMNS, rows)


def participants_csv(ds: Dataset) -> str:
    """One row per meeting and participant entry, in the order of the meeting's file."""
    rows = (
        {
            "meeting": mt.id, "meeting_date": mt.date, "country": p.country, "status": p.status,
            "person": p.person, "person_name": ds.people[p.person].name if p.person else None,
            "role": p.role, "title": p.title, "chair": p.chair, "certainty": p.certainty,
            "note": p.note, "sources": p.sources,
        }
        for mt in _ordered(ds, "meetings")
        for p in mt.participants
    )
    return to_csv(PARTICIPANT_COLUMNS, rows)


def plan_items_csv(ds: Dataset) -> str:
    """One row per item of every Action Plan; `theme` is the item's own or its field's."""
    rows = (
        {
            "plan": plan.id, "plan_date": plan.date, "field": f.id, "field_title": f.title, "item": item.id,
            "theme": item.theme or f.theme, "text": item.text, "countries": item.countries, "continues": item.continues,
            "progress_meetings": [p.meeting for p in item.progress if p.meeting],
            "progress_events": [p.event for p in item.progress if p.event],
            "certainty": item.certainty, "note": item.note, "sources": item.sources,
        }
        for plan in _ordered(ds, "plans")
        for f in plan.fields
        for item in f.items
    )
    return to_csv(PLAN_ITEM_COLUMNS, rows)


def events_csv(ds: Dataset) -> str:
    rows = ({c: getattr(ev, c) for c in EVENT_COLUMNS} for ev in _ordered(ds, "events"))
    return to_csv(EVENT_COLUMNS, rows)


# ----------------------------------------------------------------------------
# Everything published under /data/
# ----------------------------------------------------------------------------


def downloads(ds: Dataset, schemas: dict[str, str] | None = None) -> dict[str, str]:
    """Path under the site root -> content, for every file published under /data/ (`schemas`: schema.schema_files(),
    if already made)."""
    files = {
        DATASET_JSON: dataset_json(ds),
        MEETINGS_CSV: meetings_csv(ds),
        PARTICIPANTS_CSV: participants_csv(ds),
        PLAN_ITEMS_CSV: plan_items_csv(ds),
        EVENTS_CSV: events_csv(ds),
        **formats_csv(ds),
    }
    for kind in kinds.KINDS:
        if kind.download:
            for record in _ordered(ds, kind.name):
                files[record_uri(kind.name, record.id)] = record_json(record)
    for name, text in (schema.schema_files() if schemas is None else schemas).items():
        files[f"{SCHEMAS}/{name}"] = text
    return files


def _item_lists(ds: Dataset) -> Iterable[list]:
    return (f.items for plan in ds.plans.values() for f in plan.fields)


@dataclass(frozen=True)
class Download:
    path: str
    description: str
    records: int


def listing(ds: Dataset) -> list[Download]:
    """The whole-dataset downloads with what each holds, for the contributing page."""
    counts = {
        DATASET_JSON: sum(len(getattr(ds, kind.name)) for kind in kinds.KINDS),
        MEETINGS_CSV: len(ds.meetings),
        PARTICIPANTS_CSV: sum(len(mt.participants) for mt in ds.meetings.values()),
        PLAN_ITEMS_CSV: sum(len(item_list) for item_list in _item_lists(ds)),
        EVENTS_CSV: len(ds.events),
        FORMATS_CSV: len(ds.formats),
        FORMAT_MEETINGS_CSV: sum(len(fv.marks) for fv in formats_view.format_views(ds)),
    }
    return [Download(path, DESCRIPTIONS[path], counts[path]) for path in DESCRIPTIONS]


# What the contributing page says about each download.
DESCRIPTIONS = {
    DATASET_JSON: "Everything: sources, countries, people, themes, eras, places, events, meetings, Action Plans "
    "and the Central Asia + X formats, each record with every field of the data model.",
    MEETINGS_CSV: "One row per meeting.",
    PARTICIPANTS_CSV: "One row per meeting and country entry: who represented it, at what level, with what title.",
    PLAN_ITEMS_CSV: "One row per item of an Action Plan.",
    EVENTS_CSV: "One row per event of the timeline outside the meetings.",
    FORMATS_CSV: "One row per Central Asia + X format: the comparison, with the date each count runs to.",
    FORMAT_MEETINGS_CSV: "One row per meeting of every Central Asia + X format (Japan's from the meetings above).",
}


def formats_csv(ds: Dataset) -> dict[str, str]:
    """The comparison of the formats and all their meetings, as two tables."""
    views = formats_view.format_views(ds)
    return {
        FORMATS_CSV: to_csv(formats_view.COMPARISON_COLUMNS, formats_view.comparison_rows(views)),
        FORMAT_MEETINGS_CSV: to_csv(formats_view.MEETING_COLUMNS, formats_view.meeting_rows(views)),
    }
