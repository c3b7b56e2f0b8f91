"""Load every file in `data/`, validate it, and check the records against each other.

`load_dataset(data_dir)` returns a `Dataset` or raises `DataError` with every
problem found, each as `data/…/file.yml:LINE: field.path: message`.
"""

from __future__ import annotations

import difflib
import json
import re
import typing
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic

from . import model as m
from .errors import DataError, Loc, Problem, format_path, show
from .kinds import KINDS, Kind
from .yamlload import MAX_BYTES, load_yaml

# ----------------------------------------------------------------------------
# The dataset
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    """Where a record was written: its file, the line of each value, its path in the file."""

    file: str
    lines: dict[Loc, int]
    prefix: Loc = ()

    def line(self, *loc: str | int) -> int:
        full = self.prefix + loc
        while full not in self.lines and full:
            full = full[:-1]
        return self.lines.get(full, 1)

    def problem(self, loc: Loc, message: str) -> Problem:
        return Problem(self.file, self.line(*loc), format_path(self.prefix + loc), message)


@dataclass
class Dataset:
    """Every validated record, by id, in a stable order: `ds.meetings`, `ds.people`, ... one
    attribute per kind of kinds.py."""

    records: dict[str, dict[str, Any]]  # kind name -> id -> record
    basemap: dict = field(default_factory=dict)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)  # kinds with a file that failed to load

    def __getattr__(self, name: str) -> dict[str, Any]:
        try:
            return self.__dict__["records"][name]
        except KeyError:
            raise AttributeError(name) from None

    def origin(self, kind: str, record_id: str) -> Origin:
        return self.origins[(kind, record_id)]


def load_dataset(data_dir: Path, display_root: str = "data") -> Dataset:
    """Load, validate and cross-check all of data/. Raises DataError with every problem."""
    problems: list[Problem] = []
    records: dict[str, dict[str, Any]] = {}
    origins: dict[tuple[str, str], Origin] = {}
    broken: set[str] = set()
    for kind in KINDS:
        records[kind.name] = {}
        if kind.file:
            _load_list(kind, data_dir, display_root, records, origins, broken, problems)
        elif kind.folder:
            _load_folder(kind, data_dir, display_root, records, origins, broken, problems)
        else:
            _derive(kind, records, origins, broken, problems)
    dataset = Dataset(
        records=records,
        basemap=_load_basemap(data_dir / "geo" / "basemap.json", f"{display_root}/geo/basemap.json", problems),
        origins=origins,
        broken=broken,
    )
    problems.extend(cross_check(dataset))
    if problems:
        raise DataError(problems)
    return dataset


def _load_list(kind: Kind, data_dir: Path, display_root: str, records, origins, broken, problems) -> None:
    """The records of a kind kept as a list in one file."""
    display = f"{display_root}/{kind.file}"
    path = data_dir / kind.file
    if not path.exists():
        problems.append(Problem(display, 1, "", f"file is missing, expected a list of {kind.list_key}"))
        broken.add(kind.name)
        return
    parsed = _load_one(path, display, kind.file_model, problems)
    if parsed is None:
        broken.add(kind.name)
        return
    data, lines = parsed
    for index, record in enumerate(getattr(data, kind.list_key)):
        _add(records[kind.name], origins, kind.name, record, Origin(display, lines, (kind.list_key, index)), problems)


def _load_folder(kind: Kind, data_dir: Path, display_root: str, records, origins, broken, problems) -> None:
    """The records of a kind kept one a file in a folder; each file is named after its record's id."""
    directory = data_dir / kind.folder
    for path in sorted(directory.glob("*")) if directory.is_dir() else []:
        display = f"{display_root}/{kind.folder}/{path.name}"
        if path.name.startswith("."):  # editor swap files and the like
            continue
        if path.suffix != ".yml":  # a meeting in a file that is not read would vanish from the site
            problems.append(Problem(display, 1, "", f"file ends in {path.suffix or 'no extension'}, expected .yml"))
            broken.add(kind.name)
            continue
        parsed = _load_one(path, display, kind.model, problems)
        if parsed is None:
            broken.add(kind.name)
            continue
        record, lines = parsed
        origin = Origin(display, lines)
        if record.id != path.stem:
            problems.append(origin.problem(("id",), f"id {record.id!r} differs from the file name, expected {path.stem!r}"))
            broken.add(kind.name)
            continue
        _add(records[kind.name], origins, kind.name, record, origin, problems)
    if kind.dated:
        records[kind.name] = dict(sorted(records[kind.name].items(), key=lambda kv: (kv[1].date, kv[0])))


