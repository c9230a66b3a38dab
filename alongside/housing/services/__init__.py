"""Sober-living state changes, by part: houses, beds, stays and vacancies (houses.py, stays.py,
vacancies.py), house life (curfew.py, chores.py, drug_tests.py, meetings.py, incidents.py,
ledger.py) and the weekly report (reports.py). Every page, API route, command and task calls
these."""
