"""Issue 13: YAML syntax errors in plain words, at the line where the problem starts.

Each file in tests/bad_inputs/yaml/ is a real bad data file whose comment at the top says what the build
must report: `# expect: RULE, line N: part of the message` (RULE is the name of the explanation in
cajd.yamlsyntax.RULES; files about problems found after parsing give no rule). Every rule has a file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from cajd import yamlsyntax
from cajd.yamlload import load_yaml

FILES = sorted((Path(__file__).parent / "bad_inputs" / "yaml").glob("*.yml"))
EXPECT = re.compile(r"^# expect: (?:(?P<rule>[\w-]+), )?line (?P<line>\d+): (?P<says>.+)$")
# PyYAML's own terms, which mean nothing to someone who edits the data files.
JARGON = ["scalar", "mapping", "block", "token", "stream", "flow", "indicator", "simple key", "node", "<", "(file)"]
LOADERS = [loader for loader in (getattr(yaml, "CSafeLoader", None), yaml.SafeLoader) if loader]


def expectation(path: Path) -> tuple[str | None, int, str]:
    match = next(filter(None, map(EXPECT.match, path.read_text(encoding="utf-8").splitlines())), None)
    assert match, f"{path.name}: a comment line must say `# expect: RULE, line N: message`"
    return match["rule"], int(match["line"]), match["says"]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_the_build_reports_the_line_where_the_problem_starts_in_plain_words(path: Path):
    _rule, line, says = expectation(path)
    data, _lines, problems = load_yaml(path, f"data/{path.name}")
    assert data is None and len(problems) == 1, problems
    shown = str(problems[0])
    assert shown.startswith(f"data/{path.name}:{line}: "), shown
    assert says in shown, shown
    assert not [word for word in JARGON if word in problems[0].message.lower()], shown


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
@pytest.mark.parametrize("path", [p for p in FILES if expectation(p)[0]], ids=lambda p: p.stem)
def test_pyyaml_and_libyaml_wordings_get_the_same_explanation(path: Path, loader: type):
    """LibYAML (used when installed) and pure-Python PyYAML word their errors differently."""
    rule, line, says = expectation(path)
    text = path.read_text(encoding="utf-8")
    reader = loader(text)
    with pytest.raises(yaml.MarkedYAMLError) as info:
        reader.get_single_node()
    reader.dispose()
    assert yamlsyntax.explain(info.value, text)[:2] == (rule, line)
    assert says.split(", for example")[0] in yamlsyntax.explain(info.value, text)[2]


def test_every_explanation_has_a_bad_file():
    covered = {expectation(p)[0] for p in FILES}
    assert {name for name, _words, _rule in yamlsyntax.RULES} | {"unknown"} <= covered


def test_a_quote_inside_unquoted_text_is_not_taken_for_an_unclosed_one():
    text = 'id: x\ntitle: The "Tokyo Declaration\nkind: summit\nnote: "a\n'
    with pytest.raises(yaml.MarkedYAMLError) as info:
        yaml.SafeLoader(text).get_single_node()
    assert yamlsyntax.explain(info.value, text)[:2] == ("unclosed-quote", 4)
