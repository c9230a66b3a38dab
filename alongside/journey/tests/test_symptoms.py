"""Dual recovery: a daily symptom log beside the check-in (chosen symptoms, intensity 0–10, a mood
state), psychiatric medication shared only under the medication scope, warning signs of both
conditions in one plan, and the crisis lines at once after strong thoughts of self-harm."""

from __future__ import annotations

import datetime

import pytest

from alongside.accounts.models import Pathway
from alongside.accounts.sensitive import Credential
from alongside.journey import services, trends
from alongside.journey.models import (
    CheckIn,
    SymptomKind,
    SymptomLog,
    SymptomRating,
    TrackedSymptom,
    WarningCondition,
    WarningSign,
)
from alongside.notifications.models import InAppNotification
from alongside.privacy import services as privacy
from alongside.privacy.models import Scope
from alongside.privacy.scopes import DISCLOSURES
from alongside.testing.assertions import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def dra(member) -> dict[str, TrackedSymptom]:
    """Maya on the Dual Recovery Anonymous pathway, tracking anxiety, thoughts of self-harm and
    one symptom she named herself."""
    member.pathways = [Pathway.DRA]
    member.save(update_fields=["pathways"])
    services.choose_symptoms(
        member=member, is_enabled=False, kinds=["anxiety", "self_harm"], new_own="Pacing at night"
    )
    symptoms = {s.kind: s for s in services.symptom_setup(member).symptoms}
    return {
        "anxiety": symptoms["anxiety"],
        "self_harm": symptoms["self_harm"],
        "own": symptoms["own"],
    }


def _post(client, symptoms: dict[str, TrackedSymptom], **extra: object):
    data = {
        "mood": 3,
        "craving": 2,
        "note": "a long day at work",
        "mood_state": "down",
        "took_psychiatric_medication": "yes",
        f"symptom_{symptoms['anxiety'].pk}": 6,
        f"symptom_{symptoms['own'].pk}": 2,
    }
    data.update(extra)
    return client.post("/journey/check-in/", data)


def test_a_dual_recovery_member_logs_symptoms_and_psychiatric_medication_with_the_check_in(
    client_as, member, dra
) -> None:
    client = client_as("member")
    assert "Mental health today" in client.get("/journey/check-in/").content.decode()

    response = _post(client, dra)

    assert response.status_code == 302
    check_in = CheckIn.objects.get(member=member)
    assert check_in.took_psychiatric_medication is True
    log = SymptomLog.objects.get(member=member)
    assert log.mood_state == "down"
    assert {r.symptom.label: r.intensity for r in log.ratings.all()} == {
        "Anxiety": 6,
        "Pacing at night": 2,
    }
    page = client.get("/journey/check-in/").content.decode()
    assert "Anxiety 6" in page and "Pacing at night 2" in page and "Taken" in page


def test_members_not_in_dual_recovery_are_not_asked_until_they_turn_it_on(
    client_as, member
) -> None:
    client = client_as("member")
    assert "Mental health today" not in client.get("/journey/check-in/").content.decode()

    response = client.post(
        "/journey/check-in/symptoms/",
        {"is_enabled": "on", "kinds": ["low_mood", "trouble_sleeping"], "new_own": ""},
    )

    assert response.status_code == 302
    page = client.get("/journey/check-in/").content.decode()
    assert "Mental health today" in page and "Low mood (0–10)" in page
    assert "Trouble sleeping (0–10)" in page and "psychiatric medication" in page


def test_psychiatric_medication_is_not_recorded_for_members_not_in_dual_recovery(member) -> None:
    services.record_check_in(member=member, mood=3, craving=1, took_psychiatric_medication=True)
    assert CheckIn.objects.get(member=member).took_psychiatric_medication is None


@pytest.mark.parametrize("bad", ["11", "-1", "a lot"])
def test_an_intensity_outside_its_scale_is_a_clear_error_beside_the_field_and_nothing_is_lost(
    client_as, member, dra, bad
) -> None:
    client = client_as("member")

    response = _post(client, dra, **{f"symptom_{dra['anxiety'].pk}": bad})

    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_symptom_{dra["anxiety"].pk}_error"' in page
    assert "0 to 10" in page
    assert "a long day at work" in page  # the rest of the answers are kept
    assert f'name="symptom_{dra["own"].pk}" value="2"' in page
    assert not CheckIn.objects.exists() and not SymptomLog.objects.exists()


def test_the_service_refuses_an_intensity_outside_its_scale_and_saves_nothing(member, dra) -> None:
    with pytest.raises(services.SymptomError) as caught:
        services.record_symptom_log(member=member, intensities={dra["anxiety"].pk: 11})
    assert caught.value.field == f"symptom_{dra['anxiety'].pk}"
    assert not SymptomLog.objects.exists()


