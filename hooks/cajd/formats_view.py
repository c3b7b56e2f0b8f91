"""What the "Central Asia + X" pages show, derived from data/formats/ and, for Japan, data/meetings/.

Nothing here is typed by hand: first meetings, first summits, counts, the
latest meeting, the years to a summit and the chart's geometry all come from
the records. The Japan dialogue's meetings and documents are read from the
site's own meeting files, so a new meeting there changes the comparison.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable

from . import formats as f
from . import kinds, labels
from . import model as m
from .languages import DEFAULT, Locale, N_
from .model import FuzzyDate


def meeting_anchor(key: str) -> str:
    """The anchor of a meeting on its format's page: meeting-<date>."""
    return f"meeting-{key}"


# ----------------------------------------------------------------------------
# One meeting of a format, from either source of data
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """A meeting of a format as the comparison sees it, whichever file it comes from."""

    key: str  # unique within the format: the date for data/formats/, the meeting id for Japan
    kind: str  # ministerial | summit | high-level
    title: str
    date: FuzzyDate
    end_date: FuzzyDate | None
    status: str  # held | planned | postponed
    format: str  # in-person | video
    city: str | None
    venue: str | None
    level: str | None
    ordinal: int | None
    record: m.Meeting | f.FormatMeeting  # what it was made from: `summary` is read from it when a page shows it
    sources: tuple[str, ...]
    target: str  # the page (and anchor) of its record
    certainty: m.Certainty = m.Certainty.confirmed
    note: str | None = None
    special: bool = False  # Japan's unnumbered special meeting: outside the numbering on purpose

    @property
    def summary(self) -> str | None:
        """Read from the record only when a page shows it: cajd.pagedeps then notes it for the format's own page, not
        for every page that takes the comparison of all formats or counts their meetings."""
        return self.record.summary

    @property
    def held(self) -> bool:
        return self.status == "held"

    @property
    def leaders(self) -> bool:
        return self.kind != "ministerial"

    @property
    def place(self) -> str:
        """Where it was held, in English (for tests and plain-text listings; the pages write it in their language)."""
        if self.format == "video":
            return "by video"
        return self.city or "place not found"



# The title of a meeting of data/formats/ that has none of its own, by its status and kind.
TITLES = {
    "held": {"ministerial": N_("Ministerial meeting"), "summit": N_("Summit"), "high-level": N_("Leaders' meeting")},
    "planned": {"ministerial": N_("Planned ministerial meeting"), "summit": N_("Planned summit"),
                "high-level": N_("Planned leaders' meeting")},
    "postponed": {"ministerial": N_("Postponed ministerial meeting"), "summit": N_("Postponed summit"),
                  "high-level": N_("Postponed leaders' meeting")},
}
STATUS_LABELS = {"held": N_("held"), "planned": N_("planned"), "postponed": N_("postponed")}
NUMBERED_TITLES = {"ministerial": N_("%(ordinal)s ministerial meeting"), "summit": N_("%(ordinal)s summit"),
                   "high-level": N_("%(ordinal)s leaders' meeting")}


def _title(meeting: f.FormatMeeting, tr: Locale) -> str:
    """The meeting's own title, else one made from its kind: '3rd summit', 'Planned summit' (第3回首脳会合)."""
    if meeting.title:
        return meeting.title
    if meeting.status == "held" and meeting.ordinal:
        return tr.gettext(NUMBERED_TITLES[meeting.kind], ordinal=tr.ordinal(meeting.ordinal))
    return tr.gettext(TITLES[meeting.status][meeting.kind])


def _typed_marks(fmt: f.Format, tr: Locale) -> list[Mark]:
    return [
        Mark(
            key=mt.key, kind=mt.kind, title=_title(mt, tr), date=mt.date, end_date=mt.end_date, status=mt.status,
            format=mt.format, city=mt.city, venue=mt.venue, level=mt.effective_level, ordinal=mt.ordinal,
            record=mt, sources=tuple(mt.sources), target=kinds.page_uri("formats", fmt.id, meeting_anchor(mt.key)),
            certainty=mt.certainty, note=mt.note,
        )
        for mt in sorted(fmt.meetings, key=lambda x: x.date.sort_key)
    ]


