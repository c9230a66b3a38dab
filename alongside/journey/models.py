"""The member's daily recovery record."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
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
        _("hours of sleep"), max_digits=3, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    attended_meeting = models.BooleanField(_("went to a meeting"), default=False)
    gratitude = EncryptedTextField(_("one thing I'm grateful for"), blank=True)
    note = EncryptedTextField(_("note"), blank=True)
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
        return [str(f.verbose_name) for f in self._meta.fields if f.name in {"hungry", "angry", "lonely", "tired"} and getattr(self, f.name)]
