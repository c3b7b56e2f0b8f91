"""Validated records kept between processes, in .cache/records/ (git-ignored): one file per data file.

A one-off build (`mkdocs build`, each language of `make build`) parses every data file (in Python, keeping the
line of every value for the messages) and validates it: about 0.08 s of CPU for data/. The same bytes, read by the
same code, give the same parse and the same record, so a build keeps both, under a key made of everything they
are made from:

- the file's bytes, and its path as messages show it;
- the code: every .py file of this package (the YAML loader, the models and their validators, which read
  nothing else: no other file, no clock), and the versions of Python, pydantic, pydantic-core and PyYAML
  (and whether PyYAML uses LibYAML);
- the model that validated it (its module and name), checked before the record is used.

A later build that finds the same key takes the parse and the record from the file (unpickled: about 0.01 s for
all of data/). Only a file that parses and validates without a problem is kept: a file with problems is read and
validated on every build, and its problems are reported exactly as without the cache. The records are checked
against each other (checks.py) on every build. A kept file that does not match or cannot be read is a miss.
Files are written whole under a temporary name, then renamed, so builds running at once (make build's languages)
never read half a file. `mkdocs serve` does not use this: it keeps the last rebuild's records in memory (site.Reuse).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

import pydantic
import pydantic_core
import yaml

from . import yamlload
from .errors import Problem

PACKAGE = Path(__file__).parent
_KEY_BYTES = 32  # a sha256 digest, at the start of each file, before the pickle


def code_stamp(package: Path = PACKAGE) -> bytes:
    """What a kept record depends on besides its file: the package's Python source and the libraries' versions."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    versions = (sys.version, pydantic.VERSION, pydantic_core.__version__, yaml.__version__, yaml.__with_libyaml__,
                pickle.HIGHEST_PROTOCOL)
    digest.update(repr(versions).encode())
    return digest.digest()


def _model_name(model: type) -> str:
    return f"{model.__module__}.{model.__qualname__}"


class RecordCache:
    """`read` and `validate` for dataset.load_dataset, taking the parse and the record of an unchanged file from
    `folder` and keeping those of a new one there. One per build."""

    def __init__(self, folder: Path, code: bytes | None = None):
        self.folder = folder
        self._code = code_stamp() if code is None else code
        self._kept: dict[int, tuple[Any, str, Any]] = {}  # id(data) -> (data, model name, record): found in a file
        self._new: dict[int, tuple[Path, bytes, Any, dict]] = {}  # id(data) -> (file, key, data, lines): to keep
        self.hits = 0  # files whose record was taken from the cache (for tests and benchmarks)

    def read(self, path: Path, display: str) -> tuple[Any, dict, list[Problem]]:
        """yamlload.load_yaml(path, display), from the cache when the file's bytes and the code are the same."""
        raw, refused = yamlload.read_file(path)
        if refused:
            return yamlload.load_yaml(path, display)  # the same problem, said the same way
        file = self.folder / (hashlib.sha256(display.encode()).hexdigest()[:32] + ".pickle")
        key = hashlib.sha256(self._code + display.encode() + b"\0" + raw).digest()
        kept = self._load(file, key)
        if kept is not None:
            data, lines, model_name, record = kept
            self._kept[id(data)] = (data, model_name, record)
            return data, lines, []
        data, lines, problems = yamlload.parse_yaml(raw, display)
        if not problems:
            self._new[id(data)] = (file, key, data, lines)
        return data, lines, problems

    def validate(self, model: type[pydantic.BaseModel], data: Any) -> Any:
        """model.model_validate(data); the kept record when `data` came from the cache and `model` validated it."""
        kept = self._kept.get(id(data))
        if kept is not None and kept[0] is data and kept[1] == _model_name(model):
            self.hits += 1
            return kept[2]
        record = model.model_validate(data)  # raises ValidationError: nothing is kept
        new = self._new.pop(id(data), None)
        if new is not None and new[2] is data:
            file, key, _, lines = new
            self._store(file, key, (data, lines, _model_name(model), record))
        return record

    def _load(self, file: Path, key: bytes) -> tuple | None:
        try:
            with file.open("rb") as f:
                if f.read(_KEY_BYTES) != key:
                    return None
                return pickle.load(f)
        except Exception:  # noqa: BLE001  (missing, unreadable or from other code: read the file as usual)
            return None

    def _store(self, file: Path, key: bytes, entry: tuple) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(key)
                    pickle.dump(entry, f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, file)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:  # a read-only checkout: the next build reads the file again
            pass
