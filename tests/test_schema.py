"""JSON Schema from the models: committed in data/schema/, named by every YAML file, ignored by the loader."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cajd import cli, export, schema
from cajd.dataset import load_dataset
from cajd.yamlload import load_yaml

from conftest import FIXTURE_DATA, ROOT

DATA = ROOT / "data"
REGENERATE = "regenerate it with `make schema` and commit data/schema/"


def _yaml_files(root: Path) -> list[Path]:
    # Translations (data/i18n/<lang>/...) have schemas of their own, data/schema/i18n-<kind>.json.
    return sorted(p for p in root.rglob("*.yml") if schema.SCHEMA_FOLDER not in p.relative_to(root).parts)


def test_committed_schema_is_up_to_date():
    folder = DATA / schema.SCHEMA_FOLDER
    expected = schema.schema_files()
    for name, text in expected.items():
        path = folder / name
        assert path.exists(), f"data/schema/{name} is missing; {REGENERATE}"
        assert path.read_text(encoding="utf-8") == text, f"data/schema/{name} is out of date with hooks/cajd/model.py; {REGENERATE}"
    extra = sorted(p.name for p in folder.iterdir() if p.name not in expected)
    assert not extra, f"data/schema/ has files no model describes: {extra}; remove them"


def test_schema_is_json_schema_of_the_models():
    meeting = json.loads(schema.schema_text("meeting"))
    assert meeting["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert meeting["additionalProperties"] is False
    assert set(meeting["required"]) >= {"id", "kind", "date", "format", "summary", "sources"}
    assert meeting["properties"]["kind"]["enum"] == ["foreign-ministers", "special", "summit"]
    assert meeting["properties"]["date"]["description"]
    people = json.loads(schema.schema_text("people"))
    assert people["properties"]["people"]["items"] == {"$ref": "#/$defs/Person"}


@pytest.mark.parametrize("root", [DATA, FIXTURE_DATA], ids=["data", "fixtures"])
def test_every_yaml_file_names_its_schema_on_its_first_line(root: Path):
    files = _yaml_files(root)
    assert len(files) >= 9
    for path in files:
        relative = path.relative_to(root).as_posix()
        kind = schema.kind_of(relative)
        assert kind, f"{relative}: not a kind of data file the schema knows"
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith(schema.MODELINE), f"{path}: first line should be `{schema.modeline(relative)}`"
        target = (path.parent / first.removeprefix(schema.MODELINE)).resolve()
        assert target == (DATA / schema.SCHEMA_FOLDER / f"{kind}.json").resolve(), f"{path} names {target}"
        if root == DATA:
            assert first == schema.modeline(relative)


def test_the_loader_ignores_the_schema_folder(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    (data / "schema").mkdir()
    (data / "schema" / "meeting.json").write_text("{not json")
    (data / "schema" / "stray.yml").write_text("id: [unclosed\n")
    ds = load_dataset(data)
    assert list(ds.meetings) == ["07-dushanbe-2019"]


def test_schema_command_writes_every_file_and_reports_none_when_current(tmp_path: Path, capsys):
    assert cli.main(["schema", str(tmp_path)]) == 0
    written = {p.name: p.read_text() for p in (tmp_path / "schema").iterdir()}
    assert written == schema.schema_files()
    assert "wrote" in capsys.readouterr().out
    assert cli.main(["schema", str(tmp_path)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_the_site_publishes_the_schema_beside_the_downloads():
    files = export.downloads(load_dataset(FIXTURE_DATA))
    for name, text in schema.schema_files().items():
        assert files[f"data/schema/{name}"] == text


def test_a_build_publishes_the_committed_schema_files_or_makes_them_when_one_is_missing(tmp_path: Path):
    # A build reads data/schema/ (test_committed_schema_is_up_to_date keeps it equal to the models).
    assert schema.committed_schema_files(DATA) == schema.schema_files()
    assert list(schema.committed_schema_files(DATA)) == schema.schema_names()
    shutil.copytree(DATA / schema.SCHEMA_FOLDER, tmp_path / schema.SCHEMA_FOLDER)
    (tmp_path / schema.SCHEMA_FOLDER / "meeting.json").unlink()
    assert schema.committed_schema_files(tmp_path) is None  # the build then makes them from the models
    assert schema.committed_schema_files(FIXTURE_DATA) is None


# The schema must accept every valid file: an editor must never flag good data.
# Needs the `jsonschema` package; skipped where it is not installed.
@pytest.mark.parametrize("root", [DATA, FIXTURE_DATA], ids=["data", "fixtures"])
def test_valid_data_passes_its_json_schema(root: Path):
    jsonschema = pytest.importorskip("jsonschema")
    load_dataset(root)  # the data is valid for the models
    for path in _yaml_files(root):
        relative = path.relative_to(root).as_posix()
        data, _lines, problems = load_yaml(path, relative)
        assert not problems
        validator = jsonschema.Draft202012Validator(schema.json_schema(schema.kind_of(relative)))
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]
        assert not errors, f"{relative}: {errors[:5]}"


def test_json_records_pass_their_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    ds = load_dataset(FIXTURE_DATA)
    files = export.downloads(ds)
    for kind, schema_kind in [("meetings", "meeting"), ("plans", "action-plan")]:
        validator = jsonschema.Draft202012Validator(schema.json_schema(schema_kind))
        for record_id in getattr(ds, kind):
            validator.validate(json.loads(files[export.record_uri(kind, record_id)]))


def test_json_schema_refuses_what_the_models_refuse():
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(schema.json_schema("meeting"))
    data, _lines, _problems = load_yaml(FIXTURE_DATA / "meetings/07-dushanbe-2019.yml", "x")
    assert not list(validator.iter_errors(data))
    for bad in ({"format": "hybrid"}, {"venu": "Hall"}, {"date": "2019-05"}, {"ordinal": 0}, {"sources": []}):
        assert list(validator.iter_errors({**data, **bad})), bad
