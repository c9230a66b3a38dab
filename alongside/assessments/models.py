"""Administrations (answers and scores, immutable once submitted), schedules, safety alerts and
organizations' licensed item wording. The instruments themselves are data in
alongside.lib.instruments, not rows."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organization, User
from alongside.lib.instruments import INSTRUMENTS, get
from alongside.lib.instruments.due import Frequency as FrequencyValue
from alongside.privacy.fields import EncryptedJSONField, EncryptedTextField


def instrument_choices() -> list[tuple[str, str]]:
    return [(key, str(i.name)) for key, i in INSTRUMENTS.items()]


class Mode(models.TextChoices):
    SELF = "self", _("Completed by the member")
    WITH_STAFF = "staff", _("Completed with a staff member")


class Frequency(models.TextChoices):
    ONCE = FrequencyValue.ONCE.value, _("Once")
    WEEKLY = FrequencyValue.WEEKLY.value, _("Every week")
    FORTNIGHTLY = FrequencyValue.FORTNIGHTLY.value, _("Every two weeks")
    MONTHLY = FrequencyValue.MONTHLY.value, _("Every month")
    EVERY_90_DAYS = FrequencyValue.EVERY_90_DAYS.value, _("Every 90 days")


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("A submitted administration cannot change; submit a correction.")


class AdministrationQuerySet(ImmutableQuerySet):
    def for_member(self, member: User) -> AdministrationQuerySet:
        return self.filter(member=member)

    def of(self, instrument: str) -> AdministrationQuerySet:
        return self.filter(instrument=instrument)

    def current(self) -> AdministrationQuerySet:
        """Administrations no later one corrects: what trends and schedules count."""
        return self.filter(corrections__isnull=True)


class Administration(models.Model):
    """One completed instrument: the raw answers, the scores computed from them, who took part.

    Immutable once submitted (save refuses an existing row, update refuses always). A mistake
    is put right by a new administration that `corrects` this one; trends then use the new one.
    Erasure deletes the member's administrations with the account.
    """

    member = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="assessment_administrations"
    )
    instrument = models.CharField(_("instrument"), max_length=20)
    instrument_version = models.CharField(max_length=10)
    mode = models.CharField(
        _("how it was completed"), max_length=10, choices=Mode.choices, default=Mode.SELF
    )
    administered_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments_administered",
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    schedule = models.ForeignKey(
        "AssessmentSchedule",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="administrations",
    )
    # Answers and scores are encrypted; the total, band and flags are read from the result in
    # Python (a member's administrations are few), so no score sits in a plain column.
    answers = EncryptedJSONField(default=dict)  # as validated: item key → option value or day count
    result = EncryptedJSONField(default=dict)  # lib.instruments Result.to_dict()
    # Licensed wording the organization had set when this was taken: item key → text.
    wording = models.JSONField(default=dict, blank=True)
    corrects = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    correction_reason = EncryptedTextField(_("why it is corrected"), max_length=300, blank=True)
    taken_at = models.DateTimeField(
        _("taken"), default=timezone.now
    )  # a correction keeps the original's
    submitted_at = models.DateTimeField(default=timezone.now)

    objects = AdministrationQuerySet.as_manager()

    class Meta:
        ordering = ["-taken_at", "-id"]
        indexes = [models.Index(fields=["member", "instrument", "-taken_at"])]

    def __str__(self) -> str:
        return f"{self.instrument} of {self.member_id} at {self.taken_at:%Y-%m-%d}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("A submitted administration cannot change; submit a correction.")
        super().save(*args, **kwargs)

    @property
    def definition(self):
        return get(self.instrument)

    @property
    def total(self) -> int | None:
        return self.result.get("total")

    @property
    def band(self) -> str:
        """The band's key ("" when the instrument has no bands or the total none)."""
        return (self.result.get("band") or {}).get("key", "")

    @property
    def flags(self) -> list[str]:
        return [flag["key"] for flag in self.result.get("flags", [])]

    @property
    def is_corrected(self) -> bool:
        return self.corrections.exists()

    @property
    def has_safety_flag(self) -> bool:
        return any(f.get("urgent") for f in self.result.get("flags", []))


class ScheduleQuerySet(models.QuerySet):
    def active(self) -> ScheduleQuerySet:
        return self.filter(ended_at__isnull=True)

    def for_member(self, member: User) -> ScheduleQuerySet:
        return self.filter(member=member)


class AssessmentSchedule(models.Model):
    """A member is asked to complete an instrument from a start date at a frequency (e.g. the
    BARC-10 at intake and every 90 days). Set by the member, or by staff for an organization."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assessment_schedules")
    instrument = models.CharField(_("instrument"), max_length=20)
    frequency = models.CharField(_("how often"), max_length=20, choices=Frequency.choices)
    starts_on = models.DateField(_("first due on"))
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    set_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="assessment_schedules_set"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The occurrence a reminder was last sent for, so the worker never sends one twice.
    reminded_for_on = models.DateField(null=True, blank=True)

    objects = ScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["instrument", "starts_on"]

    def __str__(self) -> str:
        return f"{self.instrument} {self.frequency} for {self.member_id}"

    @property
    def definition(self):
        return get(self.instrument)


class SafetyAlertQuerySet(models.QuerySet):
    def open(self) -> SafetyAlertQuerySet:
        """Alerts nobody has closed yet: what a care team's worklist shows."""
        return self.filter(closed_at__isnull=True)


class SafetyAlert(models.Model):
    """A PHQ-9 item 9 answer above "not at all": raised at once, whatever the total, with the
    people told about it. One per administration.

    Worked in three steps, each kept with who and when: acknowledged (someone on the care team
    is on it, and says how), closed (followed up, with a note of the outcome), and, when nobody
    acknowledged it in time, escalated once to whoever is on call (services)."""

    administration = models.OneToOneField(
        Administration, on_delete=models.CASCADE, related_name="safety_alert"
    )
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="safety_alerts")
    raised_at = models.DateTimeField(default=timezone.now)
    notified = models.ManyToManyField(User, related_name="+", blank=True)
    # A care-team member saying they have followed it up, and how (kept with the alert).
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledgement_note = EncryptedTextField(_("follow-up note"), max_length=1000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closing_note = EncryptedTextField(_("closing note"), max_length=1000, blank=True)
    # Set once, when nobody had acknowledged it in time and the on-call people were told.
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ManyToManyField(User, related_name="+", blank=True)

    objects = SafetyAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["closed_at", "raised_at"], name="safety_alert_open")]

    def __str__(self) -> str:
        return f"Safety alert {self.pk} for {self.member_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ItemWording(models.Model):
    """An organization's own wording for an item whose default is a paraphrase (the original's
    licence is not free): what its members see when they take the instrument."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="item_wordings"
    )
    instrument = models.CharField(max_length=20)
    item = models.CharField(max_length=20)
    text = models.TextField(_("wording"))
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "instrument", "item"], name="one_wording_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.instrument} {self.item}"
