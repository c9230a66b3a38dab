"""Meetings state changes: meetings and groups, saved meetings and calendars, attendance (QR,
online, by hand, confirmation, proof sheets), service positions and business meetings."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import qrcode
import qrcode.image.svg
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from fpdf import FPDF

from alongside.accounts.models import User
from alongside.lib import geo
from alongside.lib.schedule import sunday_based
from alongside.meetings.imports import index_slots
from alongside.meetings.models import (
    AttendanceMethod,
    AttendanceRecord,
    BusinessMeeting,
    CalendarFeed,
    Facilitator,
    Group,
    Meeting,
    MeetingPreference,
    PositionRole,
    ProofSheet,
    SavedMeeting,
    ServiceTerm,
    Verification,
)
from alongside.privacy.models import Action, Interface, Scope
from alongside.privacy.policy import log_access

QR_SALT = "alongside.meetings.qr"
QR_LIFETIME = dt.timedelta(
    minutes=10
)  # a code on screen is replaced every minute; a photo soon stops working
EARLY = dt.timedelta(minutes=30)
LATE = dt.timedelta(minutes=30)


class AttendanceError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


# --- meetings ------------------------------------------------------------------------------------


def normalize_codes(meeting: Meeting) -> None:
    """Keep the type codes saying what the fields say (ONL for online, TC when inactive, O/C)."""
    codes = [c for c in meeting.type_codes if c not in {"ONL", "O", "C"}]
    if meeting.openness == "open":
        codes.insert(0, "O")
    elif meeting.openness == "closed":
        codes.insert(0, "C")
    if meeting.is_online:
        codes.append("ONL")
    if meeting.is_inactive and "TC" not in codes:
        codes.append("TC")
    meeting.types = f" {' '.join(dict.fromkeys(codes))} " if codes else ""
    meeting.languages = f" {' '.join(meeting.language_codes)} " if meeting.language_codes else ""


@transaction.atomic
def save_meeting(*, meeting: Meeting) -> Meeting:
    """Validate and save one of our own meetings, then re-index its weekly search slots.

    Places it at its ZIP code's centre when it has an address with a ZIP but no coordinates.
    Raises django.core.exceptions.ValidationError with field errors.
    """
    normalize_codes(meeting)
    if not meeting.postal_code and meeting.attendance != "online":
        meeting.postal_code = geo.zip_in_address(meeting.formatted_address) or ""
    if meeting.recurrence == "once" and meeting.anchor_date:
        meeting.days = [sunday_based(meeting.anchor_date)]
    if meeting.latitude is None and meeting.attendance != "online":
        place = geo.zip_place(
            meeting.postal_code or geo.zip_in_address(meeting.formatted_address) or ""
        )
        if place is not None:
            meeting.latitude, meeting.longitude, meeting.is_approximate = (
                place.latitude,
                place.longitude,
                True,
            )
    meeting.full_clean(exclude=["source", "slug"] if meeting.slug else ["source"])
    meeting.refresh_link_review()
    meeting.refresh_search_fields()
    meeting.updated_at = timezone.now()
    meeting.save()
    index_slots([meeting])
    return meeting


@transaction.atomic
def approve_conference_link(*, meeting: Meeting, steward: User) -> Meeting:
    """A directory steward approves the conference link a meeting has now; it then shows. A
    later change of link (by a form or a feed) is flagged again."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.conference_url_approved = meeting.conference_url
    meeting.conference_url_approved_by, meeting.conference_url_approved_at = steward, timezone.now()
    meeting.refresh_link_review()
    meeting.save(
        update_fields=[
            "conference_url_approved",
            "conference_url_approved_by",
            "conference_url_approved_at",
            "conference_needs_review",
        ]
    )
    return meeting


@transaction.atomic
def save_to_my_meetings(*, member: User, meeting: Meeting) -> bool:
    """Add a meeting to the member's list (and calendar). Returns False if it was there."""
    _row, created = SavedMeeting.objects.get_or_create(
        member=member, meeting=meeting, defaults={"meeting_name": meeting.name}
    )
    calendar_feed(member=member)
    return created


@transaction.atomic
def remove_from_my_meetings(*, member: User, meeting: Meeting) -> None:
    SavedMeeting.objects.filter(member=member, meeting=meeting).delete()


def calendar_feed(*, member: User) -> CalendarFeed:
    return CalendarFeed.objects.get_or_create(member=member)[0]


