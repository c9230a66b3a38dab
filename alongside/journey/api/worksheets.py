"""Pathway tools and the worksheets saved with them; the worksheets a member shares with you."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.errors import ValidationError

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.journey import access, services, shared
from alongside.journey.api.common import API, create, invalid
from alongside.journey.models import Worksheet
from alongside.journey.schemas import (
    SharedWorksheetOut,
    ToolOut,
    WorksheetCommentIn,
    WorksheetCommentOut,
    WorksheetIn,
    WorksheetOut,
    WorksheetUpdate,
)
from alongside.journey.tools import PERSON, get_tool, tools_for
from alongside.privacy.policy import people_member_shares_with
from alongside.schemas import Id, Text

router = Router()


@router.get(
    "/tools",
    response=list[ToolOut],
    summary="Pathway tools, those for your pathways marked offered and listed first",
)
def list_tools(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    offered, others = tools_for(request.user.pathways)
    # A "filled in with" field offers the people you share with, as on the page.
    people = [[str(p.pk), p.display_name] for p in people_member_shares_with(request.user)]
    return [
        {
            "key": t.key,
            "label": str(t.label),
            "description": str(t.description),
            "offered": t in offered,
            "has_timer": t.has_timer,
            "fields": [
                {
                    "name": f.name,
                    "label": str(f.label),
                    "kind": f.kind,
                    "required": f.required,
                    "choices": people if f.kind == PERSON else [[k, str(v)] for k, v in f.choices],
                    "min_value": f.min_value,
                    "max_value": f.max_value,
                }
                for f in t.fields
            ],
        }
        for t in [*offered, *others]
    ]


@router.get(
    "/worksheets", response=list[WorksheetOut], summary="Your saved worksheets, newest first"
)
def list_worksheets(
    request: AuthenticatedHttpRequest,
    tool: Text | None = Query(None),  # noqa: B008
) -> list[Worksheet]:
    found = Worksheet.objects.filter(member=request.user)
    if tool:
        found = found.filter(tool=tool)
    return list(found[:200])


@router.post(
    "/worksheets", response={201: WorksheetOut}, summary="Save a worksheet to your history"
)
def create_worksheet(request: HttpRequest, payload: WorksheetIn):
    if get_tool(payload.tool) is None:
        raise ValidationError(
            [{"loc": ("body", "payload", "tool"), "msg": "There is no such tool."}]
        )
    return create(
        services.save_worksheet,
        member=request.user,
        tool_key=payload.tool,
        answers=payload.answers,
        on=payload.on,
    )


@router.get("/worksheets/{worksheet_id}", response=WorksheetOut, summary="One saved worksheet")
def get_worksheet(request: AuthenticatedHttpRequest, worksheet_id: Id) -> Worksheet:
    return access.access_worksheet(request.user, worksheet_id)


@router.put("/worksheets/{worksheet_id}", response=WorksheetOut, summary="Change a saved worksheet")
def put_worksheet(
    request: AuthenticatedHttpRequest, worksheet_id: Id, payload: WorksheetUpdate
) -> Worksheet:
    sheet = access.access_worksheet(request.user, worksheet_id)
    try:
        return services.save_worksheet(
            member=request.user,
            tool_key=sheet.tool,
            answers=payload.answers,
            on=payload.on,
            worksheet=sheet,
        )
    except services.JourneyError as error:
        raise invalid(error) from error


@router.delete("/worksheets/{worksheet_id}", response={204: None}, summary="Delete a worksheet")
def delete_worksheet(request: AuthenticatedHttpRequest, worksheet_id: Id):
    services.delete_worksheet(worksheet=access.access_worksheet(request.user, worksheet_id))
    return Status(204, None)


@router.get(
    "/members/{member_id}/worksheets",
    response=list[SharedWorksheetOut],  # type: ignore[valid-type]  # built by shared_schema()
    summary="The worksheets a member chose to share with you, with their answers",
)
def member_worksheets(request: AuthenticatedHttpRequest, member_id: Id) -> list[dict[str, Any]]:
    _member, sheets = access.access_member_worksheets(request.user, member_id, interface=API)
    return shared.worksheets(sheets[:200])


def _comments(sheet: Worksheet, viewer) -> list[dict[str, Any]]:
    return [
        {
            "id": c.pk,
            "author": str(c.author.display_name),
            "is_yours": c.author_id == viewer.pk,
            "body": c.body,
            "created_at": c.created_at,
        }
        for c in services.worksheet_comments(sheet)
    ]


@router.get(
    "/worksheets/{worksheet_id}/comments",
    response=list[WorksheetCommentOut],
    summary="Comments on one of your worksheets, oldest first",
)
def worksheet_comments(request: AuthenticatedHttpRequest, worksheet_id: Id) -> list[dict]:
    return _comments(access.access_worksheet(request.user, worksheet_id), request.user)


@router.post(
    "/worksheets/{worksheet_id}/comments",
    response={201: list[WorksheetCommentOut]},
    summary="Answer the comments on one of your worksheets (the others who commented are told)",
)
def post_worksheet_comment(
    request: AuthenticatedHttpRequest, worksheet_id: Id, payload: WorksheetCommentIn
):
    sheet = access.access_worksheet(request.user, worksheet_id)
    create(services.comment_on_worksheet, author=request.user, worksheet=sheet, body=payload.body)
    return Status(201, _comments(sheet, request.user))


@router.get(
    "/members/{member_id}/worksheets/{worksheet_id}/comments",
    response=list[WorksheetCommentOut],
    summary="Comments on a worksheet a member shares with you, oldest first",
)
def member_worksheet_comments(
    request: AuthenticatedHttpRequest, member_id: Id, worksheet_id: Id
) -> list[dict]:
    sheet = access.access_shared_worksheet(request.user, member_id, worksheet_id, interface=API)
    return _comments(sheet, request.user)


@router.post(
    "/members/{member_id}/worksheets/{worksheet_id}/comments",
    response={201: list[WorksheetCommentOut]},
    summary="Comment on a worksheet a member shares with you (they are told)",
)
def post_member_worksheet_comment(
    request: AuthenticatedHttpRequest, member_id: Id, worksheet_id: Id, payload: WorksheetCommentIn
):
    sheet = access.access_shared_worksheet(request.user, member_id, worksheet_id, interface=API)
    create(services.comment_on_worksheet, author=request.user, worksheet=sheet, body=payload.body)
    return Status(201, _comments(sheet, request.user))
