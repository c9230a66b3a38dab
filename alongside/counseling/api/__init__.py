"""Counseling in the JSON API: every action of the pages, through the same access functions and
services. Errors: 404 for missing or not-yours, 422 naming the field, 409 for a clash of
state (a double booking, a signed note).

By part, each module with its own router: appointments and groups, treatment plans, session
notes, adherence and alerts."""

from types import ModuleType

from ninja import Router

from alongside.counseling.api import appointments, clients, notes, plans

router = Router(tags=["counseling"])
PARTS: list[ModuleType] = [appointments, clients, plans, notes]
for part in PARTS:
    router.add_router("", part.router)