@transaction.atomic
def rotate_calendar_key(*, member: User) -> CalendarFeed:
    """A new secret calendar address; the old one stops working at once."""
    feed = calendar_feed(member=member)
    feed.key = CalendarFeed._meta.get_field("key").default()
    feed.save(update_fields=["key"])
    return feed


@transaction.atomic
def save_preferences(*, member: User, **values: object) -> MeetingPreference:
    pref, _created = MeetingPreference.objects.get_or_create(member=member)
    for name, value in values.items():
        setattr(pref, name, value)
    place = geo.resolve_place(pref.near) if pref.near else None
    pref.latitude, pref.longitude = (place.latitude, place.longitude) if place else (None, None)
    pref.updated_at = timezone.now()
    pref.save()
    return pref


# --- attendance ----------------------------------------------------------------------------------


def qr_token(
    *, meeting: Meeting, facilitator: User, now: dt.datetime | None = None
) -> tuple[str, dt.datetime] | None:
    """A signed code for the occurrence happening now (None when none is): it names the meeting,
    the occurrence and the facilitator showing it, and expires after QR_LIFETIME."""
    now = now or timezone.now()
    occurrence = meeting.schedule().occurrence_at(now, before=EARLY, after=LATE)
    if occurrence is None:
        return None
    payload = {"m": meeting.pk, "o": int(occurrence.starts_at.timestamp()), "f": facilitator.pk}
    return signing.TimestampSigner(salt=QR_SALT).sign_object(
        payload, compress=True
    ), occurrence.starts_at


def qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")


def read_qr_token(
    token: str, *, now: dt.datetime | None = None
) -> tuple[Meeting, dt.datetime, User]:
    """The meeting, occurrence start and facilitator a scanned code stands for.

    Raises AttendanceError when the code is forged, older than its lifetime, or its meeting is over.
    """
    now = now or timezone.now()
    signer = signing.TimestampSigner(salt=QR_SALT)
    try:
        # max_age is checked against the real clock by Django, so compare the time ourselves.
        payload = signer.unsign_object(token)
        signed_at = dt.datetime.fromtimestamp(
            signing.b62_decode(token.rsplit(":", 2)[-2]), tz=dt.UTC
        )
    except (signing.BadSignature, ValueError, IndexError) as exc:
        raise AttendanceError(
            "token", _("This code is not one Alongside made. Ask the facilitator to show it again.")
        ) from exc
    if now - signed_at > QR_LIFETIME or signed_at - now > dt.timedelta(minutes=1):
        raise AttendanceError(
            "token", _("This code has expired. Scan the code on the facilitator's screen now.")
        )
    meeting = Meeting.objects.filter(pk=payload.get("m")).first()
    facilitator = User.objects.filter(pk=payload.get("f"), is_active=True).first()
    if meeting is None or facilitator is None:
        raise AttendanceError("token", _("This meeting is no longer listed."))
    starts = dt.datetime.fromtimestamp(int(payload["o"]), tz=dt.UTC)
    if not (
        starts - EARLY <= now <= starts + dt.timedelta(minutes=meeting.duration_minutes) + LATE
    ):
        raise AttendanceError(
            "token", _("This code belongs to a meeting that is not happening now.")
        )
    return meeting, starts, facilitator


def _create_record(
    *, member: User, meeting: Meeting, occurred_at: dt.datetime, **values: Any
) -> tuple[AttendanceRecord, bool]:
    try:
        with transaction.atomic():
            record = AttendanceRecord.objects.create(
                member=member,
                meeting=meeting,
                occurred_at=occurred_at,
                time_zone=meeting.time_zone,
                duration_minutes=meeting.duration_minutes,
                **values,
            )
            return record, True
    except IntegrityError:
        found = AttendanceRecord.objects.get(
            member=member, meeting=meeting, occurred_at=occurred_at
        )
        return found, False


@transaction.atomic
def record_qr_attendance(
    *, member: User, token: str, now: dt.datetime | None = None
) -> tuple[AttendanceRecord, bool]:
    """Attendance from a scanned code: confirmed by the facilitator who showed it."""
    now = now or timezone.now()
    meeting, starts, facilitator = read_qr_token(token, now=now)
    record, created = _create_record(
        member=member,
        meeting=meeting,
        meeting_name=meeting.name,
        occurred_at=starts,
        method=AttendanceMethod.QR,
        confirmed_by=facilitator,
        confirmed_at=now,
    )
    if not created and not record.is_confirmed:
        record.confirmed_by, record.confirmed_at, record.method = (
            facilitator,
            now,
            AttendanceMethod.QR,
        )
        record.save(update_fields=["confirmed_by", "confirmed_at", "method"])
    return record, created


