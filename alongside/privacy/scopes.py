"""What each scope reveals, defined once.

For every scope: the plain words the member reads before sharing, and the exact fields another
person then gets, record by record. The consent screen (grant form, grant page, the API's
`will_see`), the pages a grantee reads and the API's grantee schemas are all built from
`DISCLOSURES`, and a test compares them field by field, so what a member agreed to and what a
grantee is shown cannot drift apart. To show a grantee something new, add it here first: the
consent screen then says so before anyone sees it.

Field names are the keys of the grantee's API records and the `data-field` of the cells on
their pages. Record ids (to open or congratulate a celebration) are addresses, not content, and
are not listed.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from alongside.privacy.models import Scope


@dataclass(frozen=True)
class Shown:
    """One field a grantee gets: its key, and the words that name it to the member."""

    name: str
    label: Promise


@dataclass(frozen=True)
class Record:
    """One kind of record under a scope (a check-in, a track, a goal…) and its fields."""

    key: str
    heading: Promise
    fields: tuple[Shown, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


@dataclass(frozen=True)
class Disclosure:
    scope: Scope
    summary: Promise
    records: tuple[Record, ...] = ()
    # Said after the list, e.g. why a supporter would want this.
    because: Promise | None = None

    def record(self, key: str) -> Record:
        return next(r for r in self.records if r.key == key)

    def words(self) -> str:
        """The summary, then every field by name: "your daily check-ins (the day, mood, …)"."""
        if not self.records:
            return str(self.summary)
        if len(self.records) == 1:
            listed = ", ".join(str(f.label) for f in self.records[0].fields)
        else:
            listed = "; ".join(
                f"{capfirst(str(r.heading))}: {', '.join(str(f.label) for f in r.fields)}"
                for r in self.records
            )
        text = f"{self.summary} ({listed})"
        return f"{text}, {self.because}" if self.because else text


def _f(name: str, label: str) -> Shown:
    return Shown(name, _lazy(label))


DISCLOSURES: dict[Scope, Disclosure] = {
    d.scope: d
    for d in (
        Disclosure(
            Scope.MILESTONES,
            _lazy("your sobriety milestones on the tracks you choose"),
            (
                Record(
                    "tracks",
                    _lazy("tracks"),
                    (
                        _f("track", "the track's name"),
                        _f("sobriety_on", "your sobriety date"),
                        _f("days", "days since then"),
                        _f("latest_milestone", "the latest milestone you reached"),
                        _f("next_milestone", "the next milestone and its date"),
                    ),
                ),
                Record(
                    "celebrations",
                    _lazy("celebrations"),
                    (
                        _f("track", "the track's name"),
                        _f("milestone", "the milestone reached"),
                        _f("reached_on", "the day you reached it"),
                        _f("congratulations", "congratulations people sent you"),
                    ),
                ),
            ),
            because=_lazy("so they can celebrate with you"),
        ),
        Disclosure(
            Scope.CHECK_INS,
            _lazy("your daily check-ins"),
            (
                Record(
                    "check_ins",
                    _lazy("check-ins"),
                    (
                        _f("on", "the day"),
                        _f("mood", "mood"),
                        _f("craving", "craving from 0 to 10"),
                        _f("hungry", "hungry"),
                        _f("angry", "angry"),
                        _f("lonely", "lonely"),
                        _f("tired", "tired"),
                        _f("sleep_hours", "hours of sleep"),
                        _f("attended_meeting", "went to a meeting"),
                        _f("triggers", "triggers met"),
                        _f("coping_used", "coping used"),
                        _f("is_late", "added on a later day"),
                    ),
                ),
                # Dual recovery: health information, in the same scope as the check-in it sits
                # beside, and named here so the consent screen says so.
                Record(
                    "symptom_logs",
                    _lazy("symptoms you log"),
                    (
                        _f("on", "the day"),
                        _f("mood_state", "mood state"),
                        _f("symptoms", "each symptom you track and how strong it was, 0 to 10"),
                        _f("is_late", "added on a later day"),
                    ),
                ),
            ),
        ),
        # For family and friends (alongside/family): that the member checked in and how they
        # felt, and nothing of what lies behind it (cravings, triggers, sleep, symptoms, notes).
        Disclosure(
            Scope.CHECK_IN_SUMMARY,
            _lazy(
                "a summary of your daily check-ins, never your cravings, triggers, sleep, "
                "symptoms or anything you wrote"
            ),
            (
                Record(
                    "check_in_summary",
                    _lazy("check-in summary"),
                    (
                        _f("on", "the day you checked in"),
                        _f("mood", "your mood"),
                    ),
                ),
            ),
            because=_lazy("so the people close to you can see how you are doing"),
        ),
        Disclosure(
            Scope.MEDICATION,
            _lazy(
                "whether you took your medication as planned, day by day, as you answer it in your check-ins"
            ),
            (
                Record(
                    "medication",
                    _lazy("medication"),
                    (
                        _f("on", "the day"),
                        _f("took_medication", "took your medication as planned"),
                        _f(
                            "took_psychiatric_medication",
                            "took your psychiatric medication as prescribed",
                        ),
                    ),
                ),
            ),
        ),
        Disclosure(
            Scope.PLANS,
            _lazy("your recovery goals, your relapse-prevention plan and your safety plan"),
            (
                Record(
                    "goals",
                    _lazy("recovery goals"),
                    (
                        _f("title", "goal"),
                        _f("domain", "area of life"),
                        _f("status", "progress"),
                        _f("target_on", "target date"),
                        _f("steps", "steps and which are done"),
                    ),
                ),
                Record(
                    "triggers",
                    _lazy("triggers"),
                    (
                        _f("name", "trigger"),
                        _f("kind", "kind of trigger"),
                    ),
                ),
                Record("warning_signs", _lazy("warning signs"), (_f("text", "warning sign"),)),
                Record(
                    "coping_strategies",
                    _lazy("coping strategies"),
                    (
                        _f("text", "coping strategy"),
                        _f("triggers", "triggers it helps with"),
                    ),
                ),
                Record(
                    "support_contacts",
                    _lazy("people to call"),
                    (
                        _f("name", "name"),
                        _f("relationship", "who they are to you"),
                    ),
                ),
                Record(
                    "if_then_plans",
                    _lazy("if-then plans"),
                    (
                        _f("if_text", "if…"),
                        _f("then_text", "then I will…"),
                    ),
                ),
                Record(
                    "safety_plan",
                    _lazy("safety plan"),
                    (
                        _f("heading", "section"),
                        _f("text", "what you wrote"),
                    ),
                ),
            ),
            # Peer specialists work on the goals with the member (alongside/caseload): the
            # consent screen says so before anyone can.
            because=_lazy(
                "and a peer specialist you share them with can add goals and steps with you, "
                "change them and mark steps done; your goal page shows each change as theirs, "
                "and you are told"
            ),
        ),
        # Pathway worksheets: never all of them, only each one the member picks to share (a
        # change plan with their peer specialist, a principle worksheet with their sponsor).
        Disclosure(
            Scope.WORKSHEETS,
            _lazy("the worksheets you choose to share, only those you pick, as you update them"),
            (
                Record(
                    "worksheets",
                    _lazy("worksheets"),
                    (
                        _f("tool", "which worksheet"),
                        _f("on", "its day"),
                        _f("filled_in_with", "who filled it in with you"),
                        _f("answers", "your answers"),
                    ),
                ),
            ),
        ),
        Disclosure(
            Scope.ASSESSMENTS,
            _lazy("your assessment results (such as BARC-10, BAM, PHQ-9)"),
            (
                Record(
                    "results",
                    _lazy("results"),
                    (
                        _f("instrument", "which assessment"),
                        _f("taken_at", "when you took it"),
                        _f("administered_by", "who gave it with you"),
                        _f("total", "your score"),
                        _f("band", "what the score means"),
                        _f("subscales", "the scores of its parts"),
                        _f("flags", "any flags, such as a safety flag"),
                        _f("answers", "your answers"),
                        _f("correction_reason", "why a result was corrected"),
                    ),
                ),
            ),
        ),
        Disclosure(
            Scope.ATTENDANCE,
            _lazy("the meetings you attended"),
            (
                Record(
                    "attendance",
                    _lazy("attendance"),
                    (
                        _f("occurred_at", "when the meeting started"),
                        _f("meeting_name", "which meeting"),
                        _f("method", "how it was recorded"),
                        _f("confirmed", "whether a facilitator confirmed it"),
                    ),
                ),
            ),
        ),
        # Sober living (alongside/housing): read by the house managers of a house the member
        # lives or lived in. Each part of house life adds its record here as it starts to
        # show one (alongside/housing/shared.py).
        Disclosure(
            Scope.HOUSING,
            _lazy(
                "your sober-living residency: house, bed, curfew log, chores, drug-test results, "
                "house meeting attendance, incidents, fees and payments"
            ),
            (
                Record(
                    "stays",
                    _lazy("stays"),
                    (
                        _f("house", "the house"),
                        _f("bed", "your bed"),
                        _f("move_in_on", "the day you moved in"),
                        _f("phase", "the phase of your stay"),
                        _f("move_out_on", "the day you moved out"),
                    ),
                ),
            ),
        ),
        # Counseling records (alongside/counseling): 42 CFR Part 2 records, shown with the
        # §2.32 notice wherever they are read.
        Disclosure(
            Scope.COUNSELING,
            _lazy("your counseling records: appointments, treatment plan and session notes"),
            (
                Record(
                    "appointments",
                    _lazy("appointments"),
                    (
                        _f("starts_at", "when a session starts"),
                        _f("ends_at", "when it ends"),
                        _f("modality", "in person, by video or by phone"),
                        _f("group", "the therapy group, for a group session"),
                        _f("status", "whether it is scheduled, cancelled or done"),
                        _f("attendance", "whether you came"),
                    ),
                ),
                Record(
                    "plans",
                    _lazy("treatment plans"),
                    (
                        _f("number", "which version of the plan"),
                        _f("written_at", "when that version was written"),
                        _f("asam", "the assessment summary across the ASAM dimensions"),
                        _f("problems", "problems, goals, objectives and interventions"),
                        _f("counselor_signed_at", "when your counselor signed it"),
                        _f("member_signed_at", "when you signed it"),
                    ),
                ),
                Record(
                    "notes",
                    _lazy("session notes"),
                    (
                        _f("format", "the note's format: SOAP, DAP or BIRP"),
                        _f("written_at", "when the note was written"),
                        _f("sections", "what your counselor wrote about the session"),
                        _f("group_part", "what the group did, for a group session"),
                        _f("signed_at", "when it was signed"),
                        _f("addenda", "corrections added after signing"),
                    ),
                ),
            ),
        ),
        # Direct messages (alongside/messaging): no table of records, a conversation.
        Disclosure(
            Scope.CARE_MESSAGES,
            _lazy(
                "messages with your care team: the counselor, peer specialist or house manager "
                "you choose can send you direct messages and read your conversation with them "
                "(what each of you writes, when it was sent and whether it was read) — never "
                "your other conversations; you can block or report them at any time"
            ),
        ),
    )
}

# ---------------------------------------------------------------- which scopes anything uses


@dataclass(frozen=True)
class Producer:
    """A feature that shares something through a scope, and the URL name (taking the member's
    id) of the page where a grantee reads it, if there is one."""

    scope: Scope
    page: str | None = None


PRODUCERS: dict[Scope, Producer] = {}


def produces(scope: Scope, *, page: str | None = None) -> None:
    """Say that an app now shares something through `scope`: the consent form starts offering
    it, and "Shared with me" links to `page`. One call in the producing app's AppConfig.ready();
    until some app makes it, a scope is not offered, so nobody agrees to share what nothing
    shows."""
    PRODUCERS[scope] = Producer(scope, page)


def produced_scopes() -> list[Scope]:
    """The scopes some feature shares through, in the order the consent form lists them."""
    return [scope for scope in Scope if scope in PRODUCERS]


def grantee_page(scope: str, member_id: int) -> str | None:
    """Where a grantee reads what a member shares under `scope`, or None without such a page."""
    from django.urls import reverse

    producer = PRODUCERS.get(Scope(scope)) if scope in Scope.values else None
    return reverse(producer.page, args=[member_id]) if producer and producer.page else None


# ---------------------------------------------------------------- the access log in words


def scope_words(value: str) -> str:
    """An access-log scope as the member reads it: one scope's name, every scope a grant named
    ("Daily check-ins, Assessments and Meeting attendance"), or "all your data"."""
    from alongside.privacy.models import CASELOAD
    from alongside.privacy.models import SUPPORT_CIRCLE as CIRCLE

    if value == "all":
        return _("all your data")
    if value == CIRCLE:
        return _("Support circle: SOS and hard days")
    if value == CASELOAD:
        return _("Your peer specialist's record of their work with you")
    labels = dict(Scope.choices)
    names = [str(labels.get(code, code)) for code in value.split(",") if code]
    if len(names) <= 1:
        return "".join(names)
    return _("%(some)s and %(last)s") % {"some": ", ".join(names[:-1]), "last": names[-1]}


# What someone did to one kind of record, where "Changed" would not say it.
_DEEDS: dict[tuple[str, str], tuple[Promise, Promise]] = {
    ("journey.celebration", "write"): (
        _lazy("Congratulated you"),
        _lazy("on a milestone you reached"),
    ),
    ("privacy.dataexport", "export"): (_lazy("Exported"), _lazy("all your data")),
    ("matching.assignmentrun", "read"): (
        _lazy("Viewed"),
        _lazy("your place in an assignment run, to match you with a supporter"),
    ),
}


def log_words(entry: Any) -> tuple[str, str]:
    """What an access-log entry says a person did, and to what, in plain words."""
    deed = _DEEDS.get((entry.record_type, entry.action))
    if deed is not None:
        return str(deed[0]), str(deed[1])
    if entry.record_type == "assessments.safetyalert" and entry.action == "write":
        if entry.actor_id == entry.member_id:
            return _("Raised"), _("a safety alert from your answers")
        return _("Followed up"), _("a safety alert from your answers")
    return str(entry.get_action_display()), scope_words(entry.scope)


# Not a grant scope: what the people a member chooses for their support circle (alongside/support)
# receive. Choosing someone there is the consent, person by person and signal by signal (SOS,
# "having a hard day"), and either can be taken back at once; so it is not offered on the grant
# form, where it would be a second way to say the same thing. The circle page shows these words.
SUPPORT_CIRCLE: tuple[Record, ...] = (
    Record(
        "sos",
        _lazy("when you press SOS"),
        (
            _f("member", "your display name"),
            _f("started_at", "when you pressed it"),
            _f("acknowledged_by", "who else answered, and how"),
            _f("status", "when you say you are OK"),
        ),
    ),
    Record(
        "hard_day",
        _lazy("when you say you are having a hard day"),
        (
            _f("member", "your display name"),
            _f("sent_at", "when you sent it"),
            _f("note", "the short note you write, if any"),
        ),
    ),
)


def support_circle_words() -> list[str]:
    """One sentence per signal: "When you press SOS: your display name, when you pressed it, …"."""
    return [
        f"{capfirst(str(r.heading))}: {', '.join(str(f.label) for f in r.fields)}"
        for r in SUPPORT_CIRCLE
    ]


# Never shown to anyone but the member, whatever they share.
NEVER = [
    _lazy("your private journal — it is never shareable"),
    _lazy("the note and the gratitude line of your check-ins — they are only ever yours"),
    _lazy("your email address, phone number or last name, or the phone numbers on your plan"),
    _lazy("how many times you started a track again, or your longest stretch"),
]


def will_see(
    scopes: Iterable[str],
    *,
    track_labels: list[str] | None = None,
    worksheet_labels: list[str] | None = None,
) -> list[str]:
    """One sentence per shared scope. `track_labels`: the tracks a milestones grant is
    limited to (None for every track); `worksheet_labels`: the worksheets a worksheets grant
    names."""
    lines = []
    for scope in Scope:
        if scope.value not in scopes:
            continue
        line = DISCLOSURES[scope].words()
        if scope == Scope.MILESTONES:
            if track_labels is None:
                line += " — " + _("every track, including ones you start later")
            else:
                line += " — " + _("only these tracks: %(tracks)s") % {
                    "tracks": ", ".join(track_labels) or "—"
                }
        if scope == Scope.WORKSHEETS and worksheet_labels is not None:
            line += " — " + _("only these worksheets: %(worksheets)s") % {
                "worksheets": "; ".join(worksheet_labels) or "—"
            }
        lines.append(line)
    return lines


def will_not_see(scopes: Iterable[str]) -> list[str]:
    """What stays private: what is never shared, then every scope not shared here."""
    shared = set(scopes)
    return [str(n) for n in NEVER] + [
        DISCLOSURES[s].words() for s in Scope if s.value not in shared
    ]


# ---------------------------------------------------------------- a grantee's pages


@dataclass(frozen=True)
class Cell:
    name: str
    text: str
    label: str = ""  # the column's heading, which a phone shows beside each value


@dataclass(frozen=True)
class Row:
    cells: list[Cell]
    url: str | None = None


@dataclass(frozen=True)
class Table:
    record: Record
    rows: list[Row]


def as_text(value: Any) -> str:
    """A shared value as words on a page (plain text; the template escapes it)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, decimal.Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(as_text(v) for v in value)
    return str(value)


