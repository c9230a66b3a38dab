"""Celebrations: a member shares a milestone (journey) to a group's space, each time by their
own choice and under their display name; others congratulate through journey's service, so the
congratulation reaches the member and stays with the milestone on their journey page."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.community.models import Space, Thread
from alongside.community.services.posting import CommunityError, Posted, start_thread
from alongside.community.services.spaces import visible_spaces
from alongside.journey.models import Celebration, Congratulation


def shareable_celebrations(member: User) -> QuerySet[Celebration]:
    return Celebration.objects.standing().filter(member=member).select_related("track")


def celebration_spaces(member: User) -> QuerySet[Space]:
    """The member's groups' spaces: where a milestone may be shared."""
    return visible_spaces(member).filter(group__isnull=False)


def share_milestone(
    *,
    member: User,
    celebration: Celebration,
    space: Space,
    note: str = "",
    accepts_guidelines: bool = False,
) -> Posted:
    """Open a celebration thread for one of the member's own standing milestones in one of
    their groups' spaces (the caller fetched both through access.py). The post goes through the
    same checks as any other."""
    if celebration.member_id != member.pk or celebration.withdrawn_at is not None:
        raise CommunityError("celebration", _("Choose one of your milestones."))
    if not celebration_spaces(member).filter(pk=space.pk).exists():
        raise CommunityError("space", _("Share milestones in one of your groups' spaces."))
    label = celebration.label
    body = note.strip() or _("I reached %(m)s today. Thank you for walking alongside me.") % {
        "m": label
    }
    return start_thread(
        author=member,
        space=space,
        title=_("Celebrating %(m)s") % {"m": label},
        body=body,
        accepts_guidelines=accepts_guidelines,
        celebration=celebration,
    )


def congratulate(*, person: User, thread: Thread, message: str = "") -> Congratulation:
    """Congratulate the member on the milestone a thread shares (the caller checked the person
    may see the thread). The member is told (journey.services.congratulate)."""
    from alongside.journey.services import JourneyError
    from alongside.journey.services import congratulate as journey_congratulate

    if thread.celebration is None:
        raise CommunityError("message", _("This thread does not share a milestone."))
    try:
        found, _created = journey_congratulate(
            celebration=thread.celebration, author=person, message=message
        )
    except JourneyError as error:
        raise CommunityError("message", error.message) from error
    return found