@transaction.atomic
def record_online_attendance(
    *, member: User, meeting: Meeting, now: dt.datetime | None = None
) -> AttendanceRecord | None:
    """Joining an online meeting while it is on records attendance, self-reported: the click
    proves the link was opened, not that anyone saw the member there, so nobody is named as
    confirming it. Returns None when the meeting is not happening now (early or another day)."""
    now = now or timezone.now()
    occurrence = meeting.schedule().occurrence_at(
        now, before=dt.timedelta(minutes=15), after=dt.timedelta(0)
    )
    if occurrence is None or not meeting.is_online:
        return None
    record, _created = _create_record(
        member=member,
        meeting=meeting,
        meeting_name=meeting.name,
        occurred_at=occurrence.starts_at,
        method=AttendanceMethod.ONLINE,
    )
    return record


@transaction.atomic
def record_room_attendance(
    *, member: User, meeting: Meeting, occurred_at: dt.datetime
) -> AttendanceRecord:
    """The member was present in the occurrence's live room for the set share of it (counted by
    alongside.rooms when the room closes). A self-reported record of the same occurrence (a
    click on the link, a hand-added line) becomes a room record; a confirmed one stays."""
    record, created = _create_record(
        member=member,
        meeting=meeting,
        meeting_name=meeting.name,
        occurred_at=occurred_at,
        method=AttendanceMethod.ROOM,
    )
    if not created and not record.is_confirmed and record.method != AttendanceMethod.ROOM:
        record.method = AttendanceMethod.ROOM
        record.save(update_fields=["method"])
    return record


@transaction.atomic
def record_manual_attendance(
    *, member: User, meeting: Meeting, on: dt.date, ask_confirmation: bool = False
) -> AttendanceRecord:
    """A member adds a meeting they went to (on a local date it met). Unconfirmed; the group's
    facilitators see a request only when the member asks for confirmation."""
    schedule = meeting.schedule()
    if on > timezone.now().astimezone(schedule.tz).date():
        raise AttendanceError("on", _("That date has not come yet."))
    if not schedule.meets_on(on):
        raise AttendanceError("on", _("This meeting does not meet on that date."))
    starts = schedule.occurrence_on(on).starts_at
    record, created = _create_record(
        member=member,
        meeting=meeting,
        meeting_name=meeting.name,
        occurred_at=starts,
        method=AttendanceMethod.MANUAL,
        confirmation_requested=ask_confirmation and meeting.group_id is not None,
    )
    if not created:
        raise AttendanceError("on", _("You already recorded this meeting on that date."))
    return record


@transaction.atomic
def confirm_attendance(
    *, record: AttendanceRecord, facilitator: User, interface: str = Interface.PAGE
) -> AttendanceRecord:
    """A facilitator of the meeting's group confirms a hand-added record the member asked about.
    The change is written to the member's access log (they see it under "Who looked")."""
    record = AttendanceRecord.objects.select_for_update().get(pk=record.pk)
    if record.confirmed_at is None:
        record.confirmed_by, record.confirmed_at, record.confirmation_requested = (
            facilitator,
            timezone.now(),
            False,
        )
        record.save(update_fields=["confirmed_by", "confirmed_at", "confirmation_requested"])
        log_access(
            actor=facilitator,
            member=record.member,
            scope=Scope.ATTENDANCE,
            interface=interface,
            action=Action.WRITE,
            record=record,
        )
    return record


@transaction.atomic
def delete_attendance(*, record: AttendanceRecord) -> None:
    record.delete()


@dataclass(frozen=True)
class AttendanceSummary:
    total: int
    last_90_days: int
    days_in_last_90: int
    confirmed: int

    @property
    def ninety_in_ninety_left(self) -> int:
        return max(0, 90 - self.last_90_days)


