"""The journey in the JSON API: every member action of the pages, through the same access
functions and services. Errors: 404 for missing or not-yours, 422 naming the field.

By resource, in the order the API document lists them: check-ins (check_ins.py), dual
recovery's symptoms and symptom log (symptoms.py), tracks
(tracks.py), milestone celebrations (celebrations.py), the relapse-prevention plan, safety plan
and goals (plans.py), the journal (journal.py), pathway tools and worksheets (worksheets.py),
the check-in reminder (reminders.py), and skills for hard moments, coping cards and
tool suggestions (skills.py)."""

from ninja import Router

from alongside.journey.api import (
    celebrations,
    check_ins,
    journal,
    plans,
    reminders,
    skills,
    symptoms,
    tracks,
    worksheets,
)

router = Router(tags=["journey"])
for part in (
    check_ins,
    symptoms,
    tracks,
    celebrations,
    plans,
    journal,
    worksheets,
    reminders,
    skills,
):
    router.add_router("", part.router)
