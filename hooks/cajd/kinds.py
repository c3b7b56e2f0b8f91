"""The record kinds of the site, each declared once: where its records come from and where they go.

A kind is a set of records of one model, by id. It is read from a list in one data file
(`file` and `key`), from a folder with one record a file (`folder`), or derived from the
records of another kind (`parent` and `derive`). Everything else reads this registry:
loading and validation (dataset.py), the JSON Schemas (schema.py), the downloads
(export.py), page generation (render.py) and every link (`link`, the one function that
turns a kind and an id into a page address).

Adding a kind, e.g. `formats` read from data/formats.yml:
1. In model.py, write the model of one record (a `Record` with an `id`) and, for a list
   file, the model of the whole file (`class FormatsFile(Record): formats: list[Format]`).
2. Below, add `Kind("formats", m.Format, file="formats.yml", file_model=m.FormatsFile,
   schema="formats", page="formats/{id}.md", template="format.md.j2", var="format",
   title=..., description=..., index="formats/index.md", index_template="formats.md.j2",
   index_title=N_("Formats"), index_description=...)` to KINDS. Leave out what the kind does
   not have: no `page` for records shown on another page (their `page` may then be an
   anchor there, like events), no `download` for no JSON file per record.
3. Write the templates in templates/: the record is in the variable named by `var`.
4. Run `make schema` (python -m cajd schema) to write data/schema/<schema>.json.
5. For the index page to appear in the site's navigation, list it in mkdocs.yml's `nav:`
   (that is the only home of the navigation; every other generated page is reached by links).
Nothing else needs an edit: the loader, the checks of sources and ids, the schema, the
downloads, the pages and the links all follow the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from . import formats as fm
from . import labels
from . import model as m
from .languages import N_

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Kind:
    """One kind of record and everything the site does with it."""

    name: str  # the attribute of the Dataset, e.g. "meetings"; also the name in link(kind, id)
    model: type[BaseModel]  # one record; it has an `id`
    # Where the records come from: exactly one of file, folder, parent.
    file: str | None = None  # a file in data/ holding a list, e.g. "people.yml" ...
    key: str | None = None  # ... under this key (default: the kind's name)
    folder: str | None = None  # a folder in data/ with one record a file, named <id>.yml
    parent: str | None = None  # derived from the records of this kind ...
    derive: Callable[[Any], Iterable[tuple[Loc, BaseModel]]] | None = None  # ... each yielding (where in the parent, record)
    file_model: type[BaseModel] | None = None  # the model of a whole list file (a folder's file is one record)
    dated: bool = False  # records have a `date`: folders load and downloads list them by date, else by id
    schema: str | None = None  # data/schema/<schema>.json, the JSON Schema of its files
    json_key: str | None = None  # the key of its records in data/cajd.json (default: the name)
    download: str | None = None  # each record as data/<download>/<id>.json, linked from its page
    # Its pages: one per record, and an index page.
    page: str | None = None  # the address of a record, e.g. "meetings/{id}.md" or "timeline.md#event-{id}"
    template: str | None = None  # the template of a record's own page; None: no page of its own
    var: str | None = None  # the name of the record in that template
    # (views, record) -> the page's title, also the name of the record on the Sources page; views.Views
    # gives the dataset (`v.ds`) and its lookups.
    title: Callable[[Any, Any], str] | None = None
    description: Callable[[Any, Any], str] | None = None  # (views, record) -> its meta description
    index: str | None = None  # the index page, e.g. "meetings/index.md"
    index_template: str | None = None
    index_title: str | None = None
    index_description: Callable[[Any], str] | str | None = None  # text, or (views) -> text
    index_edit: bool = False  # the index page's edit link opens the kind's data file

    @property
    def list_key(self) -> str:
        return self.key or self.name

    @property
    def data_key(self) -> str:
        return self.json_key or self.name

    @property
    def data_path(self) -> str | None:
        """Where an editor writes its records, relative to data/: 'people.yml' or 'meetings/<id>.yml'."""
        if self.file:
            return self.file
        return f"{self.folder}/<id>.yml" if self.folder else None

    def page_of(self, record_id: str) -> str:
        """The src_uri (with an anchor where it is a part of a page) of a record."""
        if self.page is None:
            raise KeyError(f"records of {self.name!r} have no page")
        return self.page.format(id=record_id)


# Titles and descriptions are written in the dataset's language (v.ds.locale); the texts below are the
# catalog's English messages (N_), translated where they are used.


def _meeting_title(v: Any, mt: m.Meeting) -> str:
    return labels.meeting_full_title(mt, v.ds.locale)


def _person_description(v: Any, person: m.Person) -> str:
    tr = v.ds.locale
    attended = v.attendance_of_person(person.id)
    country = v.ds.countries[person.country].name
    where = ", ".join(labels.meeting_full_title(a.meeting, tr) for a in attended[:3])
    if where:
        return tr.gettext("%(name)s (%(country)s) in the Central Asia plus Japan Dialogue: %(meetings)s.",
                          name=person.name, country=country, meetings=where)
    return tr.gettext("%(name)s (%(country)s) in the Central Asia plus Japan Dialogue.", name=person.name, country=country)


def _plans_description(v: Any) -> str:
    tr = v.ds.locale
    plans = ", ".join(tr.gettext("%(title)s (%(year)s)", title=p.title, year=p.date.year) for p in v.ds.plans.values())
    return tr.gettext("The Action Plans of the Central Asia plus Japan Dialogue: %(plans)s.", plans=plans)


def _document_title(v: Any, doc: m.OutcomeDocument) -> str:
    tr = v.ds.locale
    return tr.gettext("%(title)s (%(meeting)s)", title=doc.document.title,
                      meeting=labels.meeting_full_title(v.ds.meetings[doc.meeting], tr))


def _document_description(v: Any, doc: m.OutcomeDocument) -> str:
    tr = v.ds.locale
    values = dict(title=doc.document.title, kind=tr.gettext(labels.DOCUMENT_KIND_LABELS[doc.document.kind]).lower(),
                  meeting=labels.meeting_full_title(v.ds.meetings[doc.meeting], tr))
    if doc.document.texts:
        return tr.gettext("%(title)s: the %(kind)s of the %(meeting)s; with links to its texts.", **values)
    return tr.gettext("%(title)s: the %(kind)s of the %(meeting)s; no text of it was found.", **values)


# In the order of the site: index pages, record pages and the keys of data/cajd.json follow it.
KINDS: tuple[Kind, ...] = (
    Kind(
        "meetings", m.Meeting, folder="meetings", dated=True, schema="meeting", download="meetings",
        page="meetings/{id}.md", template="meeting.md.j2", var="meeting",
        title=_meeting_title, description=lambda v, mt: mt.summary,
        index="meetings/index.md", index_template="meetings.md.j2", index_title=N_("Meetings"),
        index_description=N_("All foreign ministers' meetings and leaders' summits of the Central Asia plus Japan Dialogue."),
    ),
    Kind(
        "documents", m.OutcomeDocument, parent="meetings", derive=m.outcome_documents, dated=True,
        download="documents", page="documents/{id}.md", template="document.md.j2", var="document",
        title=_document_title, description=_document_description,
        index="documents/index.md", index_template="documents.md.j2", index_title=N_("Outcome documents"),
        index_description=N_("Every outcome document of the Central Asia plus Japan Dialogue: joint statements, action "
                             "plans, roadmaps and declarations, with their official texts in English, Japanese and "
                             "Russian where found."),
    ),
    Kind(
        "countries", m.Country, file="countries.yml", file_model=m.CountriesFile, schema="countries",
        page="countries/{id}.md", template="country.md.j2", var="country",
        title=lambda v, c: c.name,
        description=lambda v, c: v.ds.locale.gettext("%(name)s in the Central Asia plus Japan Dialogue. %(summary)s",
                                                    name=c.name, summary=c.summary),
        index="countries/index.md", index_template="countries.md.j2", index_title=N_("Countries"),
        index_description=N_("The countries of the Central Asia plus Japan Dialogue and their part in it."),
    ),
    Kind(
        "people", m.Person, file="people.yml", file_model=m.PeopleFile, schema="people", download="people",
        page="people/{id}.md", template="person.md.j2", var="person",
        title=lambda v, p: p.name, description=_person_description,
        index="people/index.md", index_template="people.md.j2", index_title=N_("People"),
        index_description=N_("Ministers, leaders and officials who took part in the Central Asia plus Japan Dialogue."),
    ),
    Kind(
        "themes", m.Theme, file="themes.yml", file_model=m.ThemesFile, schema="themes",
        page="themes/{id}.md", template="theme.md.j2", var="theme",
        title=lambda v, t: t.title, description=lambda v, t: t.description,
        index="themes/index.md", index_template="themes.md.j2", index_title=N_("Themes"),
        index_description=N_("The agenda themes of the Central Asia plus Japan Dialogue and the meetings that discussed them."),
    ),
    Kind(
        "plans", m.ActionPlan, folder="action-plans", dated=True, schema="action-plan", json_key="action_plans",
        download="action-plans", page="action-plans/{id}.md", template="plan.md.j2", var="plan",
        title=lambda v, plan: plan.title, description=lambda v, plan: plan.summary,
        index="action-plans/index.md", index_template="plans.md.j2", index_title=N_("Action Plans"),
        index_description=_plans_description,
    ),
    Kind(
        "formats", fm.Format, folder="formats", schema="format", download="formats",
        page="formats/{id}.md", template="format.md.j2", var="format",
        title=lambda ds, f: f.names[0].name, description=lambda ds, f: f.summary,
        index="formats/index.md", index_template="formats.md.j2", index_title=N_("Central Asia + X"),
        index_description=N_("The dialogues between the five Central Asian states and one outside partner compared: "
                             "when each began, when it reached leaders' level, how often it meets and what it "
                             "produced, with sources."),
    ),
    Kind("sources", m.Source, file="sources.yml", file_model=m.SourcesFile, schema="sources",
         index="about/sources.md", index_template="sources.md.j2", index_title=N_("Sources"), index_edit=True,
         index_description=N_("Every source this site relies on, and the pages that rely on it.")),
    Kind("eras", m.Era, file="eras.yml", file_model=m.ErasFile, schema="eras"),
    Kind("places", m.Place, file="places.yml", file_model=m.PlacesFile, schema="places", page="meetings/index.md#venue-{id}",
         title=lambda v, p: v.ds.locale.gettext(labels.VENUE_MAP, place=p.name)),
    Kind("events", m.Event, file="events.yml", file_model=m.EventsFile, schema="events", dated=True,
         page="timeline.md#event-{id}", title=lambda v, e: e.title),
    # Add a kind above this line.
)

BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
BY_MODEL: dict[type, Kind] = {kind.model: kind for kind in KINDS}

# Pages that are not the page of a record or the index of a kind: name -> src_uri.
# Hand-written pages in docs/ are named here too, so that templates link to them by name.
PAGES: dict[str, str] = {
    "home": "index.md",
    "timeline": "timeline.md",
    "about": "about/index.md",
    "contributing": "about/contributing.md",
}


def kind(name: str) -> Kind:
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"no record kind {name!r}, expected one of: {', '.join(BY_NAME)}") from None


def page_uri(name: str, record_id: str | None = None, anchor: str | None = None) -> str:
    """The src_uri of a page: a record's (kind and id), a kind's index (kind alone), or a named page.

    ('meetings', 'x') -> 'meetings/x.md'; ('meetings',) -> 'meetings/index.md';
    ('timeline',) -> 'timeline.md'; ('plans', 'p', 'item-a') -> 'action-plans/p.md#item-a'.
    """
    if record_id is not None:
        uri = kind(name).page_of(record_id)
    elif name in PAGES:
        uri = PAGES[name]
    else:
        uri = kind(name).index
        if uri is None:
            raise KeyError(f"kind {name!r} has no index page")
    return f"{uri}#{anchor}" if anchor else uri


def schema_kinds() -> dict[str, Kind]:
    """Schema name -> kind, for the kinds that are written in data/."""
    return {k.schema: k for k in KINDS if k.schema}
