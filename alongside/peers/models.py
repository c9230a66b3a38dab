"""Sponsors and mentors: who offers to support others, who asked whom, and the relationships
that follow.

A relationship starts as temporary for 90 days (as many fellowships do: "temporary sponsorship,
usually expected to last 90 days"), is then reviewed by both, and either person can end it at
any time without giving a reason. Requests wait a set time for an answer (72 hours) and then
lapse, so nobody waits on someone who never replies.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alongside.accounts.models import User
from alongside.privacy.fields import EncryptedTextField

ANSWER_WITHIN = datetime.timedelta(hours=72)
TEMPORARY_DAYS = 90
MAX_CAPACITY = 20


class SupportKind(models.TextChoices):
    SPONSOR = "sponsor", _("Sponsor (works the steps with you)")
    MENTOR = "mentor", _("Mentor (walks alongside you in your pathway)")


class Gender(models.TextChoices):
    UNSAID = "", _("I'd rather not say")
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NONBINARY = "nonbinary", _("Non-binary")


class SupportLanguage(models.TextChoices):
    """Languages people support each other in (ISO 639-1), wider than the app's own two."""

    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    FRENCH = "fr", _("French")
    PORTUGUESE = "pt", _("Portuguese")
    POLISH = "pl", _("Polish")
    GERMAN = "de", _("German")
    ITALIAN = "it", _("Italian")
    RUSSIAN = "ru", _("Russian")
    ARABIC = "ar", _("Arabic")
    CHINESE = "zh", _("Chinese")
    VIETNAMESE = "vi", _("Vietnamese")
    TAGALOG = "tl", _("Tagalog")
    ASL = "sgn", _("American Sign Language")


class SupporterProfile(models.Model):
    """What a person offers as a sponsor or mentor. Seen by people looking for one (display
    name only), never their last name or e-mail."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="supporter_profile")
    is_listed = models.BooleanField(
        _("Show me to people looking for a sponsor or mentor"), default=True
    )
    offers_sponsorship = models.BooleanField(_("I sponsor people through the steps"), default=True)
    offers_mentoring = models.BooleanField(
        _("I mentor people (in my pathway, or alongside another one)"), default=False
    )
    pathways = models.JSONField(_("pathways you know from the inside"), default=list)
    languages = models.JSONField(_("languages you can support people in"), default=list)
    # Self-stated, as fellowships do it; shown to others as years, never as the date.
    recovery_since = models.DateField(_("in recovery since"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("how many people you can support at once"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
    )
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, blank=True)
    same_gender_only = models.BooleanField(
        _("I support people of my own gender only (as my fellowship expects)"), default=False
    )
    availability = models.CharField(
        _("when you are usually free"),
        max_length=120,
        blank=True,
        help_text=_("For example: weekday evenings, Saturday mornings."),
    )
    about = models.TextField(_("a few words about you"), max_length=800, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user} (supporter)"

    def years_in_recovery(self, on: datetime.date | None = None) -> int | None:
        if self.recovery_since is None:
            return None
        on = on or timezone.now().date()
        years = on.year - self.recovery_since.year
        if (on.month, on.day) < (self.recovery_since.month, self.recovery_since.day):
            years -= 1
        return max(years, 0)

    def kinds(self) -> list[str]:
        offered = []
        if self.offers_sponsorship:
            offered.append(SupportKind.SPONSOR.value)
        if self.offers_mentoring:
            offered.append(SupportKind.MENTOR.value)
        return offered


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", pgettext_lazy("a request", "Declined")
    EXPIRED = "expired", _("No answer in time")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SupportRequest(models.Model):
    """A member asks a supporter to sponsor or mentor them."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="support_requests")
    supporter = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="support_requests_received"
    )
    kind = models.CharField(max_length=10, choices=SupportKind.choices)
    message = EncryptedTextField(_("a note to them (optional)"), blank=True)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    answer_by = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # A second request to the same person while one waits is refused, also in a race.
            models.UniqueConstraint(
                fields=["member", "supporter"],
                condition=Q(status="pending"),
                name="one_pending_request_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.supporter} ({self.status})"

    def is_waiting(self, at: datetime.datetime | None = None) -> bool:
        """Pending and still inside its answer window."""
        return self.status == RequestStatus.PENDING and (at or timezone.now()) < self.answer_by


class RelationshipStatus(models.TextChoices):
    TEMPORARY = "temporary", _("Temporary (first 90 days)")
    ONGOING = "ongoing", _("Ongoing")
    ENDED = "ended", pgettext_lazy("a relationship", "Ended")


class RelationshipQuerySet(models.QuerySet):
    def active(self) -> RelationshipQuerySet:
        return self.exclude(status=RelationshipStatus.ENDED)

    def involving(self, user: User) -> RelationshipQuerySet:
        return self.filter(Q(member=user) | Q(supporter=user))


class SupportRelationship(models.Model):
    """A sponsor or mentor and the member they support. Ending keeps the row (history is never
    wiped), marked ended, by whom and when, with no reason asked."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="supported_by")
    supporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="supporting")
    kind = models.CharField(max_length=10, choices=SupportKind.choices)
    request = models.OneToOneField(
        SupportRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="relationship",
    )
    status = models.CharField(
        max_length=10, choices=RelationshipStatus.choices, default=RelationshipStatus.TEMPORARY
    )
    started_at = models.DateTimeField(default=timezone.now)
    review_on = models.DateField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "supporter"],
                condition=~Q(status="ended"),
                name="one_active_relationship_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.supporter} supports {self.member} ({self.status})"

    def other(self, user: User) -> User:
        return self.supporter if user.pk == self.member_id else self.member

    def review_due(self, on: datetime.date | None = None) -> bool:
        return (
            self.status == RelationshipStatus.TEMPORARY
            and (on or timezone.now().date()) >= self.review_on
        )


# ---------------------------------------------------------------- accountability partners


class Frequency(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Once a week")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class PartnerRhythm(models.Model):
    """How often two accountability partners check in with each other, and when: one proposes,
    the other agrees (until then nothing is prompted). Times are in the proposer's time zone,
    kept with the rhythm so a move of either person does not shift it silently."""

    partnership = models.OneToOneField(
        "messaging.Partnership", on_delete=models.CASCADE, related_name="rhythm"
    )
    frequency = models.CharField(_("how often"), max_length=8, choices=Frequency.choices)
    weekday = models.PositiveSmallIntegerField(
        _("on which day"), choices=Weekday.choices, null=True, blank=True
    )
    window_start = models.TimeField(_("from"))
    window_end = models.TimeField(_("until"))
    time_zone = models.CharField(max_length=64)
    proposed_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    agreed_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Rhythm of partnership {self.partnership_id}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def is_due_on(self, day: datetime.date) -> bool:
        return self.frequency == Frequency.DAILY or day.weekday() == self.weekday

    def window(self, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
        """The check-in window of that day, as aware moments."""
        return (
            datetime.datetime.combine(day, self.window_start, tzinfo=self.zone),
            datetime.datetime.combine(day, self.window_end, tzinfo=self.zone),
        )


class PartnerCheckIn(models.Model):
    """Two partners checked in with each other for one due day (either marks it done)."""

    rhythm = models.ForeignKey(PartnerRhythm, on_delete=models.CASCADE, related_name="check_ins")
    due_on = models.DateField()
    done_at = models.DateTimeField(default=timezone.now)
    done_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["-due_on"]
        constraints = [
            models.UniqueConstraint(fields=["rhythm", "due_on"], name="one_check_in_per_due_day")
        ]

    def __str__(self) -> str:
        return f"Partners checked in on {self.due_on}"
