"""The daily check-in."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.journey.models.plans import CopingStrategy, Trigger
from alongside.privacy.fields import EncryptedTextField


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
    # Dual recovery: psychiatric medication apart from the substance-use one above; both are
    # shared only under the medication scope.
    took_psychiatric_medication = models.BooleanField(
        _("took my psychiatric medication as prescribed"), null=True, blank=True
    )
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
