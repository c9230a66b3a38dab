"""Dual recovery: the symptoms a member tracks and the daily symptom log beside the check-in."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Pathway, User
from alongside.journey.models.plans import LiveQuerySet
from alongside.privacy.fields import EncryptedTextField


class SymptomKind(models.TextChoices):
    """Common symptoms in plain words, and the member's own named ones."""

    LOW_MOOD = "low_mood", _("Low mood")
    ANXIETY = "anxiety", _("Anxiety")
    RACING_THOUGHTS = "racing_thoughts", _("Racing thoughts")
    VOICES = "voices", _("Voices or unusual experiences")
    TROUBLE_SLEEPING = "trouble_sleeping", _("Trouble sleeping")
    IRRITABILITY = "irritability", _("Irritability")
    NUMB = "numb", _("Feeling numb")
    SELF_HARM = "self_harm", _("Thoughts of self-harm")
    OWN = "own", _("One I name myself")


COMMON_SYMPTOMS = [kind for kind in SymptomKind if kind != SymptomKind.OWN]


class MoodState(models.TextChoices):
    DOWN = "down", _("Down or depressed")
    FLAT = "flat", _("Flat")
    STEADY = "steady", _("Steady")
    UP = "up", _("Up, wired or high energy")
    MIXED = "mixed", _("Mixed: up and down at once")


# "Thoughts of self-harm" at or above this shows the crisis lines and the safety plan at once.
HIGH_SELF_HARM = 5


class SymptomTracking(models.Model):
    """The member's own choice to log symptoms beside the check-in ("I live with a mental-health
    condition too"); members on the Dual Recovery Anonymous pathway are offered it anyway."""

    member = models.OneToOneField(User, on_delete=models.CASCADE, related_name="symptom_tracking")
    is_enabled = models.BooleanField(_("I live with a mental-health condition too"), default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Symptom tracking of {self.member_id}"


def offers_symptom_log(member: User, tracking: SymptomTracking | None) -> bool:
    """Dual-recovery members (the DRA pathway, or who turned it on) log symptoms and keep a
    second list of warning signs."""
    return Pathway.DRA in (member.pathways or []) or bool(tracking and tracking.is_enabled)


class TrackedSymptom(models.Model):
    """One symptom a member chose to track: a common one, or their own (its name encrypted)."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tracked_symptoms")
    kind = models.CharField(_("symptom"), max_length=20, choices=SymptomKind.choices)
    name = EncryptedTextField(_("name"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = LiveQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name if self.kind == SymptomKind.OWN else str(self.get_kind_display())

    @property
    def is_self_harm(self) -> bool:
        return self.kind == SymptomKind.SELF_HARM


class SymptomLogQuerySet(models.QuerySet):
    def for_member(self, member: User) -> SymptomLogQuerySet:
        return self.filter(member=member)


class SymptomLog(models.Model):
    """One symptom log per member per local day, beside that day's check-in."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="symptom_logs")
    on = models.DateField(_("day"))
    mood_state = models.CharField(
        _("mood state"), max_length=10, choices=MoodState.choices, blank=True
    )
    is_late = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = SymptomLogQuerySet.as_manager()

    class Meta:
        ordering = ["-on"]
        constraints = [
            models.UniqueConstraint(fields=["member", "on"], name="one_symptom_log_per_day"),
        ]

    def __str__(self) -> str:
        return f"Symptom log {self.on}"


class SymptomRating(models.Model):
    """How strong one tracked symptom was that day, 0 (not at all) to 10 (as strong as it gets)."""

    log = models.ForeignKey(SymptomLog, on_delete=models.CASCADE, related_name="ratings")
    symptom = models.ForeignKey(TrackedSymptom, on_delete=models.CASCADE, related_name="ratings")
    intensity = models.PositiveSmallIntegerField(
        _("intensity (0–10)"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )

    class Meta:
        ordering = ["symptom_id"]
        constraints = [
            models.UniqueConstraint(fields=["log", "symptom"], name="one_rating_per_symptom"),
            models.CheckConstraint(
                condition=models.Q(intensity__lte=10), name="intensity_at_most_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.symptom} {self.intensity}"

    @property
    def is_high_self_harm(self) -> bool:
        return self.symptom.is_self_harm and self.intensity >= HIGH_SELF_HARM
