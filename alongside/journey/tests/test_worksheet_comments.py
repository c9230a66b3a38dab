"""Working on step work together: Maya shares a worksheet with Sam, her sponsor; he comments on
it, she is told and answers on her own page. Nobody the worksheet is not shared with can read or
comment; comments are encrypted, in her export, and go with the worksheet."""

from __future__ import annotations

import pytest
from django.db import connection

from alongside.accounts.sensitive import Credential
from alongside.journey import services
from alongside.journey.models import WorksheetComment
from alongside.notifications.models import InAppNotification
from alongside.privacy.services import collect_member_data, grant_access, revoke_grant

pytestmark = pytest.mark.django_db


def shared_step_work(maya, sam):
    sheet = services.save_worksheet(
        member=maya, tool_key="step_work", answers={"step": "1", "writing": "I was powerless."}
    )
    grant = grant_access(
        member=maya,
        grantee_user=sam,
        scopes=["worksheets"],
        worksheets=[sheet.pk],
        purpose="my sponsor",
        credential=Credential.for_setup(maya),
    )
    return sheet, grant


def test_sam_comments_on_shared_step_work_and_maya_answers(cast, client_as) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    sheet, _grant = shared_step_work(maya, sam)
    url = f"/journey/members/{maya.pk}/worksheets/{sheet.pk}/"
    response = client_as("mentor").post(f"{url}comments/", {"body": "Honest. Call me Thursday."})
    assert response.status_code == 302 and response["Location"] == url
    page = client_as("mentor").get(url).content.decode()
    assert "Honest. Call me Thursday." in page and "Sam W." in page
    [notice] = InAppNotification.objects.filter(user=maya, kind="worksheet_comment")
    assert notice.body == "Sam W. commented on a worksheet."
    assert notice.url == f"/journey/worksheets/{sheet.pk}/"
    own = client_as("member").get(f"/journey/worksheets/{sheet.pk}/").content.decode()
    assert "Honest. Call me Thursday." in own
    client_as("member").post(f"/journey/worksheets/{sheet.pk}/comments/", {"body": "Thursday!"})
    [answer] = InAppNotification.objects.filter(user=sam, kind="worksheet_comment")
    assert answer.url == url
    api = client_as("mentor").get(f"/api/v1/members/{maya.pk}/worksheets/{sheet.pk}/comments")
    assert [(c["author"], c["body"], c["is_yours"]) for c in api.json()] == [
        ("Sam W.", "Honest. Call me Thursday.", True),
        ("Maya O.", "Thursday!", False),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM journey_worksheetcomment")
        assert all("Thursday" not in row[0] for row in cursor.fetchall())  # encrypted at rest


def test_nobody_without_the_worksheet_shared_reads_or_comments(cast, client_as) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    sheet, grant = shared_step_work(maya, sam)
    path = f"/journey/members/{maya.pk}/worksheets/{sheet.pk}/comments/"
    assert client_as("ally").post(path, {"body": "hi"}).status_code == 404
    api = f"/api/v1/members/{maya.pk}/worksheets/{sheet.pk}/comments"
    assert client_as("counselor").get(api).status_code == 404
    revoke_grant(grant=grant, by=maya, credential=Credential.for_setup(maya))
    assert client_as("mentor").post(path, {"body": "still here?"}).status_code == 404
    assert not WorksheetComment.objects.exists()


@pytest.mark.parametrize(
    ("body", "words"),
    [("   ", "Write a comment before sending it."), ("x" * 2001, "up to 2000 characters")],
)
def test_an_empty_or_too_long_comment_is_refused_beside_the_field(
    cast, client_as, body, words
) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    sheet, _grant = shared_step_work(maya, sam)
    path = f"/journey/members/{maya.pk}/worksheets/{sheet.pk}/comments/"
    page = client_as("mentor").post(path, {"body": body})
    assert page.status_code == 422
    text = page.content.decode()
    assert ("This field is required." in text) or (words in text)
    api = client_as("mentor").post(
        f"/api/v1/members/{maya.pk}/worksheets/{sheet.pk}/comments",
        {"body": body},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert api.json()["error"]["fields"][0]["field"] == "body"
    assert not WorksheetComment.objects.exists()


def test_comments_are_in_the_export_and_go_with_the_worksheet(cast) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    sheet, _grant = shared_step_work(maya, sam)
    services.comment_on_worksheet(author=sam, worksheet=sheet, body="Proud of this.")
    [row] = collect_member_data(maya)["sections"]["worksheets"]
    assert row["comments"][0]["from"] == "Sam W." and row["comments"][0]["comment"] == (
        "Proud of this."
    )
    assert collect_member_data(sam)["sections"]["worksheet_comments_written"][0]["comment"] == (
        "Proud of this."
    )
    services.delete_worksheet(worksheet=sheet)
    assert not WorksheetComment.objects.exists()
