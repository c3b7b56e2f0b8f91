"""The data model: one pydantic class per kind of record in `data/`.

Each class validates one record on its own. Checks that need more than one
record (references, unique ids, ordinals) live in `dataset.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    PlainValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

# ----------------------------------------------------------------------------
# Scalar types
# ----------------------------------------------------------------------------

# An id is part of a URL: lower case ASCII letters, digits and single hyphens.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
# A country's own id is its ISO 3166-1 alpha-2 code; references are checked against the list.
CountryCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
CountryId = Slug

PLACEHOLDER = re.compile(r"\b(?:TODO|TBD|FIXME|XXX|lorem ipsum|lorem)\b", re.IGNORECASE)


def _clean_text(value: str) -> str:
    """Refuse empty, placeholder and control-character text; trim it."""
    value = value.strip()
    if not value:
        raise ValueError("text is empty, expected words")
    if PLACEHOLDER.search(value):
        raise ValueError(f"placeholder text {PLACEHOLDER.search(value).group(0)!r}, expected real content")
    if any(ord(c) < 32 and c not in "\n\t" for c in value):
        raise ValueError("control character in text, expected printable text")
    return value


def _clean_line(value: str) -> str:
    """A name or title: one line, no angle brackets (titles end up in <title> and attributes)."""
    value = _clean_text(value)
    if "\n" in value:
        raise ValueError("line break in a name or title, expected one line")
    if "<" in value or ">" in value:
        raise ValueError("angle brackets (< >) in a name or title, expected plain words")
    return value


Text = Annotated[str, StringConstraints(max_length=4000), AfterValidator(_clean_text)]
Line = Annotated[str, StringConstraints(max_length=300), AfterValidator(_clean_line)]


def _check_url(value: str) -> str:
    """Allow only absolute http(s) URLs with a host."""
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http"):
        raise ValueError(f"URL scheme {parts.scheme or 'missing'!r} is not allowed, expected https://…")
    if not parts.hostname or "." not in parts.hostname:
        raise ValueError("URL has no host, expected https://host/path")
    if any(c.isspace() for c in value) or any(c in value for c in '<>"'):
        raise ValueError("URL contains spaces or quotes, expected an encoded URL")
    return value


Url = Annotated[str, StringConstraints(max_length=600), AfterValidator(_check_url)]

_FUZZY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class FuzzyDate(str):
    """A date known to the day (`2019-05-18`), the month (`2005-03`) or the year (`2011`).

    The string form is also a valid HTML `<time datetime>` value.
    """

    @property
    def precision(self) -> Literal["day", "month", "year"]:
        return {10: "day", 7: "month", 4: "year"}[len(self)]

    @property
    def year(self) -> int:
        return int(self[:4])

    @property
    def sort_key(self) -> str:
        # A month or year sorts before the days inside it.
        return self + "-00" * ((10 - len(self)) // 3)

    def display(self) -> str:
        """Human form: 18 May 2019, March 2005, 2011."""
        if self.precision == "year":
            return str(self)
        d = dt.date(self.year, int(self[5:7]), int(self[8:10]) if self.precision == "day" else 1)
        if self.precision == "month":
            return d.strftime("%B %Y")
        return f"{d.day} {d.strftime('%B %Y')}"


def _parse_fuzzy_date(value: object) -> FuzzyDate:
    if isinstance(value, dt.date):
        return FuzzyDate(value.isoformat())
    if not isinstance(value, str):
        raise ValueError(f"expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got {type(value).__name__}")
    match = _FUZZY.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a date, expected YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date ({exc}), expected YYYY-MM-DD") from None
    return FuzzyDate(value)


def _parse_exact_date(value: object) -> FuzzyDate:
    parsed = _parse_fuzzy_date(value)
    if parsed.precision != "day":
        raise ValueError(f"{value!r} is not an exact day, expected YYYY-MM-DD")
    return parsed


_DATE_SCHEMA = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
Date = Annotated[
    FuzzyDate,
    PlainValidator(_parse_fuzzy_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(_DATE_SCHEMA),
]
Day = Annotated[
    FuzzyDate,
    PlainValidator(_parse_exact_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]

# ----------------------------------------------------------------------------
# Shared parts
# ----------------------------------------------------------------------------


class Record(BaseModel):
    """Base: unknown fields are errors, strings are never coerced from numbers."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


class Certainty(str, Enum):
    confirmed = "confirmed"
    inferred = "inferred"
    unconfirmed = "unconfirmed"


class Sourced(Record):
    """A record that names its sources and, where needed, how sure we are."""

    sources: list[Slug] = Field(default_factory=list, description="Ids from data/sources.yml.")
    certainty: Certainty = Field(
        Certainty.confirmed,
        description="'inferred' (shown with the reasoning in `note`) or 'unconfirmed'.",
    )
    note: Text | None = Field(None, description="Editorial note shown with the record.")

    @model_validator(mode="after")
    def _note_explains_doubt(self):
        if self.certainty is not Certainty.confirmed and not self.note:
            raise ValueError(f"certainty is {self.certainty.value!r} but no note says why, expected a note")
        return self


