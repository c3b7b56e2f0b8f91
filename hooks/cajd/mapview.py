"""The venue map's layout: Central Asia in the main frame, the partner country (Japan) in an inset,
every label placed where it overlaps no other label. Derived from data/places.yml, the meetings and
the base map; the markup is in templates/_map.j2.

Frames: the main frame is the box around the member countries' outlines; the inset is the box around
the partner's main islands and venues. Both use the same equirectangular projection as geo.Projection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from . import charts
from . import geo

WIDTH = 1000
MARGIN = 1.0  # degrees around the member countries
INSET_WIDTH = 250  # px
VENUE_FONT = 20
COUNTRY_FONT = 18


@dataclass(frozen=True)
class Shape:
    id: str
    focus: bool
    path: str


@dataclass(frozen=True)
class Text:
    """A label: where it is written, what it says, and the box it takes (for tests and the layout)."""

    x: int
    y: int
    anchor: str
    text: str
    leader: tuple[int, int, int, int] | None = None


@dataclass(frozen=True)
class Dot:
    place_id: str
    name: str
    x: int
    y: int
    r: int
    label: Text
    meetings: tuple  # the meetings held there, in date order


@dataclass(frozen=True)
class Frame:
    x: int
    y: int
    width: int
    height: int
    inset: bool
    view_width: int  # the outlines' own coordinates: the frame draws them in a nested <svg viewBox>
    view_height: int
    shapes: tuple[Shape, ...]
    countries: tuple[Text, ...]
    dots: tuple[Dot, ...]


@dataclass(frozen=True)
class Venue:
    """What the map is told about one venue."""

    place_id: str
    name: str
    lon: float
    lat: float
    country: str
    meetings: tuple


@dataclass(frozen=True)
class MapLayout:
    width: int
    height: int
    frames: tuple[Frame, ...]
    venues: tuple[Venue, ...]  # north to south, for the list that is the map's text alternative


def radius(meetings: int) -> int:
    return 7 + 2 * meetings


def layout(basemap: dict, venues: Sequence[Venue], members: set[str], partner: str,
           country_names: dict[str, str], venue_text) -> MapLayout:
    """`venue_text(venue)` gives a venue's label, e.g. 'Tashkent (1)'; country names label the focus outlines."""
    shapes = basemap["shapes"]
    main_box = _box([pt for s in shapes if s["id"] in members for ring in s["rings"] for pt in ring], MARGIN)
    main_box = _grow(main_box, [(v.lon, v.lat) for v in venues if v.country != partner])
    main = geo.Projection(*main_box)
    height = round(main.height)
    partner_rings = [ring for s in shapes if s["id"] == partner for ring in sorted(s["rings"], key=len, reverse=True)[:4]]
    inset_box = _grow(_box([pt for ring in partner_rings for pt in ring], 0.5),
                      [(v.lon, v.lat) for v in venues if v.country == partner])
    inset = geo.Projection(*inset_box)
    scale = INSET_WIDTH / WIDTH
    inset_height = round(inset.height * scale)
    ix, iy = WIDTH - INSET_WIDTH - 8, height - inset_height - 8
    inset_frame = charts.Box(ix, iy, INSET_WIDTH, inset_height)

    frames = []
    main_frame = _frame(shapes, main, 1.0, (0, 0), charts.Box(0, 0, WIDTH, height),
                        [v for v in venues if v.country != partner], country_names, venue_text, [inset_frame], False)
    frames.append(main_frame)
    frames.append(_frame(shapes, inset, scale, (ix, iy), inset_frame,
                         [v for v in venues if v.country == partner], country_names, venue_text, [], True))
    return MapLayout(WIDTH, height, tuple(frames), tuple(venues))


def _box(points: list, margin: float) -> tuple[float, float, float, float]:
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return (min(lons) - margin, min(lats) - margin, max(lons) + margin, max(lats) + margin)


def _grow(box: tuple[float, float, float, float], points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    west, south, east, north = box
    for lon, lat in points:
        west, east = min(west, lon - 2), max(east, lon + 2)
        south, north = min(south, lat - 2), max(north, lat + 2)
    return (west, south, east, north)


def _frame(shapes, project: geo.Projection, scale: float, origin: tuple[int, int], box: charts.Box,
           venues: Sequence[Venue], country_names: dict[str, str], venue_text, obstacles, inset: bool) -> Frame:
    """One frame: outlines in the frame's own coordinates (the template draws them in a nested <svg>),
    labels in the whole map's coordinates, so that every label of the map can be checked against the others."""
    ox, oy = origin

    def to_map(lon: float, lat: float) -> tuple[float, float]:
        x, y = project(lon, lat)
        return (ox + x * scale, oy + y * scale)

    view = (project.west, project.south, project.east, project.north)
    drawn = tuple(
        Shape(s["id"], s["focus"], "".join(geo.ring_path(project, ring) for ring in rings))
        for s in shapes
        if (rings := [ring for ring in s["rings"] if _meets(_box(ring, 0), view)])
    )
    countries = []
    taken = list(obstacles)
    for s in shapes:
        if not (s["focus"] and s["id"] in country_names):
            continue
        ring = max(s["rings"], key=len)
        x, y = to_map(sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
        name = country_names[s["id"]]
        width = charts.text_width(name, COUNTRY_FONT)
        label_box = charts.Box(x - width / 2, y - COUNTRY_FONT * 0.95, width, COUNTRY_FONT * 1.2)
        if not _inside(label_box, box) or any(label_box.overlaps(b) for b in taken):
            continue  # a neighbour's name whose middle lies outside the frame, or on the inset
        countries.append(Text(round(x), round(y), "middle", name))
        taken.append(label_box)
    dots_at = [to_map(v.lon, v.lat) for v in venues]
    radii = [radius(len(v.meetings)) for v in venues]
    texts = [venue_text(v) for v in venues]
    labels = charts.place_labels([(x, y, r) for (x, y), r in zip(dots_at, radii)], texts, VENUE_FONT,
                                 _shrink(box, 4), taken)
    dots = tuple(
        Dot(v.place_id, v.name, round(x), round(y), r, Text(lab.x, lab.y, lab.anchor, text, lab.leader), v.meetings)
        for v, (x, y), r, text, lab in zip(venues, dots_at, radii, texts, labels)
    )
    return Frame(round(box.x), round(box.y), round(box.width), round(box.height), inset, WIDTH, round(project.height),
                 drawn, tuple(countries), dots)


def _meets(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether two lon/lat boxes (west, south, east, north) share any area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _shrink(box: charts.Box, by: float) -> charts.Box:
    return charts.Box(box.x + by, box.y + by, box.width - 2 * by, box.height - 2 * by)


def _inside(inner: charts.Box, outer: charts.Box) -> bool:
    return (inner.x >= outer.x and inner.y >= outer.y and inner.x + inner.width <= outer.x + outer.width
            and inner.y + inner.height <= outer.y + outer.height)
