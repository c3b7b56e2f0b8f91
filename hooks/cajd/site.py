"""What one build needs from the data: the pages and their metadata.

Called by the MkDocs hooks; usable without MkDocs (tests, benchmarks).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import escape

from . import feed
from . import history
from . import htmlblocks
from . import kinds
from . import labels
from . import pagemeta
from . import recordcache
from . import schema
from . import searchskip
from . import views
from . import languages, translation, yamlload
from .dataset import Dataset, load_dataset
from .errors import DataError
from .export import downloads
from .languages import CatalogError, Locale, N_
from .render import Page, environment, field_reference, render_site, template_stamp

if TYPE_CHECKING:
    from . import pagedeps

FEED_SUBTITLE = N_("New entries on the timeline of the dialogue")

__all__ = ["Build", "CatalogError", "DataError", "Reuse", "htmlblocks", "languages", "prepare", "without_data"]

class Reuse:
    """What a build may take over from an earlier build of the same code (under `mkdocs serve`, the last good
    rebuild): each data file's parse, keyed by its name and bytes, and its validated record; git's dates of the
    data files' commits, while git's HEAD has not moved; and what depends on the code alone (the JSON schemas, the
    contributing page's field reference); and, when `pages` (under `mkdocs serve`), each page, rendered again only
    if what it read of the records changed (cajd.pagedeps; noting the reads costs a full build some time). Each
    build has its own, which keeps only what it used."""

    def __init__(self, earlier: Reuse | None = None, *, pages: bool = False):
        self.tracks_pages = pages
        self._earlier_yaml = earlier._yaml if earlier else {}
        self._earlier_code = earlier._code if earlier else {}
        self._earlier_git = earlier._git if earlier else {}
        self._earlier_valid = earlier._valid if earlier else {}
        self._earlier_pages = earlier.rendered if earlier else None
        self._yaml: dict[tuple[str, bytes], tuple] = {}
        self._code: dict[str, Any] = {}
        self._git: dict[tuple, Any] = {}
        self._valid: dict[tuple[type, int], tuple[Any, Any]] = {}  # (model, id(parse)) -> (the parse, its record)
        self.rendered: pagedeps.Rendered | None = None

    def load_yaml(self, path: Path, display: str) -> tuple:
        """yamlload.load_yaml, parsing only the files whose bytes are new."""
        raw, refused = yamlload.read_file(path)
        if refused:
            return yamlload.load_yaml(path, display)  # the same problem, said the same way
        key = (display, raw)
        found = self._earlier_yaml.get(key) or self._yaml.get(key)
        if found is None:
            found = yamlload.parse_yaml(raw, display)
        self._yaml[key] = found
        return found

    def validate(self, model: type, data: Any):
        """model.model_validate(data), taken over from the earlier build when `data` is the same parse (load_yaml gives
        the same object for the same bytes). Records are frozen, so a rebuild may share them."""
        key = (model, id(data))
        found = self._valid.get(key) or self._earlier_valid.get(key)
        if found is None or found[0] is not data:
            found = (data, model.model_validate(data))
        self._valid[key] = found
        return found[1]

    def git_dates(self, project_dir: Path, folder: str) -> dict[str, date] | None:
        """history.committed_dates (one `git log`), run again only when git's HEAD moved (history.head_stamp)."""
        stamp = history.head_stamp(project_dir)
        if stamp is None:
            return history.committed_dates(project_dir, folder)
        key = (str(project_dir), folder, stamp)
        return _kept(self._git, self._earlier_git, key, lambda: history.committed_dates(project_dir, folder))

    def code(self, name: Any, make):
        """make(), which depends on nothing but the code: once for the code."""
        return _kept(self._code, self._earlier_code, name, make)

    def pages(self, dataset: Dataset, inputs: tuple, **render) -> list[Page]:
        """render_site(dataset, **render), rendering only the pages whose reads of the records changed since the
        earlier build, if its `inputs` (all else the pages depend on: language, templates, spellings) were the same."""
        if not self.tracks_pages:
            return render_site(dataset, **render)
        from . import pagedeps  # under serve only: a one-off build does not import it

        pages, self.rendered = pagedeps.render(lambda keep: render_site(dataset, keep=keep, **render), dataset, inputs,
                                               self._earlier_pages)
        self._earlier_pages = None  # the earlier build's pages and dataset are not kept alive any longer
        return pages


def _kept(mine: dict, earlier: dict, key: Any, make):
    """mine[key]: taken over from the earlier build's `earlier` if it has the key, else make(); kept in `mine`."""
    if key not in mine:
        mine[key] = earlier[key] if key in earlier else make()
    return mine[key]


@dataclass(frozen=True)
class PageMeta:
    description: str  # HTML-escaped: Material writes page.meta.description into an attribute as it is
    edit_url: str | None
    changed: date | None = None  # when the YAML behind the page last changed (the newest of all, for index pages)
    citation: pagemeta.PageCitation | None = None  # record pages only


@dataclass
class Build:
    """The validated dataset and the pages rendered from it, for one build."""

    dataset: Dataset
    pages: list[Page]
    edit_base: str | None
    in_nav: set[str] = field(default_factory=set)  # the pages listed in mkdocs.yml's nav; the others are reached by links
    files: dict[str, str] = field(default_factory=dict)  # other generated files (the /data/ downloads): path -> content
    changed: dict[str, date] = field(default_factory=dict)  # data file -> last changed (cajd/history.py)
    site_url: str | None = None
    site_name: str = ""
    locale: Locale = field(default_factory=lambda: Locale(languages.DEFAULT))
    hand_written: dict[str, translation.PageText] = field(default_factory=dict)  # docs/ page -> its text in this language
    reuse: Reuse = field(default_factory=Reuse)  # what the next build of the same code may take over

    def __post_init__(self) -> None:
        newest = max(self.changed.values(), default=None)
        record_pages = {k.page_of(record_id) for k in kinds.KINDS if k.template for record_id in getattr(self.dataset, k.name)}
        self._meta = {}
        for p in self.pages:
            when = self.changed.get(p.edit_path, newest)
            citation = None
            if self.site_url and p.edit_path in self.changed and p.src_uri in record_pages:
                citation = pagemeta.citation(p.src_uri, p.title, self.site_url, self.site_name, when, self.locale.code,
                                             self._display, self.locale.gettext)
                self.files.update(pagemeta.citation_files(citation))
            edit_url = self.edit_base + p.edit_path if self.edit_base and p.edit_path else None
            self._meta[p.src_uri] = PageMeta(str(escape(p.description)), edit_url, when, citation)
        if self.site_url:
            self.files[feed.FEED_PATH] = pagemeta.atom(_feed_items(self.dataset, self.changed), self.site_url, self.site_name,
                                                      self.locale.gettext(FEED_SUBTITLE), self.locale.code)

    def _display(self, day: date) -> str:
        """A day as the build's language writes it: 28 November 2026, 2026年11月28日, 28 ноября 2026 г."""
        return self.locale.date(day.isoformat())

    def meta_for(self, src_uri: str) -> PageMeta | None:
        return self._meta.get(src_uri)


def prepare(project_dir: Path, extra: dict[str, Any] | None = None, nav: list | None = None,
            bytecode_cache: jinja2.BytecodeCache | None = None, *, site_url: str | None = None,
            site_name: str = "", lang: str = languages.DEFAULT, reuse: Reuse | None = None,
            record_cache: Path | None = None) -> Build:
    """Load data/ from the project folder and render every page in one language. Raises DataError (the data or
    its translations) or CatalogError (the interface text).

    `nav` is the `nav:` of the MkDocs configuration (read from project_dir/mkdocs.yml when not given);
    compiled templates are kept in `bytecode_cache` if given. With the site's address, record pages
    also get citations, and the site an Atom feed. `reuse`: what this build may take over from an earlier one
    (Reuse(earlier build's reuse)); kept in the Build for the next. `record_cache`: a folder where a one-off build
    keeps each data file's validated record for the next process (cajd.recordcache); not with a Reuse of an earlier
    build, which keeps them in memory."""
    locale = languages.locale_for(lang)
    # The address and name of this language's site, as its pages show them (the citations and the feed use them).
    site_url, site_name = languages.site_url_of(site_url, lang), locale.translations.gettext(site_name) if site_name else site_name
    reuse = reuse or Reuse()
    if record_cache is not None:  # a one-off build: the records of unchanged files, kept by the last process
        disk = recordcache.RecordCache(record_cache)
        read, validate = disk.read, disk.validate
    else:  # the earlier rebuild's, in memory (mkdocs serve), if any
        read, validate = reuse.load_yaml, reuse.validate
    dataset = load_dataset(project_dir / "data", read=read, validate=validate)
    edit_base = (extra or {}).get("edit_base")
    in_nav = nav_pages(read_nav(project_dir / "mkdocs.yml") if nav is None else nav)
    common = dict(in_nav=in_nav, changed=history.last_changed(project_dir, git_dates=reuse.git_dates), site_url=site_url, site_name=site_name,
                  locale=locale, reuse=reuse)
    # The JSON schemas as committed in data/schema/ (checked against the models by the tests), or else made from the models.
    schemas = schema.committed_schema_files(project_dir / "data") or reuse.code("schemas", schema.schema_files)
    reference = reuse.code("field_reference", field_reference)
    # The templates compiled and loaded: the same environment while no template or catalog file changes.
    env = reuse.code(("templates", template_stamp(lang)), lambda: environment(locale, bytecode_cache))
    if lang == languages.DEFAULT:
        return Build(dataset, reuse.pages(dataset, (lang, env, reference), reference=reference, env=env), edit_base,
                     files=downloads(dataset, schemas), **common)
    translated = translation.translate(dataset, project_dir / "data", lang, locale)
    pages = [_edit_translation(p, translated.files)
             for p in reuse.pages(translated.dataset, (lang, env, reference, translated.spellings), locale=locale,
                                  spellings=translated.spellings, reference=reference, env=env)]
    return Build(translated.dataset, pages, edit_base, files=downloads(translated.dataset, schemas),
                 hand_written=translation.hand_written_pages(project_dir, lang), **common)


def without_data(lang: str = languages.DEFAULT) -> Build:
    """A build with no page from data/: what `mkdocs serve` shows when it starts on data with problems (the
    hand-written pages, with the problems over them) until an edit fixes them. In English if the language's
    catalog has problems too."""
    try:
        locale = languages.locale_for(lang)
    except CatalogError:
        locale = languages.locale_for(languages.DEFAULT)
    return Build(Dataset({k.name: {} for k in kinds.KINDS}), [], None, locale=locale)


def _edit_translation(page: Page, files: dict[str, str]) -> Page:
    """A translated page's edit link leads to its translation file, where there is one."""
    rel = (page.edit_path or "").removeprefix("data/")
    return dataclasses.replace(page, edit_path=files[rel]) if rel in files else page


def nav_pages(nav: Any) -> set[str]:
    """Every page path in a MkDocs `nav:` (nested sections and titled entries included; links to other sites left out)."""
    if isinstance(nav, str):
        return set() if "://" in nav else {nav}
    if isinstance(nav, dict):
        return set().union(*(nav_pages(value) for value in nav.values()))
    if isinstance(nav, list):
        return set().union(*(nav_pages(entry) for entry in nav))
    return set()


def read_nav(config_file: Path) -> list:
    """The `nav:` of a MkDocs configuration file; [] when it has none."""
    if not config_file.is_file():
        return []
    return languages.read_config(config_file.read_text(encoding="utf-8")).get("nav") or []


def _feed_items(ds: Dataset, changed: dict[str, date]) -> list[pagemeta.FeedItem]:
    """The timeline's entries, each with the date of the YAML it came from."""
    items = []
    for e in views.Views(ds).timeline:
        kind, _, record_id = e.anchor.partition("-")
        origin = {"meeting": ("meetings", record_id), "plan": ("plans", record_id), "event": ("events", record_id),
                  "agreement": ("countries", record_id.split("-")[0])}[kind]
        when = changed.get(ds.origin(*origin).file) or max(changed.values(), default=pagemeta.first_day(e.date))
        tr = ds.locale
        if kind != "meeting":
            title = tr.gettext("%(label)s: %(title)s", label=e.label, title=e.title)
        elif e.status != "held":
            title = tr.gettext("%(kind)s (%(status)s)", kind=e.title, status=tr.gettext(labels.STATUS_LABELS[e.status]))
        else:
            title = e.title
        items.append(pagemeta.FeedItem(e.anchor, title, e.summary,
                                       pagemeta.first_day(e.date), when, e.url or None,
                                       tuple(ds.countries[c].name for c in e.countries)))
    return items
