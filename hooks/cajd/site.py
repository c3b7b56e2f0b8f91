"""What one build needs from the data: the pages and their metadata.

Called by the MkDocs hooks; usable without MkDocs (tests, benchmarks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import escape

from . import htmlblocks
from .dataset import Dataset, load_dataset
from .errors import DataError
from .export import downloads
from .render import Page, render_site

__all__ = ["Build", "DataError", "htmlblocks", "prepare"]

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
    in_nav: set[str] = field(default_factory=set)  # the pages listed in mkdocs.yml's nav; the others are reached by links
    files: dict[str, str] = field(default_factory=dict)  # other generated files (the /data/ downloads): path -> content

    def __post_init__(self) -> None:
        self._meta = {
            p.src_uri: PageMeta(str(escape(p.description)), self.edit_base + p.edit_path if self.edit_base and p.edit_path else None)
            for p in self.pages
        }

    def meta_for(self, src_uri: str) -> PageMeta | None:
        return self._meta.get(src_uri)


def prepare(project_dir: Path, extra: dict[str, Any] | None = None, nav: list | None = None,
            bytecode_cache: jinja2.BytecodeCache | None = None) -> Build:
    """Load data/ from the project folder and render every page. Raises DataError.

    `nav` is the `nav:` of the MkDocs configuration (read from project_dir/mkdocs.yml when not given);
    compiled templates are kept in `bytecode_cache` if given."""
    dataset = load_dataset(project_dir / "data")
    edit_base = (extra or {}).get("edit_base")
    in_nav = nav_pages(read_nav(project_dir / "mkdocs.yml") if nav is None else nav)
    return Build(dataset, render_site(dataset, bytecode_cache), edit_base, in_nav=in_nav, files=downloads(dataset))


def nav_pages(nav: Any) -> set[str]:
    """Every page path in a MkDocs `nav:` (nested sections and titled entries included; links to other sites left out)."""
    if isinstance(nav, str):
        return set() if "://" in nav else {nav}
    if isinstance(nav, dict):
        return set().union(*(nav_pages(value) for value in nav.values()))
    if isinstance(nav, list):
        return set().union(*(nav_pages(entry) for entry in nav))
    return set()


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: a tagged value such as `!ENV [...]` is read as null."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def read_nav(config_file: Path) -> list:
    """The `nav:` of a MkDocs configuration file; [] when it has none."""
    if not config_file.is_file():
        return []
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506 (a SafeLoader)
    return (config or {}).get("nav") or []
