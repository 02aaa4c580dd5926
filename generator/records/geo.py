"""Where a project is: its coordinates in WGS-84, whatever datum the staff wrote them in.

Staff copy coordinates from Chinese map apps (高德, 腾讯), which show GCJ-02, the obfuscated datum every
map published in China must use; a phone's GPS and a photo's EXIF give WGS-84. The site draws and
publishes WGS-84 only (GeoJSON and OC4IDS require it), so GCJ-02 is converted here, at build time.

The GCJ-02 offset is a published formula (the Krasovsky 1940 ellipsoid and two trigonometric series); its
inverse has no closed form and is found by iteration, to well under a millimetre. Written here because the
packages on PyPI that do it are unmaintained (eviltransform, prcoords: last released 2018–2019), pull in
GDAL (coord-convert) or invert in one step, leaving metres of error (coordTransform);
tests/test_maps.py checks this one against published reference points.
"""

from __future__ import annotations

import math

from .models import Datum, Location, Site

_A = 6378245.0  # semi-major axis of the Krasovsky 1940 ellipsoid, as the GCJ-02 formula uses it
_EE = 0.00669342162296594323  # its first eccentricity squared
# GCJ-02 applies inside this rectangle around China; outside it the two datums coincide
CHINA = {"lat": (0.8293, 55.8271), "lon": (72.004, 137.8347)}
PLACES = 6  # decimals kept: about 0.1 m, so that published files do not carry floating-point noise


def in_china(lat: float, lon: float) -> bool:
    return CHINA["lat"][0] <= lat <= CHINA["lat"][1] and CHINA["lon"][0] <= lon <= CHINA["lon"][1]


def _offset(lat: float, lon: float) -> tuple[float, float]:
    """The GCJ-02 shift (degrees of latitude, degrees of longitude) at a WGS-84 point."""
    x, y = lon - 105.0, lat - 35.0
    d_lat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
             + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
             + (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
             + (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0)
    d_lon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
             + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
             + (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
             + (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    d_lat = d_lat * 180.0 / ((_A * (1 - _EE)) / (magic * math.sqrt(magic)) * math.pi)
    d_lon = d_lon * 180.0 / (_A / math.sqrt(magic) * math.cos(rad) * math.pi)
    return d_lat, d_lon


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    if not in_china(lat, lon):
        return lat, lon
    d_lat, d_lon = _offset(lat, lon)
    return lat + d_lat, lon + d_lon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """The WGS-84 point whose GCJ-02 image is (lat, lon): the offset varies slowly, so a fixed-point
    iteration converges in a few steps."""
    if not in_china(lat, lon):
        return lat, lon
    wgs_lat, wgs_lon = lat, lon
    for _ in range(20):
        gcj_lat, gcj_lon = wgs84_to_gcj02(wgs_lat, wgs_lon)
        error_lat, error_lon = lat - gcj_lat, lon - gcj_lon
        wgs_lat, wgs_lon = wgs_lat + error_lat, wgs_lon + error_lon
        if abs(error_lat) < 1e-10 and abs(error_lon) < 1e-10:
            break
    return wgs_lat, wgs_lon


def to_wgs84(lat: float, lon: float, datum: Datum) -> tuple[float, float]:
    return gcj02_to_wgs84(lat, lon) if datum == "GCJ-02" else (lat, lon)


def position(location: Location, site: Site) -> tuple[float, float] | None:
    """The project's (latitude, longitude) in WGS-84, or None when the record has no coordinates."""
    if location.latitude is None or location.longitude is None:
        return None
    lat, lon = to_wgs84(location.latitude, location.longitude, location.datum or site.map.datum)
    return round(lat, PLACES), round(lon, PLACES)
