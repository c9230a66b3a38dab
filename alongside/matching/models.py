"""Assignment runs, where an organization assigns: mentees of its structured mentoring program
to its mentors, and people waiting for a peer specialist to its peer specialists' caseloads.

A run proposes the best global match (alongside/lib/assignment.py) with every pair explained
and every person left unmatched given a reason; nobody is told anything until a supervisor or
an admin of the organization approves it. Mentees join the program themselves (their choice is
the consent to be matched) and may leave it; peer specialists, or their admin, set how many
people they can carry.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organization, User
from alongside.caseload.models import CaseRecord
from alongside.peers.models import Gender, SupportRelationship

# How many people a peer specialist carries when nobody said otherwise: a starting figure for a
# full-time specialist, not a standard. The specialist or their admin sets their own on the
# assignments page (0 takes nobody new), and a run never goes past it.
DEFAULT_CASELOAD_CAPACITY = 25
MAX_CASELOAD_CAPACITY = 200


class EnrolmentQuerySet(models.QuerySet):
    def open(self) -> EnrolmentQuerySet:
        """In the program now (not left)."""
        return self.filter(ended_at__isnull=True)

    def waiting(self) -> EnrolmentQuerySet:
        """In the program and not matched with a mentor yet."""
        return self.open().filter(matched_at__isnull=True)


class ProgramEnrolment(models.Model):
    """A member's place in their organization's structured mentoring program: what a mentor
    must share with them (a language), what helps (pathways), and their wishes. Made and ended
    by the member alone."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="program_enrolments")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    languages = models.JSONField(_("languages you can be mentored in"), default=list)
    pathways = models.JSONField(_("your recovery pathways"), default=list, blank=True)
    gender = models.CharField(_("your gender"), max_length=12, choices=Gender.choices, blank=True)
    wants_same_gender = models.BooleanField(
        _("I would like a mentor of my own gender"), default=False
    )
    excluded = models.ManyToManyField(
        User, blank=True, related_name="+", verbose_name=_("mentors you would rather not have")
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a supervisor approves a run that matched them: the wait is over.
    matched_at = models.DateTimeField(null=True, blank=True)
    relationship = models.ForeignKey(
        SupportRelationship, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Joining twice at once (two tabs) leaves one place, not two.
            models.UniqueConstraint(
                fields=["member", "organization"],
                condition=Q(ended_at__isnull=True),
                name="one_open_enrolment_per_program",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} in the mentoring program of {self.organization}"

    @property
    def is_waiting(self) -> bool:
        return self.ended_at is None and self.matched_at is None


class CaseloadSetting(models.Model):
    """How many people one peer specialist can carry at one organization, and the languages
    they work in (none said: the language they use the app in)."""

    specialist = models.ForeignKey(User, on_delete=models.CASCADE, related_name="caseload_settings")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    capacity = models.PositiveSmallIntegerField(
        _("how many people you can carry"),
        default=DEFAULT_CASELOAD_CAPACITY,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_CASELOAD_CAPACITY)],
        help_text=_("0 takes nobody new. People already on the caseload stay."),
    )
    languages = models.JSONField(_("languages you work in"), default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["specialist", "organization"], name="one_caseload_setting_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"Caseload of {self.specialist} at {self.organization}: {self.capacity}"


class RunKind(models.TextChoices):
    MENTORING = "mentoring", _("Mentoring program: mentees to mentors")
    CASELOAD = "caseload", _("Caseloads: people waiting to peer specialists")


class RunStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DISCARDED = "discarded", _("Discarded")


class AssignmentRun(models.Model):
    """One proposal of pairs for an organization, waiting for a supervisor's decision."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="assignment_runs"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RunKind.choices)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.PROPOSED)
    started_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Two proposals of one kind would offer the same people twice: one waits at a time.
            models.UniqueConstraint(
                fields=["organization", "kind"],
                condition=Q(status="proposed"),
                name="one_proposed_run_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} run at {self.organization} ({self.status})"

    @property
    def is_proposed(self) -> bool:
        return self.status == RunStatus.PROPOSED


class ProposedPair(models.Model):
    """One pair a run proposes: the person (with their case record or enrolment), who is to
    support them, the score and its reasons ([{name, points, words, values}], highest first)."""

    run = models.ForeignKey(AssignmentRun, on_delete=models.CASCADE, related_name="pairs")
    seeker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    record = models.ForeignKey(
        CaseRecord, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    enrolment = models.ForeignKey(
        ProgramEnrolment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    supporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    # Kept with the person who already supports them, rather than chosen by this run.
    continuing = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.seeker} with {self.supporter} (run {self.run_id})"

    @property
    def reasons_in_words(self) -> list[dict[str, Any]]:
        """The reasons in the reader's language (alongside/matching/words.py)."""
        from alongside.matching.words import described, role_word

        return described(self.reasons, role=role_word(self.run.kind))


class UnmatchedSeeker(models.Model):
    """Someone a run could not place, with the reason, so the supervisor can act."""

    run = models.ForeignKey(AssignmentRun, on_delete=models.CASCADE, related_name="unmatched")
    seeker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    record = models.ForeignKey(
        CaseRecord, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    enrolment = models.ForeignKey(
        ProgramEnrolment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=300)  # in English, as the solver said it
    # The rule that left them out and what it found, to word it in the reader's language.
    rule = models.CharField(max_length=20, blank=True)
    values = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.seeker} unmatched (run {self.run_id})"

    @property
    def reason_in_words(self) -> str:
        """The reason in the reader's language (alongside/matching/words.py)."""
        from alongside.matching.words import role_word, unmatched_words

        return unmatched_words(
            self.rule,
            self.values,
            role=role_word(self.run.kind),
            roles=role_word(self.run.kind, plural=True),
            stored=self.reason,
        )
