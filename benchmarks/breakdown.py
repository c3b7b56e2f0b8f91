#!/usr/bin/env python3
"""Where one `mkdocs build` spends its CPU time, item by item, in one process (no profiler).

    .venv/bin/python benchmarks/breakdown.py mkdocs.yml                 # this project, English
    .venv/bin/python benchmarks/breakdown.py other/mkdocs.yml --runs 3  # any MkDocs project; median of 3 runs

Each run is a fresh process that builds the site into a temporary folder. The items are MkDocs' own steps and
every plugin's (and hook's) handler of every event, each timed in CPU time exclusive of the items it calls, so
they add up; the garbage collector's share of it all is given on its own. Compare two projects (ours and the
benchmark's plain Material site, `build.py --keep DIR`) item by item, in runs made one after the other.
Only MkDocs' names are wrapped (the functions its build looks up in its own modules); nothing is changed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

_RUN = r"""
import gc, json, os, resource, sys, time
from collections import defaultdict
start = time.process_time()
from mkdocs.__main__ import cli
import mkdocs.commands.build as build
import mkdocs.config
import mkdocs.plugins as plugins
import mkdocs.structure.files as files
import mkdocs.structure.pages as pages

clock = time.process_time
totals = defaultdict(float)
stack = []  # [item, CPU time when it last resumed]


def timed(item, fn):
    def wrapper(*args, **kwargs):
        now = clock()
        if stack:
            totals[stack[-1][0]] += now - stack[-1][1]
        stack.append([item, now])
        try:
            return fn(*args, **kwargs)
        finally:
            end = clock()
            totals[item] += end - stack.pop()[1]
            if stack:
                stack[-1][1] = end
    return wrapper


def run_event(self, name, item=None, **kwargs):  # PluginCollection.run_event, each handler timed
    for method in self.events[name]:
        origin = self._event_origins.get(method, "<unknown>")
        self._current_plugin = origin
        who = "hooks" if origin.endswith(".py") else origin
        result = timed(f"event {name}: {who}", method)(*(() if item is None else (item,)), **kwargs)
        item = item if result is None else result
    self._current_plugin = None
    return item


plugins.PluginCollection.run_event = run_event
for owner, name, item in [
    (mkdocs.config, "load_config", "read mkdocs.yml (load_config, loads plugins and hooks)"),
    (build, "get_files", "list docs/"),
    (files.Files, "add_files_from_theme", "list the theme's files"),
    (build, "get_navigation", "navigation"),
    (pages.Page, "read_source", "read pages"),
    (pages.Page, "render", "Python-Markdown (Page.render)"),
    (build, "_build_page", "page template, written (_build_page)"),
    (files.Files, "copy_static_files", "copy and write other files"),
    (build, "_build_theme_template", "theme templates (404, sitemap)"),
]:
    setattr(owner, name, timed(item, getattr(owner, name)))
gc_time = {"total": 0.0, "since": 0.0}


def on_gc(phase, info):
    if phase == "start":
        gc_time["since"] = clock()
    else:
        gc_time["total"] += clock() - gc_time["since"]


gc.callbacks.append(on_gc)
code = 0
try:
    cli.main(args=["build", "-q", "-f", sys.argv[1], "-d", sys.argv[2]], standalone_mode=False)
except SystemExit as exc:
    code = exc.code or 0
total = clock() - start
children = resource.getrusage(resource.RUSAGE_CHILDREN)
out = {"total (this process)": total, "git and other child processes": children.ru_utime + children.ru_stime,
       "garbage collector (inside the items)": gc_time["total"],
       "start-up, imports, the rest": total - sum(totals.values()), **totals}
print("BREAKDOWN " + json.dumps({"code": code, "items": out}))
"""


def run_once(config: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="cajd-breakdown-") as site:
        done = subprocess.run([sys.executable, "-c", _RUN, str(config), site], cwd=config.parent, capture_output=True,
                              text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BREAKDOWN ")), None)
    if line is None:
        raise SystemExit(f"{config}: the build did not report:\n{(done.stdout + done.stderr)[-2000:]}")
    result = json.loads(line.removeprefix("BREAKDOWN "))
    if result["code"]:
        raise SystemExit(f"{config}: the build failed ({result['code']}):\n{done.stderr[-2000:]}")
    return result["items"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("configs", nargs="+", type=Path, help="MkDocs configuration files, built alternately")
    parser.add_argument("--runs", type=int, default=1, help="builds of each, alternately; the median is shown")
    args = parser.parse_args(argv)
    runs: dict[Path, list[dict[str, float]]] = {c: [] for c in args.configs}
    for _ in range(max(1, args.runs)):
        for config in args.configs:
            runs[config].append(run_once(config.resolve()))
    items = list(dict.fromkeys(k for found in runs.values() for r in found for k in r))
    median = {c: {k: statistics.median(r.get(k, 0.0) for r in found) for k in items} for c, found in runs.items()}
    first = median[args.configs[0]]
    items.sort(key=lambda k: (not k.startswith("total"), -first.get(k, 0.0)))
    width = max(len(k) for k in items)
    print(f"CPU seconds, median of {max(1, args.runs)} run(s) each:")
    print(" " * width + "".join(f"  {c.parent.name[:12] + '/' + c.name[:10]:>24}" for c in args.configs))
    for k in items:
        print(k.ljust(width) + "".join(f"  {median[c][k]:24.3f}" for c in args.configs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
