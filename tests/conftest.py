"""Shared fixtures: a throw-away copy of the project with any data/, built for real.

What tests only read is made once per test run (`made_once`): the two sites (the real data/ and
the fixture data), and what a test file builds for its own tests only (the hostile site, the HTML
check). Whichever pytest-xdist worker needs it first makes it, under a file lock in the run's shared
temporary folder; the other workers wait for it and read the same files. So `make test` can hand
out single tests to the workers (--dist worksteal) without making anything twice.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

import warmbuild
from reporting import Progress
from warmbuild import MKDOCS

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


# The checks whose result depends on a page's template (axe, the layout at 375 px, English left in a translated
# page, the Nu HTML check, the Markdown extension's equivalence) run on a sample of the real site in `make test`: one
# page of every kind in every language (tests/browser/siteserver.py reads the kinds from the code's registry; records'
# largest page), which includes the heaviest pages (home, timeline, Sources), and the dark scheme in English and
# Japanese (test_page_kinds.DARK_SITES). With CAJD_TEST_ALL set (`make test-all`) they run on every page of every
# site, the fixture site too.
EVERY_PAGE = env_flag("CAJD_TEST_ALL")


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(Progress(config, EVERY_PAGE), "cajd-progress")


def pytest_sessionfinish(session: pytest.Session) -> None:
    warmbuild.stop()  # the helper that run_build's processes are forked from, if this process started one


def make_project(dest: Path, data: Path | None, code: Path = ROOT) -> Path:
    """A copy of the MkDocs configurations (every language's), babel.cfg, docs/, hooks/ and overrides/ with the
    given data/ (the real one by default).

    `code` is the checkout to copy them from (the benchmark passes an older revision's)."""
    dest.mkdir(parents=True, exist_ok=True)
    for config in [*code.glob("mkdocs*.yml"), code / "babel.cfg"]:
        if config.is_file():  # an older revision may have neither the language configs nor babel.cfg
            shutil.copy(config, dest / config.name)
    shutil.copytree(code / "docs", dest / "docs")
    shutil.copytree(code / "hooks", dest / "hooks", ignore=_compiled_code_only_in_pycache)
    shutil.copytree(code / "overrides", dest / "overrides")  # theme.custom_dir
    shutil.copytree(data or code / "data", dest / "data")
    return dest


def _compiled_code_only_in_pycache(folder: str, names: list[str]) -> set[str]:
    """What make_project leaves out of hooks/: the package's metadata, and in __pycache__ all but the compiled modules
    (the checkout's own, which this run's imports wrote). With those the copy's first build does not compile the core
    again (about 0.1 s of CPU time a build); Python checks each against its source's size and modification time, which
    the copy keeps, so a source a test edits is compiled anew. A file being written is not a `.pyc` yet."""
    if Path(folder).name == "__pycache__":
        return {name for name in names if not name.endswith(".pyc")}
    return {name for name in names if name.endswith(".egg-info")}


def run_build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` in a new process, as an editor would run it; the process is forked from one that has
    already imported MkDocs and the libraries (tests/warmbuild.py)."""
    return warmbuild.run(
        # No -q: with it MkDocs drops warnings before strict mode counts them.
        [*MKDOCS, "build", "--strict", "-d", str(project / "site"), *extra],
        cwd=project, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with the small fixture dataset; tests may edit its data/ before building."""
    return make_project(tmp_path / "project", FIXTURE_DATA)


def made_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """The folder shared-<name>/ in the run's shared temporary folder, filled by `make(folder)` once per test run;
    returns it. The worker that asks first makes it; the others wait, then read it. If `make` failed or skipped,
    every test that asks fails or skips in the same way, with the same message."""
    base = factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # the parent is shared by the workers
    folder = root / f"shared-{name}"
    outcome = root / f"shared-{name}.outcome"  # "ok", "skipped" or "failed", then a message: written once it is made
    with FileLock(str(root / f"shared-{name}.lock")):
        if not outcome.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            try:
                make(folder)
            except pytest.skip.Exception as exc:
                outcome.write_text(f"skipped\n{exc.msg}", encoding="utf-8")
                raise
            except BaseException as exc:
                said = exc.msg if isinstance(exc, pytest.fail.Exception) else "".join(traceback.format_exception(exc))
                outcome.write_text(f"failed\n{said}", encoding="utf-8")
                raise
            outcome.write_text("ok\n", encoding="utf-8")
            return folder
        state, said = outcome.read_text(encoding="utf-8").split("\n", 1)
    if state == "skipped":
        pytest.skip(said)
    if state == "failed":
        pytest.fail(f"making shared-{name} failed (in the test that asked first):\n{said}", pytrace=False)
    return folder


def shared_site(factory: pytest.TempPathFactory, name: str, data: Path | None) -> Path:
    """The site built from `data` once per run, for tests that only read it; returns the site folder."""

    def build(folder: Path) -> None:
        result = run_build_all(make_project(folder / "project", data))
        (folder / "build.log").write_text(f"{result.returncode}\n{result.stdout}{result.stderr}", encoding="utf-8")

    folder = made_once(factory, name, build)
    code, output = (folder / "build.log").read_text(encoding="utf-8").split("\n", 1)
    assert code == "0", output
    return folder / "project" / "site"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real data/, built with --strict once per run in every language, as `make build` does (English at the
    site's root, Japanese in ja/, Russian in ru/)."""
    return shared_site(tmp_path_factory, "real", None)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture data and its translations, built with --strict once per run in every language."""
    return shared_site(tmp_path_factory, "fixture", FIXTURE_DATA)


def run_build_all(project: Path) -> subprocess.CompletedProcess[str]:
    """`make build`'s command: every language, into site/, site/ja/ and site/ru/."""
    return subprocess.run(
        [sys.executable, "-m", "cajd", "build-all"], cwd=project, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "hooks")},
    )


@pytest.fixture(scope="session")
def languages_site(real_site: Path) -> Path:
    """The real data/ in every language (the same build as real_site)."""
    return real_site


@pytest.fixture(scope="session")
def ja_site(languages_site: Path) -> Path:
    return languages_site / "ja"


@pytest.fixture(scope="session")
def ru_site(languages_site: Path) -> Path:
    return languages_site / "ru"


TRANSLATED = ["ja", "ru"]  # the languages other than English


@pytest.fixture(scope="session", params=TRANSLATED)
def translated_pages(request) -> tuple[str, dict[str, str]]:
    """(language, {src_uri: Markdown}): every page the fixture data makes in Japanese, then in Russian, rendered
    in this process (no MkDocs build)."""
    from cajd.dataset import load_dataset
    from cajd.languages import locale_for
    from cajd.render import render_site
    from cajd.translation import translate

    lang = request.param
    t = translate(load_dataset(FIXTURE_DATA), FIXTURE_DATA, lang, locale_for(lang))
    return lang, {p.src_uri: p.markdown for p in render_site(t.dataset, t.dataset.locale, t.spellings)}
