"""The recovery plan: goals in each area of life and the steps towards them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.privacy.fields import EncryptedTextField


class Domain(models.TextChoices):
    """Recovery-capital domains a goal can belong to."""

    SUBSTANCE_USE = "substance_use", _("Substance use")
    HEALTH = "health", _("Health")
    HOUSING = "housing", _("Housing")
    WORK_EDUCATION = "work_education", _("Work and education")
    RELATIONSHIPS = "relationships", _("Relationships")
    MEANING = "meaning", _("Meaning and purpose")
    COMMUNITY = "community", _("Community")


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    ON_HOLD = "on_hold", _("On hold")


class GoalQuerySet(models.QuerySet):
    def for_member(self, member: User) -> GoalQuerySet:
        return self.filter(member=member)


class RecoveryGoal(models.Model):
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_goals")
    domain = models.CharField(_("area of life"), max_length=20, choices=Domain.choices)
    title = EncryptedTextField(_("goal"))
    why = EncryptedTextField(_("why it matters to me"), blank=True)
    target_on = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("progress"), max_length=12, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["domain", "target_on", "id"]

    def __str__(self) -> str:
        return self.title


class GoalStep(models.Model):
    goal = models.ForeignKey(RecoveryGoal, on_delete=models.CASCADE, related_name="steps")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="goal_steps")
    text = EncryptedTextField(_("step"))
    target_on = models.DateField(_("by"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["target_on", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class GoalChangeKind(models.TextChoices):
    ADDED_GOAL = "added_goal", _("added this goal")
    CHANGED_GOAL = "changed_goal", _("changed this goal")
    ADDED_STEP = "added_step", _("added a step")
    STEP_DONE = "step_done", _("marked a step done")
    STEP_NOT_DONE = "step_not_done", _("marked a step not done")


class GoalChange(models.Model):
    """A change someone other than the member made to one of the member's goals (a peer
    specialist they share their plans with): the goal's page tells the member who changed what.
    The member's own changes are not listed: the goal is theirs."""

    goal = models.ForeignKey(RecoveryGoal, on_delete=models.CASCADE, related_name="changes")
    step = models.ForeignKey(
        GoalStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=16, choices=GoalChangeKind.choices)
    # Which of the goal's fields a CHANGED_GOAL changed (names from GOAL_EDITABLE).
    fields = models.JSONField(default=list, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} on goal {self.goal_id}"

    def field_labels(self) -> list[str]:
        """The changed fields as the goal's form names them ("target date, progress")."""
        labels = {f.name: f.verbose_name for f in RecoveryGoal._meta.concrete_fields}
        return [str(labels[name]) for name in self.fields if name in labels]
