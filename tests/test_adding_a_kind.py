"""The Contributing page's "Adding a record kind" steps, followed in a copy of the project:
a toy kind gets its pages, its schema and its download with no other edit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURE_DATA, make_project, run_build

MODEL = '''

class Toy(Record):
    """One toy."""

    id: Slug = Field(description="Unique id.")
    name: Line = Field(description="Its name.")
    sources: list[Slug] = Field(min_length=1, description="Ids from data/sources.yml; at least one.")


class ToysFile(Record):
    """data/toys.yml."""

    toys: list[Toy] = Field(description="Every toy.")
'''

KIND = '''    Kind("toys", m.Toy, file="toys.yml", file_model=m.ToysFile, schema="toys", download="toys",
         page="toys/{id}.md", template="toy.md.j2", var="toy", title=lambda v, t: t.name,
         description=lambda v, t: f"The toy {t.name}.", index="toys/index.md", index_template="toys.md.j2",
         index_title="Toys", index_description="Every toy."),
'''

TOY_PAGE = """{% import "_macros.j2" as x with context %}
# {{ toy.name | md }}

<p>{{ toy.name }}{{ refs.cite(toy.sources) }}</p>

{{ x.references() }}
"""

TOYS_PAGE = """# Toys

<ul>
{% for t in ds.toys.values() %}
<li><a href="{{ link('toys', t.id) }}">{{ t.name }}</a></li>
{% endfor %}
</ul>
"""


def _follow_the_steps(project: Path, source_id: str) -> None:
    hooks = project / "hooks" / "cajd"
    # 1. The model of one record and of the whole file.
    with open(hooks / "model.py", "a", encoding="utf-8") as model:
        model.write(MODEL)
    # 2. The declaration in the registry.
    kinds = hooks / "kinds.py"
    text = kinds.read_text(encoding="utf-8")
    marker = "    # Add a kind above this line.\n"
    assert marker in text
    kinds.write_text(text.replace(marker, KIND + marker), encoding="utf-8")
    # 3. The templates.
    (hooks / "templates" / "toy.md.j2").write_text(TOY_PAGE, encoding="utf-8")
    (hooks / "templates" / "toys.md.j2").write_text(TOYS_PAGE, encoding="utf-8")
    # The data, starting with its schema line.
    (project / "data" / "toys.yml").write_text(
        "# yaml-language-server: $schema=schema/toys.json\n"
        f"toys:\n  - id: top\n    name: Spinning top\n    sources: [{source_id}]\n", encoding="utf-8")
    # 4. The schema.
    result = subprocess.run([sys.executable, "-m", "cajd", "schema"], cwd=project, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(project / "hooks")}, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_new_kind_gets_its_pages_schema_and_download_from_the_registry_alone(tmp_path: Path):
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    sources = (project / "data" / "sources.yml").read_text(encoding="utf-8")
    source_id = sources.split("- id: ", 1)[1].split()[0]
    _follow_the_steps(project, source_id)

    assert json.loads((project / "data" / "schema" / "toys.json").read_text())["title"] == "ToysFile"
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    page = (site / "toys" / "top" / "index.html").read_text(encoding="utf-8")
    assert "Spinning top" in page and "ref-1" in page
    assert 'href="top/"' in (site / "toys" / "index.html").read_text(encoding="utf-8")
    assert json.loads((site / "data" / "toys" / "top.json").read_text()) == {"id": "top", "name": "Spinning top", "sources": [source_id]}
    assert json.loads((site / "data" / "schema" / "toys.json").read_text())["title"] == "ToysFile"
    assert json.loads((site / "data" / "cajd.json").read_text())["toys"][0]["id"] == "top"
    sources_page = (site / "about" / "sources" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../toys/top/">Spinning top</a>' in sources_page