def _derive(kind: Kind, records, origins, broken, problems) -> None:
    """The records of a kind found inside the records of another, with the origin of each."""
    if kind.parent in broken:
        broken.add(kind.name)  # a record in the file that failed is missing here too
    for parent_id, parent in records[kind.parent].items():
        at = origins[(kind.parent, parent_id)]
        for loc, record in kind.derive(parent):
            _add(records[kind.name], origins, kind.name, record, Origin(at.file, at.lines, at.prefix + tuple(loc)), problems)


def _load_basemap(path: Path, display: str, problems: list[Problem]) -> dict:
    """The venue map's outlines (see geo.py); a missing or broken file is a problem like any other."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValueError(f"it is over {MAX_BYTES:,} bytes")
        basemap = json.loads(path.read_text(encoding="utf-8"))
        _check_basemap(basemap)
        return basemap
    except (OSError, ValueError, RecursionError) as exc:
        problems.append(Problem(display, 1, "", f"cannot use the base map ({exc}); regenerate it with python -m cajd make-basemap"))
        return {}


def _check_basemap(basemap: object) -> None:
    """bbox: four numbers; shapes: each an id, a focus flag and rings of [lon, lat] pairs."""
    def number(x: object) -> bool:
        return isinstance(x, (int, float)) and not isinstance(x, bool)

    if not isinstance(basemap, dict) or not isinstance(basemap.get("shapes"), list):
        raise ValueError("expected a mapping with 'bbox' and 'shapes'")
    bbox = basemap.get("bbox")
    if not (isinstance(bbox, list) and len(bbox) == 4 and all(number(x) for x in bbox)):
        raise ValueError("expected 'bbox' to be four numbers")
    for shape in basemap["shapes"]:
        ok = (isinstance(shape, dict) and isinstance(shape.get("id"), str) and isinstance(shape.get("focus"), bool)
              and isinstance(shape.get("rings"), list)
              and all(isinstance(ring, list) and all(isinstance(pt, list) and len(pt) == 2 and all(number(c) for c in pt) for pt in ring)
                      for ring in shape["rings"]))
        if not ok:
            raise ValueError("expected each shape to have an 'id', a 'focus' flag and 'rings' of [lon, lat] pairs")


def _add(bucket: dict, origins: dict, kind: str, record: Any, origin: Origin, problems: list[Problem]) -> None:
    """Add a record under its id, refusing a second record with the same id."""
    if record.id in bucket:
        first = origins[(kind, record.id)]
        problems.append(origin.problem(("id",), f"duplicate id {record.id!r} (first in {first.file}:{first.line('id')}), expected a unique id"))
        return
    bucket[record.id] = record
    origins[(kind, record.id)] = origin


def _load_one(path: Path, display: str, model: type[pydantic.BaseModel], problems: list[Problem]):
    data, lines, found = load_yaml(path, display)
    if found:
        problems.extend(found)
        return None
    if not isinstance(data, dict):
        problems.append(Problem(display, 1, "", f"top level is a {type(data).__name__}, expected a mapping"))
        return None
    try:
        return model.model_validate(data), lines
    except pydantic.ValidationError as exc:
        origin = Origin(display, lines)
        problems.extend(origin.problem(tuple(err["loc"]), explain(err, model)) for err in exc.errors())
        return None


# ----------------------------------------------------------------------------
# Turning pydantic's errors into sentences for an editor
# ----------------------------------------------------------------------------


def explain(err: dict, root: type[pydantic.BaseModel]) -> str:
    """One pydantic error as 'what is wrong, what was expected'."""
    kind, loc, value = err["type"], tuple(err["loc"]), err.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        known = sorted(_fields_at(root, loc[:-1]))
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        return f"unknown field {str(loc[-1])!r}, {hint}expected one of: {', '.join(known)}"
    if kind == "literal_error":
        allowed = ", ".join(re.split(r",\s*|\s+or\s+", err["ctx"]["expected"].replace("'", "")))
        return f"{show(value)} is not allowed, expected one of: {allowed}"
    if kind == "string_pattern_mismatch":
        pattern = err["ctx"]["pattern"]
        if pattern == m.ID_PATTERN:
            return f"{show(value)} is not a valid id, expected lower-case letters, digits and single hyphens"
        if pattern == r"^[a-z]{2}$":
            return f"{show(value)} is not a two-letter lower-case code, expected e.g. 'kz'"
        return f"{show(value)} has the wrong form, expected the pattern {pattern}"
    if kind in ("string_type", "int_type", "bool_type", "list_type", "model_type", "dict_type", "int_parsing", "bool_parsing"):
        expected = {"string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
                    "bool_type": "true or false", "bool_parsing": "true or false", "list_type": "a list",
                    "model_type": "a mapping of fields", "dict_type": "a mapping of fields"}[kind]
        return f"{show(value)} is a {type(value).__name__ if value is not None else 'null'}, expected {expected}"
    if kind in ("too_short", "too_long"):
        if isinstance(value, list):
            return f"list has {len(value)} entries, expected {err['msg'].split('should have ')[-1].split(' after')[0]}"
        return err["msg"]
    if kind == "string_too_long":
        return f"text is {len(value)} characters, expected at most {err['ctx']['max_length']}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{show(value)} is out of range, expected {err['msg'].removeprefix('Input should be ')}"
    message = err["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return message


def _fields_at(root: type[pydantic.BaseModel], loc: Loc) -> set[str]:
    """The field names of the model found at `loc` inside `root`."""
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else current
        elif isinstance(current, type) and issubclass(current, pydantic.BaseModel):
            current = current.model_fields[part].annotation
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, pydantic.BaseModel):
        return set(current.model_fields)
    return set()


def _unwrap(tp: Any) -> Any:
    """Strip Optional[...] and Annotated[...] down to the model or list type."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            non_none = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = non_none[0]
        else:
            return tp


