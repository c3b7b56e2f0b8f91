#!/usr/bin/env python3
"""Lighthouse scores for one page of every kind, served from a local build.

    .venv/bin/python benchmarks/lighthouse.py            # the real data/
    .venv/bin/python benchmarks/lighthouse.py --fixture  # tests/fixtures/data
    .venv/bin/python benchmarks/lighthouse.py --desktop --json-dir /tmp/lh
    .venv/bin/python benchmarks/lighthouse.py --lang ja --kinds person,meeting   # the Japanese site

Installs Lighthouse 12.2.3 from npm into .cache/lighthouse/ on first use (newer
releases need Node 22), builds the site with `mkdocs build --strict`, serves it on
127.0.0.1 with gzip as a static host would, runs Lighthouse with Debian's Chromium
($CHROME_PATH, default /usr/bin/chromium) and prints the four category scores per
page. Lighthouse's default is a mid-range phone on a slow 4G network (simulated);
--desktop uses its desktop preset. Exits 1 when a score is below --fail-under.

Performance varies with the machine's load; accessibility, best practices and
SEO do not.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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
    cmd = [str(exe), url, "--quiet", "--output=json", f"--output-path={out}",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={chrome_flags}",
           "--max-wait-for-load=30000"]
    if desktop:
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", str(CHROMIUM))}
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(out.read_text())


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
    which.add_argument("--site", type=Path, help="an already built site folder to serve")
    parser.add_argument("--desktop", action="store_true", help="Lighthouse's desktop preset instead of its mobile default")
    parser.add_argument("--json-dir", type=Path, help="keep each page's full Lighthouse report here")
    parser.add_argument("--lang", default="en", choices=["en", "ja", "ru"],
                        help="the site in this language (built with every language, as `make build` does)")
    parser.add_argument("--kinds", help="only these page kinds, comma-separated, e.g. person,meeting")
    parser.add_argument("--fail-under", type=int, default=0, metavar="SCORE",
                        help="exit 1 if any score is below SCORE (0-100); 0, the default, only reports")
    args = parser.parse_args(argv)

    if not CHROMIUM.exists() and "CHROME_PATH" not in os.environ:
        sys.exit(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    exe = lighthouse_bin()
    with tempfile.TemporaryDirectory(prefix="cajd-lighthouse-") as tmp:
        tmp = Path(tmp)
        site = args.site or build(FIXTURE_DATA if args.fixture else ROOT / "data", tmp, every_language=args.lang != "en")
        prefix = "" if args.lang == "en" else f"{args.lang}/"
        kinds = {kind: prefix + path for kind, path in page_of_every_kind(site / prefix).items()
                 if not args.kinds or kind in args.kinds.split(",")}
        rows, notes, worst = [], [], 100
        with serve(site, compress=True) as base:
            for kind, path in kinds.items():
                out = (args.json_dir or tmp) / f"{kind.replace(' ', '-')}.json"
                out.parent.mkdir(parents=True, exist_ok=True)
                report = run_one(exe, base + path, desktop=args.desktop, out=out)
                scores = [round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES]
                worst = min(worst, *scores)
                rows.append((kind, "/" + path, scores))
                notes += [f"{kind}: {line}" for line in shortfalls(report)]
                print(f"  {kind:16} {' '.join(f'{s:>4}' for s in scores)}", file=sys.stderr, flush=True)

    mode = "desktop" if args.desktop else "mobile, simulated slow 4G"
    print(f"\nLighthouse {VERSION}, {mode}, Chromium {CHROMIUM}\n")
    width = max(len(f"{k} ({p})") for k, p, _ in rows)
    print(f"| {'Page':{width}} | " + " | ".join(f"{h:>4}" for h in HEADERS) + " |")
    print(f"|{'-' * (width + 2)}|" + "|".join("-----:" for _ in HEADERS) + "|")
    for kind, path, scores in rows:
        print(f"| {kind + ' (' + path + ')':{width}} | " + " | ".join(f"{s:>4}" for s in scores) + " |")
    if notes:
        print("\nAudits that lost points:")
        for line in notes:
            print("  " + line)
    return 1 if worst < args.fail_under else 0


if __name__ == "__main__":
    sys.exit(main())
