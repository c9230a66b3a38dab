"""Users, their profiles, organizations and memberships."""

from __future__ import annotations

import datetime
import hashlib
import secrets
import zoneinfo
from typing import TYPE_CHECKING, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.lib.versions import VERSION_FIELDS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Pathway(models.TextChoices):
    NA = "na", _("Narcotics Anonymous")
    AA = "aa", _("Alcoholics Anonymous")
    SMART = "smart", _("SMART Recovery")
    SOS = "sos", _("SOS (Secular Organizations for Sobriety)")
    LIFERING = "lifering", _("LifeRing Secular Recovery")
    DRA = "dra", _("Dual Recovery Anonymous")
    CELEBRATE = "celebrate", _("Celebrate Recovery")
    REFUGE = "refuge", _("Refuge Recovery")
    MODERATION = "mm", _("Moderation Management")
    TREATMENT = "treatment", _("Professional treatment")
    OTHER = "other", _("Other")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")


class Country(models.TextChoices):
    US = "US", _("United States")
    CA = "CA", _("Canada")
    GB = "GB", _("United Kingdom")
    IE = "IE", _("Ireland")
    AU = "AU", _("Australia")
    OTHER = "ZZ", _("Another country")


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a time zone we know. Choose one like America/Chicago."),
            params={"value": value},
        )


class AccountManager(UserManager):
    """Email is the login; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. The profile lives on the row: every page that shows a
    name needs it, and a separate table would add a join to each of them."""

    username = None  # type: ignore[assignment]  # the email is the login
    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=60, blank=True)
    last_name = models.CharField(
        _("last name"),
        max_length=80,
        blank=True,
        help_text=_("Never shown to peers; only people you choose can see it."),
    )
    handle = models.CharField(
        _("handle"),
        max_length=40,
        blank=True,
        help_text=_("If you set a handle, peers see it instead of your first name."),
    )
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="America/New_York", validators=[validate_time_zone]
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=Country.choices,
        default=Country.US,
        help_text=_("Used to show the crisis lines that work where you are."),
    )
    pathways = models.JSONField(_("recovery pathways"), default=list, blank=True)
    # Members are in recovery by their role; staff, mentors and allies say so themselves. It
    # decides whether the person's own journey (check-ins, tracks) is part of their home.
    in_recovery = models.BooleanField(
        _("I am in recovery myself"),
        default=False,
        help_text=_(
            "Adds your own check-ins, tracks and plans to your home and menu, alongside your work."
        ),
    )
    # Kept by database triggers, never by Python (alongside/lib/versions.py).
    home_version = models.PositiveBigIntegerField(default=0, editable=False)
    setup_version = models.PositiveBigIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[AccountManager] = AccountManager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        """Save as usual, except the data versions: the database keeps those, and writing back
        the values this instance was loaded with could roll them back."""
        if self.pk is not None and not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in VERSION_FIELDS
            ]
        elif kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = [
                f for f in kwargs["update_fields"] if f not in VERSION_FIELDS
            ]
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        """What peers see: a handle, or first name and last initial — never a last name."""
        if self.handle:
            return self.handle
        first = self.first_name.strip()
        initial = self.last_name.strip()[:1]
        if first and initial:
            return f"{first} {initial}."
        return first or _("Member %(number)s") % {"number": self.pk}

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local_today(self):
        return timezone.now().astimezone(self.zone).date()

    def pathway_labels(self) -> list[str]:
        labels = dict(Pathway.choices)
        return [str(labels[p]) for p in self.pathways if p in labels]


class OrganizationKind(models.TextChoices):
    RECOVERY_COMMUNITY = "rco", _("Recovery community organization")
    TREATMENT_PROVIDER = "treatment", _("Treatment provider")
    SOBER_LIVING = "sober_living", _("Sober-living operator")
    SERVICE_BODY = "service_body", _("Fellowship service body")


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, default=Country.US
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    MENTOR = "mentor", _("Mentor / sponsor")
    PEER_SPECIALIST = "peer_specialist", _("Peer recovery specialist")
    COUNSELOR = "counselor", _("Counselor")
    FACILITATOR = "facilitator", _("Group facilitator")
    HOUSE_MANAGER = "house_manager", _("House manager")
    ALLY = "ally", _("Ally (family or friend)")
    ORG_ADMIN = "org_admin", _("Organization admin")


