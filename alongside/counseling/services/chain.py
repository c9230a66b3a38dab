"""The hash chain of signatures: every signed note and every addendum appends one link,

    digest = SHA-256(previous digest + canonical JSON of what was signed)

so a change made to a signed note behind the application's back (raw SQL with the trigger
dropped, a restored backup, an edited database file) no longer matches its link, and a link
removed or reordered no longer matches the next one. `verify_chain()` (and `manage.py
verify_notes`) recomputes every link from the rows as they are now.

What a link covers:
- a note: ("note", note id, member id, author id, format, sections, group part, signed at);
- an addendum: ("addendum", addendum id, note id, author id, text, created at).

Links are never changed (a database trigger refuses updates); the rows they cover may be
deleted when the retention period ends, and verifying reports those links as erased, apart from
tampering. The chain is one line: `previous` is unique, so two signatures racing for the same
place make the second fail and try again once (`append`).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db import IntegrityError, connection, transaction

from alongside.counseling.models import Addendum, ChainLink, SessionNote

GENESIS = "0" * 64  # the `previous` of the first link
BATCH = 2000


def _instant(value: datetime.datetime | None) -> str | None:
    # UTC and microseconds, whatever zone the value was read in: the database keeps both.
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")


NOTE_FIELDS = ("id", "member_id", "author_id", "format", "sections", "group_part", "signed_at")
ADDENDUM_FIELDS = ("id", "note_id", "author_id", "text", "created_at")


def _note_row(
    pk: int,
    member_id: int,
    author_id: int,
    format: str,
    sections: Any,
    group_part: str | None,
    signed_at: datetime.datetime | None,
) -> list[Any]:
    return [
        ChainLink.NOTE,
        pk,
        member_id,
        author_id,
        format,
        sections,
        group_part or "",
        _instant(signed_at),
    ]


def _addendum_row(
    pk: int, note_id: int, author_id: int, text: str, created_at: datetime.datetime
) -> list[Any]:
    return [ChainLink.ADDENDUM, pk, note_id, author_id, text, _instant(created_at)]


def note_content(note: SessionNote) -> list[Any]:
    """What a note's link covers (NOTE_FIELDS, in that order)."""
    return _note_row(*(getattr(note, "pk" if f == "id" else f) for f in NOTE_FIELDS))


def addendum_content(addendum: Addendum) -> list[Any]:
    """What an addendum's link covers (ADDENDUM_FIELDS, in that order)."""
    return _addendum_row(*(getattr(addendum, "pk" if f == "id" else f) for f in ADDENDUM_FIELDS))


