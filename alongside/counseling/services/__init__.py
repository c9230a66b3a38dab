"""Counseling state changes, by part: appointments (appointments.py, appointment_requests.py,
appointment_calendars.py) and therapy groups (therapy_groups.py),
treatment plans (plans.py), session notes and their signatures (notes.py), adherence and safety
alerts (adherence.py). Every page, API route, command and task calls these."""
