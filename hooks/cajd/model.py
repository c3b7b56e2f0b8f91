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
    BeforeValidator,
    PlainValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict,
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
# `index` would make a page collide with the index page of its folder (people/index/ is people/).
RESERVED_IDS = frozenset({"index"})


def _not_reserved(value: str) -> str:
    if value in RESERVED_IDS:
        raise ValueError(f"{value!r} is reserved for the index pages, expected another id")
    return value


Slug = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80), AfterValidator(_not_reserved)]
# A country's own id is its ISO 3166-1 alpha-2 code; references are checked against the list.
CountryCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
CountryId = Slug

PLACEHOLDER = re.compile(r"\b(?:TODO|TBD|FIXME|XXX|lorem ipsum|lorem)\b", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")  # below space, except tab and line feed


def _clean_text(value: str) -> str:
    """Refuse empty, placeholder and control-character text; trim it."""
    value = value.strip()
    if not value:
        raise ValueError("text is empty, expected words")
    if PLACEHOLDER.search(value):
        raise ValueError(f"placeholder text {PLACEHOLDER.search(value).group(0)!r}, expected real content")
    if _CONTROL.search(value):
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

# Numbers and yes/no fields take only what YAML reads as such: `ordinal: true`,
# `ordinal: "1"`, `chair: "yes"` or `lat: true` are refused, not quietly converted.
Flag = Annotated[bool, Strict()]
Whole = Annotated[int, Strict()]


def _a_number(value: object) -> object:
    if value is None:
        raise ValueError("the value is empty (null), expected a number")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{value!r:.60} is a {type(value).__name__}, expected a number")
    return value


Number = Annotated[float, BeforeValidator(_a_number)]

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
    """How sure the site is of a fact."""

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

    claim: Text = Field(description="What this source says, in our words.")
    sources: list[Slug] = Field(min_length=1, description="Ids from data/sources.yml; at least one.")


class Dispute(Record):
    """Sources disagree: record each account, and which one the site follows and why."""

    topic: Line = Field(description="What the sources disagree about, in a few words.")
    follows: Text = Field(description="What the site states.")
    reason: Text = Field(description="Why the site follows that account.")
    accounts: list[Claim] = Field(min_length=2, description="Each account with its sources; at least two.")


class Source(Record):
    """One entry of data/sources.yml."""

    id: Slug = Field(description="Unique id that records cite, e.g. mofa-2019-joint-statement.")
    url: Url = Field(description="Address of the page or document, https://….")
    title: Line = Field(description="The page's own title; or a description, with `described: true`.")
    described: Flag = Field(False, description="The title is our description, not the page's title.")
    publisher: Line = Field(description="Who published it, e.g. Ministry of Foreign Affairs of Japan.")
    date: Date | None = Field(None, description="Publication date: YYYY-MM-DD, YYYY-MM or YYYY (quoted).")
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] = Field("en", description="Two-letter language code of the source (ISO 639-1).")
    local: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*\.txt$")] | None = Field(
        None, description="A copy in the project's shared/sources folder."
    )
    note: Text | None = Field(None, description="Editorial note on the source.")


class Country(Record):
    """One entry of data/countries.yml."""

    id: CountryCode = Field(description="ISO 3166-1 alpha-2 code in lower case, e.g. kz.")
    name: Line = Field(description="Short English name, e.g. Kazakhstan.")
    official_name: Line | None = None
    capital: Line = Field(description="Capital city.")
    role: Literal["member", "partner", "guest"] = Field(description="member: a Central Asian member state; partner: Japan; guest: an invited country.")
    summary: Text = Field(description="The country's role in the dialogue, in our words.")
    aliases: list[Line] = Field(default_factory=list, description="Other names or spellings, for search.")
    sources: list[Slug] = Field(min_length=1, description="Ids from data/sources.yml; at least one.")
    investment_agreement: InvestmentAgreement | None = Field(None, description="Japan's bilateral investment agreement with this country.")


class InvestmentAgreement(Sourced):
    """Japan's bilateral investment agreement with a country, or its absence."""

    status: Literal["in-force", "signed", "none-found"] = Field(description="in-force and signed need a title and a signed date; none-found means no agreement was found.")
    title: Line | None = None
    signed: Date | None = Field(None, description="Date of signature.")
    signed_place: Line | None = Field(None, description="City where it was signed.")
    in_force: Date | None = Field(None, description="Date of entry into force.")

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
    """An office a person held."""

    title: Line = Field(description="The office, e.g. Minister for Foreign Affairs of Japan.")
    start: Date | None = Field(None, description="When the person took office.")
    end: Date | None = Field(None, description="When the person left office; empty while in office.")


