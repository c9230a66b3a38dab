"""Importing meeting feeds: read a file or URL, check every row, upsert by (source, slug).

All or nothing: the rows are applied in one transaction, and a feed with any row in error is
refused whole (unless the person importing chooses to skip the rows in error, which are then
listed). Every attempt leaves an ImportRun with its report, refused ones included.
"""

from __future__ import annotations

import datetime as dt
import time
import urllib.error
import urllib.request
from dataclasses import asdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.lib.meetingfeeds import Context, FeedError, MeetingRecord, ParsedFeed, parse_feed
from alongside.lib.schedule import parse_clock
from alongside.meetings import catalog
from alongside.meetings.models import (
    ImportRun,
    ImportSource,
    ImportStatus,
    Meeting,
    Program,
    WeeklySlot,
)

BATCH = 500


def max_bytes() -> int:
    return int(getattr(settings, "MEETINGS_IMPORT_MAX_BYTES", 20 * 1024 * 1024))


class TooLarge(ValueError):
    pass


def too_large_message(size: int | None = None) -> str:
    limit = max_bytes() // (1024 * 1024)
    if size:
        return _("The file is %(size)s MB; feeds of up to %(limit)s MB can be imported. Split it, or import a region at a time.") % {
            "size": f"{size / (1024 * 1024):.0f}", "limit": limit,
        }
    return _("The feed is larger than %(limit)s MB, the most that can be imported at once.") % {"limit": limit}


def read_upload(upload) -> bytes:  # type: ignore[no-untyped-def]
    """The bytes of an uploaded file, refusing one over the limit before reading it."""
    if upload.size is not None and upload.size > max_bytes():
        raise TooLarge(too_large_message(upload.size))
    data = upload.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise TooLarge(too_large_message())
    return data


