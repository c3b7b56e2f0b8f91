"""What the pages show, derived from the dataset: nothing here is typed by hand.

Plain functions over a `Dataset`; the templates only lay these out.
"""

from __future__ import annotations

import bisect
import re
import weakref
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from . import kinds, labels
from . import model as m
from .dataset import Dataset
from .model import FuzzyDate

# The labels live in labels.py; these names are kept for the templates and tests that use them here.
KIND_LABELS, KIND_PLURALS, EVENT_KIND_LABELS, DOCUMENT_KIND_LABELS, LEVEL_SHORT = (
    labels.KIND_LABELS, labels.KIND_PLURALS, labels.EVENT_KIND_LABELS, labels.DOCUMENT_KIND_LABELS, labels.LEVEL_SHORT)
ordinal, first_sentence, meeting_title, short_meeting_label = (
    labels.ordinal, labels.first_sentence, labels.meeting_title, labels.short_meeting_label)


# ----------------------------------------------------------------------------
# Meetings
# ----------------------------------------------------------------------------


def meeting_place(ds: Dataset, meeting: m.Meeting) -> str:
    """'Dushanbe, Tajikistan' or 'Online (chaired by Japan)'."""
    if meeting.format == "video":
        return f"Online (chaired by {ds.countries[meeting.chair_country].name})"
    return f"{meeting.city}, {ds.countries[meeting.country].name}"


def meeting_full_title(ds: Dataset, meeting: m.Meeting) -> str:
    return labels.meeting_full_title(meeting)


def japan_participant(meeting: m.Meeting) -> m.Participant | None:
    return next((p for p in meeting.participants if p.country == "jp" and p.status == "attended"), None)


def chair_of(meeting: m.Meeting) -> m.Participant | None:
    return next((p for p in meeting.participants if p.chair), None)


def neighbours(ds: Dataset, meeting: m.Meeting) -> tuple[m.Meeting | None, m.Meeting | None]:
    """Previous and next meeting in date order, across all kinds."""
    ordered = _index(ds).meetings
    i = _index(ds).position.get(meeting.id)
    if i is None or ordered[i] != meeting:
        i = ordered.index(meeting)
    return (ordered[i - 1] if i > 0 else None, ordered[i + 1] if i + 1 < len(ordered) else None)


def meetings_by_kind(ds: Dataset) -> dict[str, list[m.Meeting]]:
    groups: dict[str, list[m.Meeting]] = {kind: [] for kind in KIND_LABELS}
    for meeting in ds.meetings.values():
        groups[meeting.kind].append(meeting)
    return {k: v for k, v in groups.items() if v}


def member_countries(ds: Dataset) -> list[m.Country]:
    """Japan first, then the Central Asian members, then guests."""
    order = {"partner": 0, "member": 1, "guest": 2}
    return sorted(ds.countries.values(), key=lambda c: (order[c.role], c.name))


# ----------------------------------------------------------------------------
# Attendance
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Attendance:
    meeting: m.Meeting
    participant: m.Participant


def attendance_of_person(ds: Dataset, person_id: str) -> list[Attendance]:
    """Every participation of the person, in meeting order."""
    return list(_index(ds).by_person.get(person_id, ()))


def attendance_of_country(ds: Dataset, country_id: str) -> list[Attendance]:
    """Every participant entry of the country, in meeting order."""
    return list(_index(ds).by_country.get(country_id, ()))


def ministers_of_country(ds: Dataset, country_id: str) -> list[tuple[m.Person, list[m.Meeting]]]:
    """People who represented the country at minister or leader level, in order of first meeting."""
    found: dict[str, list[m.Meeting]] = {}
    for att in attendance_of_country(ds, country_id):
        p = att.participant
        if p.person and p.role in ("minister", "head-of-state", "head-of-government"):
            found.setdefault(p.person, []).append(att.meeting)
    return [(ds.people[pid], meetings) for pid, meetings in found.items()]


def full_attendance(meeting: m.Meeting, ds: Dataset) -> bool:
    """True when every Central Asian member sent its foreign minister (or leader, at a summit)."""
    top = {"minister", "head-of-state"} if meeting.kind == "summit" else {"minister"}
    by_country = {p.country: p for p in meeting.participants if p.status == "attended"}
    members = [c for c in ds.countries.values() if c.role == "member"]
    return all(c.id in by_country and by_country[c.id].role in top for c in members)


