"""Tracks: day counts and milestones, attempts and lapses, a moderation track's daily use."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import prefetch_related_objects
from ninja import Router, Status

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.journey import access, services
from alongside.journey.api.common import invalid
from alongside.journey.models import Track
from alongside.journey.schemas import (
    AttemptOut,
    LapseIn,
    TrackIn,
    TrackOut,
    TrackPatch,
    UseIn,
    UseOut,
)
from alongside.journey.summary import track_card, tracks_with_history, week_use_prefetch
from alongside.schemas import Day, Id

router = Router()


def track_out(track: Track, today: datetime.date) -> dict[str, Any]:
    card = track_card(track, today)
    data = {
        name: getattr(track, name)
        for name in (
            "id",
            "kind",
            "name",
            "label",
            "goal",
            "sobriety_on",
            "date_meaning",
            "daily_limit",
            "weekly_limit",
            "unit",
            "abstinence_days",
            "abstinence_starts_on",
            "on_medication",
        )
    }
    data["archived"] = track.archived_at is not None
    if card.progress is not None:
        data["days"] = card.progress.days
        latest, upcoming = card.progress.latest, card.progress.next
        data["latest_milestone"] = (
            {"key": latest.key, "label": _label(latest.key), "on": latest.on} if latest else None
        )
        data["next_milestone"] = {
            "key": upcoming.key,
            "label": _label(upcoming.key),
            "on": upcoming.on,
        }
    if card.stats is not None:
        data["stats"] = card.stats.__dict__
    if card.moderation is not None:
        data["moderation"] = {
            **card.moderation.__dict__,
            "within_limits": card.moderation.within_limits,
        }
    return data


def _label(key: str) -> str:
    from alongside.journey.models import milestone_label

    return milestone_label(key)


def _one_track(request: AuthenticatedHttpRequest, track_id: Id) -> Track:
    track = access.access_track(request.user, track_id)
    prefetch_related_objects([track], "attempts", week_use_prefetch(request.user.local_today()))
    return track


@router.get(
    "/tracks",
    response=list[TrackOut],
    summary="Your tracks, with day counts, milestones and limits",
)
def list_tracks(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    today = request.user.local_today()
    return [track_out(t, today) for t in tracks_with_history(request.user, today)]


@router.post(
    "/tracks", response={201: TrackOut}, summary="Start a track (abstinence or moderation)"
)
def create_track(request: AuthenticatedHttpRequest, payload: TrackIn):
    try:
        track = services.start_track(member=request.user, **payload.dict())
    except services.JourneyError as error:
        raise invalid(error) from error
    return Status(201, track_out(_one_track(request, track.pk), request.user.local_today()))


@router.get("/tracks/{track_id}", response=TrackOut, summary="One of your tracks")
def get_track(request: AuthenticatedHttpRequest, track_id: Id) -> dict[str, Any]:
    return track_out(_one_track(request, track_id), request.user.local_today())


@router.patch(
    "/tracks/{track_id}", response=TrackOut, summary="Change a track, or correct its sobriety date"
)
def patch_track(
    request: AuthenticatedHttpRequest, track_id: Id, payload: TrackPatch
) -> dict[str, Any]:
    track = access.access_track(request.user, track_id)
    try:
        services.update_track(track=track, **payload.dict(exclude_unset=True))
    except services.JourneyError as error:
        raise invalid(error) from error
    return track_out(_one_track(request, track_id), request.user.local_today())


@router.post(
    "/tracks/{track_id}/archive",
    response=TrackOut,
    summary="Put a track away (its history is kept)",
)
def archive_track(request: AuthenticatedHttpRequest, track_id: Id) -> dict[str, Any]:
    services.archive_track(track=access.access_track(request.user, track_id))
    return track_out(_one_track(request, track_id), request.user.local_today())


def _attempts(track: Track, today: datetime.date) -> list[dict[str, Any]]:
    return [
        {
            "id": a.pk,
            "started_on": a.started_on,
            "ended_on": a.ended_on,
            "end_kind": a.end_kind,
            "note": a.note,
            "days": a.days(today),
        }
        for a in track.attempts.all()
    ]


@router.get(
    "/tracks/{track_id}/attempts",
    response=list[AttemptOut],
    summary="Every attempt on a track, oldest first",
)
def list_attempts(request: AuthenticatedHttpRequest, track_id: Id) -> list[dict[str, Any]]:
    return _attempts(_one_track(request, track_id), request.user.local_today())


@router.post(
    "/tracks/{track_id}/lapses",
    response={201: AttemptOut},
    summary="Record a lapse or relapse: the count starts again, history is kept",
)
def record_lapse(request: AuthenticatedHttpRequest, track_id: Id, payload: LapseIn):
    track = access.access_track(request.user, track_id)
    try:
        attempt = services.record_relapse(track=track, **payload.dict())
    except services.JourneyError as error:
        raise invalid(error) from error
    today = request.user.local_today()
    return Status(
        201,
        {
            "id": attempt.pk,
            "started_on": attempt.started_on,
            "ended_on": None,
            "end_kind": "",
            "note": "",
            "days": attempt.days(today),
        },
    )


@router.put(
    "/tracks/{track_id}/use/{on}", response=UseOut, summary="Set a day's use on a moderation track"
)
def put_use(
    request: AuthenticatedHttpRequest, track_id: Id, on: Day, payload: UseIn
) -> dict[str, Any]:
    track = access.access_track(request.user, track_id)
    try:
        day = services.set_use(track=track, on=on, amount=payload.amount)
    except services.JourneyError as error:
        raise invalid(error) from error
    status = services.moderation_status(track, request.user.local_today())
    return {
        "track_id": track.pk,
        "on": day.on,
        "amount": day.amount,
        # set_use took only a moderation track, which always has a status
        "moderation": {**status.__dict__, "within_limits": status.within_limits},  # type: ignore[union-attr]
    }