class Person(Record):
    """One entry of data/people.yml."""

    id: Slug = Field(description="Unique id, usually the name in lower case with hyphens, e.g. taro-kono.")
    name: Line = Field(description="Name as usually written in English, given name first.")
    country: CountryId = Field(description="Id of the country the person represented, from data/countries.yml.")
    aliases: list[Line] = Field(default_factory=list, description="Other spellings, for search.")
    positions: list[Position] = Field(default_factory=list, description="Offices held that matter to the dialogue.")
    sources: list[Slug] = Field(min_length=1, description="Ids from data/sources.yml; at least one.")
    note: Text | None = Field(None, description="Editorial note shown on the person's page.")


class Theme(Record):
    """One entry of data/themes.yml: an agenda theme with its own page."""

    id: Slug = Field(description="Unique id, used in URLs and in the themes of meetings.")
    title: Line = Field(description="Short title shown on chips and headings.")
    description: Text = Field(description="What the theme covers, in our words.")
    sources: list[Slug] = Field(default_factory=list, description="Ids from data/sources.yml.")


class Place(Record):
    """A city where meetings are held, with coordinates for the venue map."""

    id: Slug = Field(description="Unique id, e.g. astana.")
    name: Line = Field(description="As written in the `city` field of meetings.")
    country: CountryId = Field(description="Id of the country the city is in.")
    lat: Annotated[Number, Field(ge=-90, le=90)] = Field(description="Latitude in decimal degrees, north positive.")
    lon: Annotated[Number, Field(ge=-180, le=180)] = Field(description="Longitude in decimal degrees, east positive.")
    aliases: list[Line] = Field(default_factory=list, description="Former or other names, e.g. Nur-Sultan.")
    sources: list[Slug] = Field(min_length=1, description="Ids from data/sources.yml; at least one.")


class Era(Record):
    """One entry of data/eras.yml: a period of the dialogue on the timeline."""

    id: Slug = Field(description="Unique id of the era.")
    title: Line = Field(description="Heading of the era on the timeline.")
    start: Date = Field(description="First date of the era.")
    end: Date | None = Field(None, description="Last date of the era; empty for the current one.")
    description: Text = Field(description="What marks the era, in our words.")


# ----------------------------------------------------------------------------
# Meetings
# ----------------------------------------------------------------------------

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

    country: CountryId = Field(description="Id of the country represented, from data/countries.yml.")
    status: Literal["attended", "absent", "unknown"] = Field("attended", description="absent and unknown need a note and name no person.")
    person: Slug | None = Field(None, description="Id from data/people.yml; left out where the name is not confirmed.")
    role: Role | None = Field(None, description="Level of the representative; required when status is attended.")
    title: Line | None = Field(None, description="Exact title as the source gives it.")
    chair: Flag = Field(False, description="True for the one participant who chaired the meeting.")

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


ItemRef = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+/[a-z0-9-]+$")]

DOCUMENT_KINDS = Literal[
    "joint-statement",
    "action-plan",
    "roadmap",
    "press-release",
    "chairs-statement",
    "declaration",
    "initiative",
    "other",
]


class DocumentText(Record):
    """A page where the text of an outcome document can be read, in any language."""

    source: Slug = Field(description="Id from data/sources.yml of the page; its address, title and language come from there.")
    form: Literal["text", "translation", "outline", "reprint"] = Field(
        description="text: the document as its signatories or the host published it; translation: a translation "
        "published by a government (e.g. MOFA's provisional translation); outline: an official outline or summary "
        "of it, such as a press release; "
        "reprint: the text reproduced by someone else (a database, an association, a news site)."
    )
    note: Text | None = Field(None, description="What the page holds, e.g. only its beginning could be read.")


class Highlight(Record):
    """A notable fact about a meeting."""

    text: Text = Field(description="One notable fact about the meeting, in our words.")
    sources: list[Slug] = Field(default_factory=list, description="Ids from data/sources.yml.")


