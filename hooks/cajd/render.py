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
from typing import Callable

import jinja2
from markupsafe import Markup, escape

from . import export, formats_view
from . import kinds, labels
from . import model as m
from . import schema
from .dataset import Dataset
from .views import Views
from .languages import DEFAULT, LOCALE_DIR, Locale, N_, Untranslated

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
    """Escape text for a Markdown heading or paragraph: HTML first, then Markdown syntax. English standing in for a
    translation is marked `lang="en"` (in a heading, without the 'not yet translated' words, which would join the
    page's title)."""
    html = str(escape(str(text)))
    # Entities produced by escape() must keep their '&' and ';'; escape the rest.
    parts = re.split(r"(&(?:amp|lt|gt|quot|#39|#34);)", html)
    escaped = "".join(p if p.startswith("&") and p.endswith(";") else _MD_SPECIAL.sub(r"\\\1", p) for p in parts)
    return Markup(f'<span lang="en">{escaped}</span>' if isinstance(text, Untranslated) else escaped)


# Kept for the process, across rebuilds: a pure function of strings, so no answer kept can go stale.
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


# Kept for the process, across rebuilds: a pure function of strings, so no answer kept can go stale.
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
        self._titles = {} if titles is None else titles  # title -> escaped, shared by the pages of a build
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
        return Markup(f'<sup class="cajd-cite" data-search-exclude>{links}</sup>')

    def _title(self, source_id: str) -> str:
        # Read from the record on every page (cajd.pagedeps notes what each page reads); only the escaping is shared.
        title = self.ds.sources[source_id].title
        escaped = self._titles.get(title)
        if escaped is None:
            escaped = self._titles[title] = str(escape(title))
        return escaped

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


# When the caller gives no cache (tests, the command line). Kept for the process: compiled code is keyed by the
# template's name and its source's checksum, so a template that changed is compiled again, never served stale.
_COMPILED = MemoryBytecodeCache()


def template_stamp(lang: str) -> tuple:
    """Path, mtime and size of every template and of the language's catalog files: what environment() reads."""
    stamp = []
    for path in (*TEMPLATES.rglob("*"), *(LOCALE_DIR / lang).rglob("*")):
        info = path.stat()
        stamp.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(sorted(stamp))


