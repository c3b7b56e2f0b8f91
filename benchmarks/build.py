#!/usr/bin/env python3
"""Build and live-reload cost as the data grows (issue 7).

    .venv/bin/python benchmarks/build.py                       # N = 10, 100, 1000
    .venv/bin/python benchmarks/build.py --sizes 10,100 --quick

For each N it generates a synthetic, valid dataset of N meetings (with people,
events, plan items and sources in proportion) into a temporary folder, never
into data/, and measures:

  build s    `mkdocs build` wall time, in a fresh child process that runs the
             mkdocs CLI and reports its own time and peak RSS (peak MB, VmHWM)
  load/validate/render ms
             the hooks' work (cajd.site.prepare), timed from outside on the same
             data: YAML parsing (cajd.yamlload), pydantic + cross-checks (the rest
             of load_dataset), Jinja pages + the /data/ downloads (the rest)
  floor s    the same generated pages written as plain Markdown into docs/ and
             built with no hooks (same config; the pages outside the nav are
             listed under `not_in_nav:` as the hooks mark them NOT_IN_NAV)
  overhead   (build - floor) / floor
  per-page   build ms / pages

It also builds the real data/ (a snapshot; the fixture data if it does not
validate) and measures the live-reload latency of `mkdocs serve`: a YAML edit
to a meeting summary, until the served page shows it. Only 127.0.0.1 is used;
every loop is bounded. Timings are compared only within one run: the machine
is shared and noisy.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REAL_DATA = ROOT / "data"
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

# ----------------------------------------------------------------------------
# Synthetic data
# ----------------------------------------------------------------------------

# The real ids; 'af' is the guest.
COUNTRIES = [
    ("jp", "Japan", "Tokyo", "partner"),
    ("kz", "Kazakhstan", "Astana", "member"),
    ("kg", "Kyrgyzstan", "Bishkek", "member"),
    ("tj", "Tajikistan", "Dushanbe", "member"),
    ("tm", "Turkmenistan", "Ashgabat", "member"),
    ("uz", "Uzbekistan", "Tashkent", "member"),
    ("af", "Afghanistan", "Kabul", "guest"),
]
ATTENDING = [c[0] for c in COUNTRIES if c[3] in ("member", "partner")]
PLACES = [  # id, name, country, lat, lon
    ("tokyo", "Tokyo", "jp", 35.6895, 139.69171),
    ("osaka", "Osaka", "jp", 34.69374, 135.50218),
    ("astana", "Astana", "kz", 51.1801, 71.44598),
    ("almaty", "Almaty", "kz", 43.25667, 76.92861),
    ("bishkek", "Bishkek", "kg", 42.87, 74.59),
    ("dushanbe", "Dushanbe", "tj", 38.53575, 68.77905),
    ("ashgabat", "Ashgabat", "tm", 37.95, 58.38333),
    ("tashkent", "Tashkent", "uz", 41.26465, 69.21627),
    ("samarkand", "Samarkand", "uz", 39.65417, 66.95972),
]
# The theme vocabulary does not grow with the number of meetings (the real site has 16).
THEMES = [
    "political-dialogue", "regional-security", "trade", "investment", "transport", "energy",
    "water", "agriculture", "environment", "disaster-risk", "health", "education",
    "tourism", "culture", "digital", "human-resources",
]
WORDS = (
    "ministers agreed reviewed cooperation regional transport corridors water management energy "
    "efficiency border security education exchange programmes agriculture trade investment digital "
    "connectivity customs procedures health care disaster resilience tourism routes culture youth "
    "scholarships infrastructure logistics railways roads dialogue partnership statement support "
    "training projects experts business forum capacity building climate irrigation hydropower"
).split()
EVENT_KINDS = ["proposal", "speech", "senior-officials", "tokyo-dialogue", "expert-meeting",
               "business-dialogue", "agreement", "pledge", "strategy", "other"]
ROLES_TOP = ["minister", "minister", "minister", "deputy-minister", "ambassador"]

# Per meeting, chosen so the list files stay under yamlload.MAX_BYTES (1 MB) at N = 1000.
PEOPLE_PER_MEETING = 2.5
EVENTS_PER_MEETING = 2.0
SOURCES_PER_MEETING = 3.0
MEETINGS_PER_PLAN = 6
ITEMS_PER_PLAN = 12  # about 2 per meeting, as in the real data
MEETINGS_PER_ERA = 10


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def _text(rng: random.Random, sentences: int, words: int = 12) -> str:
    return " ".join(_sentence(rng, words) for _ in range(sentences))


def _dump(path: Path, data: object) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")


def _refs(rng: random.Random, pool: list[str], k: int) -> list[str]:
    return rng.sample(pool, min(k, len(pool)))


def generate_dataset(dest: Path, n_meetings: int, seed: int = 7) -> dict[str, int]:
    """Write a valid synthetic data/ folder with `n_meetings` meetings into `dest`; return the counts.

    Held meetings have an entry for Japan and every member; ordinals run 1..n per
    kind in date order; ids are slugs equal to the file name, with the meeting's
    year in them. Deterministic for a given seed.
    """
    if n_meetings < 1:
        raise ValueError("need at least one meeting")
    rng = random.Random(seed * 1_000_003 + n_meetings)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "meetings").mkdir(exist_ok=True)
    (dest / "action-plans").mkdir(exist_ok=True)
    (dest / "geo").mkdir(exist_ok=True)
    basemap = REAL_DATA / "geo" / "basemap.json"
    if not basemap.is_file():
        basemap = FIXTURE_DATA / "geo" / "basemap.json"
    (dest / "geo" / "basemap.json").write_bytes(basemap.resolve().read_bytes())

    # Sources: a pool the other records cite.
    n_sources = max(12, round(SOURCES_PER_MEETING * n_meetings))
    source_ids = [f"src-{i:05d}" for i in range(n_sources)]
    sources = []
    for i, sid in enumerate(source_ids):
        src: dict = {"id": sid, "url": f"https://www.example.org/dialogue/{i}/report.html",
                     "title": f"Report {i} on the dialogue", "publisher": rng.choice(
                         ["Ministry of Foreign Affairs of Japan", "The Diplomat", "Kazinform", "Asia-Plus"])}
        if i % 3 == 0:
            src["date"] = f"{2004 + i % 60}-{1 + i % 12:02d}"
        if i % 7 == 0:
            src["language"] = "ja"
        sources.append(src)
    _dump(dest / "sources.yml", {"sources": sources})

    countries = []
    for cid, name, capital, role in COUNTRIES:
        c: dict = {"id": cid, "name": name, "capital": capital, "role": role,
                   "summary": f"{name} takes part in the dialogue as a {role}. " + _text(rng, 2),
                   "sources": _refs(rng, source_ids, 2)}
        if cid in ("kz", "uz"):
            c["investment_agreement"] = {"status": "in-force", "title": f"Investment agreement between Japan and {name}",
                                         "signed": "2008-08-15", "signed_place": capital, "in_force": "2009-09-24",
                                         "sources": _refs(rng, source_ids, 1)}
        countries.append(c)
    _dump(dest / "countries.yml", {"countries": countries})

    _dump(dest / "places.yml", {"places": [
        {"id": pid, "name": name, "country": cid, "lat": lat, "lon": lon, "sources": _refs(rng, source_ids, 1)}
        for pid, name, cid, lat, lon in PLACES
    ]})
    _dump(dest / "themes.yml", {"themes": [
        {"id": t, "title": t.replace("-", " ").capitalize(), "description": _text(rng, 2),
         "sources": _refs(rng, source_ids, 1)} for t in THEMES
    ]})

    # People: a pool per country; Japan and the members in proportion, a few guests.
    n_people = max(len(COUNTRIES) + 1, round(PEOPLE_PER_MEETING * n_meetings))
    per_country = {cid: max(1, n_people // 6) for cid in ATTENDING}
    per_country["af"] = max(1, n_people // 40)
    people_by_country: dict[str, list[str]] = {}
    people = []
    for cid, count in per_country.items():
        ids = [f"person-{cid}-{i:04d}" for i in range(count)]
        people_by_country[cid] = ids
        for i, pid in enumerate(ids):
            p: dict = {"id": pid, "name": f"{cid.upper()} Delegate {i}", "country": cid,
                       "positions": [{"title": "Minister of Foreign Affairs", "sources": _refs(rng, source_ids, 1)}],
                       "sources": _refs(rng, source_ids, 2)}
            if i % 5 == 0:
                p["aliases"] = [f"Delegate {i} of {cid.upper()}"]
            people.append(p)
    _dump(dest / "people.yml", {"people": people})

    # Meetings, spread evenly over up to 90 years from 2004 (so the year in the id stays 20xx).
    years = min(n_meetings, 90)
    step = years * 365 / n_meetings
    start = dt.date(2004, 1, 15)
    meetings = []
    for i in range(n_meetings):
        date = start + dt.timedelta(days=int(i * step))
        kind = "summit" if i % 25 == 24 else "special" if i % 20 == 19 else "foreign-ministers"
        status = "postponed" if kind == "foreign-ministers" and i % 40 == 37 else "held"
        video = i % 7 == 6
        place = PLACES[i % len(PLACES)]
        mid = f"{i + 1:04d}-{'online' if video else place[0]}-{date.year}"
        meetings.append({"i": i, "id": mid, "kind": kind, "status": status, "date": date, "video": video,
                         "place": place})
    ordinals: dict[str, int] = {}
    for mt in meetings:  # already in date order
        if mt["kind"] != "special" and mt["status"] == "held":
            ordinals[mt["kind"]] = ordinals.get(mt["kind"], 0) + 1
            mt["ordinal"] = ordinals[mt["kind"]]

    # Plans, adopted at every MEETINGS_PER_PLAN-th held numbered meeting.
    plan_hosts = [mt for mt in meetings if mt.get("ordinal") and mt["i"] % MEETINGS_PER_PLAN == 2]
    if not plan_hosts:
        plan_hosts = [next(mt for mt in meetings if mt.get("ordinal"))]
    plan_of = {mt["id"]: f"action-plan-{k + 1:03d}-{mt['date'].year}" for k, mt in enumerate(plan_hosts)}

    events = []
    n_events = max(2, round(EVENTS_PER_MEETING * n_meetings))
    for k in range(n_events):
        mt = meetings[k * n_meetings // n_events]
        d = mt["date"] + dt.timedelta(days=1 + k % 20)
        precision = k % 10
        date = d.isoformat() if precision < 7 else d.isoformat()[:7] if precision < 9 else str(d.year)
        cids = _refs(rng, ATTENDING, 2)
        ev: dict = {"id": f"event-{k + 1:05d}", "date": date, "kind": EVENT_KINDS[k % len(EVENT_KINDS)],
                    "title": f"Event {k + 1}: {_sentence(rng, 4)[:-1]}", "summary": _text(rng, 1),
                    "themes": _refs(rng, THEMES, 2), "countries": cids,
                    "people": [rng.choice(people_by_country[c]) for c in cids],
                    "sources": _refs(rng, source_ids, 2)}
        if k % 3 == 0:
            ev["meeting"] = mt["id"]
        if k % 11 == 0:
            ev["certainty"] = "inferred"
            ev["note"] = "Dated from a later report; no primary source was found."
        events.append(ev)
    _dump(dest / "events.yml", {"events": events})

    for mt in meetings:
        i, date, place = mt["i"], mt["date"], mt["place"]
        host = place[2]
        rec: dict = {"id": mt["id"], "kind": mt["kind"]}
        if "ordinal" in mt:
            rec["ordinal"] = mt["ordinal"]
        rec["date"] = date.isoformat()
        if i % 4 == 1:
            rec["end_date"] = (date + dt.timedelta(days=1)).isoformat()
        if mt["status"] != "held":
            rec["status"] = mt["status"]
        if mt["video"]:
            rec["format"] = "video"
            rec["chair_country"] = host
        else:
            rec.update({"format": "in-person", "city": place[1], "country": host})
        participants = []
        if mt["status"] == "held":
            for cid in ATTENDING:
                pool = people_by_country[cid]
                p: dict = {"country": cid, "person": pool[i * len(pool) // n_meetings],
                           "role": "head-of-state" if mt["kind"] == "summit" else ROLES_TOP[(i + len(cid)) % len(ROLES_TOP)],
                           "title": "Minister of Foreign Affairs", "sources": _refs(rng, source_ids, 2)}
                if cid == host:
                    p["chair"] = True
                if cid == "tm" and i % 9 == 4:
                    p = {"country": cid, "status": "absent", "note": "No delegation is recorded in the sources.",
                         "sources": _refs(rng, source_ids, 1)}
                elif cid == "kg" and i % 13 == 5:
                    p.pop("person")
                    p.update(certainty="unconfirmed", note="The minister attended; the name is not in the sources.")
                participants.append(p)
            if i % 10 == 3:
                participants.append({"country": "af", "person": rng.choice(people_by_country["af"]), "role": "guest",
                                     "title": "Minister of Foreign Affairs", "sources": _refs(rng, source_ids, 1)})
        rec["participants"] = participants
        rec["themes"] = _refs(rng, THEMES, 3)
        docs = [{"title": f"Joint Statement of meeting {i + 1}", "kind": "joint-statement",
                 "sources": _refs(rng, source_ids, 1)}]
        if mt["id"] in plan_of:
            docs.append({"title": f"Action Plan {plan_of[mt['id']]}", "kind": "action-plan",
                         "action_plan": plan_of[mt["id"]], "sources": _refs(rng, source_ids, 1)})
        rec["documents"] = docs if mt["status"] == "held" else []
        rec["summary"] = f"Meeting {i + 1} of the dialogue. " + _text(rng, 6)
        rec["highlights"] = [{"text": _text(rng, 1), "sources": _refs(rng, source_ids, 1)} for _ in range(3)]
        if i % 5 == 0:
            rec["disputes"] = [{"topic": "Who chaired the meeting", "follows": _text(rng, 1), "reason": _text(rng, 1),
                                "accounts": [{"claim": _text(rng, 1), "sources": _refs(rng, source_ids, 1)},
                                             {"claim": _text(rng, 1), "sources": _refs(rng, source_ids, 1)}]}]
        rec["sources"] = _refs(rng, source_ids, 3)
        _dump(dest / "meetings" / f"{mt['id']}.yml", rec)

    n_items = 0
    by_date = {mt["id"]: mt for mt in meetings}
    earlier: list[tuple[str, str]] = []  # (plan id, item id) of plans already written
    for k, host in enumerate(plan_hosts):
        plan_id = plan_of[host["id"]]
        later_meetings = [mt["id"] for mt in meetings if mt["date"] > host["date"] and mt["status"] == "held"]
        later_events = [ev["id"] for ev in events if ev["date"] > host["date"].isoformat()]
        fields = []
        mine: list[tuple[str, str]] = []
        for f in range(3):
            items = []
            for j in range(ITEMS_PER_PLAN // 3):
                item_id = f"item-{f + 1}-{j + 1}"
                item: dict = {"id": item_id, "text": _text(rng, 2), "countries": _refs(rng, ATTENDING, 2),
                              "sources": _refs(rng, source_ids, 1)}
                if j == 1 and earlier:
                    item["continues"] = "/".join(earlier[(k * 7 + f) % len(earlier)])
                if j == 2 and later_meetings:
                    item["progress"] = [{"meeting": later_meetings[0], "text": _text(rng, 1),
                                         "sources": _refs(rng, source_ids, 1)}]
                elif j == 3 and later_events:
                    item["progress"] = [{"event": later_events[0], "text": _text(rng, 1),
                                         "sources": _refs(rng, source_ids, 1)}]
                items.append(item)
                mine.append((plan_id, item_id))
            fields.append({"id": f"field-{f + 1}", "title": f"Field {f + 1}", "theme": THEMES[(k + f) % len(THEMES)],
                           "items": items})
            n_items += len(items)
        earlier.extend(mine)
        _dump(dest / "action-plans" / f"{plan_id}.yml", {
            "id": plan_id, "title": f"Action Plan {k + 1}", "meeting": host["id"], "date": host["date"].isoformat(),
            "summary": _text(rng, 3), "fields": fields, "sources": _refs(rng, source_ids, 2)})
    assert all(mt["id"] in by_date for mt in plan_hosts)

    n_eras = max(2, n_meetings // MEETINGS_PER_ERA)
    era_starts = [meetings[e * n_meetings // n_eras]["date"] for e in range(n_eras)]
    _dump(dest / "eras.yml", {"eras": [
        {"id": f"era-{e + 1:03d}", "title": f"Period {e + 1}", "start": "2004-01-01" if e == 0 else d.isoformat(),
         **({"end": era_starts[e + 1].isoformat()} if e + 1 < n_eras else {}), "description": _text(rng, 2)}
        for e, d in enumerate(era_starts)
    ]})

    too_big = [p.name for p in dest.glob("*.yml") if p.stat().st_size > 1_000_000]
    if too_big:
        raise ValueError(f"generated files over the 1 MB limit of yamlload: {too_big}; lower the per-meeting ratios")
    return {"meetings": n_meetings, "people": len(people), "events": len(events), "plans": len(plan_hosts),
            "plan_items": n_items, "sources": n_sources, "themes": len(THEMES), "eras": n_eras,
            "countries": len(COUNTRIES), "places": len(PLACES)}


# ----------------------------------------------------------------------------
# Projects: the site with hooks, and the floor without
# ----------------------------------------------------------------------------


# What a project needs besides data/: as tests/conftest.make_project copies (overrides/ is theme.custom_dir).
PROJECT_PARTS = ["mkdocs.yml", "docs", "hooks", "overrides"]


def _copy(src: Path, dest: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    elif src.exists():
        shutil.copy(src, dest)


def snapshot_code(dest: Path) -> Path:
    """Copy mkdocs.yml, docs/, hooks/ and overrides/ once, so every build of this run uses the same code."""
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        _copy(ROOT / part, dest / part)
    return dest


def make_project(code: Path, dest: Path, data: Path) -> Path:
    """A project like tests/conftest.make_project: the code snapshot with the given data/."""
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        _copy(code / part, dest / part)
    shutil.copytree(data, dest / "data", symlinks=False)
    return dest


def _drop_top_level_key(config: str, key: str) -> str:
    """Remove `key:` and its indented block from a YAML text (tags and comments elsewhere are kept)."""
    return re.sub(rf"(?m)^{re.escape(key)}:.*\n(?:(?:[ \t]+.*|[ \t]*)\n)*", "", config)


def not_in_nav_patterns(docs: Path, generated_out_of_nav: set[str]) -> str:
    """gitignore-style patterns that mark exactly the given pages NOT_IN_NAV.

    One `/dir/*.md` per folder, then `!/file` for every other page in it: a pattern
    per page would make MkDocs match every file against thousands of patterns.
    """
    lines: list[str] = []
    folders = sorted({posix_dir(uri) for uri in generated_out_of_nav})
    for folder in folders:
        base = docs / folder if folder else docs
        lines.append(f"/{folder}/*.md" if folder else "/*.md")
        for other in sorted(base.glob("*.md")):
            uri = other.relative_to(docs).as_posix()
            if uri not in generated_out_of_nav:
                lines.append(f"!/{uri}")
    return "\n".join(lines) + "\n"


def posix_dir(uri: str) -> str:
    return uri.rpartition("/")[0]


def make_floor(code: Path, dest: Path, pages: list, in_nav: set[str], descriptions: dict[str, str],
               files: dict[str, str] | None = None) -> Path:
    """The same pages as plain Markdown in docs/ (and other generated files as they are), no hooks, the same config otherwise."""
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        if part not in ("hooks", "mkdocs.yml"):
            _copy(code / part, dest / part)
    docs = dest / "docs"
    for page in pages:
        path = docs / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            raise RuntimeError(f"docs/{page.src_uri} exists and is also generated")
        # The hooks set page.meta['description']; front matter does the same without them.
        front = f"---\ndescription: {json.dumps(descriptions.get(page.src_uri, ''))}\n---\n\n"
        path.write_text(front + page.markdown, encoding="utf-8")
    for path_in_docs, content in (files or {}).items():  # e.g. the /data/ downloads
        path = docs / path_in_docs
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    out_of_nav = {p.src_uri for p in pages if p.src_uri not in in_nav}
    config = (code / "mkdocs.yml").read_text(encoding="utf-8")
    config = _drop_top_level_key(_drop_top_level_key(config, "hooks"), "watch")
    config += "\n# Benchmark floor: generated pages written out, kept out of the nav as the hooks do.\n"
    config += "not_in_nav: |\n" + "".join(f"  {line}\n" for line in not_in_nav_patterns(docs, out_of_nav).splitlines())
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


# ----------------------------------------------------------------------------
# Measurements
# ----------------------------------------------------------------------------

# Runs the mkdocs CLI in this fresh process and reports its own wall time and peak RSS.
_CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
code = 0
try:
    from mkdocs.__main__ import cli
    cli.main(args=["build", "-q", "-f", sys.argv[1], "-d", sys.argv[2]], standalone_mode=False)
except SystemExit as exc:
    code = exc.code or 0
except BaseException as exc:
    code = f"{type(exc).__name__}: {exc}"
seconds = time.perf_counter() - t0
# Peak RSS of this process image. ru_maxrss is not reset by execve (Linux folds the old
# address space's peak into it, and subprocess may vfork from the big benchmark process),
# so prefer VmHWM, which belongs to the current address space only.
try:
    rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
except (OSError, StopIteration):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("BENCH-RESULT " + json.dumps({"seconds": seconds, "maxrss_kb": rss, "code": code}), flush=True)
"""