class Document(Sourced):
    """An outcome document of a meeting. Each has a page of its own: documents/<meeting id>-<id>/."""

    id: Slug | None = Field(None, description="Short id, unique within the meeting; leave it out to use the kind (e.g. joint-statement).")
    title: Line = Field(description="Title of the document in English.")
    title_status: Literal["official", "translated", "reported", "description"] = Field(
        "official",
        description="official: the English title as published; translated: our translation of its official title in "
        "another language; reported: the name reports use, the official title is not known; description: a description, not a title.",
    )
    kind: DOCUMENT_KINDS = Field(description="What kind of document it is.")
    title_ja: Line | None = Field(None, description="Official title in Japanese, where a source gives it.")
    date: Date | None = Field(None, description="Date of the document, if not the meeting's.")
    texts: list[DocumentText] = Field(default_factory=list, description="Pages where its text can be read; empty when no text was found.")
    points: list[Highlight] = Field(default_factory=list, description="What it says, a few points in our own words; where no text was found, what reports say of it.")
    action_plan: Slug | None = Field(None, description="The id of the plan in data/action-plans/.")
    plan_items: list[ItemRef] = Field(default_factory=list, description="plan-id/item-id of the plan items it relates to.")


class Meeting(Record):
    """One file in data/meetings/."""

    id: Slug = Field(description="Equals the file name without .yml, e.g. 07-dushanbe-2019; the year in it is the meeting's year.")
    kind: Literal["foreign-ministers", "special", "summit"] = Field(description="foreign-ministers: the regular ministerial meeting; summit: a leaders' summit; special: an unnumbered extra meeting.")
    ordinal: Annotated[Whole, Field(ge=1, le=999)] | None = Field(None, description="Number of the meeting within its kind (1, 2, 3… in date order); none for special, postponed or cancelled meetings.")
    title: Line | None = Field(None, description="Defaults to a title made from kind and ordinal.")
    date: Day = Field(description="First day, YYYY-MM-DD.")
    end_date: Day | None = Field(None, description="Last day of a meeting that lasted several days, YYYY-MM-DD.")
    status: Literal["held", "postponed", "cancelled"] = Field("held", description="held, or postponed or cancelled for a meeting that was planned but did not take place.")
    format: Literal["in-person", "video"] = Field(description="in-person needs city and country; video needs chair_country.")
    city: Line | None = Field(None, description="City of an in-person meeting, as named in data/places.yml.")
    venue: Line | None = Field(None, description="Building or hall, if known.")
    country: CountryId | None = Field(None, description="Host country of an in-person meeting.")
    chair_country: CountryId | None = Field(None, description="Chair of a video meeting.")
    participants: list[Participant] = Field(default_factory=list, description="One entry for Japan and for every Central Asian member state; guests may be added.")
    themes: list[Slug] = Field(default_factory=list, description="Ids from data/themes.yml of the themes discussed.")
    documents: list[Document] = Field(default_factory=list, description="Outcome documents adopted or issued.")
    summary: Text = Field(description="What happened, in our words; the first sentence is used in listings.")
    highlights: list[Highlight] = Field(default_factory=list, description="Notable facts, each with its sources.")
    disputes: list[Dispute] = Field(default_factory=list, description="Where sources disagree about this meeting.")
    sources: list[Slug] = Field(min_length=1, description="Ids from data/sources.yml; at least one.")
    note: Text | None = Field(None, description="Editorial note shown on the meeting's page.")

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


class OutcomeDocument(Record):
    """An outcome document with the meeting that adopted it; derived from data/meetings/, never written by hand."""

    id: Slug = Field(description="<meeting id>-<document id>: its page is documents/<id>/.")
    meeting: Slug = Field(description="Id of the meeting that adopted or issued it.")
    date: Date = Field(description="The document's date, or else its meeting's.")
    document: Document = Field(description="The document as written in the meeting's file.")


def outcome_documents(meeting: Meeting):
    """(where in the meeting's file, record) for each outcome document of a meeting."""
    for i, doc in enumerate(meeting.documents):
        yield ("documents", i), OutcomeDocument(id=document_id(meeting.id, doc), meeting=meeting.id,
                                                date=doc.date or meeting.date, document=doc)


def document_id(meeting_id: str, doc: Document) -> str:
    """The id of an outcome document's page: its meeting's id and its own id (or its kind)."""
    return f"{meeting_id}-{doc.id or doc.kind}"


# ----------------------------------------------------------------------------
# Action plans
# ----------------------------------------------------------------------------


class Progress(Record):
    """A later meeting or event that reported progress on a plan item."""

    meeting: Slug | None = Field(None, description="Id of the meeting that reported progress; give this or event.")
    event: Slug | None = Field(None, description="Id of the event in data/events.yml that reported progress; give this or meeting.")
    text: Text = Field(description="The progress reported, in our words.")
    sources: list[Slug] = Field(min_length=1, description="Ids from data/sources.yml; at least one.")

    @model_validator(mode="after")
    def _one_target(self):
        if (self.meeting is None) == (self.event is None):
            raise ValueError("progress names exactly one of meeting or event")
        return self