def attendance_summary(
    records: list[AttendanceRecord], *, member: User, now: dt.datetime | None = None
) -> AttendanceSummary:
    now = now or timezone.now()
    since = now - dt.timedelta(days=90)
    recent = [r for r in records if r.occurred_at >= since]
    zone = member.zone
    return AttendanceSummary(
        total=len(records),
        last_90_days=len(recent),
        days_in_last_90=len({r.occurred_at.astimezone(zone).date() for r in recent}),
        confirmed=sum(1 for r in records if r.is_confirmed),
    )


def proof_records(*, member: User, start: dt.date, end: dt.date) -> list[AttendanceRecord]:
    """What a sheet for these local dates lists: every facilitator-confirmed record, online
    joins marked self-reported, and room attendance. Hand-added records nobody confirmed are
    left off."""
    zone = member.zone
    since = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return list(
        AttendanceRecord.objects.for_member(member)
        .filter(
            Q(confirmed_at__isnull=False)
            | Q(method__in=[AttendanceMethod.ONLINE, AttendanceMethod.ROOM]),
            occurred_at__gte=since,
            occurred_at__lt=until,
        )
        .select_related("meeting__program", "confirmed_by")
        .order_by("occurred_at")
    )


@transaction.atomic
def issue_proof_sheet(
    *, member: User, start: dt.date, end: dt.date, name_on_sheet: str, purpose: str
) -> tuple[ProofSheet, list[AttendanceRecord]]:
    """Keep the sheet the member asked for, under a new random code, so that whoever holds it can
    check it; returns it with its records. The name is the one the member chose to print (their
    display name when blank)."""
    sheet = ProofSheet.objects.create(
        member=member,
        name_on_sheet=name_on_sheet.strip() or member.display_name,
        purpose=purpose.strip(),
        starts_on=start,
        ends_on=end,
    )
    records = proof_records(member=member, start=start, end=end)
    sheet.records.set(records)
    return sheet, records


def how_verified(record: AttendanceRecord) -> str:
    """One line a reader of the sheet or the check page trusts exactly as far as it deserves."""
    if record.verification == Verification.ROOM:
        return _(
            "Attended online (room): present in the meeting's room on Alongside for most of it. Not confirmed by a facilitator."
        )
    if record.verification == Verification.SELF_REPORTED:
        if record.method == AttendanceMethod.ONLINE:
            return _(
                "Self-reported: joined online by the meeting's link. Not confirmed by a facilitator."
            )
        return _("Self-reported: added by hand. Not confirmed by a facilitator.")
    who = (
        record.confirmed_by.display_name
        if record.confirmed_by is not None
        else _("a facilitator who has since left Alongside")
    )
    if record.method == AttendanceMethod.QR:
        return _(
            "Confirmed by facilitator %(who)s: the member scanned the code they showed at the meeting."
        ) % {"who": who}
    return _("Confirmed by facilitator %(who)s, when the member asked.") % {"who": who}


FONTS = Path(__file__).resolve().parent / "fonts"  # see fonts/README.md for where they come from
# fontTools names each table of the Korean font it leaves out of a sheet's subset, on every sheet.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


class _Sheet(FPDF):
    """A Letter page in Noto Sans, with Noto Sans Arabic and Nanum Gothic for the scripts it
    lacks (shaped by HarfBuzz), so any name prints as written."""

    def __init__(self, title: str) -> None:
        super().__init__(unit="pt", format="letter")
        self.sheet_title = title
        self.add_font("NotoSans", "", FONTS / "NotoSans-Regular.ttf")
        self.add_font("NotoSans", "B", FONTS / "NotoSans-Bold.ttf")
        self.add_font("NotoSansArabic", "", FONTS / "NotoSansArabic-Regular.ttf")
        self.add_font("NotoSansArabic", "B", FONTS / "NotoSansArabic-Bold.ttf")
        self.add_font("NanumGothic", "", FONTS / "NanumGothic.ttf")  # Hangul in bold lines too
        self.set_fallback_fonts(["NotoSansArabic", "NanumGothic"], exact_match=False)
        self.set_text_shaping(True)
        self.set_margins(56, 56)
        self.set_auto_page_break(True, margin=56)
        self.set_title(title)
        self.set_producer("Alongside")

    def text_line(self, text: str, *, size: float = 11, bold: bool = False, gap: float = 4) -> None:
        self.set_font("NotoSans", "B" if bold else "", size)
        self.multi_cell(0, size + 3, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)

    def rule(self) -> None:
        self.ln(4)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(8)

    def footer(self) -> None:
        self.set_y(-40)
        self.set_font("NotoSans", "", 8)
        self.cell(
            0,
            10,
            _("%(title)s - page %(page)s of %(pages)s")
            % {"title": self.sheet_title, "page": self.page_no(), "pages": "{nb}"},
        )


