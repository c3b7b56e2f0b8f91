"""Sources are found wherever a `sources` field appears, disputes included; event disputes are shown."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cajd import model as m
from cajd.cited import source_ids, source_lists
from cajd.dataset import load_dataset
from cajd.errors import DataError
from cajd.render import render_site
from cajd.views import Views

from conftest import FIXTURE_DATA

ONLY_IN_A_DISPUTE = """
  - id: only-in-a-dispute
    url: https://example.org/dispute
    title: A source cited only in an event's dispute
    publisher: Example
"""

DISPUTE = """    disputes:
      - topic: Where they met
        follows: On the margins of the meeting.
        reason: The ministry's account is the first-hand one.
        accounts:
          - claim: They met on the margins.
            sources: [diplomat-2019]
          - claim: They met the day before.
            sources: [{source}]
"""


def _data_with_an_event_dispute(tmp_path: Path, source: str = "only-in-a-dispute") -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    with open(data / "sources.yml", "a", encoding="utf-8") as f:
        f.write(ONLY_IN_A_DISPUTE)
    events = (data / "events.yml").read_text(encoding="utf-8")
    anchor = "    sources: [diplomat-2019]\n"
    assert anchor in events
    (data / "events.yml").write_text(events.replace(anchor, anchor + DISPUTE.format(source=source), 1), encoding="utf-8")
    return data


def test_the_walk_finds_sources_in_nested_records_and_disputes():
    claim = m.Claim(claim="c", sources=["b"])
    dispute = m.Dispute(topic="t", follows="f", reason="r", accounts=[claim, m.Claim(claim="d", sources=["c", "a"])])
    event = m.Event(id="e", date="2019", kind="other", title="t", summary="s", sources=["a"], disputes=[dispute])
    assert list(source_lists(event)) == [
        (("sources",), ["a"]),
        (("disputes", 0, "accounts", 0, "sources"), ["b"]),
        (("disputes", 0, "accounts", 1, "sources"), ["c", "a"]),
    ]
    assert source_ids(event) == ["a", "b", "c"]


def test_a_source_cited_only_in_an_event_dispute_is_cited_and_shown(tmp_path: Path):
    ds = load_dataset(_data_with_an_event_dispute(tmp_path))
    assert Views(ds).cited_by["only-in-a-dispute"] == [(ds.events["kono-rabbani-2019"].title, "timeline.md#event-kono-rabbani-2019")]
    pages = {p.src_uri: p.markdown for p in render_site(ds)}
    sources = pages["about/sources.md"]
    entry = sources.split('id="source-only-in-a-dispute"', 1)[1].split("</li>", 1)[0]
    assert "Not cited by any record" not in entry and "#event-kono-rabbani-2019" in entry
    timeline = pages["timeline.md"]
    event = timeline.split('id="event-kono-rabbani-2019"', 1)[1].split('class="cajd-tl__self"', 1)[0]
    assert "Sources disagree: Where they met" in event and "They met the day before." in event
    assert 'href="#ref-' in event and "## References" in timeline and "example.org/dispute" in timeline
    for page in ("countries/kz.md", "people/taro-kono.md", "meetings/07-dushanbe-2019.md"):  # lists of events
        if "kono-rabbani-2019" in pages[page]:
            assert "Sources disagree: Where they met" in pages[page] and "example.org/dispute" in pages[page], page


def test_an_unknown_source_in_an_event_dispute_is_one_problem_at_its_line(tmp_path: Path):
    with pytest.raises(DataError) as caught:
        load_dataset(_data_with_an_event_dispute(tmp_path, source="no-such-source"))
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 1, problems
    assert "events[0].disputes[0].accounts[1].sources[0]: unknown source 'no-such-source'" in problems[0]
