"""What happens inside an open room. Every rule here is a function of the room's state (a dict
kept by alongside/rooms/store.py) and returns what to tell whom; the consumer applies it in one
change of the store and sends the events to the channel layer's groups.

State: `people` by opaque person id ({user, name, host, status, muted, conns, present_since,
present_seconds, chat_times}), `hands` (person ids, first raised first), `speaker`, `timer`
({speaker, started_at, minutes}) and `chat` (the last CHAT_KEPT lines, gone when the room
closes). Times are ISO strings in UTC; the timer's start is the server's, so every client
counts down from the same instant whatever its own clock says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from alongside.rooms.services.room import Room

CHAT_KEPT = 100
TIMER_MINUTES = (1, 30)


class Status(StrEnum):
    WAITING = "waiting"
    ADMITTED = "admitted"
    REMOVED = "removed"


class RoomError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def room_group(key: str) -> str:
    """Admitted people's sockets: the roster, hands, timer and chat."""
    return f"room-{key}"


def hosts_group(key: str) -> str:
    """Facilitators' sockets: the waiting room."""
    return f"room-{key}-hosts"


def everyone_group(key: str) -> str:
    """Every socket of the room, waiting ones included: told when the room closes."""
    return f"room-{key}-all"


def person_group(key: str, person_id: str) -> str:
    """One person's sockets: admitted, muted, removed."""
    return f"room-{key}-p-{person_id}"


@dataclass
class Outcome:
    answer: dict[str, Any] | None = None
    sends: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def to(self, group: str, payload: dict[str, Any]) -> None:
        self.sends.append((group, payload))


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat()


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# ---------------------------------------------------------------- what people see


def person_out(person_id: str, person: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": person_id,
        "name": person["name"],
        "is_host": person["host"],
        "muted": person["muted"],
        "present": person["status"] == Status.ADMITTED and person["conns"] > 0,
    }


def people_out(state: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        person_out(pid, p)
        for pid, p in state.get("people", {}).items()
        if p["status"] == Status.ADMITTED and p["conns"] > 0
    ]


def waiting_out(state: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {"id": pid, "name": p["name"]}
        for pid, p in state.get("people", {}).items()
        if p["status"] == Status.WAITING and p["conns"] > 0
    ]


def hands_out(state: dict[str, Any]) -> dict[str, Any]:
    people = state.get("people", {})
    speaker = state.get("speaker")
    return {
        "hands": [{"id": pid, "name": people[pid]["name"]} for pid in state.get("hands", [])],
        "speaker": {"id": speaker, "name": people[speaker]["name"]} if speaker in people else None,
    }


def timer_out(state: dict[str, Any]) -> dict[str, Any] | None:
    timer = state.get("timer")
    if not timer:
        return None
    started = _at(timer["started_at"])
    people = state.get("people", {})
    return {
        "speaker_id": timer["speaker"],
        "speaker": people[timer["speaker"]]["name"] if timer["speaker"] in people else None,
        "started_at": timer["started_at"],
        "minutes": timer["minutes"],
        "ends_at": _iso(started + dt.timedelta(minutes=timer["minutes"])),
    }


def you_out(person_id: str, person: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": person_id,
        "name": person["name"],
        "status": person["status"],
        "is_host": person["host"],
        "muted": person["muted"],
    }


def snapshot(state: dict[str, Any], room: Room, person_id: str, now: dt.datetime) -> dict[str, Any]:
    """Everything a socket shows when it joins or is admitted."""
    person = state["people"][person_id]
    admitted = person["status"] == Status.ADMITTED
    return {
        "kind": "state",
        "you": you_out(person_id, person),
        "server_now": _iso(now),
        "starts_at": _iso(room.starts_at),
        "ends_at": _iso(room.ends_at),
        "closes_at": _iso(room.closes_at),
        "people": people_out(state) if admitted else [],
        **(hands_out(state) if admitted else {"hands": [], "speaker": None}),
        "timer": timer_out(state) if admitted else None,
        "chat": list(state.get("chat", [])) if admitted else [],
        "waiting": waiting_out(state) if person["host"] else [],
    }


# ---------------------------------------------------------------- presence


def _count_presence(state: dict[str, Any], person: dict[str, Any], now: dt.datetime) -> None:
    """Add the time since `present_since` that falls inside the scheduled meeting."""
    since = person.get("present_since")
    if since is None:
        return
    starts, ends = _at(state["starts_at"]), _at(state["ends_at"])
    overlap = (min(now, ends) - max(_at(since), starts)).total_seconds()
    person["present_seconds"] = person.get("present_seconds", 0) + max(0.0, overlap)
    person["present_since"] = None


def _arrive(state: dict[str, Any], person: dict[str, Any], now: dt.datetime) -> None:
    if person["status"] == Status.ADMITTED and person["conns"] > 0 and not person["present_since"]:
        person["present_since"] = _iso(now)


