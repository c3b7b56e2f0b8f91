"""Read one YAML file safely, keeping the line of every value.

Only plain YAML is accepted: mappings, sequences, strings, numbers, booleans and
null. Anchors and aliases, merge keys, explicit tags (`!!python/...`),
duplicate keys, oversized files and deep nesting are refused with a problem
that names the line. Nothing is ever constructed from a tag, so no code runs.

Only a regular file is read, never through a symbolic link (which could point
outside data/), and never more than MAX_BYTES of it: a FIFO, a device such as
/dev/zero or a file that grows while it is read cannot hang the build or fill
its memory.
"""

from __future__ import annotations

import errno
import itertools
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from .errors import Loc, Problem, format_path, show

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
    raw, refused = read_file(path)
    if refused:
        return None, {}, [Problem(display, 1, "", refused)]
    return parse_yaml(raw, display)


def parse_yaml(raw: bytes, display: str) -> tuple[Any, dict[Loc, int], list[Problem]]:
    """load_yaml for the bytes of a file already read (read_file): the same for the same bytes and name."""
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
        from .yamlsyntax import explain  # only for a file that does not parse: a build of good data never imports it

        _rule, line, message = explain(exc, text)
        return None, {}, [Problem(display, line, "", f"YAML syntax: {message}")]
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. NUL or DEL
        line = text.count("\n", 0, max(0, exc.position)) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character or "\0")
        return None, {}, [Problem(display, line, "", f"YAML syntax: an invisible control character (#x{char:04x}) is not allowed here, "
                                  "expected it deleted (it often comes with text copied from elsewhere)")]
    except yaml.YAMLError as exc:
        return None, {}, [Problem(display, 1, "", f"YAML syntax: {str(exc).splitlines()[0] if str(exc) else 'invalid YAML'}")]
    except RecursionError:  # only the pure-Python parser recurses; LibYAML stops at its own limit
        return None, {}, [Problem(display, 1, "", f"nesting deeper than {MAX_DEPTH} levels")]
    finally:
        loader.dispose()
    if node is None:  # only comments, `---` or `...`
        return None, {}, [Problem(display, 1, "", "file is empty, expected a YAML mapping")]

    lines: dict[Loc, int] = {}
    try:
        data = _construct(node, (), lines, set(), node.start_mark.line + 1)
    except _Refused as exc:
        return None, {}, [Problem(display, exc.line, format_path(exc.loc), exc.message)]
    if data is None:  # `---`, `~` or `null` alone
        return None, {}, [Problem(display, 1, "", "file is empty, expected a YAML mapping")]
    return data, lines, []


def read_file(path: Path) -> tuple[bytes, str]:
    """The bytes of a regular file of at most MAX_BYTES, or why it cannot be read."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if os.path.islink(path) or exc.errno in (errno.ELOOP, errno.EMLINK):
            return b"", "file is a symbolic link, expected a regular file inside data/"
        return b"", f"cannot read the file ({exc.strerror})"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return b"", "not a regular file (a folder, device, pipe or socket), expected a YAML file"
        if info.st_size > MAX_BYTES:
            return b"", f"file is {info.st_size:,} bytes, expected at most {MAX_BYTES:,}"
        chunks, left = [], MAX_BYTES + 1  # never more, even if the file grows meanwhile
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 16))):
            chunks.append(chunk)
            left -= len(chunk)
        raw = b"".join(chunks)
    except OSError as exc:
        return b"", f"cannot read the file ({exc.strerror})"
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        return b"", f"file is more than {MAX_BYTES:,} bytes, expected at most {MAX_BYTES:,}"
    return raw, ""


_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET = re.compile(r"[\[\]{}]")


def _too_deep(text: str) -> int:
    """Line of the first flow collection nested deeper than MAX_DEPTH, or 0 (brackets in text count too)."""
    brackets = _NOT_BRACKET.sub("", text)
    if brackets.count("[") + brackets.count("{") <= MAX_DEPTH:  # cannot nest deeper
        return 0
    depth = 0
    for i, char in enumerate(brackets):
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                where = next(itertools.islice(_BRACKET.finditer(text), i, None)).start()  # the i-th bracket
                return text.count("\n", 0, where) + 1
        else:
            depth = max(0, depth - 1)
    return 0


def _construct(node: yaml.Node, loc: Loc, lines: dict[Loc, int], seen: set[int], where: int) -> Any:
    """Build the value of a node; `where` is the line of its key or of the list holding it."""
    line = node.start_mark.line + 1
    if len(loc) > MAX_DEPTH:
        raise _Refused(line, loc[:MAX_DEPTH], f"nesting deeper than {MAX_DEPTH} levels")
    if id(node) in seen:  # an alias: the node is the anchored one, so name the line that uses it
        raise _Refused(where, loc, "anchors and aliases (&, *) are not allowed, expected the value written out")
    seen.add(id(node))
    lines[loc] = line
    if isinstance(node, yaml.MappingNode):
        if node.tag != "tag:yaml.org,2002:map":
            raise _Refused(line, loc, _typed(node, "fields written out"))
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _key(key_node, loc)
            if key in result:
                first = lines[loc + (key,)]
                raise _Refused(
                    key_node.start_mark.line + 1, loc + (key,), f"this field is given twice (first on line {first}), expected it once"
                )
            result[key] = _construct(value_node, loc + (key,), lines, seen, key_node.start_mark.line + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            raise _Refused(line, loc, _typed(node, "a plain list"))
        return [_construct(item, loc + (i,), lines, seen, line) for i, item in enumerate(node.value)]
    if node.tag not in _SCALARS:
        raise _Refused(line, loc, _typed(node, "plain text, a number or a date"))
    try:
        return yaml.SafeLoader.yaml_constructors[node.tag](_SCALAR_BUILDER, node)
    except (ValueError, OverflowError, yaml.YAMLError) as exc:  # e.g. an integer of 5,000 digits
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        what = {"int": "a whole number", "float": "a number"}.get(node.tag.rsplit(":", 1)[-1], "a value")
        raise _Refused(line, loc, f"{show(node.value)} cannot be read as {what} ({reason[:80]}), expected a shorter value, or text in quotes") from None


_SCALAR_BUILDER = yaml.SafeLoader("")  # only its scalar constructors are used
_STANDARD_TAG = "tag:yaml.org,2002:"


def _typed(node: yaml.Node, expected: str) -> str:
    """Why a value with an explicit type (`!!set`, `!!python/object`, `!note`) is refused."""
    mark = "!!" + node.tag.removeprefix(_STANDARD_TAG) if node.tag.startswith(_STANDARD_TAG) else node.tag
    return (
        f"the type mark {mark!r} is not allowed ('!' before a value gives it a YAML type, which data files do not use), "
        f"expected {expected} (text that starts with '!' goes in quotes)"
    )


def _key(node: yaml.Node, loc: Loc) -> str:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode) and node.value == "<<":
        raise _Refused(line, loc, "merge keys (<<) are not allowed, expected the fields written out")
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
        raise _Refused(line, loc, f"key {show_key(node)} is not a plain name, expected a field name")
    return node.value


def show_key(node: yaml.Node) -> str:
    value = getattr(node, "value", "?")
    return repr(value) if isinstance(value, str) else "(a collection)"
