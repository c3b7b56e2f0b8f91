#!/usr/bin/env python3
"""Build and live-reload cost as the data grows, compared within one run.

    .venv/bin/python benchmarks/build.py                        # N = 10, 100, 1000 and the real data/
    .venv/bin/python benchmarks/build.py --sizes 10,100 --quick
    .venv/bin/python benchmarks/build.py --baseline main        # this code and main's, alternately

For each N it generates a synthetic, valid dataset of N meetings (benchmarks/datagen.py) into a
temporary folder, never into data/, and builds, alternately, in fresh child processes
(benchmarks/measure.py):

  build      the site with its hooks (`mkdocs build`): wall time, CPU time and peak memory; each
             time once right after emptying the project's .cache/ (cold: templates compiled,
             data files validated afresh) and once with what that build kept there (warm)
  baseline   with --baseline REV: the same data built by that revision's code (a temporary git
             worktree), so "before" and "after" share the machine's load
  floor      the same generated pages written as plain Markdown, built with no hooks
  plain      a plain Material site with as many pages, in the same folders and nav, of ordinary
             Markdown: what any Material site of that size costs on this machine now

and times the hooks' own work (load/validate/render), then measures the live-reload latency of
`mkdocs serve` from a YAML edit to the new content being served (benchmarks/report.py prints it
all). Timings are compared only within one run: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import datagen  # noqa: E402
import measure  # noqa: E402
import report  # noqa: E402
from measure import ROOT, BuildResult, ServeResult  # noqa: E402

from cajd.dataset import load_dataset  # noqa: E402
from cajd.errors import DataError  # noqa: E402
from cajd.site import prepare  # noqa: E402

FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


# ----------------------------------------------------------------------------
# One dataset: every variant built alternately
# ----------------------------------------------------------------------------


def prepare_variants(work: Path, label: str, data: Path, base_code: Path | None) -> dict[str, Path]:
    """The projects to build for one dataset: this code, the floor, the plain site, and the baseline's."""
    name = slug(label)
    projects = {"build": measure.make_project(work / f"{name}-hooks", data)}
    built = prepare(projects["build"], {})
    projects["floor"] = measure.make_floor(projects["build"], work / f"{name}-floor", built)
    uris = sorted(p.relative_to(projects["floor"] / "docs").as_posix() for p in (projects["floor"] / "docs").rglob("*.md"))
    projects["plain"] = measure.make_plain(work / f"{name}-plain", uris, set(built.in_nav))
    if base_code is not None:
        projects["baseline"] = measure.make_project(work / f"{name}-baseline", data, code=base_code)
    for kind in ("build", "baseline"):  # compiled once, as on an editor's machine after the first build (site-packages is)
        if kind in projects:
            compileall.compile_dir(str(projects[kind] / "hooks"), quiet=1)
    return projects


def measure_dataset(work: Path, label: str, data: Path, repeats: int, base_code: Path | None) -> tuple[report.Row, report.Row | None]:
    """This code's row and, with a baseline, the baseline's row for the same data."""
    projects = prepare_variants(work, label, data, base_code)
    pages = sum(1 for _ in (projects["floor"] / "docs").rglob("*.md"))
    results: dict[str, list[BuildResult]] = {kind: [] for kind in projects}
    cold: dict[str, list[BuildResult]] = {kind: [] for kind in ("build", "baseline") if kind in projects}
    for r in range(max(1, repeats)):
        for kind, project in projects.items():  # alternately, so every variant sees the same load
            if kind in cold:  # the code's own caches (.cache/: compiled templates, kept records) emptied, then kept
                shutil.rmtree(project / ".cache", ignore_errors=True)
                progress(f"{label}: build {r + 1}/{repeats}, {kind}, cold ({pages} pages)")
                cold[kind].append(measure.measure_build(project))
            progress(f"{label}: build {r + 1}/{repeats}, {kind} ({pages} pages)")
            results[kind].append(measure.measure_build(project))
    for kind, builds in results.items():
        if not any(b.ok for b in builds):
            progress(f"{label}: {kind} FAILED:\n{builds[-1].error}")
    best = {kind: measure.best_of(builds) for kind, builds in results.items()}
    row = report.Row(label, pages, best["build"], best["floor"], best["plain"], measure.time_hooks(projects["build"], repeats),
                     cold=measure.best_of(cold["build"]))
    if base_code is None:
        return row, None
    base = report.Row(f"{label} (baseline)", best["baseline"].pages or pages, best["baseline"], best["floor"], best["plain"],
                      measure.time_hooks(projects["baseline"], repeats), cold=measure.best_of(cold["baseline"]))
    return row, base


# ----------------------------------------------------------------------------
# Data, live reload and the run
# ----------------------------------------------------------------------------


