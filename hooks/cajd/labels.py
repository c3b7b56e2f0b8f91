"""The words the interface puts around the data: labels of kinds, roles and levels, titles made from them.

Every label the pages show that is not itself data lives here, in English, marked `N_()` for the
gettext catalogs (hooks/cajd/locale/); the pages translate a label where they show it
(`_(KIND_LABELS[kind])` in a template, `tr.gettext(...)` here). The functions that make titles
take the language's `Locale` (languages.py); English when none is given.
"""

from __future__ import annotations

import functools

from . import model as m
from .languages import DEFAULT, Locale, N_, Untranslated
from .languages import english_ordinal as ordinal  # 1 -> '1st', 12 -> '12th', 22 -> '22nd'

ENGLISH = Locale(DEFAULT)

KIND_LABELS = {
    "foreign-ministers": N_("Foreign Ministers' Meeting"),
    "special": N_("Special meeting"),
    "summit": N_("Leaders' Summit"),
}
KIND_PLURALS = {
    "foreign-ministers": N_("Foreign Ministers' Meetings"),
    "special": N_("Special meetings"),
    "summit": N_("Leaders' Summits"),
}
EVENT_KIND_LABELS = {
    "proposal": N_("Proposal"),
    "speech": N_("Speech"),
    "senior-officials": N_("Senior Officials' Meeting"),
    "tokyo-dialogue": N_("Tokyo Dialogue"),
    "expert-meeting": N_("Experts' meeting"),
    "business-dialogue": N_("Business dialogue"),
    "agreement": N_("Agreement"),
    "pledge": N_("Pledge"),
    "strategy": N_("Strategy"),
    "postponement": N_("Postponement"),
    "other": N_("Event"),
}
DOCUMENT_KIND_LABELS = {
    "joint-statement": N_("Joint statement"),
    "action-plan": N_("Action plan"),
    "roadmap": N_("Roadmap"),
    "press-release": N_("Press release"),
    "chairs-statement": N_("Chair's statement"),
    "declaration": N_("Declaration"),
    "initiative": N_("Initiative"),
    "other": N_("Document"),
}
TITLE_STATUS_LABELS = {
    "official": N_("official English title"),
    "translated": N_("our translation of the official title; no English title was found"),
    "reported": N_("the name reports use; the official English title was not found"),
    "description": N_("a description, not a title; the official title was not found"),
}
TEXT_FORM_LABELS = {
    "text": N_("text"),
    "translation": N_("official translation"),
    "outline": N_("official outline or summary"),
    "reprint": N_("reprint"),
}
# The languages an outcome document's page looks for, and the names of the languages of sources.
DOCUMENT_LANGUAGES = ("en", "ja", "ru")
LANGUAGE_NAMES = {"en": N_("English"), "ja": N_("Japanese"), "ru": N_("Russian")}
# An outcome document's page when no text was found in some of DOCUMENT_LANGUAGES (by their codes, space-separated):
# whole sentences, as each language words the languages' names in them.
MISSING_TEXT = {
    "en": N_("No text was found in English."),
    "ja": N_("No text was found in Japanese."),
    "ru": N_("No text was found in Russian."),
    "en ja": N_("No text was found in English or Japanese."),
    "en ru": N_("No text was found in English or Russian."),
    "ja ru": N_("No text was found in Japanese or Russian."),
}
ROLE_LABELS = {
    "head-of-state": N_("Head of state"),
    "head-of-government": N_("Head of government"),
    "minister": N_("Minister"),
    "deputy-minister": N_("Deputy minister"),
    "special-envoy": N_("Special envoy"),
    "ambassador": N_("Ambassador"),
    "observer": N_("Observer"),
    "guest": N_("Guest"),
}
# The level written in a cell of the attendance matrix.
LEVEL_SHORT = {
    "head-of-state": N_("Leader"),
    "head-of-government": N_("Leader"),
    "minister": N_("Minister"),
    "deputy-minister": N_("Deputy"),
    "special-envoy": N_("Envoy"),
    "ambassador": N_("Ambassador"),
    "observer": N_("Observer"),
    "guest": N_("Guest"),
}
# The short name of a meeting kind in column headings: '7th FMM 2019'.
# A meeting's title made from its kind and number: '7th Foreign Ministers' Meeting'.
NUMBERED = {
    "foreign-ministers": N_("%(ordinal)s Foreign Ministers' Meeting"),
    "special": N_("%(ordinal)s Special meeting"),
    "summit": N_("%(ordinal)s Leaders' Summit"),
}
# The short name of a meeting in column headings: '7th FMM 2019', with its number and without.
KIND_SHORT = {
    "foreign-ministers": N_("%(ordinal)s FMM %(year)s"),
    "special": N_("%(ordinal)s Special %(year)s"),
    "summit": N_("%(ordinal)s Summit %(year)s"),
}
KIND_SHORT_UNNUMBERED = {
    "foreign-ministers": N_("FMM %(year)s"),
    "special": N_("Special %(year)s"),
    "summit": N_("Summit %(year)s"),
}
# Status words of meetings and roles of countries, where the pages show them.
STATUS_LABELS = {"held": N_("held"), "postponed": N_("postponed"), "cancelled": N_("cancelled")}
COUNTRY_ROLE_LABELS = {"member": N_("member"), "partner": N_("partner"), "guest": N_("guest")}
CERTAINTY_LABELS = {"inferred": N_("inferred"), "unconfirmed": N_("unconfirmed")}
# The link to a record's own JSON file, by what the record is.
DATA_LINKS = {"meeting": N_("this meeting as JSON"), "person": N_("this person as JSON"), "plan": N_("this plan as JSON"),
              "document": N_("this document as JSON"), "format": N_("this format as JSON")}


