"""Sober living: operators' houses (NARR level, who they serve, their rules), beds and who sleeps
in them, and the life of a house — curfew, chores, drug tests, house meetings, incidents, fees.

An operator is an Organization of kind "sober living"; its house managers (Role.HOUSE_MANAGER)
and admins run its houses. A person becomes a resident only by accepting a stay offered to them,
and accepting is where they choose to share "housing" with the operator's house managers
(consent is never implied). Everything about a resident — their stay, curfew log, chores, drug
tests, fees — is read through alongside/housing/access.py under that scope; a resident sees their
own. The public sees houses and vacant beds, never a resident.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Country, Organization, User
from alongside.privacy.fields import EncryptedTextField

# ---------------------------------------------------------------- houses and beds


class NarrLevel(models.IntegerChoices):
    """NARR's levels of support: "levels are not a rating system" (inarr.org)."""

    PEER_RUN = 1, _("Level I: peer-run")
    MONITORED = 2, _("Level II: monitored")
    SUPERVISED = 3, _("Level III: supervised")
    SERVICE_PROVIDER = 4, _("Level IV: service provider")


class Serves(models.TextChoices):
    MEN = "men", _("Men")
    WOMEN = "women", _("Women")
    EVERYONE = "everyone", _("Everyone")
    WOMEN_WITH_CHILDREN = "women_children", _("Women with children")
    YOUNG_ADULTS = "young_adults", _("Young adults")


