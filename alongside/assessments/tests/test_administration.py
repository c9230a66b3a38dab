"""Completing instruments: on one's own or with staff, stored raw and scored, never changed."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator

from alongside.accounts.sensitive import Credential
from alongside.assessments import services
from alongside.assessments.models import Administration, Mode
from alongside.lib.instruments import AnswersInvalid
from alongside.privacy.models import AccessLogEntry, Scope
from alongside.privacy.services import grant_access, revoke_grant

pytestmark = pytest.mark.django_db

BARC = {"1": 5, "2": 4, "3": 4, "4": 4, "5": 4, "6": 5, "7": 5, "8": 6, "9": 5, "10": 5}  # 47
BAM_FORM = {
    "item_1": "1",
    "item_2": "4",
    "item_3": "2",
    "item_4": "0",
    "item_5": "",
    "item_6": "0",
    "item_8": "1",
    "item_9": "3",
    "item_10": "16",
    "item_11": "1",
    "item_12": "3",
    "item_13": "20",
    "item_14": "yes",
    "item_15": "1",
    "item_16": "26",
    "item_17": "3",
}


def share(cast, who: str = "counselor"):
    return grant_access(
        member=cast["member"].user,
        grantee_user=cast[who].user,
        scopes=[Scope.ASSESSMENTS],
        purpose="care",
        credential=Credential.for_setup(cast["member"].user),
    )


def test_member_completes_the_barc10_and_sees_the_score_as_a_strength(cast, client_as) -> None:
    client = client_as("member")
    form = {f"item_{k}": str(v) for k, v in BARC.items()}
    response = client.post("/assessments/take/barc10/", form)
    administration = Administration.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/assessments/results/{administration.pk}/"
    )
    assert (administration.mode, administration.total, administration.administered_by) == (
        Mode.SELF,
        47,
        None,
    )
    assert administration.answers == BARC
    page = client.get(response["Location"]).content.decode()
    assert "A strength:" in page and "not a diagnosis" in page
    assert "47" in page


def test_the_bam_form_skips_5_and_7_and_shows_subscales_without_a_total(cast, client_as) -> None:
    client = client_as("member")
    response = client.post("/assessments/take/bam/", BAM_FORM)
    administration = Administration.objects.get()
    assert response.status_code == 302
    assert administration.total is None
    assert [s["score"] for s in administration.result["subscales"]] == [
        0,
        1 + 2 + 1 + 1 + 1 + 1,
        3 + 4 + 3 + 4 + 4 + 4,
    ]
    assert set(administration.result["skipped"]) == {"5", "7a", "7b", "7c", "7d", "7e", "7f", "7g"}
    page = client.get(response["Location"]).content.decode()
    assert "Protective factors" in page and "No total score is shown" in page


def test_a_form_with_missing_and_out_of_range_answers_names_each_item_and_keeps_the_rest(
    cast, client_as
) -> None:
    form = {**BAM_FORM, "item_2": "31", "item_17": "", "item_5": "3"}
    response = client_as("member").post("/assessments/take/bam/", form)
    page = response.content.decode()
    assert response.status_code == 422
    assert "Item 2: enter a number of days from 0 to 30." in page
    assert "Item 17 needs an answer." in page
    assert "Item 5 is skipped when item 4 is 0; leave it empty." in page
    assert 'href="#item-2"' in page  # the summary links to the item
    assert 'value="16"' in page  # what was typed is kept
    assert not Administration.objects.exists()


def test_a_submitted_administration_cannot_be_changed(cast) -> None:
    administration = services.submit_administration(
        member=cast["member"].user, instrument="barc10", answers=BARC
    )
    administration.result = {**administration.result, "total": 60}
    with pytest.raises(PermissionError):
        administration.save()
    with pytest.raises(PermissionError):
        Administration.objects.filter(pk=administration.pk).update(result={"total": 60})
    administration.refresh_from_db()
    assert administration.total == 47


def test_a_correction_is_a_new_administration_that_references_the_old_one(cast, client_as) -> None:
    member = cast["member"].user
    original = services.submit_administration(member=member, instrument="barc10", answers=BARC)
    client = client_as("member")
    page = client.get(f"/assessments/results/{original.pk}/correct/").content.decode()
    assert (
        '<input type="radio" name="item_8" value="6" id="id_item_8_5" checked>' in page
    )  # the old answers
    form = {
        **{f"item_{k}": str(v) for k, v in BARC.items()},
        "item_8": "1",
        "correction_reason": "I misread item 8",
    }
    response = client.post(f"/assessments/results/{original.pk}/correct/", form)
    correction = Administration.objects.exclude(pk=original.pk).get()
    assert response["Location"] == f"/assessments/results/{correction.pk}/"
    assert (correction.corrects, correction.total, correction.taken_at) == (
        original,
        42,
        original.taken_at,
    )
    assert correction.correction_reason == "I misread item 8"
    original.refresh_from_db()
    assert original.total == 47  # kept as it was
    assert list(Administration.objects.current()) == [correction]
    assert (
        "This result was corrected."
        in client.get(f"/assessments/results/{original.pk}/").content.decode()
    )


def test_a_result_can_be_corrected_only_once_and_only_with_a_reason(cast) -> None:
    member = cast["member"].user
    original = services.submit_administration(member=member, instrument="barc10", answers=BARC)
    with pytest.raises(services.AssessmentError, match="what is being corrected"):
        services.submit_administration(
            member=member, instrument="barc10", answers=BARC, corrects=original
        )
    services.submit_administration(
        member=member,
        instrument="barc10",
        answers=BARC,
        corrects=original,
        correction_reason="typo",
    )
    with pytest.raises(services.AssessmentError, match="already corrected"):
        services.submit_administration(
            member=member,
            instrument="barc10",
            answers=BARC,
            corrects=original,
            correction_reason="again",
        )


def test_nothing_is_stored_when_answers_are_incomplete(cast) -> None:
    with pytest.raises(AnswersInvalid):
        services.submit_administration(
            member=cast["member"].user, instrument="barc10", answers={"1": 3}
        )
    assert not Administration.objects.exists()


def test_staff_complete_an_instrument_with_the_member_only_with_consent(cast, client_as) -> None:
    member = cast["member"].user
    counselor = cast["counselor"].user
    url = f"/assessments/members/{member.pk}/administer/barc10/"
    form = {f"item_{k}": str(v) for k, v in BARC.items()}
    client = client_as("counselor")
    assert client.get(url).status_code == 404  # deny
    assert client.post(url, form).status_code == 404
    grant = share(cast)  # grant
    page = client.get(url).content.decode()
    assert "Maya O. is completing this with you." in page
    response = client.post(url, form)  # succeed
    administration = Administration.objects.get()
    assert response.status_code == 302
    assert (administration.member, administration.mode, administration.administered_by) == (
        member,
        Mode.WITH_STAFF,
        counselor,
    )
    write = AccessLogEntry.objects.get(action="write", record_type="assessments.administration")
    assert (write.actor, write.grant, write.record_id) == (counselor, grant, str(administration.pk))
    assert (
        "completed with Grace C."
        in client_as("member").get(f"/assessments/results/{administration.pk}/").content.decode()
    )
    revoke_grant(grant=grant, by=member, credential=Credential.for_setup(member))
    assert client.post(url, form).status_code == 404
    assert Administration.objects.count() == 1


def test_staff_without_mfa_cannot_administer_even_with_consent(cast, client_as) -> None:
    share(cast)
    Authenticator.objects.filter(user=cast["counselor"].user).delete()
    member = cast["member"].user
    response = client_as("counselor").get(f"/assessments/members/{member.pk}/administer/barc10/")
    assert response.status_code == 302 and response["Location"] == "/account/security/mfa-required/"
    api = client_as("counselor").post(
        f"/api/v1/members/{member.pk}/assessments",
        {"instrument": "barc10", "answers": BARC},
        content_type="application/json",
    )
    assert api.status_code == 404
    assert not Administration.objects.exists()


def test_a_supporter_who_is_not_staff_may_read_but_not_administer(cast, client_as) -> None:
    share(cast, "mentor")
    member = cast["member"].user
    client = client_as("mentor")
    assert client.get(f"/assessments/members/{member.pk}/").status_code == 200
    assert client.get(f"/assessments/members/{member.pk}/administer/barc10/").status_code == 403


def test_the_instrument_page_says_what_is_unverified(cast, client_as) -> None:
    page = client_as("member").get("/assessments/instruments/auditc/").content.decode()
    assert "Unverified:" in page and "product choice" in page
    dast = client_as("member").get("/assessments/instruments/dast10/").content.decode()
    assert "Unverified:" in dast and "paraphrase" in dast
    assert "Skinner" in dast


def test_the_take_page_renders_each_item_as_an_accessible_group(cast, client_as) -> None:
    page = client_as("member").get("/assessments/take/phq9/").content.decode()
    assert page.count('<fieldset class="item') == 10
    assert (
        '<legend><span class="item-number">9.</span> Thoughts that you would be better off dead'
        in page
    )
    assert 'for="id_item_9_1"' in page
    bam = client_as("member").get("/assessments/take/bam/").content.decode()
    assert 'data-skip-controller="id_item_4" data-skip-value="0"' in bam
    assert "Skip this if your answer to question 4 was 0." in bam