# ----------------------------------------------------------------------------
# Checks across records
# ----------------------------------------------------------------------------


def cross_check(ds: Dataset) -> list[Problem]:
    """Every reference resolves; ordinals run 1..n; hosts and rosters make sense."""
    problems: list[Problem] = []
    ref = _Refs(ds, problems)

    for cid, country in ds.countries.items():
        origin = ds.origin("countries", cid)
        ref.sources(origin, ("sources",), country.sources)
        if country.investment_agreement:
            ref.sources(origin, ("investment_agreement", "sources"), country.investment_agreement.sources)

    for pid, person in ds.people.items():
        origin = ds.origin("people", pid)
        ref.country(origin, ("country",), person.country)
        ref.sources(origin, ("sources",), person.sources)
        for i, pos in enumerate(person.positions):
            ref.sources(origin, ("positions", i, "sources"), pos.sources)

    for tid, theme in ds.themes.items():
        ref.sources(ds.origin("themes", tid), ("sources",), theme.sources)

    for place_id, place in ds.places.items():
        origin = ds.origin("places", place_id)
        ref.country(origin, ("country",), place.country)
        ref.sources(origin, ("sources",), place.sources)

    for eid, event in ds.events.items():
        origin = ds.origin("events", eid)
        ref.sources(origin, ("sources",), event.sources)
        for i, t in enumerate(event.themes):
            ref.theme(origin, ("themes", i), t)
        for i, c in enumerate(event.countries):
            ref.country(origin, ("countries", i), c)
        for i, p in enumerate(event.people):
            ref.person(origin, ("people", i), p)
        if event.meeting:
            ref.meeting(origin, ("meeting",), event.meeting)
        for i, d in enumerate(event.disputes):
            for j, acc in enumerate(d.accounts):
                ref.sources(origin, ("disputes", i, "accounts", j, "sources"), acc.sources)

    for mid, meeting in ds.meetings.items():
        problems.extend(_check_meeting(ds, ref, mid, meeting))
    problems.extend(_check_ordinals(ds))

    for plan_id, plan in ds.plans.items():
        problems.extend(_check_plan(ds, ref, plan_id, plan))
    return problems


