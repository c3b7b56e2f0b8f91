"""Translations of the data: `data/i18n/<lang>/`, mirroring `data/` by path.

English is the authoritative text. A translation file holds only the text fields
of the English records (every field the model types as `Line` or `Text`): a list
whose entries have an `id` becomes a mapping keyed by id, every other list keeps
the English order and length (`{}` for an entry with nothing to translate).
People, countries and places may add `aliases` (other spellings, for search) and,
with a translated `name`, `name_sources` (the sources that show that spelling) or
`name_note` (why no source is given).

`translate(ds, data_dir, lang, mark)` checks every translation file against the
English records, reports each problem as `data/i18n/<lang>/…yml:LINE: field:
message`, and returns the dataset with the translated text laid over the English.
A field left untranslated keeps its English text as an `Untranslated` string,
which renders in HTML marked `lang="en"` and "not yet translated".
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic

from . import model as m
from . import kinds
from .dataset import Dataset, Origin
from .errors import DataError, Loc, Problem, show
from .languages import Locale, Untranslated
from .yamlload import load_yaml

I18N_FOLDER = "i18n"
PAGES_FOLDER = "pages"  # hand-written pages: data/i18n/<lang>/pages/about/index.md translates docs/about/index.md
NOT_TRANSLATED = {"sources.yml", "geo"}  # a source's title is its own; the map has no text

# Fields that the types mark as text but that are not translated: they already hold another language's wording.
UNTRANSLATED_FIELDS = frozenset({"title_ja"})
FREE_LISTS = frozenset({"aliases"})  # other spellings in the language: any length, added to the English ones
NAME_EXTRAS = ("name_sources", "name_note")  # with a translated `name`: where that spelling is written




# ----------------------------------------------------------------------------
# Which fields a model lets a translation set
# ----------------------------------------------------------------------------

TEXT, TEXTS, RECORD, RECORDS = "text", "texts", "record", "records"


@dataclass(frozen=True)
class Slot:
    """One translatable field: its shape, and for TEXT(S) the type that checks it, for RECORD(S) the model."""

    shape: str
    type: Any
    keyed: bool = False  # RECORDS whose entries have an id: a mapping keyed by id


def _text_type(tp: Any) -> Any | None:
    """Line or Text, if `tp` is (an optional) one of them."""
    for text in (m.Line, m.Text):
        if _same_annotated(tp, text):
            return text
    return None


def _same_annotated(tp: Any, alias: Any) -> bool:
    if typing.get_origin(tp) is not typing.Annotated:
        return False
    return [id(a) for a in typing.get_args(tp)[1:]] == [id(a) for a in typing.get_args(alias)[1:]]


def _optional(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


# Kept for the process: a function of the code (a model class), dropped with the module when serve imports it afresh.
@functools.cache
def slots(model: type[pydantic.BaseModel]) -> dict[str, Slot]:
    """The translatable fields of a model, in its field order."""
    found: dict[str, Slot] = {}
    for name, info in model.model_fields.items():
        if name in UNTRANSLATED_FIELDS:
            continue
        tp = typing.Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        tp = _optional(tp)
        if (text := _text_type(tp)) is not None:
            found[name] = Slot(TEXT, text)
            continue
        while typing.get_origin(tp) is typing.Annotated:  # constraints such as min_length
            tp = _optional(typing.get_args(tp)[0])
        if typing.get_origin(tp) is list:
            (inner,) = typing.get_args(tp)
            if (text := _text_type(inner)) is not None:
                found[name] = Slot(TEXTS, text)
            elif _is_model(inner) and slots(inner):
                # Keyed by id where every entry has one (an optional id, as on documents, keeps the list form).
                keyed = "id" in inner.model_fields and inner.model_fields["id"].is_required()
                found[name] = Slot(RECORDS, inner, keyed=keyed)
        elif _is_model(tp) and slots(tp):
            found[name] = Slot(RECORD, tp)
    return found


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, pydantic.BaseModel)


def has_name_extras(model: type[pydantic.BaseModel]) -> bool:
    """People, countries and places: a translated name says where that spelling is written."""
    return model in (m.Person, m.Country, m.Place)


# ----------------------------------------------------------------------------
# The translation files and the English records they translate
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """An English file that a translation file may translate."""

    path: str  # relative to data/, e.g. 'people.yml' or 'meetings/07-dushanbe-2019.yml'
    kind: str  # the dataset's kind, e.g. 'people'
    list_key: str | None  # the list inside a single-list file; None for a file with one record
    record_id: str | None = None


def targets(ds: Dataset) -> dict[str, Target]:
    """Every English data file that can be translated, by its path under data/."""
    found: dict[str, Target] = {}
    for kind in _translated_kinds():
        if kind.file:
            found[kind.file] = Target(kind.file, kind.name, kind.list_key)
        else:
            for record_id in getattr(ds, kind.name):
                path = f"{kind.folder}/{record_id}.yml"
                found[path] = Target(path, kind.name, None, record_id)
    return found


def _translated_kinds() -> list[kinds.Kind]:
    """The kinds written in data/ whose text is translated: all but the sources."""
    return [k for k in kinds.KINDS if (k.file and k.file not in NOT_TRANSLATED) or k.folder]


@dataclass(frozen=True)
class Spelling:
    """Where a translated name is written: the sources that show it, or a note saying none was found."""

    sources: tuple[str, ...]
    note: str | None

    @property
    def unconfirmed(self) -> bool:
        return not self.sources


@dataclass
class FileCoverage:
    """How much of one English file a language translates."""

    path: str  # the English file under data/
    total: int = 0  # text values in the English file
    done: int = 0  # of those, translated
    exists: bool = False  # the translation file exists

    @property
    def percent(self) -> float:
        return 100.0 if not self.total else 100.0 * self.done / self.total


@dataclass
class Translated:
    """One language's view of the data: the dataset with its text translated, and how much is translated."""

    lang: str
    dataset: Dataset
    coverage: list[FileCoverage]
    files: dict[str, str]  # English path under data/ -> the translation file's path, for edit links
    spellings: dict[tuple[str, str], Spelling] = dataclasses.field(default_factory=dict)  # (kind, id) of a person, country or place

    @property
    def total(self) -> int:
        return sum(c.total for c in self.coverage)

    @property
    def done(self) -> int:
        return sum(c.done for c in self.coverage)


