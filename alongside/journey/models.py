"""The member's recovery journey: tracks and their attempts, milestones and celebrations, daily
check-ins, relapse-prevention and safety plans, recovery goals, journal and pathway worksheets.

Free text that says something about a person's recovery is encrypted at rest
(EncryptedTextField), track names and supporters' congratulations included; labels chosen from
a list are not.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from alongside.accounts.models import User
from alongside.lib import milestones
from alongside.privacy.fields import EncryptedTextField

# ----------------------------------------------------------------------------------------------
# Tracks, attempts, milestones


class TrackKind(models.TextChoices):
    SUBSTANCE = "substance", _("A substance")
    BEHAVIOUR = "behaviour", _("A behaviour")
    ALL_SUBSTANCES = "all_substances", _("All substances")


class TrackGoal(models.TextChoices):
    ABSTINENCE = "abstinence", _("Abstinence: count clean days")
    MODERATION = "moderation", _("Moderation: keep to my own limits")


class DateMeaning(models.TextChoices):
    """What the member calls their sobriety date. Either way it is day 0 of the count."""

    LAST_USE = "last_use", _("My last day of use")
    FIRST_CLEAN = "first_clean", _("My first clean day")


class TrackQuerySet(models.QuerySet):
    def for_member(self, member: User) -> TrackQuerySet:
        return self.filter(member=member)

    def active(self) -> TrackQuerySet:
        return self.filter(archived_at__isnull=True)


class Track(models.Model):
    """One thing a member is recovering from, with their goal for it.

    Abstinence tracks count days from `sobriety_on` (day 0, never in the future) and keep every
    attempt; moderation tracks hold personal limits per day and per week, and may start with an
    abstinence period (Moderation Management suggests 30 days).
    """

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tracks")
    kind = models.CharField(_("what it is"), max_length=20, choices=TrackKind.choices)
    name = EncryptedTextField(
        _("name"),
        max_length=60,
        blank=True,
        help_text=_("For example alcohol, opioids, gambling. Leave empty for all substances."),
    )
    goal = models.CharField(_("goal"), max_length=12, choices=TrackGoal.choices)
    sobriety_on = models.DateField(_("sobriety date"), null=True, blank=True)
    date_meaning = models.CharField(
        _("my sobriety date is"),
        max_length=12,
        choices=DateMeaning.choices,
        default=DateMeaning.LAST_USE,
    )
    daily_limit = models.PositiveSmallIntegerField(_("limit per day"), null=True, blank=True)
    weekly_limit = models.PositiveSmallIntegerField(_("limit per week"), null=True, blank=True)
    unit = EncryptedTextField(_("counted in"), max_length=30, blank=True, default="drinks")
    abstinence_days = models.PositiveSmallIntegerField(
        _("abstinence period (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    abstinence_starts_on = models.DateField(_("abstinence period starts"), null=True, blank=True)
    on_medication = models.BooleanField(
        _("I take medication for this (for example buprenorphine, methadone, naltrexone)"),
        default=False,
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = TrackQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                name="abstinence_track_has_a_date",
                condition=~Q(goal="abstinence") | Q(sobriety_on__isnull=False),
            ),
            models.CheckConstraint(
                name="weekly_limit_covers_daily_limit",
                condition=Q(daily_limit__isnull=True)
                | Q(weekly_limit__isnull=True)
                | Q(weekly_limit__gte=models.F("daily_limit")),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.kind == TrackKind.ALL_SUBSTANCES and not self.name:
            return str(_("All substances"))
        return self.name or str(TrackKind(self.kind).label)

    @property
    def is_abstinence(self) -> bool:
        return self.goal == TrackGoal.ABSTINENCE

    @property
    def is_moderation(self) -> bool:
        return self.goal == TrackGoal.MODERATION

    def days_on(self, today: datetime.date) -> int | None:
        """Clean days as of the member's local `today` (day 0 on the sobriety date)."""
        if self.sobriety_on is None or self.sobriety_on > today:
            return None
        return milestones.days_since(self.sobriety_on, today)

    def progress(self, today: datetime.date) -> milestones.Progress | None:
        if not self.is_abstinence or self.sobriety_on is None or self.sobriety_on > today:
            return None
        return milestones.progress(self.sobriety_on, today)

    def abstinence_period(self, today: datetime.date) -> dict[str, Any] | None:
        """A moderation track's abstinence period: day N of M, or done."""
        if not self.abstinence_days or self.abstinence_starts_on is None:
            return None
        day = (today - self.abstinence_starts_on).days
        ends_on = self.abstinence_starts_on + datetime.timedelta(days=self.abstinence_days)
        return {
            "day": max(day, 0),
            "of": self.abstinence_days,
            "ends_on": ends_on,
            "is_done": today >= ends_on,
        }