@dataclass
class BuildResult:
    seconds: float
    peak_mb: float
    ok: bool
    error: str = ""


def measure_build(project: Path, timeout: float = 1800) -> BuildResult:
    """One `mkdocs build` of the project in a fresh child process."""
    site = project / "site"
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(project / "mkdocs.yml"), str(site)], cwd=project,
                          capture_output=True, text=True, timeout=timeout, env=ENV)
    match = re.search(r"^BENCH-RESULT (.*)$", proc.stdout, re.M)
    if not match:
        return BuildResult(math.nan, math.nan, False, (proc.stdout + proc.stderr)[-2000:])
    result = json.loads(match.group(1))
    ok = result["code"] in (0, None) and proc.returncode == 0
    return BuildResult(result["seconds"], result["maxrss_kb"] / 1024, ok, "" if ok else (str(result["code"]) + "\n" + proc.stderr[-2000:]))


def best_of(builds: list[BuildResult]) -> BuildResult:
    good = [b for b in builds if b.ok]
    if not good:
        return builds[-1]
    return BuildResult(min(b.seconds for b in good), max(b.peak_mb for b in good), True)


def time_hooks(project: Path, repeats: int) -> tuple[dict[str, float], object]:
    """What the hooks do in on_config, in ms, best of `repeats`: cajd.site.prepare() timed from outside.

    load: YAML parsing (cajd.yamlload.load_yaml, wrapped where dataset.py calls it);
    validate: the rest of load_dataset (pydantic models and cross-checks);
    render: the rest of prepare (Jinja pages, the /data/ downloads, page metadata).
    Returns the timings and the last Build.
    """
    from cajd import dataset as dsmod
    from cajd import site as core

    best: dict[str, float] = {}
    prepared = None
    for _ in range(max(1, repeats)):
        spent = {"yaml": 0.0, "dataset": 0.0}

        def wrap(fn, key):
            def timed(*args, **kwargs):
                t = time.perf_counter()
                try:
                    return fn(*args, **kwargs)
                finally:
                    spent[key] += time.perf_counter() - t
            return timed

        saved = dsmod.load_yaml, core.load_dataset
        dsmod.load_yaml = wrap(saved[0], "yaml")
        core.load_dataset = wrap(saved[1], "dataset")
        try:
            t0 = time.perf_counter()
            prepared = core.prepare(project, {})
            total = time.perf_counter() - t0
        finally:
            dsmod.load_yaml, core.load_dataset = saved
        now = {"load": spent["yaml"] * 1000, "validate": (spent["dataset"] - spent["yaml"]) * 1000,
               "render": (total - spent["dataset"]) * 1000}
        best = {k: min(best.get(k, math.inf), v) for k, v in now.items()}
    return best, prepared


