"""The private journal and pathway worksheets."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.journey.models import JournalEntry, Track, UseDay, Worksheet, WorksheetComment
from alongside.journey.services.errors import JourneyError
from alongside.journey.services.tracks import set_use
from alongside.journey.tools import get_tool

MAX_JOURNAL = 20000
MAX_COMMENT = 2000


def _check_day(member: User, on: datetime.date, field: str) -> None:
    if on > member.local_today():
        raise JourneyError(field, _("That day has not come yet. Choose today or an earlier day."))


# ----------------------------------------------------------------------------------------------
# Journal


def _journal_text(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    if not body:
        raise JourneyError("body", _("Write something first — even one line."))
    if len(body) > MAX_JOURNAL:
        raise JourneyError(
            "body",
            _("An entry holds up to %(n)d characters; start a new one to go on.")
            % {"n": MAX_JOURNAL},
        )
    if len(title) > 200:
        raise JourneyError("title", _("Keep the title to 200 characters."))
    return title, body


@transaction.atomic
def write_journal_entry(
    *, member: User, body: str, title: str = "", written_on: datetime.date | None = None
) -> JournalEntry:
    """A private journal entry (encrypted, never shared with anyone)."""
    written_on = written_on or member.local_today()
    _check_day(member, written_on, "written_on")
    title, body = _journal_text(title, body)
    return JournalEntry.objects.create(member=member, written_on=written_on, title=title, body=body)


@transaction.atomic
def update_journal_entry(
    *, entry: JournalEntry, body: str, title: str = "", written_on: datetime.date | None = None
) -> JournalEntry:
    entry.title, entry.body = _journal_text(title, body)
    if written_on is not None:
        _check_day(entry.member, written_on, "written_on")
        entry.written_on = written_on
    entry.updated_at = timezone.now()
    entry.save(update_fields=["title", "body", "written_on", "updated_at"])
    return entry


@transaction.atomic
def delete_journal_entry(*, entry: JournalEntry) -> None:
    entry.delete()


# ----------------------------------------------------------------------------------------------
# Worksheets


class WorksheetInvalid(JourneyError):
    """Answers that do not fit the tool: every field's errors, for the page or a 422."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        field, messages = next(iter(errors.items()))
        super().__init__(field, messages[0])
        self.errors = errors


def clean_answers(
    *, member: User, tool_key: str, answers: dict[str, Any], saved: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Validate answers against the tool's fields (the same form the page shows). `saved` are
    the worksheet's answers so far: the person it was filled in with stays a valid answer."""
    from alongside.journey.forms import worksheet_form

    tool = get_tool(tool_key)
    if tool is None:
        raise JourneyError("tool", _("There is no such tool."))
    form = worksheet_form(tool, member, data=answers, initial=saved)
    if not form.is_valid():
        raise WorksheetInvalid({name: [str(e) for e in errs] for name, errs in form.errors.items()})
    return form.answers()


def _apply_drink_log(member: User, answers: dict[str, Any], on: datetime.date, sign: int) -> None:
    """Add (sign=1) or take back (sign=-1) a drink-log occasion from the day's total."""
    track = Track.objects.for_member(member).filter(pk=answers.get("track")).first()
    if track is None:
        return
    drinks = int(answers.get("drinks") or 0)
    day = UseDay.objects.select_for_update().filter(track=track, on=on).first()
    total = max((day.amount if day else 0) + sign * drinks, 0)
    try:
        set_use(track=track, on=on, amount=total)
    except JourneyError as error:
        raise JourneyError("drinks", error.message) from error


@transaction.atomic
def save_worksheet(
    *,
    member: User,
    tool_key: str,
    answers: dict[str, Any],
    on: datetime.date | None = None,
    worksheet: Worksheet | None = None,
) -> Worksheet:
    """Create (or, given `worksheet`, replace the answers of) one worksheet in the member's
    history. A drink-log occasion also counts toward the day's total on its moderation track.
    Raises WorksheetInvalid with every field's errors, or JourneyError for a future day."""
    on = on or (worksheet.on if worksheet else member.local_today())
    _check_day(member, on, "on")
    cleaned = clean_answers(
        member=member,
        tool_key=tool_key,
        answers=answers,
        saved=worksheet.values if worksheet else None,
    )
    if worksheet is None:
        worksheet = Worksheet(member=member, tool=tool_key, on=on)
    elif tool_key == "drink_log":
        _apply_drink_log(member, worksheet.values, worksheet.on, -1)
    if tool_key == "drink_log":
        _apply_drink_log(member, cleaned, on, 1)
    worksheet.on = on
    worksheet.values = cleaned
    worksheet.updated_at = timezone.now()
    worksheet.save()
    return worksheet


@transaction.atomic
def delete_worksheet(*, worksheet: Worksheet) -> None:
    if worksheet.tool == "drink_log":
        _apply_drink_log(worksheet.member, worksheet.values, worksheet.on, -1)
    worksheet.delete()


# ----------------------------------------------------------------------------------------------
# Comments on shared worksheets


@transaction.atomic
def comment_on_worksheet(*, author: User, worksheet: Worksheet, body: str) -> WorksheetComment:
    """Add a comment to a worksheet. The caller has checked, through access.py, that the author
    is the member or someone the member shares this worksheet with. A comment from someone
    else tells the member; the member's own answer tells the others who commented before (the
    notice names no content, and its link checks access again). Raises JourneyError ("body")
    for an empty or too long comment."""
    text = (body or "").strip()
    if not text:
        raise JourneyError("body", _("Write a comment before sending it."))
    if len(text) > MAX_COMMENT:
        raise JourneyError(
            "body",
            _("A comment holds up to %(n)d characters; this one has %(count)d.")
            % {"n": MAX_COMMENT, "count": len(text)},
        )
    comment = WorksheetComment.objects.create(worksheet=worksheet, author=author, body=text)
    member = worksheet.member
    if author.pk != member.pk:
        _tell_about_comment(
            comment, recipients=[member], url=reverse("journey:worksheet", args=[worksheet.pk])
        )
    else:
        earlier = (
            WorksheetComment.objects.filter(worksheet=worksheet)
            .exclude(author=member)
            .values_list("author", flat=True)
            .distinct()
        )
        readers = list(User.objects.filter(pk__in=earlier, is_active=True))
        url = reverse("journey:member-worksheet", args=[member.pk, worksheet.pk])
        _tell_about_comment(comment, recipients=readers, url=url)
    return comment


def _tell_about_comment(comment: WorksheetComment, *, recipients: list[User], url: str) -> None:
    from alongside.notifications.services import notify

    for person in recipients:
        notify(
            user=person,
            kind="worksheet_comment",
            title=_("A new comment on a worksheet"),
            body=_("%(name)s commented on a worksheet.") % {"name": comment.author.display_name},
            url=url,
            dedupe_key=f"worksheet-comment-{comment.pk}-{person.pk}",
            about=comment.worksheet.member,
        )


def worksheet_comments(worksheet: Worksheet) -> list[WorksheetComment]:
    return list(worksheet.comments.select_related("author"))
