"""Scaffold a new meeting file for an editor: `make new-meeting DATE=… CITY=… COUNTRY=…`.

`plan_meeting()` works out the id, the next ordinal and the file's text from
what is in data/ already; it reads the files as plain YAML, so it works while
other files do not validate yet. `write_meeting()` refuses to overwrite.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import jinja2

from . import labels
from . import model as m
from .render import TEMPLATES
from .schema import modeline
from .yamlload import load_yaml

MEETING_KINDS = get_args(m.Meeting.model_fields["kind"].annotation)
FORMATS = get_args(m.Meeting.model_fields["format"].annotation)


class ScaffoldError(Exception):
    """The request cannot be scaffolded; the message says why and what to do."""


@dataclass(frozen=True)
class NewMeeting:
    meeting_id: str
    relative: str  # the path inside data/, e.g. meetings/10-astana-2026.yml
    ordinal: int | None
    text: str
    warnings: list[str] = field(default_factory=list)


def slugify(text: str) -> str:
    """'Nur-Sultan' -> 'nur-sultan', 'Ashgabat ' -> 'ashgabat', 'Ōsaka' -> 'osaka'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _records(data_dir: Path, name: str, key: str) -> list[dict[str, Any]]:
    data, _lines, problems = load_yaml(data_dir / name, f"data/{name}")
    if problems or not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise ScaffoldError(f"cannot read data/{name} ({problems[0] if problems else 'no list of ' + key}); fix it first")
    return [r for r in data[key] if isinstance(r, dict)]


def _existing_meetings(data_dir: Path) -> list[dict[str, Any]]:
    found = []
    for path in sorted((data_dir / "meetings").glob("*.yml")):
        data, _lines, problems = load_yaml(path, f"data/meetings/{path.name}")
        if not problems and isinstance(data, dict):
            found.append(data)
    return found


def plan_meeting(
    data_dir: Path, *, date: str, country: str, city: str | None = None,
    kind: str = "foreign-ministers", format: str = "in-person",
) -> NewMeeting:
    """Everything needed to write the new meeting's file. Raises ScaffoldError on a bad request."""
    warnings: list[str] = []
    day = _check_request(kind, format, date)
    taking_part = _taking_part(data_dir, country)
    city, place_slug = _place(data_dir, format, country, city, warnings)
    ordinal = _next_ordinal(data_dir, kind, day, warnings)
    prefix = {"foreign-ministers": "", "summit": "summit-", "special": "special-"}[kind]
    number = f"{ordinal:02d}-" if ordinal else ""
    meeting_id = f"{prefix}{number}{place_slug}-{day.year}"
    relative = f"meetings/{meeting_id}.yml"
    text = _environment().get_template("new-meeting.yml.j2").render(
        modeline=modeline(relative), meeting_id=meeting_id, kind=kind, ordinal=ordinal, date=day.isoformat(),
        format=format, city=city, country=country, countries=taking_part, roles=list(labels.ROLE_LABELS),
    )
    return NewMeeting(meeting_id, relative, ordinal, text, warnings)


def _check_request(kind: str, format: str, date: str) -> dt.date:
    """The kind and format are allowed and the date is a real day; the day."""
    if kind not in MEETING_KINDS:
        raise ScaffoldError(f"kind {kind!r} is not allowed, expected one of: {', '.join(MEETING_KINDS)}")
    if format not in FORMATS:
        raise ScaffoldError(f"format {format!r} is not allowed, expected one of: {', '.join(FORMATS)}")
    try:
        day = dt.date.fromisoformat(date) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None
    except ValueError:
        day = None
    if day is None:
        raise ScaffoldError(f"date {date!r} is not a real day, expected YYYY-MM-DD")
    return day


def _taking_part(data_dir: Path, country: str) -> list[dict[str, Any]]:
    """Japan and the members, from countries.yml; the host or chair must be one of them."""
    countries = _records(data_dir, "countries.yml", "countries")
    countries = [c for c in countries if re.fullmatch(r"[a-z]{2}", str(c.get("id")))]
    taking_part = [c for c in countries if c.get("role") == "partner"] + [c for c in countries if c.get("role") == "member"]
    ids = [str(c.get("id")) for c in taking_part]
    if country not in ids:
        raise ScaffoldError(f"country {country!r} is not Japan or a member, expected one of: {', '.join(ids)}")
    return taking_part


def _place(data_dir: Path, format: str, country: str, city: str | None, warnings: list[str]) -> tuple[str | None, str]:
    """The city as places.yml writes it, and the word for it in the id."""
    if format == "video":
        if city:
            raise ScaffoldError("a video meeting has no city; leave out --city (--country is the chair)")
        return city, "online"
    if not city:
        raise ScaffoldError("an in-person meeting needs --city")
    places = _records(data_dir, "places.yml", "places")
    known = next((p for p in places if p.get("country") == country
                  and city.casefold() in [str(n).casefold() for n in [p.get("name"), *p.get("aliases", [])]]), None)
    if known is not None:
        city = str(known["name"])
    else:
        warnings.append(f"{city} is not in data/places.yml for {country!r}: add it with its coordinates and a source")
    place_slug = slugify(city)
    if not place_slug:
        raise ScaffoldError(f"city {city!r} has no letters to make an id from")
    return city, place_slug


def _next_ordinal(data_dir: Path, kind: str, day: dt.date, warnings: list[str]) -> int | None:
    """The next number of the kind (none for a special meeting); refuses a second meeting of the kind that day."""
    meetings = _existing_meetings(data_dir)
    same = [str(mt.get("id")) for mt in meetings if mt.get("kind") == kind and str(mt.get("date")) == day.isoformat()]
    if same:
        raise ScaffoldError(f"data/meetings/{same[0]}.yml is already a {kind} meeting on {day}; nothing was written")
    if kind == "special":
        return None
    numbered = [mt for mt in meetings if mt.get("kind") == kind and isinstance(mt.get("ordinal"), int)]
    later = [str(mt.get("id")) for mt in numbered if str(mt.get("date", "")) >= day.isoformat()]
    if later:
        warnings.append(f"already dated on or after {day}: {', '.join(later)}; ordinals run in date order, so renumber by hand")
    return max((mt["ordinal"] for mt in numbered), default=0) + 1


def write_meeting(data_dir: Path, new: NewMeeting) -> Path:
    """Write the file; refuse if it exists."""
    path = data_dir / new.relative
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(new.text)
    except FileExistsError:
        raise ScaffoldError(f"{path} exists already; nothing was written. Edit that file, or remove it first.") from None
    return path


def _environment() -> jinja2.Environment:
    # YAML, not HTML: no autoescape; every value from the command line goes through `q`.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined, autoescape=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["q"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return env
