"""Assignment runs where an organization assigns, and what feeds them, by resource: who may
assign (who.py), the mentoring program (program.py), peer specialists' caseload capacity
(capacity.py), who waits and who can take them (pools.py), and the runs themselves (runs.py).
Everything is importable from here (`services.start_run`)."""

from alongside.matching.services.capacity import (
    SpecialistLoad,
    set_caseload_capacity,
    specialist_loads,
    specialist_memberships,
)
from alongside.matching.services.pools import (
    Pool,
    caseload_pool,
    mentoring_pool,
    pool_for,
    waiting_enrolments,
    waiting_records,
)
from alongside.matching.services.program import (
    enrolments_of,
    join_program,
    leave_program,
    program_mentors,
    programs_open_to,
)
from alongside.matching.services.runs import (
    RECENT_RUNS,
    approve_run,
    discard_run,
    pairs_of,
    recent_runs,
    role_word,
    start_run,
    unmatched_of,
    waiting_counts,
)
from alongside.matching.services.who import holders, may_assign, organizations_assigned_by

__all__ = [
    "RECENT_RUNS",
    "Pool",
    "SpecialistLoad",
    "approve_run",
    "caseload_pool",
    "discard_run",
    "enrolments_of",
    "holders",
    "join_program",
    "leave_program",
    "may_assign",
    "mentoring_pool",
    "organizations_assigned_by",
    "pairs_of",
    "pool_for",
    "program_mentors",
    "programs_open_to",
    "recent_runs",
    "role_word",
    "set_caseload_capacity",
    "specialist_loads",
    "specialist_memberships",
    "start_run",
    "unmatched_of",
    "waiting_counts",
    "waiting_enrolments",
    "waiting_records",
]
