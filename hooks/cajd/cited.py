"""Where records cite sources: every `sources` field, found by one walk over the models.

A record cites sources in its own `sources` and in those of anything nested in it
(participants, documents, highlights, positions, plan items and their progress, the
accounts of disputes, ...). `source_lists(record)` finds them all, whatever the model, so
the checks (checks.py), the back-references of the Sources page and the pages' citations
never list the places where sources may appear.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from . import kinds

if TYPE_CHECKING:
    from .views import Views

Loc = tuple[str | int, ...]
FIELD = "sources"
ONE = "source"  # a single source id, e.g. where an outcome document's text can be read


def source_lists(record: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, list[str]]]:
    """(where, the list of source ids) for every `sources` field in the record and inside it."""
    for name in _fields_to_walk(type(record)):
        value = getattr(record, name)
        if name == FIELD:
            yield loc + (name,), value
        elif name == ONE:
            yield loc + (name,), [value]
        elif isinstance(value, BaseModel):
            yield from source_lists(value, loc + (name,))
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from source_lists(item, loc + (name, i))


def source_ids(record: BaseModel) -> list[str]:
    """Every source id the record cites, each once, in the order of the record."""
    return list(dict.fromkeys(sid for _loc, ids in source_lists(record) for sid in ids))


# Kept for the process: a function of the code (a model class), dropped with the module when serve imports it afresh.
@functools.cache
def _fields_to_walk(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model that are `sources` or may hold a model (with sources, somewhere inside)."""
    return tuple(name for name, info in model.model_fields.items()
                 if name in (FIELD, ONE) or any(_may_cite(t) for t in _types_in(info.annotation)))


def _types_in(annotation: Any) -> Iterator[Any]:
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _types_in(arg)


def _may_cite(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel) and bool(_fields_to_walk(tp))


def backrefs(views: Views) -> dict[str, list[tuple[str, str]]]:
    """Source id -> (title, src_uri) of each page or part of a page that relies on it, in the order of the site."""
    found: dict[str, list[tuple[str, str]]] = {}
    for kind in kinds.KINDS:
        if kind.page is None or kind.title is None:
            continue
        for record in getattr(views.ds, kind.name).values():
            where = (kind.title(views, record), kind.page_of(record.id))
            for sid in source_ids(record):
                found.setdefault(sid, []).append(where)
    return found