def join(
    state: dict[str, Any],
    room: Room,
    *,
    user_id: int,
    name: str,
    is_host: bool,
    now: dt.datetime,
) -> Outcome:
    """A socket of this person opened. Hosts and, in open meetings, everyone are admitted at
    once; others wait for a host. Someone removed stays out (RoomError)."""
    state.setdefault("starts_at", _iso(room.starts_at))
    state.setdefault("ends_at", _iso(room.ends_at))
    state.setdefault("meeting", room.meeting.pk)
    people = state.setdefault("people", {})
    pid = room.person_id(user_id)
    person = people.get(pid)
    if person is not None and person["status"] == Status.REMOVED:
        raise RoomError(_("A facilitator removed you from this meeting's room."))
    if person is None:
        admitted = is_host or not room.has_waiting_room
        person = people[pid] = {
            "user": user_id,
            "name": name,
            "host": is_host,
            "status": Status.ADMITTED if admitted else Status.WAITING,
            "muted": False,
            "conns": 0,
            "present_since": None,
            "present_seconds": 0.0,
            "chat_times": [],
        }
    person["name"], person["host"] = name, is_host or person["host"]
    if is_host and person["status"] == Status.WAITING:
        person["status"] = Status.ADMITTED
    person["conns"] += 1
    _arrive(state, person, now)
    outcome = Outcome()
    if person["conns"] == 1:
        if person["status"] == Status.ADMITTED:
            outcome.to(room_group(room.key), {"kind": "person", "person": person_out(pid, person)})
        else:
            outcome.to(hosts_group(room.key), {"kind": "waiting", "waiting": waiting_out(state)})
    outcome.answer = snapshot(state, room, pid, now)
    return outcome


def leave(state: dict[str, Any], room: Room, *, person_id: str, now: dt.datetime) -> Outcome:
    """A socket of this person closed. Their raised hand keeps its place should they return."""
    outcome = Outcome()
    person = state.get("people", {}).get(person_id)
    if person is None:
        return outcome
    person["conns"] = max(0, person["conns"] - 1)
    if person["conns"] == 0:
        _count_presence(state, person, now)
        if person["status"] == Status.ADMITTED:
            outcome.to(
                room_group(room.key), {"kind": "person", "person": person_out(person_id, person)}
            )
        elif person["status"] == Status.WAITING:
            outcome.to(hosts_group(room.key), {"kind": "waiting", "waiting": waiting_out(state)})
    return outcome


# ---------------------------------------------------------------- facilitators


def _host(state: dict[str, Any], person_id: str) -> dict[str, Any]:
    person = state.get("people", {}).get(person_id)
    if person is None or not person["host"] or person["status"] != Status.ADMITTED:
        raise RoomError(_("Only the meeting's facilitators can do that."))
    return person


def _target(state: dict[str, Any], person_id: object) -> tuple[str, dict[str, Any]]:
    person = state.get("people", {}).get(person_id) if isinstance(person_id, str) else None
    if person is None:
        raise RoomError(_("That person is no longer in the room."))
    return person_id, person  # type: ignore[return-value]


def admit(
    state: dict[str, Any], room: Room, *, by: str, person_id: object, now: dt.datetime
) -> Outcome:
    _host(state, by)
    pid, person = _target(state, person_id)
    if person["status"] != Status.WAITING:
        raise RoomError(_("That person is not in the waiting room."))
    person["status"] = Status.ADMITTED
    _arrive(state, person, now)
    outcome = Outcome()
    outcome.to(person_group(room.key, pid), {"kind": "you", "you": you_out(pid, person)})
    outcome.to(room_group(room.key), {"kind": "person", "person": person_out(pid, person)})
    outcome.to(hosts_group(room.key), {"kind": "waiting", "waiting": waiting_out(state)})
    return outcome


def mute(state: dict[str, Any], room: Room, *, by: str, person_id: object, muted: bool) -> Outcome:
    """Mute (or unmute) someone in the chat: they can still listen and raise a hand."""
    _host(state, by)
    pid, person = _target(state, person_id)
    if person["host"]:
        raise RoomError(_("Facilitators cannot be muted."))
    person["muted"] = bool(muted)
    outcome = Outcome()
    outcome.to(person_group(room.key, pid), {"kind": "you", "you": you_out(pid, person)})
    outcome.to(room_group(room.key), {"kind": "person", "person": person_out(pid, person)})
    return outcome


