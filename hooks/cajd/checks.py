"""Checks across records: every reference resolves; ordinals run 1..n; hosts and rosters make sense.

`cross_check(ds)` returns every problem found. A check that depends on a reference already
reported as broken is skipped: one mistake gives one error.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from typing import TYPE_CHECKING

from . import formats, kinds
from . import model as m
from .cited import source_lists
from .errors import Loc, Problem

if TYPE_CHECKING:
    from .dataset import Dataset, Origin


def cross_check(ds: Dataset) -> list[Problem]:
    """Every problem between records, each once."""
    problems: list[Problem] = []
    ref = Refs(ds, problems)
    for kind in kinds.KINDS:
        if kind.parent is None:  # a derived record's sources are checked in its parent
            for record_id, record in getattr(ds, kind.name).items():
                origin = ds.origin(kind.name, record_id)
                for loc, ids in source_lists(record):
                    if loc[-1] == "source":  # one id, not a list
                        ref.check(origin, loc, ids[0], "sources", "source")
                    else:
                        ref.sources(origin, loc, ids)
    for pid, person in ds.people.items():
        ref.country(ds.origin("people", pid), ("country",), person.country)
    for place_id, place in ds.places.items():
        ref.country(ds.origin("places", place_id), ("country",), place.country)
    for eid, event in ds.events.items():
        _check_event(ref, ds.origin("events", eid), event)
    for mid, meeting in ds.meetings.items():
        _check_meeting(ds, ref, mid, meeting)
        _check_participants(ds, ref, ds.origin("meetings", mid), meeting)
    problems.extend(_check_ordinals(ds))
    for plan_id, plan in ds.plans.items():
        _check_plan(ds, ref, plan_id, plan)
    problems.extend(formats.cross_check(ds, ref))
    return problems


class Refs:
    """Resolves references and records a problem for each one that does not."""

    def __init__(self, ds: Dataset, problems: list[Problem]):
        self.ds, self.problems = ds, problems

    def check(self, origin: Origin, loc: Loc, value: str, kind: str, what: str) -> bool:
        known = getattr(self.ds, kind)
        if value in known:
            return True
        if kind in self.ds.broken:  # its file failed; that error is already reported
            return False
        names = sorted(known)
        close = difflib.get_close_matches(value, names, n=1)
        if len(names) <= 12:
            expected = f"known: {', '.join(names)}"
        else:
            expected = f"did you mean {close[0]!r}?" if close else f"expected one of the {len(names)} ids in data/"
        self.problems.append(origin.problem(loc, f"unknown {what} {value!r} ({expected})"))
        return False

    def country(self, origin: Origin, loc: Loc, value: str) -> bool:
        return self.check(origin, loc, value, "countries", "country")

    def person(self, origin: Origin, loc: Loc, value: str) -> bool:
        return self.check(origin, loc, value, "people", "person")

    def theme(self, origin: Origin, loc: Loc, value: str) -> bool:
        return self.check(origin, loc, value, "themes", "theme")

    def meeting(self, origin: Origin, loc: Loc, value: str) -> bool:
        return self.check(origin, loc, value, "meetings", "meeting")

    def event(self, origin: Origin, loc: Loc, value: str) -> bool:
        return self.check(origin, loc, value, "events", "event")

    def plan(self, origin: Origin, loc: Loc, value: str) -> bool:
        return self.check(origin, loc, value, "plans", "action plan")

    def sources(self, origin: Origin, loc: Loc, values: list[str]) -> None:
        for i, value in enumerate(values):
            self.check(origin, loc + (i,), value, "sources", "source")
        for dup in sorted(v for v, n in Counter(values).items() if n > 1):
            self.problems.append(origin.problem(loc, f"source {dup!r} is listed twice, expected each once"))


def _check_event(ref: Refs, origin: Origin, event: m.Event) -> None:
    for i, t in enumerate(event.themes):
        ref.theme(origin, ("themes", i), t)
    for i, c in enumerate(event.countries):
        ref.country(origin, ("countries", i), c)
    for i, p in enumerate(event.people):
        ref.person(origin, ("people", i), p)
    if event.meeting:
        ref.meeting(origin, ("meeting",), event.meeting)


def _check_meeting(ds: Dataset, ref: Refs, mid: str, meeting: m.Meeting) -> None:
    """The meeting's date, host, place, themes and documents."""
    origin, problem = ds.origin("meetings", mid), ref.problems.append
    year_in_id = re.findall(r"(?:^|-)((?:19|20)\d\d)(?:-|$)", mid)
    if year_in_id and int(year_in_id[-1]) != meeting.date.year:
        problem(origin.problem(("date",), f"date {meeting.date} is not in {year_in_id[-1]}, the year in the id {mid!r}"))
    host_known = True
    for loc_name, value in (("country", meeting.country), ("chair_country", meeting.chair_country)):
        if value and ref.country(origin, (loc_name,), value):
            if ds.countries[value].role not in ("member", "partner"):
                problem(origin.problem((loc_name,), f"{value!r} is a {ds.countries[value].role}, expected a member country or Japan"))
        elif value and loc_name == "country":
            host_known = False
    # The place is looked up in the host country: with a host already reported unknown, say nothing more.
    if meeting.city and host_known and "places" not in ds.broken and not any(
        p.name == meeting.city and p.country == meeting.country for p in ds.places.values()
    ):
        problem(origin.problem(("city",), f"no place {meeting.city!r} in {meeting.country!r}, expected an entry in data/places.yml with its coordinates"))
    for i, t in enumerate(meeting.themes):
        ref.theme(origin, ("themes", i), t)
    for i, doc in enumerate(meeting.documents):
        if doc.action_plan and ref.plan(origin, ("documents", i, "action_plan"), doc.action_plan):
            if ds.plans[doc.action_plan].meeting != mid:
                problem(origin.problem(("documents", i, "action_plan"), f"plan {doc.action_plan!r} was adopted at {ds.plans[doc.action_plan].meeting!r}, not here"))
        for j, key in enumerate(doc.plan_items):
            plan_id, item_id = key.split("/")
            if plan_id not in ds.plans:
                ref.plan(origin, ("documents", i, "plan_items", j), plan_id)
            elif item_id not in {it.id for f in ds.plans[plan_id].fields for it in f.items}:
                problem(origin.problem(("documents", i, "plan_items", j), f"plan {plan_id!r} has no item {item_id!r}, expected plan-id/item-id"))