def test_a_symptom_another_member_tracks_cannot_be_rated(member, member2, dra) -> None:
    with pytest.raises(services.SymptomError) as caught:
        services.record_symptom_log(member=member2, intensities={dra["anxiety"].pk: 3})
    assert caught.value.field == "symptoms"
    assert not SymptomLog.objects.exists()


def test_todays_log_is_edited_in_place_and_a_blank_clears_a_rating(member, dra) -> None:
    assert services.record_symptom_log(
        member=member, mood_state="up", intensities={dra["anxiety"].pk: 4, dra["own"].pk: 1}
    )
    assert not services.record_symptom_log(
        member=member, intensities={dra["anxiety"].pk: 7, dra["own"].pk: None}
    )
    log = SymptomLog.objects.get()
    assert log.mood_state == "up"  # not named: kept
    assert [(r.symptom_id, r.intensity) for r in log.ratings.all()] == [(dra["anxiety"].pk, 7)]


def test_a_symptom_no_longer_tracked_keeps_the_days_that_rated_it(member, dra) -> None:
    services.record_symptom_log(member=member, intensities={dra["anxiety"].pk: 5})
    services.choose_symptoms(member=member, is_enabled=True, kinds=["self_harm"])
    live = {s.kind for s in services.symptom_setup(member).symptoms}
    assert live == {SymptomKind.SELF_HARM}
    assert SymptomRating.objects.get().intensity == 5


def test_strong_thoughts_of_self_harm_show_the_crisis_lines_and_the_safety_plan_at_once(
    client_as, cast, member, dra
) -> None:
    client = client_as("member")

    response = _post(client, dra, **{f"symptom_{dra['self_harm'].pk}": 8})

    assert response["Location"] == "/journey/check-in/support/"
    page = client.get(response["Location"]).content.decode()
    assert "crisis-lines" in page and "/journey/safety-plan/" in page
    assert "nobody else has been told" in page
    assert "crisis-lines" in client.get("/journey/check-in/").content.decode()
    # Nobody else is alarmed: sharing is by consent only.
    assert not InAppNotification.objects.exclude(user=member).exists()


def test_mild_thoughts_of_self_harm_do_not_interrupt_the_check_in(client_as, dra) -> None:
    response = _post(client_as("member"), dra, **{f"symptom_{dra['self_harm'].pk}": 2})
    assert response["Location"] == "/journey/check-in/"


def test_trends_chart_each_symptom_with_a_text_summary(client_as, member, dra) -> None:
    services.record_symptom_log(member=member, intensities={dra["anxiety"].pk: 6})
    page = client_as("member").get("/journey/trends/?days=7").content.decode()
    assert f'id="chart-symptom-{dra["anxiety"].pk}' in page
    assert "Anxiety: logged on 1 day; average 6.0 out of 10, highest 6." in page
    trend = client_as("member").get("/api/v1/check-ins/trends?days=7").json()
    anxiety = next(t for t in trend["symptoms"] if t["label"] == "Anxiety")
    assert (anxiety["logged_days"], anxiety["average"], anxiety["highest"]) == (1, 6.0, 6)


def test_the_psychiatric_medication_strip_counts_only_that_answer() -> None:
    today = datetime.date(2025, 3, 10)
    dates = [today - datetime.timedelta(days=n) for n in (3, 2, 1, 0)]
    found = {
        dates[0]: CheckIn(on=dates[0], took_psychiatric_medication=True, took_medication=False),
        dates[1]: CheckIn(on=dates[1], took_psychiatric_medication=False),
        dates[3]: CheckIn(on=dates[3], took_psychiatric_medication=True),
    }

    strip = trends.medication_strip(dates, found, trends.PSYCHIATRIC_MEDICATION)

    assert (strip.taken, strip.missed, strip.unknown) == (2, 1, 1)
    assert [m.status for m in strip.marks] == ["taken", "missed", "unknown", "taken"]
    assert strip.sentence == (
        "You took your psychiatric medication as prescribed on 2 of the 3 days you answered; "
        "missed 1; no answer on 1."
    )
    assert strip.title == "Psychiatric medication taken as prescribed, the last 4 days"
    one = trends.medication_strip(dates[:1], found, trends.PSYCHIATRIC_MEDICATION)
    assert "on 1 of the 1 day you answered" in one.sentence
    # The other question's strip reads its own answer from the same check-ins.
    other = trends.medication_strip(dates, found)
    assert (other.taken, other.missed, other.unknown) == (0, 1, 3)
    assert other.sentence.startswith("You took your medication on 0 of the 1 day you answered")