class EndKind(models.TextChoices):
    LAPSE = "lapse", _("A lapse (a slip)")
    RELAPSE = "relapse", _("A relapse")


class Attempt(models.Model):
    """One stretch of clean time on an abstinence track. Recording a lapse closes the open
    attempt and opens the next one: history is kept, never wiped."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="attempts")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="attempts")
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    end_kind = models.CharField(
        _("what happened"), max_length=10, choices=EndKind.choices, blank=True
    )
    note = EncryptedTextField(_("private note"), blank=True)
    # The latest milestone already celebrated on this attempt, so the home page can tell without
    # a query that nothing new is due.
    celebrated_key = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["track"],
                condition=Q(ended_on__isnull=True),
                name="one_open_attempt_per_track",
            ),
            models.CheckConstraint(
                name="attempt_ends_after_it_starts",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"Attempt {self.started_on}–{self.ended_on or ''}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    def days(self, today: datetime.date) -> int:
        end = self.ended_on or today
        return max((end - self.started_on).days, 0)


class CelebrationQuerySet(models.QuerySet):
    def standing(self) -> CelebrationQuerySet:
        """Celebrations still standing: not withdrawn by a lapse entered later."""
        return self.filter(withdrawn_at__isnull=True)


class Celebration(models.Model):
    """A milestone the member reached on one attempt; people the member shares milestones
    with can congratulate. One per (attempt, milestone).

    A lapse entered later with an earlier date means the milestone was never reached: the
    celebration is withdrawn (no longer listed), and it and its congratulations stay in history.
    """

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="celebrations")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="celebrations")
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="celebrations")
    milestone_key = models.CharField(max_length=8)
    reached_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = CelebrationQuerySet.as_manager()

    class Meta:
        ordering = ["-reached_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "milestone_key"], name="one_celebration_per_milestone"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} on {self.reached_on}"

    @property
    def label(self) -> str:
        return milestone_label(self.milestone_key)


def milestone_label(key: str) -> str:
    """ "30 days", "6 months", "1 year", translated."""
    count, unit = int(key[:-1]), key[-1]
    if unit == "d":
        return ngettext("%(n)d day", "%(n)d days", count) % {"n": count}
    if unit == "m":
        return ngettext("%(n)d month", "%(n)d months", count) % {"n": count}
    return ngettext("%(n)d year", "%(n)d years", count) % {"n": count}


class Congratulation(models.Model):
    """A supporter's congratulation on a member's celebration (one each)."""

    celebration = models.ForeignKey(
        Celebration, on_delete=models.CASCADE, related_name="congratulations"
    )
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="congratulations_given")
    message = EncryptedTextField(_("a few words (optional)"), max_length=280, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["celebration", "author"], name="one_congratulation_each"
            )
        ]

    def __str__(self) -> str:
        return f"Congratulation {self.pk}"


class UseDay(models.Model):
    """How much the member used on one local day, on a moderation track (the day's total)."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="use_days")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="use_days")
    on = models.DateField(_("day"))
    amount = models.PositiveSmallIntegerField(_("amount"), validators=[MaxValueValidator(100)])
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on"]
        constraints = [
            models.UniqueConstraint(fields=["track", "on"], name="one_use_total_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.amount} on {self.on}"


# ----------------------------------------------------------------------------------------------
# Relapse-prevention plan


class TriggerKind(models.TextChoices):
    PEOPLE = "people", _("People")
    PLACES = "places", _("Places")
    THINGS = "things", _("Things")
    FEELINGS = "feelings", _("Feelings")


class LiveQuerySet(models.QuerySet):
    """Rows a member can still choose (removed ones stay for the check-ins that name them)."""

    def for_member(self, member: User) -> LiveQuerySet:
        return self.filter(member=member)

    def live(self) -> LiveQuerySet:
        return self.filter(archived_at__isnull=True)


class Trigger(models.Model):
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="triggers")
    kind = models.CharField(_("kind"), max_length=10, choices=TriggerKind.choices)
    name = EncryptedTextField(_("trigger"))
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = LiveQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.name


class CopingStrategy(models.Model):
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="coping_strategies")
    text = EncryptedTextField(_("what helps"))
    triggers = models.ManyToManyField(
        Trigger, blank=True, related_name="strategies", verbose_name=_("helps with")
    )
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = LiveQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "coping strategies"

    def __str__(self) -> str:
        return self.text


class PlanItemQuerySet(models.QuerySet):
    def for_member(self, member: User) -> PlanItemQuerySet:
        return self.filter(member=member)


class WarningSign(models.Model):
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="warning_signs")
    text = EncryptedTextField(_("warning sign"))
    created_at = models.DateTimeField(default=timezone.now)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class SupportContact(models.Model):
    """Someone to call or text when it gets hard (their number is the member's to keep)."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="support_contacts")
    name = EncryptedTextField(_("name"))
    phone = EncryptedTextField(_("phone"))
    relationship = EncryptedTextField(_("who they are to me"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def dial(self) -> str:
        """The number as a tel:/sms: link wants it: digits and a leading +."""
        raw = self.phone.strip()
        digits = "".join(ch for ch in raw if ch.isdigit())
        return ("+" + digits) if raw.startswith("+") else digits


class IfThenPlan(models.Model):
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="if_then_plans")
    if_text = EncryptedTextField(_("if"))
    then_text = EncryptedTextField(_("then I will"))
    created_at = models.DateTimeField(default=timezone.now)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"If {self.if_text}"


# ----------------------------------------------------------------------------------------------
# Daily check-in


class Mood(models.IntegerChoices):
    VERY_LOW = 1, _("Very low")
    LOW = 2, _("Low")
    OKAY = 3, _("Okay")
    GOOD = 4, _("Good")
    GREAT = 5, _("Great")


class CheckInQuerySet(models.QuerySet):
    def for_member(self, member: User) -> CheckInQuerySet:
        return self.filter(member=member)


# A craving at or above this makes the check-in show the member's plan at once (lapse risk).
HIGH_CRAVING = 7


class CheckIn(models.Model):
    """One check-in per member per local day; editable that day, marked late when added after."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="check_ins")
    on = models.DateField(_("day"))
    mood = models.PositiveSmallIntegerField(_("mood"), choices=Mood.choices)
    craving = models.PositiveSmallIntegerField(
        _("craving (0–10)"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    hungry = models.BooleanField(_("hungry"), default=False)
    angry = models.BooleanField(_("angry"), default=False)
    lonely = models.BooleanField(_("lonely"), default=False)
    tired = models.BooleanField(_("tired"), default=False)
    sleep_hours = models.DecimalField(
        _("hours of sleep"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    attended_meeting = models.BooleanField(_("went to a meeting"), default=False)
    took_medication = models.BooleanField(_("took my medication"), null=True, blank=True)
    triggers = models.ManyToManyField(
        Trigger, blank=True, related_name="check_ins", verbose_name=_("triggers I met")
    )
    coping_used = models.ManyToManyField(
        CopingStrategy, blank=True, related_name="check_ins", verbose_name=_("what I did to cope")
    )
    gratitude = EncryptedTextField(
        _("one thing I'm grateful for"), blank=True, validators=[MaxLengthValidator(500)]
    )
    note = EncryptedTextField(_("note"), blank=True, validators=[MaxLengthValidator(5000)])
    is_late = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-on"]
        constraints = [
            models.UniqueConstraint(fields=["member", "on"], name="one_check_in_per_day"),
            models.CheckConstraint(condition=models.Q(craving__lte=10), name="craving_at_most_10"),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.on}"

    @property
    def halt(self) -> list[str]:
        return [
            str(f.verbose_name)
            for f in self._meta.fields
            if f.name in {"hungry", "angry", "lonely", "tired"} and getattr(self, f.name)
        ]

    @property
    def halt_count(self) -> int:
        return sum((self.hungry, self.angry, self.lonely, self.tired))

    @property
    def is_high_craving(self) -> bool:
        return self.craving >= HIGH_CRAVING


# ----------------------------------------------------------------------------------------------
# Safety plan (Stanley–Brown)


class SafetyPlan(models.Model):
    """The Stanley–Brown safety plan in the member's own words, its sections in order."""

    # (field, heading, prompt) in the order the plan is used: each step escalates.
    SECTIONS = [
        (
            "warning_signs",
            _("1. Warning signs"),
            _(
                "Thoughts, images, moods, situations or behaviours that tell me a crisis may be starting."
            ),
        ),
        (
            "internal_coping",
            _("2. Things I can do on my own"),
            _("Ways to take my mind off my problems without contacting anyone."),
        ),
        (
            "social_distractions",
            _("3. People and places that distract me"),
            _("People and social settings that help me feel better (names, places)."),
        ),
        (
            "people_to_ask",
            _("4. People I can ask for help"),
            _("Names and phone numbers of people I can ask for help."),
        ),
        (
            "professionals",
            _("5. Professionals and services to contact in a crisis"),
            _(
                "My clinician, urgent care, and crisis lines (the lines for your country are listed below)."
            ),
        ),
        (
            "safe_environment",
            _("6. Making my surroundings safe"),
            _("How I will keep myself safe, for example keeping medications or firearms away."),
        ),
        (
            "reason_for_living",
            _("The one thing most important to me and worth living for"),
            _("In your own words."),
        ),
    ]

    member = models.OneToOneField(User, on_delete=models.CASCADE, related_name="safety_plan")
    warning_signs = EncryptedTextField(blank=True)
    internal_coping = EncryptedTextField(blank=True)
    social_distractions = EncryptedTextField(blank=True)
    people_to_ask = EncryptedTextField(blank=True)
    professionals = EncryptedTextField(blank=True)
    safe_environment = EncryptedTextField(blank=True)
    reason_for_living = EncryptedTextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Safety plan of {self.member_id}"

    def sections(self) -> list[dict[str, str]]:
        return [
            {
                "field": name,
                "heading": str(heading),
                "prompt": str(prompt),
                "text": getattr(self, name),
            }
            for name, heading, prompt in self.SECTIONS
        ]

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name).strip() for name, _h, _p in self.SECTIONS)


# ----------------------------------------------------------------------------------------------
# Recovery plan and goals


class Domain(models.TextChoices):
    """Recovery-capital domains a goal can belong to."""

    SUBSTANCE_USE = "substance_use", _("Substance use")
    HEALTH = "health", _("Health")
    HOUSING = "housing", _("Housing")
    WORK_EDUCATION = "work_education", _("Work and education")
    RELATIONSHIPS = "relationships", _("Relationships")
    MEANING = "meaning", _("Meaning and purpose")
    COMMUNITY = "community", _("Community")


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    ON_HOLD = "on_hold", _("On hold")


class GoalQuerySet(models.QuerySet):
    def for_member(self, member: User) -> GoalQuerySet:
        return self.filter(member=member)


class RecoveryGoal(models.Model):
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_goals")
    domain = models.CharField(_("area of life"), max_length=20, choices=Domain.choices)
    title = EncryptedTextField(_("goal"))
    why = EncryptedTextField(_("why it matters to me"), blank=True)
    target_on = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("progress"), max_length=12, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["domain", "target_on", "id"]

    def __str__(self) -> str:
        return self.title


class GoalStep(models.Model):
    goal = models.ForeignKey(RecoveryGoal, on_delete=models.CASCADE, related_name="steps")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="goal_steps")
    text = EncryptedTextField(_("step"))
    target_on = models.DateField(_("by"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["target_on", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


# ----------------------------------------------------------------------------------------------
# Journal and pathway worksheets


class JournalEntry(models.Model):
    """Private writing. Never shareable: no grant reaches it and no supporter route exists."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="journal_entries")
    written_on = models.DateField(_("day"))
    title = EncryptedTextField(_("title"), blank=True)
    body = EncryptedTextField(_("entry"))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-written_on", "-id"]
        verbose_name_plural = "journal entries"

    def __str__(self) -> str:
        return f"Journal {self.written_on}"


class Worksheet(models.Model):
    """One filled-in pathway tool (thought record, step work, drink log, …). The answers are one
    encrypted JSON document whose fields the tool's definition (journey/tools.py) describes."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="worksheets")
    tool = models.CharField(max_length=30)
    on = models.DateField(_("day"))
    data = EncryptedTextField(default="{}")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["member", "tool", "-on"])]

    def __str__(self) -> str:
        return f"{self.tool} {self.on}"

    @property
    def values(self) -> dict[str, Any]:
        try:
            loaded = json.loads(self.data or "{}")
        except ValueError:
            return {}
        return loaded if isinstance(loaded, dict) else {}

    @values.setter
    def values(self, answers: dict[str, Any]) -> None:
        self.data = json.dumps(answers, ensure_ascii=False, default=str)


# ----------------------------------------------------------------------------------------------
# Reminders


class CheckInReminderQuerySet(models.QuerySet):
    def due(self, now: datetime.datetime) -> CheckInReminderQuerySet:
        """Switched on, of an active member, and due by `now`."""
        return self.filter(is_enabled=True, member__is_active=True, next_due_at__lte=now)


class CheckInReminder(models.Model):
    """The member's daily check-in reminder, at a local time of their choosing.

    `next_due_at` is the next moment it is due, in UTC: worked out from `at` in the member's
    zone whenever the settings change and after each day's run (or, in quiet hours, the moment
    they end), so one query finds every reminder due in a minute whatever the members' zones.
    """

    member = models.OneToOneField(User, on_delete=models.CASCADE, related_name="check_in_reminder")
    is_enabled = models.BooleanField(_("remind me to check in"), default=True)
    at = models.TimeField(_("at (your local time)"), default=datetime.time(20, 0))
    by_email = models.BooleanField(_("also send an email"), default=False)
    next_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CheckInReminderQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Reminder of {self.member_id} at {self.at}"
