"""Background work for peer support, run by the task worker."""

from __future__ import annotations

from django_tasks import task

from alongside.peers import services
from alongside.peers.models import SupportRequest


@task()
def lapse_request(request_id: int) -> str:
    """At the end of a request's 72 hours: if nobody answered, it lapses and the member is told
    (services.lapse). Nothing happens to a request answered, withdrawn or gone."""
    request = SupportRequest.objects.filter(pk=request_id).first()
    if request is None:
        return "gone"
    return "lapsed" if services.lapse(request=request) else "answered"


@task()
def prompt_partners(rhythm_id: int, opens_at: str) -> str:
    """At the start of a check-in window: prompt both accountability partners and schedule the
    next window's prompt (partners.prompt)."""
    from alongside.peers import partners

    return partners.prompt(rhythm_id=rhythm_id, opens_at=opens_at)
