"""pydantic's validation errors as sentences for an editor: what is wrong, what was expected.

`explain_all(errors, model)` turns the errors of one file into (location, message) pairs,
one per mistake: a required field that is only missing because its name was misspelled is
said in the same line as the misspelling ("unknown field 'sumary', did you mean 'summary'?
(summary is required)"), not as a second problem.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

import pydantic

from . import model as m
from .errors import Loc, show


def explain_all(errors: list[dict], root: type[pydantic.BaseModel]) -> list[tuple[Loc, str]]:
    """One (loc, message) per mistake, in pydantic's order."""
    missing = {tuple(err["loc"]) for err in errors if err["type"] == "missing"}
    covered: set[Loc] = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = tuple(err["loc"])
            guess = _guess(loc, root)
            if guess and loc[:-1] + (guess,) in missing:
                covered.add(loc[:-1] + (guess,))
    found = []
    for err in errors:
        loc = tuple(err["loc"])
        if loc in covered:
            continue
        message = explain(err, root)
        if err["type"] == "extra_forbidden" and loc[:-1] + (_guess(loc, root),) in covered:
            message += f" ({_guess(loc, root)} is required)"
        found.append((loc, message))
    return found


def _guess(loc: Loc, root: type[pydantic.BaseModel]) -> str | None:
    """The known field a misspelled field name most likely meant."""
    close = difflib.get_close_matches(str(loc[-1]), sorted(_fields_at(root, loc[:-1])), n=1)
    return close[0] if close else None


def explain(err: dict, root: type[pydantic.BaseModel]) -> str:
    """One pydantic error as 'what is wrong, what was expected'."""
    kind, loc, value = err["type"], tuple(err["loc"]), err.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        guess = _guess(loc, root)
        if guess:
            return f"unknown field {str(loc[-1])!r}, did you mean {guess!r}?"
        return f"unknown field {str(loc[-1])!r}, expected one of: {', '.join(sorted(_fields_at(root, loc[:-1])))}"
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
        elif origin in (typing.Union, types.UnionType):
            non_none = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = non_none[0]
        else:
            return tp
