"""Supervision, training hours and certification for peer supporters.

What a credential asks for is data, not code: boards and states differ (IC&RC member boards
add domains, NAADAC counts recency and face-to-face hours), so each `RequirementSet` lists its
`Requirement`s and progress is worked out from them. Training hours count as the person logs
them; practice and supervision hours count only once their current supervisor attests them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organization, User
from alongside.privacy.fields import EncryptedTextField

MAX_TRAINING_HOURS = Decimal(40)  # one course, a full week at most: more is a typing slip
# A requirement with this domain counts the person's training hours in every domain.
ALL_DOMAINS = "all"
# Training outside every listed domain still counts toward the totals.
GENERAL_DOMAIN = ("general", _("Other peer recovery training"))


class SupervisionQuerySet(models.QuerySet):
    def active(self) -> SupervisionQuerySet:
        return self.filter(ended_at__isnull=True)


class Supervision(models.Model):
    """Who supervises whom at an organization, as its admin named it. Ending keeps the row."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="supervisions"
    )
    supervisor = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="supervisions_given"
    )
    supervisee = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="supervisions_received"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = SupervisionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            # One supervisor at a time per organization, also when two admins act at once.
            models.UniqueConstraint(
                fields=["organization", "supervisee"],
                condition=Q(ended_at__isnull=True),
                name="one_active_supervisor_per_organization",
            )
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} supervises {self.supervisee} at {self.organization}"


class SetKind(models.TextChoices):
    INITIAL = "initial", _("Initial credential")
    RENEWAL = "renewal", _("Renewal")


class RequirementSet(models.Model):
    """What one credential asks for. Sets with no organization are the boards' own and shown to
    everyone; an organization's admin adds its state's sets for its own people."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    issuer = models.CharField(_("issuer"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=SetKind.choices)
    period_months = models.PositiveSmallIntegerField(
        _("renewal period in months"), null=True, blank=True
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="requirement_sets",
    )

    class Meta:
        ordering = ["issuer", "name"]

    def __str__(self) -> str:
        return self.name


class RequirementKind(models.TextChoices):
    TRAINING = "training", _("Training hours")
    SUPERVISED_PRACTICE = "supervised_practice", _("Supervised practice hours")
    SUPERVISION = "supervision", _("Supervision hours")


class Requirement(models.Model):
    requirement_set = models.ForeignKey(
        RequirementSet, on_delete=models.CASCADE, related_name="requirements"
    )
    domain = models.SlugField(_("domain code"), max_length=40)
    label = models.CharField(_("domain"), max_length=120)
    hours = models.DecimalField(
        _("hours required"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    kind = models.CharField(max_length=20, choices=RequirementKind.choices)
    within_years = models.PositiveSmallIntegerField(
        _("only hours from the last N years"), null=True, blank=True
    )
    face_to_face_share = models.DecimalField(
        _("share of hours face to face"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["requirement_set", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.requirement_set}: {self.label} ({self.hours} h)"


class TrainingEntry(models.Model):
    """A course or workshop the person took, logged by themself."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="training_entries")
    domain = models.SlugField(_("domain"), max_length=40)
    title = models.CharField(_("course title"), max_length=200)
    provider = models.CharField(_("provider"), max_length=120, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    completed_on = models.DateField(_("completed on"))
    face_to_face = models.BooleanField(_("face to face (not self-paced online)"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-completed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.hours} h)"


class PracticeKind(models.TextChoices):
    SUPERVISED_PRACTICE = "supervised_practice", _("Supervised practice")
    SUPERVISION = "supervision", _("Supervision received")


class PracticeEntry(models.Model):
    """Hours of practice or supervision over a span of days; they count once attested."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="practice_entries")
    kind = models.CharField(_("kind"), max_length=20, choices=PracticeKind.choices)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    from_on = models.DateField(_("from"))
    to_on = models.DateField(_("to"))
    # May speak of the people supported: encrypted at rest.
    note = EncryptedTextField(_("what the hours were (optional)"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    attested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-to_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person}: {self.hours} h {self.kind}"

    @property
    def is_attested(self) -> bool:
        return self.attested_at is not None


class Credential(models.Model):
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="credentials")
    requirement_set = models.ForeignKey(
        RequirementSet, on_delete=models.PROTECT, related_name="credentials"
    )
    number = models.CharField(_("credential number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))

    class Meta:
        ordering = ["expires_on"]

    def __str__(self) -> str:
        return f"{self.requirement_set} ({self.person})"

    def days_left(self, today: datetime.date) -> int:
        return (self.expires_on - today).days