class PlanItem(Sourced):
    """One commitment of an Action Plan."""

    id: Slug = Field(description="Unique within the plan; the page anchor is item-<id>.")
    text: Text = Field(description="The item in our own words.")
    theme: Slug | None = Field(None, description="Overrides the field's theme.")
    countries: list[CountryId] = Field(default_factory=list, description="Ids of the countries the item names.")
    projects: list[Line] = Field(default_factory=list, description="Projects the item names.")
    sources: list[Slug] = Field(min_length=1, description="Ids from data/sources.yml; at least one.")
    continues: ItemRef | None = Field(
        None, description="plan-id/item-id of the earlier item this one carries on."
    )
    progress: list[Progress] = Field(default_factory=list, description="Later meetings or events that reported progress.")


class PlanField(Record):
    """A field of cooperation of an Action Plan, with its items."""

    id: Slug = Field(description="Unique within the plan.")
    title: Line = Field(description="Heading of the field of cooperation as the plan names it.")
    theme: Slug = Field(description="Id from data/themes.yml.")
    summary: Text | None = Field(None, description="What the field covers, in our words.")
    items: list[PlanItem] = Field(default_factory=list, description="The commitments in this field; empty when the sources do not itemize it.")
    note: Text | None = Field(None, description="Editorial note shown with the field.")


class ActionPlan(Sourced):
    """One file in data/action-plans/."""

    id: Slug = Field(description="Equals the file name without .yml, e.g. action-plan-2019.")
    title: Line = Field(description="Title in English.")
    title_ja: Line | None = Field(None, description="Title in Japanese, where the source gives one.")
    meeting: Slug = Field(description="The meeting that adopted it.")
    date: Day = Field(description="Date of adoption; equals the date of its meeting.")
    url: Url | None = Field(None, description="Address of the text of the plan.")
    summary: Text = Field(description="What the plan covers, in our words.")
    fields: list[PlanField] = Field(min_length=1, description="The fields of cooperation, in the plan's order.")
    disputes: list[Dispute] = Field(default_factory=list, description="Where sources disagree about this plan.")
    sources: list[Slug] = Field(min_length=1, description="Ids from data/sources.yml; at least one.")


# ----------------------------------------------------------------------------
# Events
# ----------------------------------------------------------------------------


class Event(Sourced):
    """One entry of data/events.yml: a dated event outside the meetings."""

    id: Slug = Field(description="Unique id; the timeline anchor is event-<id>.")
    date: Date = Field(description="YYYY-MM-DD, or YYYY-MM or YYYY (quoted) when only the month or year is known.")
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
    title: Line = Field(description="Title shown on the timeline.")
    summary: Text = Field(description="What happened, in our words.")
    city: Line | None = Field(None, description="Where it took place, if known.")
    themes: list[Slug] = Field(default_factory=list, description="Ids from data/themes.yml.")
    countries: list[CountryId] = Field(default_factory=list, description="Ids of the countries concerned.")
    people: list[Slug] = Field(default_factory=list, description="Ids from data/people.yml of the people involved.")
    meeting: Slug | None = Field(None, description="A meeting this event belongs to.")
    disputes: list[Dispute] = Field(default_factory=list, description="Where sources disagree about this event.")
    sources: list[Slug] = Field(min_length=1, description="Ids from data/sources.yml; at least one.")

    @model_validator(mode="after")
    def _end_after_start(self):
        if self.end_date and self.end_date.sort_key < self.date.sort_key:
            raise ValueError("end_date is before date")
        return self


# ----------------------------------------------------------------------------
# Files: each top-level file is a mapping with one list
# ----------------------------------------------------------------------------


class SourcesFile(Record):
    """data/sources.yml."""

    sources: list[Source] = Field(description="Every source the site cites.")


class CountriesFile(Record):
    """data/countries.yml."""

    countries: list[Country] = Field(description="Japan, the Central Asian members and guests.")


class PeopleFile(Record):
    """data/people.yml."""

    people: list[Person] = Field(description="Everyone named on the site.")


class ThemesFile(Record):
    """data/themes.yml."""

    themes: list[Theme] = Field(description="The agenda themes.")


class EventsFile(Record):
    """data/events.yml."""

    events: list[Event] = Field(description="Dated events outside the meetings: proposals, speeches, agreements and more.")


class ErasFile(Record):
    """data/eras.yml."""

    eras: list[Era] = Field(description="Periods that group the timeline.")


class PlacesFile(Record):
    """data/places.yml."""

    places: list[Place] = Field(description="Cities where meetings were held, with coordinates.")


Country.model_rebuild()