_JAPAN_KINDS = {"foreign-ministers": "ministerial", "special": "ministerial", "summit": "summit"}


def _japan_marks(meetings: Iterable[m.Meeting], tr: Locale) -> list[Mark]:
    """The site's own meetings as marks: foreign ministers' and special meetings are ministerial, summits are summits."""
    return [
        Mark(
            key=mt.id, kind=_JAPAN_KINDS[mt.kind], title=labels.meeting_title(mt, tr), date=mt.date, end_date=mt.end_date,
            status=mt.status, format=mt.format, city=mt.city, venue=mt.venue,
            level="leaders" if mt.kind == "summit" else "foreign-ministers", ordinal=mt.ordinal,
            record=mt, sources=tuple(mt.sources), target=kinds.page_uri("meetings", mt.id),
            note=mt.note, special=mt.kind == "special",
        )
        for mt in sorted(meetings, key=lambda x: x.date.sort_key)
    ]


@dataclass(frozen=True)
class Doc:
    """A flagship document, with the meeting it came from where known."""

    title: str
    kind: str
    date: FuzzyDate | None
    meeting: Mark | None
    city: str | None
    url: str | None
    sources: tuple[str, ...]
    certainty: m.Certainty = m.Certainty.confirmed
    note: str | None = None
    target: str | None = None  # the document's own page (the Japan dialogue's outcome documents)


@dataclass(frozen=True)
class Count:
    """How many meetings of one kind, up to which date."""

    kind: str
    number: int
    at_least: bool  # some meetings are unnumbered or the numbering does not reach the latest one
    as_of: FuzzyDate
    specials: int = 0  # Japan's unnumbered special meetings, counted apart


# ----------------------------------------------------------------------------
# A format, with everything derived from it
# ----------------------------------------------------------------------------


