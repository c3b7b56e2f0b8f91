""""Central Asia + X" formats: the record kind of data/formats/<id>.yml.

One file per format: its partner, names, the meetings found (ministerial
meetings, summits, other leaders'-level meetings), documents, pledges,
secretariat and disputes. Everything a comparison shows about a format is
derived from these lists (first meeting, first summit, counts, latest
meeting); nothing is typed twice. The Japan dialogue's own file sets
`own_dialogue: true` and lists no meetings or documents: those come from
data/meetings/ (see `views_formats.py`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .languages import N_

from .model import (
    Date,
    Dispute,
    Flag,
    Line,
    Number,
    Record,
    Slug,
    Sourced,
    Text,
    Url,
    Whole,
)

# Labels of the kinds and levels, in English; marked N_() for the catalogs and translated where shown.
MEETING_KINDS = {  # the kinds of meeting, in the order the pages count them (their titles: formats_view.py)
    "ministerial": "Ministerial meeting",
    "summit": "Summit",
    "high-level": "Leaders' meeting, not counted as a summit",
}
LEVELS = {
    "leaders": N_("Heads of state or government"),
    "foreign-ministers": N_("Foreign ministers"),
    "vice-ministers": N_("Deputy foreign ministers"),
}
PLEDGE_KINDS = {
    "aid": N_("Aid"),
    "grants": N_("Grants"),
    "loans": N_("Loans (line of credit)"),
    "financing": N_("Financing and grants"),
    "investment-package": N_("Investment package"),
    "investment": N_("Investment pledge"),
    "financing-offer": N_("Offer of financing"),
    "business-target": N_("Business target"),
    "deals": N_("Agreements signed (total value)"),
}
SECRETARIAT_STATUS = {
    "yes": N_("Yes"),
    "decided": N_("Decided, not known to be working"),
    "none": N_("None"),
    "none-found": N_("None found"),
}
DOCUMENT_KINDS = {
    "declaration": N_("Declaration"),
    "joint-statement": N_("Joint statement"),
    "communique": N_("Communiqué"),
    "action-plan": N_("Action plan"),
    "roadmap": N_("Roadmap"),
    "strategy": N_("Strategy"),
    "treaty": N_("Treaty"),
    "initiative": N_("Initiative"),
    "other": N_("Document"),
}

# The key of a meeting inside its format: its date, as written (YYYY-MM-DD, YYYY-MM or YYYY).
MeetingKey = Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]


class FormatName(Sourced):
    """A name of the format, as a source writes it."""

    name: Line = Field(description="The name as the source gives it, e.g. Korea–Central Asia Cooperation Forum.")
    sources: list[Slug] = Field(min_length=1, description="Ids from data/sources.yml; at least one.")


class FormatMeeting(Sourced):
    """A meeting of the format found in the sources; its date is its key within the format."""

    kind: Literal["ministerial", "summit", "high-level"] = Field(
        description="ministerial: foreign ministers or their deputies; summit: a leaders' summit of the format; "
        "high-level: a leaders' meeting the sources do not count among the format's summits."
    )
    ordinal: Annotated[Whole, Field(ge=1, le=999)] | None = Field(
        None, description="The number the sources give the meeting within its kind (3 for 'the third'); none where no source numbers it."
    )
    title: Line | None = Field(None, description="Name of the meeting where the sources give a particular one.")
    date: Date = Field(description="First day: YYYY-MM-DD, or YYYY-MM or YYYY (quoted) when only the month or year is known. Unique within the format.")
    end_date: Date | None = Field(None, description="Last day of a meeting that lasted several days.")
    status: Literal["held", "planned", "postponed"] = Field(
        "held", description="held; planned (announced, not yet held); postponed (did not take place on that date)."
    )
    format: Literal["in-person", "video"] = Field("in-person", description="in-person (needs a city once held) or video.")
    city: Line | None = Field(None, description="Where it was held, as the sources name the city.")
    venue: Line | None = Field(None, description="Building or occasion, e.g. on the sidelines of the UN General Assembly.")
    level: Literal["leaders", "foreign-ministers", "vice-ministers"] | None = Field(
        None, description="Who led the delegations, where the sources say; summits and high-level meetings are at leaders' level."
    )
    summary: Text | None = Field(None, description="What happened, in our words.")
    sources: list[Slug] = Field(min_length=1, description="Ids from data/sources.yml; at least one.")

    @property
    def key(self) -> str:
        return str(self.date)

    @property
    def leaders(self) -> bool:
        return self.kind != "ministerial"

    @property
    def effective_level(self) -> str | None:
        return "leaders" if self.kind != "ministerial" else self.level

    @model_validator(mode="after")
    def _consistent(self):
        if self.level and (self.level == "leaders") != (self.kind != "ministerial"):
            raise ValueError(f"level {self.level!r} does not fit kind {self.kind!r}, expected leaders for summits and high-level meetings only")
        if self.status == "held" and self.format == "in-person" and not self.city:
            raise ValueError("a held in-person meeting needs a city")
        if self.format == "video" and self.city:
            raise ValueError("a video meeting has no city")
        if self.end_date and self.end_date.sort_key < self.date.sort_key:
            raise ValueError("end_date is before date")
        return self


class FormatDocument(Sourced):
    """A flagship document of the format."""

    title: Line = Field(description="Title in English, as the sources give it.")
    kind: Literal["declaration", "joint-statement", "communique", "action-plan", "roadmap", "strategy", "treaty", "initiative", "other"]
    date: Date | None = Field(None, description="Date of adoption or publication.")
    meeting: MeetingKey | None = Field(None, description="The date of the meeting in this format's `meetings` that adopted it.")
    city: Line | None = Field(None, description="Where it was adopted, if not at a listed meeting.")
    url: Url | None = Field(None, description="Address of the text.")
    sources: list[Slug] = Field(min_length=1, description="Ids from data/sources.yml; at least one.")


class Pledge(Sourced):
    """A headline money figure, with what kind of figure it is."""

    text: Text = Field(description="What was pledged or targeted, by whom, in our words.")
    kind: Literal["aid", "grants", "loans", "financing", "investment-package", "investment", "financing-offer", "business-target", "deals"] = Field(
        description="aid, grants, loans, financing (loans and grants together), investment-package, investment, "
        "financing-offer (an offer or letter of interest), business-target (a target for private business, not public money) "
        "or deals (the total value of agreements signed)."
    )
    amount: Annotated[Number, Field(gt=0)] = Field(description="The figure in its own currency, e.g. 1000000000.")
    currency: Literal["USD", "EUR", "CNY", "JPY"] = Field(description="ISO 4217 code of the figure's currency.")
    usd: Annotated[Number, Field(gt=0)] | None = Field(None, description="The US dollar equivalent, only where a source gives it.")
    date: Date = Field(description="When it was announced.")
    meeting: Annotated[str, Field(max_length=80)] | None = Field(
        None, description="The meeting it was announced at: the date of a meeting in `meetings`, or for the Japan dialogue the id of a file in data/meetings/."
    )
    event: Slug | None = Field(None, description="The entry in data/events.yml that tells the same pledge (Japan dialogue only).")
    scope: Literal["format", "bilateral"] = Field("format", description="format: made within the format; bilateral: a side deal between two states announced alongside it.")
    sources: list[Slug] = Field(min_length=1, description="Ids from data/sources.yml; at least one.")


class Secretariat(Sourced):
    """Whether the format has a secretariat, since when and where."""

    status: Literal["yes", "decided", "none", "none-found"] = Field(
        description="yes; decided (agreed, not known to be working); none (a source says there is none); none-found (no source mentions one)."
    )
    since: Date | None = Field(None, description="When it was set up (yes) or decided (decided).")
    city: Line | None = Field(None, description="Where it sits.")

    @model_validator(mode="after")
    def _consistent(self):
        if self.status in ("none", "none-found") and (self.since or self.city):
            raise ValueError(f"status {self.status!r} cannot have a date or a city")
        if self.status != "none-found" and not self.sources:
            raise ValueError(f"status {self.status!r} needs sources")
        if self.status == "none-found" and not self.note:
            raise ValueError("status 'none-found' needs a note that says what was looked for")
        return self


class Format(Record):
    """One file in data/formats/: a regular dialogue between the five Central Asian states and one partner."""

    id: Slug = Field(description="Equals the file name without .yml, e.g. korea.")
    partner: Line = Field(description="The outside partner's full name, e.g. Republic of Korea.")
    short: Line = Field(description="Short label for tables and the chart, e.g. Korea.")
    partner_kind: Literal["country", "organisation"] = Field("country", description="country, or organisation (EU, GCC).")
    own_dialogue: Flag = Field(False, description="True only for the Japan dialogue, whose meetings and documents come from data/meetings/.")
    partial: Flag = Field(False, description="True where the sources show only part of the format (a one-off, or not a classic 'plus one').")
    names: list[FormatName] = Field(min_length=1, description="Official names, the most common first.")
    summary: Text = Field(description="The format in a few sentences, in our words; the first sentence is used in listings.")
    current_to: Date | None = Field(None, description="The date the facts are current to: the research cut-off. Computed for the Japan dialogue; required for the others.")
    meetings: list[FormatMeeting] = Field(default_factory=list, description="Every meeting found, in date order; empty for the Japan dialogue.")
    documents: list[FormatDocument] = Field(default_factory=list, description="Flagship documents; empty for the Japan dialogue.")
    pledges: list[Pledge] = Field(default_factory=list, description="Headline money figures.")
    secretariat: Secretariat | None = Field(None, description="Left out where the sources were not searched for one.")
    disputes: list[Dispute] = Field(default_factory=list, description="Where sources disagree about this format.")
    sources: list[Slug] = Field(min_length=1, description="Ids from data/sources.yml backing the summary; at least one.")
    note: Text | None = Field(None, description="Editorial note shown on the format's page.")

    @model_validator(mode="after")
    def _own_dialogue_lists_nothing(self):
        if self.own_dialogue and (self.meetings or self.documents):
            raise ValueError("the Japan dialogue's meetings and documents come from data/meetings/, expected no meetings or documents here")
        if not self.own_dialogue and not self.meetings:
            raise ValueError("no meetings, expected at least one meeting found in the sources")
        if not self.own_dialogue and self.current_to is None:
            raise ValueError("current_to is missing, expected the date the facts are current to")
        if self.own_dialogue and self.current_to is not None:
            raise ValueError("the Japan dialogue's current_to is computed from its meetings' sources, expected none here")
        return self


# ----------------------------------------------------------------------------
# Checks across records
# ----------------------------------------------------------------------------


def cross_check(ds, ref) -> list:
    """Meeting dates are unique and numbers rise with dates; references to meetings and events resolve;
    exactly one format is the Japan dialogue."""
    problems: list = []
    own = [fid for fid, fmt in ds.formats.items() if fmt.own_dialogue]
    for fid in own[1:]:
        problems.append(ds.origin("formats", fid).problem(("own_dialogue",), f"{own[0]!r} is already the Japan dialogue, expected one format with own_dialogue: true"))
    for fid, fmt in ds.formats.items():
        problems.extend(_check_format(ds, ref, fid, fmt))
    return problems


def _check_format(ds, ref, fid: str, fmt: Format) -> list:
    origin = ds.origin("formats", fid)
    problems: list = []
    keys: dict[str, int] = {}
    for i, mt in enumerate(fmt.meetings):
        if mt.key in keys:
            problems.append(origin.problem(("meetings", i, "date"), f"a second meeting on {mt.key} (the first is meetings[{keys[mt.key]}]), expected one meeting a date"))
        keys.setdefault(mt.key, i)
        if i and mt.date.sort_key < fmt.meetings[i - 1].date.sort_key:
            problems.append(origin.problem(("meetings", i, "date"), f"{mt.key} is earlier than the meeting before it, expected the meetings in date order"))
    problems.extend(_check_numbers(origin, fmt))
    for i, doc in enumerate(fmt.documents):
        if doc.meeting and doc.meeting not in keys:
            problems.append(origin.problem(("documents", i, "meeting"), f"no meeting on {doc.meeting} in this format, expected the date of one of its meetings"))
    for i, pledge in enumerate(fmt.pledges):
        loc = ("pledges", i)
        if pledge.meeting and fmt.own_dialogue:
            ref.meeting(origin, loc + ("meeting",), pledge.meeting)
        elif pledge.meeting and pledge.meeting not in keys:
            problems.append(origin.problem(loc + ("meeting",), f"no meeting on {pledge.meeting} in this format, expected the date of one of its meetings"))
        if pledge.event and not fmt.own_dialogue:
            problems.append(origin.problem(loc + ("event",), "only the Japan dialogue's pledges refer to data/events.yml, expected no event"))
        elif pledge.event and ref.event(origin, loc + ("event",), pledge.event) and ds.events[pledge.event].date != pledge.date:
            problems.append(origin.problem(loc + ("date",), f"date {pledge.date} differs from the event's date {ds.events[pledge.event].date}"))
    return problems


def _check_numbers(origin, fmt: Format) -> list:
    """Within a kind, numbered meetings are numbered once each, and a later meeting has a higher number."""
    problems: list = []
    for kind in MEETING_KINDS:
        numbered = [(i, mt) for i, mt in enumerate(fmt.meetings) if mt.kind == kind and mt.ordinal is not None]
        seen: dict[int, int] = {}
        for i, mt in numbered:
            if mt.status != "held":
                problems.append(origin.problem(("meetings", i, "ordinal"), f"a {mt.status} meeting keeps no number, expected no ordinal"))
            elif mt.ordinal in seen:
                problems.append(origin.problem(("meetings", i, "ordinal"), f"number {mt.ordinal} is also meetings[{seen[mt.ordinal]}], expected each number once"))
            seen.setdefault(mt.ordinal, i)
        for (_, a), (i, b) in zip(numbered, numbered[1:]):
            if b.ordinal is not None and a.ordinal is not None and b.ordinal < a.ordinal:
                problems.append(origin.problem(("meetings", i, "ordinal"), f"number {b.ordinal} comes after number {a.ordinal}, expected numbers to rise with the dates"))
    return problems

