"""Maps drawn at build time as inline SVG: area outlines where allowed, project points, nothing from elsewhere.

No tile server, no script: a plain frame in the WGS-84 longitude/latitude of the points (longitude scaled by
the cosine of the middle latitude, which keeps a county's shapes true), outlines as paths, and each project
a mark that links to its page. The mark's shape says the light as well as its colour (▲ red, ◆ yellow,
● green, ○ none), so colour is never the only sign; the page lists the same projects as text beside it.

Every coordinate is computed here; templates only place the figure.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from .. import urls
from .markup import Trusted

WIDTH = 320  # viewBox units: about one CSS pixel on a 360 px phone
ASPECT = (0.6, 1.25)  # height ÷ width, kept between these so a long thin county still fits a phone screen
PAD = 14  # units of margin inside the frame, so a point on the edge is not cut in half
MIN_SPAN = 0.01  # degrees: a frame around one point (or points a street apart) still shows a neighbourhood
MARK, TARGET = 5.0, 22.0  # mark radius, and the largest tap target radius (44 units across, as WCAG asks)
SHAPES = {"red": "triangle", "yellow": "diamond", "green": "circle", "none": "ring"}
LAYERS = {"none": 0, "green": 1, "yellow": 2, "red": 3}  # red drawn last, on top


@dataclass(frozen=True)
class Point:
    name: str
    url: str  # the site path it links to
    light: str  # red, yellow, green or none
    lat: float  # WGS-84
    lon: float
    count: int = 1  # more than one: a group of projects (an area's, on a province's home page)


@dataclass(frozen=True)
class Outline:
    name: str
    polygons: list  # polygons → rings → (lon, lat)


class Frame:
    """The projection from degrees to viewBox units, fitted around what is drawn."""

    def __init__(self, lons: list[float], lats: list[float]) -> None:
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
        self.scale_x = math.cos(math.radians((south + north) / 2))
        span_x = max((east - west) * self.scale_x, MIN_SPAN)
        span_y = max(north - south, MIN_SPAN)
        inner = WIDTH - 2 * PAD
        aspect = min(max(span_y / span_x, ASPECT[0]), ASPECT[1])
        # widen the short side, around the middle, to the aspect kept
        span_x, span_y = max(span_x, span_y / aspect), max(span_y, span_x * aspect)
        self.unit = inner / span_x
        self.height = round(span_y * self.unit + 2 * PAD)
        self.west = (west + east) / 2 - span_x / 2 / self.scale_x
        self.north = (south + north) / 2 + span_y / 2

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (PAD + (lon - self.west) * self.scale_x * self.unit, PAD + (self.north - lat) * self.unit)


def _path(frame: Frame, polygons: list) -> str:
    """An SVG path of the polygons, dropping points less than half a unit from the last one drawn."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            drawn: list[tuple[float, float]] = []
            for lon, lat in ring:
                x, y = frame.xy(lon, lat)
                if not drawn or abs(x - drawn[-1][0]) + abs(y - drawn[-1][1]) >= 0.5:
                    drawn.append((x, y))
            if len(drawn) >= 3:
                parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in drawn) + "Z")
    return "".join(parts)


def _label_at(frame: Frame, outline: Outline) -> tuple[float, float, float] | None:
    """Where an area's name goes (the middle of its largest ring's box) and the room there, in units."""
    ring = max((polygon[0] for polygon in outline.polygons), key=len)
    xs, ys = zip(*(frame.xy(lon, lat) for lon, lat in ring), strict=True)
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, max(xs) - min(xs)


def _mark(shape: str, x: float, y: float, r: float, light: str) -> str:
    cls = f'class="map-mark light-{light}"'
    if shape == "triangle":
        return (f'<path {cls} d="M{x:.1f} {y - r * 1.2:.1f}L{x + r * 1.1:.1f} {y + r * 0.8:.1f}'
                f'L{x - r * 1.1:.1f} {y + r * 0.8:.1f}Z"/>')
    if shape == "diamond":
        return f'<path {cls} d="M{x:.1f} {y - r:.1f}L{x + r:.1f} {y:.1f}L{x:.1f} {y + r:.1f}L{x - r:.1f} {y:.1f}Z"/>'
    ring = " map-ring" if shape == "ring" else ""
    return f'<circle class="map-mark{ring} light-{light}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'


def _targets(spots: list[tuple[float, float]]) -> list[float]:
    """Each point's tap radius: 22 units where the nearest neighbour allows, never below the mark's."""
    radii = []
    for index, (x, y) in enumerate(spots):
        nearest = min((math.dist((x, y), other) for j, other in enumerate(spots) if j != index), default=2 * TARGET)
        radii.append(min(TARGET, max(MARK + 3, nearest / 2)))
    return radii


def draw(points: list[Point], outlines: list[Outline], label: str, page_url: str) -> Trusted:
    """The map as inline SVG, or nothing to draw (no point and no outline) as an empty string."""
    lons = [p.lon for p in points] + [lon for o in outlines for poly in o.polygons for lon, _ in poly[0]]
    lats = [p.lat for p in points] + [lat for o in outlines for poly in o.polygons for _, lat in poly[0]]
    if not lons:
        return Trusted("")
    frame = Frame(lons, lats)
    title = html.escape(label)
    # hidden from assistive technology and out of the tab order: the list beside it holds the same links
    parts = [f'<svg class="map" viewBox="0 0 {WIDTH} {frame.height}" aria-hidden="true" focusable="false">',
             f"<title>{title}</title>",
             f'<rect class="map-frame" x="0.5" y="0.5" width="{WIDTH - 1}" height="{frame.height - 1}"/>']
    for outline in outlines:
        parts.append(f'<path class="map-area" d="{_path(frame, outline.polygons)}"><title>{html.escape(outline.name)}'
                     f"</title></path>")
    points = sorted(points, key=lambda p: LAYERS[p.light])
    spots = [frame.xy(p.lon, p.lat) for p in points]
    for outline in outlines:
        x, y, room = _label_at(frame, outline)
        # only where the name fits inside its area and the area does not hold the others (a county's outline)
        if len(outline.name) * 10 + 6 <= room <= WIDTH / 2:
            # beside the marks rather than under them: the first of a few places clear of every mark
            half = len(outline.name) * 5 + 6  # the name's half width, and a mark's radius
            y = next((y + shift for shift in (0, 14, -14, 28, -28) if all(
                abs(x - sx) > half or abs(y + shift - sy) > 11 for sx, sy in spots)), y)
            parts.append(f'<text class="map-label" x="{x:.1f}" y="{y + 3:.1f}" text-anchor="middle">'
                         f"{html.escape(outline.name)}</text>")
    for point, (x, y), target in zip(points, spots, _targets(spots), strict=True):
        href = html.escape(urls.relative(page_url, point.url))
        name = html.escape(point.name)
        radius = MARK if point.count == 1 else MARK + min(8.0, math.sqrt(point.count))
        parts.append(f'<a href="{href}" tabindex="-1"><title>{name}</title>'
                     f'<circle class="map-target" cx="{x:.1f}" cy="{y:.1f}" r="{target:.1f}"/>'
                     f"{_mark(SHAPES[point.light], x, y, radius, point.light)}</a>")
    parts.append("</svg>")
    return Trusted("".join(parts))
