"""hooks/cajd_serving.py without a server: the one-line problems of a broken hooks/cajd, and the overlay's files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jinja2
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
import cajd_serving  # noqa: E402


def test_a_syntax_error_is_its_file_and_line(tmp_path: Path):
    code = tmp_path / "hooks/cajd/views.py"
    code.parent.mkdir(parents=True)
    code.write_text("x = 1\ndef broken(:\n", encoding="utf-8")
    with pytest.raises(SyntaxError) as caught:
        compile(code.read_text(encoding="utf-8"), str(code), "exec")
    assert cajd_serving.problem_line(caught.value, tmp_path).startswith("hooks/cajd/views.py:2: SyntaxError: ")


def test_the_project_may_be_a_relative_path(tmp_path: Path, monkeypatch):
    """`mkdocs build -f ./mkdocs.ja.yml` gives the hooks the project as '.': the line is the same, with no traceback."""
    code = tmp_path / "hooks/cajd/views.py"
    code.parent.mkdir(parents=True)
    code.write_text("x = 1\ndef broken(:\n", encoding="utf-8")
    with pytest.raises(SyntaxError) as caught:
        compile(code.read_text(encoding="utf-8"), str(code), "exec")
    monkeypatch.chdir(tmp_path)
    assert cajd_serving.problem_line(caught.value, Path("./mkdocs.ja.yml").parent).startswith("hooks/cajd/views.py:2: ")


@pytest.mark.parametrize("source, line, error", [
    ("# T\n\n{% if x %}\nno end\n", 3, "TemplateSyntaxError"),   # the line Jinja names: the unclosed block
    ("# T\n\n{{ missing.attribute }}\n", 3, "UndefinedError"),     # a template fails as it renders
])
def test_a_template_error_is_the_template_and_its_line(tmp_path: Path, source: str, line: int, error: str):
    folder = tmp_path / "hooks/cajd/templates"
    folder.mkdir(parents=True)
    (folder / "page.md.j2").write_text(source, encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), undefined=jinja2.StrictUndefined)
    with pytest.raises(jinja2.TemplateError) as caught:
        env.get_template("page.md.j2").render()
    shown = cajd_serving.problem_line(caught.value, tmp_path)
    assert shown.startswith(f"hooks/cajd/templates/page.md.j2:{line}: {error}: "), shown
    assert "\n" not in shown


def test_an_error_outside_the_project_keeps_its_message():
    try:
        json.loads("{")
    except ValueError as exc:
        assert cajd_serving.problem_line(exc, Path("/nonexistent/project")).startswith("JSONDecodeError: ")


def test_the_overlay_lists_the_problems_as_data():
    files = cajd_serving.overlay_files(["data/x.yml:3: name: <b>not markup</b>"])
    assert json.loads(files[cajd_serving.PROBLEMS_FILE]) == {"problems": ["data/x.yml:3: name: <b>not markup</b>"],
                                                             "last_good": True}
    script = files[cajd_serving.OVERLAY_SCRIPT]
    assert "textContent" in script and "innerHTML" not in script
    assert json.loads(cajd_serving.overlay_files([])[cajd_serving.PROBLEMS_FILE]) == {"problems": [], "last_good": True}
    started_broken = cajd_serving.overlay_files(["data/x.yml:3: y: z"], last_good=False)[cajd_serving.PROBLEMS_FILE]
    assert json.loads(started_broken) == {"problems": ["data/x.yml:3: y: z"], "last_good": False}
