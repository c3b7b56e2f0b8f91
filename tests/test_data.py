"""The real data: complete, sourced and checkable, and the seed article's facts hold on the built site."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from cajd import views as v
from cajd.dataset import load_dataset
from cajd.model import PLACEHOLDER

from conftest import ROOT

DATA = ROOT / "data"


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


def _strings(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


def test_the_real_data_validates(ds):
    assert len(ds.meetings) >= 12 and len(ds.plans) == 2


def test_every_record_has_a_source(ds):
    records = [*ds.countries.values(), *ds.people.values(), *ds.meetings.values(), *ds.plans.values(),
               *ds.events.values(), *ds.places.values()]
    records += [item for plan in ds.plans.values() for item in v.plan_items_of(plan)]
    assert all(r.sources for r in records)
    assert all(set(r.sources) <= set(ds.sources) for r in records)


def test_every_url_is_https_with_a_host(ds):
    urls = [s.url for s in ds.sources.values()]
    # an outcome document's texts are sources, so their addresses are among these
    assert all(t.source in ds.sources for doc in ds.documents.values() for t in doc.document.texts)
    urls += [p.url for p in ds.plans.values() if p.url]
    for url in urls:
        parts = urlsplit(url)
        assert parts.scheme == "https" and parts.hostname and "." in parts.hostname, url


def _name_sources_of_translations() -> set[str]:
    """Sources cited only for a translated spelling (`name_sources` in data/i18n/<lang>/)."""
    found: set[str] = set()
    for path in sorted((DATA / "i18n").rglob("*.yml")):
        for where, text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if re.search(r"\.name_sources\[\d+\]$", where):
                found.add(text)
    return found


def test_every_source_is_cited(ds):
    cited = set(v.Views(ds).cited_by) | _name_sources_of_translations()
    assert sorted(set(ds.sources) - cited) == []


def test_no_placeholder_text_anywhere():
    for path in sorted(DATA.rglob("*.yml")):
        for where, text in _strings(yaml.safe_load(path.read_text())):
            assert not PLACEHOLDER.search(text), f"{path}:{where}: {text[:60]!r}"


def test_rosters_are_complete(ds):
    members = [c.id for c in ds.countries.values() if c.role in ("member", "partner")]
    for mt in ds.meetings.values():
        if mt.status != "held":
            continue
        listed = {p.country for p in mt.participants}
        assert set(members) <= listed, (mt.id, set(members) - listed)
        for p in mt.participants:
            assert p.person or p.status != "attended" or p.certainty.value != "confirmed" or p.note, (mt.id, p.country)


def test_the_seven_meetings_of_2004_to_2019(ds):
    """Date, city and Japan's minister for each numbered meeting, as in the fact sheet's overview."""
    expected = {
        1: ("2004-08-28", "Astana", "kz", "yoriko-kawaguchi"),
        2: ("2006-06-05", "Tokyo", "jp", "taro-aso"),
        3: ("2010-08-07", "Tashkent", "uz", "katsuya-okada"),
        4: ("2012-11-10", "Tokyo", "jp", "koichiro-gemba"),
        5: ("2014-07-16", "Bishkek", "kg", "fumio-kishida"),  # not Tokyo: see the fact sheet's conflicts
        6: ("2017-05-01", "Ashgabat", "tm", "fumio-kishida"),
        7: ("2019-05-18", "Dushanbe", "tj", "taro-kono"),
        8: ("2022-04-15", None, None, "yoshimasa-hayashi"),
        9: ("2022-12-24", "Tokyo", "jp", "yoshimasa-hayashi"),
    }
    fmm = {mt.ordinal: mt for mt in ds.meetings.values() if mt.kind == "foreign-ministers"}
    assert sorted(fmm) == list(range(1, 10))
    for n, (date, city, country, japan) in expected.items():
        mt = fmm[n]
        assert (mt.date, mt.city, mt.country, v.japan_participant(mt).person) == (date, city, country, japan), n
    assert fmm[8].format == "video" and fmm[8].chair_country == "jp"


def test_after_2019_the_model_holds_each_kind_honestly(ds):
    special = [mt for mt in ds.meetings.values() if mt.kind == "special"]
    assert [(mt.date, mt.ordinal, mt.format) for mt in special] == [("2020-08-11", None, "video")]
    summits = [(mt.date, mt.ordinal, mt.status, mt.city) for mt in ds.meetings.values() if mt.kind == "summit"]
    assert summits == [("2024-08-09", None, "postponed", "Astana"), ("2025-12-20", 1, "held", "Tokyo")]


def test_seed_article_2014_first_meeting_with_all_five_ministers(ds):
    _, rows = v.Views(ds).attendance_matrix()
    firsts = [row.meeting.id for row in rows if row.first_full]
    assert firsts == ["05-bishkek-2014"]


def test_seed_article_2019_first_meeting_for_the_ministers_of_japan_kazakhstan_kyrgyzstan(ds):
    mt = ds.meetings["07-dushanbe-2019"]
    earlier = [m for m in ds.meetings.values() if m.date < mt.date]
    for country in ("jp", "kz", "kg"):
        person = next(p.person for p in mt.participants if p.country == country)
        assert person, country
        assert not any(p.person == person for m in earlier for p in m.participants), (country, person)
    # ...and it was the first ministerial meeting held in Dushanbe.
    assert not any(m.city == "Dushanbe" for m in earlier)


def test_seed_article_afghanistan_took_part_in_2006_and_2019_only(ds):
    up_to_2019 = [m.id for m in ds.meetings.values() if m.date <= "2019-12-31"
                  and any(p.country == "af" and p.status == "attended" for p in m.participants)]
    assert up_to_2019 == ["02-tokyo-2006", "07-dushanbe-2019"]
    rabbani = next(p for p in ds.meetings["07-dushanbe-2019"].participants if p.country == "af")
    assert (rabbani.person, rabbani.role) == ("salahuddin-rabbani", "guest")


def test_seed_article_investment_agreements(ds):
    assert ds.countries["uz"].investment_agreement.signed == "2008-08-15"
    assert ds.countries["kz"].investment_agreement.signed == "2014-10-23"
    for cid in ("kg", "tm"):
        assert ds.countries[cid].investment_agreement.status == "none-found"


def test_seed_article_launch_and_pledges(ds):
    first = ds.meetings["01-astana-2004"]
    kz = next(p for p in first.participants if p.country == "kz")
    assert kz.person == "kassym-jomart-tokayev"
    events = list(ds.events.values())
    assert any(e.kind == "pledge" and e.date.startswith("2017-05") and "24 billion yen" in e.summary for e in events)
    assert any(e.kind == "strategy" and e.date == "2014-06-06" for e in events)
    assert any(e.date.startswith("2004-08") and "yoriko-kawaguchi" in e.people for e in events)


def test_seed_facts_on_the_built_site(real_site: Path):
    def text(page: str) -> str:
        html = (real_site / page / "index.html").read_text()
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[html.index("<article"):html.index("</article>")]))

    meetings = (real_site / "meetings/index.html").read_text()
    row = re.search(r'<tr class="cajd-attendance--first-full">.*?</tr>', meetings, re.S).group(0)
    assert "5th FMM 2014" in row and "first time" in row
    dushanbe = text("meetings/07-dushanbe-2019")
    assert "18 May 2019" in dushanbe and "Dushanbe" in dushanbe and "Taro Kono" in dushanbe
    assert "Salahuddin Rabbani" in dushanbe
    assert "Bishkek" in text("meetings/05-bishkek-2014")
    assert "Kassym-Jomart Tokayev" in text("meetings/01-astana-2004")


def test_every_unconfirmed_or_inferred_mark_is_shown(ds, real_site: Path):
    for mt in ds.meetings.values():
        html = (real_site / "meetings" / mt.id / "index.html").read_text()
        body = html[html.index("<article"):html.index("</article>")]
        doubtful = [p for p in mt.participants if p.certainty.value != "confirmed"]
        doubtful += [d for d in mt.documents if d.certainty.value != "confirmed"]
        shown = len(re.findall(r'class="cajd-mark cajd-mark--(?:inferred|unconfirmed)"', body))
        assert shown >= len(doubtful), mt.id
    for plan in ds.plans.values():
        html = (real_site / "action-plans" / plan.id / "index.html").read_text()
        body = html[html.index("<article"):html.index("</article>")]
        doubtful = [i for i in v.plan_items_of(plan) if i.certainty.value != "confirmed"] + ([plan] if plan.certainty.value != "confirmed" else [])
        assert len(re.findall(r"cajd-mark--(?:inferred|unconfirmed)", body)) >= len(doubtful), plan.id


def test_every_page_lists_its_sources(ds, real_site: Path):
    for kind, ids in (("meetings", ds.meetings), ("people", ds.people), ("countries", ds.countries), ("action-plans", ds.plans)):
        for rid in ids:
            html = (real_site / kind / rid / "index.html").read_text()
            assert '<ol class="cajd-references"' in html, (kind, rid)
    sources_page = (real_site / "about/sources/index.html").read_text()
    assert sources_page.count('<li id="source-') == len(ds.sources)


# --- The record, round two (issue 17): corrections and facts that were missing ---------


def _texts(mt):
    return " ".join([mt.summary, *(h.text for h in mt.highlights), *(d.note or "" for d in mt.documents),
                     *(p.text for d in mt.documents for p in d.points)])


def test_the_2019_action_plan_is_confirmed_by_mofa_but_its_title_and_text_are_unknown(ds):
    plan = ds.plans["action-plan-2019"]
    assert plan.certainty.value == "confirmed"
    assert {"mofa-ja-tj-speaker-2019", "nhk-blog-2019-05-18", "diplomat-2019"} <= set(plan.sources)
    assert "official title is not known" in plan.note and "No text" in plan.note
    assert [f.id for f in plan.fields] == ["tourism", "agriculture", "transport-logistics"]
    assert all(i.certainty.value == "confirmed" and "nhk-blog-2019-05-18" in i.sources for i in v.plan_items_of(plan))
    (dispute,) = plan.disputes
    assert "unconfirmed" not in dispute.follows
    assert any(a.sources == ["mofa-ja-tj-speaker-2019"] for a in dispute.accounts)
    doc = next(d for d in ds.meetings["07-dushanbe-2019"].documents if d.kind == "action-plan")
    assert doc.certainty.value == "confirmed" and "mofa-ja-tj-speaker-2019" in doc.sources
    assert "official title and text were not found" in doc.note
    assert ds.sources["mofa-ja-tj-speaker-2019"].url == "https://www.mofa.go.jp/mofaj/erp/ca_c/tj/page1_000800.html"


def test_the_afghan_count_is_attributed_to_the_diplomat(ds):
    summary = ds.countries["af"].summary
    assert "twice" not in summary
    assert "rests on the Diplomat" in summary and "diplomat-2019" in ds.countries["af"].sources


def test_the_summits_first_priority_area_is_quoted_as_the_cited_source_words_it(ds):
    summit = ds.meetings["summit-01-tokyo-2025"]
    assert '"Green and Resilience' in summit.summary and "aa-2025-12-20" in summit.sources
    assert "green growth" not in _texts(summit).lower()
    initiative = next(d for d in summit.documents if d.kind == "initiative")
    point = re.sub(r"\s+", " ", initiative.points[0].text)
    assert '"Green and Resilience"' in point and initiative.points[0].sources == ["aa-2025-12-20"]


def test_april_2022_names_that_rest_on_who_held_the_office_are_inferred(ds):
    roster = {p.country: p for p in ds.meetings["08-online-2022"].participants}
    assert roster["jp"].certainty.value == "confirmed"
    for country in ("kz", "kg", "tj", "tm", "uz"):
        p = roster[country]
        assert p.person and p.certainty.value == "inferred", country
        assert "inferred" in p.note, country


def test_2004_press_conference_and_the_five_objectives(ds):
    texts = [h.text for h in ds.meetings["01-astana-2004"].highlights]
    assert any("joint press conference" in t for t in texts)
    five = next(t for t in texts if "five objectives" in t)
    for words in ("democracy", "disparities", "cooperation among the Central Asian states", "neighbours", "regional and global issues"):
        assert words in five


def test_third_senior_officials_meeting_reviewed_the_2006_plan(ds):
    som = ds.events["som-03-2007"]
    assert (som.date, som.city, som.kind, som.sources) == ("2007-12-13", "Dushanbe", "senior-officials", ["mofa-ja-som3-2007"])
    review = next(i for i in v.plan_items_of(ds.plans["action-plan-2006"]) if i.id == "periodic-review")
    assert [p.event or p.meeting for p in review.progress] == ["som-03-2007", "03-tashkent-2010"]


def test_layer_counts_with_the_date_they_are_counted_to(ds):
    expected = {
        "07-dushanbe-2019": ("17 May 2019", "6 foreign", "13 senior", "11 Tokyo", "4 experts", "2 business", "mofa-ja-kono-visit-2019"),
        "special-2020-video": ("6 August 2020", "7 foreign", "13 senior", "11 Tokyo", "5 experts", "2 business", "govbase-2020-08-06"),
        "09-tokyo-2022": ("15 December 2022", "8 foreign", "15 senior", "11 Tokyo", "7 experts", "2 business", "govbase-2022-12-16"),
    }
    for mid, (*words, source) in expected.items():
        h = next(h for h in ds.meetings[mid].highlights if "MOFA counted" in h.text)
        text = re.sub(r"\s+", " ", h.text)
        assert all(w in text for w in words), mid
        assert source in h.sources, mid


def test_the_road_to_the_summit_iwaya_ikegami_and_side_outcomes(ds):
    visit = ds.events["iwaya-central-asia-visit-2025"]
    assert (visit.date, visit.end_date, visit.countries) == ("2025-08-24", "2025-08-28", ["jp", "kz", "uz"])
    assert "mofa-kaiken-iwaya-2025-08-27" in visit.sources and "takeshi-iwaya" in visit.people
    dialogue = ds.events["japan-uzbekistan-strategic-dialogue-01-2025"]
    assert (dialogue.date, dialogue.city) == ("2025-08-27", "Tashkent")
    ikegami = ds.people["masaki-ikegami"]
    assert "Central Asia, the Caucasus and GUAM" in ikegami.positions[0].title
    assert ds.events["meredov-ikegami-2024"].date == "2024-01-31"
    summit = _texts(ds.meetings["summit-01-tokyo-2025"])
    for words in ("more than 60 agreements worth over US$3.7 billion", "double taxation", "every two years", "applied science"):
        assert words in re.sub(r"\s+", " ", summit), words


def test_2006_pillars_say_their_text_was_not_found_and_mark_the_rotobo_guess(ds):
    fields = {f.id: f for f in ds.plans["action-plan-2006"].fields}
    for pillar in ("business-promotion", "intellectual-dialogue", "cultural-exchange"):
        assert "text of" in fields[pillar].summary and "was not found" in fields[pillar].summary, pillar
    (rotobo,) = fields["business-promotion"].items
    assert rotobo.certainty.value == "inferred" and "inference" in rotobo.note
    assert rotobo.sources == ["rotobo-action-plan-2006"]
    (tokyo,) = fields["intellectual-dialogue"].items
    assert tokyo.certainty.value == "confirmed" and "mofa-tokyo-dialogue-2010" in tokyo.sources
    assert ds.sources["rotobo-action-plan-2006"].url == "https://www.rotobo.or.jp/info/documents/caplusjp2.htm"


def test_document_titles_follow_the_texts_found(ds):
    declaration = next(d for d in ds.meetings["summit-01-tokyo-2025"].documents if d.kind == "declaration")
    assert declaration.title_ja == "『中央アジア+日本』対話・首脳共同宣言(東京宣言)"
    assert "worldjpn-2025-12-20-declaration" in declaration.sources
    statement_2012 = ds.meetings["04-tokyo-2012"].documents[0]
    assert statement_2012.title_ja == "日本・中央アジアの新たなパートナーシップの構築に関する共同声明"
    assert "No official text" not in statement_2012.note


# --- The outcome documents (issue 17) -------------------------------------------------


def test_every_outcome_document_has_a_page_and_a_link_or_a_statement_that_none_was_found(ds, real_site: Path):
    named = [(mt.id, d) for mt in ds.meetings.values() for d in mt.documents]
    assert len(named) == len(ds.documents) >= 13
    index = (real_site / "documents/index.html").read_text()
    for doc in ds.documents.values():
        d = doc.document
        assert f'href="{doc.id}/"' in index, doc.id
        page = (real_site / "documents" / doc.id / "index.html").read_text()
        body = page[page.index("<article"):page.index("</article>")]
        if d.texts:
            for t in d.texts:
                assert f'href="{ds.sources[t.source].url.replace("&", "&amp;")}"' in body, (doc.id, t.source)
        else:
            assert "No text of this document was found" in body, doc.id
        assert d.points, doc.id  # what it says, or what reports say about it
        assert '<ol class="cajd-references"' in body, doc.id


def test_the_texts_found_are_listed_by_language(ds):
    texts = {doc.id: {(ds.sources[t.source].language, t.form) for t in doc.document.texts} for doc in ds.documents.values()}
    assert texts["01-astana-2004-joint-statement"] >= {("ja", "translation"), ("en", "outline")}
    assert texts["02-tokyo-2006-action-plan"] >= {("en", "translation"), ("ja", "text"), ("ja", "outline"), ("ja", "reprint")}
    assert texts["03-tashkent-2010-press-release"] == {("en", "text"), ("ja", "text")}
    assert texts["04-tokyo-2012-joint-statement"] == {("ja", "text")}
    assert texts["summit-01-tokyo-2025-declaration"] == {("ja", "reprint"), ("ru", "reprint")}
    for none_found in ("05-bishkek-2014-joint-statement", "05-bishkek-2014-roadmap", "06-ashgabat-2017-joint-statement",
                       "06-ashgabat-2017-roadmap", "07-dushanbe-2019-joint-statement", "07-dushanbe-2019-action-plan",
                       "special-2020-video-chairs-statement", "summit-01-tokyo-2025-initiative"):
        assert texts[none_found] == set(), none_found
    roadmaps = {doc.id: doc.document.plan_items for doc in ds.documents.values() if doc.document.kind == "roadmap"}
    assert roadmaps == {"05-bishkek-2014-roadmap": ["action-plan-2019/agriculture-roadmap-supplement"],
                        "06-ashgabat-2017-roadmap": ["action-plan-2019/transport-roadmap-supplement"]}