class Claim(Record):
    """One account in a dispute between sources."""

    claim: Text
    sources: list[Slug] = Field(min_length=1)


class Dispute(Record):
    """Sources disagree: record each account, and which one the site follows and why."""

    topic: Line
    follows: Text = Field(description="What the site states.")
    reason: Text = Field(description="Why the site follows that account.")
    accounts: list[Claim] = Field(min_length=2)


class Source(Record):
    """One entry of data/sources.yml."""

    id: Slug
    url: Url
    title: Line = Field(description="The page's own title; or a description, with `described: true`.")
    described: bool = Field(False, description="The title is our description, not the page's title.")
    publisher: Line
    date: Date | None = None
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] = "en"
    local: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*\.txt$")] | None = Field(
        None, description="A copy in the project's shared/sources folder."
    )
    note: Text | None = None


class Country(Record):
    id: CountryCode
    name: Line
    official_name: Line | None = None
    capital: Line
    role: Literal["member", "partner", "guest"]
    summary: Text = Field(description="The country's role in the dialogue, in our words.")
    aliases: list[Line] = Field(default_factory=list)
    sources: list[Slug] = Field(min_length=1)
    investment_agreement: InvestmentAgreement | None = None


class InvestmentAgreement(Sourced):
    """Japan's bilateral investment agreement with a country, or its absence."""

    status: Literal["in-force", "signed", "none-found"]
    title: Line | None = None
    signed: Date | None = None
    signed_place: Line | None = None
    in_force: Date | None = None

    @model_validator(mode="after")
    def _status_matches_dates(self):
        if self.status != "none-found" and not (self.title and self.signed):
            raise ValueError(f"status {self.status!r} needs a title and a signed date")
        if self.status == "in-force" and not self.in_force:
            raise ValueError("status 'in-force' needs an in_force date")
        if self.status == "none-found" and (self.signed or self.in_force):
            raise ValueError("status 'none-found' cannot have dates")
        return self


class Position(Sourced):
    title: Line
    start: Date | None = None
    end: Date | None = None


class Person(Record):
    id: Slug
    name: Line
    country: CountryId
    aliases: list[Line] = Field(default_factory=list, description="Other spellings, for search.")
    positions: list[Position] = Field(default_factory=list)
    sources: list[Slug] = Field(min_length=1)
    note: Text | None = None


class Theme(Record):
    id: Slug
    title: Line
    description: Text
    sources: list[Slug] = Field(default_factory=list)


class Place(Record):
    """A city where meetings are held, with coordinates for the venue map."""

    id: Slug
    name: Line = Field(description="As written in the `city` field of meetings.")
    country: CountryId
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    aliases: list[Line] = Field(default_factory=list, description="Former or other names, e.g. Nur-Sultan.")
    sources: list[Slug] = Field(min_length=1)


class Era(Record):
    id: Slug
    title: Line
    start: Date
    end: Date | None = None
    description: Text


# ----------------------------------------------------------------------------
# Meetings
# ----------------------------------------------------------------------------

ROLE_LABELS = {
    "head-of-state": "Head of state",
    "head-of-government": "Head of government",
    "minister": "Minister",
    "deputy-minister": "Deputy minister",
    "special-envoy": "Special envoy",
    "ambassador": "Ambassador",
    "observer": "Observer",
    "guest": "Guest",
}

Role = Literal[
    "head-of-state",
    "head-of-government",
    "minister",
    "deputy-minister",
    "special-envoy",
    "ambassador",
    "observer",
    "guest",
]


class Participant(Sourced):
    """Who represented a country at a meeting; or that the country was absent or is unknown."""

    country: CountryId
    status: Literal["attended", "absent", "unknown"] = "attended"
    person: Slug | None = Field(None, description="Left out where the name is not confirmed.")
    role: Role | None = None
    title: Line | None = Field(None, description="Exact title as the source gives it.")
    chair: bool = False

    @model_validator(mode="after")
    def _attendance_is_consistent(self):
        if self.status == "attended" and self.role is None:
            raise ValueError("an attending participant needs a role (minister, deputy-minister, …)")
        if self.status != "attended" and (self.person or self.chair):
            raise ValueError(f"status {self.status!r} cannot name a person or a chair")
        if self.status != "attended" and not self.note:
            raise ValueError(f"status {self.status!r} needs a note that says what is known")
        if self.status == "attended" and self.person is None and not self.note:
            raise ValueError("a participant without a person needs a note that says why the name is left out")
        return self


class Document(Sourced):
    title: Line
    kind: Literal[
        "joint-statement",
        "action-plan",
        "roadmap",
        "press-release",
        "chairs-statement",
        "declaration",
        "initiative",
        "other",
    ]
    title_ja: Line | None = None
    date: Date | None = None
    url: Url | None = None
    action_plan: Slug | None = Field(None, description="The id of the plan in data/action-plans/.")


class Highlight(Record):
    text: Text
    sources: list[Slug] = Field(default_factory=list)