def canonical(content: list[Any]) -> bytes:
    """One spelling of the content: keys sorted, no spaces, UTF-8."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest_of(previous: str, content: list[Any]) -> str:
    return hashlib.sha256(previous.encode("ascii") + canonical(content)).hexdigest()


def append(thing: SessionNote | Addendum) -> ChainLink:
    """Append the link of a note just signed or an addendum just written, inside the caller's
    transaction (so the signature and its link commit together or not at all).

    Two signatures at the same moment both read the same last link; the unique `previous`
    refuses the second, which reads the new last link and tries once more (in a savepoint, so
    the caller's transaction goes on). Raises IntegrityError if it loses twice."""
    if isinstance(thing, SessionNote):
        kind, content = ChainLink.NOTE, note_content(thing)
    else:
        kind, content = ChainLink.ADDENDUM, addendum_content(thing)
    for attempt in (1, 2):
        previous = last_digest()
        try:
            with transaction.atomic():
                return ChainLink.objects.create(
                    kind=kind,
                    object_id=thing.pk,
                    previous=previous,
                    digest=digest_of(previous, content),
                )
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def last_digest() -> str:
    """The digest of the last link (GENESIS before the first)."""
    return ChainLink.objects.order_by("-id").values_list("digest", flat=True).first() or GENESIS


# ---------------------------------------------------------------- verifying


@dataclass(frozen=True)
class LinkProblem:
    link_id: int
    kind: str
    object_id: int
    reason: str

    def __str__(self) -> str:
        return f"link {self.link_id} ({self.kind} {self.object_id}): {self.reason}"


@dataclass
class Verification:
    """What verifying found. `tampered` is in chain order: its first entry is the first link
    whose content no longer matches. `erased` are links whose note or addendum was deleted
    (retention ended): not tampering. `unlinked` are signed notes and addenda with no link at
    all (signed or inserted behind the application's back)."""

    links: int = 0
    tampered: list[LinkProblem] = field(default_factory=list)
    erased: list[LinkProblem] = field(default_factory=list)
    unlinked: list[tuple[str, int]] = field(default_factory=list)

    @property
    def is_intact(self) -> bool:
        return not self.tampered and not self.unlinked


CONTENT_CHANGED = "its content no longer matches what was signed"
CHAIN_BROKEN = "it does not follow the link before it (a link was removed, changed or reordered)"
ERASED = "its record was deleted (retention ended)"


def _batches(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    while batch := list(islice(rows, size)):
        yield batch


def verify_chain(*, batch_size: int = BATCH) -> Verification:
    """Recompute every link from the rows as they are now, in chain order, reading links as a
    stream and their notes and addenda a batch at a time (100k notes stay in seconds)."""
    # SQLite takes at most 999 parameters in a statement as Django configures it.
    size = min(batch_size, connection.features.max_query_params or batch_size)
    found = Verification()
    expected = GENESIS
    links = ChainLink.objects.order_by("id").values_list(
        "id", "kind", "object_id", "previous", "digest"
    )
    for batch in _batches(links.iterator(chunk_size=size), size):
        contents = {
            ChainLink.NOTE: _note_contents([r[2] for r in batch if r[1] == ChainLink.NOTE]),
            ChainLink.ADDENDUM: _addendum_contents(
                [r[2] for r in batch if r[1] == ChainLink.ADDENDUM]
            ),
        }
        for link_id, kind, object_id, previous, digest in batch:
            found.links += 1
            if previous != expected:
                found.tampered.append(LinkProblem(link_id, kind, object_id, CHAIN_BROKEN))
            expected = digest
            content = contents.get(kind, {}).get(object_id)
            if content is None:
                found.erased.append(LinkProblem(link_id, kind, object_id, ERASED))
            elif digest_of(previous, content) != digest:
                found.tampered.append(LinkProblem(link_id, kind, object_id, CONTENT_CHANGED))
    found.unlinked = _unlinked()
    return found


# Rows are read as plain values (decrypted by their fields), not model instances: at 100k notes
# building instances was a sixth of the time, and decrypting is most of the rest.
def _note_contents(ids: list[int]) -> dict[int, list[Any]]:
    if not ids:
        return {}
    rows = SessionNote.objects.filter(pk__in=ids).values_list(*NOTE_FIELDS)
    return {row[0]: _note_row(*row) for row in rows}


def _addendum_contents(ids: list[int]) -> dict[int, list[Any]]:
    if not ids:
        return {}
    rows = Addendum.objects.filter(pk__in=ids).values_list(*ADDENDUM_FIELDS)
    return {row[0]: _addendum_row(*row) for row in rows}


def _unlinked() -> list[tuple[str, int]]:
    linked_notes = ChainLink.objects.filter(kind=ChainLink.NOTE).values("object_id")
    linked_addenda = ChainLink.objects.filter(kind=ChainLink.ADDENDUM).values("object_id")
    notes = (
        SessionNote.objects.filter(signed_at__isnull=False)
        .exclude(pk__in=linked_notes)
        .values_list("pk", flat=True)
    )
    addenda = Addendum.objects.exclude(pk__in=linked_addenda).values_list("pk", flat=True)
    return [(ChainLink.NOTE, pk) for pk in notes] + [(ChainLink.ADDENDUM, pk) for pk in addenda]
