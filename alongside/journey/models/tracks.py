"""Tracks and their attempts, the milestones celebrated on them and supporters' congratulations,
and a moderation track's use per day."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from alongside.accounts.models import User
from alongside.lib import milestones
from alongside.privacy.fields import EncryptedTextField


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
