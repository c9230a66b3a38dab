"""Direct messages as JSON: the same rules as the pages (services), the same 404 for a person
one may not message. Errors: 422 naming the field, 429 with Retry-After past the allowance."""

from __future__ import annotations

from django.http import Http404
from ninja import Router, Status
from ninja.errors import ValidationError

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import User
from alongside.api_errors import ApiError
from alongside.messaging import access, services
from alongside.messaging.models import Message
from alongside.messaging.schemas import (
    ConversationDetailOut,
    ConversationOut,
    InboxOut,
    MessageIn,
    MessageOut,
    PersonOut,
    ReportIn,
    ReportOut,
)
from alongside.privacy.models import Interface
from alongside.schemas import Id

router = Router(tags=["messages"])


def _person(relation: services.Relation) -> PersonOut:
    return PersonOut(
        id=relation.other.pk,
        display_name=str(relation.other.display_name),
        ties=relation.ties,
        blocked_by_me=relation.blocked_by_me,
    )


def _message(message: Message, viewer: User) -> MessageOut:
    return MessageOut(
        id=message.pk,
        sender_id=message.sender_id,
        sender=str(message.sender.display_name),
        mine=message.sender_id == viewer.pk,
        body=message.body,
        created_at=message.created_at,
        read_at=message.read_at,
    )


def _refused(error: services.MessageError) -> Exception:
    if isinstance(error, services.RateLimited):
        return ApiError(
            429, "rate_limited", error.message, headers={"Retry-After": str(error.retry_after)}
        )
    if isinstance(error, services.YouBlockedThem):
        return ApiError(409, "blocked", error.message)
    # Located by the field alone: the API's error names drop "body", which is also this field's name.
    return ValidationError([{"loc": (error.field,), "msg": error.message}])


@router.get("/messages", response=InboxOut, summary="Your conversations, with unread counts")
def inbox(request: AuthenticatedHttpRequest) -> InboxOut:
    rows = services.unread_by_conversation(request.user)
    return InboxOut(
        unread_total=sum(unread for _c, unread in rows),
        conversations=[
            ConversationOut(
                person_id=c.other(request.user).pk,
                display_name=str(c.other(request.user).display_name),
                unread=unread,
                last_message_at=c.last_message_at,
            )
            for c, unread in rows
        ],
    )


@router.get("/messages/people", response=list[PersonOut], summary="People you may message")
def people(request: AuthenticatedHttpRequest) -> list[PersonOut]:
    return [_person(r) for r in services.people_to_message(request.user)]


@router.get(
    "/messages/with/{user_id}",
    response=ConversationDetailOut,
    url_name="messages_with",
    summary="Your conversation with one person (marks what you received read)",
)
def conversation(request: AuthenticatedHttpRequest, user_id: Id) -> ConversationDetailOut:
    relation = access.access_person(request.user, user_id, interface=Interface.API, reading=True)
    found = services.conversation_between(request.user, relation.other)
    history = services.recent_messages(found) if found is not None else []
    if found is not None:
        services.mark_read(reader=request.user, conversation=found)
    return ConversationDetailOut(
        person=_person(relation), messages=[_message(m, request.user) for m in history]
    )


@router.post(
    "/messages/with/{user_id}",
    response={201: MessageOut},
    summary="Send a message (up to 2,000 characters; no attachments)",
)
def send(request: AuthenticatedHttpRequest, user_id: Id, payload: MessageIn):
    relation = access.access_person(request.user, user_id, interface=Interface.API)
    try:
        message = services.send_message(
            sender=request.user, recipient=relation.other, body=payload.body
        )
    except services.NoRelationship:
        raise Http404("Not found.") from None
    except services.MessageError as error:
        raise _refused(error) from error
    return Status(201, _message(message, request.user))


@router.post(
    "/messages/with/{user_id}/block",
    response=PersonOut,
    summary="Block a person: they can no longer message you",
)
def block(request: AuthenticatedHttpRequest, user_id: Id) -> PersonOut:
    relation = access.access_person(request.user, user_id, interface=Interface.API)
    services.block(blocker=request.user, blocked=relation.other)
    return _person(services.relation(request.user, relation.other))


@router.post("/messages/with/{user_id}/unblock", response=PersonOut, summary="Unblock a person")
def unblock(request: AuthenticatedHttpRequest, user_id: Id) -> PersonOut:
    relation = access.access_person(request.user, user_id, interface=Interface.API)
    services.unblock(blocker=request.user, blocked=relation.other)
    return _person(services.relation(request.user, relation.other))


@router.post(
    "/messages/with/{user_id}/report",
    response={201: ReportOut},
    summary="Report a person to your organization's moderators",
)
def report(request: AuthenticatedHttpRequest, user_id: Id, payload: ReportIn):
    relation = access.access_person(request.user, user_id, interface=Interface.API)
    try:
        found = services.report(
            reporter=request.user,
            reported=relation.other,
            reason=payload.reason,
            details=payload.details,
        )
    except services.MessageError as error:
        raise _refused(error) from error
    return Status(201, ReportOut(id=found.pk, reason=found.reason, created_at=found.created_at))
