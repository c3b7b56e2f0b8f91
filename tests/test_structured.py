"""Structured data and sharing: schema.org Event JSON-LD on meeting pages, Open Graph, Twitter and canonical tags."""

from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path

import pytest

from cajd import structured
from cajd.dataset import load_dataset

from conftest import FIXTURE_DATA, ROOT, run_build

SITE_URL = "https://cajd.github.io/cajd-site/"  # mkdocs.yml's default when SITE_URL is not set
LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def head(html: str) -> str:
    return html[: html.index("</head>")]


def meta(html: str, attr: str, name: str) -> list[str]:
    return [htmllib.unescape(v) for v in re.findall(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)">', head(html))]


def events_in(html: str) -> list[dict]:
    return [json.loads(block) for block in LD.findall(html)]


def check_event(event: dict) -> None:
    """The keys a schema.org Event needs here, with the right shapes."""
    assert event["@context"] == "https://schema.org" and event["@type"] == "Event"
    assert event["name"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", event["startDate"])
    assert event["eventStatus"] in {f"https://schema.org/{s}" for s in ("EventScheduled", "EventPostponed", "EventCancelled")}
    assert event["eventAttendanceMode"] in {"https://schema.org/OfflineEventAttendanceMode", "https://schema.org/OnlineEventAttendanceMode"}
    location = event["location"]
    if location["@type"] == "Place":
        assert location["address"]["@type"] == "PostalAddress"
        assert location["address"]["addressLocality"] and re.fullmatch(r"[A-Z]{2}", location["address"]["addressCountry"])
        assert event["eventAttendanceMode"].endswith("OfflineEventAttendanceMode")
    else:
        assert location["@type"] == "VirtualLocation"
        assert event["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")
    assert event["organizer"]["@type"] == "Organization" and event["organizer"]["name"].startswith("Government of ")
    for person in event.get("attendee", []):
        assert person["@type"] == "Person" and person["name"]


def test_meeting_page_carries_an_event(fixture_site: Path):
    html = (fixture_site / "meetings/07-dushanbe-2019/index.html").read_text()
    [event] = events_in(html)
    check_event(event)
    assert event["name"] == "1st Foreign Ministers' Meeting, Dushanbe 2019"
    assert event["startDate"] == "2019-05-18" and "endDate" not in event
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["location"]["address"] == {"@type": "PostalAddress", "addressLocality": "Dushanbe", "addressCountry": "TJ"}
    assert event["organizer"]["name"] == "Government of Tajikistan"
    assert [p["name"] for p in event["attendee"]] == ["Taro Kono", "Sirodjidin Muhriddin", "Salahuddin Rabbani"]


def test_every_real_meeting_page_carries_a_valid_event(real_site: Path):
    ds = load_dataset(ROOT / "data")
    seen = set()
    for mid, mt in ds.meetings.items():
        [event] = events_in((real_site / "meetings" / mid / "index.html").read_text())
        check_event(event)
        assert event["startDate"] == str(mt.date)
        assert ("endDate" in event) == bool(mt.end_date)
        seen.add((event["location"]["@type"], event["eventStatus"].rsplit("/", 1)[1]))
    assert ("VirtualLocation", "EventScheduled") in seen and ("Place", "EventScheduled") in seen


def test_status_format_and_chair_map_to_schema_org():
    ds = load_dataset(FIXTURE_DATA)
    mt = ds.meetings["07-dushanbe-2019"]
    video = mt.model_copy(update={"format": "video", "city": None, "country": None, "chair_country": "jp", "status": "postponed",
                                  "end_date": mt.date})
    event = structured.meeting_event(ds, video)
    check_event(event)
    assert event["location"]["@type"] == "VirtualLocation"
    assert event["eventStatus"] == "https://schema.org/EventPostponed" and event["endDate"] == "2019-05-18"
    assert event["organizer"]["name"] == "Government of Japan"
    cancelled = structured.meeting_event(ds, mt.model_copy(update={"status": "cancelled"}))
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "a & b <!-- c", "line\u2028sep", "</SCRIPT >"])
def test_json_in_a_script_cannot_end_the_script(text):
    out = str(structured.script_json({"name": text}))
    assert not set(out) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(out) == {"name": text}


def test_pages_have_open_graph_twitter_and_canonical_tags(fixture_site: Path):
    pages = {
        "index.html": "Central Asia + Japan Dialogue",
        "meetings/07-dushanbe-2019/index.html": "1st Foreign Ministers' Meeting, Dushanbe 2019",
        "people/taro-kono/index.html": "Taro Kono",
        "about/index.html": "About this site",
        "about/contributing/index.html": "Contributing",
    }
    for page, title in pages.items():
        html = (fixture_site / page).read_text()
        url = SITE_URL + page.removesuffix("index.html")
        assert f'<link rel="canonical" href="{url}">' in head(html), page
        assert meta(html, "property", "og:url") == [url], page
        assert meta(html, "property", "og:title") == [title] == meta(html, "name", "twitter:title"), page
        [description] = meta(html, "name", "description")
        assert description and meta(html, "property", "og:description") == [description] == meta(html, "name", "twitter:description"), page
        assert meta(html, "name", "twitter:card") == ["summary"]
    sitemap = (fixture_site / "sitemap.xml").read_text()
    assert f"<loc>{SITE_URL}meetings/07-dushanbe-2019/</loc>" in sitemap


def test_data_text_in_head_and_json_ld_is_escaped(project: Path):
    hostile = '<script>alert(1)</script> "q" & </script><!--'
    meeting = project / "data/meetings/07-dushanbe-2019.yml"
    text = meeting.read_text().replace(
        "summary: The ministers met in Dushanbe. They discussed tourism and security.", f"summary: '{hostile}'")
    meeting.write_text(text.replace("title: Minister for Foreign Affairs", "title: 'Minister \"for\" & Foreign Affairs'"))
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    html = (project / "site/meetings/07-dushanbe-2019/index.html").read_text()
    assert "<script>alert" not in html
    assert meta(html, "name", "description") == [hostile] == meta(html, "property", "og:description")
    [event] = events_in(html)
    assert event["attendee"][0]["jobTitle"] == 'Minister "for" & Foreign Affairs'
    assert html.count('<script type="application/ld+json">') == 1
