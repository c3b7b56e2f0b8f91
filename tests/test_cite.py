"""Citation formats: BibTeX, RIS and CSL-JSON, and the Highwire tags reference managers read."""

from __future__ import annotations

import json
from datetime import date

from cajd import cite

C = cite.Citable("cajd-meetings-07-dushanbe-2019", "7th Foreign Ministers' Meeting {Dushanbe} 100% & #1_x",
                 "https://example.org/cajd/meetings/07-dushanbe-2019/", "Central Asia + Japan Dialogue", date(2026, 11, 28))


def test_bibtex_is_one_balanced_misc_entry_with_specials_escaped():
    text = cite.bibtex(C)
    assert text.startswith("@misc{cajd-meetings-07-dushanbe-2019,\n") and text.endswith("}\n")
    depth = 0
    for i, ch in enumerate(text):
        if ch in "{}" and (i == 0 or text[i - 1] != "\\"):
            depth += 1 if ch == "{" else -1
            assert depth >= 0
    assert depth == 0
    assert r"\{Dushanbe\} 100\% \& \#1\_x" in text
    assert "  month = nov,\n" in text and "  year = {2026},\n" in text
    assert "  url = {https://example.org/cajd/meetings/07-dushanbe-2019/},\n" in text


def test_ris_is_a_web_page_record_that_ends_with_er():
    lines = cite.ris(C).splitlines()
    assert lines[0] == "TY  - ELEC" and lines[-1] == "ER  -"
    tags = dict(line.split("  - ", 1) for line in lines[:-1])
    assert tags["TI"] == C.title and tags["UR"] == C.url and tags["DA"] == "2026/11/28/" and tags["PY"] == "2026"
    assert all(len(line) >= 5 and line[2:6] in ("  - ", "  -") for line in lines)


def test_csl_json_is_a_list_with_one_webpage():
    (item,) = json.loads(cite.csl_json(C))
    assert item["type"] == "webpage" and item["title"] == C.title and item["URL"] == C.url
    assert item["issued"] == {"date-parts": [[2026, 11, 28]]} and item["container-title"] == C.site


def test_highwire_tags_name_title_date_site_and_address():
    tags = dict(cite.meta_tags(C))
    assert tags["citation_title"] == C.title
    assert tags["citation_date"] == "2026/11/28" and tags["citation_public_url"] == C.url
    assert tags["citation_publisher"] == C.site


def test_downloads_follow_the_declared_formats():
    assert list(cite.downloads(C)) == [suffix for suffix, _, _ in cite.FORMATS]