# ----------------------------------------------------------------------------
# Plans
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanItemRef:
    plan: m.ActionPlan
    field: m.PlanField
    item: m.PlanItem

    @property
    def key(self) -> str:
        return f"{self.plan.id}/{self.item.id}"

    @property
    def theme(self) -> str:
        return self.item.theme or self.field.theme


def plan_items(ds: Dataset) -> list[PlanItemRef]:
    return list(_index(ds).plan_items)


def continued_by(ds: Dataset) -> dict[str, list[PlanItemRef]]:
    """Earlier item key -> the later items that continue it."""
    return {key: list(refs) for key, refs in _index(ds).continued_by.items()}


def item_by_key(ds: Dataset) -> dict[str, PlanItemRef]:
    return dict(_index(ds).item_by_key)


# ----------------------------------------------------------------------------
# Timeline
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One dated entry of the timeline."""

    anchor: str
    date: FuzzyDate
    kind: str  # meeting, plan, event, agreement
    label: str
    title: str
    summary: str
    url: str  # src_uri of the page, or '' when the entry has no page of its own
    countries: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    status: str = "held"
    certainty: str = "confirmed"

    @property
    def year(self) -> int:
        return self.date.year


def timeline(ds: Dataset) -> list[Entry]:
    entries: list[Entry] = []
    for mt in ds.meetings.values():
        label = KIND_LABELS[mt.kind] + (f" ({mt.status})" if mt.status != "held" else "")
        entries.append(Entry(
            anchor=f"meeting-{mt.id}", date=mt.date, kind="meeting", label=label,
            title=meeting_full_title(ds, mt), summary=first_sentence(mt.summary),
            url=kinds.page_uri("meetings", mt.id),
            countries=tuple(sorted({p.country for p in mt.participants if p.status == "attended"})),
            themes=tuple(mt.themes), status=mt.status,
        ))
    for plan in ds.plans.values():
        entries.append(Entry(
            anchor=f"plan-{plan.id}", date=plan.date, kind="plan", label="Action Plan adopted",
            title=plan.title, summary=first_sentence(plan.summary), url=kinds.page_uri("plans", plan.id),
            countries=tuple(sorted({c for it in plan_items_of(plan) for c in it.countries})),
            themes=tuple(dict.fromkeys(f.theme for f in plan.fields)), certainty=plan.certainty.value,
        ))
    for ev in ds.events.values():
        entries.append(Entry(
            anchor=f"event-{ev.id}", date=ev.date, kind="event", label=EVENT_KIND_LABELS[ev.kind],
            title=ev.title, summary=first_sentence(ev.summary), url="",
            countries=tuple(ev.countries), themes=tuple(ev.themes), certainty=ev.certainty.value,
        ))
    themes = ("investment",) if "investment" in ds.themes else ()
    for country in ds.countries.values():
        agreement = country.investment_agreement
        if agreement is None or agreement.signed is None:
            continue
        entries.append(Entry(
            anchor=f"agreement-{country.id}-signed", date=agreement.signed, kind="agreement",
            label="Investment agreement signed", title=agreement.title or "", url=kinds.page_uri("countries", country.id),
            summary=f"Japan and {country.name} signed an investment agreement"
            + (f" in {agreement.signed_place}." if agreement.signed_place else "."),
            countries=("jp", country.id), themes=themes,
        ))
        if agreement.in_force:
            entries.append(Entry(
                anchor=f"agreement-{country.id}-in-force", date=agreement.in_force, kind="agreement",
                label="Investment agreement in force", title=agreement.title or "", url=kinds.page_uri("countries", country.id),
                summary=f"The investment agreement between Japan and {country.name} entered into force.",
                countries=("jp", country.id), themes=themes,
            ))
    return sorted(entries, key=lambda e: (e.date.sort_key, _KIND_ORDER[e.kind], e.anchor))


_KIND_ORDER = {"event": 0, "meeting": 1, "plan": 2, "agreement": 3}


def plan_items_of(plan: m.ActionPlan) -> list[m.PlanItem]:
    return [item for f in plan.fields for item in f.items]


def era_of(ds: Dataset, date: FuzzyDate) -> m.Era | None:
    """The latest era that has started by `date`."""
    index = _index(ds)
    at = bisect.bisect_right(index.era_starts, date.sort_key)
    return index.eras[at - 1] if at else None


# ----------------------------------------------------------------------------
# Back-references
# ----------------------------------------------------------------------------


@dataclass
class Backrefs:
    """Which pages rely on each source; which records concern each country and theme."""

    ds: Dataset
    by_source: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # id -> (title, src_uri)

    def __post_init__(self) -> None:
        ds = self.ds
        for c in ds.countries.values():
            ids = list(c.sources) + (c.investment_agreement.sources if c.investment_agreement else [])
            self._add(ids, c.name, kinds.page_uri("countries", c.id))
        for p in ds.people.values():
            self._add(list(p.sources) + [s for pos in p.positions for s in pos.sources], p.name, kinds.page_uri("people", p.id))
        for t in ds.themes.values():
            self._add(t.sources, t.title, kinds.page_uri("themes", t.id))
        for mt in ds.meetings.values():
            ids = list(mt.sources)
            ids += [s for p in mt.participants for s in p.sources]
            ids += [s for d in mt.documents for s in d.sources]
            ids += [s for h in mt.highlights for s in h.sources]
            ids += [s for d in mt.disputes for a in d.accounts for s in a.sources]
            self._add(ids, meeting_full_title(ds, mt), kinds.page_uri("meetings", mt.id))
        for plan in ds.plans.values():
            ids = list(plan.sources) + [s for it in plan_items_of(plan) for s in it.sources]
            ids += [s for it in plan_items_of(plan) for pr in it.progress for s in pr.sources]
            ids += [s for d in plan.disputes for a in d.accounts for s in a.sources]
            self._add(ids, plan.title, kinds.page_uri("plans", plan.id))
        for ev in ds.events.values():
            self._add(ev.sources, ev.title, kinds.page_uri("events", ev.id))
        for place in ds.places.values():
            self._add(place.sources, f"Venue map: {place.name}", kinds.page_uri("places", place.id))

    def _add(self, ids: list[str], title: str, uri: str) -> None:
        for sid in dict.fromkeys(ids):
            self.by_source.setdefault(sid, []).append((title, uri))


def events_for_country(ds: Dataset, cid: str) -> list[m.Event]:
    return list(_index(ds).events_by_country.get(cid, ()))


def events_for_theme(ds: Dataset, tid: str) -> list[m.Event]:
    return list(_index(ds).events_by_theme.get(tid, ()))


def events_for_person(ds: Dataset, pid: str) -> list[m.Event]:
    return list(_index(ds).events_by_person.get(pid, ()))


def events_for_meeting(ds: Dataset, mid: str) -> list[m.Event]:
    """Events that belong to the meeting, in data order (for meeting.md.j2, instead of a selectattr over all events)."""
    return list(_index(ds).events_by_meeting.get(mid, ()))


def meetings_with_theme(ds: Dataset, tid: str) -> list[m.Meeting]:
    """Meetings that list the theme, in meeting order."""
    return list(_index(ds).meetings_by_theme.get(tid, ()))


def meetings_hosted(ds: Dataset, cid: str) -> list[m.Meeting]:
    """Meetings held (or planned) in the country, in meeting order."""
    return list(_index(ds).meetings_by_host.get(cid, ()))


def meetings_chaired(ds: Dataset, cid: str) -> list[m.Meeting]:
    """Online meetings the country chaired, in meeting order."""
    return list(_index(ds).meetings_by_chair.get(cid, ()))


def plan_items_for_theme(ds: Dataset, tid: str) -> list[PlanItemRef]:
    return list(_index(ds).items_by_theme.get(tid, ()))


def plan_items_for_country(ds: Dataset, cid: str) -> list[PlanItemRef]:
    """Plan items that name the country, in plan order."""
    return list(_index(ds).items_by_country.get(cid, ()))


def plan_items_by_plan(ds: Dataset, refs: list[PlanItemRef]) -> list[tuple[m.ActionPlan, list[PlanItemRef]]]:
    """Every plan, in data order, with those of the given items that belong to it."""
    mine: dict[str, list[PlanItemRef]] = {}
    for ref in refs:
        mine.setdefault(ref.plan.id, []).append(ref)
    return [(plan, mine.get(plan.id, [])) for plan in ds.plans.values()]


def people_of_country(ds: Dataset, cid: str) -> list[m.Person]:
    """The country's people, by name."""
    return sorted((p for p in ds.people.values() if p.country == cid), key=lambda p: p.name)


