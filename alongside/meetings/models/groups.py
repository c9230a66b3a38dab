"""Groups, who they serve, and the people who facilitate them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organization, User
from alongside.meetings.models.programs import Program


class Size(models.TextChoices):
    SMALL = "small", _("Small (under 10)")
    MEDIUM = "medium", _("Medium (10–25)")
    LARGE = "large", _("Large (over 25)")


class Group(models.Model):
    """A group holds meetings: its program, people, size, atmosphere and who it serves."""

    slug = models.SlugField(unique=True, max_length=80)
    name = models.CharField(_("name"), max_length=160)
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="groups")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_groups",
    )
    description = models.TextField(_("about the group"), blank=True)
    typical_size = models.CharField(
        _("typical size"), max_length=10, choices=Size.choices, blank=True
    )
    atmosphere = models.TextField(
        _("atmosphere"),
        blank=True,
        help_text=_("What a first visit feels like: welcoming, quiet, lively, structured…"),
    )
    demographics = models.JSONField(
        _("who it serves"),
        default=list,
        blank=True,
        help_text=_("Type codes such as W, M, Y, LGBTQ, SEN."),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    accessibility = models.JSONField(
        _("accessibility"),
        default=list,
        blank=True,
        help_text=_("Type codes such as X, XB, ASL, CAPT."),
    )
    is_newcomer_friendly = models.BooleanField(_("newcomers especially welcome"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Facilitator(models.Model):
    """A person who facilitates a group, with their experience in their own words."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="facilitators")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="facilitating")
    experience = models.TextField(_("experience"), blank=True)
    trained_as = models.CharField(_("training"), max_length=160, blank=True)
    since = models.DateField(_("facilitating since"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_facilitator_row_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.group}"
