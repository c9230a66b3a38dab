"""A peer specialist's record of the people they support, kept as recovery community
organizations keep it (RecoveryLink's caseload): a service pathway, contact permissions, an
intake (comprehensive pathway), engagements with notes, and follow-ups.

Nobody is on a caseload without consent: a member appears once they share something with the
peer specialist (a grant to them, or to the peer specialists of their organization), and the
record stays readable only while that lasts (alongside/caseload/access.py)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organization, Pathway, User
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
    # The day the peer specialist last asked the member to complete a BARC-10 (a notice to them).
    barc10_requested_on = models.DateField(null=True, blank=True)

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
        # The caseload table reads each record's latest engagement.
        indexes = [models.Index(fields=["record", "-on"], name="engagement_record_latest")]

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
        # The caseload table reads each record's next open follow-up and counts overdue ones.
        indexes = [
            models.Index(
                fields=["record", "due_on"],
                condition=models.Q(done_at__isnull=True),
                name="follow_up_record_open",
            )
        ]

    def __str__(self) -> str:
        return f"Follow-up due {self.due_on}"


class ReferralSource(models.TextChoices):
    SELF = "self", _("On their own")
    FAMILY = "family", _("Family or a friend")
    TREATMENT = "treatment", _("A treatment provider")
    HOSPITAL = "hospital", _("A hospital or emergency department")
    JUSTICE = "justice", _("A court, probation or parole")
    COMMUNITY = "community", _("A community organization or another peer program")
    OTHER = "other", _("Somewhere else")


class LifeArea(models.TextChoices):
    """Where a person may want help, across their life and not only substance use."""

    HOUSING = "housing", _("Housing")
    WORK = "work", _("Work and education")
    HEALTH = "health", _("Physical health")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    FAMILY = "family", _("Family and relationships")
    LEGAL = "legal", _("Legal matters")
    MONEY = "money", _("Money and benefits")
    TRANSPORT = "transport", _("Getting around")
    RECOVERY = "recovery", _("Recovery support and meetings")


class Intake(models.Model):
    """The full intake of the comprehensive pathway: how the person came, the pathways they
    use, where they want help, and when to reach them. Their own words are encrypted."""

    record = models.OneToOneField(CaseRecord, on_delete=models.CASCADE, related_name="intake")
    on = models.DateField(_("intake day"))
    referral = models.CharField(
        _("how they came to us"), max_length=16, choices=ReferralSource.choices
    )
    referral_note = EncryptedTextField(_("who referred them (optional)"), blank=True)
    # Values of accounts.Pathway: the recovery pathways they use or want to try.
    pathways = models.JSONField(_("recovery pathways they use"), default=list, blank=True)
    # Values of LifeArea.
    needs = models.JSONField(_("where they want help"), default=list, blank=True)
    help_wanted = EncryptedTextField(_("what they want help with, in their words"), blank=True)
    contact_times = EncryptedTextField(_("best times to reach them"), blank=True)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Intake on {self.on}"

    def pathway_labels(self) -> list[str]:
        labels = dict(Pathway.choices)
        return [str(labels[p]) for p in self.pathways if p in labels]

    def need_labels(self) -> list[str]:
        labels = dict(LifeArea.choices)
        return [str(labels[n]) for n in self.needs if n in labels]


QUIET_AFTER_DAYS = 14


class CaseloadSetting(models.Model):
    """A peer specialist's own choices for their caseload table."""

    staff = models.OneToOneField(User, on_delete=models.CASCADE, related_name="caseload_setting")
    quiet_after_days = models.PositiveSmallIntegerField(
        _("gone quiet after (days)"), default=QUIET_AFTER_DAYS
    )

    def __str__(self) -> str:
        return f"Caseload settings of {self.staff_id}"
