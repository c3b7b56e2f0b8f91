"""Issue 5: bad input never breaks the site.

Whatever arrives in data/, `mkdocs build --strict` either builds a correct site
or stops with one line per problem, `data/FILE:LINE: field.path: message`.
Nothing is lost, nothing runs, nothing is written outside the output folder.

Each case below is one small file (tests/bad_inputs/) or one mutation of the
fixture data, run through a real `mkdocs build --strict` in a fresh copy of the
project AND through `load_dataset`. A failing build stops in `on_config`, so
each one takes well under a second.
"""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
import tracemalloc
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from cajd.dataset import load_dataset
from cajd.errors import DataError
from conftest import FIXTURE_DATA, made_once, make_project, run_build

BAD = Path(__file__).parent / "bad_inputs"
MEETING = "meetings/07-dushanbe-2019.yml"
PLAN = "action-plans/action-plan-2019.yml"

# One problem as the build prints it (MkDocs' log prefix is optional: `cajd validate` prints none).
PROBLEM_LINE = re.compile(r"^(ERROR\s+-\s+)?data/[^:]+:\d+: \S.+")
# The one closing line of the hooks, and the one line MkDocs adds when a build is aborted.
SUMMARY_LINE = re.compile(r"^ERROR\s+-\s+\d+ problem\(s\) in data/; fix them and the site builds again\.$")
MKDOCS_ABORT = "Aborted with a BuildError!"


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def edit(data: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(data: Path, name: str, needle: str) -> int:
    for number, line in enumerate((data / name).read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {name}")


def snapshot(root: Path, skip: tuple[str, ...] = ("site", ".cache")) -> dict[str, tuple[int, int]]:
    """Every path under root (but the output folder, and the git-ignored .cache/ where the hooks keep
    compiled templates) with its size and modification time."""
    out = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if rel.parts[0] in skip:
            continue
        info = path.lstat()
        out[str(rel)] = (info.st_size if not path.is_dir() else 0, info.st_mtime_ns)
    return out


def check_problem_output(output: str) -> list[str]:
    """Every line is a problem line, the hooks' summary or MkDocs' abort line; returns the problems."""
    assert "Traceback" not in output, output
    problems = []
    for line in output.splitlines():
        if not line.strip() or line.strip() == MKDOCS_ABORT or SUMMARY_LINE.match(line):
            continue
        assert PROBLEM_LINE.match(line), f"not a `data/file:line: field: problem` line: {line!r}\n{output}"
        problems.append(re.sub(r"^ERROR\s+-\s+", "", line))
    assert problems, f"the build failed without naming a problem:\n{output}"
    return problems


def loader_problems(data: Path) -> list[str]:
    """`load_dataset` raises DataError (never anything else) and every problem is one well-formed line."""
    with pytest.raises(DataError) as info:
        load_dataset(data)
    lines = [str(p) for p in info.value.problems]
    for line in lines:
        assert PROBLEM_LINE.match(line) and "\n" not in line, line
    return lines


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The builds get their own empty TMPDIR and write no bytecode, so any stray file shows."""
    tmp = tmp_path / "tmpdir"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    return tmp


def build_and_check(project: Path, tmpdir: Path, *, ok: bool) -> tuple[str, list[str]]:
    """Build for real; check exit code, output form, and that nothing was written outside site/ (and .cache/)."""
    before = snapshot(project)
    result = run_build(project)
    output = result.stdout + result.stderr
    assert snapshot(project) == before, "the build wrote outside its output folder"
    assert list(tmpdir.iterdir()) == [], f"the build left files in TMPDIR: {list(tmpdir.iterdir())}"
    if ok:
        assert result.returncode == 0, output
        assert "Traceback" not in output and "ERROR" not in output and "WARNING" not in output, output
        return output, []
    assert result.returncode != 0, f"the build succeeded on bad input:\n{output}"
    assert not (project / "site").exists(), "a failed build must keep the last good site, not write a new one"
    return output, check_problem_output(output)


# ----------------------------------------------------------------------------
# The cases: (name, mutation of data/, expected problem) for the full build
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Callable[[Path], None]
    file: str  # the file the problem names, relative to data/
    path: str  # the field path the problem names ('' for a problem with the whole file)
    message: str  # a part of the message
    line: Callable[[Path], int] | int | None = None  # the line, when it is meaningful

    def expected(self, data: Path) -> re.Pattern[str]:
        line = self.line(data) if callable(self.line) else self.line
        return re.compile(
            re.escape(f"data/{self.file}:") + (str(line) if line else r"\d+") + re.escape(f": {self.path}: " if self.path else ": ") + ".*" + re.escape(self.message)
        )


def _copy_bad(name: str, dest: str) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        shutil.copy(BAD / name, data / dest)
    return mutate


def _edit(name: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda data: edit(data, name, old, new)


def _write(name: str, content: str | bytes) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        target = data / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return mutate


def _at(name: str, needle: str, nth: int = 1) -> Callable[[Path], int]:
    def line(data: Path) -> int:
        lines = (data / name).read_text(encoding="utf-8").splitlines()
        return [n for n, text in enumerate(lines, 1) if needle in text][nth - 1]
    return line


def _second_meeting(data: Path, ordinal: str = "ordinal: 1") -> None:
    text = (data / MEETING).read_text().replace("07-dushanbe-2019", "08-dushanbe-2019").replace("2019-05-18", "2019-06-01")
    text = text.replace("    action_plan: action-plan-2019\n", "").replace("ordinal: 1", ordinal)
    (data / "meetings/08-dushanbe-2019.yml").write_text(text)


def _yaml_extension(data: Path) -> None:
    (data / MEETING).rename(data / "meetings/07-dushanbe-2019.yaml")


def _id_differs_from_file_name(data: Path) -> None:
    (data / MEETING).rename(data / "meetings/07-Dushanbe-2019.yml")


def _symlink_outside(data: Path) -> None:
    outside = data.parent / "outside.yml"
    outside.write_text((data / "themes.yml").read_text())
    (data / "themes.yml").unlink()
    (data / "themes.yml").symlink_to(outside)


def _fifo(data: Path) -> None:
    (data / "people.yml").unlink()
    os.mkfifo(data / "people.yml")


def _big_file(data: Path) -> None:
    """50 MB of valid-looking YAML, written in 1 MB pieces."""
    piece = ("  - id: filler\n    title: Filler\n    description: Filler text.\n" * 20000).encode()[: 1 << 20]
    with open(data / "themes.yml", "wb") as out:
        out.write(b"themes:\n")
        for _ in range(50):
            out.write(piece)


def _deep_block(data: Path) -> None:
    """Nesting by indentation, which no bracket count sees: 60 levels of mappings."""
    text = (data / MEETING).read_text()
    deep = "".join("  " * i + f"k{i}:\n" for i in range(60)) + "  " * 60 + "x\n"
    (data / MEETING).write_text(text + "note:\n" + "".join("  " + ln + "\n" for ln in deep.splitlines()))


PY_MARKER = Path("/tmp") / f"pwned-{uuid.uuid4().hex}"


CASES = [
    # --- YAML itself
    Case("yaml-syntax-unclosed-quote", _edit(MEETING, "city: Dushanbe", 'city: "Dushanbe'), MEETING, "",
         'YAML syntax: the quote (") opened on line', _at(MEETING, 'city: "Dushanbe')),
    Case("tab-indentation", _edit("people.yml", "    country: jp", "\tcountry: jp"), "people.yml", "",
         "YAML syntax: this line is indented with a tab", _at("people.yml", "\tcountry: jp")),
    Case("empty-file", _write("themes.yml", ""), "themes.yml", "", "file is empty, expected a YAML mapping", 1),
    Case("only-comments-and-document-marker", _write("eras.yml", "# nothing yet\n---\n"), "eras.yml", "", "file is empty", 1),
    Case("not-utf8", _copy_bad("latin1.yml", "people.yml"), "people.yml", "", "byte 0xf4 is not UTF-8, expected UTF-8 text", 3),
    Case("nul-byte", _write("places.yml", "places:\n  - id: dushanbe\n    name: Dush\x00anbe\n"), "places.yml", "",
         "control character (#x0000) is not allowed", 3),
    Case("two-documents", _write("eras.yml", "eras: []\n---\neras: []\n"), "eras.yml", "", "expected one document per file", 2),
    Case("duplicate-key", _edit("countries.yml", "    capital: Tokyo\n", "    capital: Tokyo\n    capital: Kyoto\n"),
         "countries.yml", "countries[0].capital", "this field is given twice (first on line", _at("countries.yml", "capital: Kyoto")),
    Case("non-mapping-top-level", _copy_bad("top-level-list.yml", "countries.yml"), "countries.yml", "",
         "top level is a list, expected a mapping", 1),
    Case("key-that-is-not-a-name", _edit(MEETING, "city: Dushanbe", "city: Dushanbe\n1: one"), MEETING, "",
         "key '1' is not a plain name", _at(MEETING, "1: one")),
    Case("merge-key", _copy_bad("merge-key.yml", "eras.yml"), "eras.yml", "eras[1]", "merge keys (<<) are not allowed", 8),
    Case("alias-bomb", _copy_bad("billion-laughs.yml", "sources.yml"), "sources.yml", "b[0]",
         "anchors and aliases (&, *) are not allowed", 4),
    Case("python-object-apply", _write("themes.yml", f'themes: !!python/object/apply:os.system ["touch {PY_MARKER}"]\n'),
         "themes.yml", "themes", "the type mark '!!python/object/apply:os.system' is not allowed", 1),
    Case("deep-flow-nesting", _write("eras.yml", "eras: " + "[" * 200 + "]" * 200 + "\n"), "eras.yml", "",
         "nesting deeper than 40 levels", 1),
    Case("deep-block-nesting", _deep_block, MEETING, "note." + ".".join(f"k{i}" for i in range(39)), "nesting deeper than 40 levels"),
    Case("huge-integer", _edit(MEETING, "ordinal: 1", "ordinal: " + "9" * 5000), MEETING, "ordinal",
         "cannot be read as a whole number", _at(MEETING, "ordinal: 999")),
    Case("50-mb-file", _big_file, "themes.yml", "", "bytes, expected at most 1,000,000", 1),
    Case("symlink-out-of-data", _symlink_outside, "themes.yml", "", "file is a symbolic link, expected a regular file", 1),
    Case("fifo-instead-of-file", _fifo, "people.yml", "", "not a regular file", 1),
    Case("odd-key-stays-on-one-line", _edit(MEETING, "city: Dushanbe", 'city: Dushanbe\n"ci\\nty:\\e[2J": x'), MEETING,
         r"['ci\nty\x3a\x1b[2J']", "unknown field", _at(MEETING, "ci\\nty")),
    # --- fields
    Case("unknown-field-typo", _edit(MEETING, "city: Dushanbe", "venu: Dushanbe"), MEETING, "venu",
         "unknown field 'venu', did you mean 'venue'?", _at(MEETING, "venu:")),
    Case("missing-required-field", _edit("places.yml", "    lat: 38.53575\n", ""), "places.yml", "places[0].lat",
         "required field is missing"),
    Case("wrong-type-list", _edit(MEETING, "themes: [tourism, regional-security]", "themes: tourism"), MEETING, "themes",
         "'tourism' is a str, expected a list"),
    Case("wrong-type-bool-as-number", _edit(MEETING, "ordinal: 1", "ordinal: true"), MEETING, "ordinal",
         "True is a bool, expected a whole number", _at(MEETING, "ordinal: true")),
    Case("wrong-type-text-as-number", _edit("places.yml", "lat: 38.53575", 'lat: "38.5"'), "places.yml", "places[0].lat",
         "'38.5' is a str, expected a number"),
    Case("wrong-type-yes-as-text", _edit("countries.yml", "    capital: Tokyo", "    capital: yes"), "countries.yml",
         "countries[0].capital", "True is a bool, expected text"),
    Case("impossible-date", _edit("eras.yml", "start: 2019-05-18", "start: 2019-13-45"), "eras.yml", "eras[0].start",
         "'2019-13-45' is not a real date", _at("eras.yml", "2019-13-45")),
    Case("date-in-words", _edit("sources.yml", "date: 2019-05", "date: May 2019"), "sources.yml", "sources[0].date",
         "'May 2019' is not a date, expected YYYY-MM-DD, YYYY-MM or YYYY"),
    Case("date-as-number", _edit(MEETING, "date: 2019-05-18", "date: 20190518"), MEETING, "date",
         "expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got int", _at(MEETING, "date: 2019")),
    # --- ids
    Case("duplicate-id", _edit("themes.yml", "  - id: regional-security", "  - id: tourism"), "themes.yml", "themes[1].id",
         "duplicate id 'tourism' (first in data/themes.yml:", _at("themes.yml", "id: tourism", 2)),
    Case("duplicate-ordinal", _second_meeting, "meetings/08-dushanbe-2019.yml", "ordinal", "ordinal 1 is also used by '07-dushanbe-2019'"),
    Case("missing-ordinal", _edit(MEETING, "ordinal: 1\n", ""), MEETING, "", "a held foreign-ministers meeting needs an ordinal"),
    Case("id-escapes-folder", _edit("people.yml", "id: salahuddin-rabbani", "id: ../salahuddin-rabbani"), "people.yml",
         "people[2].id", "'../salahuddin-rabbani' is not a valid id"),
    Case("id-absolute-path", _edit("themes.yml", "id: tourism", "id: /etc/tourism"), "themes.yml", "themes[0].id", "is not a valid id"),
    Case("id-upper-case", _edit("themes.yml", "id: regional-security", "id: Regional-Security"), "themes.yml", "themes[1].id",
         "'Regional-Security' is not a valid id"),
    Case("id-with-space", _edit("people.yml", "id: taro-kono", "id: taro kono"), "people.yml", "people[0].id", "is not a valid id"),
    Case("id-index-collides-with-index-page", _edit("themes.yml", "id: tourism", "id: index"), "themes.yml", "themes[0].id",
         "'index' is reserved for the index pages"),
    Case("ids-differing-in-case", _edit("themes.yml", "id: regional-security", "id: Tourism"), "themes.yml", "themes[1].id",
         "'Tourism' is not a valid id"),
    Case("meeting-file-ends-in-yaml", _yaml_extension, "meetings/07-dushanbe-2019.yaml", "", "file ends in .yaml, expected .yml", 1),
    Case("meeting-id-differs-from-file-name", _id_differs_from_file_name, "meetings/07-Dushanbe-2019.yml", "id",
         "differs from the file name", _at("meetings/07-Dushanbe-2019.yml", "id: 07-dushanbe-2019")),
    # --- references
    Case("dangling-country", _edit("people.yml", "country: af", "country: uz"), "people.yml", "people[2].country",
         "unknown country 'uz' (known: af, jp, kz, tj)"),
    Case("dangling-person", _edit("events.yml", "people: [taro-kono, salahuddin-rabbani]", "people: [taro-kono, nobody]"),
         "events.yml", "events[0].people[1]", "unknown person 'nobody'"),
    Case("dangling-theme", _edit(PLAN, "    theme: tourism", "    theme: tourisme"), PLAN, "fields[0].theme", "unknown theme 'tourisme'"),
    Case("dangling-source", _edit("places.yml", "sources: [geonames-1221874]", "sources: [geonames-0]"), "places.yml",
         "places[0].sources[0]", "unknown source 'geonames-0'"),
    Case("dangling-meeting", _edit("events.yml", "meeting: 07-dushanbe-2019", "meeting: 07-dushanbe-2091"), "events.yml",
         "events[0].meeting", "unknown meeting '07-dushanbe-2091'"),
    Case("dangling-event", _edit(PLAN, "        sources: [diplomat-2019]\n",
                                 "        sources: [diplomat-2019]\n        progress:\n          - event: no-such-event\n"
                                 "            text: Reported.\n            sources: [diplomat-2019]\n"),
         PLAN, "fields[0].items[0].progress[0].event", "unknown event 'no-such-event'"),
    Case("dangling-continues", _edit(PLAN, "        countries: [tj]\n", "        countries: [tj]\n        continues: action-plan-2006/x\n"),
         PLAN, "fields[0].items[0].continues", "unknown earlier plan 'action-plan-2006'"),
    # --- markup and addresses
    Case("markup-in-a-name", _edit("people.yml", "name: Taro Kono", "name: Taro <img src=x onerror=alert(1)>"), "people.yml",
         "people[0].name", "angle brackets (< >) in a name or title"),
    Case("url-javascript", _edit("sources.yml", "url: https://www.geonames.org/1221874", "url: javascript:alert(1)"),
         "sources.yml", "sources[2].url", "URL scheme 'javascript' is not allowed"),
    Case("url-data", _edit("sources.yml", "url: https://www.geonames.org/1221874", "url: 'data:text/html,<script>alert(1)</script>'"),
         "sources.yml", "sources[2].url", "URL scheme 'data' is not allowed"),
    Case("url-file", _edit(PLAN, "id: action-plan-2019\n", "id: action-plan-2019\nurl: file:///etc/passwd\n"),
         PLAN, "url", "URL scheme 'file' is not allowed"),
]


def _upper_case_extension(data: Path) -> None:
    _second_meeting(data, "ordinal: 2")
    (data / "meetings/08-dushanbe-2019.yml").rename(data / "meetings/08-dushanbe-2019.YML")


# Once gaps in hooks/cajd/dataset.py, now closed: a file in the wrong case, and broken base maps.
KNOWN_GAPS = [
    pytest.param(Case("meeting-file-ends-in-upper-case-yml", _upper_case_extension, "meetings/08-dushanbe-2019.YML", "",
                      "expected .yml", 1)),
    pytest.param(Case("basemap-nested-too-deep", _write("geo/basemap.json", "[" * 100_000), "geo/basemap.json", "",
                      "cannot use the base map", 1)),
    pytest.param(Case("basemap-wrong-shape", _write("geo/basemap.json", '{"bbox": [1, 2, 3, 4], "shapes": [{"x": 1}]}'),
                      "geo/basemap.json", "", "cannot use the base map", 1)),
]


@pytest.mark.parametrize("case", [*CASES, *KNOWN_GAPS], ids=[c.name for c in CASES] + [p.values[0].name for p in KNOWN_GAPS])
def test_bad_input_stops_the_build_with_file_line_field(case: Case, tmp_path: Path, isolated: Path):
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    data = project / "data"
    case.mutate(data)
    expected = case.expected(data)

    found = loader_problems(data)
    assert any(expected.search(p) for p in found), f"{expected.pattern}\nnot in\n" + "\n".join(found)

    _, printed = build_and_check(project, isolated, ok=False)
    assert any(expected.search(p) for p in printed), f"{expected.pattern}\nnot in\n" + "\n".join(printed)
    assert not PY_MARKER.exists()


# ----------------------------------------------------------------------------
# Inputs that are accepted: the site must come out right
# ----------------------------------------------------------------------------


def test_byte_order_mark_is_accepted(tmp_path: Path, isolated: Path):
    """Windows editors save UTF-8 with a BOM; it is not content, so the file builds as without it."""
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    for name in ("people.yml", MEETING):
        path = project / "data" / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    build_and_check(project, isolated, ok=True)
    html = (project / "site/people/taro-kono/index.html").read_text()
    assert "Taro Kono" in html and "\ufeff" not in html
    assert "\ufeff" not in (project / "site/meetings/07-dushanbe-2019/index.html").read_text()


def test_quoted_and_unquoted_dates_build_the_same_page(tmp_path: Path, isolated: Path):
    pages = []
    for quoted in (False, True):
        project = make_project(tmp_path / f"p{quoted}", FIXTURE_DATA)
        if quoted:
            edit(project / "data", MEETING, "date: 2019-05-18", 'date: "2019-05-18"')
            edit(project / "data", "eras.yml", "start: 2019-05-18", "start: '2019-05-18'")
        build_and_check(project, isolated, ok=True)
        pages.append((project / "site/meetings/07-dushanbe-2019/index.html").read_text().replace(str(project), ""))
    assert pages[0] == pages[1]
    assert '<time datetime="2019-05-18">18 May 2019</time>' in pages[0]


# ----------------------------------------------------------------------------
# Loader-only cases: more variants, memory bounds, no code execution
# ----------------------------------------------------------------------------

PYTHON_TAGS = [
    '!!python/object/apply:os.system ["touch {m}"]',
    '!!python/object/new:subprocess.check_output [["touch", "{m}"]]',
    "!!python/name:os.system",
    "!!python/module:os",
    '!<tag:yaml.org,2002:python/object/apply:os.system> ["touch {m}"]',
    '!!python/object/apply:builtins.exec ["open(\'{m}\', \'w\')"]',
]


@pytest.mark.parametrize("payload", PYTHON_TAGS)
def test_python_tags_are_refused_and_never_run(payload: str, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    marker = tmp_path / f"pwned-{uuid.uuid4().hex}"
    edit(data, "themes.yml", "    description: Promoting Central Asia as a destination.",
         "    description: " + payload.format(m=marker))
    # The same through a %TAG directive, which hides the python/ prefix behind a handle.
    (data / "eras.yml").write_text(
        "%TAG !p! tag:yaml.org,2002:python/\n---\n"
        f'eras: !p!object/apply:os.system ["touch {marker}"]\n'
    )
    found = loader_problems(data)
    line = line_of(data, "themes.yml", "description: !")
    assert any(p.startswith(f"data/themes.yml:{line}: themes[0].description: the type mark '!!python/") for p in found), found
    assert any(p.startswith("data/eras.yml:3: eras: the type mark '!!python/object/apply:os.system' is not allowed") for p in found), found
    assert not marker.exists()


def problems_and_peak_memory(data: Path) -> tuple[list[str], int]:
    """loader_problems(data), and the peak memory Python allocated while it ran, in bytes."""
    gc.collect()
    tracemalloc.start()
    try:
        found = loader_problems(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return found, peak


def test_alias_bomb_is_refused_with_bounded_memory(tmp_path: Path):
    """A billion laughs: nine levels of nine aliases would expand to 10^9 strings if constructed."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    lol = ["lol: &a0 [" + ", ".join(['"lol"'] * 9) + "]"]
    lol += [f"l{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    (data / "sources.yml").write_text("\n".join(lol) + "\n")
    found, peak = problems_and_peak_memory(data)
    assert any("data/sources.yml:2: l1[0]: anchors and aliases (&, *) are not allowed" in p for p in found), found
    assert peak < 20 * 2**20, f"peak traced memory {peak / 2**20:.1f} MB"


def test_oversized_file_is_refused_before_it_is_read(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    _big_file(data)
    assert (data / "themes.yml").stat().st_size > 50_000_000
    found, peak = problems_and_peak_memory(data)
    assert any(p.startswith("data/themes.yml:1: file is 5") and "expected at most 1,000,000" in p for p in found), found
    assert peak < 10 * 2**20, f"peak traced memory {peak / 2**20:.1f} MB: the file was read"


def test_a_device_is_refused_without_reading_it(tmp_path: Path):
    """/dev/zero never ends; reading it whole would exhaust memory."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    from cajd.yamlload import load_yaml

    value, _, found = load_yaml(Path("/dev/zero"), "data/people.yml")
    assert value is None and [str(p) for p in found] == [
        "data/people.yml:1: not a regular file (a folder, device, pipe or socket), expected a YAML file"
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("eras: []\n\x7f", "data/eras.yml:2: YAML syntax: an invisible control character (#x007f) is not allowed"),
        ("eras:\n  - id: a\n    <<: {title: x}\n", "data/eras.yml:3: eras[0]: merge keys (<<) are not allowed"),
        ("eras: &x []\nother: *x\n", "data/eras.yml:2: other: anchors and aliases"),
        ("eras: !!set {a, b}\n", "data/eras.yml:1: eras: the type mark '!!set' is not allowed"),
        ("eras: !!binary aGk=\n", "data/eras.yml:1: eras: the type mark '!!binary' is not allowed"),
        ("eras: !!timestamp 2019-01-01\n", "data/eras.yml:1: eras: the type mark '!!timestamp' is not allowed"),
        ("? [a, b]\n: c\n", "data/eras.yml:1: key (a collection) is not a plain name"),
        ("null: x\n", "data/eras.yml:1: key 'null' is not a plain name"),
        ("eras:\n- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - x\n",
         "nesting deeper than 40 levels"),
        ("...\n", "data/eras.yml:1: YAML syntax"),
        ("~\n", "data/eras.yml:1: file is empty"),
        ('"a:b": 1\n', "data/eras.yml:1: ['a\\x3ab']: unknown field"),
        ("eras: 0x1F\n", "data/eras.yml:1: eras: 31 is a int, expected a list"),
    ],
)
def test_loader_variants(text: str, expected: str, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    (data / "eras.yml").write_text(text, encoding="utf-8")
    found = loader_problems(data)
    assert any(expected in p for p in found), found


def test_problem_lines_never_carry_terminal_escapes_or_line_breaks(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    edit(data, MEETING, "format: in-person", 'format: "in-person\\e[2J\\nERROR - fake"')
    weird = data / "meetings" / "x:\x1b[31m.yml"
    weird.write_text("id: x\n")
    found = loader_problems(data)
    assert all("\x1b" not in p and "\n" not in p for p in found), found
    assert any(p.startswith("data/meetings/x\\x3a\\x1b[31m.yml:1: ") for p in found), found


# ----------------------------------------------------------------------------
# Hostile text in every kind of text field: the site builds and all of it is inert
# ----------------------------------------------------------------------------

# A name or title (one line, no angle brackets) and a longer text, each trying everything.
LINE_PAYLOAD = (
    "XSS-L\" onmouseover=\"XSSattr()' onfocus='XSSattr() [XSSlink](javascript:XSSjs()) *XSSem* __XSSstrong__ "
    "`XSScode` {: onclick=\"XSSattr()\" } &amp;lt;XSSent&amp;gt; &#60;XSSnum&#62; javascript:XSSjs() \\ | ~~XSSdel~~"
)
TEXT_PAYLOAD = (
    LINE_PAYLOAD
    + "\n\n<script>XSSscript()</script>\n\n<img src=x onerror=XSSattr()>\n\n</p></div></details></table>\n\n"
    "# XSShead\n\n    XSSindented\n\n[XSSref]: javascript:XSSjs()\n\n<a href=\"javascript:XSSjs()\">XSSa</a>\n\n"
    "<style>XSSstyle{}</style>\n\n<!-- XSScomment --> ]]> <![CDATA[ XSScdata\n\n"
    "<svg onload=XSSattr()><iframe src=\"javascript:XSSjs()\"></iframe>\n\n!!! danger \"XSSadmon\"\n    XSSadmonbody"
)

LINE_FIELDS = {"name", "title", "capital", "official_name", "publisher", "topic", "signed_place", "venue", "title_ja",
               "aliases", "projects"}
TEXT_FIELDS = {"summary", "description", "note", "text", "claim", "follows", "reason"}
# Where each marker must never end up: inside these elements it would be live markup.
FORBIDDEN_PARENTS = {
    "XSSem": {"em"}, "XSSstrong": {"strong"}, "XSScode": {"code"}, "XSSdel": {"del", "s"}, "XSSlink": {"a"},
    "XSSa": {"a"}, "XSShead": {"h1", "h2", "h3", "h4", "h5", "h6"}, "XSSindented": {"pre", "code"},
    "XSSadmon": {"p", "div"}, "XSSstyle": {"style"}, "XSSscript": {"script"},
}


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, value) -> None:
    path.write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def _fill(value, key: str | None = None):
    """Replace every free-text value in a record with a payload."""
    if isinstance(value, dict):
        return {k: _fill(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, key) for v in value]
    if isinstance(value, str) and key in LINE_FIELDS:
        return LINE_PAYLOAD
    if isinstance(value, str) and key in TEXT_FIELDS:
        return TEXT_PAYLOAD
    return value


def hostile_data(data: Path) -> None:
    """The fixture with every optional text field present and every text field hostile."""
    src = ["diplomat-2019"]
    dispute = {"topic": "t", "follows": "f", "reason": "r",
               "accounts": [{"claim": "a", "sources": src}, {"claim": "b", "sources": ["mofa-page4-004977"]}]}
    meeting = _load(data / MEETING)
    meeting.update(title="t", venue="v", note="n", disputes=[dispute])
    meeting["documents"][0].update(title_ja="t", note="n", certainty="inferred")
    meeting["participants"][0].update(note="n")
    meeting["highlights"][0]["text"] = "t"
    _dump(data / MEETING, _fill(meeting))

    plan = _load(data / PLAN)
    plan.update(title_ja="t", note="n", disputes=[dispute])
    plan["fields"][0].update(summary="s", note="n")
    plan["fields"][0]["items"][0].update(note="n", projects=["p", "q"],
                                        progress=[{"meeting": "07-dushanbe-2019", "text": "t", "sources": src}])
    _dump(data / PLAN, _fill(plan))

    countries = _load(data / "countries.yml")
    countries["countries"][1].update(official_name="o", aliases=["a"])
    countries["countries"][1]["investment_agreement"].update(note="n")
    _dump(data / "countries.yml", _fill(countries))

    people = _load(data / "people.yml")
    people["people"][0].update(note="n")
    people["people"][0]["positions"][0].update(certainty="unconfirmed", note="n")
    _dump(data / "people.yml", _fill(people))

    sources = _load(data / "sources.yml")
    sources["sources"][0].update(note="n")
    _dump(data / "sources.yml", _fill(sources))

    events = _load(data / "events.yml")
    events["events"][0].update(city="c", disputes=[dispute])
    _dump(data / "events.yml", _fill(events))

    for name in ("themes.yml", "eras.yml", "places.yml"):
        _dump(data / name, _fill(_load(data / name)))
    # A meeting's city must be the name of a place: both are the same hostile line.
    meeting = _load(data / MEETING)
    meeting["city"] = LINE_PAYLOAD
    _dump(data / MEETING, meeting)


class _Scanner(HTMLParser):
    """Collects every way a payload could have become live markup."""

    URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcdoc", "background"}
    INERT_ATTRS = {"title", "aria-label", "content", "alt", "value", "data-value", "placeholder"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.scripts: list[tuple[str, str]] = []  # (type, content)
        self._script_type: str | None = None
        self.live: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.live.append(f"<{tag} {name}={value!r}>: event handler attribute")
            if name in self.URL_ATTRS and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:", "data:", "vbscript:")):
                self.live.append(f"<{tag} {name}={value!r}>: script URL")
            if "XSS" in value and name not in self.INERT_ATTRS:
                self.live.append(f"<{tag} {name}={value!r}>: data in a live attribute")
            if "XSS" in name:
                self.live.append(f"<{tag} {name}>: attribute made from data")
        if "XSS" in tag:
            self.live.append(f"<{tag}>: element made from data")
        if tag == "script":
            self._script_type = dict(attrs).get("type") or "text/javascript"
        if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base", "embed"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self._script_type is not None and self.stack and self.stack[-1] == "script":
            self.scripts.append((self._script_type, data))
            return
        for marker, parents in FORBIDDEN_PARENTS.items():
            # Live markup made from data wraps the marker alone: <em>XSSem</em>, <h1>XSShead</h1>.
            if data.strip() == marker and self.stack and self.stack[-1] in parents:
                self.live.append(f"{marker!r} inside <{self.stack[-1]}>: markup from data")

    def handle_comment(self, data):
        if "XSS" in data:
            self.live.append("an HTML comment made from data")


def _build_hostile_site(folder: Path) -> None:
    project = make_project(folder / "project", FIXTURE_DATA)
    hostile_data(project / "data")
    load_dataset(project / "data")  # every payload is valid data: the point is how it is shown
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once per run, by whichever worker asks first."""
    return made_once(tmp_path_factory, "hostile", _build_hostile_site) / "project" / "site"


def _scan(site: Path) -> dict[str, _Scanner]:
    out = {}
    for page in sorted(site.rglob("*.html")):
        scanner = _Scanner()
        scanner.feed(page.read_text(encoding="utf-8"))
        scanner.close()
        out[str(page.relative_to(site))] = scanner
    return out


def _head(html: str) -> str:
    return html[: html.index("</head>")]


@pytest.mark.parametrize(
    "html, live",
    [
        ("<p><em>XSSem</em></p>", True),
        ("<h2>XSShead</h2>", True),
        ('<a href="javascript:XSSjs()">x</a>', True),
        ('<a href=" JaVaScRiPt:alert(1)">x</a>', True),
        ('<img src="x" onerror="XSSattr()">', True),
        ('<p title="x" onmouseover="y">', True),
        ('<a href="https://x.org/XSSlink">x</a>', True),
        ("<!-- XSScomment -->", True),
        ('<p title="XSS-L&#34; onmouseover=&#34;XSSattr()">&lt;script&gt;XSSscript()&lt;/script&gt; *XSSem*</p>', False),
        ('<a href="../x/">XSS-L [XSSlink](javascript:XSSjs())</a>', False),
    ],
)
def test_the_scanner_sees_live_markup(html: str, live: bool):
    scanner = _Scanner()
    scanner.feed(html)
    assert bool(scanner.live) == live, scanner.live


def test_hostile_text_in_every_field_is_inert_in_the_page_bodies(hostile_site: Path):
    pages = {p: s for p, s in _scan(hostile_site).items()}
    assert len(pages) > 10
    shown = sum(("XSS" in (hostile_site / p).read_text()) for p in pages)
    assert shown >= 8, "the payloads should appear, as text, on most pages"
    meeting = (hostile_site / "meetings/07-dushanbe-2019/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;XSSscript()&lt;/script&gt;" in meeting and "*XSSem*" in meeting  # shown as written
    problems = []
    for page, scanner in pages.items():
        html = (hostile_site / page).read_text(encoding="utf-8")
        body = html[html.index("</head>"):]
        body_scan = _Scanner()
        body_scan.feed(body)
        problems += [f"{page}: {x}" for x in body_scan.live]
        for kind, content in body_scan.scripts:
            if "XSS" in content:
                assert kind == "application/ld+json", f"{page}: data in a script: {content[:200]}"
                json.loads(content)  # still one JSON value: the data did not close the element
    assert problems == [], "\n".join(problems[:40])


def test_hostile_text_is_inert_in_the_head(hostile_site: Path):
    """<title>, <meta name="description">, Open Graph tags and JSON-LD carry data too.

    MkDocs renders the theme without autoescape and Material writes page.meta.description into an
    attribute as it is: the hooks must hand it over escaped (a summary with '"><script>' once became
    a live script in <head>).
    """
    problems = []
    for page in sorted(hostile_site.rglob("*.html")):
        head = _head(page.read_text(encoding="utf-8"))
        scanner = _Scanner()
        scanner.feed(head)
        problems += [f"{page.relative_to(hostile_site)}: {x}" for x in scanner.live]
        for kind, content in scanner.scripts:
            if "XSS" in content:
                assert kind == "application/ld+json", f"{page}: data in a script: {content[:200]}"
                json.loads(content)
    assert problems == [], "\n".join(problems[:40])


def test_search_index_holds_hostile_text_only_escaped(hostile_site: Path):
    """Material renders search results with innerHTML: the index must carry the text escaped."""
    index = json.loads((hostile_site / "search/search_index.json").read_text(encoding="utf-8"))
    hits = [d for d in index["docs"] if "XSS" in d["text"] or "XSS" in d["title"]]
    assert hits
    for doc in hits:
        for field in ("text", "title"):
            scanner = _Scanner()
            scanner.feed(doc[field])
            assert scanner.live == [] and not scanner.scripts, (doc["location"], scanner.live, doc[field][:300])