class House(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="houses")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    narr_level = models.PositiveSmallIntegerField(
        _("NARR level of support"), choices=NarrLevel.choices, default=NarrLevel.MONITORED
    )
    # An Oxford House charter (Level I, democratically run, equal expense share).
    is_oxford_house = models.BooleanField(_("Oxford House charter"), default=False)
    serves = models.CharField(
        _("who it serves"), max_length=16, choices=Serves.choices, default=Serves.EVERYONE
    )
    mat_friendly = models.BooleanField(
        _("welcomes residents on medication for addiction treatment"), default=True
    )
    description = models.TextField(_("about the house"), blank=True, max_length=4000)
    # Public: street address is shown only to residents; the public sees the town.
    address = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("town or city"), max_length=100)
    region = models.CharField(_("state or region"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, default=Country.US
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/Chicago")
    phone = models.CharField(_("phone for referrals"), max_length=40, blank=True)
    weekly_fee = models.DecimalField(
        _("weekly fee"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    curfew = models.TimeField(_("curfew"), null=True, blank=True)
    meetings_required_per_week = models.PositiveSmallIntegerField(
        _("recovery meetings required each week"), default=0
    )
    is_listed = models.BooleanField(_("listed in the public vacancy search"), default=True)
    # The version of the rules in force (HouseRule.version); residents sign each new one.
    rules_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="house_point")]

    def __str__(self) -> str:
        return self.name


class HouseRule(models.Model):
    """One of a house's rules, in its order. Changing the rules makes a new `version` of the
    whole set (House.rules_version names the one in force), which residents sign again."""

    house = models.ForeignKey(House, on_delete=models.CASCADE, related_name="rules")
    version = models.PositiveIntegerField(default=1)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("rule"), max_length=500)

    class Meta:
        ordering = ["house", "-version", "position", "id"]

    def __str__(self) -> str:
        return self.text


class BedStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")


class Bed(models.Model):
    """A bed. Whether it is occupied, offered or vacant follows from its stays (a current stay,
    an offered one); `status` only takes a bed out of service."""

    house = models.ForeignKey(House, on_delete=models.CASCADE, related_name="beds")
    label = models.CharField(_("bed"), max_length=40)
    room = models.CharField(_("room"), max_length=40, blank=True)
    status = models.CharField(max_length=16, choices=BedStatus.choices, default=BedStatus.AVAILABLE)

    class Meta:
        ordering = ["house", "room", "label", "id"]
        constraints = [models.UniqueConstraint(fields=["house", "label"], name="one_label_per_bed")]

    def __str__(self) -> str:
        return f"{self.house} · {self.label}"


class DirectoryVersion(models.Model):
    """One row whose number goes up whenever anything the public vacancy search or feed shows
    changes (a stay starts or ends, a bed or a house changes): the feed's cache key and ETag."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"housing directory v{self.number}"


# ---------------------------------------------------------------- stays


class StayStatus(models.TextChoices):
    OFFERED = "offered", _("Offered, waiting for their answer")
    DECLINED = "declined", _("Declined")
    CURRENT = "current", _("Living here")
    ENDED = "ended", _("Moved out")
    WITHDRAWN = "withdrawn", _("Offer withdrawn")


class MoveOutReason(models.TextChoices):
    COMPLETED = "completed", _("Completed their stay")
    MOVED_ON = "moved_on", _("Moved to their own place")
    TRANSFERRED = "transferred", _("Moved to another house")
    TREATMENT = "treatment", _("Went to treatment or hospital")
    ASKED_TO_LEAVE = "asked_to_leave", _("Asked to leave")
    LEFT = "left", _("Left without notice")
    OTHER = "other", _("Other")


class Stay(models.Model):
    """A person's stay in a bed, from move-in to move-out. A bed has at most one current or
    offered stay (a database constraint), so two residents never share a bed."""

    house = models.ForeignKey(House, on_delete=models.CASCADE, related_name="stays")
    bed = models.ForeignKey(Bed, on_delete=models.PROTECT, related_name="stays")
    resident = models.ForeignKey(User, on_delete=models.CASCADE, related_name="stays")
    status = models.CharField(max_length=10, choices=StayStatus.choices, default=StayStatus.OFFERED)
    offered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    offered_at = models.DateTimeField(default=timezone.now)
    # When the person accepted or declined, or the house withdrew the offer.
    answered_at = models.DateTimeField(null=True, blank=True)
    move_in_on = models.DateField(_("move-in day"), null=True, blank=True)
    move_out_on = models.DateField(_("move-out day"), null=True, blank=True)
    move_out_reason = models.CharField(
        _("why they moved out"), max_length=16, choices=MoveOutReason.choices, blank=True
    )
    move_out_note = EncryptedTextField(_("note"), blank=True, max_length=1000)

    class Meta:
        ordering = ["house", "-offered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["bed"],
                condition=models.Q(status__in=["offered", "current"]),
                name="one_person_per_bed",
            ),
            models.UniqueConstraint(
                fields=["resident"],
                condition=models.Q(status="current"),
                name="one_current_stay_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Stay {self.pk} in {self.bed_id}"

    @property
    def is_current(self) -> bool:
        return self.status == StayStatus.CURRENT


class StayPhase(models.Model):
    """The phases of a stay (many houses step up privileges: phase 1 blackout, phase 2, …)."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("phase"), max_length=60)
    starts_on = models.DateField(_("from"), default=datetime.date.today)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["stay", "starts_on", "id"]

    def __str__(self) -> str:
        return self.name


class RulesAcknowledgement(models.Model):
    """A resident's signature on one version of their house's rules."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="acknowledgements")
    version = models.PositiveIntegerField()
    signed_name = models.CharField(_("your name as your signature"), max_length=120)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["stay", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["stay", "version"], name="one_signature_per_version")
        ]

    def __str__(self) -> str:
        return f"Rules v{self.version} signed for stay {self.stay_id}"


# ---------------------------------------------------------------- house life


class SignDirection(models.TextChoices):
    OUT = "out", _("Signed out")
    IN = "in", _("Signed in")


class SignLog(models.Model):
    """The curfew sign-in and sign-out log: out, then in, then out… for each stay."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="sign_log")
    direction = models.CharField(max_length=3, choices=SignDirection.choices)
    at = models.DateTimeField(default=timezone.now)
    # Where they are going and when they will be back (a sign-out only).
    destination = models.CharField(_("where to"), max_length=120, blank=True)
    expected_back_at = models.DateTimeField(_("back by"), null=True, blank=True)
    after_curfew = models.BooleanField(default=False)

    class Meta:
        ordering = ["stay", "-at", "-id"]
        indexes = [models.Index(fields=["stay", "-at"], name="sign_log_latest")]

    def __str__(self) -> str:
        return f"{self.direction} at {self.at}"


class Chore(models.Model):
    house = models.ForeignKey(House, on_delete=models.CASCADE, related_name="chores")
    name = models.CharField(_("chore"), max_length=100)
    # Effort units: the weekly rota spreads them evenly (within one unit per resident).
    difficulty = models.PositiveSmallIntegerField(
        _("effort"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["house", "name", "id"]

    def __str__(self) -> str:
        return self.name


class ChoreAssignment(models.Model):
    chore = models.ForeignKey(Chore, on_delete=models.CASCADE, related_name="assignments")
    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="chores")
    week_of = models.DateField(_("week of"))  # the Monday
    done_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["week_of", "chore", "id"]
        constraints = [
            models.UniqueConstraint(fields=["chore", "week_of"], name="one_person_per_chore_week")
        ]

    def __str__(self) -> str:
        return f"{self.chore} week of {self.week_of}"


class TestResult(models.TextChoices):
    NEGATIVE = "negative", _("Negative")
    POSITIVE = "positive", _("Positive")
    POSITIVE_PRESCRIBED = "prescribed", _("Positive for a prescribed medication")
    DILUTE = "dilute", _("Dilute")
    INVALID = "invalid", _("Invalid sample")
    REFUSED = "refused", _("Not taken")


class TestReason(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    RANDOM = "random", _("Random")
    FOR_CAUSE = "for_cause", _("For cause")


class DrugTest(models.Model):
    """A drug-test result: encrypted, read by the house's managers only while the resident
    shares "housing" with them, and by the resident. A positive is information for the care of
    the person, never a mark against them in anything the house shows others."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="drug_tests")
    taken_on = models.DateField(_("day taken"))
    reason = models.CharField(
        _("why"), max_length=10, choices=TestReason.choices, default=TestReason.SCHEDULED
    )
    result = EncryptedTextField(_("result"))  # a TestResult value, encrypted at rest
    substances = EncryptedTextField(_("substances"), blank=True, max_length=500)
    note = EncryptedTextField(_("note"), blank=True, max_length=1000)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    # A random selection's seed and draw, so the selection can be audited.
    selection = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["stay", "-taken_on", "-id"]

    def __str__(self) -> str:
        return f"Drug test {self.pk}"

    @property
    def result_label(self) -> str:
        """The plain words for the result (stored encrypted, as a TestResult value)."""
        try:
            return str(TestResult(self.result).label)
        except ValueError:
            return self.result


class DrugTestDraw(models.Model):
    """A random selection for drug tests: who could be drawn (their stays, in id order), the
    seed and who was drawn, so anyone auditing it can draw again and get the same names."""

    house = models.ForeignKey(House, on_delete=models.CASCADE, related_name="drug_test_draws")
    drawn_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    drawn_at = models.DateTimeField(default=timezone.now)
    seed = models.CharField(max_length=64)
    count = models.PositiveSmallIntegerField()
    pool = models.JSONField(default=list)  # stay ids
    chosen = models.JSONField(default=list)  # stay ids, in the order drawn

    class Meta:
        ordering = ["house", "-drawn_at", "-id"]

    def __str__(self) -> str:
        return f"Drug-test draw {self.pk}"


class AttendanceMark(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class HouseMeeting(models.Model):
    house = models.ForeignKey(House, on_delete=models.CASCADE, related_name="meetings")
    held_at = models.DateTimeField(_("held at"))
    minutes = EncryptedTextField(_("minutes"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["house", "-held_at"]

    def __str__(self) -> str:
        return f"House meeting {self.held_at:%Y-%m-%d}"


class HouseMeetingAttendance(models.Model):
    meeting = models.ForeignKey(HouseMeeting, on_delete=models.CASCADE, related_name="attendance")
    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="house_meetings")
    present = models.BooleanField(default=True)
    excused = models.BooleanField(default=False)

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "stay"], name="one_mark_per_house_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.stay_id} at {self.meeting_id}"

    @property
    def mark(self) -> str:
        if self.present:
            return AttendanceMark.PRESENT
        return AttendanceMark.EXCUSED if self.excused else AttendanceMark.ABSENT

    @property
    def mark_label(self) -> str:
        return str(AttendanceMark(self.mark).label)


class IncidentKind(models.TextChoices):
    RULE = "rule", _("House rule")
    CURFEW = "curfew", _("Curfew")
    USE = "use", _("Use or suspected use")
    SAFETY = "safety", _("Safety")
    OVERDOSE = "overdose", _("Overdose")
    CONFLICT = "conflict", _("Conflict")
    PROPERTY = "property", _("Property")
    OTHER = "other", _("Other")


class Incident(models.Model):
    house = models.ForeignKey(House, on_delete=models.CASCADE, related_name="incidents")
    # Kept when the stay goes (an erased resident): the house's record, no longer naming them.
    stay = models.ForeignKey(
        Stay, on_delete=models.SET_NULL, null=True, blank=True, related_name="incidents"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=IncidentKind.choices)
    occurred_at = models.DateTimeField(_("when"))
    description = EncryptedTextField(_("what happened"))
    follow_up = EncryptedTextField(_("follow-up"), blank=True)
    follow_up_due_on = models.DateField(_("follow up by"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["house", "-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"Incident {self.pk}"


class LedgerKind(models.TextChoices):
    CHARGE = "charge", _("Charge")
    PAYMENT = "payment", _("Payment")
    CREDIT = "credit", _("Credit")


class LedgerEntry(models.Model):
    """A resident's fees and payments, recorded (payments themselves happen elsewhere)."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="ledger")
    kind = models.CharField(max_length=8, choices=LedgerKind.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    on = models.DateField(_("day"))
    description = models.CharField(_("for"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["stay", "on", "id"]
        verbose_name_plural = "ledger entries"

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} on {self.on}"