@dataclass
class FormatView:
    record: f.Format
    marks: list[Mark]
    documents: list[Doc]
    current_to: FuzzyDate
    pledges: list[tuple[f.Pledge, Mark | None]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def name(self) -> str:
        return self.record.names[0].name

    @property
    def held(self) -> list[Mark]:
        return [mk for mk in self.marks if mk.held]

    @property
    def start(self) -> Mark:
        """The earliest meeting held."""
        return self.held[0]

    @property
    def start_known(self) -> bool:
        """False when the earliest meeting found is numbered beyond the first (earlier ones exist but were not found)."""
        return not (self.start.ordinal and self.start.ordinal > 1)

    def _first(self, kind: str) -> Mark | None:
        held = [mk for mk in self.held if mk.kind == kind]
        return next((mk for mk in held if mk.ordinal == 1), held[0] if held else None)

    @property
    def first_ministerial(self) -> Mark | None:
        return self._first("ministerial")

    @property
    def first_ministerial_known(self) -> bool:
        first = self.first_ministerial
        return first is not None and (first.ordinal == 1 or (first.ordinal is None and first is self.start and not first.special))

    @property
    def first_summit(self) -> Mark | None:
        return self._first("summit")

    @property
    def summits_not_held(self) -> list[Mark]:
        """Planned or postponed summits: the summit's absence or postponement, shown where none was held or still pending."""
        return [mk for mk in self.marks if mk.kind == "summit" and not mk.held]

    @property
    def leaders_since(self) -> Mark | None:
        """The first meeting held at leaders' level: a summit or another leaders' meeting."""
        return next((mk for mk in self.held if mk.leaders), None)

    @property
    def years_to_summit(self) -> float | None:
        """Years from the first meeting to the first summit, to one decimal; None if either is unknown,
        or for a format shown only in part (its first meeting may not be a meeting of the format)."""
        summit = self.first_summit
        if summit is None or not self.start_known or self.record.partial:
            return None
        return round(years_between(self.start.date, summit.date), 1)

    @property
    def latest(self) -> Mark:
        return self.held[-1]

    @property
    def upcoming(self) -> list[Mark]:
        return [mk for mk in self.marks if mk.status == "planned"]

    @property
    def counts(self) -> list[Count]:
        out = []
        for kind in f.MEETING_KINDS:
            held = [mk for mk in self.held if mk.kind == kind]
            if held:
                out.append(_count(kind, held))
        return out


def _count(kind: str, held: list[Mark]) -> Count:
    """Numbered meetings count up to their highest number; unnumbered ones after it add to an 'at least'."""
    specials = [mk for mk in held if mk.special]
    regular = [mk for mk in held if not mk.special]
    numbered = [mk for mk in regular if mk.ordinal]
    if not numbered:
        return Count(kind, len(regular), True, regular[-1].date, len(specials))
    top = max(numbered, key=lambda mk: mk.ordinal)
    after = [mk for mk in regular if mk.date.sort_key > top.date.sort_key and not mk.ordinal]
    number = max(top.ordinal + len(after), len(regular))
    at_least = bool(after) or number > top.ordinal
    return Count(kind, number, at_least, regular[-1].date, len(specials))


def years_between(a: FuzzyDate, b: FuzzyDate) -> float:
    """Years from one date to another; a month or a year stands for its first day."""
    return (_day(b) - _day(a)).days / 365.25


def _day(d: FuzzyDate) -> dt.date:
    return dt.date(d.year, int(d[5:7]) if d.precision != "year" else 1, int(d[8:10]) if d.precision == "day" else 1)


# ----------------------------------------------------------------------------
# Building the views
# ----------------------------------------------------------------------------


def format_views(ds) -> list[FormatView]:
    """Every format, in the order the formats began (then by id)."""
    views = [format_view(ds, fmt) for fmt in ds.formats.values()]
    return sorted(views, key=lambda fv: (fv.start.date.sort_key if fv.held else "9999", fv.id))


def format_view(ds, fmt: f.Format) -> FormatView:
    """One format with everything derived from it; the Japan dialogue's meetings and documents from data/meetings/.
    Titles made from a meeting's kind are in the dataset's language."""
    tr = getattr(ds, "locale", None) or Locale(DEFAULT)
    if fmt.own_dialogue:
        meetings = sorted(ds.meetings.values(), key=lambda x: x.date.sort_key)
        marks = _japan_marks(meetings, tr)
        by_key = {mk.key: mk for mk in marks}
        docs = [
            Doc(od.document.title, od.document.kind, od.date, by_key[od.meeting], None, None, tuple(od.document.sources),
                od.document.certainty, od.document.note, kinds.page_uri("documents", od.id))
            for od in sorted(ds.documents.values(), key=lambda od: (by_key[od.meeting].date.sort_key, od.date.sort_key))
        ]
        cited = {s for mt in meetings for s in mt.sources}
        dated = [ds.sources[s].date for s in cited if s in ds.sources and ds.sources[s].date]
        current_to = max(dated, key=lambda d: d.sort_key) if dated else max(mk.date for mk in marks)
    else:
        marks = _typed_marks(fmt, tr)
        by_key = {mk.key: mk for mk in marks}
        docs = [
            Doc(d.title, d.kind, d.date, by_key.get(d.meeting) if d.meeting else None, d.city, d.url,
                tuple(d.sources), d.certainty, d.note)
            for d in fmt.documents
        ]
        current_to = fmt.current_to
    pledges = [(p, by_key.get(p.meeting) if p.meeting else None) for p in fmt.pledges]
    return FormatView(fmt, marks, docs, current_to, pledges)


# ----------------------------------------------------------------------------
# Figures across formats
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    regular: list[FormatView]  # the formats the figures cover, in the order they began
    partial: list[FormatView]  # shown only as far as the sources go; left out of the figures
    first: FormatView | None  # None only when data/formats/ is empty
    at_leaders_level: list[FormatView]
    not_at_leaders_level: list[FormatView]
    with_summit: list[FormatView]  # in the order of their years to a summit
    fastest: FormatView | None
    slowest: FormatView | None


@dataclass(frozen=True)
class Comparison:
    """What the comparison page shows: the formats in the order they began, the figures and the chart."""

    views: list[FormatView]
    figures: Figures
    chart: Chart


def comparison(ds) -> Comparison:
    views = format_views(ds)
    return Comparison(views, figures(views), chart(views))


def figures(views: list[FormatView]) -> Figures:
    """Which came first, who has held a summit, how long each took: over the formats not marked partial."""
    regular = [fv for fv in views if not fv.record.partial]
    ranked = sorted((fv for fv in regular if fv.years_to_summit is not None), key=lambda fv: (fv.years_to_summit, fv.id))
    return Figures(
        regular=regular,
        partial=[fv for fv in views if fv.record.partial],
        first=regular[0] if regular else None,
        at_leaders_level=[fv for fv in regular if fv.first_summit is not None],
        not_at_leaders_level=[fv for fv in regular if fv.first_summit is None],
        with_summit=ranked,
        fastest=ranked[0] if ranked else None,
        slowest=ranked[-1] if ranked else None,
    )


# ----------------------------------------------------------------------------
# The chart: one lane per format, geometry only (the markup is a Jinja macro)
# ----------------------------------------------------------------------------

CHART_START = 2004
LABEL_WIDTH = 100  # room for the first lane's name left of 2004
YEAR_WIDTH = 26
LANE_HEIGHT = 30
TOP = 30  # room for the year axis


@dataclass(frozen=True)
class ChartMark:
    mark: Mark
    x: float
    y: float


@dataclass(frozen=True)
class Lane:
    view: FormatView
    y: float
    x_start: float
    x_leaders: float | None
    x_end: float
    marks: list[ChartMark]


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    years: list[tuple[int, float]]
    lanes: list[Lane]
    end_year: int


def chart(views: list[FormatView]) -> Chart:
    """Lanes from 2004 to the end of the latest year in the data (a planned meeting or the facts' date)."""
    dates = [mk.date for fv in views for mk in fv.marks] + [fv.current_to for fv in views]
    end_year = max((d.year for d in dates), default=CHART_START)
    width = LABEL_WIDTH + YEAR_WIDTH * (end_year - CHART_START + 1) + 10

    def x(d: FuzzyDate) -> float:
        day = _day(d)
        if d.precision == "month":
            day = day.replace(day=15)
        elif d.precision == "year":
            day = day.replace(month=7)
        fraction = (day.timetuple().tm_yday - 1) / (366 if day.year % 4 == 0 else 365)
        return round(LABEL_WIDTH + YEAR_WIDTH * (day.year - CHART_START + fraction), 1)

    lanes = []
    for i, fv in enumerate(views):
        y = TOP + LANE_HEIGHT * i + LANE_HEIGHT / 2
        leaders = fv.leaders_since
        lanes.append(Lane(
            view=fv, y=y, x_start=x(fv.start.date), x_leaders=x(leaders.date) if leaders else None,
            x_end=round(LABEL_WIDTH + YEAR_WIDTH * (end_year - CHART_START + 1), 1),
            marks=[ChartMark(mk, x(mk.date), y) for mk in fv.marks],
        ))
    years = [(year, LABEL_WIDTH + YEAR_WIDTH * (year - CHART_START)) for year in range(CHART_START, end_year + 1)]
    return Chart(width=width, height=TOP + LANE_HEIGHT * len(views) + 8, years=years, lanes=lanes, end_year=end_year)


# ----------------------------------------------------------------------------
# Words for figures
# ----------------------------------------------------------------------------

_SCALES = [(10**12, "trillion"), (10**9, "billion"), (10**6, "million")]
_PREFIX = {"USD": "US$", "EUR": "€"}
_SUFFIX = {"CNY": "yuan", "JPY": "yen"}


def money(amount: float, currency: str, lang: str = DEFAULT) -> str:
    """25000000, USD -> 'US$25 million'; 1.5e9, CNY -> '1.5 billion yuan'; in Japanese and Russian as Babel's
    data writes them: 2500万米ドル, 25 миллионов долларов США."""
    if lang != DEFAULT:
        return _money_in(amount, currency, lang)
    for size, word in _SCALES:
        if amount >= size:
            number = f"{amount / size:.2f}".rstrip("0").rstrip(".") + f" {word}"
            break
    else:
        number = f"{amount:,.0f}"
    if currency in _PREFIX:
        return _PREFIX[currency] + number
    return f"{number} {_SUFFIX[currency]}"


def years(value: float, lang: str = DEFAULT) -> str:
    """Years to one decimal as the language writes the number: 21.3; 21,3 in Russian."""
    from babel.numbers import format_decimal

    return str(value) if lang == DEFAULT else format_decimal(value, format="0.0", locale=lang)


def _money_in(amount: float, currency: str, lang: str) -> str:
    from babel.numbers import format_compact_decimal, get_currency_name

    number = format_compact_decimal(amount, format_type="long", locale=lang, fraction_digits=2)
    name = get_currency_name(currency, count=amount, locale=lang)
    return f"{number}{name}" if lang == "ja" else f"{number} {name}"


# ----------------------------------------------------------------------------
# CSV rows: the comparison, and every meeting of every format
# ----------------------------------------------------------------------------

COMPARISON_COLUMNS = [
    "id", "partner", "name", "partial", "first_meeting", "first_meeting_is_first", "first_ministerial",
    "first_ministerial_city", "first_ministerial_level", "first_ministerial_is_first", "first_summit",
    "first_summit_city", "summits_not_held", "leaders_level_since", "years_to_first_summit", "ministerial_meetings",
    "ministerial_at_least", "ministerial_counted_to", "summits", "summits_counted_to", "latest_meeting",
    "secretariat", "secretariat_since", "secretariat_city", "facts_current_to",
]
MEETING_COLUMNS = [
    "format", "date", "end_date", "kind", "ordinal", "title", "status", "format_of_meeting", "city", "venue",
    "level", "certainty", "sources",
]


def _place(mk: Mark | None) -> str:
    return "" if mk is None else ("video" if mk.format == "video" else mk.city or "")


def comparison_rows(views: list[FormatView]) -> list[dict]:
    """One row per format, in the order they began: the comparison table as data."""
    rows = []
    for fv in views:
        counts = {c.kind: c for c in fv.counts}
        fm_, fs, sec = fv.first_ministerial, fv.first_summit, fv.record.secretariat
        rows.append({
            "id": fv.id, "partner": fv.record.partner, "name": fv.name, "partial": fv.record.partial,
            "first_meeting": fv.start.date, "first_meeting_is_first": fv.start_known,
            "first_ministerial": fm_.date if fm_ else None, "first_ministerial_city": _place(fm_),
            "first_ministerial_level": fm_.level if fm_ else None, "first_ministerial_is_first": fv.first_ministerial_known,
            "first_summit": fs.date if fs else None, "first_summit_city": _place(fs),
            "summits_not_held": [f"{mk.status} {mk.date}" for mk in fv.summits_not_held],
            "leaders_level_since": fv.leaders_since.date if fv.leaders_since else None,
            "years_to_first_summit": fv.years_to_summit,
            "ministerial_meetings": counts["ministerial"].number if "ministerial" in counts else 0,
            "ministerial_at_least": counts["ministerial"].at_least if "ministerial" in counts else False,
            "ministerial_counted_to": counts["ministerial"].as_of if "ministerial" in counts else None,
            "summits": counts["summit"].number if "summit" in counts else 0,
            "summits_counted_to": counts["summit"].as_of if "summit" in counts else None,
            "latest_meeting": fv.latest.date,
            "secretariat": sec.status if sec else None, "secretariat_since": sec.since if sec else None,
            "secretariat_city": sec.city if sec else None, "facts_current_to": fv.current_to,
        })
    return rows


def meeting_rows(views: list[FormatView]) -> list[dict]:
    """One row per meeting of every format, Japan's from data/meetings/."""
    return [
        {
            "format": fv.id, "date": mk.date, "end_date": mk.end_date, "kind": mk.kind, "ordinal": mk.ordinal,
            "title": mk.title, "status": mk.status, "format_of_meeting": mk.format, "city": mk.city, "venue": mk.venue,
            "level": mk.level, "certainty": mk.certainty.value, "sources": list(mk.sources),
        }
        for fv in views for mk in fv.marks
    ]


# What the templates of the formats use besides `v.formats` and `v.format_view(record)`.
TEMPLATE_GLOBALS = dict(
    format_money=money, format_years=years, meeting_anchor=meeting_anchor,
    LEVELS=f.LEVELS, SECRETARIAT_STATUS=f.SECRETARIAT_STATUS, PLEDGE_KINDS=f.PLEDGE_KINDS,
    FORMAT_DOCUMENT_KINDS=f.DOCUMENT_KINDS, FORMAT_STATUS=STATUS_LABELS,
)
