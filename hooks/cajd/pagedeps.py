"""Render again only the generated pages whose reads of the dataset changed (under `mkdocs serve`).

While the pages are rendered, every read of a field of a record (a `model.Record`, at any depth) is noted for
the page that reads it, under the record's place in the dataset: `(("meetings", "07-dushanbe-2019",
"participants", 2), "role")`. A read of a whole record (its `__dict__`, as `==`, `model_dump()` and `iter()`
do) is noted as `(place, ALL)`. A value computed once and kept for later pages (a `cached_property` of the
core's classes, such as `Views.timeline`) notes its own reads, and every page that takes it gets them; reads
outside any page (the build's `Index`) count for every page. The next rebuild compares the two datasets field
by field: a page none of whose reads changed is taken over as it was (`render()`); every other page is
rendered again, and its reads noted afresh. This is the usual argument of incremental builds: a page is a
function of what it reads, so if nothing it read changed, neither did it.

Everything is rendered again when the records of a kind, their order or their files changed, the basemap
changed, or the templates, catalog, spellings or code did (`inputs`); a page that read a record object that
is not in the dataset (made during the render) is rendered every time. tests/test_reuse.py compares the
pages of such rebuilds with a fresh build's after edits of every kind of record.

A kept value should leave to the pages the reads that only some of them show: the timeline's entries read a
record's summary when a page shows it (`views.Entry.summary`), so a summary edit renders again the pages that
show that summary, not every page that takes the timeline.

How reads are noted: for the length of one render (`_Session.installed()`), the record base class and the
core's classes with a cached_property get a `__getattribute__` that notes each read in that render's session,
and lose it after. All the state is the session's; `mkdocs build`, which notes nothing, reads at full speed.
Weighed and left: a `__getattribute__` kept in model.Record that does nothing unless a render notes reads
would cost every build a Python call per attribute read; a proxy around the dataset would have to wrap every
record, list and dict a template reaches, and would break `is`, `isinstance` and pydantic's methods on them.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Iterator

from pydantic import BaseModel

from . import model as m

ALL = "*"  # a read of the whole record: any change inside it counts
UNKNOWN = ((), "?")  # a read of a record that is not in the dataset: the page is rendered every time

Key = tuple  # (place, field name or ALL); a place is (kind, record id, field, index, ...)


@dataclass(frozen=True)
class _Kept:
    page: Any  # a render.Page
    reads: frozenset


@dataclass
class Rendered:
    """What a render keeps for the next: its dataset, its inputs besides the dataset, and each page with its reads."""

    dataset: Any
    inputs: tuple
    pages: dict[str, _Kept]
    made: int = 0  # how many pages it rendered (the others were taken over)


def render(render_with: Callable[[Callable], list], dataset, inputs: tuple, earlier: Rendered | None) -> tuple[list, Rendered]:
    """render_with(keep) -> the pages (render.render_site with `keep`), taking over from `earlier` each page whose
    reads did not change. `inputs`: whatever else the pages depend on (compared with `==`, or `is` for objects
    that do not compare their contents); any difference renders every page."""
    changes = None
    if earlier is not None and len(earlier.inputs) == len(inputs) and all(
            a is b or a == b for a, b in zip(earlier.inputs, inputs)):
        changes = changed(earlier.dataset, dataset)
    session = _Session(dataset)
    if session.untracked:  # a model that is not a model.Record: its reads would not be noted
        changes = None
    kept: dict[str, _Kept] = {}
    decided: list[bool] = []  # [True] once the reads outside pages are known: every page is then rendered again

    def keep(src_uri: str, make: Callable):
        if not decided:
            decided.append(changes is None or bool(session.resolve(session.outside) & changes))
        old = earlier.pages.get(src_uri) if earlier is not None else None
        if not decided[0] and old is not None and UNKNOWN not in old.reads and not (old.reads & changes):
            kept[src_uri] = old
            return old.page
        page, reads = session.track(make)
        kept[src_uri] = _Kept(page, reads)
        return page

    with session.installed():
        pages = render_with(keep)
        outside = session.resolve(session.outside)
    if decided and not decided[0] and outside & changes:  # a read outside pages after the first page: be safe
        return render(render_with, dataset, inputs, None)
    made = sum(1 for uri, k in kept.items() if earlier is None or earlier.pages.get(uri) is not k)
    return pages, Rendered(dataset, inputs, kept, made)


# ----------------------------------------------------------------------------
# Which fields changed
# ----------------------------------------------------------------------------


def changed(old, new) -> set[Key] | None:
    """Every (place, field) and (place, ALL) whose value differs between two datasets; None when more than
    record values changed (kinds, ids, their order or files, the basemap): then every page is rendered again."""
    if [(k, list(v)) for k, v in old.records.items()] != [(k, list(v)) for k, v in new.records.items()]:
        return None
    if old.basemap != new.basemap or {k: o.file for k, o in old.origins.items()} != {k: o.file for k, o in new.origins.items()}:
        return None
    found: set[Key] = set()
    for kind, records in new.records.items():
        earlier = old.records[kind]
        for record_id, record in records.items():
            _diff(earlier[record_id], record, (kind, record_id), found)
    return found


def _diff(a: BaseModel, b: BaseModel, place: tuple, found: set) -> bool:
    """Whether two records differ; each field that does (and ALL) noted in `found`, at every depth. A field whose
    value changed only inside the records it holds, at the same places (an edit to one participant of a meeting),
    is not noted itself: a page that reached those records through it noted what it read of each of them."""
    if a is b or a == b:
        return False
    if type(a) is not type(b):
        found.add((place, ALL))
        return True
    for name in type(a).model_fields:
        if _differs(a.__dict__[name], b.__dict__[name], place + (name,), found) is _CHANGED:
            found.add((place, name))
    found.add((place, ALL))
    return True


_SAME, _INSIDE, _CHANGED = "same", "inside", "changed"  # what _differs finds


def _differs(x: Any, y: Any, place: tuple, found: set) -> str:
    """_SAME; _INSIDE when only records inside differ, each at the same place (their changes noted in `found`); or
    _CHANGED: a value any reader of the field could see (a text, a number, a list of another length or order)."""
    if isinstance(x, BaseModel) and isinstance(y, BaseModel):
        if type(x) is not type(y):
            _diff(x, y, place, found)
            return _CHANGED
        return _INSIDE if _diff(x, y, place, found) else _SAME
    if isinstance(x, (list, tuple)) and type(x) is type(y) and len(x) == len(y):
        return _worst([_differs(p, q, place + (i,), found) for i, (p, q) in enumerate(zip(x, y))])  # every item noted
    if isinstance(x, dict) and isinstance(y, dict) and list(x) == list(y):
        return _worst([_differs(x[k], y[k], place + (k,), found) for k in x])
    return _CHANGED if x != y else _SAME  # a list of another length: its field changed


def _worst(found: list[str]) -> str:
    return _CHANGED if _CHANGED in found else _INSIDE if _INSIDE in found else _SAME


def places(dataset) -> tuple[dict[int, tuple[tuple, frozenset]], bool]:
    """id(record object) -> its place in the dataset and its fields' names, for every record at any depth (the
    first place it is found); and whether a model that is not a model.Record was found (whose reads go unnoted)."""
    found: dict[int, tuple[tuple, frozenset]] = {}
    fields_of: dict[type, frozenset] = {}
    other = []

    def walk(value: Any, place: tuple) -> None:
        if isinstance(value, BaseModel):
            if not isinstance(value, m.Record):
                other.append(place)
            if id(value) in found:
                return
            cls = type(value)
            found[id(value)] = (place, fields_of.get(cls) or fields_of.setdefault(cls, frozenset(cls.model_fields)))
            fields = value.__dict__
            for name in cls.model_fields:
                walk(fields[name], place + (name,))
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                walk(item, place + (i,))
        elif isinstance(value, dict):
            for k, item in value.items():
                walk(item, place + (k,))

    for kind, records in dataset.records.items():
        for record_id, record in records.items():
            walk(record, (kind, record_id))
    return found, bool(other)


# ----------------------------------------------------------------------------
# Noting reads
# ----------------------------------------------------------------------------

_get = object.__getattribute__


class _Session:
    """One render: the places of the dataset's records, the reads of what is being computed now (a page, or a kept
    value inside it: innermost last, the reads outside pages at the bottom), and the kept values' reads. All of it
    lives here, for this render only; `installed()` is the only time anything outside it is touched."""

    def __init__(self, dataset):
        self.places, self.untracked = places(dataset)
        self.outside: set = set()
        self.reads: list[set] = []
        self.values: dict[tuple[int, str], frozenset] = {}  # (id(object), cached_property name) -> its reads, resolved

    def track(self, make: Callable) -> tuple[Any, frozenset]:
        self.reads.append(set())
        try:
            page = make()
        finally:
            raw = self.reads.pop()
        return page, frozenset(self.resolve(raw))

    def resolve(self, raw: set) -> set[Key]:
        """Reads as (place, field): a field of a record; (place, ALL) its whole; UNKNOWN a record not in the dataset."""
        out: set[Key] = set()
        for item in raw:
            if len(item) == 2 and type(item[1]) is str and type(item[0]) is int:
                found = self.places.get(item[0])
                if found is None:
                    out.add(UNKNOWN)
                    continue
                place, names = found
                name = item[1]
                if name in names:
                    out.add((place, name))
                elif name == "__dict__" or name.startswith("model_"):
                    out.add((place, ALL))
            else:  # already resolved: a kept value's reads
                out.add(item)
        return out

    def value(self, obj, name: str):
        """A cached_property of the core's classes: its reads noted once, given to every page that takes it."""
        key = (id(obj), name)
        reads = self.values.get(key)
        if reads is None:
            if name in _get(obj, "__dict__"):  # computed before the render: where its reads went is not known
                self.reads[-1].add(UNKNOWN)
                return _get(obj, name)
            self.reads.append(set())
            try:
                value = _get(obj, name)
            finally:
                raw = self.reads.pop()
            reads = self.values[key] = frozenset(self.resolve(raw))
        else:
            value = _get(obj, name)
        self.reads[-1].update(reads)
        return value

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        """Note reads while rendering: of records' fields, and of the kept values of the core's classes. Python calls
        a class's __getattribute__ for every attribute read, so for the length of the render the record base class
        and each class with a cached_property get one that notes the read here; they are taken off again after it,
        so a build that notes nothing (`mkdocs build`) reads its records at full speed."""
        if "__getattribute__" in vars(m.Record):
            raise RuntimeError("pagedeps: reads are already being noted")
        cached = _classes_with_cached_values()
        reads = self.reads

        def record_getattribute(obj, name: str):
            reads[-1].add((id(obj), name))
            return _get(obj, name)

        def value_getattribute(obj, name: str):
            return self.value(obj, name) if name in cached.get(type(obj), ()) else _get(obj, name)

        m.Record.__getattribute__ = record_getattribute
        for cls in cached:
            cls.__getattribute__ = value_getattribute
        reads.append(self.outside)
        try:
            yield
        finally:
            del m.Record.__getattribute__
            for cls in cached:
                del cls.__getattribute__
            reads.clear()


def _classes_with_cached_values() -> dict[type, frozenset[str]]:
    """The core's classes (not records) with a cached_property, and those properties' names; a class with a
    __getattribute__ of its own is refused."""
    package = __name__.rpartition(".")[0]
    found: dict[type, frozenset[str]] = {}
    for name, module in list(sys.modules.items()):
        if name != package and not name.startswith(package + "."):
            continue
        for value in vars(module).values():
            if not isinstance(value, type) or value.__module__ != name or issubclass(value, BaseModel) or value in found:
                continue
            cached = frozenset(n for klass in value.__mro__ for n, v in vars(klass).items() if isinstance(v, cached_property))
            if cached:
                if any("__getattribute__" in vars(klass) for klass in value.__mro__[:-1]):
                    raise RuntimeError(f"pagedeps: {value.__qualname__} has a __getattribute__ of its own")
                found[value] = cached
    return found


__all__ = ["ALL", "UNKNOWN", "Rendered", "changed", "places", "render"]
