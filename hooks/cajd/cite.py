"""How to cite a record page: a suggested citation, BibTeX, RIS and CSL-JSON, and Highwire meta tags.

Built from a `Citable`: the page's title, its address, the site's name and the day its data last
changed. No author is invented: the site is cited as the publisher, as reference works are.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from .languages import N_


@dataclass(frozen=True)
class Citable:
    key: str  # unique and stable, e.g. "cajd-meetings-07-dushanbe-2019"
    title: str
    url: str  # absolute
    site: str
    changed: date
    language: str = "en"


# What each download is: file suffix, media type and the name reference managers know it by.
FORMATS = (("bib", "application/x-bibtex", "BibTeX"), ("ris", "application/x-research-info-systems", "RIS"),
           ("json", "application/vnd.citationstyles.csl+json", "CSL-JSON"))

_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
_BIBTEX_REPLACE = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _bibtex_text(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_REPLACE.get(m.group(1), "\\" + m.group(1)), text)


# The suggested citation shown on the page, in the page's language (the catalogs translate it); the title and the
# site's name are the page's own.
SUGGESTED = N_("“%(title)s.” %(site)s. Last changed %(date)s. %(url)s")


def suggested(c: Citable, display_date: str, gettext=None) -> str:
    """'“7th Foreign Ministers' Meeting, Dushanbe 2019.” Central Asia + Japan Dialogue. Last changed 28 November 2026.
    https://…'; `gettext(message, **values)` writes it in another language."""
    values = dict(title=c.title, site=c.site, date=display_date, url=c.url)
    return gettext(SUGGESTED, **values) if gettext else SUGGESTED % values


def bibtex(c: Citable) -> str:
    """A @misc entry; the title is braced twice so that BibTeX styles keep its capitals."""
    fields = [
        ("title", "{" + _bibtex_text(c.title) + "}"),
        ("organization", _bibtex_text(c.site)),
        ("howpublished", r"\url{" + c.url + "}"),
        ("url", c.url),
        ("year", str(c.changed.year)),
        ("month", _MONTHS[c.changed.month - 1]),
        ("note", f"Last changed {c.changed.isoformat()}"),
        ("language", c.language),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" if name != "month" else f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{c.key},\n{body}\n}}\n"


def ris(c: Citable) -> str:
    """An ELEC (web page) record; RIS wants CRLF-free 'TAG  - value' lines and ends with ER."""
    lines = [
        ("TY", "ELEC"),
        ("TI", c.title),
        ("T2", c.site),
        ("PB", c.site),
        ("UR", c.url),
        ("PY", str(c.changed.year)),
        ("DA", c.changed.strftime("%Y/%m/%d/")),
        ("LA", c.language),
        ("ID", c.key),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {' '.join(value.split())}".rstrip() + "\n" for tag, value in lines)


def csl_json(c: Citable) -> str:
    item = {
        "id": c.key,
        "type": "webpage",
        "title": c.title,
        "container-title": c.site,
        "publisher": c.site,
        "URL": c.url,
        "issued": {"date-parts": [[c.changed.year, c.changed.month, c.changed.day]]},
        "language": c.language,
    }
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def downloads(c: Citable) -> dict[str, str]:
    """suffix -> file content, in the order of FORMATS."""
    return {"bib": bibtex(c), "ris": ris(c), "json": csl_json(c)}


def meta_tags(c: Citable) -> list[tuple[str, str]]:
    """Highwire Press tags, as Zotero and Google Scholar read them: (name, content) pairs."""
    return [
        ("citation_title", c.title),
        ("citation_publisher", c.site),
        ("citation_date", c.changed.strftime("%Y/%m/%d")),
        ("citation_online_date", c.changed.strftime("%Y/%m/%d")),
        ("citation_public_url", c.url),
        ("citation_language", c.language),
    ]