class _Refs:
    """Resolves references and records a problem for each one that does not."""

    def __init__(self, ds: Dataset, problems: list[Problem]):
        self.ds, self.problems = ds, problems

    def _check(self, origin: Origin, loc: Loc, value: str, kind: str, what: str) -> bool:
        known = getattr(self.ds, kind)
        if value in known:
            return True
        if kind in self.ds.broken:  # its file failed; that error is already reported
            return False
        names = sorted(known)
        close = difflib.get_close_matches(value, names, n=1)
        if len(names) <= 12:
            expected = f"known: {', '.join(names)}"
        else:
            expected = f"did you mean {close[0]!r}?" if close else f"expected one of the {len(names)} ids in data/"
        self.problems.append(origin.problem(loc, f"unknown {what} {value!r} ({expected})"))
        return False

    def country(self, origin, loc, value):
        return self._check(origin, loc, value, "countries", "country")

    def person(self, origin, loc, value):
        return self._check(origin, loc, value, "people", "person")

    def theme(self, origin, loc, value):
        return self._check(origin, loc, value, "themes", "theme")

    def meeting(self, origin, loc, value):
        return self._check(origin, loc, value, "meetings", "meeting")

    def event(self, origin, loc, value):
        return self._check(origin, loc, value, "events", "event")

    def plan(self, origin, loc, value):
        return self._check(origin, loc, value, "plans", "action plan")

    def sources(self, origin, loc, values):
        for i, value in enumerate(values):
            self._check(origin, loc + (i,), value, "sources", "source")
        for dup in sorted(v for v, n in Counter(values).items() if n > 1):
            self.problems.append(origin.problem(loc, f"source {dup!r} is listed twice, expected each once"))


def _check_meeting(ds: Dataset, ref: _Refs, mid: str, meeting: m.Meeting) -> list[Problem]:
    problems: list[Problem] = []
    origin = ds.origin("meetings", mid)
    ref.sources(origin, ("sources",), meeting.sources)
    year_in_id = re.findall(r"(?:^|-)((?:19|20)\d\d)(?:-|$)", mid)
    if year_in_id and int(year_in_id[-1]) != meeting.date.year:
        problems.append(origin.problem(("date",), f"date {meeting.date} is not in {year_in_id[-1]}, the year in the id {mid!r}"))
    for loc_name, value in (("country", meeting.country), ("chair_country", meeting.chair_country)):
        if value and ref.country(origin, (loc_name,), value):
            if ds.countries[value].role not in ("member", "partner"):
                problems.append(origin.problem((loc_name,), f"{value!r} is a {ds.countries[value].role}, expected a member country or Japan"))
    if meeting.city and "places" not in ds.broken and not any(
        p.name == meeting.city and p.country == meeting.country for p in ds.places.values()
    ):
        problems.append(origin.problem(("city",), f"no place {meeting.city!r} in {meeting.country!r}, expected an entry in data/places.yml with its coordinates"))
    for i, t in enumerate(meeting.themes):
        ref.theme(origin, ("themes", i), t)
    chairs = [i for i, p in enumerate(meeting.participants) if p.chair]
    if len(chairs) > 1:
        problems.append(origin.problem(("participants", chairs[1], "chair"), "a second chair, expected one chair per meeting"))
    for i, p in enumerate(meeting.participants):
        loc = ("participants", i)
        ref.sources(origin, loc + ("sources",), p.sources)
        if ref.country(origin, loc + ("country",), p.country) and p.person and ref.person(origin, loc + ("person",), p.person):
            home = ds.people[p.person].country
            if home != p.country:
                problems.append(origin.problem(loc + ("person",), f"{p.person!r} is from {home!r}, expected a person from {p.country!r}"))
    if meeting.status == "held" and "countries" not in ds.broken:
        listed = {p.country for p in meeting.participants}
        expected = [c for c, country in ds.countries.items() if country.role in ("member", "partner")]
        for missing in [c for c in expected if c not in listed]:
            problems.append(origin.problem(("participants",), f"no entry for {missing!r}, expected every member country and Japan (use status: absent or unknown)"))
    for i, doc in enumerate(meeting.documents):
        ref.sources(origin, ("documents", i, "sources"), doc.sources)
        if doc.action_plan and ref.plan(origin, ("documents", i, "action_plan"), doc.action_plan):
            if ds.plans[doc.action_plan].meeting != mid:
                problems.append(origin.problem(("documents", i, "action_plan"), f"plan {doc.action_plan!r} was adopted at {ds.plans[doc.action_plan].meeting!r}, not here"))
    for i, h in enumerate(meeting.highlights):
        ref.sources(origin, ("highlights", i, "sources"), h.sources)
    for i, d in enumerate(meeting.disputes):
        for j, acc in enumerate(d.accounts):
            ref.sources(origin, ("disputes", i, "accounts", j, "sources"), acc.sources)
    return problems


