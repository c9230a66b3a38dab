"""How well support works, for supervision: each figure's definition on people built for it
(an exact value for each), suppression below 11 people (and nothing suppressed can be worked
out from what is shown), consent taking effect on the next request, who may see what on the
page and the API alike, a fixed number of queries however many people, and supporters listed
by name."""

from __future__ import annotations

import datetime
import itertools

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.accounts.models import Membership, Organization, Role, User
from alongside.accounts.sensitive import Credential
from alongside.assessments.services import submit_administration
from alongside.caseload.models import CaseRecord, Engagement
from alongside.journey.models import CheckIn
from alongside.outcomes import support
from alongside.peers.models import RelationshipStatus, SupportKind, SupportRelationship
from alongside.privacy.models import ConsentGrant
from alongside.privacy.services import grant_access, revoke_grant
from alongside.testing.assertions import text_of
from alongside.training import services as training

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 10, 18, 0, tzinfo=datetime.UTC)  # 12:00 in Chicago
TODAY = datetime.date(2026, 11, 10)  # in Chicago, where everyone built here lives
DAY = datetime.timedelta(days=1)
SUPPRESSED = "fewer than 11 people"


# ---------------------------------------------------------------- building people


def riverbend() -> Organization:
    return Organization.objects.get(slug="riverbend")


NUMBERS = itertools.count(1)


def people(count: int) -> list[User]:
    """People to support, each under a handle no page would otherwise show."""
    return [
        User.objects.create_user(
            email=f"supported{n}@example.org",
            handle=f"Supported{n}x",
            time_zone="America/Chicago",
        )
        for n in (next(NUMBERS) for _ in range(count))
    ]


def supporter(first_name: str, last_name: str, role: Role) -> User:
    user = User.objects.create_user(
        email=f"{first_name.lower()}@example.org", first_name=first_name, last_name=last_name
    )
    Membership.objects.create(user=user, organization=riverbend(), role=role)
    return user


def relate(
    member: User, supporter: User, *, days_ago: int, ended_after: int | None = None
) -> SupportRelationship:
    started = NOW - days_ago * DAY
    return SupportRelationship.objects.create(
        member=member,
        supporter=supporter,
        kind=SupportKind.MENTOR,
        started_at=started,
        review_on=(started + 90 * DAY).date(),
        status=RelationshipStatus.ENDED if ended_after is not None else RelationshipStatus.ONGOING,
        ended_at=started + ended_after * DAY if ended_after is not None else None,
    )


def open_record(
    member: User, specialist: User | None, *, days_ago: int, organization=None
) -> CaseRecord:
    return CaseRecord.objects.create(
        member=member,
        organization=organization or riverbend(),
        peer_specialist=specialist,
        opened_at=NOW - days_ago * DAY,
    )


def engage(record: CaseRecord, *, day: int) -> None:
    """An engagement on the given day of the record (day 0: the day it was opened)."""
    Engagement.objects.create(record=record, kind="brief", on=TODAY - 100 * DAY + day * DAY)


def share(member: User, grantee: User, *scopes: str) -> ConsentGrant:
    return grant_access(
        member=member,
        grantee_user=grantee,
        scopes=list(scopes),
        purpose="support",
        credential=Credential.for_setup(member),
    )


def check_in_on(member: User, days: list[datetime.date]) -> None:
    CheckIn.objects.bulk_create(CheckIn(member=member, on=d, mood=3, craving=2) for d in days)


def check_ins(member: User, count: int) -> None:
    """`count` check-ins within the last 30 days (today included)."""
    check_in_on(member, [TODAY - i * DAY for i in range(count)])


def barc(member: User, total: int, *, days_ago: int) -> None:
    low, extra = divmod(total, 10)
    answers = {str(i + 1): low + (1 if i < extra else 0) for i in range(10)}
    submit_administration(
        member=member, instrument="barc10", answers=answers, taken_at=NOW - days_ago * DAY
    )


def figures(row: support.Row) -> dict[str, str]:
    return {f.key: f.text for f in row.figures}


def rows_of(page: str) -> str:
    return text_of(page)


# ---------------------------------------------------------------- the definitions


