"""The charts' geometry (cajd/charts.py) and the venue map's label layout (cajd/mapview.py)."""

from __future__ import annotations

import itertools

from cajd import charts


def _points():
    return [
        charts.Point(2004.6, "ministerial", "meeting-a", "a"),
        charts.Point(2006.4, "ministerial", "meeting-b", "b"),
        charts.Point(2006.42, "ministerial", "meeting-c", "c"),  # touches b: must move off the line
        charts.Point(2006.44, "ministerial", "meeting-d", "d"),
        charts.Point(2025.9, "summits", "meeting-e", "e", shape="diamond"),
    ]


LANES = [("ministerial", "Ministerial"), ("summits", "Summits"), ("empty", "Kept though empty")]


def test_timeline_chart_puts_years_along_the_axis_and_one_lane_per_layer():
    chart = charts.timeline_chart(_points(), LANES, [charts.Era(2004.0, 2006.5, "First", "era-first"),
                                                    charts.Era(2006.5, None, "Second", "era-second")], 2004, 2025)
    assert [lane.key for lane in chart.lanes] == ["ministerial", "summits", "empty"]
    assert [lane.count for lane in chart.lanes] == [4, 1, 0]
    by_anchor = {m.point.anchor: m for m in chart.marks}
    assert by_anchor["meeting-a"].x < by_anchor["meeting-b"].x < by_anchor["meeting-e"].x
    assert [m.point.anchor for m in chart.marks] == ["meeting-a", "meeting-b", "meeting-c", "meeting-d", "meeting-e"]
    # Marks that would touch take turns above and below the line, never the same spot.
    spots = {(m.x, m.y) for m in chart.marks}
    assert len(spots) == len(chart.marks)
    assert len({by_anchor[a].y for a in ("meeting-b", "meeting-c", "meeting-d")}) == 3
    # Every mark inside the plot, every tick year labelled in order.
    assert all(chart.plot_left <= m.x <= chart.width and chart.plot_top <= m.y <= chart.plot_bottom for m in chart.marks)
    assert [t.year for t in chart.ticks] == list(range(2004, 2027))
    # Eras are bands that tile the years they cover; the open one runs to the end.
    first, second = chart.bands
    assert first.x + first.width == second.x and second.x + second.width <= chart.width
    assert (first.row, second.row) == (0, 1) and first.shaded != second.shaded


def test_a_band_label_near_the_right_edge_is_anchored_at_the_end():
    chart = charts.timeline_chart([], LANES, [charts.Era(2025.5, None, "A long era title near the edge", "era-x")], 2004, 2025)
    (band,) = chart.bands
    assert band.label_anchor == "end" and band.label_x == chart.width - 4


def test_year_fraction_is_the_middle_of_what_is_known():
    assert charts.year_fraction(2019, None, None) == 2019.5
    assert 2019.33 < charts.year_fraction(2019, 5, None) < 2019.38
    assert 2019.37 < charts.year_fraction(2019, 5, 18) < 2019.42


def test_level_chart_has_a_column_per_meeting_and_a_row_per_level():
    seats = [charts.Seat("2004", "a", "minister", "A: Minister"),
             charts.Seat("2006", "b", "absent", "B: Absent", "unconfirmed")]
    chart = charts.level_chart(seats, [("minister", "Minister"), ("absent", "Absent")])
    assert [c.label for c in chart.columns] == ["2004", "2006"]
    assert [c.level for c in chart.cells] == ["minister", "absent"]
    assert chart.cells[0].y < chart.cells[1].y and chart.cells[0].x < chart.cells[1].x
    assert chart.cells[1].doubt == "unconfirmed"


def test_labels_never_overlap_even_when_the_dots_crowd():
    dots = [(500 + dx, 300 + dy, 9) for dx, dy in [(0, 0), (30, 10), (10, 40), (-25, 20), (5, -30), (60, 0)]]
    texts = ["Tashkent (1)", "Bishkek (1)", "Dushanbe (1)", "Samarkand (2)", "Almaty (3)", "Osh (1)"]
    frame = charts.Box(0, 0, 1000, 700)
    obstacle = charts.Box(520, 250, 120, 30)
    labels = charts.place_labels(dots, texts, 20, frame, [obstacle])
    boxes = [label.box for label in labels]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    for box in boxes:
        assert not box.overlaps(obstacle)
        assert frame.x <= box.x and box.x + box.width <= frame.x + frame.width
    for (x, y, r), box in zip(dots, boxes):  # no label covers any dot
        for other in dots:
            assert not box.overlaps(charts.Box(other[0] - other[2], other[1] - other[2], 2 * other[2], 2 * other[2]))
    assert any(label.leader for label in labels)  # the crowd pushed some labels out, with a line back to their dot


def test_text_width_is_wider_for_cjk():
    assert charts.text_width("東京", 10) > charts.text_width("To", 10)