def environment(locale: Locale | None = None, bytecode_cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """A fresh environment for each build, so it reads each template once (no stat per page, as
    auto_reload would make) and always the current file; compiled code is reused while the
    source is unchanged: from `bytecode_cache` (the hooks keep one on disk, for every process),
    else from memory, for the life of the process. Text is written in the locale's language (English by default)."""
    locale = locale or Locale(DEFAULT)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        auto_reload=False,
        bytecode_cache=bytecode_cache or _COMPILED,
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do", "jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True  # a {% trans %} block's line breaks and indentation are not part of its message
    env.install_gettext_translations(locale.translations, newstyle=True)
    env.tests["contains"] = lambda seq, value: value in seq
    # `plain`: data text for an attribute or SVG text, where English standing in for a translation cannot be marked.
    env.filters.update(md=md, ordinal=locale.ordinal, first_sentence=labels.first_sentence, date=locale.date, plain=str)
    env.globals.update(
        ROLE_LABELS=labels.ROLE_LABELS,
        KIND_LABELS=labels.KIND_LABELS,
        KIND_PLURALS=labels.KIND_PLURALS,
        EVENT_KIND_LABELS=labels.EVENT_KIND_LABELS,
        DOCUMENT_KIND_LABELS=labels.DOCUMENT_KIND_LABELS,
        TITLE_STATUS_LABELS=labels.TITLE_STATUS_LABELS,
        TEXT_FORM_LABELS=labels.TEXT_FORM_LABELS,
        LANGUAGE_NAMES=labels.LANGUAGE_NAMES,
        number_word=functools.partial(labels.number_word, tr=locale),  # in the page's language
        and_list=functools.partial(labels.and_list, tr=locale),
        all_of=functools.partial(labels.all_of, tr=locale),
        STATUS_LABELS=labels.STATUS_LABELS,
        CERTAINTY_LABELS=labels.CERTAINTY_LABELS,
        NUMBERED=labels.NUMBERED,
        COUNTRY_ROLE_LABELS=labels.COUNTRY_ROLE_LABELS,
        DATA_LINKS=labels.DATA_LINKS,
        page_lang=locale.code,
        DATASET_JSON=export.DATASET_JSON,
        LIST_SEPARATOR=export.LIST_SEPARATOR,
        **formats_view.TEMPLATE_GLOBALS,
    )
    return env


# ----------------------------------------------------------------------------
# Pages
# ----------------------------------------------------------------------------


class Renderer:
    """Renders each page kind from its template with a shared context."""

    def __init__(self, ds: Dataset, locale: Locale | None = None, bytecode_cache: jinja2.BytecodeCache | None = None,
                 env: jinja2.Environment | None = None):
        self.ds = ds
        self.locale = locale or Locale(DEFAULT)
        self.env = env or environment(self.locale, bytecode_cache)
        self.views = Views(ds)
        self.source_titles: dict[str, str] = {}

    def render(self, template: str, src_uri: str, *, title: str, description: str, edit_path: str | None, **context) -> Page:
        citations = Citations(self.ds, self.source_titles)
        url = linker(src_uri)

        def link(kind: str, record_id: str | None = None, anchor: str | None = None) -> str:
            return url(kinds.page_uri(kind, record_id, anchor))

        def data_url(path: str) -> str:
            return file_url(src_uri, path)

        def download(kind: str, record_id: str) -> str:
            return file_url(src_uri, export.record_uri(kind, record_id))

        def schema_url(name: str) -> str:
            return file_url(src_uri, export.schema_uri(name))

        markdown = self.env.get_template(template).render(
            ds=self.ds, v=self.views, url=url, link=link, data_url=data_url, download=download, schema_url=schema_url,
            refs=citations, page_title=title, **context,
        )
        return Page(src_uri, markdown, title, " ".join(description.split())[:300], edit_path)

    def origin_file(self, kind: str, record_id: str) -> str:
        return self.ds.origin(kind, record_id).file


# The pages that are not a record's or a kind's index: name in kinds.PAGES, template, title, description,
# and the keyword arguments of their template (a function of the build's Views).
# Titles and descriptions are the catalog's English messages (N_), translated in render_site.
HOME_DESCRIPTION = N_("A reference on the Central Asia plus Japan Dialogue since 2004: every meeting, participant, "
                      "agreement and theme, with sources.")


_FIXED_PAGES = [
    ("home", "home.md.j2", N_("Central Asia + Japan Dialogue"), HOME_DESCRIPTION, None, lambda v: {"figures": v.figures}),
    ("timeline", "timeline.md.j2", N_("Timeline"),
     N_("Every meeting, action plan and event of the Central Asia plus Japan Dialogue in date order."), None,
     lambda v: {"entries": v.timeline}),
]


def _about_pages(reference: list | None = None) -> list[tuple[str, str, str, str, str | None, Callable]]:
    return [
        ("contributing", "contributing.md.j2", N_("Contributing"),
         N_("How to add a meeting to the data of this site, every field of a meeting file, "
            "and the downloads of the whole dataset as JSON and CSV."), None,
         lambda v: {"downloads": export.listing(v.ds), "reference": field_reference() if reference is None else reference}),
    ]


def render_site(ds: Dataset, locale: Locale | None = None, spellings: dict | None = None,
                bytecode_cache: jinja2.BytecodeCache | None = None, reference: list | None = None,
                env: jinja2.Environment | None = None, keep=None) -> list[Page]:
    """Every generated page of the site, in the locale's language (English by default): the fixed pages, then each
    kind's index, then each record's page (compiled templates kept in `bytecode_cache` if given; `reference`:
    field_reference(), and `env`: environment(locale), if already made, e.g. by an earlier build whose templates
    were the same). `keep(src_uri, make)` gives each page: make() renders it, and all it reads of the dataset is
    read inside make() (cajd.pagedeps keeps a page whose reads did not change); by default every page is made."""
    r = Renderer(ds, locale, bytecode_cache, env)
    # Where a translated name is written so ((kind, id) -> translation.Spelling); none in English.
    r.env.globals["spelling_of"] = lambda kind, record_id: (spellings or {}).get((kind, record_id))
    tr = r.locale.gettext
    keep = keep or (lambda src_uri, make: make())

    def fixed(name, template, title, description, edit, context):
        return r.render(template, kinds.PAGES[name], title=tr(title), description=tr(description), edit_path=edit,
                        **context(r.views))

    def index(kind):
        about = kind.index_description
        description = about(r.views) if callable(about) else tr(about) if about else ""
        edit = f"data/{kind.file}" if kind.index_edit and kind.file else None
        return r.render(kind.index_template, kind.index, title=tr(kind.index_title) if kind.index_title else kind.name,
                        description=description, edit_path=edit)

    def record_page(kind, record):
        return r.render(kind.template, kind.page_of(record.id), title=kind.title(r.views, record),
                        description=kind.description(r.views, record),
                        edit_path=r.origin_file(kind.name, record.id), **{kind.var: record})

    pages = [keep(kinds.PAGES[page[0]], functools.partial(fixed, *page)) for page in _FIXED_PAGES]
    pages += [keep(kind.index, functools.partial(index, kind)) for kind in kinds.KINDS if kind.index_template]
    pages += [keep(kinds.PAGES[page[0]], functools.partial(fixed, *page)) for page in _about_pages(reference)]
    for kind in kinds.KINDS:
        if kind.template:
            pages += [keep(kind.page_of(record_id), functools.partial(record_page, kind, record))
                      for record_id, record in getattr(ds, kind.name).items()]
    return pages


def field_reference() -> list[tuple[str, list[schema.RecordDoc]]]:
    """The records an editor touches when adding a meeting, each with the records nested in it."""
    return [(f"data/{k.data_path}", schema.field_reference(k.model))
            for k in map(kinds.kind, ("meetings", "people", "sources", "places"))]