def remove(
    state: dict[str, Any], room: Room, *, by: str, person_id: object, now: dt.datetime
) -> Outcome:
    """Remove someone, waiting or admitted: their sockets close and they cannot come back to
    this occurrence. Time they were present still counts toward their attendance."""
    _host(state, by)
    pid, person = _target(state, person_id)
    if person["host"]:
        raise RoomError(_("Facilitators cannot be removed."))
    _count_presence(state, person, now)
    was_waiting = person["status"] == Status.WAITING
    person["status"] = Status.REMOVED
    state["hands"] = [h for h in state.get("hands", []) if h != pid]
    if state.get("speaker") == pid:
        state["speaker"] = None
    timer = state.get("timer")
    if timer and timer.get("speaker") == pid:
        state["timer"] = None
    outcome = Outcome()
    outcome.to(person_group(room.key, pid), {"kind": "you", "you": you_out(pid, person)})
    if was_waiting:
        outcome.to(hosts_group(room.key), {"kind": "waiting", "waiting": waiting_out(state)})
    else:
        outcome.to(room_group(room.key), {"kind": "person", "person": person_out(pid, person)})
        outcome.to(room_group(room.key), {"kind": "hands", **hands_out(state)})
        outcome.to(room_group(room.key), {"kind": "timer", "timer": timer_out(state)})
    return outcome


def call_next(state: dict[str, Any], room: Room, *, by: str) -> Outcome:
    """The first raised hand becomes the speaker; any running timer stops."""
    _host(state, by)
    hands = state.get("hands", [])
    if not hands:
        raise RoomError(_("No hands are raised."))
    state["speaker"], state["hands"] = hands[0], hands[1:]
    state["timer"] = None
    outcome = Outcome()
    outcome.to(room_group(room.key), {"kind": "hands", **hands_out(state)})
    outcome.to(room_group(room.key), {"kind": "timer", "timer": None})
    return outcome


def start_timer(
    state: dict[str, Any], room: Room, *, by: str, minutes: object, now: dt.datetime
) -> Outcome:
    _host(state, by)
    low, high = TIMER_MINUTES
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not low <= minutes <= high:
        raise RoomError(
            _("Give a share time of %(low)s to %(high)s minutes.") % {"low": low, "high": high}
        )
    state["timer"] = {"speaker": state.get("speaker"), "started_at": _iso(now), "minutes": minutes}
    outcome = Outcome()
    outcome.to(room_group(room.key), {"kind": "timer", "timer": timer_out(state)})
    return outcome


def stop_timer(state: dict[str, Any], room: Room, *, by: str) -> Outcome:
    _host(state, by)
    state["timer"] = None
    outcome = Outcome()
    outcome.to(room_group(room.key), {"kind": "timer", "timer": None})
    return outcome


# ---------------------------------------------------------------- everyone admitted


def _admitted(state: dict[str, Any], person_id: str) -> dict[str, Any]:
    person = state.get("people", {}).get(person_id)
    if person is None or person["status"] != Status.ADMITTED:
        raise RoomError(_("Wait until a facilitator lets you in."))
    return person


def hand(state: dict[str, Any], room: Room, *, person_id: str, up: bool) -> Outcome:
    """Raise a hand (to the end of the queue) or lower it (out of the queue)."""
    _admitted(state, person_id)
    hands = state.setdefault("hands", [])
    if up and person_id not in hands:
        hands.append(person_id)
    elif not up and person_id in hands:
        hands.remove(person_id)
    outcome = Outcome()
    outcome.to(room_group(room.key), {"kind": "hands", **hands_out(state)})
    return outcome


def chat(
    state: dict[str, Any], room: Room, *, person_id: str, body: object, now: dt.datetime
) -> Outcome:
    """Plain text, up to ROOMS_CHAT_MAX_LENGTH characters, at most ROOMS_CHAT_RATE messages
    in ROOMS_CHAT_RATE_SECONDS per person. Kept in the room's state only."""
    person = _admitted(state, person_id)
    if person["muted"]:
        raise RoomError(_("A facilitator muted you in the chat."))
    text = body.strip() if isinstance(body, str) else ""
    if not text:
        raise RoomError(_("Write a message before sending."))
    limit = settings.ROOMS_CHAT_MAX_LENGTH
    if len(text) > limit:
        raise RoomError(_("Keep chat messages to %(limit)s characters.") % {"limit": limit})
    window = now - dt.timedelta(seconds=settings.ROOMS_CHAT_RATE_SECONDS)
    recent = [t for t in person.get("chat_times", []) if _at(t) > window]
    if len(recent) >= settings.ROOMS_CHAT_RATE:
        raise RoomError(_("You are sending messages quickly. Wait a few seconds."))
    person["chat_times"] = [*recent, _iso(now)]
    number = state.get("next_chat", 1)
    state["next_chat"] = number + 1
    message = {
        "id": number,
        "from": person_id,
        "name": person["name"],
        "body": text,
        "at": _iso(now),
    }
    state["chat"] = [*state.get("chat", []), message][-CHAT_KEPT:]
    outcome = Outcome(answer={"kind": "sent", "id": number})
    outcome.to(room_group(room.key), {"kind": "chat", "message": message})
    return outcome