def sorted_events(events: list[m.Event]) -> list[m.Event]:
    return sorted(events, key=lambda e: (e.date.sort_key, e.id))


@dataclass(frozen=True)
class Figures:
    """Key figures for the home page, counted from the data."""

    ds: Dataset

    @cached_property
    def held(self) -> list[m.Meeting]:
        return [mt for mt in self.ds.meetings.values() if mt.status == "held"]

    @property
    def meetings(self) -> int:
        return len(self.held)

    @property
    def ministerial(self) -> int:
        return sum(1 for mt in self.held if mt.kind in ("foreign-ministers", "special"))

    @property
    def summits(self) -> int:
        return sum(1 for mt in self.held if mt.kind == "summit")

    @property
    def first_year(self) -> int:
        return min(mt.date.year for mt in self.held)

    @property
    def last_year(self) -> int:
        return max(mt.date.year for mt in self.held)

    @property
    def countries(self) -> int:
        return sum(1 for c in self.ds.countries.values() if c.role in ("member", "partner"))

    @property
    def people(self) -> int:
        return len(self.ds.people)

    @property
    def plan_items(self) -> int:
        return sum(len(plan_items_of(p)) for p in self.ds.plans.values())

    @property
    def latest(self) -> m.Meeting:
        return self.held[-1]


