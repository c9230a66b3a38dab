"""Importing meeting feeds: read a file or URL, check every row, upsert by (source, slug).

All or nothing: the rows are applied in one transaction, and a feed with any row in error is
refused whole (unless the person importing chooses to skip the rows in error, which are then
listed). Every attempt leaves an ImportRun with its report, refused ones included.

Who may import into a source is access.owns_source; callers fetch the source through
access.access_import_source first, and the worker asks again. Addresses are fetched by the task worker only (start_url_import),
through lib/safefetch.py. A feed that would remove more than REMOVAL_LIMIT of a source's
meetings waits for an owner's confirmation; removed meetings are hidden, kept REMOVED_KEPT_FOR,
restored if a later feed lists them again, then purged.
"""

from __future__ import annotations

import datetime as dt
import gzip
import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.lib import safefetch
from alongside.lib.meetingfeeds import Context, FeedError, MeetingRecord, ParsedFeed, parse_feed
from alongside.lib.schedule import parse_clock
from alongside.meetings import access, catalog
from alongside.meetings.models import (
    ImportRun,
    ImportSource,
    ImportStatus,
    Meeting,
    Program,
    SavedMeeting,
    WeeklySlot,
)

BATCH = 500
REMOVAL_LIMIT = 0.20  # a feed dropping more than this share of a source's meetings asks first
REMOVED_KEPT_FOR = dt.timedelta(days=30)


def max_bytes() -> int:
    return int(getattr(settings, "MEETINGS_IMPORT_MAX_BYTES", 20 * 1024 * 1024))


class TooLarge(ValueError):
    pass


def too_large_message(size: int | None = None) -> str:
    limit = max_bytes() // (1024 * 1024)
    if size:
        return _(
            "The file is %(size)s MB; feeds of up to %(limit)s MB can be imported. Split it, or import a region at a time."
        ) % {
            "size": f"{size / (1024 * 1024):.0f}",
            "limit": limit,
        }
    return _("The feed is larger than %(limit)s MB, the most that can be imported at once.") % {
        "limit": limit
    }


def read_upload(upload: UploadedFile) -> bytes:
    """The bytes of an uploaded file, refusing one over the limit before reading it."""
    if upload.size is not None and upload.size > max_bytes():
        raise TooLarge(too_large_message(upload.size))
    data = upload.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise TooLarge(too_large_message())
    return data


# --- fetching an address (in the task worker) ----------------------------------------------------


def fetch_policy() -> safefetch.FetchPolicy:
    return safefetch.FetchPolicy(
        deadline_seconds=float(getattr(settings, "MEETING_IMPORT_DEADLINE_SECONDS", 20)),
        max_bytes=max_bytes(),
        allowed_networks=safefetch.parse_networks(
            getattr(settings, "MEETING_IMPORT_ALLOWED_NETWORKS", [])
        ),
    )


def fetch_error_message(error: safefetch.FetchError) -> str:
    """General words for what went wrong: never the far end's text, an address or errno."""
    if error.code == safefetch.TOO_LARGE:
        return too_large_message(error.size)
    if error.code == safefetch.HTTP_STATUS:
        return _(
            "The address answered with an error (HTTP %(status)s). Check the address, or download the feed and import the file."
        ) % {"status": error.status}
    messages = {
        safefetch.NOT_ALLOWED: _(
            "That address is not allowed. Give a public http:// or https:// address of the feed."
        ),
        safefetch.NO_SUCH_HOST: _("No server answers at that name. Check the address."),
        safefetch.TIMEOUT: _(
            "The address did not answer in time. Try again later, or download the feed and import the file."
        ),
        safefetch.TOO_MANY_REDIRECTS: _(
            "The address sent us on through too many redirects. Give the feed's own address."
        ),
    }
    return messages.get(
        error.code, _("The address could not be reached. Check it, or try again later.")
    )


