"""What one build needs from the data: the pages and their metadata.

Called by the MkDocs hooks; usable without MkDocs (tests, benchmarks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import escape

from . import htmlblocks
from .dataset import Dataset, load_dataset
from .errors import DataError
from .export import downloads
from .render import Page, render_site

__all__ = ["Build", "DataError", "htmlblocks", "prepare"]

# Pages that appear in the navigation; all other generated pages are reached from index pages.
IN_NAV = {
    "index.md",
    "timeline.md",
    "meetings/index.md",
    "countries/index.md",
    "people/index.md",
    "themes/index.md",
    "action-plans/index.md",
    "about/sources.md",
    "about/contributing.md",
}


@dataclass(frozen=True)
class PageMeta:
    description: str  # HTML-escaped: Material writes page.meta.description into an attribute as it is
    edit_url: str | None


@dataclass
class Build:
    """The validated dataset and the pages rendered from it, for one build."""

    dataset: Dataset
    pages: list[Page]
    edit_base: str | None
    in_nav: set[str] = field(default_factory=lambda: set(IN_NAV))
    files: dict[str, str] = field(default_factory=dict)  # other generated files (the /data/ downloads): path -> content

    def __post_init__(self) -> None:
        self._meta = {
            p.src_uri: PageMeta(str(escape(p.description)), self.edit_base + p.edit_path if self.edit_base and p.edit_path else None)
            for p in self.pages
        }

    def meta_for(self, src_uri: str) -> PageMeta | None:
        return self._meta.get(src_uri)


def prepare(project_dir: Path, extra: dict[str, Any] | None = None) -> Build:
    """Load data/ from the project folder and render every page. Raises DataError."""
    dataset = load_dataset(project_dir / "data")
    edit_base = (extra or {}).get("edit_base")
    return Build(dataset, render_site(dataset), edit_base, files=downloads(dataset))