@time_machine.travel(NOW, tick=False)
def test_each_figure_of_a_mentor_follows_its_definition(cast, client_as) -> None:
    sam = cast["mentor"].user
    ongoing, stopped, left_early, recent, new = (people(n) for n in (8, 2, 1, 1, 1))
    # Eight since 100 days ago, one of them ended exactly on day 90 (not before it: engaged).
    for person in ongoing[:7]:
        relate(person, sam, days_ago=100)
    relate(ongoing[7], sam, days_ago=100, ended_after=90)
    for person in stopped:  # ended on day 50: engaged at 30, not at 90
        relate(person, sam, days_ago=100, ended_after=50)
    relate(left_early[0], sam, days_ago=100, ended_after=10)  # engaged at neither
    relate(recent[0], sam, days_ago=40)  # counted at 30 days only
    relate(new[0], sam, days_ago=10)  # counted at neither
    sharing = ongoing + stopped + recent  # 11 share their check-ins and assessments with Sam
    for person, count in zip(sharing, [30, 29, 25, 20, 18, 16, 12, 10, 5, 2, 1], strict=True):
        share(person, sam, "check_ins", "assessments")
        check_ins(person, count)
    check_in_on(sharing[-1], [TODAY - 30 * DAY])  # 31 days ago: outside the window
    share(left_early[0], sam, "assessments")
    # Someone who shares check-ins with somebody else, not Sam, is not in his regularity.
    share(new[0], cast["peer_specialist"].user, "check_ins")
    check_ins(new[0], 30)
    # BARC-10: first score since support started to the latest (a score before it is not the
    # first); the person with one score since then is not counted.
    changes = [6, 4, 3, 8, -2, 0, 5, 10, 1, 2, 7]
    for person, change in zip(ongoing + stopped + left_early, changes, strict=True):
        barc(person, 30, days_ago=95)
        barc(person, 40, days_ago=50)  # in between: neither first nor latest
        barc(person, 30 + change, days_ago=5)
    barc(ongoing[0], 15, days_ago=105)  # before Sam's support began
    barc(recent[0], 20, days_ago=30)  # one score: not counted

    [row] = support.rows_for([support.Group(sam, None)])

    assert figures(row) == {
        support.ENGAGED_30: "92% (11 of 12 people)",
        support.ENGAGED_90: "73% (8 of 11 people)",
        support.REGULARITY: "53% of days (median of 11 people)",
        support.BARC10_CHANGE: "+4 points (median of 11 people)",
    }
    page = rows_of(client_as("mentor").get("/outcomes/support/").content.decode())
    assert "92% (11 of 12 people) 73% (8 of 11 people) 53% of days (median of 11 people)" in page
    assert "not a ranking" in page and "How these figures are worked out" in page
    body = client_as("mentor").get("/api/v1/outcomes/support").json()
    engaged_30 = body["own"]["figures"][0]
    assert engaged_30 | {"label": ""} == {
        "key": "engaged_30",
        "label": "",
        "suppressed": False,
        "people": 12,
        "engaged": 11,
        "percent": 92,
        "points": None,
        "text": "92% (11 of 12 people)",
    }
    # De-identified: no supported person is named, in the page or the API.
    everyone = ongoing + stopped + left_early + recent + new
    api_text = str(body)
    assert not [p for p in everyone if str(p.display_name) in page + api_text]


@time_machine.travel(NOW, tick=False)
def test_on_a_caseload_engagements_and_shared_check_ins_in_the_30_days_up_to_the_day_count(
    cast,
) -> None:
    lena = cast["peer_specialist"].user
    steady, first_day_only, checking_in, not_sharing, late = (people(n) for n in (6, 2, 2, 1, 1))
    for person in steady:
        engage(open_record(person, lena, days_ago=100), day=25)
        engage(CaseRecord.objects.get(member=person), day=85)
    for person in first_day_only:  # the day it opened is not in the 30 days up to day 30
        engage(open_record(person, lena, days_ago=100), day=0)
    for person in checking_in:  # no engagement, but check-ins they share with Lena
        open_record(person, lena, days_ago=100)
        share(person, lena, "check_ins")
        check_in_on(person, [TODAY - 70 * DAY, TODAY - 10 * DAY])  # days 30 and 90
    open_record(not_sharing[0], lena, days_ago=100)  # checks in, shares nothing: not counted
    check_in_on(not_sharing[0], [TODAY - 70 * DAY, TODAY - 10 * DAY])
    late_record = open_record(late[0], lena, days_ago=100)
    engage(late_record, day=31)  # after day 30, inside the 30 days up to day 90
    engage(late_record, day=90)

    [row] = support.rows_for([support.Group(lena, None)])

    assert figures(row)[support.ENGAGED_30] == "67% (8 of 12 people)"
    assert figures(row)[support.ENGAGED_90] == "75% (9 of 12 people)"