def fetch_url(url: str) -> bytes:
    """GET a feed over http(s) with every guard of lib/safefetch.py. Raises TooLarge or
    FeedError with general words. Called by the task worker and the operator's command only."""
    try:
        return safefetch.fetch(url, fetch_policy())
    except safefetch.FetchError as error:
        if error.code == safefetch.TOO_LARGE:
            raise TooLarge(fetch_error_message(error)) from error
        raise FeedError(fetch_error_message(error)) from error


@transaction.atomic
def start_url_import(
    *,
    source: ImportSource,
    url: str,
    started_by: User | None,
    format: str = "auto",
    skip_invalid: bool = False,
) -> ImportRun:
    """Queue a URL import for the task worker; returns the queued run. The web process never
    opens a connection to a typed address."""
    from alongside.meetings.tasks import import_from_url

    run = ImportRun.objects.create(
        source=source,
        started_by=started_by,
        status=ImportStatus.QUEUED,
        origin=url[:500],
        url=url[:500],
        requested_format=format,
        skip_invalid=skip_invalid,
        message=_("Waiting for the import worker."),
    )
    transaction.on_commit(lambda: import_from_url.enqueue(run.pk))
    return run


def run_url_import(*, run_id: int) -> ImportRun | None:
    """The worker's half of start_url_import: fetch, then import into the same run."""
    run = (
        ImportRun.objects.select_related("source__program")
        .filter(pk=run_id, status=ImportStatus.QUEUED)
        .first()
    )
    if run is None:
        return None
    started = time.perf_counter()
    # The person may have lost their role while the import waited: the same rule as the page.
    if run.started_by is not None and not access.owns_source(run.started_by, run.source):
        run.status, run.message = (
            ImportStatus.REFUSED,
            _("You no longer look after this source, so nothing was imported."),
        )
        run.save()
        return run
    try:
        data = fetch_url(run.url)
    except (TooLarge, FeedError) as error:
        run.status, run.message, run.seconds = (
            ImportStatus.REFUSED,
            str(error)[:500],
            round(time.perf_counter() - started, 3),
        )
        run.save()
        return run
    return import_feed(
        source=run.source,
        data=data,
        run=run,
        format=run.requested_format,
        skip_invalid=run.skip_invalid,
    )


@transaction.atomic
def confirm_import(*, run: ImportRun, confirmed_by: User) -> ImportRun:
    """Apply a held feed whose removals an owner has now seen and confirmed."""
    run = ImportRun.objects.select_for_update().select_related("source__program").get(pk=run.pk)
    if run.status != ImportStatus.CONFIRM or run.held_feed is None:
        return run  # confirmed already, or purged: nothing more to do
    data = gzip.decompress(bytes(run.held_feed))
    run.held_feed, run.confirmed_by = None, confirmed_by
    return import_feed(
        source=run.source,
        data=data,
        run=run,
        format=run.requested_format,
        skip_invalid=run.skip_invalid,
        confirm_removals=True,
    )


# --- importing ------------------------------------------------------------------------------------


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
    return {
        "problems": [asdict(p) for p in feed.problems[:5000]],
        "summary": feed.summary(),
        "problem_count": len(feed.problems),
    }


def removal_plan(source: ImportSource, records: list[MeetingRecord]) -> tuple[int, int]:
    """(meetings the source lists now, how many of them the feed would remove)."""
    listed = set(Meeting.objects.present().filter(source=source).values_list("slug", flat=True))
    return len(listed), len(listed - {r.slug for r in records})


def needs_confirmation(listed: int, removing: int) -> bool:
    return listed > 0 and removing > REMOVAL_LIMIT * listed


