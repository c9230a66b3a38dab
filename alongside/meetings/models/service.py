"""A group's service positions, their terms, and its business meetings."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.meetings.models.groups import Group
from alongside.privacy.fields import EncryptedTextField


class PositionRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    TREASURER = "treasurer", _("Treasurer")
    GREETER = "greeter", _("Greeter")
    LITERATURE = "literature", _("Literature")
    GSR = "gsr", _("Group service representative")


class ServiceTerm(models.Model):
    """One person's term in a group's service position; rotation closes one term and opens the next."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="service_terms")
    role = models.CharField(_("position"), max_length=12, choices=PositionRole.choices)
    holder = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="service_terms"
    )
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"), null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(_("term length (months)"), default=6)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["role", "-starts_on"]
        indexes = [models.Index(fields=["group", "role", "-starts_on"], name="term_group_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} of {self.group}"

    @property
    def rotates_on(self) -> dt.date:
        """When the term is due to rotate: its end, or its start plus its length."""
        if self.ends_on:
            return self.ends_on
        return self.starts_on + relativedelta(months=self.term_months)


class BusinessMeeting(models.Model):
    """A group conscience / business meeting and its notes (encrypted at rest)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="business_meetings")
    held_on = models.DateField(_("held on"))
    notes = EncryptedTextField(_("notes"))
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="business_notes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.group} business meeting {self.held_on}"
