"""Groups: facilitators' pages, service positions with terms and rotation, business meetings,
meetings with every kind of schedule created through the form; recommendations; demo data."""

from __future__ import annotations

import datetime as dt

import pytest

from alongside.meetings import recommend, services
from alongside.meetings.models import Group, Meeting, ServiceTerm

pytestmark = pytest.mark.django_db


def test_rotating_a_position_ends_the_current_term_the_day_before(cast, smart_group) -> None:
    first = services.rotate_position(
        group=smart_group,
        role="chair",
        holder=cast["facilitator"].user,
        starts_on=dt.date(2026, 1, 1),
    )
    assert first.rotates_on == dt.date(2026, 7, 1)
    second = services.rotate_position(
        group=smart_group,
        role="chair",
        holder=cast["member"].user,
        starts_on=dt.date(2026, 7, 1),
        term_months=3,
    )
    first.refresh_from_db()
    assert (
        first.ends_on == dt.date(2026, 6, 30)
        and second.ends_on is None
        and second.rotates_on == dt.date(2026, 10, 1)
    )
    with pytest.raises(services.AttendanceError):
        services.rotate_position(
            group=smart_group, role="chair", holder=None, starts_on=dt.date(2026, 6, 1)
        )


def test_a_facilitator_rotates_a_position_and_a_trusted_servant_reads_the_business_notes(
    client_as, cast, smart_group
) -> None:
    facilitator = client_as("facilitator")
    url = f"/meetings/groups/{smart_group.slug}/service/"
    assert client_as("member").get(url).status_code == 404
    response = facilitator.post(
        url,
        {
            "form": "position",
            "position-role": "secretary",
            "position-holder": cast["member"].user.pk,
            "position-starts_on": "2026-02-01",
            "position-term_months": 6,
        },
    )
    assert response.status_code == 302
    assert ServiceTerm.objects.get(role="secretary").holder == cast["member"].user
    facilitator.post(
        url,
        {
            "form": "notes",
            "notes-held_on": "2026-02-08",
            "notes-notes": "Agreed to start a Spanish-language meeting.",
        },
    )
    member = client_as("member")  # now the secretary
    page = member.get(url).content.decode()
    assert "Agreed to start a Spanish-language meeting." in page and "Rotate a position" not in page
    assert (
        member.post(
            url,
            {
                "form": "position",
                "position-role": "chair",
                "position-starts_on": "2026-02-01",
                "position-term_months": 6,
            },
        ).status_code
        == 404
    )


def test_a_facilitator_adds_a_monthly_meeting_and_bad_schedules_are_explained(
    client_as, cast, smart_group
) -> None:
    facilitator = client_as("facilitator")
    url = f"/meetings/groups/{smart_group.slug}/new-meeting/"
    assert f"<h1>Add a meeting of {smart_group.name}</h1>" in facilitator.get(url).content.decode()
    base = {
        "name": "Second Tuesday SMART",
        "recurrence": "monthly",
        "days": [2],
        "start_time": "19:00",
        "duration_minutes": 60,
        "time_zone": "America/Chicago",
        "attendance": "in_person",
        "openness": "open",
        "formatted_address": "2430 N Lincoln Ave, Chicago, IL 60614",
    }
    response = facilitator.post(url, {**base, "time_zone": "Mars/Base"})
    assert "is not a time zone we know" in response.content.decode()
    response = facilitator.post(url, {**base, "week_of_month": ""})
    assert "needs which week" in response.content.decode()
    response = facilitator.post(url, {**base, "week_of_month": 2, "type_codes": ["D", "W"]})
    assert response.status_code == 302
    meeting = Meeting.objects.get(name="Second Tuesday SMART")
    assert meeting.schedule().rrule_text() == "FREQ=MONTHLY;BYDAY=2TU"
    assert (
        meeting.latitude is not None and meeting.is_approximate and meeting.postal_code == "60614"
    )  # placed at its ZIP code
    assert meeting.type_codes == ["O", "D", "W"] and meeting.slots.count() == 1


def test_a_group_page_shows_its_program_philosophy_facilitators_and_positions(
    client, cast, smart_group
) -> None:
    services.rotate_position(
        group=smart_group, role="gsr", holder=cast["member2"].user, starts_on=dt.date(2026, 1, 1)
    )
    page = client.get(f"/meetings/groups/{smart_group.slug}/").content.decode()
    assert (
        "Theo B." in page
        and "Five years" in page
        and "Secular" in page
        and "Group service representative: filled" in page
    )
    assert "Brandt" not in page  # peers never see last names
    assert "JustJordan" not in page  # nor the public who serves


