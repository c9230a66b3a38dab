from __future__ import annotations

from django_tasks import task

from alongside.privacy import services


@task()
def build_export(export_id: int) -> str:
    """Prepare a member's export archive; run by `alongside worker`."""
    export = services.run_export(export_id=export_id)
    return export.status if export is not None else "gone"
