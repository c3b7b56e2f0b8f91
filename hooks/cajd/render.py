"""Render the dataset into Markdown pages through Jinja templates.

`render_site(ds)` returns one `Page` per URL. Every string from the data is
escaped: HTML in the templates is escaped by Jinja's autoescape, and the few
Markdown headings use the `md` filter, which also escapes Markdown syntax.
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import export
from . import model as m
from . import schema
from . import structured
from . import views as v
from .dataset import Dataset

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Page:
    """A generated page: where it lives, its Markdown, and what the hooks need to know."""

    src_uri: str
    markdown: str
    title: str
    description: str
    edit_path: str | None  # the data file it came from, relative to the repository


# ----------------------------------------------------------------------------
# Helpers for templates
# ----------------------------------------------------------------------------

# The characters Python-Markdown lets a backslash escape ('<', '>' and '&' become entities first).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def md(text: object) -> Markup:
    """Escape text for a Markdown heading or paragraph: HTML first, then Markdown syntax."""
    html = str(escape(str(text)))
    # Entities produced by escape() must keep their '&' and ';'; escape the rest.
    parts = re.split(r"(&(?:amp|lt|gt|quot|#39|#34);)", html)
    return Markup("".join(p if p.startswith("&") and p.endswith(";") else _MD_SPECIAL.sub(r"\\\1", p) for p in parts))


@functools.lru_cache(maxsize=1 << 16)
def page_url(src_uri: str) -> str:
    """The directory URL of a page: 'meetings/x.md' -> 'meetings/x/', 'index.md' -> ''."""
    path, _, anchor = src_uri.partition("#")
    path = path.removesuffix(".md")
    if path == "index" or path.endswith("/index"):
        path = path[: -len("index")]
    elif path:
        path += "/"
    return path + (f"#{anchor}" if anchor else "")


def relative_url(from_uri: str, to_uri: str) -> str:
    """A link from one page to another, relative, as MkDocs would write it."""
    here = page_url(from_uri).rstrip("/") or "."
    target = page_url(to_uri)
    path, _, anchor = target.partition("#")
    rel = _relpath(path.rstrip("/") or ".", here)
    rel = "./" if rel == "." else rel + "/"
    if anchor:
        return (rel if path != page_url(from_uri) else "") + f"#{anchor}"
    return rel


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for two relative paths, without its two os.getcwd() calls (a build makes ~10 links a page)."""
    parts, base = _folders(path), _folders(start)
    if parts is None or base is None:
        return posixpath.relpath(path, start)
    common = 0
    for a, b in zip(parts, base):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + list(parts[common:])) or "."


@functools.lru_cache(maxsize=1 << 16)
def _folders(path: str) -> tuple[str, ...] | None:
    """The folders of a relative URL path, or None where posixpath.relpath must decide (absolute, or with '..')."""
    if not path or path.startswith("/"):
        return None
    parts = tuple(p for p in posixpath.normpath(path).split("/") if p not in ("", "."))
    return None if ".." in parts else parts


def linker(from_uri: str):
    """relative_url(from_uri, ·), remembering each answer: one page links to the same pages many times."""
    memo: dict[str, str] = {}

    def url(to_uri: str) -> str:
        found = memo.get(to_uri)
        if found is None:
            found = memo[to_uri] = relative_url(from_uri, to_uri)
        return found

    return url


def file_url(from_uri: str, path: str) -> str:
    """A link from a page to a file that is not a page, e.g. 'data/meetings/x.json'."""
    return posixpath.relpath(path, page_url(from_uri).rstrip("/") or ".")


class Citations:
    """The numbered reference list of one page, in order of first citation."""

    def __init__(self, ds: Dataset, titles: dict[str, str] | None = None):
        self.ds = ds
        self._titles = {} if titles is None else titles  # source id -> escaped title, shared by the pages of a build
        self.order: list[str] = []
        self._numbers: dict[str, int] = {}  # a list lookup per citation was quadratic on long pages

    def number(self, source_id: str) -> int:
        number = self._numbers.get(source_id)
        if number is None:
            self.order.append(source_id)
            number = self._numbers[source_id] = len(self.order)
        return number

    def cite(self, ids: list[str]) -> Markup:
        """Superscript links like [1][3] to the list at the foot of the page."""
        if not ids:
            return Markup("")
        links = "".join(
            f'<a href="#ref-{self.number(i)}" title="{self._title(i)}">[{self.number(i)}]</a>'
            for i in dict.fromkeys(ids)
        )
        return Markup(f'<sup class="cajd-cite">{links}</sup>')

    def _title(self, source_id: str) -> str:
        title = self._titles.get(source_id)
        if title is None:
            title = self._titles[source_id] = str(escape(self.ds.sources[source_id].title))
        return title

    @property
    def sources(self) -> list[m.Source]:
        return [self.ds.sources[i] for i in self.order]


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory; Jinja compiles a template again when its source's checksum differs."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = MemoryBytecodeCache()