class MembershipQuerySet(models.QuerySet):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True)


class Membership(models.Model):
    """One role a person holds in one organization (a person may hold several)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_unique_role"
            )
        ]
        ordering = ["organization__name", "role"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.organization}"


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    READ_WRITE = "read_write", _("Read and write")


class TokenRevocation(models.TextChoices):
    """Why a token stopped working, so the tokens page can say it."""

    BY_OWNER = "owner", _("Revoked by you")
    PASSWORD_CHANGED = "password", _("Revoked when your password changed")
    MFA_CHANGED = "mfa", _("Revoked when your two-step verification changed")


# A lost token should stop working on its own; a year is the longest anyone may choose.
TOKEN_DEFAULT_DAYS = 90
TOKEN_MAX_DAYS = 365


def default_token_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=TOKEN_DEFAULT_DAYS)


class ApiTokenQuerySet(models.QuerySet):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 of the secret is stored."""

    PREFIX = "alt_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(
        _("scope"), max_length=12, choices=TokenScope.choices, default=TokenScope.READ
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), default=default_token_expiry)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_because = models.CharField(max_length=12, choices=TokenRevocation.choices, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_read_only(self) -> bool:
        return self.scope == TokenScope.READ

    def status(self, now: datetime.datetime | None = None) -> str:
        """ "active", "expired" or "revoked"."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return "active"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class RoleInvitationQuerySet(models.QuerySet):
    def open(self, at=None) -> RoleInvitationQuerySet:
        """Pending and not yet expired: the ones a person can still accept."""
        return self.filter(status=InvitationStatus.PENDING, expires_at__gt=at or timezone.now())


def _invitation_expiry():
    return timezone.now() + RoleInvitation.LIFETIME


class RoleInvitation(models.Model):
    """A role offered by an organization's admin, held until the person accepts or declines.

    Nobody gets a role by someone else's say alone: the Membership is created (or made active
    again) only when the invitee accepts. The invitation is addressed to an email as typed;
    `invitee` is the account that address belonged to when it was sent, if any. An address with
    no account gets the same row, and whoever later signs up with it and verifies it finds it.
    """

    LIFETIME = datetime.timedelta(days=14)

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="role_invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    invitee = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="role_invitations"
    )
    invited_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="role_invitations_sent"
    )
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = RoleInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "email", "role"],
                condition=Q(status="pending"),
                name="one_pending_invitation_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} at {self.organization} for {self.email}"

    @property
    def is_open(self) -> bool:
        return self.status == InvitationStatus.PENDING and self.expires_at > timezone.now()


class AuditAction(models.TextChoices):
    INVITED = "invited", _("Offered a role")
    WITHDRAWN = "withdrawn", _("Withdrew an invitation")
    ACCEPTED = "accepted", _("Accepted a role")
    DECLINED = "declined", _("Declined a role")
    ENDED = "ended", _("Ended a role")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The organization audit log is append-only.")

    def delete(self):
        raise PermissionError("The organization audit log is append-only.")


class OrganizationAuditEntry(models.Model):
    """One change to who holds which role in an organization, and who made it.

    Append-only: the model and its QuerySet refuse changes, and the database refuses UPDATE (and
    on PostgreSQL DELETE) with a trigger, as for the access log. Rows about an invitation name the address as the admin
    typed it (never the account behind it, so the log cannot tell an admin whether an address
    has an account); rows about a person's own answer or an ended role name the person.
    """

    # The log outlives nothing it records: an organization with role history is not deleted.
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="audit_entries"
    )
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    role = models.CharField(max_length=20, choices=Role.choices)
    subject = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    invitation = models.ForeignKey(
        RoleInvitation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organization", "-at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.role} at {self.organization_id} by {self.actor_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("The organization audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The organization audit log is append-only.")

    @property
    def about(self) -> StrOrPromise:
        """Whom the row concerns, in words an admin may see."""
        if self.subject is not None:
            return self.subject.display_name
        if self.invitation is not None:
            return self.invitation.email or _("an erased account")
        return ""