def translate(ds: Dataset, data_dir: Path, lang: str, locale: Locale | None = None, display_root: str = "data") -> Translated:
    """Lay data/i18n/<lang>/ over the English dataset; the result speaks the locale's language (its labels, its
    dates). Raises DataError with every problem in the translation files."""
    locale = locale or Locale(lang)
    mark = locale.gettext("not yet translated")
    root = data_dir / I18N_FOLDER / lang
    shown_root = f"{display_root}/{I18N_FOLDER}/{lang}"
    problems: list[Problem] = []
    known = targets(ds)
    found = dict(_translation_files(root, shown_root, problems))
    for rel, shown in found.items():
        if rel not in known:
            problems.append(Problem(shown, 1, "", _unknown_file(rel, known, display_root)))
    work = _Work(ds, lang, mark, problems)
    coverage = []
    records = {kind.name: dict(getattr(ds, kind.name)) for kind in _translated_kinds()}
    for rel, target in known.items():
        cov = FileCoverage(rel, exists=rel in found)
        raw = _read(root / rel, found[rel], problems) if rel in found else ({}, {})
        work.file(target, found.get(rel, f"{shown_root}/{rel}"), *raw, records, cov)
        coverage.append(cov)
    if problems:
        raise DataError(problems)
    translated = dataclasses.replace(ds, records=_with_derived({**ds.records, **records}), locale=locale)
    work.finish(translated)
    if problems:
        raise DataError(problems)
    files = {rel: f"{display_root}/{I18N_FOLDER}/{lang}/{rel}" for rel in found if rel in known}
    return Translated(lang, translated, coverage, files, work.spellings)