def test_trends_show_psychiatric_medication_once_a_dual_recovery_member_answers_it(
    client_as, member, dra
) -> None:
    client = client_as("member")
    services.record_check_in(member=member, mood=3, craving=2)
    assert "Psychiatric medication" not in text_of(client.get("/journey/trends/").content.decode())

    yesterday = member.local_today() - datetime.timedelta(days=1)
    services.record_check_in(
        member=member, on=yesterday, mood=3, craving=2, took_psychiatric_medication=False
    )
    services.record_check_in(member=member, mood=3, craving=2, took_psychiatric_medication=True)
    page = client.get("/journey/trends/?days=7").content.decode()

    section = text_of(
        page.split('<section aria-labelledby="h-psych-med">')[1].split("</section>")[0]
    )
    assert section.startswith(
        "Psychiatric medication You took your psychiatric medication as prescribed on 1 of the 2 "
        "days you answered; missed 1; no answer on 5."
    )
    assert "Psychiatric medication taken as prescribed, the last 7 days" in section
    assert "taken missed no answer" in section
    # Not on medication for substance use: no strip for that question.
    assert "Medication taken" not in page
    api = client.get("/api/v1/check-ins/trends?days=7").json()
    assert api["psychiatric_medication"] == {"taken": 1, "missed": 1, "unknown": 5}
    assert api["medication"] is None


def test_the_psychiatric_medication_strip_says_when_none_was_answered_in_the_period(
    client_as, member, dra
) -> None:
    long_ago = member.local_today() - datetime.timedelta(days=20)
    services.record_check_in(
        member=member, on=long_ago, mood=3, craving=2, took_psychiatric_medication=True
    )

    page = text_of(client_as("member").get("/journey/trends/?days=7").content.decode())

    assert (
        "Psychiatric medication You have not answered the psychiatric medication question in "
        "this period." in page
    )


def test_members_not_in_dual_recovery_see_no_psychiatric_medication_strip(
    client_as, member
) -> None:
    CheckIn.objects.create(member=member, on=member.local_today(), mood=3, craving=2)
    CheckIn.objects.filter(member=member).update(took_psychiatric_medication=True)

    page = client_as("member").get("/journey/trends/").content.decode()

    assert "Psychiatric medication" not in text_of(page)


def test_the_plan_keeps_warning_signs_of_both_conditions_for_dual_recovery(
    client_as, member, dra
) -> None:
    client = client_as("member")
    services.add_warning_sign(member=member, text="Driving past the old bar")

    response = client.post(
        "/journey/plan/mental-health-warning-signs/add/",
        {"mental-health-warning-signs-text": "Sleeping four hours or less"},
    )

    assert response.status_code == 302
    signs = {s.text: s.condition for s in WarningSign.objects.filter(member=member)}
    assert signs["Sleeping four hours or less"] == WarningCondition.MENTAL_HEALTH
    assert signs["Driving past the old bar"] == WarningCondition.SUBSTANCE_USE
    for url in ("/journey/plan/", "/journey/plan/edit/"):
        page = client.get(url).content.decode()
        assert "Warning signs of my mental-health condition" in page
        assert "Warning signs of my substance use" in page
        assert page.index("Driving past the old bar") < page.index("Sleeping four hours or less")


def test_members_not_in_dual_recovery_keep_one_list_of_warning_signs(client_as) -> None:
    page = client_as("member").get("/journey/plan/edit/").content.decode()
    assert "mental-health condition" not in page


def _grant(cast, member, scope: str) -> None:
    privacy.grant_access(
        member=member,
        grantee_user=cast["counselor"].user,
        scopes=[scope],
        purpose="care",
        credential=Credential.for_setup(member),
    )


def _log_a_day(member, dra) -> None:
    services.record_check_in(member=member, mood=3, craving=1, took_psychiatric_medication=False)
    services.record_symptom_log(
        member=member, mood_state="flat", intensities={dra["anxiety"].pk: 6}
    )


def test_a_check_ins_grantee_sees_the_symptom_log_but_not_the_psychiatric_medication(
    cast, client_as, member, dra
) -> None:
    _log_a_day(member, dra)
    _grant(cast, member, Scope.CHECK_INS)
    counselor = client_as("counselor")

    page = counselor.get(f"/journey/members/{member.pk}/check-ins/").content.decode()
    api = counselor.get(f"/api/v1/members/{member.pk}/symptom-logs").json()

    assert "Anxiety 6/10" in page and "Flat" in page
    assert "psychiatric" not in page.lower()
    assert api[0]["symptoms"] == [{"symptom": "Anxiety", "intensity": 6}]
    assert api[0]["mood_state"] == "flat"
    assert counselor.get(f"/journey/members/{member.pk}/medication/").status_code == 404


def test_a_medication_grantee_sees_the_psychiatric_medication_and_no_symptoms(
    cast, client_as, member, dra
) -> None:
    _log_a_day(member, dra)
    _grant(cast, member, Scope.MEDICATION)
    counselor = client_as("counselor")

    api = counselor.get(f"/api/v1/members/{member.pk}/medication").json()

    assert api["medication"][0]["took_psychiatric_medication"] is False
    assert counselor.get(f"/journey/members/{member.pk}/check-ins/").status_code == 404
    assert counselor.get(f"/api/v1/members/{member.pk}/symptom-logs").status_code == 404


