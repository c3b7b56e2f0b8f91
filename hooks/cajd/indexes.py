"""Lookups over the dataset, computed once per build: who attended what, which events and items
concern a country, a theme, a person or a meeting.

Every page calls them with the same dataset; scanning all meetings or events on each call made
a build quadratic in the size of the data (a person page scanned every meeting: 2,500 people x
1,000 meetings). An `Index` is built once by the build's `Views` and lives as long as it. Its
answers are tuples kept in the index, never copied: read them, do not change them.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from . import model as m
from .model import FuzzyDate

if TYPE_CHECKING:
    from .dataset import Dataset

T = TypeVar("T")


@dataclass(frozen=True)
class Attendance:
    """One participant entry of a meeting."""

    meeting: m.Meeting
    participant: m.Participant


@dataclass(frozen=True)
class PlanItemRef:
    """An item of an Action Plan with the plan and field it belongs to."""

    plan: m.ActionPlan
    field: m.PlanField
    item: m.PlanItem

    @property
    def key(self) -> str:
        return f"{self.plan.id}/{self.item.id}"

    @property
    def theme(self) -> str:
        return self.item.theme or self.field.theme


def _group(pairs: Iterable[tuple[str | None, T]]) -> dict[str | None, tuple[T, ...]]:
    """key -> the values with that key, in the order given."""
    groups: dict[str | None, list[T]] = {}
    for key, value in pairs:
        groups.setdefault(key, []).append(value)
    return {key: tuple(values) for key, values in groups.items()}


class Index:
    """The lookups of one dataset; built once, then only read."""

    def __init__(self, ds: Dataset):
        self.ds = ds
        self.meetings = tuple(ds.meetings.values())
        self._position = {mt.id: i for i, mt in enumerate(self.meetings)}
        attendances = [Attendance(mt, p) for mt in self.meetings for p in mt.participants]
        self._by_person = _group((a.participant.person, a) for a in attendances)
        self._by_country = _group((a.participant.country, a) for a in attendances)
        events = ds.events.values()
        self._events_by_country = _group((c, e) for e in events for c in dict.fromkeys(e.countries))
        self._events_by_theme = _group((t, e) for e in events for t in dict.fromkeys(e.themes))
        self._events_by_person = _group((p, e) for e in events for p in dict.fromkeys(e.people))
        self._events_by_meeting = _group((e.meeting, e) for e in events if e.meeting)
        self.plan_items = tuple(PlanItemRef(plan, f, item) for plan in ds.plans.values() for f in plan.fields for item in f.items)
        self._continued_by = _group((ref.item.continues, ref) for ref in self.plan_items if ref.item.continues)
        self._item_by_key = {ref.key: ref for ref in self.plan_items}
        self._items_by_theme = _group((ref.theme, ref) for ref in self.plan_items)
        self._items_by_country = _group((c, ref) for ref in self.plan_items for c in dict.fromkeys(ref.item.countries))
        self._meetings_by_theme = _group((t, mt) for mt in self.meetings for t in dict.fromkeys(mt.themes))
        self._meetings_by_host = _group((mt.country, mt) for mt in self.meetings if mt.country)
        self._meetings_by_chair = _group((mt.chair_country, mt) for mt in self.meetings if mt.chair_country)
        self._eras = sorted(ds.eras.values(), key=lambda e: e.start.sort_key)
        self._era_starts = [e.start.sort_key for e in self._eras]

    def neighbours(self, meeting: m.Meeting) -> tuple[m.Meeting | None, m.Meeting | None]:
        """Previous and next meeting in date order, across all kinds."""
        ordered = self.meetings
        i = self._position[meeting.id]
        return (ordered[i - 1] if i > 0 else None, ordered[i + 1] if i + 1 < len(ordered) else None)

    def attendance_of_person(self, person_id: str) -> tuple[Attendance, ...]:
        """Every participation of the person, in meeting order."""
        return self._by_person.get(person_id, ())

    def attendance_of_country(self, country_id: str) -> tuple[Attendance, ...]:
        """Every participant entry of the country, in meeting order."""
        return self._by_country.get(country_id, ())

    def events_for_country(self, cid: str) -> tuple[m.Event, ...]:
        return self._events_by_country.get(cid, ())

    def events_for_theme(self, tid: str) -> tuple[m.Event, ...]:
        return self._events_by_theme.get(tid, ())

    def events_for_person(self, pid: str) -> tuple[m.Event, ...]:
        return self._events_by_person.get(pid, ())

    def events_for_meeting(self, mid: str) -> tuple[m.Event, ...]:
        """Events that belong to the meeting, in data order."""
        return self._events_by_meeting.get(mid, ())

    def continued_by(self, key: str) -> tuple[PlanItemRef, ...]:
        """The later items that continue the item 'plan-id/item-id'."""
        return self._continued_by.get(key, ())

    def item_by_key(self, key: str) -> PlanItemRef | None:
        return self._item_by_key.get(key)

    def plan_items_for_theme(self, tid: str) -> tuple[PlanItemRef, ...]:
        return self._items_by_theme.get(tid, ())

    def plan_items_for_country(self, cid: str) -> tuple[PlanItemRef, ...]:
        """Plan items that name the country, in plan order."""
        return self._items_by_country.get(cid, ())

    def meetings_with_theme(self, tid: str) -> tuple[m.Meeting, ...]:
        """Meetings that list the theme, in meeting order."""
        return self._meetings_by_theme.get(tid, ())

    def meetings_hosted(self, cid: str) -> tuple[m.Meeting, ...]:
        """Meetings held (or planned) in the country, in meeting order."""
        return self._meetings_by_host.get(cid, ())

    def meetings_chaired(self, cid: str) -> tuple[m.Meeting, ...]:
        """Online meetings the country chaired, in meeting order."""
        return self._meetings_by_chair.get(cid, ())

    def era_of(self, date: FuzzyDate) -> m.Era | None:
        """The latest era that has started by `date`."""
        at = bisect.bisect_right(self._era_starts, date.sort_key)
        return self._eras[at - 1] if at else None