def hook_reload(project: Path) -> dict[str, float | bool]:
    """What `mkdocs serve` pays again on a rebuild: load_config twice in one process, as its builder does.

    Reports the first and second load_config in ms, whether hooks/main.py ran again,
    and the cost of importing cajd afresh (what a rebuild pays after an edit to hooks/cajd).
    """
    snippet = r"""
import json, sys, time
from mkdocs.config import load_config
times, mods = [], []
for _ in range(2):
    t = time.perf_counter()
    load_config(config_file=sys.argv[1], site_dir=sys.argv[2])
    times.append((time.perf_counter() - t) * 1000)
    mods.append(id(sys.modules.get("hooks/main.py")))  # MkDocs registers a hook module under its path in mkdocs.yml
for name in [n for n in sys.modules if n == "cajd" or n.startswith("cajd.")]:
    del sys.modules[name]
t = time.perf_counter()
import cajd.site
print("BENCH-RESULT " + json.dumps({"first_ms": times[0], "again_ms": times[1], "rerun": mods[0] != mods[1],
                                    "reimport_ms": (time.perf_counter() - t) * 1000}))
"""
    out = subprocess.run([sys.executable, "-c", snippet, str(project / "mkdocs.yml"), str(project / "site-reload")],
                         cwd=project, capture_output=True, text=True, timeout=300, env=ENV)
    match = re.search(r"^BENCH-RESULT (.*)$", out.stdout, re.M)
    return json.loads(match.group(1)) if match else {}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 5) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - 127.0.0.1 only
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, OSError):
        return 0, ""


