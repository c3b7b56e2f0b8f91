"""Property: any mutation of the fixture data either loads (and renders) or fails with well-formed problems.

Random edits of the kind an editor (or a bad merge) makes: a key deleted, a value
changed to another type or an odd string, a line duplicated or dropped, random
Unicode or control characters or bytes inserted, a file truncated, spaces turned
into tabs. `load_dataset` must then return a dataset that renders, or raise
DataError whose every problem is one `file:line: path: message` line naming a
line that exists. Any other exception is a bug.
"""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cajd.dataset import load_dataset
from cajd.errors import DataError
from cajd.render import environment, field_reference, render_site
from conftest import FIXTURE_DATA

PROBLEM_LINE = re.compile(r"^data/[^:\n]+:\d+: (?:[^:\n]+: )?[^\n]+$")  # the field path is left out for a whole file
FILES = sorted(str(p.relative_to(FIXTURE_DATA)) for p in FIXTURE_DATA.rglob("*.yml"))

ODD_VALUES = [
    "", "~", "null", "true", "no", "yes", "0", "-1", "1.5", "0x1F", "0o17", "1_000", "1:30", "1e400", ".nan", ".inf",
    "[]", "{}", "[a, b]", "{a: 1}", "'", '"', "[", "{a: [b", "&a x", "*a", "!!str x", "!!int x", "!!binary aGk=",
    "!!python/object/apply:os.system ['true']", "2019-13-45", "2019-02-29", "2020-02-29", "0000-01-01", "9999-12-31",
    "2019-05", "2019", "<script>alert(1)</script>", "|", ">", "- a", "index", "a:b", "a: b", "#", "%", "@x", "`x`",
    "TODO", "9" * 5000, "x" * 5000, "https://", "javascript:alert(1)", "../../etc/passwd", "\u202eevil", "\ufeff",
]


def _lines(text: str) -> list[str]:
    return text.split("\n")


@st.composite
def mutation(draw, text: str) -> bytes:
    """One to three random edits of one file's text."""
    for _ in range(draw(st.integers(1, 3))):
        lines = _lines(text)
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        kind = draw(st.sampled_from(["delete", "value", "text", "duplicate", "drop", "insert", "tab", "truncate", "bytes"]))
        if kind == "delete" and ":" in lines[i]:
            indent = len(lines[i]) - len(lines[i].lstrip())
            end = i + 1  # the key and the block under it
            while end < len(lines) and (len(lines[end]) - len(lines[end].lstrip()) > indent or not lines[end].strip()):
                end += 1
            del lines[i:end]
        elif kind in ("value", "text") and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            value = draw(st.sampled_from(ODD_VALUES)) if kind == "value" else draw(st.text(max_size=20))
            lines[i] = f"{key}: {value}"
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "drop":
            del lines[i]
        elif kind == "insert":
            where = draw(st.integers(0, len(lines[i])))
            junk = draw(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=4))
            lines[i] = lines[i][:where] + junk + lines[i][where:]
        elif kind == "tab":
            lines[i] = re.sub(r"^ +", lambda m: "\t" * max(1, len(m.group(0)) // 2), lines[i])
        elif kind == "truncate":
            return "\n".join(lines).encode("utf-8")[: draw(st.integers(0, len(text.encode("utf-8"))))]
        elif kind == "bytes":
            raw = "\n".join(lines).encode("utf-8")
            where = draw(st.integers(0, len(raw)))
            return raw[:where] + draw(st.binary(min_size=1, max_size=4)) + raw[where:]
        text = "\n".join(lines)
    return text.encode("utf-8")


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(FIXTURE_DATA, data)
    return data


@functools.cache
def _templates() -> dict:
    """The Jinja environment and field reference, made once: they depend on the code, not the data (each build makes
    them again; here that was about a third of the time of an example that renders)."""
    return {"env": environment(), "reference": field_reference()}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.data())
def test_any_mutation_loads_or_fails_with_well_formed_problems(data_copy: Path, data: st.DataObject):
    names = data.draw(st.lists(st.sampled_from(FILES), min_size=1, max_size=2, unique=True), label="files")
    originals = {name: (FIXTURE_DATA / name).read_bytes() for name in names}
    try:
        for name in names:
            (data_copy / name).write_bytes(data.draw(mutation(originals[name].decode("utf-8")), label=name))
        try:
            dataset = load_dataset(data_copy)
        except DataError as exc:
            assert exc.problems
            for problem in exc.problems:
                line = str(problem)
                assert PROBLEM_LINE.match(line), repr(line)
                path = data_copy.parent / problem.file
                if path.is_file():
                    text = path.read_bytes().decode("utf-8", "replace")
                    last = max(text.count("\n"), len(text.splitlines())) + 1
                    assert 1 <= problem.line <= last, f"{line}: the file has {last - 1} lines"
        else:
            render_site(dataset, **_templates())  # valid data must also render
    finally:
        for name, raw in originals.items():
            (data_copy / name).write_bytes(raw)
