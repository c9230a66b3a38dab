"""A peer specialist's record of the people they support, kept as recovery community
organizations keep it (RecoveryLink's caseload): a service pathway, contact permissions,
engagements with notes, and follow-ups.

Nobody is on a caseload without consent: a member appears once they share something with the
peer specialist (a grant to them, or to the peer specialists of their organization), and the
record stays readable only while that lasts (alongside/caseload/access.py)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organization, User
from alongside.privacy.fields import EncryptedTextField


class ServicePathway(models.TextChoices):
    BRIEF = "brief", _("Brief check-ins only")
    COMPREHENSIVE = "comprehensive", _("Comprehensive (intake and recovery plan)")


class CaseRecord(models.Model):
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="case_records")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    peer_specialist = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="caseload"
    )
    pathway = models.CharField(
        _("service pathway"),
        max_length=16,
        choices=ServicePathway.choices,
        default=ServicePathway.BRIEF,
    )
    ok_to_text = models.BooleanField(_("Okay to text"), default=False)
    ok_to_call = models.BooleanField(_("Okay to call"), default=False)
    # Set when the assigned peer specialist's role ends: someone must take them on.
    needs_reassignment = models.BooleanField(default=False)
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["member__first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "organization"], name="one_record_per_org")
        ]

    def __str__(self) -> str:
        return f"Case record of {self.member}"


class EngagementKind(models.TextChoices):
    BRIEF = "brief", _("Brief check-in")
    FOLLOW_UP = "follow_up", _("Follow-up engagement")
    COORDINATION = "coordination", _("Care coordination")
    GROUP = "group", _("Group session")
    DISCHARGE = "discharge", _("Discharge")


class Engagement(models.Model):
    record = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="engagements")
    kind = models.CharField(_("kind"), max_length=16, choices=EngagementKind.choices)
    on = models.DateField(_("day"))
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=15)
    note = EncryptedTextField(_("note"), blank=True)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} on {self.on}"


class FollowUp(models.Model):
    record = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="follow_ups")
    engagement = models.ForeignKey(
        Engagement, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups"
    )
    due_on = models.DateField(_("due"))
    about = models.CharField(_("what for"), max_length=200)
    done_at = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"Follow-up due {self.due_on}"
