"""How many people each peer specialist can carry at an organization, the languages they work
in, and how many they carry now."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import Membership, Role, User
from alongside.accounts.roles import roles_of
from alongside.caseload.models import CaseRecord
from alongside.matching.models import (
    DEFAULT_CASELOAD_CAPACITY,
    MAX_CASELOAD_CAPACITY,
    CaseloadSetting,
)
from alongside.peers.models import SupporterProfile, SupportLanguage


@dataclass(frozen=True)
class SpecialistLoad:
    membership: Membership
    capacity: int
    languages: list[str]
    on_caseload: int  # people assigned to them at the organization now
    is_default: bool  # nobody set a capacity: the default applies
    profile: SupporterProfile | None  # their supporter profile, if they have one
    chosen_languages: list[str]  # as set on the setting (empty: none chosen)

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.on_caseload, 0)

    @property
    def language_names(self) -> str:
        labels = dict(SupportLanguage.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.languages)


def _languages_of(
    specialist: User, setting: CaseloadSetting | None, profile: SupporterProfile | None
) -> list[str]:
    """The languages a peer specialist works in: as set, or else the language they use the app
    in and those on their supporter profile."""
    if setting is not None and setting.languages:
        return list(setting.languages)
    return sorted({specialist.language} | set(profile.languages if profile else ()))


def specialist_loads(memberships: Sequence[Membership]) -> list[SpecialistLoad]:
    """Capacity, languages and how many people each peer-specialist role carries now: a fixed
    number of queries however many."""
    settings = {
        (s.specialist_id, s.organization_id): s
        for s in CaseloadSetting.objects.filter(
            specialist__in={m.user_id for m in memberships},
            organization__in={m.organization_id for m in memberships},
        )
    }
    load = {
        (row["peer_specialist"], row["organization"]): row["n"]
        for row in CaseRecord.objects.filter(
            peer_specialist__in={m.user_id for m in memberships},
            organization__in={m.organization_id for m in memberships},
        )
        .values("peer_specialist", "organization")
        .annotate(n=Count("id"))
    }
    profiles = {
        p.user_id: p
        for p in SupporterProfile.objects.filter(user__in={m.user_id for m in memberships})
    }
    out = []
    for m in memberships:
        setting = settings.get((m.user_id, m.organization_id))
        profile = profiles.get(m.user_id)
        out.append(
            SpecialistLoad(
                membership=m,
                capacity=setting.capacity if setting else DEFAULT_CASELOAD_CAPACITY,
                languages=_languages_of(m.user, setting, profile),
                on_caseload=load.get((m.user_id, m.organization_id), 0),
                is_default=setting is None,
                profile=profile,
                chosen_languages=list(setting.languages) if setting else [],
            )
        )
    return out


def specialist_memberships(user: User) -> list[Membership]:
    """The peer-specialist roles whose caseload capacity the person sets: their own, and every
    one at an organization they administer (with two-step verification on)."""
    roles = roles_of(user)
    administered = [] if roles.mfa_blocks_member_data else roles.organizations_where(Role.ORG_ADMIN)
    found = (
        Membership.objects.active()
        .filter(role=Role.PEER_SPECIALIST, user__is_active=True)
        .filter(Q(user=user) | Q(organization__in=administered))
        .select_related("user", "organization")
        .order_by("organization__name", "user__first_name", "pk")
    )
    return list(found)


@transaction.atomic
def set_caseload_capacity(
    *, membership: Membership, capacity: int, languages: Sequence[str], by: User
) -> CaseloadSetting:
    """How many people a peer specialist can carry at the organization, and the languages they
    work in (none: the language they use the app in, and their supporter profile's). People
    already on the caseload stay whatever the number. Raises ValidationError naming the field
    for a number out of range or a language not on the list."""
    errors: dict[str, str] = {}
    if not 0 <= capacity <= MAX_CASELOAD_CAPACITY:
        errors["capacity"] = _("Give a number from 0 to %(most)s.") % {
            "most": MAX_CASELOAD_CAPACITY
        }
    if any(code not in SupportLanguage.values for code in languages):
        errors["languages"] = _("Choose languages from the list.")
    if errors:
        raise ValidationError(errors)
    setting, _created = CaseloadSetting.objects.select_for_update().get_or_create(
        specialist=membership.user, organization=membership.organization
    )
    setting.capacity = capacity
    setting.languages = sorted(set(languages))
    setting.updated_at = timezone.now()
    setting.updated_by = by
    setting.save(update_fields=["capacity", "languages", "updated_at", "updated_by"])
    return setting
