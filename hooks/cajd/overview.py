"""What the pictures show, from the data: the timeline overview's marks and a country's
representation over time. Geometry is in charts.py, markup in templates/_charts.j2."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from . import charts
from . import model as m
from . import labels
from .languages import N_

# The layers of the dialogue, one lane each, top to bottom, and which records go in each.
LANES = (
    ("ministerial", N_("Ministerial meetings")),
    ("summits", N_("Leaders' summits")),
    ("senior-officials", N_("Senior officials")),
    ("experts", N_("Experts")),
    ("business", N_("Economic and business")),
    ("tokyo-dialogue", N_("Tokyo Dialogue")),
    ("agreements", N_("Agreements and plans")),
)
MEETING_LANES = {"foreign-ministers": "ministerial", "special": "ministerial", "summit": "summits"}
EVENT_LANES = {"senior-officials": "senior-officials", "expert-meeting": "experts", "business-dialogue": "business",
               "tokyo-dialogue": "tokyo-dialogue", "agreement": "agreements"}
SHAPES = {"summits": "diamond", "agreements": "square"}


@dataclass(frozen=True)
class Overview:
    chart: charts.TimelineChart
    drawn: int  # entries on the chart
    left_out: int  # entries of the list that no lane holds (proposals, speeches, pledges…)
    first_year: int
    last_year: int


def lane_of(ds, entry) -> str | None:
    """The lane of a timeline entry, or None for kinds the chart leaves to the list."""
    kind, _, record_id = entry.anchor.partition("-")
    if kind == "meeting":
        return MEETING_LANES[ds.meetings[record_id].kind]
    if kind == "event":
        return EVENT_LANES.get(ds.events[record_id].kind)
    return "agreements"  # Action Plans and investment agreements


def timeline_overview(ds, entries: Sequence, last_year: int, *, compact: bool = False) -> Overview:
    points = []
    for e in entries:
        lane = lane_of(ds, e)
        if lane is None:
            continue
        month = int(e.date[5:7]) if len(e.date) >= 7 else None
        day = int(e.date[8:10]) if len(e.date) == 10 else None
        points.append(charts.Point(
            when=charts.year_fraction(e.date.year, month, day), lane=lane, anchor=e.anchor,
            label=_entry_label(ds.locale, e),
            shape=SHAPES.get(lane, "circle"), hollow=e.status != "held" or e.certainty != "confirmed",
            countries=e.countries, themes=e.themes,
        ))
    first_year = min((p.when for p in points), default=last_year)
    eras = [charts.Era(_year(era.start), _year(era.end) if era.end else None, era.title, f"era-{era.id}")
            for era in ds.eras.values()]
    lanes = tuple((lane, ds.locale.gettext(label)) for lane, label in LANES)
    chart = charts.timeline_chart(points, lanes, eras, int(first_year), last_year, compact=compact)
    return Overview(chart, len(points), len(entries) - len(points), int(first_year), last_year)


def _entry_label(tr, e) -> str:
    """'18 May 2019: 7th Foreign Ministers' Meeting, Dushanbe 2019', in the dataset's language."""
    label = tr.gettext("%(date)s: %(title)s", date=tr.date(e.date), title=e.title)
    if e.status != "held":
        label = tr.gettext("%(kind)s (%(status)s)", kind=label, status=tr.gettext(labels.STATUS_LABELS[e.status]))
    return label


def _year(date: m.FuzzyDate) -> float:
    month = int(date[5:7]) if len(date) >= 7 else 1
    day = int(date[8:10]) if len(date) == 10 else 1
    return charts.year_fraction(date.year, month, day)


# A country's seat at each meeting, from the highest level down; observers and guests count as "other".
LEVELS = (
    ("leader", N_("Leader")),
    ("minister", N_("Minister")),
    ("deputy", N_("Deputy minister")),
    ("envoy", N_("Special envoy")),
    ("ambassador", N_("Ambassador")),
    ("absent", N_("Absent")),
    ("unknown", N_("Not known")),
)
ROLE_LEVELS = {"head-of-state": "leader", "head-of-government": "leader", "minister": "minister",
               "deputy-minister": "deputy", "special-envoy": "envoy", "ambassador": "ambassador"}


def representation(ds, country_id: str) -> list[charts.Seat]:
    """One seat per held meeting with the country on its roster, in date order."""
    seats = []
    for mt in ds.meetings.values():
        if mt.status != "held":
            continue
        p = next((p for p in mt.participants if p.country == country_id), None)
        if p is None:
            continue
        level = ROLE_LEVELS.get(p.role or "", "unknown") if p.status == "attended" else p.status
        tr = ds.locale
        who = ds.people[p.person].name if p.person else (tr.gettext("name not confirmed") if p.status == "attended" else None)
        doubt = "" if p.certainty is m.Certainty.confirmed else p.certainty.value
        words = tr.gettext(dict(LEVELS)[level])
        if who:
            words = tr.gettext("%(level)s, %(name)s", level=words, name=who)
        if doubt:
            words = tr.gettext("%(kind)s (%(status)s)", kind=words, status=tr.gettext(labels.CERTAINTY_LABELS[doubt]))
        title = tr.gettext("%(date)s: %(title)s", date=labels.meeting_full_title(mt, tr), title=words)
        seats.append(charts.Seat(str(mt.date.year), mt.id, level, title, doubt))
    return seats


def representation_chart(ds, country_id: str) -> charts.LevelChart | None:
    """The chart, with only the levels the country ever had (absent and unknown included when they occur)."""
    seats = representation(ds, country_id)
    used = {s.level for s in seats}
    return charts.level_chart(seats, [(key, ds.locale.gettext(label)) for key, label in LEVELS if key in used]) if seats else None