def _environment() -> jinja2.Environment:
    """A fresh environment for each build, so it reads each template once (no stat per page, as
    auto_reload would make) and always the current file; compiled code is reused while the
    source is unchanged, e.g. from one rebuild to the next under `mkdocs serve`."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        auto_reload=False,
        bytecode_cache=_COMPILED,
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )
    env.tests["contains"] = lambda seq, value: value in seq
    env.filters.update(md=md, ordinal=v.ordinal, first_sentence=v.first_sentence)
    env.globals.update(
        v=v,
        ROLE_LABELS=m.ROLE_LABELS,
        KIND_LABELS=v.KIND_LABELS,
        KIND_PLURALS=v.KIND_PLURALS,
        EVENT_KIND_LABELS=v.EVENT_KIND_LABELS,
        DOCUMENT_KIND_LABELS=v.DOCUMENT_KIND_LABELS,
        export=export,
        ld=structured,
    )
    return env


# ----------------------------------------------------------------------------
# Pages
# ----------------------------------------------------------------------------


class Renderer:
    """Renders each page kind from its template with a shared context."""

    def __init__(self, ds: Dataset):
        self.ds = ds
        self.env = _environment()
        self.backrefs = v.Backrefs(ds)
        self.source_titles: dict[str, str] = {}

    def render(self, template: str, src_uri: str, *, title: str, description: str, edit_path: str | None, **context) -> Page:
        citations = Citations(self.ds, self.source_titles)
        url = linker(src_uri)

        def data_url(path: str) -> str:
            return file_url(src_uri, path)

        markdown = self.env.get_template(template).render(
            ds=self.ds, url=url, data_url=data_url, refs=citations, page_title=title, backrefs=self.backrefs, **context
        )
        return Page(src_uri, markdown, title, " ".join(description.split())[:300], edit_path)

    def origin_file(self, kind: str, record_id: str) -> str:
        return self.ds.origin(kind, record_id).file


def render_site(ds: Dataset) -> list[Page]:
    """Every generated page of the site."""
    r = Renderer(ds)
    pages = [
        r.render("home.md.j2", "index.md", title="Central Asia + Japan Dialogue",
                 description="A reference on the Central Asia plus Japan Dialogue since 2004: every meeting, participant, "
                 "agreement and theme, with sources.", edit_path=None, figures=v.Figures(ds)),
        r.render("timeline.md.j2", "timeline.md", title="Timeline",
                 description="Every meeting, action plan and event of the Central Asia plus Japan Dialogue in date order.",
                 edit_path=None, entries=v.timeline(ds)),
        r.render("meetings.md.j2", "meetings/index.md", title="Meetings",
                 description="All foreign ministers' meetings and leaders' summits of the Central Asia plus Japan Dialogue.",
                 edit_path=None),
        r.render("countries.md.j2", "countries/index.md", title="Countries",
                 description="The countries of the Central Asia plus Japan Dialogue and their part in it.", edit_path=None),
        r.render("people.md.j2", "people/index.md", title="People",
                 description="Ministers, leaders and officials who took part in the Central Asia plus Japan Dialogue.",
                 edit_path=None),
        r.render("themes.md.j2", "themes/index.md", title="Themes",
                 description="The agenda themes of the Central Asia plus Japan Dialogue and the meetings that discussed them.",
                 edit_path=None),
        r.render("plans.md.j2", "action-plans/index.md", title="Action Plans",
                 description="The Action Plans of the Central Asia plus Japan Dialogue: "
                 + ", ".join(f"{p.title} ({p.date.year})" for p in ds.plans.values()) + ".", edit_path=None),
        r.render("sources.md.j2", "about/sources.md", title="Sources",
                 description="Every source this site relies on, and the pages that rely on it.",
                 edit_path="data/sources.yml"),
        r.render("contributing.md.j2", "about/contributing.md", title="Contributing",
                 description="How to add a meeting to the data of this site, every field of a meeting file, "
                 "and the downloads of the whole dataset as JSON and CSV.",
                 edit_path=None, downloads=export.listing(ds), reference=_field_reference()),
    ]
    for mt in ds.meetings.values():
        pages.append(r.render("meeting.md.j2", f"meetings/{mt.id}.md", meeting=mt,
                              title=v.meeting_full_title(ds, mt), description=mt.summary,
                              edit_path=r.origin_file("meetings", mt.id)))
    for c in ds.countries.values():
        pages.append(r.render("country.md.j2", f"countries/{c.id}.md", country=c, title=c.name,
                              description=f"{c.name} in the Central Asia plus Japan Dialogue. {c.summary}",
                              edit_path=r.origin_file("countries", c.id)))
    for p in ds.people.values():
        pages.append(r.render("person.md.j2", f"people/{p.id}.md", person=p, title=p.name,
                              description=_person_description(ds, p), edit_path=r.origin_file("people", p.id)))
    for t in ds.themes.values():
        pages.append(r.render("theme.md.j2", f"themes/{t.id}.md", theme=t, title=t.title,
                              description=t.description, edit_path=r.origin_file("themes", t.id)))
    for plan in ds.plans.values():
        pages.append(r.render("plan.md.j2", f"action-plans/{plan.id}.md", plan=plan, title=plan.title,
                              description=plan.summary, edit_path=r.origin_file("plans", plan.id)))
    return pages


def _field_reference() -> list[tuple[str, list[schema.RecordDoc]]]:
    """The records an editor touches when adding a meeting, each with the records nested in it."""
    return [
        ("data/meetings/<id>.yml", schema.field_reference(m.Meeting)),
        ("data/people.yml", schema.field_reference(m.Person)),
        ("data/sources.yml", schema.field_reference(m.Source)),
        ("data/places.yml", schema.field_reference(m.Place)),
    ]


def _person_description(ds: Dataset, person: m.Person) -> str:
    attended = v.attendance_of_person(ds, person.id)
    country = ds.countries[person.country].name
    where = ", ".join(v.meeting_full_title(ds, a.meeting) for a in attended[:3])
    return f"{person.name} ({country}) in the Central Asia plus Japan Dialogue" + (f": {where}." if where else ".")