def proof_of_attendance_pdf(
    *, sheet: ProofSheet, records: list[AttendanceRecord], verify_url: str
) -> bytes:
    """The sheet as printed: each meeting in its own time zone, and how each was verified."""
    doc = _Sheet(_("Proof of attendance"))
    doc.set_creation_date(sheet.issued_at)
    doc.add_page()
    doc.text_line(_("Proof of attendance"), size=18, bold=True, gap=8)
    doc.text_line(_("Name: %(name)s") % {"name": sheet.name_on_sheet})
    if sheet.purpose:
        doc.text_line(_("For: %(purpose)s") % {"purpose": sheet.purpose})
    issued = sheet.issued_at.astimezone(sheet.member.zone)
    doc.text_line(
        _("Issued %(when)s at the member's request.")
        % {"when": f"{issued:%Y-%m-%d %H:%M %Z} ({sheet.member.time_zone})"}
    )
    doc.rule()
    if not records:
        doc.text_line(_("No confirmed attendance in the period asked for."))
    for record in records:
        program = record.meeting.program.short_name if record.meeting is not None else ""
        doc.text_line(
            f"{record.when_text()}  {record.meeting_name}" + (f" ({program})" if program else ""),
            bold=True,
            gap=0,
        )
        doc.text_line(how_verified(record), size=9)
    doc.rule()
    confirmed = sum(1 for r in records if r.is_confirmed)
    doc.text_line(
        _("%(n)s meetings confirmed by their facilitators.") % {"n": confirmed}, bold=True, gap=0
    )
    in_rooms = sum(1 for r in records if r.verification == Verification.ROOM)
    if in_rooms:
        doc.text_line(
            _("%(n)s attended online in the meeting's room on Alongside.") % {"n": in_rooms},
            bold=True,
            gap=0,
        )
    if len(records) > confirmed + in_rooms:
        doc.text_line(
            _("%(n)s self-reported (joined online from Alongside), not confirmed by anyone.")
            % {"n": len(records) - confirmed - in_rooms},
            bold=True,
        )
    doc.text_line(
        _(
            "Check this sheet at %(url)s — the page lists the same meetings and how each was confirmed."
        )
        % {"url": verify_url},
        size=9,
    )
    return bytes(doc.output())


# --- groups and service ---


@transaction.atomic
def save_group(
    *, group: Group, facilitator: User, experience: str = "", trained_as: str = ""
) -> Group:
    """Save a group; the person saving it is (or stays) one of its facilitators, with their
    experience in their own words."""
    if not group.slug:
        base = slugify(group.name)[:60] or "group"
        slug, n = base, 1
        while Group.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        group.slug = slug
    group.full_clean()
    group.save()
    Facilitator.objects.update_or_create(
        group=group, user=facilitator, defaults={"experience": experience, "trained_as": trained_as}
    )
    return group


@transaction.atomic
def rotate_position(
    *, group: Group, role: str, holder: User | None, starts_on: dt.date, term_months: int = 6
) -> ServiceTerm:
    """Hand a service position to its next holder: the current term ends the day before."""
    role = PositionRole(role)
    current = (
        ServiceTerm.objects.select_for_update()
        .filter(group=group, role=role, ends_on__isnull=True)
        .order_by("-starts_on")
        .first()
    )
    if current is not None:
        if starts_on <= current.starts_on:
            raise AttendanceError(
                "starts_on",
                _("The new term must start after the current one began (%(date)s).")
                % {"date": current.starts_on},
            )
        current.ends_on = starts_on - dt.timedelta(days=1)
        current.save(update_fields=["ends_on"])
    return ServiceTerm.objects.create(
        group=group, role=role, holder=holder, starts_on=starts_on, term_months=term_months
    )


@transaction.atomic
def record_business_meeting(
    *, group: Group, held_on: dt.date, notes: str, recorded_by: User
) -> BusinessMeeting:
    return BusinessMeeting.objects.create(
        group=group, held_on=held_on, notes=notes, recorded_by=recorded_by
    )
