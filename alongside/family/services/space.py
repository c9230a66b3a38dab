"""An ally's own space: CRAFT worksheets and progress through the programme, a well-being
check-in of their own, and what the people they support share with them. Everything written
here is the ally's alone (encrypted free text, no grant reaches it).
"""

from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.models import User
from alongside.family.craft import STEPS, Step, get_step
from alongside.family.models import Ally, CraftWorksheet, WellbeingCheckIn
from alongside.family.services.allies import FamilyError
from alongside.journey.forms import worksheet_form
from alongside.journey.services.writing import WorksheetInvalid
from alongside.privacy import policy
from alongside.privacy.models import Scope
from alongside.privacy.scopes import grantee_page
from alongside.support.models import HardDay, SosAlert

NOTE_MAX = 2000
WELLBEING_SHOWN = 14
SIGNALS_SHOWN = 5

# ---------------------------------------------------------------- CRAFT worksheets


def _day(person: User, on: datetime.date | None, fallback: datetime.date | None = None):
    on = on or fallback or person.local_today()
    if on > person.local_today():
        raise FamilyError("on", _("That day has not come yet. Choose today or an earlier day."))
    return on


def clean_craft_answers(
    *, person: User, step: Step, answers: dict[str, Any], saved: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Check answers against the step's worksheet, with the same form its page shows. Raises
    WorksheetInvalid (journey) with every field's errors."""
    form = worksheet_form(step.tool, person, data=answers, initial=saved)
    if not form.is_valid():
        raise WorksheetInvalid({name: [str(e) for e in errs] for name, errs in form.errors.items()})
    return form.answers()


def step_named(key: str) -> Step:
    step = get_step(key)
    if step is None:
        raise FamilyError("tool", _("There is no such CRAFT step."))
    return step


@transaction.atomic
def save_craft_worksheet(
    *,
    person: User,
    tool: str,
    answers: dict[str, Any],
    on: datetime.date | None = None,
    worksheet: CraftWorksheet | None = None,
) -> CraftWorksheet:
    """Save a new worksheet of a CRAFT step, or (given `worksheet`) replace its answers. Raises
    FamilyError for an unknown step or a future day, WorksheetInvalid for answers that do not
    fit (nothing is saved then)."""
    step = step_named(worksheet.tool if worksheet is not None else tool)
    on = _day(person, on, worksheet.on if worksheet is not None else None)
    cleaned = clean_craft_answers(
        person=person,
        step=step,
        answers=answers,
        saved=worksheet.values if worksheet is not None else None,
    )
    if worksheet is None:
        worksheet = CraftWorksheet(person=person, tool=step.key)
    worksheet.on = on
    worksheet.values = cleaned
    worksheet.updated_at = timezone.now()
    worksheet.save()
    return worksheet


@transaction.atomic
def delete_craft_worksheet(*, worksheet: CraftWorksheet) -> None:
    worksheet.delete()


@dataclass(frozen=True)
class StepProgress:
    step: Step
    worksheets: int
    last_on: datetime.date | None

    @property
    def is_done(self) -> bool:
        return self.worksheets > 0


@dataclass(frozen=True)
class Progress:
    steps: list[StepProgress]

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s.is_done)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def next_step(self) -> Step | None:
        return next((s.step for s in self.steps if not s.is_done), None)


def progress(person: User) -> Progress:
    """Each step with how many worksheets the person has saved for it: a step is worked
    through once it has one."""
    counts: dict[str, tuple[int, datetime.date | None]] = {}
    for tool, on in CraftWorksheet.objects.filter(person=person).values_list("tool", "on"):
        number, last = counts.get(tool, (0, None))
        counts[tool] = (number + 1, max(on, last) if last else on)
    return Progress(
        [StepProgress(step, *counts.get(step.key, (0, None))) for step in STEPS],
    )


def craft_worksheets(person: User, tool: str | None = None) -> list[CraftWorksheet]:
    found = CraftWorksheet.objects.filter(person=person)
    return list(found.filter(tool=tool) if tool else found)