class Meeting(Record):
    """One file in data/meetings/."""

    id: Slug
    kind: Literal["foreign-ministers", "special", "summit"]
    ordinal: Annotated[int, Field(ge=1, le=999)] | None = None
    title: Line | None = Field(None, description="Defaults to a title made from kind and ordinal.")
    date: Day
    end_date: Day | None = None
    status: Literal["held", "postponed", "cancelled"] = "held"
    format: Literal["in-person", "video"]
    city: Line | None = None
    venue: Line | None = None
    country: CountryId | None = Field(None, description="Host country of an in-person meeting.")
    chair_country: CountryId | None = Field(None, description="Chair of a video meeting.")
    participants: list[Participant] = Field(default_factory=list)
    themes: list[Slug] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    summary: Text
    highlights: list[Highlight] = Field(default_factory=list)
    disputes: list[Dispute] = Field(default_factory=list)
    sources: list[Slug] = Field(min_length=1)
    note: Text | None = None

    @model_validator(mode="after")
    def _kind_format_and_place(self):
        if self.kind == "special" and self.ordinal is not None:
            raise ValueError("a special meeting is unnumbered, expected no ordinal")
        if self.kind != "special" and self.status == "held" and self.ordinal is None:
            raise ValueError(f"a held {self.kind} meeting needs an ordinal")
        if self.status != "held" and self.ordinal is not None:
            raise ValueError(f"a {self.status} meeting keeps no ordinal, expected none")
        if self.format == "in-person" and not (self.city and self.country):
            raise ValueError("an in-person meeting needs a city and a host country")
        if self.format == "video" and (self.country or self.city):
            raise ValueError("a video meeting has no host city or country, expected chair_country instead")
        if self.format == "video" and not self.chair_country:
            raise ValueError("a video meeting needs a chair_country")
        if self.end_date and self.end_date < self.date:
            raise ValueError("end_date is before date")
        return self

    @field_validator("themes")
    @classmethod
    def _unique_themes(cls, themes: list[str]) -> list[str]:
        dupes = sorted({t for t in themes if themes.count(t) > 1})
        if dupes:
            raise ValueError(f"theme listed twice: {', '.join(dupes)}")
        return themes


# ----------------------------------------------------------------------------
# Action plans
# ----------------------------------------------------------------------------


class Progress(Record):
    """A later meeting or event that reported progress on a plan item."""

    meeting: Slug | None = None
    event: Slug | None = None
    text: Text
    sources: list[Slug] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_target(self):
        if (self.meeting is None) == (self.event is None):
            raise ValueError("progress names exactly one of meeting or event")
        return self


class PlanItem(Sourced):
    id: Slug
    text: Text = Field(description="The item in our own words.")
    theme: Slug | None = Field(None, description="Overrides the field's theme.")
    countries: list[CountryId] = Field(default_factory=list)
    projects: list[Line] = Field(default_factory=list)
    sources: list[Slug] = Field(min_length=1)
    continues: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+/[a-z0-9-]+$")] | None = Field(
        None, description="plan-id/item-id of the earlier item this one carries on."
    )
    progress: list[Progress] = Field(default_factory=list)


class PlanField(Record):
    id: Slug
    title: Line
    theme: Slug
    summary: Text | None = None
    items: list[PlanItem] = Field(default_factory=list)
    note: Text | None = None


class ActionPlan(Sourced):
    """One file in data/action-plans/."""

    id: Slug
    title: Line
    title_ja: Line | None = None
    meeting: Slug = Field(description="The meeting that adopted it.")
    date: Day
    url: Url | None = None
    summary: Text
    fields: list[PlanField] = Field(min_length=1)
    disputes: list[Dispute] = Field(default_factory=list)
    sources: list[Slug] = Field(min_length=1)


# ----------------------------------------------------------------------------
# Events
# ----------------------------------------------------------------------------


class Event(Sourced):
    id: Slug
    date: Date
    kind: Literal[
        "proposal",
        "speech",
        "senior-officials",
        "tokyo-dialogue",
        "expert-meeting",
        "business-dialogue",
        "agreement",
        "pledge",
        "strategy",
        "postponement",
        "other",
    ]
    end_date: Date | None = Field(None, description="Last day of an event that lasted several days.")
    title: Line
    summary: Text
    city: Line | None = None
    themes: list[Slug] = Field(default_factory=list)
    countries: list[CountryId] = Field(default_factory=list)
    people: list[Slug] = Field(default_factory=list)
    meeting: Slug | None = Field(None, description="A meeting this event belongs to.")
    disputes: list[Dispute] = Field(default_factory=list)
    sources: list[Slug] = Field(min_length=1)

    @model_validator(mode="after")
    def _end_after_start(self):
        if self.end_date and self.end_date.sort_key < self.date.sort_key:
            raise ValueError("end_date is before date")
        return self


# ----------------------------------------------------------------------------
# Files: each top-level file is a mapping with one list
# ----------------------------------------------------------------------------


class SourcesFile(Record):
    sources: list[Source]


class CountriesFile(Record):
    countries: list[Country]


class PeopleFile(Record):
    people: list[Person]


class ThemesFile(Record):
    themes: list[Theme]


class EventsFile(Record):
    events: list[Event]


class ErasFile(Record):
    eras: list[Era]


class PlacesFile(Record):
    places: list[Place]


Country.model_rebuild()
