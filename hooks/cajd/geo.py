"""The venue map: a small base map derived from Natural Earth, and the projection.

`make_basemap()` turns world-atlas TopoJSON (Natural Earth, public domain) into
the compact `data/geo/basemap.json` that is committed; it runs once, by hand:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m cajd make-basemap package/countries-50m.json package/countries-110m.json

`project_map()` is used at build time: it fits the base map and every venue
from data/places.yml into an SVG viewBox, so a new venue appears by itself.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

# The region shown: Central Asia, its neighbours, and Japan.
BBOX = (44.0, 22.0, 148.0, 56.5)  # west, south, east, north (degrees)
FOCUS = {"398": "kz", "417": "kg", "762": "tj", "795": "tm", "860": "uz", "392": "jp", "004": "af"}
CONTEXT = {"156": "cn", "643": "ru", "496": "mn", "364": "ir", "586": "pk", "356": "in", "408": "kp", "410": "kr",
           "031": "az", "268": "ge", "051": "am", "368": "iq", "792": "tr", "760": "sy", "682": "sa", "524": "np",
           "064": "bt", "050": "bd", "104": "mm", "158": "tw", "414": "kw", "634": "qa", "784": "ae", "512": "om",
           "048": "bh", "887": "ye", "400": "jo", "422": "lb", "376": "il"}
STEP = 0.15  # degrees: coordinates are rounded to this grid, which keeps the file small


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        ring.extend(points[1:] if ring else points)
    return ring


def _simplify(ring: list[tuple[float, float]], step: float) -> list[tuple[float, float]]:
    """Clamp to the box (plus a margin), snap to a grid of `step` degrees, drop repeats and spikes."""
    west, south, east, north = BBOX
    out: list[tuple[float, float]] = []
    for lon, lat in ring:
        lon = min(max(lon, west - 2), east + 2)
        lat = min(max(lat, south - 2), north + 2)
        point = (round(round(lon / step) * step, 2), round(round(lat / step) * step, 2))
        if out and out[-1] == point:
            continue
        if len(out) >= 2 and out[-2] == point:  # A-B-A spike
            out.pop()
            continue
        out.append(point)
    return out


def _visible(ring: list[tuple[float, float]]) -> bool:
    west, south, east, north = BBOX
    return any(west - 5 <= lon <= east + 5 and south - 5 <= lat <= north + 5 for lon, lat in ring)


def make_basemap(detailed: Path, coarse: Path) -> dict:
    """Polygons of the region's countries as lon/lat rings: focus countries from the
    detailed (1:50m) file, neighbours from the coarse (1:110m) one."""
    shapes = []
    for path, codes, step in ((detailed, FOCUS, STEP), (coarse, CONTEXT, 2 * STEP)):
        shapes.extend(_shapes(json.loads(path.read_text()), codes, step))
    return {
        "origin": "Natural Earth admin-0 countries (public domain), version 4.1.0, from the npm package "
        "world-atlas@2.0.2: Central Asia, Afghanistan and Japan at 1:50m, neighbours at 1:110m; outer rings "
        "only, clipped to the region and rounded to a grid of 0.15 or 0.3 degrees.",
        "bbox": list(BBOX),
        "shapes": sorted(shapes, key=lambda s: (s["focus"], s["id"])),
    }


def _shapes(topology: dict, codes: dict[str, str], step: float) -> list[dict]:
    arcs = _decode_arcs(topology)
    shapes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = codes.get(geometry.get("id"))
        if code is None:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = []
        for polygon in polygons:
            for ring_indexes in polygon[:1]:  # outer rings only; holes do not matter at this scale
                ring = _simplify(_ring(arcs, ring_indexes), step)
                if len(ring) >= 4 and _visible(ring):
                    rings.append(ring)
        if rings:
            shapes.append({"id": code, "focus": code in FOCUS.values(), "rings": rings})
    return shapes


# ----------------------------------------------------------------------------
# Projection at build time
# ----------------------------------------------------------------------------

WIDTH = 1000.0


@dataclass(frozen=True)
class Projection:
    """Equirectangular, scaled by the cosine of the middle latitude: fine for a region this size."""

    west: float
    south: float
    east: float
    north: float

    @property
    def k(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def scale(self) -> float:
        return WIDTH / ((self.east - self.west) * self.k)

    @property
    def height(self) -> float:
        return (self.north - self.south) * self.scale

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.west) * self.k * self.scale, (self.north - lat) * self.scale)


def projection_for(bbox: list[float], points: list[tuple[float, float]]) -> Projection:
    """The base map's box, widened to hold every venue with a margin."""
    west, south, east, north = bbox
    for lon, lat in points:
        west, east = min(west, lon - 3), max(east, lon + 3)
        south, north = min(south, lat - 3), max(north, lat + 3)
    return Projection(west, south, east, north)


def ring_path(project: Projection, ring: list[list[float]]) -> str:
    """An SVG path for one ring, with coordinates rounded to whole units."""
    parts = []
    last = None
    for lon, lat in ring:
        x, y = project(lon, lat)
        point = (round(x), round(y))
        if point != last:
            parts.append(f"{point[0]} {point[1]}")
            last = point
    return "M" + "L".join(parts) + "Z"
