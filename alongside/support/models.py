"""A member's support circle, SOS alerts and their steps, "having a hard day" signals with the
encouragement they bring, and organizations' on-call rotas.

The circle is the consent: a person gets a member's SOS or hard-day signal only because the
member put them in the circle (and they have not declined). See docs/privacy.md, "Support
circle".
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organization, User
from alongside.privacy.fields import EncryptedTextField

ENCOURAGEMENT_MAX = 500
HARD_DAY_NOTE_MAX = 280
HANDOVER_MAX = 1000
ESCALATION_MINUTE_CHOICES = [2, 3, 5, 10, 15, 30]


class CircleAnswer(models.TextChoices):
    PENDING = "pending", _("Has not answered yet")
    ACCEPTED = "accepted", _("Agreed")
    DECLINED = "declined", _("Declined")


class CircleMemberQuerySet(models.QuerySet):
    def reachable(self) -> CircleMemberQuerySet:
        """Chosen people who have not declined, whose accounts still exist, in the member's order."""
        return (
            self.exclude(answer=CircleAnswer.DECLINED)
            .filter(person__is_active=True)
            .order_by("position", "id")
        )


class CircleMember(models.Model):
    """One person a member chose for their support circle, in the member's order.

    A chosen person is alerted unless they declined: a crisis should not wait on someone having
    opened a notice first, and they can decline at any time.
    """

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="circle")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="circles_joined")
    position = models.PositiveSmallIntegerField(default=1)
    gets_sos = models.BooleanField(_("SOS alerts"), default=True)
    gets_hard_days = models.BooleanField(_("“Having a hard day”"), default=True)
    answer = models.CharField(
        max_length=10, choices=CircleAnswer.choices, default=CircleAnswer.PENDING
    )
    chosen_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = CircleMemberQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "person"], name="circle_person_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} in the circle of {self.member}"


def default_escalation_minutes() -> int:
    return settings.SOS_ESCALATE_AFTER_MINUTES


class SupportSettings(models.Model):
    """A member's SOS choices: how long to wait before the next person, and whether the
    organization's on-call peer specialist is the last step."""

    member = models.OneToOneField(User, on_delete=models.CASCADE, related_name="support_settings")
    escalate_after_minutes = models.PositiveSmallIntegerField(
        _("minutes before the next person is alerted"), default=default_escalation_minutes
    )
    on_call_organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization whose on-call peer specialist is alerted last"),
    )

    def __str__(self) -> str:
        return f"SOS settings of {self.member_id}"


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Waiting for someone to answer")
    ACKNOWLEDGED = "acknowledged", _("Someone is on it")
    CANCELLED = "cancelled", _("You said you are OK")


class Response(models.TextChoices):
    CALLING = "calling", _("I'm calling you")
    ON_MY_WAY = "on_my_way", _("I'm on my way")
    MESSAGING = "messaging", _("I'm messaging you")


class SosAlert(models.Model):
    """One press of SOS. `step` counts the people alerted so far, so an escalation task knows
    whether its step already ran."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sos_alerts")
    status = models.CharField(max_length=12, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    started_at = models.DateTimeField(default=timezone.now)
    step = models.PositiveSmallIntegerField(default=0)
    escalate_after_minutes = models.PositiveSmallIntegerField(default=5)
    on_call_organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    response = models.CharField(max_length=12, choices=Response.choices, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Nobody left to alert (circle exhausted, on-call reached or nobody on call).
    is_exhausted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"SOS {self.pk} of {self.member_id}"

    @property
    def is_open(self) -> bool:
        return self.status == AlertStatus.OPEN

    @property
    def next_escalation_at(self) -> datetime.datetime | None:
        if not self.is_open or self.is_exhausted:
            return None
        return self.started_at + datetime.timedelta(minutes=self.escalate_after_minutes * self.step)


class AlertRecipient(models.Model):
    """Someone an SOS reached: from the circle, or on call for the member's organization."""

    alert = models.ForeignKey(SosAlert, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sos_received")
    is_on_call = models.BooleanField(default=False)
    alerted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["alerted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "person"], name="alert_person_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} alerted by SOS {self.alert_id}"


class EventKind(models.TextChoices):
    STARTED = "started", _("You pressed SOS")
    NO_CIRCLE = "no_circle", _("Nobody was chosen to alert")
    ALERTED = "alerted", _("Alerted")
    ESCALATED = "escalated", _("Nobody answered in time: alerted the next person")
    ON_CALL = "on_call", _("Alerted the peer specialist on call")
    NOBODY_ON_CALL = "nobody_on_call", _("Nobody was on call")
    EXHAUSTED = "exhausted", _("Everyone you chose has been alerted")
    ACKNOWLEDGED = "acknowledged", _("Answered")
    CANCELLED = "cancelled", _("You said you are OK")


class SosEvent(models.Model):
    """One step of an SOS, shown to the member in order."""

    alert = models.ForeignKey(SosAlert, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    person = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    response = models.CharField(max_length=12, choices=Response.choices, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} on SOS {self.alert_id}"


class HardDay(models.Model):
    """A member letting chosen people know today is hard. Not urgent, no escalation."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="hard_days")
    note = EncryptedTextField(
        _("a short note (optional)"), max_length=HARD_DAY_NOTE_MAX, blank=True
    )
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.ManyToManyField(User, related_name="hard_days_received", blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"Hard day {self.pk} of {self.member_id}"


class Encouragement(models.Model):
    """A short message a supporter sends back to a member's hard day."""

    hard_day = models.ForeignKey(HardDay, on_delete=models.CASCADE, related_name="encouragements")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="encouragements_sent")
    message = EncryptedTextField(_("your message"), max_length=ENCOURAGEMENT_MAX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Encouragement {self.pk} on hard day {self.hard_day_id}"


class OnCallShiftQuerySet(models.QuerySet):
    def at(self, moment: datetime.datetime) -> OnCallShiftQuerySet:
        return self.filter(starts_at__lte=moment, ends_at__gt=moment)


class OnCallShift(models.Model):
    """Who of an organization's peer specialists takes escalated SOS alerts, from when until
    when, and what they hand over to the next person."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="on_call_shifts"
    )
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="on_call_shifts")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    handover_note = EncryptedTextField(
        _("hand-over note for the next person"), max_length=HANDOVER_MAX, blank=True
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = OnCallShiftQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="shift_ends_after_it_starts", condition=Q(ends_at__gt=models.F("starts_at"))
            )
        ]
        indexes = [models.Index(fields=["organization", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.person} on call at {self.organization_id}"