# ---------------------------------------------------------------- suppression


@time_machine.travel(NOW, tick=False)
def test_a_figure_from_10_people_is_suppressed_and_from_11_it_is_shown(cast, client_as) -> None:
    sam = cast["mentor"].user
    group = people(11)
    for person in group[:10]:
        relate(person, sam, days_ago=100)
    page = rows_of(client_as("mentor").get("/outcomes/support/").content.decode())
    assert f"Everyone you support {SUPPRESSED} {SUPPRESSED} {SUPPRESSED} {SUPPRESSED}" in page
    assert "10 people" not in page and "100%" not in page
    body = client_as("mentor").get("/api/v1/outcomes/support").json()
    assert body["own"]["figures"][0] == {
        "key": "engaged_30",
        "label": "Staying engaged at 30 days",
        "suppressed": True,
        "people": None,
        "engaged": None,
        "percent": None,
        "points": None,
        "text": SUPPRESSED,
    }

    relate(group[10], sam, days_ago=100)

    page = rows_of(client_as("mentor").get("/outcomes/support/").content.decode())
    assert "Everyone you support 100% (11 of 11 people) 100% (11 of 11 people)" in page


def assert_nothing_suppressed_can_be_worked_out(program: support.Program) -> None:
    """Each shown total, less its supporters' shown figures, leaves nobody or 11 people or
    more: a suppressed supporter's count is never the difference."""
    for index, total in enumerate(program.total.figures):
        if total.suppressed:
            continue
        shown = [row.figures[index].people or 0 for row in program.supporters]
        assert not 0 < (total.people or 0) - sum(shown) < support.MIN_PEOPLE, total


@time_machine.travel(NOW, tick=False)
def test_a_program_total_that_would_give_away_a_suppressed_supporter_is_suppressed(
    cast, client_as
) -> None:
    lena, sam = cast["peer_specialist"].user, cast["mentor"].user
    caseload, mentees = people(11), people(11)
    for person in caseload:
        engage(open_record(person, lena, days_ago=100), day=20)
    for person in mentees[:5]:
        relate(person, sam, days_ago=100)

    program = support.program(riverbend())

    # Lena's 11 are shown, Sam's 5 are not: a total of 16 would give his 5 away.
    by_name = {str(r.group.supporter.display_name): figures(r) for r in program.supporters}
    assert by_name["Lena K."][support.ENGAGED_30] == "100% (11 of 11 people)"
    assert by_name["Sam W."][support.ENGAGED_30] == SUPPRESSED
    assert figures(program.total)[support.ENGAGED_30] == SUPPRESSED
    assert_nothing_suppressed_can_be_worked_out(program)
    page = rows_of(
        client_as("org_admin").get(f"/outcomes/support/programs/{riverbend().pk}/").content.decode()
    )
    assert f"Whole program {SUPPRESSED}" in page and "16 people" not in page

    for person in mentees[5:]:
        relate(person, sam, days_ago=100)
    program = support.program(riverbend())
    assert figures(program.total)[support.ENGAGED_30] == "100% (22 of 22 people)"
    assert_nothing_suppressed_can_be_worked_out(program)

    # Three people waiting for a new peer specialist are in no supporter's row: 25 less 22
    # would name a group of three.
    for person in people(3):
        open_record(person, None, days_ago=100)
    program = support.program(riverbend())
    assert figures(program.total)[support.ENGAGED_30] == SUPPRESSED
    assert_nothing_suppressed_can_be_worked_out(program)


# ---------------------------------------------------------------- consent


