"""Geometry of the site's charts, computed at build time; the markup is in templates/_charts.j2.

Pure functions over plain values: they know nothing of the data files, templates or MkDocs.
Every coordinate is rounded, so the SVG (and the golden files) stay small and stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

# ----------------------------------------------------------------------------
# Timeline overview: years along the axis, one lane per layer of the dialogue
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """Something to draw on a timeline chart: when, in which lane, where it links, what it says."""

    when: float  # a year with its fraction, e.g. 2019.37
    lane: str
    anchor: str  # the id of the entry it stands for
    label: str  # read out and shown on hover: "18 May 2019: 7th Foreign Ministers' Meeting"
    shape: str = "circle"  # circle, diamond or square
    hollow: bool = False  # postponed or unconfirmed
    countries: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mark:
    x: int
    y: int
    point: Point


@dataclass(frozen=True)
class Lane:
    key: str
    label: str
    y: int  # middle of the lane
    top: int
    count: int


@dataclass(frozen=True)
class Band:
    x: int
    width: int
    label: str
    anchor: str
    shaded: bool
    row: int  # 0 or 1: neighbouring eras' labels take turns, so that short eras' labels do not collide
    label_x: int
    label_anchor: str  # "start", or "end" for a label that would run past the chart's right edge


@dataclass(frozen=True)
class Tick:
    x: int
    year: int
    labelled: bool


@dataclass(frozen=True)
class TimelineChart:
    width: int
    height: int
    plot_left: int
    plot_top: int
    plot_bottom: int
    lanes: tuple[Lane, ...]
    marks: tuple[Mark, ...]
    bands: tuple[Band, ...]
    ticks: tuple[Tick, ...]


@dataclass(frozen=True)
class Era:
    """An era as the chart needs it: its start and end (years with fraction), title and anchor."""

    start: float
    end: float | None
    label: str
    anchor: str


YEAR_WIDTH = 32  # px per year on the full chart; the compact one uses less
LANE_HEIGHT = 30
LABEL_WIDTH = 160
MARK_RADIUS = 6


def timeline_chart(points: Sequence[Point], lanes: Sequence[tuple[str, str]], eras: Sequence[Era],
                   first_year: int, last_year: int, *, compact: bool = False) -> TimelineChart:
    """Lay out the chart: lanes in the given order (empty lanes kept, so every chart reads alike)."""
    year_width = 26 if compact else YEAR_WIDTH
    lane_height = 20 if compact else LANE_HEIGHT
    label_width = 150 if compact else LABEL_WIDTH
    band_height = 0 if compact else 34
    top = band_height + 6
    years = last_year - first_year + 1
    width = label_width + years * year_width + 12

    def x_of(when: float) -> int:
        return round(label_width + (when - first_year) * year_width)

    counts = {key: 0 for key, _ in lanes}
    for p in points:
        counts[p.lane] += 1
    lane_rows = tuple(
        Lane(key, label, top + i * lane_height + lane_height // 2, top + i * lane_height, counts[key])
        for i, (key, label) in enumerate(lanes)
    )
    bottom = top + len(lanes) * lane_height
    lane_y = {lane.key: lane.y for lane in lane_rows}
    marks = _spread([Mark(x_of(p.when), lane_y[p.lane], p) for p in sorted(points, key=lambda p: (p.lane, p.when, p.anchor))],
                    lane_height)
    bands = []
    for i, e in enumerate(e for e in eras if (e.end is None or e.end >= first_year) and e.start <= last_year + 1):
        x0 = x_of(max(e.start, first_year))
        x1 = x_of(min(e.end if e.end is not None else last_year + 1, last_year + 1))
        fits = x0 + 4 + text_width(e.label, 11) <= width - 4
        bands.append(Band(x0, x1 - x0, e.label, e.anchor, i % 2 == 0, i % 2, x0 + 4 if fits else width - 4, "start" if fits else "end"))
    step = 2 if compact else 1
    ticks = tuple(Tick(x_of(y), y, (y - first_year) % (2 * step) == 0) for y in range(first_year, last_year + 2))
    return TimelineChart(width, bottom + 24, label_width, top, bottom, lane_rows, tuple(marks), tuple(bands), ticks)


def _spread(marks: list[Mark], lane_height: int) -> list[Mark]:
    """Marks that would touch in one lane move above or below its line, whichever is free first."""
    offset = lane_height // 3
    placed: list[Mark] = []
    for mark in marks:  # sorted by lane, then date
        near = [p.y - mark.y for p in placed[-6:] if p.point.lane == mark.point.lane and mark.x - p.x < 2 * MARK_RADIUS + 1]
        dy = next((d for d in (0, -offset, offset) if d not in near), 0)
        placed.append(Mark(mark.x, mark.y + dy, mark.point))
    return sorted(placed, key=lambda m: (m.point.when, m.point.anchor))


def year_fraction(year: int, month: int | None, day: int | None) -> float:
    """A date as a year with its fraction: the middle of what is known (a year alone sits mid-year)."""
    if month is None:
        return year + 0.5
    if day is None:
        return year + (month - 0.5) / 12
    return year + (month - 1 + (day - 0.5) / 31) / 12


# ----------------------------------------------------------------------------
# A country's representation over time: one column per meeting, one row per level
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    level: str
    label: str  # "7th Foreign Ministers' Meeting, 2019: Minister, Abdulaziz Kamilov"
    anchor: str  # the meeting's id
    doubt: str  # "", "inferred" or "unconfirmed"


@dataclass(frozen=True)
class Column:
    x: int
    label: str  # the year
    anchor: str


@dataclass(frozen=True)
class Row:
    y: int
    level: str
    label: str


@dataclass(frozen=True)
class LevelChart:
    width: int
    height: int
    plot_left: int
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Seat:
    """One meeting as one country filled its seat."""

    year: str
    anchor: str
    level: str  # one of the chart's levels, e.g. "minister" or "absent"
    label: str
    doubt: str = ""


COLUMN_WIDTH = 46
ROW_HEIGHT = 26


def level_chart(seats: Sequence[Seat], levels: Sequence[tuple[str, str]]) -> LevelChart:
    """Columns in meeting order; rows from the highest level down to 'absent'."""
    label_width = 150
    rows = tuple(Row(12 + i * ROW_HEIGHT + ROW_HEIGHT // 2, key, label) for i, (key, label) in enumerate(levels))
    row_y = {r.level: r.y for r in rows}
    columns, cells = [], []
    for i, seat in enumerate(seats):
        x = label_width + i * COLUMN_WIDTH + COLUMN_WIDTH // 2
        columns.append(Column(x, seat.year, seat.anchor))
        cells.append(Cell(x, row_y[seat.level], seat.level, seat.label, seat.anchor, seat.doubt))
    height = 12 + len(rows) * ROW_HEIGHT + 26
    return LevelChart(label_width + len(seats) * COLUMN_WIDTH + 8, height, label_width, rows, tuple(columns), tuple(cells))


# ----------------------------------------------------------------------------
# Map labels that do not overlap
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    def overlaps(self, other: "Box") -> bool:
        return not (self.x + self.width <= other.x or other.x + other.width <= self.x
                    or self.y + self.height <= other.y or other.y + other.height <= self.y)


@dataclass(frozen=True)
class Label:
    x: int  # where the text starts (text-anchor start) ...
    y: int  # ... and its baseline
    anchor: str  # "start" or "end"
    leader: tuple[int, int, int, int] | None  # a line from the dot to the label, when the label sits away from it
    box: Box


CHAR_WIDTH = 0.62  # of the font size: a generous average for Latin, Cyrillic; CJK is wider (see char_width)


def text_width(text: str, size: float) -> float:
    """An upper estimate of a label's width, so that boxes computed here contain the ones a browser draws."""
    return sum(size * (1.0 if ord(ch) > 0x2E80 else CHAR_WIDTH) for ch in text)


