"""The journal: the member's alone, never shared."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.journey import access, services
from alongside.journey.api.common import create, invalid
from alongside.journey.models import JournalEntry
from alongside.journey.schemas import JournalIn, JournalOut
from alongside.schemas import Id

router = Router()


@router.get("/journal", response=list[JournalOut], summary="Your private journal (never shared)")
def list_journal(request: AuthenticatedHttpRequest) -> list[JournalEntry]:
    return list(JournalEntry.objects.filter(member=request.user)[:200])


@router.post("/journal", response={201: JournalOut}, summary="Write a journal entry")
def create_journal_entry(request: HttpRequest, payload: JournalIn):
    return create(services.write_journal_entry, member=request.user, **payload.dict())


@router.get("/journal/{entry_id}", response=JournalOut, summary="One journal entry")
def get_journal_entry(request: AuthenticatedHttpRequest, entry_id: Id) -> JournalEntry:
    return access.access_journal_entry(request.user, entry_id)


@router.put("/journal/{entry_id}", response=JournalOut, summary="Rewrite a journal entry")
def put_journal_entry(
    request: AuthenticatedHttpRequest, entry_id: Id, payload: JournalIn
) -> JournalEntry:
    entry = access.access_journal_entry(request.user, entry_id)
    try:
        return services.update_journal_entry(entry=entry, **payload.dict())
    except services.JourneyError as error:
        raise invalid(error) from error


@router.delete("/journal/{entry_id}", response={204: None}, summary="Delete a journal entry")
def delete_journal_entry(request: AuthenticatedHttpRequest, entry_id: Id):
    services.delete_journal_entry(entry=access.access_journal_entry(request.user, entry_id))
    return Status(204, None)