_ABBREVIATIONS = {"approx", "e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "no", "nos", "st", "vs", "u.s", "u.n", "jr", "bn", "mn", "cf"}


def first_sentence(text: str) -> str:
    """The first sentence of a summary; English standing in for a translation stays marked as such."""
    first = _first_sentence(str(text))
    return Untranslated(first, text.mark) if isinstance(text, Untranslated) else first


# Kept for the process, across rebuilds: a pure function of strings, so no answer kept can go stale.
@functools.lru_cache(maxsize=8192)
def _first_sentence(text: str) -> str:
    """The first sentence of a summary, for one-line listings; abbreviations and brackets do not end it."""
    text = " ".join(text.split())
    depth = 0
    for i, char in enumerate(text):
        if char == "。" and depth == 0 and i + 1 < len(text):  # a Japanese sentence ends at its full stop
            return text[: i + 1]
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


def meeting_title(meeting: m.Meeting, tr: Locale = ENGLISH) -> str:
    """'7th Foreign Ministers' Meeting' (第7回外相会合), or the title given in the data."""
    if meeting.title:
        return meeting.title
    if meeting.ordinal is not None:
        return tr.gettext(NUMBERED[meeting.kind], ordinal=tr.ordinal(meeting.ordinal))
    return tr.gettext(KIND_LABELS[meeting.kind])


def meeting_full_title(meeting: m.Meeting, tr: Locale = ENGLISH) -> str:
    """'7th Foreign Ministers' Meeting, Dushanbe 2019'."""
    place = tr.gettext("online") if meeting.format == "video" else meeting.city
    return tr.gettext("%(title)s, %(place)s %(year)s", title=meeting_title(meeting, tr), place=place, year=meeting.date.year)


def short_meeting_label(meeting: m.Meeting, tr: Locale = ENGLISH) -> str:
    """'7th FMM 2019', 'Special 2020', '1st Summit 2025'."""
    if meeting.ordinal:
        return tr.gettext(KIND_SHORT[meeting.kind], ordinal=tr.ordinal(meeting.ordinal), year=meeting.date.year)
    return tr.gettext(KIND_SHORT_UNNUMBERED[meeting.kind], year=meeting.date.year)


# Sentences and words around the data on the timeline, the matrices and the venue map.
PLAN_ADOPTED = N_("Action Plan adopted")
AGREEMENT_SIGNED = N_("Investment agreement signed")
AGREEMENT_IN_FORCE = N_("Investment agreement in force")
AGREEMENT_SIGNED_SUMMARY = N_("Japan and %(country)s signed an investment agreement.")
AGREEMENT_SIGNED_IN_SUMMARY = N_("Japan and %(country)s signed an investment agreement in %(place)s.")
AGREEMENT_IN_FORCE_SUMMARY = N_("The investment agreement between Japan and %(country)s entered into force.")
ONLINE_CHAIRED_BY = N_("Online (chaired by %(country)s)")
NOT_PRESENT = N_("Not present")
ABSENT = N_("Absent")
NOT_KNOWN = N_("Not known")
ATTENDED = N_("Attended")
VENUE_MAP = N_("Venue map: %(place)s")

_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number_word(n: int, tr: Locale = ENGLISH) -> str:
    """A count as prose writes it: 2 -> 'two', 12 -> '12' (in Japanese and Russian, the digits)."""
    if tr.code != DEFAULT:
        return str(n)
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def and_list(words: list[str], tr: Locale = ENGLISH) -> str:
    """['a'] -> 'a'; ['a', 'b', 'c'] -> 'a, b and c' (a、bとc; a, b и c)."""
    words = [str(w) for w in words]
    if len(words) < 2:
        return words[0] if words else ""
    return tr.gettext(", ").join(words[:-1]) + tr.gettext(" and ") + words[-1]


def all_of(n: int, tr: Locale = ENGLISH) -> str:
    """'both' for two, else 'all five', 'all 12'; the number alone in Japanese and Russian, whose sentences say 'all'."""
    if tr.code != DEFAULT:
        return str(n)
    return "both" if n == 2 else f"all {number_word(n)}"
