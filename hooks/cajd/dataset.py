"""Load every file in `data/` as kinds.py declares it, validate it, and check the records against each other.

`load_dataset(data_dir)` returns a `Dataset` or raises `DataError` with every
problem found, each as `data/…/file.yml:LINE: field.path: message`. The messages
come from messages.py, the checks across records from checks.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pydantic

from .checks import cross_check
from .errors import DataError, Loc, Problem, format_path
from .kinds import KINDS, Kind
from .messages import explain_all
from .languages import DEFAULT, Locale
from .yamlload import MAX_BYTES, load_yaml

YamlReader = Callable[[Path, str], tuple[Any, dict[Loc, int], list[Problem]]]  # yamlload.load_yaml's signature
Validator = Callable[[type[pydantic.BaseModel], Any], pydantic.BaseModel]  # model.model_validate(data)

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
    locale: Locale = field(default_factory=lambda: Locale(DEFAULT))  # its language: the words put around the data

    def __post_init__(self) -> None:
        for name, records in self.records.items():  # ds.meetings is ds.records["meetings"]
            if name in self.__dict__:
                raise ValueError(f"a record kind may not be named {name!r}: the Dataset has a field of that name")
            self.__dict__[name] = records

    def origin(self, kind: str, record_id: str) -> Origin:
        return self.origins[(kind, record_id)]


def load_dataset(data_dir: Path, display_root: str = "data", read: YamlReader = load_yaml,
                 validate: Validator | None = None) -> Dataset:
    """Load, validate and cross-check all of data/. Raises DataError with every problem.

    `read` reads one YAML file as yamlload.load_yaml does (the hooks give one that reuses the last
    rebuild's parse of a file whose bytes are unchanged), and `validate(model, data)` validates its data as
    model.model_validate does (the hooks give one that reuses the last rebuild's record of the same parse)."""
    validate = validate or (lambda model, data: model.model_validate(data))
    problems: list[Problem] = []
    records: dict[str, dict[str, Any]] = {}
    origins: dict[tuple[str, str], Origin] = {}
    broken: set[str] = set()
    for kind in KINDS:
        records[kind.name] = {}
        if kind.file:
            _load_list(kind, data_dir, display_root, records, origins, broken, problems, read, validate)
        elif kind.folder:
            _load_folder(kind, data_dir, display_root, records, origins, broken, problems, read, validate)
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


def _load_list(kind: Kind, data_dir: Path, display_root: str, records, origins, broken, problems, read: YamlReader,
               validate: Validator) -> None:
    """The records of a kind kept as a list in one file."""
    display = f"{display_root}/{kind.file}"
    path = data_dir / kind.file
    if not path.exists():
        problems.append(Problem(display, 1, "", f"file is missing, expected a list of {kind.list_key}"))
        broken.add(kind.name)
        return
    parsed = _load_one(path, display, kind.file_model, problems, read, validate)
    if parsed is None:
        broken.add(kind.name)
        return
    data, lines = parsed
    for index, record in enumerate(getattr(data, kind.list_key)):
        _add(records[kind.name], origins, kind.name, record, Origin(display, lines, (kind.list_key, index)), problems)


def _load_folder(kind: Kind, data_dir: Path, display_root: str, records, origins, broken, problems, read: YamlReader,
                 validate: Validator) -> None:
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
        parsed = _load_one(path, display, kind.model, problems, read, validate)
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


def _load_one(path: Path, display: str, model: type[pydantic.BaseModel], problems: list[Problem], read: YamlReader,
              validate: Validator):
    data, lines, found = read(path, display)
    if found:
        problems.extend(found)
        return None
    if not isinstance(data, dict):
        problems.append(Problem(display, 1, "", f"top level is a {type(data).__name__}, expected a mapping"))
        return None
    try:
        return validate(model, data), lines
    except pydantic.ValidationError as exc:
        origin = Origin(display, lines)
        problems.extend(origin.problem(loc, message) for loc, message in explain_all(exc.errors(), model))
        return None
