"""Shared fixtures: a throw-away copy of the project with any data/, built for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
MKDOCS = [sys.executable, "-m", "mkdocs"]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def make_project(dest: Path, data: Path | None) -> Path:
    """A copy of mkdocs.yml, docs/, hooks/ and overrides/ with the given data/ (the real one by default)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "hooks", dest / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "overrides", dest / "overrides")  # theme.custom_dir
    shutil.copytree(data or ROOT / "data", dest / "data")
    return dest


def run_build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` in a subprocess, as an editor would run it."""
    return subprocess.run(
        # No -q: with it MkDocs drops warnings before strict mode counts them.
        [*MKDOCS, "build", "--strict", "-d", str(project / "site"), *extra],
        cwd=project, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with the small fixture dataset; tests may edit its data/ before building."""
    return make_project(tmp_path / "project", FIXTURE_DATA)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real data/, built once with --strict; returns the site folder."""
    project = make_project(tmp_path_factory.mktemp("real") / "project", None)
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("fixture") / "project", FIXTURE_DATA)
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"