# ----------------------------------------------------------------------------
# Venue map
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Venue:
    place: m.Place
    x: int
    y: int
    meetings: tuple[m.Meeting, ...]


@dataclass(frozen=True)
class Shape:
    id: str
    focus: bool
    path: str
    label: tuple[int, int] | None  # where to write the name of a focus country


@dataclass(frozen=True)
class MapView:
    width: int
    height: int
    shapes: tuple[Shape, ...]
    venues: tuple[Venue, ...]


def venue_map(ds: Dataset) -> MapView:
    """Outlines and venue markers projected into one SVG box; venues come from the meetings."""
    from . import geo

    by_place: dict[str, list[m.Meeting]] = {}
    for mt in ds.meetings.values():
        place = place_of(ds, mt)
        if place is not None:
            by_place.setdefault(place.id, []).append(mt)
    places = [ds.places[pid] for pid in by_place]
    project = geo.projection_for(ds.basemap["bbox"], [(p.lon, p.lat) for p in places])
    shapes = []
    for shape in ds.basemap["shapes"]:
        path = "".join(geo.ring_path(project, ring) for ring in shape["rings"])
        label = None
        if shape["focus"] and shape["id"] in ds.countries:
            ring = max(shape["rings"], key=len)
            lon = sum(pt[0] for pt in ring) / len(ring)
            lat = sum(pt[1] for pt in ring) / len(ring)
            x, y = project(lon, lat)
            label = (round(x), round(y))
        shapes.append(Shape(shape["id"], shape["focus"], path, label))
    venues = []
    for place in sorted(places, key=lambda p: (-p.lat, p.lon)):
        x, y = project(place.lon, place.lat)
        venues.append(Venue(place, round(x), round(y), tuple(by_place[place.id])))
    return MapView(round(geo.WIDTH), round(project.height), tuple(shapes), tuple(venues))


def place_of(ds: Dataset, meeting: m.Meeting) -> m.Place | None:
    return next((p for p in ds.places.values() if p.name == meeting.city and p.country == meeting.country), None)


# ----------------------------------------------------------------------------
# Matrices
# ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    css: str  # level or status, for the styling
    level: str  # the visible word: the level is never shown by colour alone
    participant: m.Participant | None


@dataclass(frozen=True)
class AttendanceRow:
    meeting: m.Meeting
    cells: tuple[Cell, ...]
    full: bool  # every Central Asian member at the top level
    first_full: bool


def attendance_matrix(ds: Dataset) -> tuple[list[m.Country], list[AttendanceRow]]:
    """Meetings x countries; each cell says who came and at what level."""
    countries = member_countries(ds)
    rows = []
    seen_full = False
    for mt in ds.meetings.values():
        if mt.status != "held":
            continue
        cells = []
        for c in countries:
            p = next((p for p in mt.participants if p.country == c.id), None)
            if p is None:
                cells.append(Cell("none", "Not present", None))
            elif p.status != "attended":
                cells.append(Cell(p.status, "Absent" if p.status == "absent" else "Not known", p))
            else:
                cells.append(Cell(p.role or "unknown", LEVEL_SHORT.get(p.role or "", "Attended"), p))
        full = full_attendance(mt, ds)
        rows.append(AttendanceRow(mt, tuple(cells), full, full and not seen_full and mt.kind == "foreign-ministers"))
        seen_full = seen_full or (full and mt.kind == "foreign-ministers")
    return countries, rows


