"""schema.org structured data (JSON-LD) for meeting pages.

`meeting_event(ds, meeting)` builds a schema.org `Event` as plain data (the
summary is left out: the page's meta description carries it);
`script_json(data)` turns it into text that is safe inside
`<script type="application/ld+json">`: `<`, `>` and `&` (and the two JavaScript
line separators) are written as \\u escapes, so no value can close the element.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from . import model as m
from . import labels
from .dataset import Dataset

SCHEMA = "https://schema.org/"
EVENT_STATUS = {"held": "EventScheduled", "postponed": "EventPostponed", "cancelled": "EventCancelled"}
ATTENDANCE_MODE = {"in-person": "OfflineEventAttendanceMode", "video": "OnlineEventAttendanceMode"}

_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def government(ds: Dataset, country_id: str) -> dict[str, Any]:
    country = ds.countries[country_id]
    return {
        "@type": "Organization",
        "name": f"Government of {country.name}",
        "address": {"@type": "PostalAddress", "addressCountry": country_id.upper()},
    }


def meeting_event(ds: Dataset, meeting: m.Meeting, place: m.Place | None = None) -> dict[str, Any]:
    """The meeting as a schema.org Event; `place` is its venue in data/places.yml (views.Views.place_of), for the coordinates."""
    event: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": labels.meeting_full_title(meeting),
        "startDate": str(meeting.date),
    }
    if meeting.end_date:
        event["endDate"] = str(meeting.end_date)
    event["eventStatus"] = SCHEMA + EVENT_STATUS[meeting.status]
    event["eventAttendanceMode"] = SCHEMA + ATTENDANCE_MODE[meeting.format]
    if meeting.format == "video":
        event["location"] = {"@type": "VirtualLocation", "name": "Online video conference"}
        host = meeting.chair_country
    else:
        location: dict[str, Any] = {
            "@type": "Place",
            "name": f"{meeting.venue}, {meeting.city}" if meeting.venue else meeting.city,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": meeting.city,
                "addressCountry": str(meeting.country).upper(),
            },
        }
        if place is not None:
            location["geo"] = {"@type": "GeoCoordinates", "latitude": place.lat, "longitude": place.lon}
        event["location"] = location
        host = meeting.country
    event["organizer"] = government(ds, str(host))
    attendees = []
    for p in meeting.participants:
        if p.status == "attended" and p.person:
            person: dict[str, Any] = {"@type": "Person", "name": ds.people[p.person].name}
            if p.title:
                person["jobTitle"] = p.title
            person["affiliation"] = government(ds, p.country)
            attendees.append(person)
    if attendees:
        event["attendee"] = attendees
    return event


def script_json(data: Any) -> Markup:
    """JSON for inside a <script> element: one line, nothing that can end the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _UNSAFE.items():
        text = text.replace(char, escaped)
    return Markup(text)
