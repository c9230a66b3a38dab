"""Sober living in the JSON API: every action of the pages, through the same access functions
and services, and the open vacancy feed. Errors: 404 for missing or not-yours, 422 naming the
field, 409 for a clash of state (a bed taken, a stay already ended).

By part, each module with its own router: houses, beds and stays (houses.py), vacancies
(vacancies.py); house life — curfew, chores, drug tests, house meetings, incidents, fees and
the weekly report (life.py)."""

from types import ModuleType

from ninja import Router

from alongside.housing.api import houses, life, vacancies

router = Router(tags=["housing"])
PARTS: list[ModuleType] = [houses, vacancies, life]
for part in PARTS:
    router.add_router("", part.router)