def datasets(work: Path, sizes: list[int], real: bool, notes: list[str]) -> tuple[dict[str, Path], str | None]:
    """Generated data for each N and the real data/ (the fixture data if data/ does not validate)."""
    found: dict[str, Path] = {}
    for n in sizes:
        progress(f"N={n}: generating data")
        counts = datagen.generate_dataset(work / f"data-{n}", n)
        load_dataset(work / f"data-{n}")  # raises DataError if the generator is wrong
        found[str(n)] = work / f"data-{n}"
        notes.append(f"N={n}: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))
    if not real:
        return found, None
    shutil.copytree(ROOT / "data", work / "data-real", symlinks=False)
    try:
        label = f"real ({len(load_dataset(work / 'data-real').meetings)})"
        found[label] = work / "data-real"
    except DataError as exc:
        label = f"fixture ({len(load_dataset(FIXTURE_DATA).meetings)})"
        found[label] = FIXTURE_DATA
        notes.append(f"data/ does not validate right now ({len(exc.problems)} problems, first: {exc.problems[0]}); "
                     "the 'real' figures use tests/fixtures/data instead")
    return found, label


def live_reload(work: Path, keys: list[str], data: dict[str, Path], real: str | None, edits: int,
                base_code: Path | None = None) -> tuple[dict[str, ServeResult], dict]:
    serve: dict[str, ServeResult] = {}
    project = None
    for key in keys:
        label = real if key == "real" else f"N={key}"
        source = data.get(real if key == "real" else key)
        if source is None:
            source = work / f"data-{key}"
            datagen.generate_dataset(source, int(key))
        held = [mid for mid, mt in load_dataset(source).meetings.items() if mt.status == "held"]
        for code, name in ((ROOT, label), (base_code, f"{label} (baseline)")) if base_code else ((ROOT, label),):
            made = measure.make_project(work / f"serve-{slug(name)}", source, code=code)
            project = made if code == ROOT else project
            progress(f"serve {name}: {edits} edits of meetings/{held[len(held) // 2]}")
            serve[name] = measure.measure_serve(made, held[len(held) // 2], edits)
    return serve, (measure.hook_reload(project) if project else {})


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000", help="meeting counts, comma-separated (default 10,100,1000)")
    parser.add_argument("--quick", action="store_true", help="one build of each kind and 2 serve edits, not best of 2 and 5")
    parser.add_argument("--repeats", type=int, help="builds of each kind, alternately, of which the best is reported (default 2; --quick: 1)")
    parser.add_argument("--serve", default="real,100",
                        help="datasets for the live-reload measure: 'real' and/or sizes; '' for none (default real,100)")
    parser.add_argument("--no-real", action="store_true", help="skip the real data/ (build and serve)")
    parser.add_argument("--baseline", metavar="REV", help="also build (alternately) and serve with this git revision's code (e.g. main)")
    parser.add_argument("--keep", type=Path, help="work in this new folder and keep it, instead of a temporary one")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    serve_on = [x.strip() for x in args.serve.split(",") if x.strip() and not (args.no_real and x.strip() == "real")]
    repeats, edits = (1, 2) if args.quick else (2, 5)
    repeats = args.repeats or repeats
    notes: list[str] = []
    load = f"load average {os.getloadavg()[0]:.1f} at the start" if hasattr(os, "getloadavg") else ""
    with contextlib.ExitStack() as stack:
        if args.keep:
            args.keep.mkdir(parents=True)
            work = args.keep.resolve()
        else:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cajd-bench-")))
        base_code = stack.enter_context(measure.checkout(args.baseline, work / "baseline-code")) if args.baseline else None
        if args.baseline:
            notes.append(f"baseline: {measure.describe(args.baseline)}")
        data, real = datasets(work, sizes, not args.no_real, notes)
        rows, baseline = [], {}
        for label, source in data.items():
            row, base = measure_dataset(work, label, source, repeats, base_code)
            rows.append(row)
            if base:
                baseline[label] = base
        serve, reload = live_reload(work, serve_on, data, real, edits, base_code)
    print_report(rows, baseline, real, serve, reload, notes, repeats, load)
    failed = [r.label for r in [*rows, *baseline.values()] if not r.ok] + [k for k, s in serve.items() if s.error]
    return 1 if failed else 0


def print_report(rows, baseline, real, serve, reload, notes, repeats, load="") -> None:
    out = [f"Machine: {report.machine()}" + (f"; {load}" if load else ""), "Data: " + "; ".join(notes), "",
           report.table([r for row in rows for r in (row, baseline.get(row.label)) if r]),
           f"(build, floor, plain: best of {repeats}, built alternately; cpu: user + system seconds of the build; "
           "build and cpu: with what the code's previous build kept in .cache/ (warm); cold cpu: best of as many builds "
           "right after emptying .cache/ (no compiled templates, no kept records); "
           f"load/validate/render: best of {repeats}; overhead = (build - floor) / floor; x plain = build / plain "
           "(x plain cpu: in CPU time); pages: HTML pages the build wrote (a baseline may write fewer); "
           "'real (n)': data/ with n meetings)", ""]
    out += report.ratios(rows, baseline)
    if serve:
        out.append("Live reload (mkdocs serve --livereload on 127.0.0.1; a meeting summary edited in YAML, "
                   "time until the served page shows it):")
        full = {(f"N={r.label}" if r.label[:1].isdigit() else r.label): r.build for r in [*rows, *baseline.values()] if r.build.ok}
        out += [report.serve_summary(label, s, *((full[label].seconds, full[label].cpu) if label in full else ()))
                for label, s in serve.items()]
        if reload:
            out.append(f"  on a rebuild, load_config takes {report.fmt(reload['again_ms'])} ms (first: {report.fmt(reload['first_ms'])} ms); "
                       f"hooks/main.py {'runs again' if reload['rerun'] else 'is loaded once per process (MkDocs caches hook modules)'}; "
                       f"importing cajd afresh takes {report.fmt(reload['reimport_ms'])} ms")
    real_serve = serve.get(real) if real else None
    out += report.targets(rows, baseline, real, report.median(real_serve.served_ms) if real_serve else float("nan"))
    print("\n".join(out), flush=True)


if __name__ == "__main__":
    sys.exit(main())
