"""Synthetic, valid data/ folders of any size, for the benchmark (and its smoke test).

`generate_dataset(dest, n)` writes N meetings, with people, events, plan items and sources in
proportion to N, into `dest` (never into data/). The same N and seed give the same files.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REAL_DATA = ROOT / "data"
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
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


class _Writer:
    """One synthetic dataset being written: the random stream, the folder and the ids made so far.

    The steps run in a fixed order, since each draws from the same random stream: the same N and
    seed give the same files.
    """

    def __init__(self, dest: Path, n_meetings: int, seed: int) -> None:
        self.dest = dest
        self.n = n_meetings
        self.rng = random.Random(seed * 1_000_003 + n_meetings)
        self.source_ids: list[str] = []
        self.people_by_country: dict[str, list[str]] = {}

    def refs(self, pool: list[str], k: int) -> list[str]:
        return _refs(self.rng, pool, k)

    def cite(self, k: int) -> list[str]:
        return _refs(self.rng, self.source_ids, k)

    def text(self, sentences: int) -> str:
        return _text(self.rng, sentences)

    def folders(self) -> None:
        for sub in ("meetings", "action-plans", "geo"):
            (self.dest / sub).mkdir(parents=True, exist_ok=True)
        basemap = REAL_DATA / "geo" / "basemap.json"
        if not basemap.is_file():
            basemap = FIXTURE_DATA / "geo" / "basemap.json"
        (self.dest / "geo" / "basemap.json").write_bytes(basemap.resolve().read_bytes())

    def sources(self) -> int:
        """A pool of sources that the other records cite."""
        n_sources = max(12, round(SOURCES_PER_MEETING * self.n))
        self.source_ids = [f"src-{i:05d}" for i in range(n_sources)]
        sources = []
        for i, sid in enumerate(self.source_ids):
            src: dict = {"id": sid, "url": f"https://www.example.org/dialogue/{i}/report.html",
                         "title": f"Report {i} on the dialogue", "publisher": self.rng.choice(
                             ["Ministry of Foreign Affairs of Japan", "The Diplomat", "Kazinform", "Asia-Plus"])}
            if i % 3 == 0:
                src["date"] = f"{2004 + i % 60}-{1 + i % 12:02d}"
            if i % 7 == 0:
                src["language"] = "ja"
            sources.append(src)
        _dump(self.dest / "sources.yml", {"sources": sources})
        return n_sources

    def countries_places_themes(self) -> None:
        countries = []
        for cid, name, capital, role in COUNTRIES:
            c: dict = {"id": cid, "name": name, "capital": capital, "role": role,
                       "summary": f"{name} takes part in the dialogue as a {role}. " + self.text(2),
                       "sources": self.cite(2)}
            if cid in ("kz", "uz"):
                c["investment_agreement"] = {
                    "status": "in-force", "title": f"Investment agreement between Japan and {name}",
                    "signed": "2008-08-15", "signed_place": capital, "in_force": "2009-09-24",
                    "sources": self.cite(1)}
            countries.append(c)
        _dump(self.dest / "countries.yml", {"countries": countries})
        _dump(self.dest / "places.yml", {"places": [
            {"id": pid, "name": name, "country": cid, "lat": lat, "lon": lon, "sources": self.cite(1)}
            for pid, name, cid, lat, lon in PLACES
        ]})
        _dump(self.dest / "themes.yml", {"themes": [
            {"id": t, "title": t.replace("-", " ").capitalize(), "description": self.text(2), "sources": self.cite(1)}
            for t in THEMES
        ]})

    def people(self) -> int:
        """A pool per country: Japan and the members in proportion, a few guests."""
        n_people = max(len(COUNTRIES) + 1, round(PEOPLE_PER_MEETING * self.n))
        per_country = {cid: max(1, n_people // 6) for cid in ATTENDING}
        per_country["af"] = max(1, n_people // 40)
        people = []
        for cid, count in per_country.items():
            ids = [f"person-{cid}-{i:04d}" for i in range(count)]
            self.people_by_country[cid] = ids
            for i, pid in enumerate(ids):
                p: dict = {"id": pid, "name": f"{cid.upper()} Delegate {i}", "country": cid,
                           "positions": [{"title": "Minister of Foreign Affairs", "sources": self.cite(1)}],
                           "sources": self.cite(2)}
                if i % 5 == 0:
                    p["aliases"] = [f"Delegate {i} of {cid.upper()}"]
                people.append(p)
        _dump(self.dest / "people.yml", {"people": people})
        return len(people)

    def schedule(self) -> list[dict]:
        """The meetings' ids, kinds and dates (no random draws), spread evenly over up to 90 years
        from 2004 (so the year in the id stays 20xx), with ordinals 1..n per kind in date order."""
        years = min(self.n, 90)
        step = years * 365 / self.n
        start = dt.date(2004, 1, 15)
        meetings = []
        for i in range(self.n):
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
        return meetings

    def events(self, meetings: list[dict]) -> list[dict]:
        events = []
        n_events = max(2, round(EVENTS_PER_MEETING * self.n))
        for k in range(n_events):
            mt = meetings[k * self.n // n_events]
            d = mt["date"] + dt.timedelta(days=1 + k % 20)
            precision = k % 10
            date = d.isoformat() if precision < 7 else d.isoformat()[:7] if precision < 9 else str(d.year)
            cids = self.refs(ATTENDING, 2)
            ev: dict = {"id": f"event-{k + 1:05d}", "date": date, "kind": EVENT_KINDS[k % len(EVENT_KINDS)],
                        "title": f"Event {k + 1}: {_sentence(self.rng, 4)[:-1]}", "summary": self.text(1),
                        "themes": self.refs(THEMES, 2), "countries": cids,
                        "people": [self.rng.choice(self.people_by_country[c]) for c in cids],
                        "sources": self.cite(2)}
            if k % 3 == 0:
                ev["meeting"] = mt["id"]
            if k % 11 == 0:
                ev["certainty"] = "inferred"
                ev["note"] = "Dated from a later report; no primary source was found."
            events.append(ev)
        _dump(self.dest / "events.yml", {"events": events})
        return events

    def participants(self, mt: dict) -> list[dict]:
        """Japan and every member at a held meeting, with an absence, an unnamed delegate and a guest now and then."""
        i, host = mt["i"], mt["place"][2]
        participants = []
        for cid in ATTENDING:
            pool = self.people_by_country[cid]
            p: dict = {"country": cid, "person": pool[i * len(pool) // self.n],
                       "role": "head-of-state" if mt["kind"] == "summit" else ROLES_TOP[(i + len(cid)) % len(ROLES_TOP)],
                       "title": "Minister of Foreign Affairs", "sources": self.cite(2)}
            if cid == host:
                p["chair"] = True
            if cid == "tm" and i % 9 == 4:
                p = {"country": cid, "status": "absent", "note": "No delegation is recorded in the sources.",
                     "sources": self.cite(1)}
            elif cid == "kg" and i % 13 == 5:
                p.pop("person")
                p.update(certainty="unconfirmed", note="The minister attended; the name is not in the sources.")
            participants.append(p)
        if i % 10 == 3:
            participants.append({"country": "af", "person": self.rng.choice(self.people_by_country["af"]),
                                 "role": "guest", "title": "Minister of Foreign Affairs", "sources": self.cite(1)})
        return participants

    def meeting(self, mt: dict, plan_id: str | None) -> None:
        i, date, place = mt["i"], mt["date"], mt["place"]
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
            rec["chair_country"] = place[2]
        else:
            rec.update({"format": "in-person", "city": place[1], "country": place[2]})
        rec["participants"] = self.participants(mt) if mt["status"] == "held" else []
        rec["themes"] = self.refs(THEMES, 3)
        docs = [{"title": f"Joint Statement of meeting {i + 1}", "kind": "joint-statement", "sources": self.cite(1)}]
        if plan_id:
            docs.append({"title": f"Action Plan {plan_id}", "kind": "action-plan", "action_plan": plan_id,
                         "sources": self.cite(1)})
        rec["documents"] = docs if mt["status"] == "held" else []
        rec["summary"] = f"Meeting {i + 1} of the dialogue. " + self.text(6)
        rec["highlights"] = [{"text": self.text(1), "sources": self.cite(1)} for _ in range(3)]
        if i % 5 == 0:
            rec["disputes"] = [{"topic": "Who chaired the meeting", "follows": self.text(1), "reason": self.text(1),
                                "accounts": [{"claim": self.text(1), "sources": self.cite(1)},
                                             {"claim": self.text(1), "sources": self.cite(1)}]}]
        rec["sources"] = self.cite(3)
        _dump(self.dest / "meetings" / f"{mt['id']}.yml", rec)

    def plan_item(self, f: int, j: int, earlier: list[tuple[str, str]], k: int,
                  later_meetings: list[str], later_events: list[str]) -> dict:
        item: dict = {"id": f"item-{f + 1}-{j + 1}", "text": self.text(2), "countries": self.refs(ATTENDING, 2),
                      "sources": self.cite(1)}
        if j == 1 and earlier:
            item["continues"] = "/".join(earlier[(k * 7 + f) % len(earlier)])
        if j == 2 and later_meetings:
            item["progress"] = [{"meeting": later_meetings[0], "text": self.text(1), "sources": self.cite(1)}]
        elif j == 3 and later_events:
            item["progress"] = [{"event": later_events[0], "text": self.text(1), "sources": self.cite(1)}]
        return item

    def plans(self, plan_hosts: list[dict], plan_of: dict[str, str], meetings: list[dict],
              events: list[dict]) -> int:
        """Each plan's fields and items; an item may continue one of an earlier plan and record progress
        at a later meeting or event."""
        n_items = 0
        earlier: list[tuple[str, str]] = []  # (plan id, item id) of plans already written
        for k, host in enumerate(plan_hosts):
            plan_id = plan_of[host["id"]]
            later_meetings = [mt["id"] for mt in meetings if mt["date"] > host["date"] and mt["status"] == "held"]
            later_events = [ev["id"] for ev in events if ev["date"] > host["date"].isoformat()]
            fields = []
            mine: list[tuple[str, str]] = []
            for f in range(3):
                items = [self.plan_item(f, j, earlier, k, later_meetings, later_events)
                         for j in range(ITEMS_PER_PLAN // 3)]
                mine.extend((plan_id, item["id"]) for item in items)
                fields.append({"id": f"field-{f + 1}", "title": f"Field {f + 1}",
                               "theme": THEMES[(k + f) % len(THEMES)], "items": items})
                n_items += len(items)
            earlier.extend(mine)
            _dump(self.dest / "action-plans" / f"{plan_id}.yml", {
                "id": plan_id, "title": f"Action Plan {k + 1}", "meeting": host["id"],
                "date": host["date"].isoformat(), "summary": self.text(3), "fields": fields,
                "sources": self.cite(2)})
        return n_items

    def eras(self, meetings: list[dict]) -> int:
        n_eras = max(2, self.n // MEETINGS_PER_ERA)
        era_starts = [meetings[e * self.n // n_eras]["date"] for e in range(n_eras)]
        _dump(self.dest / "eras.yml", {"eras": [
            {"id": f"era-{e + 1:03d}", "title": f"Period {e + 1}", "start": "2004-01-01" if e == 0 else d.isoformat(),
             **({"end": era_starts[e + 1].isoformat()} if e + 1 < n_eras else {}), "description": self.text(2)}
            for e, d in enumerate(era_starts)
        ]})
        return n_eras


def generate_dataset(dest: Path, n_meetings: int, seed: int = 7) -> dict[str, int]:
    """Write a valid synthetic data/ folder with `n_meetings` meetings into `dest`; return the counts.

    Held meetings have an entry for Japan and every member; ordinals run 1..n per
    kind in date order; ids are slugs equal to the file name, with the meeting's
    year in them. Deterministic for a given seed.
    """
    if n_meetings < 1:
        raise ValueError("need at least one meeting")
    w = _Writer(dest, n_meetings, seed)
    w.folders()
    n_sources = w.sources()
    w.countries_places_themes()
    n_people = w.people()
    meetings = w.schedule()
    # Plans, adopted at every MEETINGS_PER_PLAN-th held numbered meeting.
    plan_hosts = [mt for mt in meetings if mt.get("ordinal") and mt["i"] % MEETINGS_PER_PLAN == 2]
    if not plan_hosts:
        plan_hosts = [next(mt for mt in meetings if mt.get("ordinal"))]
    plan_of = {mt["id"]: f"action-plan-{k + 1:03d}-{mt['date'].year}" for k, mt in enumerate(plan_hosts)}
    events = w.events(meetings)
    for mt in meetings:
        w.meeting(mt, plan_of.get(mt["id"]))
    n_items = w.plans(plan_hosts, plan_of, meetings, events)
    n_eras = w.eras(meetings)

    too_big = [p.name for p in dest.glob("*.yml") if p.stat().st_size > 1_000_000]
    if too_big:
        raise ValueError(f"generated files over the 1 MB limit of yamlload: {too_big}; lower the per-meeting ratios")
    return {"meetings": n_meetings, "people": n_people, "events": len(events), "plans": len(plan_hosts),
            "plan_items": n_items, "sources": n_sources, "themes": len(THEMES), "eras": n_eras,
            "countries": len(COUNTRIES), "places": len(PLACES)}
