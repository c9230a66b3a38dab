"""A member's place in their organization's structured mentoring program, and the program's
mentors."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import Membership, Organization, Pathway, Role, User
from alongside.matching.models import ProgramEnrolment
from alongside.matching.services.who import holders
from alongside.peers.models import Gender, SupporterProfile, SupportLanguage


def program_mentors(organization: Organization) -> list[User]:
    """The program's mentors: the organization's active mentors whose supporter profile offers
    mentoring (being shown to people searching on their own is a separate choice)."""
    mentors = holders(organization, Role.MENTOR)
    offering = set(
        SupporterProfile.objects.filter(user__in=mentors, offers_mentoring=True).values_list(
            "user_id", flat=True
        )
    )
    return sorted(
        (m for m in mentors if m.pk in offering), key=lambda u: (str(u.display_name), u.pk)
    )


def programs_open_to(member: User) -> list[Organization]:
    """Organizations whose mentoring program the person may join: those they are a member of."""
    return [
        m.organization
        for m in Membership.objects.active()
        .filter(user=member, role=Role.MEMBER)
        .select_related("organization")
    ]


def enrolments_of(member: User) -> list[ProgramEnrolment]:
    """The person's places in mentoring programs now (waiting or matched), newest first."""
    return list(
        ProgramEnrolment.objects.open()
        .filter(member=member)
        .select_related("organization", "relationship__supporter")
    )


@transaction.atomic
def join_program(
    *,
    member: User,
    organization: Organization,
    languages: Sequence[str],
    pathways: Sequence[str] = (),
    gender: str = "",
    wants_same_gender: bool = False,
    excluded: Iterable[int] = (),
) -> ProgramEnrolment:
    """The member joins the organization's mentoring program and waits for the next approved
    run to match them (joining is their consent to being matched; nobody is asked on their
    behalf). Raises ValidationError naming the field: not a member there, already in its
    program, no language or one not on the list, an unknown pathway or gender, asking for the
    same gender without saying theirs, or excluding (by user id) someone who is not one of its
    mentors."""
    errors: dict[str, str] = {}
    if all(o.pk != organization.pk for o in programs_open_to(member)):
        errors["organization"] = _("You can join the program of an organization you belong to.")
    elif ProgramEnrolment.objects.open().filter(member=member, organization=organization).exists():
        errors["organization"] = _("You are already in the mentoring program of %(org)s.") % {
            "org": organization.name
        }
    if not languages:
        errors["languages"] = _("Choose at least one language you can be mentored in.")
    elif any(code not in SupportLanguage.values for code in languages):
        errors["languages"] = _("Choose languages from the list.")
    if any(p not in Pathway.values for p in pathways):
        errors["pathways"] = _("Choose pathways from the list.")
    if gender not in Gender.values:
        errors["gender"] = _("Choose from the list, or that you would rather not say.")
    elif wants_same_gender and not gender:
        errors["gender"] = _("Say your gender, so that a mentor of the same gender can be found.")
    excluded = sorted(set(excluded))
    if not set(excluded) <= {m.pk for m in program_mentors(organization)}:
        errors["excluded"] = _("Choose mentors of this program only.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            enrolment = ProgramEnrolment.objects.create(
                member=member,
                organization=organization,
                languages=sorted(set(languages)),
                pathways=sorted(set(pathways)),
                gender=gender,
                wants_same_gender=wants_same_gender,
            )
    except IntegrityError:  # joined twice at once: the first one stands
        raise ValidationError(
            {
                "organization": _("You are already in the mentoring program of %(org)s.")
                % {"org": organization.name}
            }
        ) from None
    enrolment.excluded.set(excluded)
    return enrolment


@transaction.atomic
def leave_program(*, enrolment: ProgramEnrolment) -> ProgramEnrolment:
    """The member leaves the program: no run matches them any more (one waiting for approval
    refuses to, naming them). A mentor they were matched with stays until either ends it, on
    the relationship's own page. Raises ValidationError ("enrolment") when already left."""
    locked = ProgramEnrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.ended_at is not None:
        raise ValidationError({"enrolment": _("You have already left this program.")})
    locked.ended_at = timezone.now()
    locked.save(update_fields=["ended_at"])
    enrolment.ended_at = locked.ended_at
    return locked
