#!/usr/bin/env python3
"""Lighthouse scores for one page of every kind, served from a local build.

    .venv/bin/python benchmarks/lighthouse.py            # the real data/
    .venv/bin/python benchmarks/lighthouse.py --fixture  # tests/fixtures/data
    .venv/bin/python benchmarks/lighthouse.py --desktop --json-dir /tmp/lh
    .venv/bin/python benchmarks/lighthouse.py --lang ja --kinds person,meeting   # the Japanese site
    .venv/bin/python benchmarks/lighthouse.py --runs 5 --kinds timeline,sources --site /tmp/before /tmp/after

Installs Lighthouse 12.2.3 from npm into .cache/lighthouse/ on first use (newer
releases need Node 22), builds the site with `mkdocs build --strict`, serves it on
127.0.0.1 with gzip as a static host would, runs Lighthouse with Debian's Chromium
($CHROME_PATH, default /usr/bin/chromium) and prints the four category scores per
page. Lighthouse's default is a mid-range phone on a slow 4G network (simulated);
--desktop uses its desktop preset. Exits 1 when a score is below --fail-under.

Performance varies with the machine's load; accessibility, best practices and
SEO do not. On a shared machine take several runs (--runs N): the table then gives each score's median,
and the performance score's and the blocking time's range; runs go round the pages (and the sites, with
several --site folders, e.g. before and after a change) so that a change in the machine's load falls on
all of them alike. The load average is printed with the table.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "hooks"))

from browser.siteserver import CHROMIUM, CHROMIUM_FLAGS, page_of_every_kind, serve  # noqa: E402
from conftest import FIXTURE_DATA, make_project, run_build, run_build_all  # noqa: E402

VERSION = "12.2.3"
CACHE = ROOT / ".cache" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
HEADERS = ["Perf", "A11y", "BP", "SEO"]


def lighthouse_bin() -> Path:
    """The pinned Lighthouse, installed into .cache/lighthouse/ when missing or of another version."""
    exe = CACHE / "node_modules" / ".bin" / "lighthouse"
    package = CACHE / "node_modules" / "lighthouse" / "package.json"
    if exe.exists() and package.exists() and json.loads(package.read_text()).get("version") == VERSION:
        return exe
    if not shutil.which("npm"):
        sys.exit("npm is needed to install Lighthouse (apt-get install nodejs npm; Node 20 or newer)")
    print(f"installing lighthouse@{VERSION} into {CACHE.relative_to(ROOT)}/ ...", file=sys.stderr)
    CACHE.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "install", "--prefix", str(CACHE), "--no-audit", "--no-fund", "--loglevel=error",
                    f"lighthouse@{VERSION}"], check=True)
    return exe


def build(data: Path, workdir: Path, every_language: bool = False) -> Path:
    project = make_project(workdir / "project", data)
    result = run_build_all(project) if every_language else run_build(project)
    if result.returncode != 0:
        sys.exit(f"the build failed:\n{result.stdout}{result.stderr}")
    return project / "site"


def run_one(exe: Path, url: str, *, desktop: bool, out: Path) -> dict:
    chrome_flags = " ".join(["--headless=new", *CHROMIUM_FLAGS])
    cmd = [str(exe), url, "--quiet", "--output=json", f"--output-path={out}", "--save-assets",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={chrome_flags}",
           "--max-wait-for-load=30000"]
    if desktop:
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", str(CHROMIUM))}
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(out.read_text())
    trace = out.with_name(out.stem + "-0.trace.json")
    report["restyled"] = restyled(json.loads(trace.read_text())) if trace.exists() else None
    return report


def restyled(trace: dict) -> int:
    """How many elements the page's main thread styled during the load, summed over its style recalculations.

    Unlike the timings it does not depend on the machine's load: an element restyled four times counts four.
    """
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    main = {(e["pid"], e["tid"]) for e in events
            if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"}
    return sum(e.get("args", {}).get("elementCount") or 0 for e in events
               if e.get("name") == "UpdateLayoutTree" and (e["pid"], e["tid"]) in main)


def shortfalls(report: dict) -> list[str]:
    """The scored audits that lost points, per category."""
    lines = []
    for cid in CATEGORIES:
        for ref in report["categories"][cid]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                lines.append(f"{cid}: {ref['id']} {audit['score']:.2f}{' (' + value + ')' if value else ''}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--fixture", action="store_true", help="build from tests/fixtures/data instead of data/")
    which.add_argument("--site", type=Path, nargs="+", help="already built site folders to serve (several: measured in turn)")
    parser.add_argument("--desktop", action="store_true", help="Lighthouse's desktop preset instead of its mobile default")
    parser.add_argument("--json-dir", type=Path, help="keep each page's full Lighthouse report here")
    parser.add_argument("--lang", default="en", choices=["en", "ja", "ru"],
                        help="the site in this language (built with every language, as `make build` does)")
    parser.add_argument("--kinds", help="only these page kinds, comma-separated, e.g. person,meeting")
    parser.add_argument("--runs", type=int, default=1, metavar="N", help="run each page N times; report medians and ranges")
    parser.add_argument("--fail-under", type=int, default=0, metavar="SCORE",
                        help="exit 1 if any score is below SCORE (0-100); 0, the default, only reports")
    args = parser.parse_args(argv)

    if not CHROMIUM.exists() and "CHROME_PATH" not in os.environ:
        sys.exit(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    exe = lighthouse_bin()
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="cajd-lighthouse-") as tmp, contextlib.ExitStack() as stack:
        tmp = Path(tmp)
        sites = args.site or [build(FIXTURE_DATA if args.fixture else ROOT / "data", tmp, every_language=args.lang != "en")]
        prefix = "" if args.lang == "en" else f"{args.lang}/"
        kinds = {kind: prefix + path for kind, path in page_of_every_kind(sites[0] / prefix).items()
                 if not args.kinds or kind in args.kinds.split(",")}
        bases = {site: stack.enter_context(serve(site, compress=True)) for site in sites}
        label = {site: (site.name if len(sites) > 1 else "") for site in sites}
        results: dict[tuple[Path, str], list[dict]] = {}
        notes = []
        for run in range(args.runs):
            for kind, path in kinds.items():
                for site in sites:
                    name = "-".join(filter(None, [label[site], kind.replace(" ", "-"), str(run) if args.runs > 1 else ""]))
                    out = (args.json_dir or tmp) / f"{name}.json"
                    out.parent.mkdir(parents=True, exist_ok=True)
                    report = run_one(exe, bases[site] + path, desktop=args.desktop, out=out)
                    results.setdefault((site, kind), []).append(report)
                    loads.append(os.getloadavg()[0])
                    if run == 0:
                        notes += [f"{label[site] + ' ' if label[site] else ''}{kind}: {line}" for line in shortfalls(report)]
                    scores = [round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES]
                    print(f"  {label[site]:12} {kind:16} {' '.join(f'{s:>4}' for s in scores)}"
                          f"  TBT {report['audits']['total-blocking-time']['numericValue']:5.0f} ms  load {loads[-1]:.1f}",
                          file=sys.stderr, flush=True)

    rows, worst = [], 100
    for (site, kind), reports in results.items():
        scores = [round(statistics.median(100 * (r["categories"][c]["score"] or 0) for r in reports)) for c in CATEGORIES]
        perf = [round(100 * (r["categories"]["performance"]["score"] or 0)) for r in reports]
        tbt = [r["audits"]["total-blocking-time"]["numericValue"] for r in reports]
        elements = reports[0]["audits"]["dom-size"].get("numericValue", 0)
        styled = [r["restyled"] for r in reports if r["restyled"] is not None]
        worst = min(worst, *scores)
        span = (f"{min(perf)}–{max(perf)}", f"{statistics.median(tbt):,.0f}", f"{min(tbt):,.0f}–{max(tbt):,.0f}")
        rows.append(((label[site] + " " if label[site] else "") + kind, "/" + kinds[kind], scores, span, elements,
                     f"{statistics.median(styled):,.0f}" if styled else "?"))

    mode = "desktop" if args.desktop else "mobile, simulated slow 4G"
    runs = f"median of {args.runs} runs" if args.runs > 1 else "one run"
    print(f"\nLighthouse {VERSION}, {mode}, Chromium {CHROMIUM}; {runs}; "
          f"load average {min(loads):.1f}–{max(loads):.1f} during the runs\n")
    width = max(len(f"{k} ({p})") for k, p, *_ in rows)
    extra = ["Perf range", "TBT ms", "TBT range", "Elements", "Restyled"]
    print(f"| {'Page':{width}} | " + " | ".join(f"{h:>4}" for h in HEADERS + extra) + " |")
    print(f"|{'-' * (width + 2)}|" + "|".join("-----:" for _ in HEADERS + extra) + "|")
    for kind, path, scores, span, elements, styled in rows:
        print(f"| {kind + ' (' + path + ')':{width}} | " + " | ".join(f"{s:>4}" for s in [*scores, *span, f"{elements:,.0f}", styled]) + " |")
    print("\nTBT: total blocking time (simulated). Elements: in the page. Restyled: elements styled while it loaded,"
          "\nsummed over its style recalculations (median; independent of the machine's load).")
    if notes:
        print("\nAudits that lost points (first run):")
        for line in notes:
            print("  " + line)
    return 1 if worst < args.fail_under else 0


if __name__ == "__main__":
    sys.exit(main())
