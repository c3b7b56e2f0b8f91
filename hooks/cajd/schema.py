"""JSON Schema for each kind of data file, and a field reference for people, both from the pydantic models.

`python -m cajd schema` writes `data/schema/<kind>.json`; every YAML file names
its schema in a first-line comment (`# yaml-language-server: $schema=…`), so an
editor with the YAML language server completes and checks fields while typing.
The contributing page's field reference is built from the same schema.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel

from . import kinds
from . import model as m
from .translation import I18N_FOLDER, PAGES_FOLDER, translation_schema_names, translation_schemas

SCHEMA_FOLDER = "schema"  # inside data/, where data/schema/<kind.schema>.json is written; the loader never reads it
MODELINE = "# yaml-language-server: $schema="
DRAFT = "https://json-schema.org/draft/2020-12/schema"


# A translation file (data/i18n/<lang>/...) of kind K has the schema data/schema/i18n-K.json.
I18N_PREFIX = "i18n-"


def file_model(name: str) -> type[BaseModel]:
    """The model of one data file with the schema `name`: a list file's model, or a folder's one record."""
    kind = kinds.schema_kinds()[name]
    return kind.file_model or kind.model


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one kind of data file, or of its translations ('i18n-…')."""
    if name.startswith(I18N_PREFIX):
        return json.loads(translation_schemas()[name.removeprefix(I18N_PREFIX) + ".json"])
    return {"$schema": DRAFT, **file_model(name).model_json_schema()}