def table(
    scope: Scope,
    record: str,
    items: Iterable[Mapping[str, Any]],
    *,
    words: Mapping[str, Callable[[Any], Any]] | None = None,
    url: Callable[[Mapping[str, Any]], str | None] | None = None,
) -> Table:
    """A grantee's table of one record kind: exactly the registry's columns, in its order.

    `items` are the same dicts the API returns; `words` turns a raw value into what a page says
    (a mood number into its name); `url` links a row's first cell.
    """
    shape = DISCLOSURES[scope].record(record)
    words = words or {}
    rows = []
    for item in items:
        cells = [
            Cell(f.name, as_text(words.get(f.name, _same)(item[f.name])), str(f.label))
            for f in shape.fields
        ]
        rows.append(Row(cells, url(item) if url else None))
    return Table(shape, rows)


def _same(value: Any) -> Any:
    return value


def pick(
    scope: Scope, record: str, obj: Any, getters: Mapping[str, Callable[[Any], Any]] | None = None
) -> dict[str, Any]:
    """Exactly the registry's fields of one record, read from `obj` (an attribute of the same
    name unless `getters` says how). A field the registry lists that `obj` cannot give fails
    loudly rather than being left out."""
    getters = getters or {}

    def read(name: str) -> Any:
        if name in getters:
            return getters[name](obj)
        return obj[name] if isinstance(obj, Mapping) else getattr(obj, name)

    return {f.name: read(f.name) for f in DISCLOSURES[scope].record(record).fields}
