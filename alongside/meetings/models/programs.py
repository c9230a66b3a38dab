"""Programs: a pathway's fellowship or method, its approach and its goal."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Approach(models.TextChoices):
    SPIRITUAL = "spiritual", _("Spiritual (a higher power of one's own understanding)")
    RELIGIOUS = "religious", _("Religious (Christ-centred)")
    SECULAR = "secular", _("Secular (science-based, no higher power)")
    BUDDHIST = "buddhist", _("Buddhist-inspired")
    CLINICAL = "clinical", _("Clinical (led by a licensed professional)")


class Goal(models.TextChoices):
    ABSTINENCE = "abstinence", _("Abstinence")
    MODERATION = "moderation", _("Moderation")
    EITHER = "either", _("Abstinence or moderation, your choice")
    SUPPORT = "support", _("Support for family and friends")


class Program(models.Model):
    """A pathway's fellowship or method (NA, SMART Recovery, …) and its philosophy."""

    slug = models.SlugField(unique=True, max_length=30)
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=30)
    pathway = models.CharField(
        _("pathway"),
        max_length=20,
        blank=True,
        help_text=_("The member-profile pathway this program serves."),
    )
    approach = models.CharField(_("approach"), max_length=12, choices=Approach.choices)
    goal = models.CharField(_("goal"), max_length=12, choices=Goal.choices)
    is_twelve_step = models.BooleanField(_("12-step"), default=False)
    is_family = models.BooleanField(_("for family and friends"), default=False)
    is_professional = models.BooleanField(_("professional group therapy"), default=False)
    philosophy = models.TextField(_("philosophy"))
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name
