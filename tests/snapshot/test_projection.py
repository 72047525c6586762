"""The view's conformal conic: fitted per view, true north, ground distances."""

from __future__ import annotations

import pytest
from pyproj import CRS, Proj, Transformer

from layers.measure import GEOD
from render.snapshot.projection import (
    extent_lonlat,
    fit_crs,
    ground_km,
    north_angle,
    projected_extent,
    transformers,
)
from render.views import VIEWS


def test_conic_is_fitted_to_the_view():
    crs = fit_crs((43.6, 38.45, 47.6, 40.85))
    params = dict(p.lstrip("+").split("=", 1) for p in crs.srs.split() if "=" in p)
    assert params["proj"] == "lcc" and float(params["lon_0"]) == pytest.approx(45.6)
    assert 38.45 < float(params["lat_1"]) < float(params["lat_2"]) < 40.85
    assert "tmerc" in fit_crs((30, -5, 40, 5)).srs  # straddles the equator


@pytest.mark.parametrize("bbox", [v.bbox for v in VIEWS.values()] + [(30, -5, 40, 5)])
def test_the_fitted_transformers_give_pyprojs_coordinates_from_wgs84(bbox):
    """The cached transformers start from the CRS's own lon/lat (no operation search): they
    must place every point where a transformer from EPSG:4326 does, both ways."""
    crs = fit_crs(bbox)
    fwd, inv = transformers(crs.to_wkt())
    lons = [bbox[0], (bbox[0] + bbox[2]) / 2, bbox[2], bbox[0] - 10]
    lats = [bbox[1], (bbox[1] + bbox[3]) / 2, bbox[3], bbox[3] + 5]
    ref_fwd = Transformer.from_crs(4326, crs, always_xy=True)
    xs, ys = fwd.transform(lons, lats)
    ex, ey = ref_fwd.transform(lons, lats)
    assert xs == pytest.approx(ex, abs=1e-6) and ys == pytest.approx(ey, abs=1e-6)
    back = inv.transform(xs, ys)
    expected = Transformer.from_crs(crs, 4326, always_xy=True).transform(xs, ys)
    assert back[0] == pytest.approx(expected[0], abs=1e-9) and back[1] == pytest.approx(expected[1], abs=1e-9)
    assert back[0] == pytest.approx(lons, abs=1e-7) and back[1] == pytest.approx(lats, abs=1e-7)


def test_extent_fills_the_frame_and_round_trips():
    bbox = (54.7, 25.0, 57.9, 27.5)
    crs = fit_crs(bbox)
    extent = projected_extent(bbox, crs, 1.5)
    assert (extent[2] - extent[0]) / (extent[3] - extent[1]) == pytest.approx(1.5)
    lon0, lat0, lon1, lat1 = extent_lonlat(extent, crs)
    assert lon0 <= 54.7 and lat0 <= 25.0 and lon1 >= 57.9 and lat1 >= 27.5


def test_ground_km_is_geodesic():
    crs = fit_crs((40, 30, 50, 40))
    fwd = Transformer.from_crs(4326, crs, always_xy=True)
    (x0, x1), (y0, _) = fwd.transform([44, 46], [35, 35])
    inv = Transformer.from_crs(crs, 4326, always_xy=True)
    expected = GEOD.inv(*inv.transform(x0, y0), *inv.transform(x1, y0))[2] / 1000
    assert ground_km(crs, x0, x1, y0) == pytest.approx(expected)


def test_north_angle_follows_meridian_convergence_off_centre():
    crs = CRS.from_proj4("+proj=lcc +lat_1=30 +lat_2=40 +lat_0=35 +lon_0=40 +ellps=WGS84 +units=m")
    fwd = Transformer.from_crs(4326, crs, always_xy=True)
    x, y = fwd.transform(52, 37)
    angle = north_angle(crs, (x - 1e4, y - 1e4, x + 1e4, y + 1e4))
    assert angle < -5  # east of the central meridian, north leans left
    assert angle == pytest.approx(-Proj(crs).get_factors(52, 37).meridian_convergence, abs=0.05)
