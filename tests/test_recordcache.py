"""Validated records kept between processes (cajd.recordcache): the same dataset as without the cache, a miss
whenever any input changed, never a file with problems."""

from __future__ import annotations

import shutil
from pathlib import Path

import pydantic
import pytest

from cajd import model as m
from cajd import recordcache
from cajd.dataset import load_dataset
from cajd.errors import DataError
from cajd.recordcache import RecordCache

from conftest import FIXTURE_DATA, ROOT

MEETING = "meetings/07-dushanbe-2019.yml"


def _load(data: Path, cache: RecordCache, display_root: str = "data"):
    return load_dataset(data, display_root, read=cache.read, validate=cache.validate)


def _same(a, b) -> None:
    assert a.records == b.records
    assert {k: (o.file, o.lines, o.prefix) for k, o in a.origins.items()} == \
           {k: (o.file, o.lines, o.prefix) for k, o in b.origins.items()}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    return tmp_path / "data"


def test_a_warm_load_of_the_real_data_is_the_load_without_the_cache(tmp_path: Path):
    plain = load_dataset(ROOT / "data")
    cold = RecordCache(tmp_path / "records")
    _same(_load(ROOT / "data", cold), plain)
    assert cold.hits == 0
    warm = RecordCache(tmp_path / "records")
    _same(_load(ROOT / "data", warm), plain)
    assert warm.hits == len(list((tmp_path / "records").glob("*.pickle"))) > 20  # every data file, from the cache


def test_changing_the_files_bytes_is_a_miss(data: Path, tmp_path: Path):
    _load(data, RecordCache(tmp_path / "records"))
    path = data / MEETING
    path.write_text(path.read_text(encoding="utf-8").replace("summary: ", "summary: Changed. ", 1), encoding="utf-8")
    cache = RecordCache(tmp_path / "records")
    ds = _load(data, cache)
    assert ds.meetings["07-dushanbe-2019"].summary.startswith("Changed. ")
    assert cache.hits == sum(1 for _ in data.rglob("*.yml")) - 1 - sum(1 for _ in (data / "i18n").rglob("*.yml"))
    _same(ds, load_dataset(data))


def test_the_path_shown_in_messages_is_part_of_the_key(data: Path, tmp_path: Path):
    _load(data, RecordCache(tmp_path / "records"))
    cache = RecordCache(tmp_path / "records")
    _same(_load(data, cache, display_root="elsewhere"), load_dataset(data, "elsewhere"))
    assert cache.hits == 0


def test_other_code_is_a_miss(data: Path, tmp_path: Path):
    _load(data, RecordCache(tmp_path / "records"))
    cache = RecordCache(tmp_path / "records", code=b"other code")
    _same(_load(data, cache), load_dataset(data))
    assert cache.hits == 0


def test_the_code_stamp_covers_every_source_file_and_the_libraries(tmp_path: Path, monkeypatch):
    package = tmp_path / "cajd"
    shutil.copytree(recordcache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__", "templates", "locale"))
    first = recordcache.code_stamp(package)
    assert recordcache.code_stamp(package) == first
    for name in ("model.py", "yamlload.py", "formats.py", "recordcache.py"):
        original = (package / name).read_bytes()
        (package / name).write_bytes(original + b"\n# changed\n")
        assert recordcache.code_stamp(package) != first, name
        (package / name).write_bytes(original)
    (package / "new_module.py").write_text("X = 1\n")
    assert recordcache.code_stamp(package) != first
    (package / "new_module.py").unlink()
    for module, attribute in ((pydantic, "VERSION"), (recordcache.pydantic_core, "__version__"),
                              (recordcache.yaml, "__version__"), (recordcache.yaml, "__with_libyaml__")):
        with monkeypatch.context() as patch:
            patch.setattr(module, attribute, "other")
            assert recordcache.code_stamp(package) != first, attribute
    with monkeypatch.context() as patch:
        patch.setattr(recordcache.sys, "version", "other")
        assert recordcache.code_stamp(package) != first
    assert recordcache.code_stamp(package) == first


def test_a_record_kept_for_another_model_is_not_used(data: Path, tmp_path: Path):
    path = data / "themes.yml"
    cache = RecordCache(tmp_path / "records")
    parsed, _, problems = cache.read(path, "data/themes.yml")
    assert not problems
    cache.validate(m.ThemesFile, parsed)
    again = RecordCache(tmp_path / "records")
    parsed, _, _ = again.read(path, "data/themes.yml")
    with pytest.raises(pydantic.ValidationError):
        again.validate(m.PeopleFile, parsed)  # validated afresh by the model asked for
    assert again.hits == 0


def test_a_file_with_problems_is_never_kept_and_reported_the_same_each_time(data: Path, tmp_path: Path):
    path = data / MEETING
    path.write_text(path.read_text(encoding="utf-8").replace("date: ", "date: not-a-date-", 1), encoding="utf-8")
    (data / "themes.yml").write_text("themes: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError) as without:
        load_dataset(data)
    reported = []
    for _ in range(2):
        with pytest.raises(DataError) as cached:
            _load(data, RecordCache(tmp_path / "records"))
        reported.append([str(p) for p in cached.value.problems])
    assert reported[0] == reported[1] == [str(p) for p in without.value.problems]
    kept = RecordCache(tmp_path / "records")
    for name in (MEETING, "themes.yml"):
        kept.read(data / name, f"data/{name}")
    assert not kept._kept  # neither file was kept


def test_a_damaged_cache_file_is_a_miss(data: Path, tmp_path: Path):
    _load(data, RecordCache(tmp_path / "records"))
    for kept in (tmp_path / "records").glob("*.pickle"):
        kept.write_bytes(kept.read_bytes()[:40])
    cache = RecordCache(tmp_path / "records")
    _same(_load(data, cache), load_dataset(data))
    assert cache.hits == 0