def _check_participants(ds: Dataset, ref: Refs, origin: Origin, meeting: m.Meeting) -> None:
    """One chair; each person from the country they represent; every member and Japan present."""
    problem = ref.problems.append
    chairs = [i for i, p in enumerate(meeting.participants) if p.chair]
    if len(chairs) > 1:
        problem(origin.problem(("participants", chairs[1], "chair"), "a second chair, expected one chair per meeting"))
    for i, p in enumerate(meeting.participants):
        loc = ("participants", i)
        if ref.country(origin, loc + ("country",), p.country) and p.person and ref.person(origin, loc + ("person",), p.person):
            home = ds.people[p.person].country
            if home != p.country:
                problem(origin.problem(loc + ("person",), f"{p.person!r} is from {home!r}, expected a person from {p.country!r}"))
    if meeting.status == "held" and "countries" not in ds.broken:
        listed = {p.country for p in meeting.participants}
        expected = [c for c, country in ds.countries.items() if country.role in ("member", "partner")]
        for missing in [c for c in expected if c not in listed]:
            problem(origin.problem(("participants",), f"no entry for {missing!r}, expected every member country and Japan (use status: absent or unknown)"))


def _check_ordinals(ds: Dataset) -> list[Problem]:
    """Within each kind, held meetings are numbered 1..n in date order, with no gap or repeat."""
    problems: list[Problem] = []
    by_kind: dict[str, list[m.Meeting]] = {}
    for meeting in ds.meetings.values():
        if meeting.ordinal is not None:
            by_kind.setdefault(meeting.kind, []).append(meeting)
    for kind, meetings in by_kind.items():
        seen: dict[int, str] = {}
        for meeting in meetings:
            origin = ds.origin("meetings", meeting.id)
            if meeting.ordinal in seen:
                problems.append(origin.problem(("ordinal",), f"ordinal {meeting.ordinal} is also used by {seen[meeting.ordinal]!r}, expected a unique ordinal"))
            seen.setdefault(meeting.ordinal, meeting.id)
        if "meetings" in ds.broken:  # a file that failed may hold the missing number
            continue
        for expected, meeting in enumerate(sorted(meetings, key=lambda x: x.date), start=1):
            if meeting.ordinal != expected and len(seen) == len(meetings):
                origin = ds.origin("meetings", meeting.id)
                problems.append(origin.problem(("ordinal",), f"ordinal {meeting.ordinal} breaks the sequence, expected {expected} (ordinals run 1, 2, 3… in date order within '{kind}')"))
    return problems


def _check_plan(ds: Dataset, ref: Refs, plan_id: str, plan: m.ActionPlan) -> None:
    """The plan's meeting and date, its themes, and each item."""
    origin = ds.origin("plans", plan_id)
    if ref.meeting(origin, ("meeting",), plan.meeting) and ds.meetings[plan.meeting].date != plan.date:
        ref.problems.append(origin.problem(("date",), f"date {plan.date} differs from its meeting's date {ds.meetings[plan.meeting].date}"))
    item_ids: dict[str, Loc] = {}
    for fi, fld in enumerate(plan.fields):
        ref.theme(origin, ("fields", fi, "theme"), fld.theme)
        for ii, item in enumerate(fld.items):
            loc = ("fields", fi, "items", ii)
            if item.id in item_ids:
                ref.problems.append(origin.problem(loc + ("id",), f"item id {item.id!r} is used twice in this plan, expected unique item ids"))
            item_ids[item.id] = loc
            _check_item(ds, ref, origin, loc, plan_id, plan, item)


def _check_item(ds: Dataset, ref: Refs, origin: Origin, loc: Loc, plan_id: str, plan: m.ActionPlan, item: m.PlanItem) -> None:
    """An item's theme, countries, progress reports and the earlier item it continues."""
    if item.theme:
        ref.theme(origin, loc + ("theme",), item.theme)
    for ci, c in enumerate(item.countries):
        ref.country(origin, loc + ("countries", ci), c)
    for pi, prog in enumerate(item.progress):
        if prog.meeting:
            ref.meeting(origin, loc + ("progress", pi, "meeting"), prog.meeting)
        if prog.event:
            ref.event(origin, loc + ("progress", pi, "event"), prog.event)
    if not item.continues:
        return
    other_plan, other_item = item.continues.split("/")
    target = ds.plans.get(other_plan)
    if target is None or other_plan == plan_id:
        if "plans" not in ds.broken or other_plan == plan_id:  # the plan may be in the file that failed
            ref.problems.append(origin.problem(loc + ("continues",), f"unknown earlier plan {other_plan!r}, expected plan-id/item-id of another plan"))
    elif other_item not in {it.id for f in target.fields for it in f.items}:
        ref.problems.append(origin.problem(loc + ("continues",), f"plan {other_plan!r} has no item {other_item!r}"))
    elif target.date >= plan.date:
        ref.problems.append(origin.problem(loc + ("continues",), f"{item.continues!r} is not earlier than this plan"))