def summarize(worksheet: CraftWorksheet) -> str:
    step = get_step(worksheet.tool)
    return step.tool.summarize(worksheet.values) if step else ""


# ---------------------------------------------------------------- well-being check-ins


@transaction.atomic
def record_wellbeing(
    *,
    person: User,
    stress: int,
    sleep_hours: decimal.Decimal | float | None = None,
    took_time_for_self: bool = False,
    note: str = "",
    on: datetime.date | None = None,
) -> WellbeingCheckIn:
    """The person's check-in on themselves for a day (today unless `on`); a second one the same
    day replaces the first. Raises FamilyError naming the field for stress outside 0–10, sleep
    outside 0–24 hours, a note over 2,000 characters or a future day."""
    on = _day(person, on)
    if not 0 <= stress <= 10:
        raise FamilyError("stress", _("Choose a number from 0 (calm) to 10 (the most stressed)."))
    sleep = None
    if sleep_hours is not None:
        sleep = decimal.Decimal(str(sleep_hours)).quantize(decimal.Decimal("0.1"))
        if not 0 <= sleep <= 24:
            raise FamilyError("sleep_hours", _("Hours of sleep are between 0 and 24."))
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise FamilyError(
            "note", _("Keep the note to %(n)s characters or fewer.") % {"n": f"{NOTE_MAX:,}"}
        )
    found, _created = WellbeingCheckIn.objects.update_or_create(
        person=person,
        on=on,
        defaults={
            "stress": stress,
            "sleep_hours": sleep,
            "took_time_for_self": took_time_for_self,
            "note": note,
            "updated_at": timezone.now(),
        },
    )
    return found


@transaction.atomic
def delete_wellbeing(*, check_in: WellbeingCheckIn) -> None:
    check_in.delete()


def recent_wellbeing(person: User, limit: int = WELLBEING_SHOWN) -> list[WellbeingCheckIn]:
    return list(WellbeingCheckIn.objects.filter(person=person)[:limit])


def wellbeing_today(person: User) -> WellbeingCheckIn | None:
    return WellbeingCheckIn.objects.filter(person=person, on=person.local_today()).first()


def stress_words(stress: int) -> str:
    if stress <= 3:
        return _("calm")
    if stress <= 6:
        return _("some stress")
    return _("a lot of stress")


# ---------------------------------------------------------------- the people they support

# Warm, simple things to do for someone having a hard day (shown beside each signal).
HARD_DAY_IDEAS = (
    gettext_lazy("Send a few kind words. No advice needed, just that you are there."),
    gettext_lazy("Offer some company: a walk, a meal, a film together."),
    gettext_lazy("Ask what would help today, and listen to the answer."),
)


@dataclass
class Supported:
    """Someone the person is an ally of, and what reaches them from that person now."""

    ally: Ally
    # (scope, its name, the page where they read it)
    pages: list[tuple[str, str, str]] = field(default_factory=list)
    hard_days: list[HardDay] = field(default_factory=list)
    alerts: list[SosAlert] = field(default_factory=list)

    @property
    def member(self) -> User:
        return self.ally.member


def supporting(person: User) -> list[Supported]:
    """The members the person is an ally of, each with the pages of what they share with them
    (asked of the policy on every call, so a revocation shows at once) and the signals they
    have sent them lately. Nothing here reads a shared record; the pages linked to do, and log
    it."""
    labels = dict(Scope.choices)
    shared = policy.scopes_shared_with(person)
    found = []
    for ally in Ally.objects.active().filter(person=person).select_related("member"):
        member = ally.member
        pages = []
        for scope in shared.get(member.pk, []):
            url = grantee_page(scope, member.pk)
            if url:
                pages.append((scope, str(labels[scope]), url))
        found.append(
            Supported(
                ally,
                pages,
                list(HardDay.objects.filter(member=member, recipients=person)[:SIGNALS_SHOWN]),
                list(
                    SosAlert.objects.filter(member=member, recipients__person=person)[
                        :SIGNALS_SHOWN
                    ]
                ),
            )
        )
    return found


def is_ally(person: User) -> bool:
    return person.is_authenticated and Ally.objects.active().filter(person=person).exists()