def test_recommendations_follow_pathways_place_week_and_needs_and_say_why(
    cast, make_meeting
) -> None:
    maya = cast["member"].user  # NA and SMART
    services.save_preferences(
        member=maya,
        near="60614",
        max_distance_km=10,
        online_ok=True,
        demographics=["W"],
        needs=["X"],
        languages=["en"],
        days=[],
        earliest=None,
        latest=None,
    )
    women = make_meeting(
        name="Hope Circle", program="na", types="W BE X", openness="open", languages="en"
    )
    make_meeting(name="No ramp", program="na", types="W", languages="en")
    online = make_meeting(name="SMART online", program="smart", attendance="online", languages="en")
    make_meeting(name="AA nearby", program="aa", types="X", languages="en")
    recs = recommend.recommend(maya)
    names = [r.result.meeting.name for r in recs]
    assert names[0] == "Hope Circle" and "SMART online" in names and "No ramp" not in names
    assert "AA nearby" not in names  # not one of her pathways
    first = recs[0].reasons
    assert (
        "NA, one of your pathways" in first
        and "Women" in first
        and "newcomers especially welcome" in first
    )
    picks = recommend.try_a_few(recs, count=3)
    assert [p.result.meeting.pk for p in picks] == [
        women.pk,
        online.pk,
    ]  # one per group, programs mixed


def test_demo_data_is_idempotent_and_has_the_meetings_the_journey_needs(cast) -> None:
    from alongside.meetings import demo

    demo.populate(cast)
    demo.populate(cast)
    smart = Meeting.objects.get(slug="smart-evening-online", source__isnull=True)
    women = Meeting.objects.get(slug="hope-circle-tuesday", source__isnull=True)
    assert (
        smart.attendance == "online"
        and smart.program.slug == "smart"
        and smart.conference_is_protected
    )
    assert "W" in women.type_codes and women.program.slug == "na" and women.postal_code == "60614"
    assert (
        Group.objects.get(slug="hope-circle-na").facilitators.get().user == cast["facilitator"].user
    )
    assert Meeting.objects.filter(source__slug="demo-aasepia").count() in (0, demo.SLICE)


def test_a_facilitator_starts_a_group_with_their_experience_and_others_cannot(
    client_as, cast, programs
) -> None:
    assert client_as("member").get("/meetings/groups/new/").status_code == 404
    response = client_as("facilitator").post(
        "/meetings/groups/new/",
        {
            "name": "Tuesday LifeRing",
            "program": "lifering",
            "typical_size": "small",
            "atmosphere": "Relaxed and secular",
            "demographics": ["W"],
            "languages": ["en"],
            "accessibility": ["X"],
            "experience": "Four years of LifeRing convening",
        },
    )
    group = Group.objects.get(name="Tuesday LifeRing")
    assert response["Location"] == f"/meetings/groups/{group.slug}/"
    assert group.facilitators.get().user == cast["facilitator"].user and group.demographics == ["W"]
    assert (
        "Four years of LifeRing convening"
        in client_as(None).get(f"/meetings/groups/{group.slug}/").content.decode()
    )
    assert client_as("member2").get(f"/meetings/groups/{group.slug}/edit/").status_code == 404
    response = client_as("facilitator").post(
        f"/meetings/groups/{group.slug}/edit/", {"name": "", "program": "lifering"}
    )
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "sees_names"),
    [
        (None, False),  # the public
        ("member2", False),  # a member of the same organization who does not serve
        ("outsider", False),  # staff of another organization
        ("mentor", False),
        ("facilitator", True),  # facilitates the group
        ("org_admin", True),  # administers the group's organization
        ("member", True),  # holds one of its positions now
    ],
)
def test_a_group_page_names_who_serves_only_to_the_groups_own_leaders_and_servants(
    client_as, cast, smart_group, persona, sees_names
) -> None:
    services.rotate_position(
        group=smart_group,
        role="secretary",
        holder=cast["member"].user,
        starts_on=dt.date(2026, 1, 1),
    )
    services.rotate_position(
        group=smart_group, role="treasurer", holder=None, starts_on=dt.date(2026, 1, 1)
    )

    page = client_as(persona).get(f"/meetings/groups/{smart_group.slug}/").content.decode()

    assert "Treasurer: open" in page
    if sees_names:
        assert "Secretary: Maya O." in page
    else:
        assert (
            "Secretary: filled" in page
            and "Maya" not in page
            and "Who serves is shown to the group's facilitators" in page
        )
