"""Build the site in every language: English into site/, the others into site/<code>/.

Each language is its own MkDocs project (mkdocs.yml, mkdocs.ja.yml, ...), built by its own `mkdocs build`
process, so the builds run side by side on as many cores as there are. MkDocs empties a site folder before it
writes one, so the English build, which owns site/, must not see the others' folders appear inside it while it
runs: they are built in .cache/site-languages/<code>/ and moved into site/ when every build has succeeded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .languages import DEFAULT, LANGUAGES, root_of


@dataclass(frozen=True)
class Result:
    lang: str
    returncode: int
    output: str
    seconds: float


def config_file(code: str) -> str:
    return "mkdocs.yml" if code == DEFAULT else f"mkdocs.{code}.yml"


def build_all(project: Path, *, jobs: int | None = None, strict: bool = True, languages: list[str] | None = None) -> int:
    """Build every language; print each build's output and time; return 0 when all succeeded."""
    codes = languages or list(LANGUAGES)
    site = project / "site"
    staging = project / ".cache" / "site-languages"
    shutil.rmtree(staging, ignore_errors=True)
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))

    def run(code: str) -> Result:
        command = [mkdocs, "build", "-f", config_file(code)] + (["--strict"] if strict else [])
        if code != DEFAULT:
            command += ["-d", str(staging / code)]
        start = time.perf_counter()
        done = subprocess.run(command, cwd=project, capture_output=True, text=True)
        return Result(code, done.returncode, done.stdout + done.stderr, time.perf_counter() - start)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs or len(codes)) as pool:
        results = list(pool.map(run, codes))
    for r in results:
        print(f"--- {LANGUAGES[r.lang].name} ({config_file(r.lang)}): {'built' if r.returncode == 0 else 'FAILED'} in {r.seconds:.1f} s")
        if r.output.strip():
            print(r.output.rstrip())
    if any(r.returncode for r in results):
        return 1
    for code in codes:
        if code != DEFAULT:
            target = site / root_of(code)
            shutil.rmtree(target, ignore_errors=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / code, target)
    print(f"Built {len(codes)} languages into {site.relative_to(project)}/ in {time.perf_counter() - start:.1f} s "
          f"({jobs or len(codes)} at a time on {os.cpu_count()} cores).")
    return 0
