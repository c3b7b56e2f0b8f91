"""Read one YAML file safely, keeping the line of every value.

Only plain YAML is accepted: mappings, sequences, strings, numbers, booleans and
null. Anchors and aliases, merge keys, explicit tags (`!!python/...`),
duplicate keys, oversized files and deep nesting are refused with a problem
that names the line. Nothing is ever constructed from a tag, so no code runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import Loc, Problem, format_path

MAX_BYTES = 1_000_000  # the largest real file is well under 100 kB
MAX_DEPTH = 40

try:  # LibYAML parses several times faster; lines and errors are the same.
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Base = yaml.SafeLoader

_TS = "tag:yaml.org,2002:timestamp"


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader that leaves dates as text, so the model checks them with a line."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != _TS]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


_SCALARS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


class _Refused(Exception):
    def __init__(self, line: int, loc: Loc, message: str):
        self.line, self.loc, self.message = line, loc, message


def load_yaml(path: Path, display: str) -> tuple[Any, dict[Loc, int], list[Problem]]:
    """Return (data, line of each value by its path, problems). Data is None on failure."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, {}, [Problem(display, 1, "", f"cannot read the file ({exc.strerror})")]
    if size > MAX_BYTES:
        return None, {}, [Problem(display, 1, "", f"file is {size:,} bytes, expected at most {MAX_BYTES:,}")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, {}, [Problem(display, line, "", f"byte 0x{raw[exc.start]:02x} is not UTF-8, expected UTF-8 text")]
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, {}, [Problem(display, 1, "", "file is empty, expected a YAML mapping")]
    depth_problem = _too_deep(text)
    if depth_problem:
        return None, {}, [Problem(display, depth_problem, "", f"nesting deeper than {MAX_DEPTH} levels")]

    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        return None, {}, [Problem(display, line, "", f"YAML syntax: {what}")]
    except yaml.YAMLError as exc:
        return None, {}, [Problem(display, 1, "", f"YAML syntax: {exc}")]
    finally:
        loader.dispose()

    lines: dict[Loc, int] = {}
    try:
        data = _construct(node, (), lines, set())
    except _Refused as exc:
        return None, {}, [Problem(display, exc.line, format_path(exc.loc), exc.message)]
    return data, lines, []


def _too_deep(text: str) -> int:
    """Line of the first flow collection nested deeper than MAX_DEPTH, or 0."""
    depth, line = 0, 1
    for char in text:
        if char == "\n":
            line += 1
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif char in "]}":
            depth = max(0, depth - 1)
    return 0


def _construct(node: yaml.Node, loc: Loc, lines: dict[Loc, int], seen: set[int]) -> Any:
    line = node.start_mark.line + 1
    if id(node) in seen:
        raise _Refused(line, loc, "anchors and aliases (&, *) are not allowed, expected the value written out")
    seen.add(id(node))
    lines[loc] = line
    if isinstance(node, yaml.MappingNode):
        if node.tag != "tag:yaml.org,2002:map":
            raise _Refused(line, loc, f"tag {node.tag!r} is not allowed, expected a plain mapping")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _key(key_node, loc)
            if key in result:
                first = lines[loc + (key,)]
                raise _Refused(
                    key_node.start_mark.line + 1, loc + (key,), f"duplicate key (first given on line {first}), expected each key once"
                )
            result[key] = _construct(value_node, loc + (key,), lines, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            raise _Refused(line, loc, f"tag {node.tag!r} is not allowed, expected a plain list")
        return [_construct(item, loc + (i,), lines, seen) for i, item in enumerate(node.value)]
    if node.tag not in _SCALARS:
        raise _Refused(line, loc, f"tag {node.tag!r} is not allowed, expected plain text, a number or a date")
    return yaml.SafeLoader.yaml_constructors[node.tag](_SCALAR_BUILDER, node)


_SCALAR_BUILDER = yaml.SafeLoader("")  # only its scalar constructors are used


def _key(node: yaml.Node, loc: Loc) -> str:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
        raise _Refused(line, loc, f"key {show_key(node)} is not a plain name, expected a field name")
    if node.value == "<<":
        raise _Refused(line, loc, "merge keys (<<) are not allowed, expected the fields written out")
    return node.value


def show_key(node: yaml.Node) -> str:
    value = getattr(node, "value", "?")
    return repr(value) if isinstance(value, str) else "(a collection)"
