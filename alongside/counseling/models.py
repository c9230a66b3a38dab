"""A counselor's work with the members who consent to it: appointments (individual and group
therapy), treatment plans, session notes, and what adherence is read from them.

Nothing here is reached without the member's "counseling" scope shared with the counselor (a
grant to them, or to the counselors of their organization): alongside/counseling/access.py.

Session notes are counseling records in the sense of 42 CFR Part 2: kept in their own table,
shared only under the counseling scope, shown with the §2.32 notice. A note is signed once and
is locked from then on: the model, its queryset and a database trigger (migration 0003) refuse
every change to a signed note, and each signature extends a hash chain (`ChainLink`) that makes
a change made behind their backs visible (`manage.py verify_notes`). Corrections are addenda.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organization, User
from alongside.privacy.fields import EncryptedJSONField, EncryptedTextField

# ---------------------------------------------------------------- groups and appointments


class GroupKind(models.TextChoices):
    # OpenEMR's therapy groups: a closed group keeps its roster, an open one takes newcomers.
    CLOSED = "closed", _("Closed group")
    OPEN = "open", _("Open group")


class TherapyGroup(models.Model):
    """A therapy group a counselor runs (CBT skills, relapse prevention, …). Its members are
    its roster; none of them sees another's records."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="therapy_groups"
    )
    counselor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="therapy_groups")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("kind"), max_length=8, choices=GroupKind.choices, default=GroupKind.CLOSED
    )
    description = models.TextField(_("description"), blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    """A member on a therapy group's roster, from the day they joined to the day they left."""

    group = models.ForeignKey(TherapyGroup, on_delete=models.CASCADE, related_name="roster")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="therapy_groups_joined")
    joined_on = models.DateField(default=datetime.date.today)
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["group", "joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "member"],
                condition=models.Q(left_on__isnull=True),
                name="one_current_place_per_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.group_id}"


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video")
    PHONE = "phone", _("Phone")


class AppointmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested by the member")
    SCHEDULED = "scheduled", _("Scheduled")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Completed")


class AppointmentSeries(models.Model):
    """A recurring appointment: every `interval_weeks` weeks from the first, `count` times.
    Each occurrence is its own Appointment, so one can move or be cancelled alone."""

    counselor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    interval_weeks = models.PositiveSmallIntegerField(default=1)
    count = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"every {self.interval_weeks} week(s), {self.count} times"


class AppointmentQuerySet(models.QuerySet):
    def live(self) -> AppointmentQuerySet:
        """Booked and not called off: what a calendar shows and a clash is checked against."""
        return self.filter(status__in=[AppointmentStatus.SCHEDULED, AppointmentStatus.COMPLETED])


class Appointment(models.Model):
    """An individual session (one attendee) or a group session (the group's roster as
    attendees), on the counselor's calendar and each attendee's."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    counselor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="appointments_held")
    group = models.ForeignKey(
        TherapyGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="sessions"
    )
    series = models.ForeignKey(
        AppointmentSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    modality = models.CharField(
        _("how"), max_length=10, choices=Modality.choices, default=Modality.IN_PERSON
    )
    # Where (in person) or the counselor's own video link; a room of the platform's own when a
    # video engine is configured.
    location = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    status = models.CharField(
        max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.SCHEDULED
    )
    # A member asking for a time writes what they would like to talk about, if anything.
    request_note = EncryptedTextField(_("note with the request"), blank=True, max_length=1000)
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.CharField(_("reason"), max_length=200, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["counselor", "starts_at"], name="appointment_calendar")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="appointment_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Appointment {self.pk} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_group(self) -> bool:
        return self.group_id is not None


class AttendanceStatus(models.TextChoices):
    EXPECTED = "expected", _("Expected")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")
    LATE_CANCEL = "late_cancel", _("Cancelled late")


class Attendee(models.Model):
    """One person's place at an appointment, and whether they came."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="attendees")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="appointments")
    status = models.CharField(
        max_length=12, choices=AttendanceStatus.choices, default=AttendanceStatus.EXPECTED
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["appointment", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "member"], name="one_place_per_appointment"
            )
        ]
        indexes = [models.Index(fields=["member", "appointment"], name="attendee_member")]

    def __str__(self) -> str:
        return f"{self.member_id} at {self.appointment_id}: {self.status}"


# ---------------------------------------------------------------- treatment plans


class AsamEdition(models.TextChoices):
    THIRD = "3", _("ASAM Criteria, 3rd edition")
    FOURTH = "4", _("ASAM Criteria, 4th edition")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("In effect")
    CLOSED = "closed", _("Closed")


