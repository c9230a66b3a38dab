"""Who is in a space, who moderates it, and who is on duty there.

A group's space is for the group's people: its facilitators and the members who are part of
the group as messaging counts them (saved or attended one of its meetings, or opted in to
messages there). An organization's program and topic spaces are for everyone holding a role in
it. A group's facilitators moderate its space; an organization's moderators (Moderator rows)
and admins moderate its other spaces.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from alongside.accounts.models import Membership, Role, User
from alongside.community.models import Moderator, Space
from alongside.meetings.models import Group


def groups_of(person: User) -> QuerySet[Group]:
    """The groups a person is part of (the messaging app's rule), or facilitates."""
    from alongside.messaging.models import GroupOptIn

    opted = GroupOptIn.objects.filter(member=person).values("group_id")
    return Group.objects.filter(
        Q(meetings__saved_by__member=person)
        | Q(meetings__attendance_records__member=person)
        | Q(pk__in=opted)
        | Q(facilitators__user=person)
    ).distinct()


def _organizations_of(person: User) -> QuerySet:
    return Membership.objects.active().filter(user=person).values("organization_id")


def visible_spaces(person: User) -> QuerySet[Space]:
    """Every space the person may read and write in."""
    if not person.is_authenticated or not person.is_active:
        return Space.objects.none()
    return Space.objects.filter(
        Q(group__isnull=True, organization_id__in=_organizations_of(person))
        | Q(group__in=groups_of(person).values("pk"))
    ).select_related("group", "organization", "program")


def can_see(person: User, space: Space) -> bool:
    return visible_spaces(person).filter(pk=space.pk).exists()


def moderated_spaces(person: User) -> QuerySet[Space]:
    """The spaces a person moderates."""
    if not person.is_authenticated or not person.is_active:
        return Space.objects.none()
    organizations = Moderator.objects.filter(user=person).values("organization_id")
    administered = Membership.objects.active().filter(user=person, role=Role.ORG_ADMIN)
    return Space.objects.filter(
        Q(group__facilitators__user=person)
        | Q(group__isnull=True, organization_id__in=organizations)
        | Q(group__isnull=True, organization_id__in=administered.values("organization_id"))
    ).distinct()


def moderates(person: User, space: Space) -> bool:
    return moderated_spaces(person).filter(pk=space.pk).exists()


def moderators_of(space: Space) -> list[User]:
    if space.group_id is not None:
        return list(User.objects.filter(facilitating__group_id=space.group_id, is_active=True))
    assert space.organization_id is not None  # a space belongs to a group or an organization
    rows = Moderator.objects.filter(organization_id=space.organization_id)
    admins = Membership.objects.active().filter(
        organization_id=space.organization_id, role=Role.ORG_ADMIN
    )
    return list(
        User.objects.filter(
            Q(pk__in=rows.values("user_id")) | Q(pk__in=admins.values("user_id")), is_active=True
        )
    )


def on_duty(space: Space) -> list[User]:
    """Who is alerted to crisis language in the space: its facilitators for a group's space;
    else the organization's moderators on duty, or (nobody on duty) all who moderate it."""
    if space.group_id is not None:
        return moderators_of(space)
    duty = User.objects.filter(
        moderating__organization_id=space.organization_id,
        moderating__is_on_duty=True,
        is_active=True,
    )
    return list(duty) or moderators_of(space)


def set_on_duty(*, moderator: Moderator, on_duty: bool) -> Moderator:
    moderator.is_on_duty = on_duty
    moderator.save(update_fields=["is_on_duty"])
    return moderator


def moderators_in(organization) -> QuerySet[Moderator]:
    return Moderator.objects.filter(organization=organization).select_related("user")


def moderator_candidates(organization) -> QuerySet[User]:
    """People holding a role in the organization who do not moderate its spaces yet."""
    held = Membership.objects.active().filter(organization=organization).values("user_id")
    return (
        User.objects.filter(pk__in=held, is_active=True)
        .exclude(moderating__organization=organization)
        .order_by("first_name", "id")
    )


def add_moderator(*, organization, person: User) -> Moderator:
    """Make someone in the organization a moderator of its program and topic spaces (an admin's
    decision; the caller checked they administer it). They are told."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from alongside.community.services.posting import CommunityError
    from alongside.notifications.services import notify

    if not moderator_candidates(organization).filter(pk=person.pk).exists():
        raise CommunityError(
            "user_id", _("Choose someone in the organization who is not a moderator yet.")
        )
    found = Moderator.objects.create(organization=organization, user=person)
    notify(
        user=person,
        kind="community_moderator",
        title=_("You now moderate the forums of %(org)s") % {"org": organization.name},
        url=reverse("community:queue"),
        dedupe_key=f"community-moderator-{found.pk}",
    )
    return found


def remove_moderator(*, moderator: Moderator) -> None:
    moderator.delete()