def fetch_url(url: str, *, timeout: float = 20) -> bytes:
    """GET a feed over http(s), reading no more than the size limit."""
    if not url.lower().startswith(("http://", "https://")):
        raise FeedError(_("Only http and https addresses can be imported."))
    headers = {"User-Agent": "Alongside meeting import", "Accept": "application/json, text/csv"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (scheme checked above)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes():
                raise TooLarge(too_large_message(int(length)))
            data = response.read(max_bytes() + 1)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise FeedError(_("The feed could not be fetched: %(reason)s") % {"reason": getattr(exc, "reason", exc)}) from exc
    if len(data) > max_bytes():
        raise TooLarge(too_large_message())
    return data


def feed_context(source: ImportSource) -> Context:
    return Context(
        default_time_zone=source.default_time_zone,
        default_language=source.default_language,
        program=source.program.slug,
        known_types=catalog.known_codes(),
        type_names=catalog.type_names(),
    )


def _report(feed: ParsedFeed | None) -> dict:
    if feed is None:
        return {"problems": [], "summary": []}
    return {"problems": [asdict(p) for p in feed.problems[:5000]], "summary": feed.summary(), "problem_count": len(feed.problems)}


def import_feed(
    *,
    source: ImportSource,
    data: bytes,
    origin: str = "",
    started_by: User | None = None,
    format: str = "auto",
    skip_invalid: bool = False,
) -> ImportRun:
    """Import a feed into `source`. Returns the run; its status says whether anything changed.

    Refused (nothing changes): a file over the size limit, a file that is not a feed, or any row
    in error unless `skip_invalid`. Meetings missing from the feed are removed from the source.
    """
    started = time.perf_counter()
    run = ImportRun(source=source, started_by=started_by, origin=origin[:500], status=ImportStatus.REFUSED)
    feed = None
    try:
        if len(data) > max_bytes():
            raise TooLarge(too_large_message(len(data)))
        feed = parse_feed(data, feed_context(source), format=format)
    except (TooLarge, FeedError) as exc:
        run.message = str(exc)[:500]
    else:
        run.format, run.rows = feed.format, feed.total_rows
        run.skipped = len(feed.rows_with_errors)
        if feed.errors and not skip_invalid:
            run.message = _("%(rows)s of %(total)s rows have errors, so nothing was imported. Fix them, or choose to skip those rows.") % {
                "rows": len(feed.rows_with_errors), "total": feed.total_rows,
            }
        else:
            counts = apply_records(source=source, records=feed.records, format=feed.format)
            run.status = ImportStatus.DONE
            run.created, run.updated, run.unchanged, run.removed = counts
            run.message = _("Imported: %(created)s new, %(updated)s changed, %(unchanged)s unchanged, %(removed)s removed.") % {
                "created": counts[0], "updated": counts[1], "unchanged": counts[2], "removed": counts[3],
            }
            if run.skipped:
                run.message += " " + _("%(n)s rows in error were skipped.") % {"n": run.skipped}
    run.report = _report(feed)
    run.seconds = round(time.perf_counter() - started, 3)
    run.save()
    return run


MEETING_FIELDS = [
    "name", "program_id", "group_name", "recurrence", "days", "start_time", "duration_minutes", "time_zone",
    "anchor_date", "week_of_month", "attendance", "is_inactive", "openness", "types", "languages", "location",
    "formatted_address", "postal_code", "regions", "latitude", "longitude", "is_approximate", "conference_url",
    "conference_url_notes", "conference_phone", "conference_phone_notes", "conference_is_protected", "notes",
    "location_notes", "url", "extra", "source_updated", "source_digest", "updated_at", "geocell", "day_mask",
]


def _padded(codes: list[str]) -> str:
    return f" {' '.join(codes)} " if codes else ""


def meeting_values(record: MeetingRecord, program_id: int, digest: str, now: dt.datetime) -> dict:
    return {
        "name": record.name,
        "program_id": program_id,
        "group_name": record.group,
        "recurrence": record.recurrence,
        "days": list(record.days),
        "start_time": parse_clock(record.start),
        "duration_minutes": record.duration_minutes,
        "time_zone": record.time_zone,
        "anchor_date": dt.date.fromisoformat(record.anchor) if record.anchor else None,
        "week_of_month": record.week_of_month,
        "attendance": record.attendance,
        "is_inactive": record.is_inactive,
        "openness": record.openness,
        "types": _padded(record.types)[:400],
        "languages": _padded(record.languages)[:60],
        "location": record.location,
        "formatted_address": record.formatted_address,
        "postal_code": record.postal_code,
        "regions": record.regions,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "is_approximate": record.approximate,
        "conference_url": record.conference_url,
        "conference_url_notes": record.conference_url_notes[:500],
        "conference_phone": record.conference_phone,
        "conference_phone_notes": record.conference_phone_notes[:500],
        "conference_is_protected": record.conference_is_protected,
        "notes": record.notes,
        "location_notes": record.location_notes,
        "url": record.url,
        "extra": record.extra,
        "source_updated": record.source_updated,
        "source_digest": digest,
        "updated_at": now,
    }


@transaction.atomic
def apply_records(*, source: ImportSource, records: list[MeetingRecord], format: str = "") -> tuple[int, int, int, int]:
    """Upsert records by slug into a source and remove its meetings the feed no longer has.

    Returns (created, updated, unchanged, removed). Unchanged rows (same digest) are not written.
    """
    now = timezone.now()
    programs = dict(Program.objects.values_list("slug", "id"))
    existing = {slug: (pk, digest) for pk, slug, digest in Meeting.objects.filter(source=source).values_list("id", "slug", "source_digest")}
    to_create: list[Meeting] = []
    to_update: list[Meeting] = []
    unchanged = 0
    for record in records:
        digest = record.digest()
        found = existing.get(record.slug)
        if found and found[1] == digest:
            unchanged += 1
            continue
        values = meeting_values(record, programs.get(record.program, source.program_id), digest, now)
        meeting = Meeting(pk=found[0], source=source, slug=record.slug, **values) if found else Meeting(source=source, slug=record.slug, created_at=now, **values)
        meeting.refresh_search_fields()
        (to_update if found else to_create).append(meeting)
    seen = {r.slug for r in records}
    gone = [pk for slug, (pk, _d) in existing.items() if slug not in seen]
    for i in range(0, len(gone), BATCH):
        Meeting.objects.filter(pk__in=gone[i : i + BATCH]).delete()
    if to_update:
        Meeting.objects.bulk_update(to_update, MEETING_FIELDS, batch_size=100)
    created = Meeting.objects.bulk_create(to_create, batch_size=BATCH)
    if created and created[0].pk is None:  # a database that does not return keys
        ids = dict(Meeting.objects.filter(source=source, slug__in=[m.slug for m in created]).values_list("slug", "id"))
        for m in created:
            m.pk = ids[m.slug]
    index_slots([*to_update, *created], replace=bool(to_update))
    source.last_imported_at = now
    source.last_format = format or source.last_format
    source.save(update_fields=["last_imported_at", "last_format"])
    return len(created), len(to_update), unchanged, len(gone)


def index_slots(meetings: list[Meeting], *, replace: bool = True) -> None:
    """Rewrite the weekly search slots of these meetings (after their schedule was saved)."""
    if replace:
        ids = [m.pk for m in meetings]
        for i in range(0, len(ids), BATCH):
            WeeklySlot.objects.filter(meeting_id__in=ids[i : i + BATCH]).delete()
    slots = [
        WeeklySlot(
            meeting_id=m.pk, weekday=day, winter_minute=winter, summer_minute=summer, online=m.attendance == "online",
            is_inactive=m.is_inactive, types=m.types,
        )
        for m in meetings
        for day, winter, summer in m.schedule().week_minutes()
    ]
    WeeklySlot.objects.bulk_create(slots, batch_size=BATCH)
