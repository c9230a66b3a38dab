"""Skills for hard moments: each use the member chose to keep, the coping cards they write, and
the tools a supporter suggested to them."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.privacy.fields import EncryptedTextField


class Skill(models.TextChoices):
    """The skills on the "Skills for hard moments" page, each usable in under two minutes."""

    BREATHING = "breathing", _("Paced breathing")
    GROUNDING = "grounding", _("5-4-3-2-1 grounding")
    HALT = "halt", _("HALT check")
    TAPE_FORWARD = "tape_forward", _("Play the tape forward")
    COPING_CARDS = "coping_cards", _("Coping cards")


class SkillUseQuerySet(models.QuerySet):
    def for_member(self, member: User) -> SkillUseQuerySet:
        return self.filter(member=member)


class SkillUse(models.Model):
    """One use of a skill the member chose to add to their history, with how much it helped.

    `client_id` is made by the page when the skill is finished, so a use sent again (a retry, a
    queue flushed twice after being offline) is recorded once."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="skill_uses")
    skill = models.CharField(_("skill"), max_length=20, choices=Skill.choices)
    helped = models.PositiveSmallIntegerField(
        _("how much it helped (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    client_id = models.UUIDField()
    used_at = models.DateTimeField(_("used at"))
    created_at = models.DateTimeField(default=timezone.now)

    objects = SkillUseQuerySet.as_manager()

    class Meta:
        ordering = ["-used_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "client_id"], name="one_skill_use_per_id"),
            models.CheckConstraint(
                condition=models.Q(helped__isnull=True) | models.Q(helped__gte=1, helped__lte=5),
                name="skill_helped_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["member", "-used_at"])]

    def __str__(self) -> str:
        return f"{self.skill} {self.used_at:%Y-%m-%d}"


class CopingCard(models.Model):
    """A card the member writes for a hard moment: a prompt on the front ("When I think no one
    cares…"), their answer on the back ("…I remember Sam picked up at 2 a.m.")."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="coping_cards")
    front = EncryptedTextField(_("front"), validators=[MaxLengthValidator(300)])
    back = EncryptedTextField(_("back"), validators=[MaxLengthValidator(1000)])
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Coping card {self.pk}"


class ToolSuggestionQuerySet(models.QuerySet):
    def open(self) -> ToolSuggestionQuerySet:
        return self.filter(dismissed_at__isnull=True)


class ToolSuggestion(models.Model):
    """A tool or skill a counselor, peer specialist or mentor the member shares with suggested
    to them; shown on the member's home until they dismiss it."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tool_suggestions")
    # Kept when the suggester's account goes: the suggestion is the member's data.
    suggested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="tool_suggestions_made"
    )
    tool = models.CharField(_("tool"), max_length=30)
    note = EncryptedTextField(_("note"), blank=True, validators=[MaxLengthValidator(500)])
    created_at = models.DateTimeField(default=timezone.now)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    objects = ToolSuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Suggestion {self.tool}"
