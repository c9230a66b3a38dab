"""Background work for meetings, run by `alongside worker`."""

from __future__ import annotations

from django_tasks import task

from alongside.meetings import imports


@task()
def import_from_url(run_id: int) -> str:
    """Fetch a queued URL import and import it (imports.start_url_import queues it)."""
    run = imports.run_url_import(run_id=run_id)
    return run.status if run is not None else "gone"


@task()
def purge_removed_meetings() -> int:
    """Purge meetings their feeds dropped more than 30 days ago (also `manage.py purge_removed_meetings`)."""
    return imports.purge_removed_meetings()