@time_machine.travel(NOW, tick=False)
def test_someone_who_stops_sharing_check_ins_leaves_regularity_on_the_next_request(
    cast, client_as
) -> None:
    sam = cast["mentor"].user
    group = people(12)
    grants = []
    for person, count in zip(group, [3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 30, 30], strict=True):
        relate(person, sam, days_ago=100)
        grants.append(share(person, sam, "check_ins"))
        check_ins(person, count)
    page = rows_of(client_as("mentor").get("/outcomes/support/").content.decode())
    assert "65% of days (median of 12 people)" in page  # (18 + 21) / 2 of 30 days

    revoke_grant(grant=grants[0], by=group[0], credential=Credential.for_setup(group[0]))

    page = rows_of(client_as("mentor").get("/outcomes/support/").content.decode())
    assert "70% of days (median of 11 people)" in page  # 21 of 30 days
    revoke_grant(grant=grants[1], by=group[1], credential=Credential.for_setup(group[1]))
    body = client_as("mentor").get("/api/v1/outcomes/support").json()
    regularity = body["own"]["figures"][2]
    assert (regularity["key"], regularity["text"]) == ("check_in_regularity", SUPPRESSED)
    # Staying engaged needs no grant: all twelve still count there.
    assert body["own"]["figures"][0]["text"] == "100% (12 of 12 people)"


# ---------------------------------------------------------------- who sees what


@pytest.fixture
def supervised(cast):
    return training.set_supervisor(
        organization=riverbend(),
        supervisee_id=cast["peer_specialist"].user.pk,
        supervisor_id=cast["org_admin"].user.pk,
    )


@pytest.mark.parametrize("api", [False, True], ids=["page", "api"])
@pytest.mark.parametrize(
    ("persona", "what", "expected"),
    [
        ("peer_specialist", "lena", 200),  # her own
        ("org_admin", "lena", 200),  # her supervisor
        ("org_admin", "sam", 200),  # a mentor of the organization Dana runs
        ("org_admin", "program", 200),
        ("mentor", "lena", 404),  # a colleague
        ("peer_specialist", "sam", 404),
        ("peer_specialist", "program", 404),  # not its admin
        ("counselor", "overview", 404),  # supports nobody, supervises nobody
        ("member", "overview", 404),
        ("member", "lena", 404),
        ("outsider", "program", 404),  # another organization's
        ("outsider", "sam", 404),
    ],
)
def test_supporters_supervisors_and_admins_see_figures_and_nobody_else(
    cast, client_as, supervised, persona, what, expected, api
) -> None:
    urls = {
        "overview": "support/",
        "lena": f"support/supporters/{cast['peer_specialist'].user.pk}/",
        "sam": f"support/supporters/{cast['mentor'].user.pk}/",
        "program": f"support/programs/{riverbend().pk}/",
    }
    url = f"/api/v1/outcomes/{urls[what]}".rstrip("/") if api else f"/outcomes/{urls[what]}"
    assert client_as(persona).get(url).status_code == expected


@pytest.mark.parametrize("api", [False, True], ids=["page", "api"])
def test_a_supervisor_sees_a_supervisee_only_while_supervising_and_only_in_that_organization(
    cast, client_as, supervised, api
) -> None:
    lena, grace = cast["peer_specialist"].user, cast["counselor"].user
    supervised.delete()  # Dana no longer supervises Lena (she still runs Riverbend)
    harbor = Organization.objects.get(slug="harbor")
    supervision = training.set_supervisor(
        organization=riverbend(), supervisee_id=lena.pk, supervisor_id=grace.pk
    )
    with time_machine.travel(NOW, tick=False):
        for person in people(11):
            open_record(person, lena, days_ago=100)
        for person in people(2):
            open_record(person, lena, days_ago=100, organization=harbor)
        path = f"support/supporters/{lena.pk}"
        own = client_as("peer_specialist").get(
            f"/api/v1/outcomes/{path}" if api else f"/outcomes/{path}/"
        )
        theirs = client_as("counselor").get(
            f"/api/v1/outcomes/{path}" if api else f"/outcomes/{path}/"
        )
    words = {"own": own, "theirs": theirs}
    if api:
        texts = {k: r.json()[0]["figures"][0]["text"] for k, r in words.items()}
    else:
        texts = {k: rows_of(r.content.decode()) for k, r in words.items()}
    assert "0% (0 of 13 people)" in texts["own"]  # everyone Lena supports
    assert "0% (0 of 11 people)" in texts["theirs"]  # those at Riverbend, where Grace supervises
    assert client_as("counselor").get("/outcomes/support/").status_code == 200
    training.end_supervision(supervision=supervision)
    assert client_as("counselor").get(f"/outcomes/{path}/").status_code == 404
    assert client_as("counselor").get(f"/api/v1/outcomes/{path}").status_code == 404
    assert client_as("counselor").get("/outcomes/support/").status_code == 404


