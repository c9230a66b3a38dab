"""Counseling state changes, by part: appointments and therapy groups (appointments.py),
treatment plans (plans.py), session notes and their signatures (notes.py), adherence and safety
alerts (adherence.py). Every page, API route, command and task calls these."""