def test_someone_without_the_check_ins_scope_sees_nothing_of_the_symptom_log(
    client_as, member, dra
) -> None:
    _log_a_day(member, dra)
    for persona in ("mentor", "counselor", "member2"):
        client = client_as(persona)
        assert client.get(f"/journey/members/{member.pk}/check-ins/").status_code == 404
        assert client.get(f"/api/v1/members/{member.pk}/symptom-logs").status_code == 404


def test_the_consent_screen_names_the_symptom_log_under_daily_check_ins() -> None:
    words = DISCLOSURES[Scope.CHECK_INS].words()
    assert "Symptoms you log" in words and "how strong it was, 0 to 10" in words
    assert "psychiatric medication" in DISCLOSURES[Scope.MEDICATION].words()


def test_the_api_reads_and_writes_the_symptom_log(client_as, member, dra) -> None:
    client = client_as("member")

    created = client.post(
        "/api/v1/symptom-logs",
        {"mood_state": "mixed", "symptoms": [{"symptom": dra["anxiety"].pk, "intensity": 3}]},
        content_type="application/json",
    )

    assert created.status_code == 201
    assert created.json()["symptoms"] == [
        {"symptom_id": dra["anxiety"].pk, "symptom": "Anxiety", "intensity": 3}
    ]
    listed = client.get("/api/v1/symptom-logs").json()
    assert [(log["mood_state"], log["is_late"]) for log in listed] == [("mixed", False)]
    setup = client.get("/api/v1/symptoms").json()
    assert setup["is_offered"] and {s["label"] for s in setup["symptoms"]} == {
        "Anxiety",
        "Thoughts of self-harm",
        "Pacing at night",
    }


@pytest.mark.parametrize("intensity", [11, -1, "lots"])
def test_the_api_refuses_an_intensity_outside_its_scale(client_as, dra, intensity) -> None:
    response = client_as("member").post(
        "/api/v1/symptom-logs",
        {"symptoms": [{"symptom": dra["anxiety"].pk, "intensity": intensity}]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"].endswith("intensity")
    assert not SymptomLog.objects.exists()


def test_the_api_refuses_a_symptom_the_member_does_not_track(client_as, member2, dra) -> None:
    services.choose_symptoms(member=member2, is_enabled=True, kinds=["anxiety"])
    theirs = services.symptom_setup(member2).symptoms[0]

    response = client_as("member").post(
        "/api/v1/symptom-logs",
        {"symptoms": [{"symptom": theirs.pk, "intensity": 4}]},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == [
        {"field": "symptoms", "message": "That symptom is not one you track."}
    ]


def test_a_past_days_log_is_added_once_and_marked_late(member, dra) -> None:
    yesterday = member.local_today() - datetime.timedelta(days=1)
    services.record_symptom_log(member=member, on=yesterday, intensities={dra["anxiety"].pk: 2})
    with pytest.raises(services.SymptomError):
        services.record_symptom_log(member=member, on=yesterday, intensities={dra["own"].pk: 2})
    assert SymptomLog.objects.get().is_late


def test_export_holds_the_symptom_log_and_erasure_removes_it(member, dra) -> None:
    services.record_symptom_log(member=member, mood_state="down", intensities={dra["own"].pk: 4})

    data = privacy.collect_member_data(member)

    assert data["sections"]["symptom_logs"][0]["symptoms"] == [
        {"symptom": "Pacing at night", "intensity": 4}
    ]
    assert {s["name"] for s in data["sections"]["tracked_symptoms"]} >= {"Pacing at night"}
    privacy.erase_member(member=member, credential=Credential.for_setup(member))
    assert not SymptomLog.objects.exists() and not TrackedSymptom.objects.exists()
    assert not SymptomRating.objects.exists()


def test_the_api_adds_and_lists_warning_signs_of_either_condition(client_as, dra) -> None:
    client = client_as("member")

    added = client.post(
        "/api/v1/relapse-prevention-plan/warning-signs",
        {"text": "Hearing the radio talk to me", "condition": "mental_health"},
        content_type="application/json",
    )
    plain = client.post(
        "/api/v1/relapse-prevention-plan/warning-signs",
        {"text": "Keeping cash on me"},
        content_type="application/json",
    )

    assert added.status_code == plain.status_code == 201
    listed = client.get("/api/v1/relapse-prevention-plan").json()["warning_signs"]
    assert [(s["text"], s["condition"]) for s in listed] == [
        ("Hearing the radio talk to me", "mental_health"),
        ("Keeping cash on me", "substance_use"),
    ]