def test_staff_without_two_step_verification_are_sent_to_turn_it_on(cast, client_as) -> None:
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=cast["peer_specialist"].user).delete()
    response = client_as("peer_specialist").get("/outcomes/support/")
    assert response.status_code == 302 and response["Location"] == "/account/security/mfa-required/"
    assert client_as("peer_specialist").get("/api/v1/outcomes/support").status_code == 404


def test_a_sponsor_without_a_supporting_role_sees_their_own_figures(cast, client_as) -> None:
    maya, jordan = cast["member"].user, cast["member2"].user
    assert client_as("member").get("/outcomes/support/").status_code == 404
    relate(jordan, maya, days_ago=3)
    page = rows_of(client_as("member").get("/outcomes/support/").content.decode())
    assert f"Everyone you support {SUPPRESSED}" in page


# ---------------------------------------------------------------- by name, in fixed queries


@time_machine.travel(NOW, tick=False)
def test_supporters_are_listed_by_name_never_by_how_their_figures_look(cast, client_as) -> None:
    organization = riverbend()
    zed = supporter("Zed", "Ames", Role.MENTOR)
    abe = supporter("Abe", "Young", Role.PEER_SPECIALIST)
    for person in people(11):  # Zed's people all stay; Abe's all drift away
        relate(person, zed, days_ago=100)
    for person in people(11):
        open_record(person, abe, days_ago=100)
    body = client_as("org_admin").get(f"/api/v1/outcomes/support/programs/{organization.pk}").json()
    names = [row["supporter"]["display_name"] for row in body["supporters"]]
    assert names == ["Abe Y.", "Lena K.", "Sam W.", "Zed A."]
    assert [row["figures"][0]["percent"] for row in body["supporters"]] == [0, None, None, 100]


def build_program(lena: User, sam: User, count: int) -> None:
    """`count` people on Lena's caseload and as many mentored by Sam, sharing check-ins and
    assessments, each with check-ins, engagements and BARC-10 scores."""
    for person in people(count):
        record = open_record(person, lena, days_ago=100)
        engage(record, day=20)
        share(person, lena, "check_ins", "assessments")
        check_ins(person, 5)
        barc(person, 30, days_ago=90)
        barc(person, 35, days_ago=2)
    for person in people(count):
        relate(person, sam, days_ago=100)
        share(person, sam, "check_ins")
        check_ins(person, 3)


@time_machine.travel(NOW, tick=False)
def test_the_overview_takes_the_same_number_of_queries_however_many_people(
    cast, client_as, supervised
) -> None:
    lena, sam = cast["peer_specialist"].user, cast["mentor"].user
    client = client_as("org_admin")
    build_program(lena, sam, 11)
    client.get("/outcomes/support/")  # warm: sessions, caches
    with CaptureQueriesContext(connection) as few:
        page = client.get("/outcomes/support/")
    assert "100% (22 of 22 people)" in rows_of(page.content.decode())
    build_program(lena, sam, 11)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/outcomes/support/")
    assert "100% (44 of 44 people)" in rows_of(page.content.decode())
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_program_lists_every_active_peer_specialist_and_mentor(cast) -> None:
    organization = riverbend()
    Membership.objects.filter(user=cast["mentor"].user, organization=organization).update(
        is_active=False
    )
    names = [
        str(u.display_name) for u in support.program_supporters([organization])[organization.pk]
    ]
    assert names == ["Lena K."]


@time_machine.travel(NOW, tick=False)
def test_sharing_with_the_organizations_peer_specialists_counts_for_its_caseload(cast) -> None:
    lena = cast["peer_specialist"].user
    group = people(11)
    for person in group:
        open_record(person, lena if person != group[0] else None, days_ago=100)
        grant_access(
            member=person,
            grantee_organization=riverbend(),
            grantee_role=Role.PEER_SPECIALIST,
            scopes=["check_ins"],
            purpose="peer support",
            credential=Credential.for_setup(person),
        )
        check_ins(person, 15)

    program = support.program(riverbend())

    # Ten on Lena's caseload; the eleventh waits for a new peer specialist, and counts in the
    # whole program's regularity all the same.
    assert figures(program.total)[support.REGULARITY] == "50% of days (median of 11 people)"
    by_name = {str(r.group.supporter.display_name): figures(r) for r in program.supporters}
    assert by_name["Lena K."][support.REGULARITY] == SUPPRESSED
