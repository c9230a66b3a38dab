"""The relapse-prevention plan: triggers, coping strategies, warning signs, people to call and
if-then plans."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.privacy.fields import EncryptedTextField


class TriggerKind(models.TextChoices):
    PEOPLE = "people", _("People")
    PLACES = "places", _("Places")
    THINGS = "things", _("Things")
    FEELINGS = "feelings", _("Feelings")


class LiveQuerySet(models.QuerySet):
    """Rows a member can still choose (removed ones stay for the check-ins that name them)."""

    def for_member(self, member: User) -> LiveQuerySet:
        return self.filter(member=member)

    def live(self) -> LiveQuerySet:
        return self.filter(archived_at__isnull=True)


class Trigger(models.Model):
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="triggers")
    kind = models.CharField(_("kind"), max_length=10, choices=TriggerKind.choices)
    name = EncryptedTextField(_("trigger"))
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = LiveQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.name


class CopingStrategy(models.Model):
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="coping_strategies")
    text = EncryptedTextField(_("what helps"))
    triggers = models.ManyToManyField(
        Trigger, blank=True, related_name="strategies", verbose_name=_("helps with")
    )
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = LiveQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "coping strategies"

    def __str__(self) -> str:
        return self.text


class PlanItemQuerySet(models.QuerySet):
    def for_member(self, member: User) -> PlanItemQuerySet:
        return self.filter(member=member)


class WarningCondition(models.TextChoices):
    """Dual recovery keeps early warning signs of both conditions in the one plan."""

    SUBSTANCE_USE = "substance_use", _("Substance use")
    MENTAL_HEALTH = "mental_health", _("Mental health")


class WarningSign(models.Model):
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="warning_signs")
    text = EncryptedTextField(_("warning sign"))
    condition = models.CharField(
        _("warning sign of"),
        max_length=20,
        choices=WarningCondition.choices,
        default=WarningCondition.SUBSTANCE_USE,
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class SupportContact(models.Model):
    """Someone to call or text when it gets hard (their number is the member's to keep)."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="support_contacts")
    name = EncryptedTextField(_("name"))
    phone = EncryptedTextField(_("phone"))
    relationship = EncryptedTextField(_("who they are to me"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def dial(self) -> str:
        """The number as a tel:/sms: link wants it: digits and a leading +."""
        raw = self.phone.strip()
        digits = "".join(ch for ch in raw if ch.isdigit())
        return ("+" + digits) if raw.startswith("+") else digits


class IfThenPlan(models.Model):
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="if_then_plans")
    if_text = EncryptedTextField(_("if"))
    then_text = EncryptedTextField(_("then I will"))
    created_at = models.DateTimeField(default=timezone.now)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"If {self.if_text}"