def _with_derived(records: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Kinds derived from another (kinds.py: parent and derive) derived again, from the translated records."""
    for kind in kinds.KINDS:
        if kind.parent:
            records[kind.name] = {record.id: record for parent in records[kind.parent].values() for _loc, record in kind.derive(parent)}
    return records


def _translation_files(root: Path, shown_root: str, problems: list[Problem]) -> Iterator[tuple[str, str]]:
    """(path under data/, path as shown) of every translation file; pages/ holds Markdown and is read elsewhere."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel == PAGES_FOLDER or rel.startswith(PAGES_FOLDER + "/") or path.is_dir() or path.name.startswith("."):
            continue
        if path.suffix != ".yml":
            problems.append(Problem(f"{shown_root}/{rel}", 1, "", f"file ends in {path.suffix or 'no extension'}, expected .yml"))
            continue
        yield rel, f"{shown_root}/{rel}"


def _unknown_file(rel: str, known: dict[str, Target], display_root: str) -> str:
    if rel in NOT_TRANSLATED:
        return f"{display_root}/{rel} is not translated (a source's title is its own), expected no such file"
    close = difflib.get_close_matches(rel, list(known), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"no English file {display_root}/{rel} to translate{hint}, expected the path of a file under {display_root}/"


def _read(path: Path, shown: str, problems: list[Problem]) -> tuple[Any, dict]:
    data, lines, found = load_yaml(path, shown)
    if found:
        problems.extend(found)
        return None, {}
    if not isinstance(data, dict):
        problems.append(Problem(shown, 1, "", f"top level is a {type(data).__name__}, expected a mapping"))
        return None, {}
    return data, lines


class _Work:
    """Checks translation files against the English records and builds the translated records."""

    def __init__(self, ds: Dataset, lang: str, mark: str, problems: list[Problem]):
        self.ds, self.lang, self.mark, self.problems = ds, lang, mark, problems
        self.cities: list[tuple[Origin, m.Meeting]] = []  # meetings whose city a translation gives: checked in finish()
        self.spellings: dict[tuple[str, str], Spelling] = {}  # (kind, id) -> where a translated name is written
        self.coverage: dict[str, FileCoverage] = {}  # English path under data/ -> its coverage

    def file(self, target: Target, shown: str, data: Any, lines: dict, records: dict, cov: FileCoverage) -> None:
        self.coverage[target.path] = cov
        origin = Origin(shown, lines)
        english = getattr(self.ds, target.kind)
        if data is None:  # unreadable: the problem is reported; count the English as untranslated
            data = {}
        if target.list_key is None:  # one record per file
            record = english[target.record_id]
            records[target.kind][target.record_id] = self.record(record, data, origin, (), cov)
            return
        if set(data) - {target.list_key}:
            for key in sorted(set(data) - {target.list_key}, key=str):
                self.problems.append(origin.problem((key,), f"unknown field, expected only {target.list_key!r} at the top"))
        entries = data.get(target.list_key, {})
        if entries is None:
            entries = {}
        if not isinstance(entries, dict):
            self.problems.append(origin.problem((target.list_key,), f"a {type(entries).__name__}, expected a mapping keyed by id"))
            entries = {}
        for key in entries:
            if key not in english:
                self.problems.append(origin.problem((target.list_key, key), _unknown_id(key, english, target.kind)))
        for record_id, record in english.items():
            given = entries.get(record_id)
            records[target.kind][record_id] = self.record(record, given, origin, (target.list_key, record_id), cov)
            if has_name_extras(type(record)) and isinstance(given, dict) and "name" in given:
                self.spellings[(target.kind, record_id)] = Spelling(tuple(_ids(given.get("name_sources"))), given.get("name_note"))

    def record(self, english: pydantic.BaseModel, given: Any, origin: Origin, loc: Loc, cov: FileCoverage) -> pydantic.BaseModel:
        """The English record with the given translation laid over it."""
        model = type(english)
        fields = slots(model)
        if given is None:
            given = {}
        if not isinstance(given, dict):
            self.problems.append(origin.problem(loc, f"a {type(given).__name__}, expected a mapping of translated fields"))
            given = {}
        extras = set(NAME_EXTRAS) if has_name_extras(model) else set()
        for key in given:
            if key not in fields and key not in extras:
                self.problems.append(origin.problem(loc + (key,), _not_translatable(key, model, fields, extras)))
        updates: dict[str, Any] = {}
        for name, slot in fields.items():
            value = getattr(english, name)
            here = loc + (name,)
            if (value is None or value == []) and name not in FREE_LISTS:
                if given.get(name) not in (None, [], {}):
                    self.problems.append(origin.problem(here, f"the English record has no {name}, so there is nothing to translate"))
                continue
            updates[name] = self.field(slot, name, value, given.get(name), origin, here, cov)
        if extras:
            self.name_extras(english, given, origin, loc)
        if "aliases" in updates and "name" in fields:
            updates["aliases"] = self.aliases(english, updates, given)
        if isinstance(english, m.Meeting) and "city" in given and english.city:
            self.cities.append((origin, english))
        return english.model_copy(update=updates) if updates else english

    def field(self, slot: Slot, name: str, value: Any, given: Any, origin: Origin, loc: Loc, cov: FileCoverage) -> Any:
        if slot.shape == TEXT:
            return self.text(slot.type, value, given, origin, loc, cov)
        if slot.shape == TEXTS:
            if name in FREE_LISTS:
                return self.free_list(slot.type, given, origin, loc)
            items = self.same_length(value, given, origin, loc)
            return [self.text(slot.type, v, g, origin, loc + (i,), cov) for i, (v, g) in enumerate(zip(value, items))]
        if slot.shape == RECORD:
            return self.record(value, given, origin, loc, cov)
        if slot.keyed:
            if given is None:
                given = {}
            if not isinstance(given, dict):
                self.problems.append(origin.problem(loc, f"a {type(given).__name__}, expected a mapping keyed by the ids of the English {name}"))
                given = {}
            ids = {v.id: v for v in value}
            for key in given:
                if key not in ids:
                    self.problems.append(origin.problem(loc + (key,), _unknown_id(key, ids, name)))
            return [self.record(v, given.get(v.id), origin, loc + (v.id,), cov) for v in value]
        items = self.same_length(value, given, origin, loc)
        return [self.record(v, g, origin, loc + (i,), cov) for i, (v, g) in enumerate(zip(value, items))]

    def text(self, tp: Any, english: str, given: Any, origin: Origin, loc: Loc, cov: FileCoverage) -> str:
        cov.total += 1
        if given is None:
            return Untranslated(english, self.mark)
        try:
            checked = _adapter(tp).validate_python(given)
        except pydantic.ValidationError as exc:
            for err in exc.errors():
                self.problems.append(origin.problem(loc, _explain(err, given)))
            return Untranslated(english, self.mark)
        cov.done += 1
        return checked

    def same_length(self, english: list, given: Any, origin: Origin, loc: Loc) -> list:
        """The translated list, as long as the English one; a wrong length or shape is one problem."""
        if given is None:
            return [None] * len(english)
        if not isinstance(given, list):
            self.problems.append(origin.problem(loc, f"a {type(given).__name__}, expected a list of {len(english)} entries in the English order"))
            return [None] * len(english)
        if len(given) != len(english):
            self.problems.append(origin.problem(loc, f"list has {len(given)} entries, the English has {len(english)}; "
                                                     "expected the same entries in the same order ({} for one with nothing to translate)"))
            return [None] * len(english)
        return given

    def free_list(self, tp: Any, given: Any, origin: Origin, loc: Loc) -> list[str]:
        if given is None:
            return []
        if not isinstance(given, list):
            self.problems.append(origin.problem(loc, f"a {type(given).__name__}, expected a list of other spellings"))
            return []
        out = []
        for i, item in enumerate(given):
            try:
                out.append(_adapter(tp).validate_python(item))
            except pydantic.ValidationError as exc:
                self.problems.extend(origin.problem(loc + (i,), _explain(err, item)) for err in exc.errors())
        return out

    def aliases(self, english: Any, updates: dict, given: dict) -> list[str]:
        """Spellings for search: the translation's, then the English name and aliases (a reader may type either)."""
        names = list(updates.get("aliases", [])) + [str(english.name)] + [str(a) for a in english.aliases]
        translated_name = updates.get("name")
        return [n for n in dict.fromkeys(names) if n != translated_name]

    def name_extras(self, english: Any, given: dict, origin: Origin, loc: Loc) -> None:
        sources, note = given.get("name_sources"), given.get("name_note")
        if "name" not in given:
            for key in NAME_EXTRAS:
                if key in given:
                    self.problems.append(origin.problem(loc + (key,), f"{key} belongs to a translated name, expected a name here too"))
            return
        if sources is None and note is None:
            self.problems.append(origin.problem(loc + ("name",), "a translated name needs name_sources (the sources that write it so) "
                                                                  "or name_note (why none is given)"))
        if sources is not None:
            if not isinstance(sources, list) or not sources or not all(isinstance(s, str) for s in sources):
                self.problems.append(origin.problem(loc + ("name_sources",), f"{show(sources)} is not a list of source ids, expected e.g. [mofa-2019-joint-statement]"))
            else:
                for i, sid in enumerate(sources):
                    if sid not in self.ds.sources:
                        close = difflib.get_close_matches(sid, list(self.ds.sources), n=1)
                        hint = f" (did you mean {close[0]!r}?)" if close else ""
                        self.problems.append(origin.problem(loc + ("name_sources", i), f"unknown source {sid!r}{hint}, expected an id from data/sources.yml"))
        if note is not None:
            try:
                _adapter(m.Text).validate_python(note)
            except pydantic.ValidationError as exc:
                self.problems.extend(origin.problem(loc + ("name_note",), _explain(err, note)) for err in exc.errors())

    def finish(self, translated: Dataset) -> None:
        """A city is its place's translated name: a meeting's or event's city that no translation gives takes it from
        data/i18n/<lang>/places.yml, and one that a translation gives must agree with it (the venue map finds it so)."""
        places = {(p.name, p.country): translated.places[p.id].name for p in self.ds.places.values()}
        by_name = {p.name: translated.places[p.id].name for p in self.ds.places.values()}
        for origin, english in self.cities:
            want = places.get((english.city, english.country))
            got = translated.meetings[english.id].city
            if want is not None and not isinstance(want, Untranslated) and got != want:
                self.problems.append(origin.problem(("city",), f"{got!r} differs from the place's translated name {str(want)!r}, expected the same"))
        for kind, key in (("meetings", lambda r: (r.city, r.country)), ("events", lambda r: r.city)):
            records = translated.records[kind]
            for record_id, record in records.items():
                english = getattr(self.ds, kind)[record_id]
                if not isinstance(record.city, Untranslated):
                    continue
                name = places.get(key(english)) if kind == "meetings" else by_name.get(english.city)
                if name is not None and not isinstance(name, Untranslated):
                    records[record_id] = record.model_copy(update={"city": name})
                    self.coverage[kinds.kind(kind).file or f"{kinds.kind(kind).folder}/{record_id}.yml"].done += 1


def _ids(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


# Kept for the process: a function of the code (a type), dropped with the module when serve imports it afresh.
@functools.cache
def _adapter(tp: Any) -> pydantic.TypeAdapter:
    return pydantic.TypeAdapter(tp)


def _explain(err: dict, value: Any) -> str:
    if err["type"] == "string_type":
        return f"{show(value)} is not text but {type(value).__name__}, expected text (quote it)"
    if err["type"] == "string_too_long":
        return f"text is {len(value)} characters, expected at most {err['ctx']['max_length']}"
    return err["msg"].removeprefix("Value error, ")


def _unknown_id(key: Any, known: dict, what: str) -> str:
    close = difflib.get_close_matches(str(key), [str(k) for k in known], n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown id {show(key)} in the English {what}{hint}, expected one of the English ids"


def _not_translatable(key: Any, model: type, fields: dict, extras: set) -> str:
    allowed = ", ".join(list(fields) + sorted(extras)) or "none"
    if key in model.model_fields:
        return f"{key} is not translated (ids, dates, URLs, codes, numbers and sources stay as in English), expected only: {allowed}"
    close = difflib.get_close_matches(str(key), list(fields) + sorted(extras), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown field{hint}, expected only: {allowed}"


# ----------------------------------------------------------------------------
# Hand-written pages: data/i18n/<lang>/pages/<path>.md translates docs/<path>.md
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PageText:
    """A hand-written page in one language: its Markdown, or None where it is not translated yet."""

    markdown: str | None
    file: str  # the translation's path in the repository, e.g. data/i18n/ja/pages/about/index.md


def hand_written_pages(project_dir: Path, lang: str, docs_dir: str = "docs") -> dict[str, PageText]:
    """Every Markdown page of docs/ with its translation. Raises DataError for a translation of no page."""
    root = project_dir / "data" / I18N_FOLDER / lang / PAGES_FOLDER
    shown = f"data/{I18N_FOLDER}/{lang}/{PAGES_FOLDER}"
    english = {p.relative_to(project_dir / docs_dir).as_posix() for p in (project_dir / docs_dir).rglob("*.md")}
    problems = []
    found = {}
    for path in sorted(root.rglob("*")) if root.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        if path.is_dir() or path.name.startswith("."):
            continue
        if rel not in english:
            problems.append(Problem(f"{shown}/{rel}", 1, "", f"no page {docs_dir}/{rel} to translate, expected the path of a page under {docs_dir}/"))
            continue
        try:
            found[rel] = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(f"{shown}/{rel}", 1, "", f"cannot be read as UTF-8 text ({exc.__class__.__name__}), expected Markdown"))
    if problems:
        raise DataError(problems)
    return {rel: PageText(found.get(rel), f"{shown}/{rel}") for rel in sorted(english)}


# ----------------------------------------------------------------------------
# JSON Schema of a translation file, from the same slots (data/schema/i18n/<kind>.json)
# ----------------------------------------------------------------------------


def translation_schema(model: type[pydantic.BaseModel], list_key: str | None = None, title: str = "") -> dict[str, Any]:
    """The JSON Schema of a translation file of `model`'s records: a list file (`list_key`) or one record a file."""
    defs: dict[str, Any] = {}
    record = _record_schema(model, defs)
    if list_key is None:
        body = defs.pop(model.__name__)
    else:
        body = {
            "type": "object",
            "additionalProperties": False,
            "properties": {list_key: {"type": "object", "description": f"The translated {list_key}, keyed by the English ids.",
                                      "propertyNames": {"pattern": m.ID_PATTERN}, "additionalProperties": record}},
        }
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **body, **({"$defs": defs} if defs else {})}


def _record_schema(model: type[pydantic.BaseModel], defs: dict[str, Any]) -> dict[str, Any]:
    name = model.__name__
    if name not in defs:
        defs[name] = {}  # a placeholder while the fields are made (records may nest)
        properties: dict[str, Any] = {}
        for field, slot in slots(model).items():
            info = model.model_fields[field]
            described = {"description": f"Translates: {info.description}"} if info.description else {}
            if slot.shape == TEXT:
                properties[field] = {"type": "string", **_limits(slot.type), **described}
            elif slot.shape == TEXTS:
                note = "Other spellings in this language, for search; any number." if field in FREE_LISTS else \
                       "As many entries as the English, in the same order."
                properties[field] = {"type": "array", "items": {"type": "string", **_limits(slot.type)}, "description": note}
            elif slot.shape == RECORD:
                properties[field] = {**_record_schema(slot.type, defs), **described}
            elif slot.keyed:
                properties[field] = {"type": "object", "propertyNames": {"pattern": m.ID_PATTERN},
                                     "additionalProperties": _record_schema(slot.type, defs),
                                     "description": "Keyed by the ids of the English entries."}
            else:
                properties[field] = {"type": "array", "items": _record_schema(slot.type, defs),
                                     "description": "As many entries as the English, in the same order; {} for one with nothing to translate."}
        if has_name_extras(model):
            properties["name_sources"] = {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": m.ID_PATTERN},
                                          "description": "Ids from data/sources.yml of pages that write the name so."}
            properties["name_note"] = {"type": "string", "description": "Why no source is given for the spelling, e.g. "
                                       "'Standard transliteration; not seen on an archived page.'"}
        defs[name] = {"type": "object", "additionalProperties": False, "properties": properties,
                      **({"description": model.__doc__.strip().splitlines()[0]} if model.__doc__ else {})}
    return {"$ref": f"#/$defs/{name}"}


def _limits(tp: Any) -> dict[str, Any]:
    for arg in typing.get_args(tp)[1:]:
        if getattr(arg, "max_length", None):
            return {"minLength": 1, "maxLength": arg.max_length}
    return {"minLength": 1}


def translation_schema_names() -> list[str]:
    """The file names of translation_schemas(), in its order, without making them."""
    return [f"{kind.schema}.json" for kind in _translated_kinds()]


def translation_schemas() -> dict[str, str]:
    """File name inside data/schema/i18n/ -> the schema of that kind of translation file."""
    import json

    out = {}
    for kind in _translated_kinds():
        where = f"data/{kind.file}" if kind.file else f"a file in data/{kind.folder}/"
        out[f"{kind.schema}.json"] = translation_schema(kind.model, kind.list_key if kind.file else None, f"Translation of {where}")
    return {k: json.dumps(v, indent=2, ensure_ascii=False) + "\n" for k, v in out.items()}