def import_feed(
    *,
    source: ImportSource,
    data: bytes,
    origin: str = "",
    started_by: User | None = None,
    format: str = "auto",
    skip_invalid: bool = False,
    confirm_removals: bool = False,
    run: ImportRun | None = None,
) -> ImportRun:
    """Import a feed into `source`. Returns the run (a new one, or `run` filled in); its status
    says whether anything changed.

    Refused (nothing changes): a file over the size limit, a file that is not a feed, or any row
    in error unless `skip_invalid`. Held (status CONFIRM, nothing changes): a feed that would
    remove more than REMOVAL_LIMIT of the source's meetings, unless `confirm_removals`. Meetings
    missing from the feed are removed softly (see apply_records).
    """
    started = time.perf_counter()
    if run is None:
        run = ImportRun(
            source=source,
            started_by=started_by,
            origin=origin[:500],
            requested_format=format,
            skip_invalid=skip_invalid,
        )
    run.status = ImportStatus.REFUSED
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
        listed, removing = removal_plan(source, feed.records)
        run.listed_before = listed
        if feed.errors and not skip_invalid:
            run.message = _(
                "%(rows)s of %(total)s rows have errors, so nothing was imported. Fix them, or choose to skip those rows."
            ) % {
                "rows": len(feed.rows_with_errors),
                "total": feed.total_rows,
            }
        elif needs_confirmation(listed, removing) and not confirm_removals:
            run.status, run.removed = ImportStatus.CONFIRM, removing
            run.held_feed = gzip.compress(data, compresslevel=6)
            run.message = _(
                "This feed would remove %(removing)s of the %(listed)s meetings listed from %(source)s. Nothing has changed yet. "
                "Confirm to remove them (they stay hidden for 30 days and come back if the feed lists them again), or check the feed first."
            ) % {"removing": removing, "listed": listed, "source": source.name}
        else:
            counts = apply_records(source=source, records=feed.records, format=feed.format)
            run.status = ImportStatus.DONE
            run.created, run.updated, run.unchanged, run.removed, run.restored = (
                counts.created,
                counts.updated,
                counts.unchanged,
                counts.removed,
                counts.restored,
            )
            run.message = _(
                "Imported: %(created)s new, %(updated)s changed, %(unchanged)s unchanged, %(removed)s removed."
            ) % {
                "created": counts.created,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
                "removed": counts.removed,
            }
            if counts.restored:
                run.message += " " + _("%(n)s meetings the feed had dropped are listed again.") % {
                    "n": counts.restored
                }
            if run.skipped:
                run.message += " " + _("%(n)s rows in error were skipped.") % {"n": run.skipped}
    run.report = _report(feed)
    run.seconds = round(time.perf_counter() - started, 3)
    run.save()
    return run


MEETING_FIELDS = [
    "name",
    "program_id",
    "group_name",
    "recurrence",
    "days",
    "start_time",
    "duration_minutes",
    "time_zone",
    "anchor_date",
    "week_of_month",
    "attendance",
    "is_inactive",
    "openness",
    "types",
    "languages",
    "location",
    "formatted_address",
    "postal_code",
    "regions",
    "latitude",
    "longitude",
    "is_approximate",
    "conference_url",
    "conference_url_notes",
    "conference_phone",
    "conference_phone_notes",
    "conference_is_protected",
    "notes",
    "location_notes",
    "url",
    "extra",
    "source_updated",
    "source_digest",
    "updated_at",
    "geocell",
    "day_mask",
    "removed_at",
    "conference_needs_review",
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
        "removed_at": None,
    }


@dataclass(frozen=True)
class Counts:
    created: int
    updated: int
    unchanged: int
    removed: int
    restored: int


