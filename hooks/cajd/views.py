"""What the pages show, derived from the dataset: nothing here is typed by hand.

`Views(ds)` is made once per build and handed to the templates as `v`: the lookups of
indexes.py plus the view models (timeline entries, matrices, the venue map, key figures).
What it computes once (the timeline, the map, the back-references) it keeps for the build.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from markupsafe import Markup

from . import charts, cited, formats_view, kinds, labels, mapview, overview, structured
from . import model as m
from .indexes import Index, PlanItemRef
from .languages import Locale
from .model import FuzzyDate

if TYPE_CHECKING:
    from .dataset import Dataset


@dataclass(frozen=True)
class Entry:
    """One dated entry of the timeline."""

    anchor: str
    date: FuzzyDate
    kind: str  # meeting, plan, event, agreement
    label: str
    title: str
    summary_of: m.Meeting | m.ActionPlan | m.Event | str  # the record whose summary it shows, or the text itself
    url: str  # src_uri of the page, or '' when the entry has no page of its own
    countries: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    status: str = "held"
    certainty: str = "confirmed"
    disputes: tuple[m.Dispute, ...] = ()

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def summary(self) -> str:
        """The first sentence of the record's summary, read from the record only when a page shows it: cajd.pagedeps
        then notes it for the pages that show it, not for every page that takes the timeline (the home page, ...)."""
        of = self.summary_of
        return of if isinstance(of, str) else labels.first_sentence(of.summary)


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


_ROLE_ORDER = {"partner": 0, "member": 1, "guest": 2}
_ENTRY_ORDER = {"event": 0, "meeting": 1, "plan": 2, "agreement": 3}


def plan_items_of(plan: m.ActionPlan) -> list[m.PlanItem]:
    return [item for f in plan.fields for item in f.items]


def sorted_events(events: tuple[m.Event, ...] | list[m.Event]) -> list[m.Event]:
    return sorted(events, key=lambda e: (e.date.sort_key, e.id))


def japan_participant(meeting: m.Meeting) -> m.Participant | None:
    return next((p for p in meeting.participants if p.country == "jp" and p.status == "attended"), None)


def chair_of(meeting: m.Meeting) -> m.Participant | None:
    return next((p for p in meeting.participants if p.chair), None)



def alphabetical(name: str) -> tuple[str, str]:
    """A key that sorts names as a reader of their language expects, not by code point: a letter with a mark
    sorts with its base letter (Ё with Е in Russian, ガ with カ in Japanese, É with E), case aside."""
    folded = name.casefold()
    base = "".join(c if c == "й" else _without_marks(c) for c in folded)  # Й is a letter of its own, after И
    return base, folded


def _without_marks(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))

class Views(Index):
    """Everything the templates show, for one build of one dataset."""

    # Helpers that need no dataset, here too so that templates find every view under `v`.
    plan_items_of = staticmethod(plan_items_of)
    sorted_events = staticmethod(sorted_events)
    japan_participant = staticmethod(japan_participant)
    chair_of = staticmethod(chair_of)

    # Titles made from a meeting's kind and number, in the dataset's language.
    def meeting_title(self, meeting: m.Meeting) -> str:
        return labels.meeting_title(meeting, self.ds.locale)

    def meeting_full_title(self, meeting: m.Meeting) -> str:
        return labels.meeting_full_title(meeting, self.ds.locale)

    def short_meeting_label(self, meeting: m.Meeting) -> str:
        return labels.short_meeting_label(meeting, self.ds.locale)

    # -- Meetings and countries ------------------------------------------------

    def meeting_place(self, meeting: m.Meeting) -> str:
        """'Dushanbe, Tajikistan' or 'Online (chaired by Japan)'."""
        if meeting.format == "video":
            return self.ds.locale.gettext(labels.ONLINE_CHAIRED_BY, country=self.ds.countries[meeting.chair_country].name)
        return self.ds.locale.gettext("%(city)s, %(country)s", city=meeting.city, country=self.ds.countries[meeting.country].name)

    def meetings_by_kind(self) -> dict[str, list[m.Meeting]]:
        groups: dict[str, list[m.Meeting]] = {kind: [] for kind in labels.KIND_LABELS}
        for meeting in self.meetings:
            groups[meeting.kind].append(meeting)
        return {k: v for k, v in groups.items() if v}

    @cached_property
    def countries_in_order(self) -> list[m.Country]:
        """Japan first, then the Central Asian members, then guests."""
        return sorted(self.ds.countries.values(), key=lambda c: (_ROLE_ORDER[c.role], alphabetical(c.name)))

    def member_countries(self) -> list[m.Country]:
        return self.countries_in_order

    def countries_with_role(self, role: str) -> list[m.Country]:
        """The countries of one role ('member', 'partner', 'guest'), by name."""
        return [c for c in self.countries_in_order if c.role == role]

    def ministers_of_country(self, country_id: str) -> list[tuple[m.Person, list[m.Meeting]]]:
        """People who represented the country at minister or leader level, in order of first meeting."""
        found: dict[str, list[m.Meeting]] = {}
        for att in self.attendance_of_country(country_id):
            p = att.participant
            if p.person and p.role in ("minister", "head-of-state", "head-of-government"):
                found.setdefault(p.person, []).append(att.meeting)
        return [(self.ds.people[pid], meetings) for pid, meetings in found.items()]

    def full_attendance(self, meeting: m.Meeting) -> bool:
        """True when every Central Asian member sent its foreign minister (or leader, at a summit)."""
        top = {"minister", "head-of-state"} if meeting.kind == "summit" else {"minister"}
        by_country = {p.country: p for p in meeting.participants if p.status == "attended"}
        return all(c.id in by_country and by_country[c.id].role in top for c in self.countries_with_role("member"))

    def people_of_country(self, cid: str) -> list[m.Person]:
        """The country's people, by name."""
        return sorted((p for p in self.ds.people.values() if p.country == cid), key=lambda p: alphabetical(p.name))

    def plan_items_by_plan(self, refs: tuple[PlanItemRef, ...]) -> list[tuple[m.ActionPlan, list[PlanItemRef]]]:
        """Every plan, in data order, with those of the given items that belong to it."""
        mine: dict[str, list[PlanItemRef]] = {}
        for ref in refs:
            mine.setdefault(ref.plan.id, []).append(ref)
        return [(plan, mine.get(plan.id, [])) for plan in self.ds.plans.values()]

    def json_ld(self, meeting: m.Meeting) -> Markup:
        """The meeting as schema.org JSON-LD, safe inside <script>."""
        return structured.script_json(structured.meeting_event(self.ds, meeting, self.place_of(meeting)))

    @cached_property
    def figures(self) -> Figures:
        return Figures(self.ds, self)

    @cached_property
    def formats(self) -> formats_view.Comparison:
        """The Central Asia + X formats compared: their views in the order they began, the figures, the chart."""
        return formats_view.comparison(self.ds)

    def format_view(self, record) -> formats_view.FormatView:
        """One format's view, made from its record alone (and, for Japan's, data/meetings/): a format's page then
        reads nothing of the other formats (cajd.pagedeps renders it again only when what it reads changed)."""
        return formats_view.format_view(self.ds, record)

    @cached_property
    def cited_by(self) -> dict[str, list[tuple[str, str]]]:
        """Source id -> (title, src_uri) of every page that relies on it."""
        return cited.backrefs(self)

    # -- Outcome documents ----------------------------------------------------------

    def documents_of_meeting(self, meeting: m.Meeting) -> list[m.OutcomeDocument]:
        """A meeting's outcome documents as records with a page, in the meeting's order."""
        return [self.ds.documents[m.document_id(meeting.id, d)] for d in meeting.documents]

    def missing_text_languages(self, doc: m.Document) -> list[str]:
        """The languages of labels.DOCUMENT_LANGUAGES in which no text of the document was found."""
        found = {self.ds.sources[t.source].language for t in doc.texts}
        return [lang for lang in labels.DOCUMENT_LANGUAGES if lang not in found]

    def missing_text_message(self, doc: m.Document) -> str | None:
        """The sentence (an English msgid of labels.MISSING_TEXT) saying in which languages no text was found."""
        missing = self.missing_text_languages(doc)
        return labels.MISSING_TEXT[" ".join(missing)] if missing else None

    # -- Timeline ---------------------------------------------------------------

    @cached_property
    def timeline(self) -> list[Entry]:
        """Every meeting, plan, event and investment agreement, in date order."""
        entries = [self._meeting_entry(mt) for mt in self.meetings]
        entries += [self._plan_entry(plan) for plan in self.ds.plans.values()]
        entries += [self._event_entry(ev) for ev in self.ds.events.values()]
        for country in self.ds.countries.values():
            entries += self._agreement_entries(country)
        return sorted(entries, key=lambda e: (e.date.sort_key, _ENTRY_ORDER[e.kind], e.anchor))

    def _meeting_entry(self, mt: m.Meeting) -> Entry:
        tr = self.ds.locale
        label = tr.gettext(labels.KIND_LABELS[mt.kind])
        if mt.status != "held":
            label = tr.gettext("%(kind)s (%(status)s)", kind=label, status=tr.gettext(labels.STATUS_LABELS[mt.status]))
        return Entry(
            anchor=f"meeting-{mt.id}", date=mt.date, kind="meeting", label=label,
            title=labels.meeting_full_title(mt, tr), summary_of=mt,
            url=kinds.page_uri("meetings", mt.id),
            countries=tuple(sorted({p.country for p in mt.participants if p.status == "attended"})),
            themes=tuple(mt.themes), status=mt.status,
        )

    def _plan_entry(self, plan: m.ActionPlan) -> Entry:
        return Entry(
            anchor=f"plan-{plan.id}", date=plan.date, kind="plan", label=self.ds.locale.gettext(labels.PLAN_ADOPTED),
            title=plan.title, summary_of=plan, url=kinds.page_uri("plans", plan.id),
            countries=tuple(sorted({c for it in plan_items_of(plan) for c in it.countries})),
            themes=tuple(dict.fromkeys(f.theme for f in plan.fields)), certainty=plan.certainty.value,
        )

    def _event_entry(self, ev: m.Event) -> Entry:
        return Entry(
            anchor=f"event-{ev.id}", date=ev.date, kind="event", label=self.ds.locale.gettext(labels.EVENT_KIND_LABELS[ev.kind]),
            title=ev.title, summary_of=ev, url="",
            countries=tuple(ev.countries), themes=tuple(ev.themes), certainty=ev.certainty.value,
            disputes=tuple(ev.disputes),
        )

    def _agreement_entries(self, country: m.Country) -> list[Entry]:
        agreement = country.investment_agreement
        if agreement is None or agreement.signed is None:
            return []
        themes = ("investment",) if "investment" in self.ds.themes else ()
        common = dict(kind="agreement", title=agreement.title or "", url=kinds.page_uri("countries", country.id),
                      countries=("jp", country.id), themes=themes)
        tr = self.ds.locale
        summary = (tr.gettext(labels.AGREEMENT_SIGNED_IN_SUMMARY, country=country.name, place=agreement.signed_place)
                   if agreement.signed_place else tr.gettext(labels.AGREEMENT_SIGNED_SUMMARY, country=country.name))
        entries = [Entry(anchor=f"agreement-{country.id}-signed", date=agreement.signed, label=tr.gettext(labels.AGREEMENT_SIGNED),
                         summary_of=summary, **common)]
        if agreement.in_force:
            entries.append(Entry(anchor=f"agreement-{country.id}-in-force", date=agreement.in_force,
                                 label=tr.gettext(labels.AGREEMENT_IN_FORCE),
                                 summary_of=tr.gettext(labels.AGREEMENT_IN_FORCE_SUMMARY, country=country.name), **common))
        return entries

    # -- Venue map -------------------------------------------------------------

    def place_of(self, meeting: m.Meeting) -> m.Place | None:
        return self._places.get((meeting.city, meeting.country))

    @cached_property
    def _places(self) -> dict[tuple[str, str], m.Place]:
        found: dict[tuple[str, str], m.Place] = {}
        for p in self.ds.places.values():
            found.setdefault((p.name, p.country), p)
        return found

    @cached_property
    def venue_map(self) -> mapview.MapLayout:
        """Central Asia with Japan as an inset; venues come from the meetings (cajd/mapview.py)."""
        by_place: dict[str, list[m.Meeting]] = {}
        for mt in self.meetings:
            place = self.place_of(mt)
            if place is not None:
                by_place.setdefault(place.id, []).append(mt)
        venues = [mapview.Venue(p.id, p.name, p.lon, p.lat, p.country, tuple(by_place[p.id]))
                  for p in sorted((self.ds.places[pid] for pid in by_place), key=lambda p: (-p.lat, p.lon))]
        members = {c.id for c in self.countries_with_role("member")}
        partner = next(c.id for c in self.countries_with_role("partner"))
        names = {c.id: c.name for c in self.ds.countries.values()}
        return mapview.layout(self.ds.basemap, venues, members, partner, names,
                              lambda venue: f"{venue.name} ({len(venue.meetings)})")

    # -- Charts ----------------------------------------------------------------

    def timeline_overview(self, compact: bool = False) -> overview.Overview:
        """The timeline as a chart: a lane per layer of the dialogue, from the first entry's year to the last's."""
        return overview.timeline_overview(self.ds, self.timeline, self.timeline[-1].date.year, compact=compact)

    def representation_chart(self, country_id: str) -> charts.LevelChart | None:
        """Who represented the country at each meeting, and at what level."""
        return overview.representation_chart(self.ds, country_id)

    # -- Matrices --------------------------------------------------------------

    def attendance_matrix(self) -> tuple[list[m.Country], list[AttendanceRow]]:
        """Meetings x countries; each cell says who came and at what level."""
        countries = self.member_countries()
        rows = []
        seen_full = False
        for mt in self.meetings:
            if mt.status != "held":
                continue
            by_country: dict[str, m.Participant] = {}
            for p in mt.participants:
                by_country.setdefault(p.country, p)
            cells = tuple(_cell(by_country.get(c.id), self.ds.locale) for c in countries)
            full = self.full_attendance(mt)
            rows.append(AttendanceRow(mt, cells, full, full and not seen_full and mt.kind == "foreign-ministers"))
            seen_full = seen_full or (full and mt.kind == "foreign-ministers")
        return countries, rows

    def theme_matrix(self) -> tuple[list[m.Meeting], list[tuple[m.Theme, list[bool], dict[str, int]]]]:
        """Themes x meetings, and for each theme the number of items in each plan."""
        meetings = [mt for mt in self.meetings if mt.status == "held"]
        counts = Counter((ref.plan.id, ref.theme) for ref in self.plan_items)
        rows = []
        for theme in self.ds.themes.values():
            marks = [theme.id in mt.themes for mt in meetings]
            per_plan = {plan.id: counts[(plan.id, theme.id)] for plan in self.ds.plans.values()}
            rows.append((theme, marks, per_plan))
        return meetings, rows


def _cell(p: m.Participant | None, tr: Locale) -> Cell:
    if p is None:
        return Cell("none", tr.gettext(labels.NOT_PRESENT), None)
    if p.status != "attended":
        return Cell(p.status, tr.gettext(labels.ABSENT if p.status == "absent" else labels.NOT_KNOWN), p)
    return Cell(p.role or "unknown", tr.gettext(labels.LEVEL_SHORT.get(p.role or "", labels.ATTENDED)), p)


@dataclass(frozen=True)
class Figures:
    """Key figures for the home page, counted from the data."""

    ds: Dataset
    views: Views

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
    def first_summit(self) -> m.Meeting | None:
        return next((mt for mt in self.held if mt.kind == "summit"), None)

    @property
    def first(self) -> m.Meeting:
        return self.held[0]

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
        return len(self.views.plan_items)

    @property
    def latest(self) -> m.Meeting:
        return self.held[-1]