def place_labels(dots: Sequence[tuple[float, float, float]], texts: Sequence[str], size: float,
                 frame: Box, obstacles: Iterable[Box] = ()) -> list[Label]:
    """Place one label per dot (x, y, radius), trying positions around it and then further away with a
    leader line, keeping every label inside the frame and off the other labels, dots and obstacles."""
    taken: list[Box] = list(obstacles)
    taken += [Box(x - r, y - r, 2 * r, 2 * r) for x, y, r in dots]
    placed: list[Label] = []
    order = sorted(range(len(dots)), key=lambda i: (dots[i][1], dots[i][0]))
    result: dict[int, Label] = {}
    for i in order:
        x, y, r = dots[i]
        width, height = text_width(texts[i], size), size * 1.2
        label = None
        for distance in (0, size * 1.5, size * 3, size * 4.5):
            for candidate in _candidates(x, y, r + 4 + distance, width, height, size):
                if _inside(candidate.box, frame) and not any(candidate.box.overlaps(b) for b in taken):
                    label = candidate if distance == 0 else _with_leader(candidate, x, y, r)
                    break
            if label:
                break
        if label is None:  # nothing free: keep the plain right-hand position rather than drop the label
            label = _candidates(x, y, r + 4, width, height, size)[0]
        taken.append(label.box)
        result[i] = label
    placed = [result[i] for i in range(len(dots))]
    return placed


def _candidates(x: float, y: float, gap: float, width: float, height: float, size: float) -> list[Label]:
    base = size * 0.35  # from the middle of a line of text to its baseline
    spots = [
        ("start", x + gap, y + base),  # right
        ("end", x - gap, y + base),  # left
        ("start", x - width / 2, y - gap - base * 0.6),  # above
        ("start", x - width / 2, y + gap + size * 0.9),  # below
        ("start", x + gap * 0.7, y - gap * 0.7),  # above right
        ("end", x - gap * 0.7, y - gap * 0.7),  # above left
        ("start", x + gap * 0.7, y + gap * 0.7 + base),  # below right
        ("end", x - gap * 0.7, y + gap * 0.7 + base),  # below left
    ]
    labels = []
    for anchor, tx, ty in spots:
        left = tx if anchor == "start" else tx - width
        box = Box(left, ty - size * 0.95, width, height)
        labels.append(Label(round(tx), round(ty), anchor, None, box))
    return labels


def _with_leader(label: Label, x: float, y: float, r: float) -> Label:
    box = label.box
    tx = min(max(x, box.x), box.x + box.width)
    ty = min(max(y, box.y), box.y + box.height)
    dx, dy = tx - x, ty - y
    length = max((dx * dx + dy * dy) ** 0.5, 1e-9)
    start = (round(x + dx / length * r), round(y + dy / length * r))
    return Label(label.x, label.y, label.anchor, (start[0], start[1], round(tx), round(ty)), box)


def _inside(box: Box, frame: Box) -> bool:
    return (box.x >= frame.x and box.y >= frame.y and box.x + box.width <= frame.x + frame.width
            and box.y + box.height <= frame.y + frame.height)
