"""The words the interface puts around the data: labels of kinds, roles and levels, titles made from them.

Every label the pages show that is not itself data lives here, in one place, so that a
translation can wrap them later (one `gettext` call per label).
"""

from __future__ import annotations

import functools

from . import model as m

KIND_LABELS = {
    "foreign-ministers": "Foreign Ministers' Meeting",
    "special": "Special meeting",
    "summit": "Leaders' Summit",
}
KIND_PLURALS = {
    "foreign-ministers": "Foreign Ministers' Meetings",
    "special": "Special meetings",
    "summit": "Leaders' Summits",
}
EVENT_KIND_LABELS = {
    "proposal": "Proposal",
    "speech": "Speech",
    "senior-officials": "Senior Officials' Meeting",
    "tokyo-dialogue": "Tokyo Dialogue",
    "expert-meeting": "Experts' meeting",
    "business-dialogue": "Business dialogue",
    "agreement": "Agreement",
    "pledge": "Pledge",
    "strategy": "Strategy",
    "postponement": "Postponement",
    "other": "Event",
}
DOCUMENT_KIND_LABELS = {
    "joint-statement": "Joint statement",
    "action-plan": "Action plan",
    "roadmap": "Roadmap",
    "press-release": "Press release",
    "chairs-statement": "Chair's statement",
    "declaration": "Declaration",
    "initiative": "Initiative",
    "other": "Document",
}
TITLE_STATUS_LABELS = {
    "official": "official English title",
    "translated": "our translation of the official title; no English title was found",
    "reported": "the name reports use; the official English title was not found",
    "description": "a description, not a title; the official title was not found",
}
TEXT_FORM_LABELS = {
    "text": "text",
    "translation": "official translation",
    "outline": "official outline or summary",
    "reprint": "reprint",
}
# The languages an outcome document's page looks for, and the names of the languages of sources.
DOCUMENT_LANGUAGES = ("en", "ja", "ru")
LANGUAGE_NAMES = {"en": "English", "ja": "Japanese", "ru": "Russian"}
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
# The level written in a cell of the attendance matrix.
LEVEL_SHORT = {
    "head-of-state": "Leader",
    "head-of-government": "Leader",
    "minister": "Minister",
    "deputy-minister": "Deputy",
    "special-envoy": "Envoy",
    "ambassador": "Ambassador",
    "observer": "Observer",
    "guest": "Guest",
}
# The short name of a meeting kind in column headings: '7th FMM 2019'.
KIND_SHORT = {"foreign-ministers": "FMM", "special": "Special", "summit": "Summit"}


def ordinal(n: int) -> str:
    """1 -> '1st', 12 -> '12th', 22 -> '22nd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_ABBREVIATIONS = {"approx", "e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "no", "nos", "st", "vs", "u.s", "u.n", "jr", "bn", "mn", "cf"}


@functools.lru_cache(maxsize=8192)
def first_sentence(text: str) -> str:
    """The first sentence of a summary, for one-line listings; abbreviations and brackets do not end it."""
    text = " ".join(text.split())
    depth = 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char not in ".!?" or depth > 0 or i + 2 >= len(text) or text[i + 1] != " ":
            continue
        if not (text[i + 2].isupper() or text[i + 2].isdigit() or text[i + 2] in "\"'“("):
            continue
        word = text[: i].rsplit(" ", 1)[-1].lower().lstrip("(\"'“")
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        return text[: i + 1]
    return text


def meeting_title(meeting: m.Meeting) -> str:
    """'7th Foreign Ministers' Meeting', or the title given in the data."""
    if meeting.title:
        return meeting.title
    if meeting.ordinal is not None:
        return f"{ordinal(meeting.ordinal)} {KIND_LABELS[meeting.kind]}"
    return KIND_LABELS[meeting.kind]


def meeting_full_title(meeting: m.Meeting) -> str:
    """'7th Foreign Ministers' Meeting, Dushanbe 2019'."""
    place = "online" if meeting.format == "video" else meeting.city
    return f"{meeting_title(meeting)}, {place} {meeting.date.year}"


def short_meeting_label(meeting: m.Meeting) -> str:
    """'7th FMM 2019', 'Special 2020', '1st Summit 2025'."""
    prefix = f"{ordinal(meeting.ordinal)} " if meeting.ordinal else ""
    return f"{prefix}{KIND_SHORT[meeting.kind]} {meeting.date.year}"


# Sentences and words around the data on the timeline, the matrices and the venue map.
PLAN_ADOPTED = "Action Plan adopted"
AGREEMENT_SIGNED = "Investment agreement signed"
AGREEMENT_IN_FORCE = "Investment agreement in force"
AGREEMENT_SIGNED_SUMMARY = "Japan and {country} signed an investment agreement"
AGREEMENT_SIGNED_IN = " in {place}."
AGREEMENT_IN_FORCE_SUMMARY = "The investment agreement between Japan and {country} entered into force."
ONLINE_CHAIRED_BY = "Online (chaired by {country})"
NOT_PRESENT = "Not present"
ABSENT = "Absent"
NOT_KNOWN = "Not known"
ATTENDED = "Attended"
VENUE_MAP = "Venue map: {name}"

_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number_word(n: int) -> str:
    """A count as prose writes it: 2 -> 'two', 12 -> '12'."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def and_list(words: list[str]) -> str:
    """['a'] -> 'a'; ['a', 'b', 'c'] -> 'a, b and c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1] if words else ""


def all_of(n: int) -> str:
    """'both' for two, else 'all five', 'all 12'."""
    return "both" if n == 2 else f"all {number_word(n)}"
