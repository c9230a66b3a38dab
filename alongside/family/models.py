"""Family and friends: a member's invitations to the people close to them (allies), the allies
who accepted, and each ally's own private space — CRAFT worksheets and a well-being check-in.

Nothing of the member's is shared by an invitation. Only when the invitee accepts does the member
share what they chose: a consent grant to the ally (privacy) for milestones or a check-in summary,
and a place in their support circle (support) for "having a hard day" and SOS. The member can
change either, or take all of it back, at any time (alongside/family/services.py).

An ally's worksheets and check-ins are theirs alone: no grant reaches them and no route shows
them to anyone else, the member they support included.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import InvitationStatus, User
from alongside.privacy.fields import EncryptedTextField
from alongside.privacy.models import ConsentGrant, Scope


class Relationship(models.TextChoices):
    PARENT = "parent", _("Parent")
    PARTNER = "partner", _("Partner or spouse")
    SIBLING = "sibling", _("Brother or sister")
    CHILD = "child", _("Son or daughter")
    FRIEND = "friend", _("Friend")
    OTHER = "other", _("Someone else close to me")


# What a member may let an ally see through consent; the support circle's two signals are the
# other two choices ("having a hard day", SOS). Never the journal, notes or triggers.
ALLY_SCOPES = (Scope.MILESTONES, Scope.CHECK_IN_SUMMARY)
INVITATION_DAYS = 14


def _invitation_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=INVITATION_DAYS)


class AllyInvitationQuerySet(models.QuerySet):
    def open(self, at: datetime.datetime | None = None) -> AllyInvitationQuerySet:
        """Waiting for an answer and not yet expired."""
        return self.filter(status=InvitationStatus.PENDING, expires_at__gt=at or timezone.now())


class AllyInvitation(models.Model):
    """A member asks someone, by e-mail address, to be their ally, and says what they will see.

    The choices wait here until the invitee answers; nothing is shared before. Whoever signs in
    with that address (verified) may accept or decline; `invitee` is who answered.
    """

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="ally_invitations")
    email = models.EmailField(_("their email address"))
    relationship = models.CharField(
        _("who they are to you"), max_length=10, choices=Relationship.choices
    )
    # Values of ALLY_SCOPES the member chose.
    scopes = models.JSONField(default=list, blank=True)
    gets_hard_days = models.BooleanField(_("“Having a hard day”"), default=False)
    gets_sos = models.BooleanField(_("SOS"), default=False)
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    invitee = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="ally_invitations_got"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = AllyInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "email"],
                condition=Q(status="pending"),
                name="one_pending_ally_invitation_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"Ally invitation {self.pk} from {self.member_id}"

    def state(self, at: datetime.datetime | None = None) -> str:
        """The status as a person reads it: a pending one past its day has expired."""
        if self.status == InvitationStatus.PENDING and self.expires_at <= (at or timezone.now()):
            return InvitationStatus.EXPIRED
        return self.status

    def state_label(self) -> str:
        return str(InvitationStatus(self.state()).label)

    @property
    def is_open(self) -> bool:
        return self.state() == InvitationStatus.PENDING

    def choice_keys(self) -> list[str]:
        """What the member chose for them: scopes, then "hard_days" and "sos"."""
        signals = [
            k for k, on in (("hard_days", self.gets_hard_days), ("sos", self.gets_sos)) if on
        ]
        return [*self.scopes, *signals]


class AllyQuerySet(models.QuerySet):
    def active(self) -> AllyQuerySet:
        """Allies in force: not ended, both accounts still there."""
        return self.filter(ended_at__isnull=True, member__is_active=True, person__is_active=True)


class Ally(models.Model):
    """Someone who accepted a member's invitation. What they see lives where it always does:
    `grant` (the consent grant made when they accepted or when the member last changed it) and
    the member's support circle. Ending the ally takes both away."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="allies")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="ally_of")
    relationship = models.CharField(
        _("who they are to you"), max_length=10, choices=Relationship.choices
    )
    invitation = models.OneToOneField(
        AllyInvitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="ally"
    )
    grant = models.ForeignKey(
        ConsentGrant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = AllyQuerySet.as_manager()

    class Meta:
        ordering = ["started_at", "id"]
        verbose_name_plural = "allies"
        constraints = [
            models.UniqueConstraint(
                fields=["member", "person"],
                condition=Q(ended_at__isnull=True),
                name="one_ally_link_in_force",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ally of {self.member_id}"


class CraftWorksheet(models.Model):
    """One CRAFT worksheet an ally filled in (alongside/family/craft.py describes each). The
    answers are one encrypted JSON document; only the ally ever reads it."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="craft_worksheets")
    tool = models.CharField(max_length=40)
    on = models.DateField(_("day"))
    data = EncryptedTextField(default="{}")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["person", "tool", "-on"])]

    def __str__(self) -> str:
        return f"{self.tool} {self.on}"

    @property
    def values(self) -> dict[str, Any]:
        try:
            loaded = json.loads(self.data or "{}")
        except ValueError:
            return {}
        return loaded if isinstance(loaded, dict) else {}

    @values.setter
    def values(self, answers: dict[str, Any]) -> None:
        self.data = json.dumps(answers, ensure_ascii=False, default=str)


class WellbeingCheckIn(models.Model):
    """An ally's check-in on themselves, one a day: CRAFT's third goal is their own life,
    whether or not their loved one changes. Private to them."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="wellbeing_check_ins")
    on = models.DateField(_("day"))
    stress = models.PositiveSmallIntegerField(
        _("stress, 0 to 10"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    sleep_hours = models.DecimalField(
        _("hours of sleep"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    took_time_for_self = models.BooleanField(_("took time for myself"), default=False)
    note = EncryptedTextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "on"], name="one_wellbeing_check_in_a_day")
        ]

    def __str__(self) -> str:
        return f"Well-being check-in {self.on}"