def insert_token(text: str, token: str) -> str:
    """Put `token` at the start of the meeting's summary, whatever the YAML scalar style."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        match = re.match(r"summary:[ \t]*(.*)$", line.rstrip("\n"))
        if not match:
            continue
        value = match.group(1)
        if value[:1] in (">", "|"):  # block scalar: the text starts on the next non-empty line
            j = next(k for k in range(i + 1, len(lines)) if lines[k].strip())
            indent = len(lines[j]) - len(lines[j].lstrip())
            lines[j] = lines[j][:indent] + token + " " + lines[j][indent:]
        else:
            at = line.index(value) + (1 if value[:1] in "\"'" and value else 0)
            lines[i] = line[:at] + token + " " + line[at:]
        return "".join(lines)
    raise ValueError("no top-level summary: in the meeting file")


@dataclass
class ServeResult:
    served_ms: list[float] = field(default_factory=list)
    detect_ms: list[float] = field(default_factory=list)
    build_ms: list[float] = field(default_factory=list)
    first_build_s: float = math.nan
    error: str = ""


def measure_serve(project: Path, meeting_id: str, edits: int, *, start_timeout: float = 600,
                  edit_timeout: float = 60, settle: float = 1.0) -> ServeResult:
    """`mkdocs serve --livereload` on 127.0.0.1: edit a meeting summary, time until the served page shows it."""
    result = ServeResult()
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    meeting_file = project / "data" / "meetings" / f"{meeting_id}.yml"
    original = meeting_file.read_text(encoding="utf-8")
    log: list[tuple[float, str]] = []
    t_start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**ENV, "PYTHONUNBUFFERED": "1", "SITE_URL": base})

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            log.append((time.perf_counter(), line.rstrip()))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        deadline = time.perf_counter() + start_timeout
        while time.perf_counter() < deadline:
            if proc.poll() is not None:
                result.error = "mkdocs serve exited: " + "\n".join(t for _, t in log[-15:])
                return result
            # The address MkDocs serves on (its path follows site_url), from its log.
            serving = next((m.group(1) for _, line in list(log) if (m := re.search(r"Serving on (http://\S+)", line))), None)
            if serving:
                url = serving.rstrip("/") + f"/meetings/{meeting_id}/"
                status, _ = _get(url)
                if status == 200:
                    break
            time.sleep(0.1)
        else:
            result.error = f"first build not served within {start_timeout:.0f} s"
            return result
        result.first_build_s = time.perf_counter() - t_start
        time.sleep(settle)
        for k in range(edits):
            token = f"benchtoken{os.getpid()}x{k}"
            edited = insert_token(original, token)
            mark = len(log)
            t0 = time.perf_counter()
            meeting_file.write_text(edited, encoding="utf-8")
            seen = math.nan
            while time.perf_counter() - t0 < edit_timeout:
                status, body = _get(url)
                if status == 200 and token in body:
                    seen = (time.perf_counter() - t0) * 1000
                    break
                if proc.poll() is not None:
                    break
                time.sleep(0.025)
            if math.isnan(seen):
                result.error = f"edit {k + 1} not served within {edit_timeout:.0f} s: " + "\n".join(t for _, t in log[-10:])
                return result
            # The page is written before the build ends (search index, sitemap): wait for its log line.
            log_deadline = time.perf_counter() + 30
            while time.perf_counter() < log_deadline and not any(
                    "Documentation built in" in line for _, line in log[mark:]):
                time.sleep(0.05)
            after = log[mark:]
            detected = next((t for t, line in after if "Detected file changes" in line), math.nan)
            built = next((float(m.group(1)) for _, line in after
                          if (m := re.search(r"Documentation built in ([\d.]+) seconds", line))), math.nan)
            result.served_ms.append(seen)
            result.detect_ms.append((detected - t0) * 1000)
            result.build_ms.append(built * 1000)
            time.sleep(settle)
    finally:
        meeting_file.write_text(original, encoding="utf-8")
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)
        reader.join(timeout=5)
    return result


# ----------------------------------------------------------------------------
# The run
# ----------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    pages: int
    build: BuildResult
    floor: BuildResult
    hooks_ms: dict[str, float]

    @property
    def overhead(self) -> float:
        return (self.build.seconds - self.floor.seconds) / self.floor.seconds * 100

    @property
    def per_page_ms(self) -> float:
        return self.build.seconds * 1000 / self.pages


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def measure_size(code: Path, work: Path, label: str, data: Path, repeats: int) -> Row:
    """Hooks breakdown, full build and floor build for one dataset."""
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    project = make_project(code, work / f"{slug}-hooks", data)
    hooks_ms, prepared = time_hooks(project, repeats)
    descriptions = {p.src_uri: (prepared.meta_for(p.src_uri).description if prepared.meta_for(p.src_uri) else "")
                    for p in prepared.pages}
    floor = make_floor(code, work / f"{slug}-floor", prepared.pages, set(prepared.in_nav), descriptions,
                       getattr(prepared, "files", None))
    pages = sum(1 for _ in (floor / "docs").rglob("*.md"))
    builds, floors = [], []
    for r in range(max(1, repeats)):
        progress(f"{label}: build {r + 1}/{repeats} with hooks ({pages} pages)")
        builds.append(measure_build(project))
        progress(f"{label}: build {r + 1}/{repeats} of the floor")
        floors.append(measure_build(floor))
    for what, results in (("build", builds), ("floor build", floors)):
        if not any(b.ok for b in results):
            progress(f"{label}: {what} FAILED:\n{results[-1].error}")
    return Row(label, pages, best_of(builds), best_of(floors), hooks_ms)


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    versions = []
    for dist in ("mkdocs", "mkdocs-material", "pydantic", "jinja2"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version

            versions.append(f"{dist} {version(dist)}")
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"{cpus} CPUs ({cpu}){mem}; Python {sys.version.split()[0]}, " + ", ".join(versions))


def fmt(value: float, digits: int = 0) -> str:
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:,.{digits}f}"


COLUMNS = ["N", "pages", "build s", "peak MB", "load ms", "validate ms", "render ms", "floor s", "overhead %", "ms/page"]


def table(rows: list[Row]) -> str:
    body = []
    for r in rows:
        ok = r.build.ok and r.floor.ok
        body.append([
            r.label, str(r.pages),
            fmt(r.build.seconds, 2) if r.build.ok else "FAILED", fmt(r.build.peak_mb, 0),
            fmt(r.hooks_ms["load"]), fmt(r.hooks_ms["validate"]), fmt(r.hooks_ms["render"]),
            fmt(r.floor.seconds, 2) if r.floor.ok else "FAILED",
            f"{r.overhead:+.1f}" if ok else "n/a", fmt(r.per_page_ms, 1) if r.build.ok else "n/a",
        ])
    widths = [max(len(c), *(len(b[i]) for b in body)) for i, c in enumerate(COLUMNS)]
    line = lambda cells: "| " + " | ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))) + " |"  # noqa: E731
    sep = "|" + "|".join("-" * (w + 1) + ":" if i else "-" * (w + 2) for i, w in enumerate(widths)) + "|"
    return "\n".join([line(COLUMNS), sep, *(line(b) for b in body)])


def serve_summary(label: str, s: ServeResult) -> str:
    if s.error:
        return f"  {label}: FAILED ({s.error.splitlines()[0] if s.error else ''})"

    def med(values: list[float]) -> float:
        known = [x for x in values if not math.isnan(x)]
        return statistics.median(known) if known else math.nan

    return (f"  {label}: edit served in median {fmt(med(s.served_ms))} ms (min {fmt(min(s.served_ms))}, "
            f"max {fmt(max(s.served_ms))}, {len(s.served_ms)} edits); of which change noticed after "
            f"{fmt(med(s.detect_ms))} ms, rebuild {fmt(med(s.build_ms))} ms (mkdocs' own figure); "
            f"first build served after {fmt(s.first_build_s, 1)} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000", help="meeting counts, comma-separated (default 10,100,1000)")
    parser.add_argument("--quick", action="store_true", help="one build of each kind and 2 serve edits, not best of 2 and 5")
    parser.add_argument("--serve", default="real,100",
                        help="datasets for the live-reload measure: 'real' and/or sizes; '' for none (default real,100)")
    parser.add_argument("--no-real", action="store_true", help="skip the real data/ (build and serve)")
    parser.add_argument("--keep", type=Path, help="work in this new folder and keep it, instead of a temporary one")
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    serve_on = [x.strip() for x in args.serve.split(",") if x.strip() and not (args.no_real and x.strip() == "real")]
    repeats = 1 if args.quick else 2
    edits = 2 if args.quick else 5

    with contextlib.ExitStack() as stack:
        if args.keep:
            args.keep.mkdir(parents=True)
            work = args.keep.resolve()
        else:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cajd-bench-")))
        code = snapshot_code(work / "code")
        if "cajd" not in sys.modules:  # time the code this run builds with
            sys.path.insert(0, str(code / "hooks"))
        from cajd.dataset import load_dataset
        from cajd.errors import DataError

        notes: list[str] = []
        datasets: dict[str, Path] = {}
        for n in sizes:
            progress(f"N={n}: generating data")
            counts = generate_dataset(work / f"data-{n}", n)
            load_dataset(work / f"data-{n}")  # raises DataError if the generator is wrong
            datasets[str(n)] = work / f"data-{n}"
            notes.append(f"N={n}: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))
        real_label = None
        if not args.no_real:
            shutil.copytree(REAL_DATA, work / "data-real", symlinks=False)
            try:
                real_ds = load_dataset(work / "data-real")
                real_label = f"real ({len(real_ds.meetings)})"
                datasets["real"] = work / "data-real"
            except DataError as exc:
                fixture_ds = load_dataset(FIXTURE_DATA)
                real_label = f"fixture ({len(fixture_ds.meetings)})"
                datasets["real"] = FIXTURE_DATA
                notes.append(f"data/ does not validate right now ({len(exc.problems)} problems, first: "
                             f"{exc.problems[0]}); the 'real' figures use tests/fixtures/data instead")

        rows: list[Row] = []
        for n in sizes:
            rows.append(measure_size(code, work, str(n), datasets[str(n)], repeats))
        if real_label:
            rows.append(measure_size(code, work, real_label, datasets["real"], repeats))

        serve: dict[str, ServeResult] = {}
        for key in serve_on:
            if key not in datasets:
                progress(f"serve {key}: generating data")
                generate_dataset(work / f"data-{key}", int(key))
                datasets[key] = work / f"data-{key}"
            label = real_label if key == "real" else f"N={key}"
            ds = load_dataset(datasets[key])
            held = [mid for mid, mt in ds.meetings.items() if mt.status == "held"]
            meeting_id = held[len(held) // 2]
            project = make_project(code, work / f"serve-{key}", datasets[key])
            progress(f"serve {label}: {edits} edits of meetings/{meeting_id}")
            serve[label] = measure_serve(project, meeting_id, edits)
        reload = hook_reload(project) if serve_on else {}

    by = {r.label: r for r in rows}
    out = [f"Machine: {machine()}", "Data: " + "; ".join(notes), "", table(rows),
           "(build and floor: best of %d; load/validate/render: best of %d; overhead = (build - floor) / floor; "
           "'real (n)': data/ with n meetings)" % (repeats, repeats), ""]
    out.append("Ratios (this run):")
    out.append("  hooks / floor build time: " + ", ".join(
        f"{r.label} {r.build.seconds / r.floor.seconds:.2f}x" for r in rows if r.build.ok and r.floor.ok))
    out.append("  hooks' own work (load+validate+render) vs measured overhead (build - floor): " + ", ".join(
        f"{r.label} {fmt(sum(r.hooks_ms.values()))} ms vs {fmt((r.build.seconds - r.floor.seconds) * 1000)} ms"
        for r in rows if r.build.ok and r.floor.ok))
    out.append("  hooks' own work as a share of the floor: " + ", ".join(
        f"{r.label} {sum(r.hooks_ms.values()) / (r.floor.seconds * 1000) * 100:.1f}%" for r in rows if r.floor.ok))
    out.append("  (a build can beat its floor: the hooks set the generated pages' HTML blocks aside from Python-Markdown,"
               " which the floor's plain Markdown pages cannot do; see hooks/cajd/htmlblocks.py)")
    big = by.get("1000")
    mid = by.get("100")
    per_page_ratio = big.per_page_ms / mid.per_page_ms if big and mid and big.build.ok and mid.build.ok else math.nan
    if not math.isnan(per_page_ratio):
        out.append(f"  per-page cost N=1000 / N=100: {per_page_ratio:.2f}x "
                   f"({fmt(big.per_page_ms, 1)} vs {fmt(mid.per_page_ms, 1)} ms/page)")
    if serve:
        out.append("Live reload (mkdocs serve --livereload on 127.0.0.1; a meeting summary edited in YAML, "
                   "time until the served page shows it; the hooks make MkDocs poll for changes every 0.1 s):")
        out.extend(serve_summary(label, s) for label, s in serve.items())
        if reload:
            out.append(f"  on a rebuild, load_config takes {fmt(reload['again_ms'])} ms (first: {fmt(reload['first_ms'])} ms); "
                       f"hooks/main.py {'runs again' if reload['rerun'] else 'is loaded once per process (MkDocs caches hook modules)'}; "
                       f"the hooks import cajd again only when a file of it changed ({fmt(reload['reimport_ms'])} ms)")

    def check(name: str, ok: bool | None, value: str) -> str:
        mark = "n/a " if ok is None else "ok  " if ok else "MISS"
        return f"  [{mark}] {name}: {value}"

    out.append("Targets:")
    out.append(check("hooks add <= 5% over the floor at N=1000", None if not big or not big.build.ok or not big.floor.ok
                     else big.overhead <= 5, f"{big.overhead:+.1f}%" if big and big.build.ok and big.floor.ok else "not measured"))
    out.append(check("per-page cost at N=1000 within 1.5x of N=100", None if math.isnan(per_page_ratio)
                     else per_page_ratio <= 1.5, f"{per_page_ratio:.2f}x" if not math.isnan(per_page_ratio) else "not measured"))
    real_row = by.get(real_label) if real_label else None
    out.append(check(f"real site builds in <= 2 s ({real_label or 'skipped'})",
                     None if not real_row or not real_row.build.ok else real_row.build.seconds <= 2,
                     f"{real_row.build.seconds:.2f} s" if real_row and real_row.build.ok else "not measured"))
    real_serve = serve.get(real_label) if real_label else None
    served = statistics.median(real_serve.served_ms) if real_serve and real_serve.served_ms else math.nan
    out.append(check("a YAML edit is served in <= 1 s at real size", None if math.isnan(served) else served <= 1000,
                     f"median {served:.0f} ms" if not math.isnan(served) else "not measured"))
    print("\n".join(out), flush=True)
    failed = [r.label for r in rows if not (r.build.ok and r.floor.ok)] + [k for k, s in serve.items() if s.error]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