def _check_ordinals(ds: Dataset) -> list[Problem]:
    """Within each kind, held meetings are numbered 1..n in date order, with no gap or repeat."""
    problems: list[Problem] = []
    by_kind: dict[str, list[m.Meeting]] = {}
    for meeting in ds.meetings.values():
        if meeting.ordinal is not None:
            by_kind.setdefault(meeting.kind, []).append(meeting)
    for kind, meetings in by_kind.items():
        seen: dict[int, str] = {}
        for meeting in meetings:
            origin = ds.origin("meetings", meeting.id)
            if meeting.ordinal in seen:
                problems.append(origin.problem(("ordinal",), f"ordinal {meeting.ordinal} is also used by {seen[meeting.ordinal]!r}, expected a unique ordinal"))
            seen.setdefault(meeting.ordinal, meeting.id)
        if "meetings" in ds.broken:  # a file that failed may hold the missing number
            continue
        for expected, meeting in enumerate(sorted(meetings, key=lambda x: x.date), start=1):
            if meeting.ordinal != expected and len(seen) == len(meetings):
                origin = ds.origin("meetings", meeting.id)
                problems.append(origin.problem(("ordinal",), f"ordinal {meeting.ordinal} breaks the sequence, expected {expected} (ordinals run 1, 2, 3… in date order within '{kind}')"))
    return problems


def _check_plan(ds: Dataset, ref: _Refs, plan_id: str, plan: m.ActionPlan) -> list[Problem]:
    problems: list[Problem] = []
    origin = ds.origin("plans", plan_id)
    ref.sources(origin, ("sources",), plan.sources)
    if ref.meeting(origin, ("meeting",), plan.meeting) and ds.meetings[plan.meeting].date != plan.date:
        problems.append(origin.problem(("date",), f"date {plan.date} differs from its meeting's date {ds.meetings[plan.meeting].date}"))
    item_ids: dict[str, Loc] = {}
    for fi, fld in enumerate(plan.fields):
        ref.theme(origin, ("fields", fi, "theme"), fld.theme)
        for ii, item in enumerate(fld.items):
            loc = ("fields", fi, "items", ii)
            if item.id in item_ids:
                problems.append(origin.problem(loc + ("id",), f"item id {item.id!r} is used twice in this plan, expected unique item ids"))
            item_ids[item.id] = loc
            ref.sources(origin, loc + ("sources",), item.sources)
            if item.theme:
                ref.theme(origin, loc + ("theme",), item.theme)
            for ci, c in enumerate(item.countries):
                ref.country(origin, loc + ("countries", ci), c)
            for pi, prog in enumerate(item.progress):
                ref.sources(origin, loc + ("progress", pi, "sources"), prog.sources)
                if prog.meeting:
                    ref.meeting(origin, loc + ("progress", pi, "meeting"), prog.meeting)
                if prog.event:
                    ref.event(origin, loc + ("progress", pi, "event"), prog.event)
            if item.continues:
                other_plan, other_item = item.continues.split("/")
                target = ds.plans.get(other_plan)
                if target is None or other_plan == plan_id:
                    problems.append(origin.problem(loc + ("continues",), f"unknown earlier plan {other_plan!r}, expected plan-id/item-id of another plan"))
                elif other_item not in {it.id for f in target.fields for it in f.items}:
                    problems.append(origin.problem(loc + ("continues",), f"plan {other_plan!r} has no item {other_item!r}"))
                elif target.date >= plan.date:
                    problems.append(origin.problem(loc + ("continues",), f"{item.continues!r} is not earlier than this plan"))
    for i, d in enumerate(plan.disputes):
        for j, acc in enumerate(d.accounts):
            ref.sources(origin, ("disputes", i, "accounts", j, "sources"), acc.sources)
    return problems