class TreatmentPlan(models.Model):
    """A member's treatment plan with their counselor. Its content (the ASAM summary, problems,
    goals, objectives and interventions) is the latest PlanVersion; every version is kept."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="treatment_plans")
    counselor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    edition = models.CharField(
        _("ASAM edition"), max_length=1, choices=AsamEdition.choices, default=AsamEdition.FOURTH
    )
    status = models.CharField(max_length=8, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    review_every_days = models.PositiveSmallIntegerField(_("review every (days)"), default=90)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Treatment plan {self.pk} of {self.member_id}"


class PlanVersion(models.Model):
    """One saved state of a plan, never changed once written: a change is a new version.

    `content` holds {"asam": [{dimension, rating, note}], "problems": [{id, text, dimension,
    goals: [{id, text, objectives: [{id, text, measure, target_on, status}]}],
    interventions: [{id, what, who, how_often}]}]}
    (alongside/counseling/services/plan_content.py)."""

    plan = models.ForeignKey(TreatmentPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = EncryptedJSONField(default=dict)
    written_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    counselor_signed_at = models.DateTimeField(null=True, blank=True)
    # Which counselor signed: any counselor the member shares counseling with may, and the plan
    # shows who did (OpenEMR #5624: reports should show who signed).
    counselor_signed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    member_signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_plan_version_number")
        ]

    def __str__(self) -> str:
        return f"Plan {self.plan_id} v{self.number}"

    # What may change on a version once written: its signatures, and who wrote or signed it
    # (emptied when that person erases their account). Never its content or number.
    CHANGEABLE = frozenset(
        {"counselor_signed_at", "counselor_signed_by", "member_signed_at", "written_by"}
    )

    def save(self, *args, **kwargs):
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= self.CHANGEABLE:
                raise ValueError("A plan version is never rewritten: save a new version.")
        super().save(*args, **kwargs)


class PlanReview(models.Model):
    """A scheduled review of a plan, done: who reviewed it, what they concluded."""

    plan = models.ForeignKey(TreatmentPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(default=datetime.date.today)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    summary = EncryptedTextField(_("summary"), blank=True, max_length=4000)
    version = models.ForeignKey(PlanVersion, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"Review of plan {self.plan_id} on {self.reviewed_on}"


# ---------------------------------------------------------------- session notes


class NoteFormat(models.TextChoices):
    SOAP = "soap", _("SOAP (subjective, objective, assessment, plan)")
    DAP = "dap", _("DAP (data, assessment, plan)")
    BIRP = "birp", _("BIRP (behavior, intervention, response, plan)")


class LockedNoteError(ValidationError):
    """Raised on any attempt to change a signed note (or an addendum)."""


class SessionNoteQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if self.filter(signed_at__isnull=False).exists():
            raise LockedNoteError(_("A signed note is locked: add an addendum instead."))
        return super().update(**kwargs)


class SessionNote(models.Model):
    """A counselor's note of one session with one member: its sections by format, and for a
    group session the shared part written once for everyone who attended."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="session_notes")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="session_notes_written")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    appointment = models.ForeignKey(
        Appointment, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    format = models.CharField(_("format"), max_length=4, choices=NoteFormat.choices)
    # {"subjective": "...", ...}: the sections of `format` (alongside/counseling/notes.py).
    sections = EncryptedJSONField(default=dict)
    group_part = EncryptedTextField(_("what the group did"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    signed_at = models.DateTimeField(null=True, blank=True)

    objects = SessionNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "member"],
                condition=models.Q(appointment__isnull=False),
                name="one_note_per_attendee",
            )
        ]
        indexes = [
            # A counselor's drafts waiting for a signature, and the reminder that looks for
            # old ones: a small slice of a table that only grows.
            models.Index(
                fields=["author", "created_at"],
                condition=models.Q(signed_at__isnull=True),
                name="session_note_drafts",
            )
        ]

    def __str__(self) -> str:
        return f"Session note {self.pk}"

    def save(self, *args, **kwargs):
        if self.pk and SessionNote.objects.filter(pk=self.pk, signed_at__isnull=False).exists():
            raise LockedNoteError(_("A signed note is locked: add an addendum instead."))
        super().save(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.signed_at is not None


class Addendum(models.Model):
    """A correction or addition to a signed note, by the note's author; itself never changed."""

    note = models.ForeignKey(SessionNote, on_delete=models.CASCADE, related_name="addenda")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField(_("addendum"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["note", "created_at", "id"]
        verbose_name_plural = "addenda"

    def __str__(self) -> str:
        return f"Addendum {self.pk} to note {self.note_id}"

    def save(self, *args, **kwargs):
        if self.pk and Addendum.objects.filter(pk=self.pk).exists():
            raise LockedNoteError(_("An addendum cannot be changed: add another."))
        super().save(*args, **kwargs)


class ChainLink(models.Model):
    """One signed thing (a note's signature or an addendum) in the append-only hash chain:
    digest = SHA-256(previous digest + the thing's canonical content). Verifying recomputes
    every digest from the rows as they are now (alongside/counseling/services/chain.py)."""

    NOTE = "note"
    ADDENDUM = "addendum"

    kind = models.CharField(max_length=8, choices=[(NOTE, "note"), (ADDENDUM, "addendum")])
    object_id = models.BigIntegerField()
    previous = models.CharField(max_length=64, unique=True)  # a chain, never a fork
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_link_per_signed_thing")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.digest[:12]}"


class Reencryption(models.Model):
    """A key rotation at work, visible only inside its own transaction: while its row exists
    there, the database triggers of migration 0003 let the ciphertext of a signed note or an
    addendum change (to the same words under the newest key) and nothing else.

    Use `alongside.counseling.services.notes.reencrypting()`; the row never outlives it."""

    started_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Re-encryption {self.pk}"