def schema_text(kind: str) -> str:
    """The schema as written to data/schema/<kind>.json: fields in model order, final newline."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def schema_files() -> dict[str, str]:
    """File name inside data/schema/ -> content, for every kind and its translations."""
    return {f"{name}.json": schema_text(name) for name in kinds.schema_kinds()} | {
        I18N_PREFIX + name: text for name, text in translation_schemas().items()
    }


def schema_names() -> list[str]:
    """The file names inside data/schema/, in the order of schema_files()."""
    return [f"{name}.json" for name in kinds.schema_kinds()] + [I18N_PREFIX + name for name in translation_schema_names()]


def committed_schema_files(data_dir: Path) -> dict[str, str] | None:
    """schema_files() as `make schema` wrote them into data/schema/, read rather than made again from the models (about
    0.05 s of a build's CPU); None if a file is missing (then make them). tests/test_schema.py fails when a committed
    file differs from the models."""
    folder = data_dir / SCHEMA_FOLDER
    found = {}
    for name in schema_names():
        try:
            found[name] = (folder / name).read_bytes().decode("utf-8")
        except FileNotFoundError:
            return None
    return found


def kind_of(relative: str) -> str | None:
    """The kind of a data file from its path inside data/: 'meetings/x.yml' -> 'meeting'; None if not data."""
    path = PurePosixPath(relative)
    if path.suffix != ".yml":
        return None
    if len(path.parts) > 2 and path.parts[0] == I18N_FOLDER and path.parts[2] != PAGES_FOLDER:  # i18n/<lang>/<file>
        kind = kind_of(PurePosixPath(*path.parts[2:]).as_posix())
        return I18N_PREFIX + kind if kind and kind != "sources" else None
    for kind in kinds.KINDS:
        if kind.schema and (path.as_posix() == kind.file or (len(path.parts) == 2 and path.parts[0] == kind.folder)):
            return kind.schema
    return None


def modeline(relative: str) -> str:
    """The first line a data file should start with, pointing at its schema relative to the file."""
    kind = kind_of(relative)
    if kind is None:
        raise ValueError(f"{relative} is not a data file")
    up = "../" * (len(PurePosixPath(relative).parts) - 1)
    return f"{MODELINE}{up}{SCHEMA_FOLDER}/{kind}.json"


# ----------------------------------------------------------------------------
# Field reference: the schema as tables for people
# ----------------------------------------------------------------------------

_ID = m.ID_PATTERN
_PATTERN_NAMES = {
    _ID: "id",
    r"^[a-z]{2}$": "two-letter code",
    r"^\d{4}(-\d{2}(-\d{2})?)?$": "date (YYYY-MM-DD, YYYY-MM or YYYY)",
    r"^\d{4}-\d{2}-\d{2}$": "date (YYYY-MM-DD)",
    r"^[a-z0-9-]+/[a-z0-9-]+$": "plan-id/item-id",
}


@dataclass(frozen=True)
class FieldDoc:
    """One field of a record, as the contributing page shows it."""

    name: str
    type: str
    required: bool
    description: str
    allowed: tuple[str, ...]
    default: str | None


@dataclass(frozen=True)
class RecordDoc:
    """One kind of record (a model) and its fields."""

    name: str
    description: str
    fields: tuple[FieldDoc, ...]


def field_reference(model: type[BaseModel]) -> list[RecordDoc]:
    """The model and every record type nested in it, in order of first use."""
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    order = [(model.__name__, schema)]
    seen = {model.__name__}
    i = 0
    while i < len(order):
        for ref in _refs(order[i][1]):
            if ref not in seen and defs[ref].get("type") == "object":
                seen.add(ref)
                order.append((ref, defs[ref]))
        i += 1
    return [_record_doc(name, node, defs) for name, node in order]


def _refs(node: Any) -> list[str]:
    """Names of the $defs referenced from a node, in order."""
    found: list[str] = []
    if isinstance(node, dict):
        if "$ref" in node:
            found.append(node["$ref"].rsplit("/", 1)[-1])
        for key, value in node.items():
            if key != "$defs":
                found.extend(_refs(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_refs(value))
    return found


def _record_doc(name: str, node: dict, defs: dict) -> RecordDoc:
    required = set(node.get("required", []))
    fields = []
    for field_name, prop in node.get("properties", {}).items():
        resolved = _resolve(prop, defs)
        default = prop.get("default")
        fields.append(FieldDoc(
            name=field_name,
            type=_type_name(prop, defs),
            required=field_name in required,
            description=prop.get("description") or resolved.get("description") or "",
            allowed=tuple(str(x) for x in _enum(prop, defs)),
            default=None if default in (None, [], False) or field_name in required else str(default),
        ))
    return RecordDoc(name, node.get("description", ""), tuple(fields))


def _resolve(node: dict, defs: dict) -> dict:
    if "$ref" in node:
        return defs[node["$ref"].rsplit("/", 1)[-1]]
    return node


def _non_null(node: dict) -> dict:
    options = [o for o in node.get("anyOf", []) if o.get("type") != "null"]
    return options[0] if len(options) == 1 else node


def _enum(node: dict, defs: dict) -> list:
    node = _resolve(_non_null(node), defs)
    if node.get("type") == "array":
        node = _resolve(node.get("items", {}), defs)
    return list(node.get("enum", []))


def _type_name(node: dict, defs: dict) -> str:
    node = _non_null(node)
    if "$ref" in node:
        target = _resolve(node, defs)
        if target.get("type") == "object":
            return f"{node['$ref'].rsplit('/', 1)[-1]} (see below)"
        return _type_name(target, defs)
    kind = node.get("type")
    if "enum" in node:
        return "one of the allowed values"
    if kind == "array":
        item = _type_name(node.get("items", {}), defs)
        least = node.get("minItems")
        return f"list of: {item}" + (f"; at least {least}" if least else "")
    if kind == "string":
        if "pattern" in node:
            return _PATTERN_NAMES.get(node["pattern"], f"text matching {node['pattern']}")
        length = node.get("maxLength")
        if length is not None and length <= 300:
            return f"one line of text (at most {length} characters)"
        return f"text (at most {length} characters)" if length else "text"
    if kind == "integer":
        return f"whole number from {node['minimum']} to {node['maximum']}" if "minimum" in node else "whole number"
    if kind == "number":
        return f"number from {node['minimum']} to {node['maximum']}" if "minimum" in node else "number"
    if kind == "boolean":
        return "true or false"
    return kind or "value"