@transaction.atomic
def apply_records(
    *, source: ImportSource, records: list[MeetingRecord], format: str = ""
) -> Counts:
    """Upsert records by slug into a source and softly remove its meetings the feed no longer has.

    Unchanged rows (same digest, still listed) are not written. A removed meeting keeps its row,
    its saved-by and attendance rows: it is hidden (removed_at, and inactive for search) until a
    later feed lists it again (counted as restored and updated) or it is purged.
    """
    now = timezone.now()
    programs = dict(Program.objects.values_list("slug", "id"))
    existing = {
        slug: (pk, digest, approved, removed_at)
        for pk, slug, digest, approved, removed_at in Meeting.objects.filter(
            source=source
        ).values_list("id", "slug", "source_digest", "conference_url_approved", "removed_at")
    }
    to_create: list[Meeting] = []
    to_update: list[Meeting] = []
    unchanged = restored = 0
    for record in records:
        digest = record.digest()
        found = existing.get(record.slug)
        if found and found[1] == digest and found[3] is None:
            unchanged += 1
            continue
        values = meeting_values(
            record, programs.get(record.program, source.program_id), digest, now
        )
        meeting = (
            Meeting(pk=found[0], source=source, slug=record.slug, **values)
            if found
            else Meeting(source=source, slug=record.slug, created_at=now, **values)
        )
        meeting.conference_url_approved = found[2] if found else ""
        meeting.refresh_link_review()
        meeting.refresh_search_fields()
        (to_update if found else to_create).append(meeting)
        restored += bool(found and found[3] is not None)
    seen = {r.slug for r in records}
    gone = [
        pk
        for slug, (pk, _d, _a, removed_at) in existing.items()
        if slug not in seen and removed_at is None
    ]
    for i in range(0, len(gone), BATCH):
        chunk = gone[i : i + BATCH]
        Meeting.objects.filter(pk__in=chunk).update(
            removed_at=now, is_inactive=True, updated_at=now
        )
        WeeklySlot.objects.filter(meeting_id__in=chunk).update(is_inactive=True)
    if to_update:
        Meeting.objects.bulk_update(to_update, MEETING_FIELDS, batch_size=100)
    created = Meeting.objects.bulk_create(to_create, batch_size=BATCH)
    if created and created[0].pk is None:  # a database that does not return keys
        ids = dict(
            Meeting.objects.filter(source=source, slug__in=[m.slug for m in created]).values_list(
                "slug", "id"
            )
        )
        for m in created:
            m.pk = ids[m.slug]
    index_slots([*to_update, *created], replace=bool(to_update))
    source.last_imported_at = now
    source.last_format = format or source.last_format
    source.save(
        update_fields=["last_imported_at", "last_format"]
    )  # a new directory version, by its signal
    return Counts(len(created), len(to_update), unchanged, len(gone), restored)


@transaction.atomic
def purge_removed_meetings(*, now: dt.datetime | None = None) -> int:
    """Delete meetings removed by their feeds more than REMOVED_KEPT_FOR ago, and held feeds
    nobody confirmed in that time. Members keep their saved-meeting rows (with the meeting's
    name) and their attendance (which keeps its own copy of the name). Returns meetings purged."""
    cutoff = (now or timezone.now()) - REMOVED_KEPT_FOR
    due = Meeting.objects.filter(removed_at__lt=cutoff)
    for pk, name in due.filter(saved_by__isnull=False).distinct().values_list("id", "name"):
        SavedMeeting.objects.filter(meeting_id=pk).update(meeting_name=name)
    ImportRun.objects.filter(status=ImportStatus.CONFIRM, started_at__lt=cutoff).update(
        held_feed=None, status=ImportStatus.REFUSED
    )
    _total, by_model = due.delete()
    return by_model.get(Meeting._meta.label, 0)


def index_slots(meetings: list[Meeting], *, replace: bool = True) -> None:
    """Rewrite the weekly search slots of these meetings (after their schedule was saved)."""
    if replace:
        ids = [m.pk for m in meetings]
        for i in range(0, len(ids), BATCH):
            WeeklySlot.objects.filter(meeting_id__in=ids[i : i + BATCH]).delete()
    slots = [
        WeeklySlot(
            meeting_id=m.pk,
            weekday=day,
            winter_minute=winter,
            summer_minute=summer,
            online=m.attendance == "online",
            is_inactive=m.is_inactive,
            types=m.types,
        )
        for m in meetings
        for day, winter, summer in m.schedule().week_minutes()
    ]
    WeeklySlot.objects.bulk_create(slots, batch_size=BATCH)