def theme_matrix(ds: Dataset) -> tuple[list[m.Meeting], list[tuple[m.Theme, list[bool], dict[str, int]]]]:
    """Themes x meetings, and for each theme the number of items in each plan."""
    meetings = [mt for mt in ds.meetings.values() if mt.status == "held"]
    counts = Counter((ref.plan.id, ref.theme) for ref in _index(ds).plan_items)
    rows = []
    for theme in ds.themes.values():
        marks = [theme.id in mt.themes for mt in meetings]
        per_plan = {plan.id: counts[(plan.id, theme.id)] for plan in ds.plans.values()}
        rows.append((theme, marks, per_plan))
    return meetings, rows


# ----------------------------------------------------------------------------
# Lookups computed once per dataset
# ----------------------------------------------------------------------------
# Every page calls the views above with the same dataset; scanning all meetings or
# events on each call made a build quadratic in the size of the data (a person page
# scanned every meeting: 2,500 people x 1,000 meetings). The index is built on first
# use and kept while the dataset lives. A Dataset is not changed after load_dataset;
# the fingerprint still catches a dict that is replaced or grows or shrinks.


class _Index:
    def __init__(self, ds: Dataset):
        self.meetings = list(ds.meetings.values())
        self.position = {mt.id: i for i, mt in enumerate(self.meetings)}
        self.by_person: dict[str | None, list[Attendance]] = {}
        self.by_country: dict[str, list[Attendance]] = {}
        for mt in self.meetings:
            for p in mt.participants:
                att = Attendance(mt, p)
                self.by_person.setdefault(p.person, []).append(att)
                self.by_country.setdefault(p.country, []).append(att)
        self.events_by_country: dict[str, list[m.Event]] = {}
        self.events_by_theme: dict[str, list[m.Event]] = {}
        self.events_by_person: dict[str, list[m.Event]] = {}
        self.events_by_meeting: dict[str, list[m.Event]] = {}
        for e in ds.events.values():
            for key, bucket in ((e.countries, self.events_by_country), (e.themes, self.events_by_theme),
                                (e.people, self.events_by_person), ((e.meeting,) if e.meeting else (), self.events_by_meeting)):
                for k in dict.fromkeys(key):
                    bucket.setdefault(k, []).append(e)
        self.plan_items = [PlanItemRef(plan, f, item) for plan in ds.plans.values() for f in plan.fields for item in f.items]
        self.continued_by: dict[str, list[PlanItemRef]] = {}
        for ref in self.plan_items:
            if ref.item.continues:
                self.continued_by.setdefault(ref.item.continues, []).append(ref)
        self.item_by_key = {ref.key: ref for ref in self.plan_items}
        self.items_by_theme: dict[str, list[PlanItemRef]] = {}
        self.items_by_country: dict[str, list[PlanItemRef]] = {}
        for ref in self.plan_items:
            self.items_by_theme.setdefault(ref.theme, []).append(ref)
            for cid in dict.fromkeys(ref.item.countries):
                self.items_by_country.setdefault(cid, []).append(ref)
        self.meetings_by_theme: dict[str, list[m.Meeting]] = {}
        self.meetings_by_host: dict[str, list[m.Meeting]] = {}
        self.meetings_by_chair: dict[str, list[m.Meeting]] = {}
        for mt in self.meetings:
            for tid in dict.fromkeys(mt.themes):
                self.meetings_by_theme.setdefault(tid, []).append(mt)
            if mt.country:
                self.meetings_by_host.setdefault(mt.country, []).append(mt)
            if mt.chair_country:
                self.meetings_by_chair.setdefault(mt.chair_country, []).append(mt)
        self.eras = sorted(ds.eras.values(), key=lambda e: e.start.sort_key)
        self.era_starts = [e.start.sort_key for e in self.eras]


_INDEXES: dict[int, tuple[weakref.ref, tuple, _Index]] = {}


def _fingerprint(ds: Dataset) -> tuple:
    parts = (ds.meetings, ds.people, ds.events, ds.plans, ds.eras, ds.countries)
    return tuple((id(d), len(d)) for d in parts)


def _index(ds: Dataset) -> _Index:
    key = id(ds)
    entry = _INDEXES.get(key)
    fingerprint = _fingerprint(ds)
    if entry is not None and entry[0]() is ds and entry[1] == fingerprint:
        return entry[2]
    index = _Index(ds)
    _INDEXES[key] = (weakref.ref(ds, lambda _ref, key=key: _INDEXES.pop(key, None)), fingerprint, index)
    return index
