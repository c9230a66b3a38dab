"""Distances, bounding boxes and offline places."""

from __future__ import annotations

import pytest

from alongside.lib import geo


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((41.8781, -87.6298), (40.7128, -74.0060), 1145),
        ((51.5074, -0.1278), (48.8566, 2.3522), 344),
        ((0, 0), (0, 1), 111.2),
    ],
)
def test_great_circle_distances(a, b, km) -> None:
    assert geo.distance_km(*a, *b) == pytest.approx(km, rel=0.01)


@pytest.mark.parametrize(
    ("lat", "lng", "radius"),
    [(41.9, -87.6, 25), (64.1, -21.9, 50), (-33.9, 151.2, 10), (0.0, 179.95, 20), (89.95, 0, 30)],
)
def test_the_bounding_box_holds_every_point_within_the_radius(lat, lng, radius) -> None:
    box = geo.bounding_box(lat, lng, radius)
    for bearing in range(0, 360, 15):
        import math

        d = radius / geo.EARTH_RADIUS_KM
        la1, lo1, br = math.radians(lat), math.radians(lng), math.radians(bearing)
        la2 = math.asin(math.sin(la1) * math.cos(d) + math.cos(la1) * math.sin(d) * math.cos(br))
        lo2 = lo1 + math.atan2(
            math.sin(br) * math.sin(d) * math.cos(la1), math.cos(d) - math.sin(la1) * math.sin(la2)
        )
        point = (math.degrees(la2), (math.degrees(lo2) + 540) % 360 - 180)
        assert box.contains(*point) or box.min_lng == -180, (bearing, point, box)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("60614", "60614 (Chicago, IL)"),
        ("10467-1234", "10467 (Bronx, NY)"),
        ("Philadelphia", "Philadelphia, PA"),
        ("Springfield, IL", "Springfield, IL"),
        ("Leeds, GB", "Leeds, GB"),
    ],
)
def test_places_resolve_offline(text, label) -> None:
    assert geo.resolve_place(text).label == label


@pytest.mark.parametrize("text", ["", "00000", "Nowhere Special", "x" * 200])
def test_unknown_places_resolve_to_nothing(text) -> None:
    assert geo.resolve_place(text) is None


@pytest.mark.parametrize(
    ("lat", "lng", "ok"),
    [
        ("39.95", "-75.16", True),
        (0, 0, False),
        (91, 0, False),
        ("north", 1, False),
        (None, 1, False),
    ],
)
def test_coordinates_are_checked(lat, lng, ok) -> None:
    assert (geo.valid_coordinates(lat, lng) is not None) is ok


@pytest.mark.parametrize(
    ("lat", "lng", "radius"),
    [(39.95, -75.16, 25), (41.92, -87.65, 2), (-33.87, 151.2, 100), (51.5, -0.12, 10)],
)
def test_the_cells_of_a_box_hold_every_point_inside_it(lat, lng, radius) -> None:
    box = geo.bounding_box(lat, lng, radius)
    found = geo.cells_for_box(box)
    assert found is not None
    cells = set(found)
    steps = 12
    for i in range(steps + 1):
        for j in range(steps + 1):
            point = (
                box.min_lat + (box.max_lat - box.min_lat) * i / steps,
                box.min_lng + (box.max_lng - box.min_lng) * j / steps,
            )
            assert geo.cell_of(*point) in cells


def test_a_box_too_wide_for_cells_falls_back_to_ranges() -> None:
    assert geo.cells_for_box(geo.bounding_box(40, -100, 2000)) is None
