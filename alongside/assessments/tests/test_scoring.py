"""Scoring, instrument by instrument, exactly as the research notes (instruments.md §1–3) say:
minimum, maximum, each cut-off and one below it, every skip path, every rejection."""

from __future__ import annotations

import itertools

import pytest

from alongside.lib.instruments import AnswersInvalid, Evidence, FlagKind, get, score

BARC10, BAM, PHQ9, GAD7, AUDITC, DAST10, READINESS = (
    get(k) for k in ("barc10", "bam", "phq9", "gad7", "auditc", "dast10", "readiness")
)


def spread(total: int, keys: list[str], top: int) -> dict[str, int]:
    """Answers for `keys` that sum to `total`, each at most `top` (filled from the first)."""
    answers = {}
    for key in keys:
        answers[key] = min(top, total)
        total -= answers[key]
    assert total == 0, "total out of reach"
    return answers


def rejected(instrument, answers) -> dict:
    with pytest.raises(AnswersInvalid) as caught:
        score(instrument, answers)
    return caught.value.by_item()


# ------------------------------------------------------------------ BARC-10

BARC_KEYS = [str(n) for n in range(1, 11)]


def barc(values: list[int]) -> dict[str, int]:
    return dict(zip(BARC_KEYS, values, strict=True))


@pytest.mark.parametrize(
    ("values", "total", "strength"),
    [
        ([1] * 10, 10, False),  # minimum
        ([6] * 10, 60, True),  # maximum
        ([5] * 7 + [4] * 3, 47, True),  # the cut-off
        ([5] * 6 + [4] * 4, 46, False),  # one below
        ([1, 2, 3, 4, 5, 6, 1, 2, 3, 4], 31, False),  # a plain sum, nothing reversed
    ],
)
def test_barc10_is_the_plain_sum_with_47_as_a_strength(values, total, strength) -> None:
    result = score(BARC10, barc(values))
    assert result.total == total
    assert result.has_flag("barc10_strength") is strength
    assert result.band is None and result.subscales == ()
    if strength:
        assert result.flags[0].kind == FlagKind.STRENGTH
        assert "not a diagnosis" in result.flags[0].label


@pytest.mark.parametrize(
    ("change", "item", "code"),
    [
        ({"3": None}, "3", "missing"),
        ({"10": ""}, "10", "missing"),
        ({"1": 0}, "1", "not_an_option"),  # the scale is 1–6, not 0–6
        ({"2": 7}, "2", "not_an_option"),
        ({"4": 4.5}, "4", "not_an_option"),
        ({"5": "a lot"}, "5", "not_an_option"),
        ({"6": True}, "6", "not_an_option"),
        ({"11": 3}, "11", "unknown_item"),
    ],
)
def test_barc10_rejects_incomplete_or_out_of_range_answers_naming_the_item(
    change, item, code
) -> None:
    answers = {**barc([4] * 10), **change}
    errors = rejected(BARC10, answers)
    assert set(errors) == {item}
    assert errors[item].code == code
    assert item in errors[item].message


def test_barc10_is_not_prorated_from_nine_answers() -> None:
    answers = barc([6] * 10)
    del answers["7"]
    assert list(rejected(BARC10, answers)) == ["7"]


def test_numbers_sent_as_text_are_read_as_numbers() -> None:
    assert score(BARC10, {k: str(v) for k, v in barc([3] * 10).items()}).total == 30


# ------------------------------------------------------------------ BAM


def bam(**changes: object) -> dict[str, object]:
    """A BAM with no use (4 and 6 are 0, so 5 and 7A–7G are skipped) and middling answers."""
    answers: dict[str, object] = {
        "1": 2,
        "2": 0,
        "3": 0,
        "4": 0,
        "6": 0,
        "8": 0,
        "9": 2,
        "10": 0,
        "11": 0,
        "12": 2,
        "13": 0,
        "14": "yes",
        "15": 0,
        "16": 0,
        "17": 2,
    }
    for key, value in changes.items():
        key = key.removeprefix("i")
        if value is ...:
            answers.pop(key, None)
        else:
            answers[key] = value
    return answers


def sub(result, key: str) -> int:
    return next(s.score for s in result.subscales if s.key == key)


DRUGS = ["7a", "7b", "7c", "7d", "7e", "7f", "7g"]


def test_bam_minimum_maximum_and_no_total() -> None:
    low = score(BAM, bam(i1=0, i9=0, i12=0, i14="no", i17=0))
    assert (sub(low, "use"), sub(low, "risk"), sub(low, "protective")) == (0, 0, 0)
    assert low.total is None and low.total_range is None
    high = score(
        BAM,
        bam(
            i1=4,
            i2=30,
            i3=30,
            i4=30,
            i5=30,
            i6=30,
            **{k: 30 for k in DRUGS},
            i8=4,
            i9=4,
            i10=30,
            i11=30,
            i12=4,
            i13=30,
            i14="yes",
            i15=4,
            i16=30,
            i17=4,
        ),
    )
    assert (sub(high, "use"), sub(high, "risk"), sub(high, "protective")) == (12, 24, 24)
    assert high.total is None


@pytest.mark.parametrize(
    ("days", "code"),
    [(0, 0), (1, 1), (3, 1), (4, 2), (8, 2), (9, 3), (15, 3), (16, 4), (30, 4)],
)
def test_bam_day_counts_become_codes_at_the_published_bin_edges(days, code) -> None:
    result = score(BAM, bam(i2=days))
    assert result.item_scores["2"] == code
    assert sub(result, "risk") == 2 + code  # item 1 (good health) is 2


@pytest.mark.parametrize(
    ("category", "code"),
    [("0", 0), ("1-3", 1), ("4-8", 2), ("9-15", 3), ("16-30", 4), ("4–8", 2), (" 9 - 15 ", 3)],
)
def test_bam_days_may_be_given_as_the_paper_forms_categories(category, code) -> None:
    result = score(BAM, bam(i2=category))
    assert result.item_scores["2"] == code


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"4": "1-3", "5": "1-3"}, None),
        ({"4": "1-3", "5": 3}, None),
        ({"4": "1-3", "5": "4-8"}, ("5", "more_than")),
        ({"4": 2, "5": "1-3"}, None),  # same bin: cannot tell, so accepted
        ({"2": "1-4"}, ("2", "not_days")),
        ({"5": "1-3"}, ("5", "skipped_answered")),  # 4 is 0
    ],
)
def test_bam_categories_follow_the_same_skip_and_consistency_rules(changes, error) -> None:
    if error is None:
        score(BAM, bam(**changes))
        return
    errors = rejected(BAM, bam(**changes))
    assert {k: e.code for k, e in errors.items()} == {error[0]: error[1]}


@pytest.mark.parametrize(
    ("item", "value", "code"),
    [("1", 0, 0), ("1", 4, 4), ("8", 3, 3), ("14", "no", 0), ("14", "yes", 4)],
)
def test_bam_rating_and_yes_no_codes(item, value, code) -> None:
    assert score(BAM, bam(**{item: value})).item_scores[item] == code


@pytest.mark.parametrize(
    ("changes", "use", "skipped"),
    [
        ({}, 0, {"5", *DRUGS}),  # 4 = 0 and 6 = 0: both skips
        ({"5": 0}, 0, {"5", *DRUGS}),  # a skipped item answered 0 is accepted, still skipped
        ({"4": 5, "5": 2}, 2 + 1, set(DRUGS)),  # 4 answered: 5 is asked
        ({"6": 10, **{k: 0 for k in DRUGS}, "7a": 10}, 3, {"5"}),  # 6 answered: 7A–7G asked
        ({"4": 20, "5": 16, "6": 20, **{k: 20 for k in DRUGS}}, 12, set()),  # nothing skipped
    ],
)
def test_bam_skip_logic_paths(changes, use, skipped) -> None:
    result = score(BAM, bam(**changes))
    assert sub(result, "use") == use
    assert set(result.skipped) == skipped
    for key in skipped & {"5"}:
        assert result.item_scores[key] == 0  # skipped items score 0


def test_bam_items_7a_to_7g_and_17_are_in_no_score() -> None:
    few = score(BAM, bam(i6=30, **{k: 0 for k in DRUGS}, i17=0))
    many = score(BAM, bam(i6=30, **{k: 30 for k in DRUGS}, i17=4))
    assert [s.score for s in few.subscales] == [s.score for s in many.subscales]
    assert not set(DRUGS) & set(many.item_scores)


@pytest.mark.parametrize(
    ("changes", "flag", "raised"),
    [
        ({"4": 1, "5": 0}, "bam_use", True),  # Use 1: any use
        ({}, "bam_use", False),  # Use 0
        ({"1": 4, "2": 30, "3": 30}, "bam_risk", True),  # Risk 12
        ({"1": 3, "2": 30, "3": 30}, "bam_risk", False),  # Risk 11
        ({"9": 4, "12": 4, "10": 16}, "bam_protective_low", True),  # Protective 12: low
        ({"9": 4, "12": 4, "10": 16, "13": 1}, "bam_protective_low", False),  # Protective 13
    ],
)
def test_bam_subscale_cut_offs_and_one_past_them(changes, flag, raised) -> None:
    base = {"14": "no"}
    result = score(BAM, bam(**{**base, **changes}))
    assert result.has_flag(flag) is raised


@pytest.mark.parametrize(
    ("changes", "item", "code"),
    [
        ({"2": ...}, "2", "missing"),
        ({"2": 31}, "2", "not_days"),
        ({"3": -1}, "3", "not_days"),
        ({"10": "five"}, "10", "not_days"),
        ({"11": 2.5}, "11", "not_days"),
        ({"1": 5}, "1", "not_an_option"),
        ({"14": "maybe"}, "14", "not_an_option"),
        ({"5": 3}, "5", "skipped_answered"),  # 4 is 0
        ({"7c": 2}, "7c", "skipped_answered"),  # 6 is 0
        ({"4": 3}, "5", "missing"),  # 4 answered, 5 left out
        ({"4": 3, "5": 4}, "5", "more_than"),  # more heavy-drinking days than drinking days
        ({"6": 2, **{k: 0 for k in DRUGS}, "7e": 3}, "7e", "more_than"),
        ({"17": ...}, "17", "missing"),
    ],
)
def test_bam_rejections_name_the_item(changes, item, code) -> None:
    errors = rejected(BAM, bam(**changes))
    assert set(errors) == {item}
    assert errors[item].code == code


def test_bam_drug_items_are_each_required_when_item_6_is_above_zero() -> None:
    errors = rejected(BAM, bam(i6=4))
    assert set(errors) == set(DRUGS)


def test_bam_missing_controller_is_the_only_error_reported() -> None:
    assert set(rejected(BAM, bam(i4=...))) == {"4"}


# ------------------------------------------------------------------ PHQ-9

PHQ_FIRST_EIGHT = [str(n) for n in range(1, 9)]


def phq(total: int, item9: int = 0, **extra: object) -> dict[str, object]:
    return {**spread(total - item9, PHQ_FIRST_EIGHT, 3), "9": item9, **extra}


@pytest.mark.parametrize(
    ("total", "band", "cutoff"),
    [
        (0, "minimal", False),
        (4, "minimal", False),
        (5, "mild", False),
        (9, "mild", False),
        (10, "moderate", True),
        (14, "moderate", True),
        (15, "moderately_severe", True),
        (19, "moderately_severe", True),
        (20, "severe", True),
        (24, "severe", True),
    ],
)
def test_phq9_total_and_band_at_each_edge(total, band, cutoff) -> None:
    result = score(PHQ9, phq(total))
    assert result.total == total
    assert result.band.key == band
    assert result.has_flag("phq9_cutoff") is cutoff
    assert not result.has_flag("phq9_item9")


def test_phq9_maximum() -> None:
    result = score(PHQ9, phq(27, item9=3))
    assert (result.total, result.band.key) == (27, "severe")


@pytest.mark.parametrize(("item9", "flagged"), [(0, False), (1, True), (2, True), (3, True)])
def test_phq9_item_9_above_not_at_all_is_flagged_whatever_the_total(item9, flagged) -> None:
    result = score(PHQ9, phq(item9, item9=item9))  # every point from item 9: minimal band
    assert result.band.key == "minimal"
    assert result.has_flag("phq9_item9") is flagged
    assert result.needs_safety_follow_up is flagged
    if flagged:
        assert result.flags[0].key == "phq9_item9" and result.flags[0].kind == FlagKind.SAFETY


def test_phq9_a_severe_total_without_item_9_raises_no_safety_flag() -> None:
    result = score(PHQ9, phq(24))
    assert result.band.key == "severe" and not result.needs_safety_follow_up


@pytest.mark.parametrize("difficulty", [None, 0, 3])
def test_phq9_optional_difficulty_question_is_recorded_but_not_scored(difficulty) -> None:
    answers = phq(6) if difficulty is None else phq(6, **{"10": difficulty})
    result = score(PHQ9, answers)
    assert result.total == 6 and "10" not in result.item_scores
    assert result.answers.get("10") == difficulty


@pytest.mark.parametrize(
    ("changes", "item", "code"),
    [
        ({"9": None}, "9", "missing"),
        ({"1": 4}, "1", "not_an_option"),
        ({"2": -1}, "2", "not_an_option"),
        ({"10": 4}, "10", "not_an_option"),
        ({"0": 1}, "0", "unknown_item"),
    ],
)
def test_phq9_rejections_name_the_item(changes, item, code) -> None:
    errors = rejected(PHQ9, {**phq(5), **changes})
    assert set(errors) == {item} and errors[item].code == code


# ------------------------------------------------------------------ GAD-7

GAD_KEYS = [str(n) for n in range(1, 8)]


@pytest.mark.parametrize(
    ("total", "band", "cutoff"),
    [
        (0, "minimal", False),
        (4, "minimal", False),
        (5, "mild", False),
        (9, "mild", False),
        (10, "moderate", True),
        (14, "moderate", True),
        (15, "severe", True),
        (21, "severe", True),
    ],
)
def test_gad7_total_and_band_at_each_edge(total, band, cutoff) -> None:
    result = score(GAD7, spread(total, GAD_KEYS, 3))
    assert (result.total, result.band.key) == (total, band)
    assert result.has_flag("gad7_cutoff") is cutoff


@pytest.mark.parametrize(
    ("changes", "item", "code"),
    [
        ({"7": None}, "7", "missing"),
        ({"3": 4}, "3", "not_an_option"),
        ({"8": 0}, "8", "unknown_item"),
    ],
)
def test_gad7_rejections_name_the_item(changes, item, code) -> None:
    errors = rejected(GAD7, {**spread(5, GAD_KEYS, 3), **changes})
    assert set(errors) == {item} and errors[item].code == code


# ------------------------------------------------------------------ AUDIT-C


@pytest.mark.parametrize(
    ("q", "sex", "total", "positive"),
    [
        ((0, 0, 0), "male", 0, False),  # minimum
        ((4, 4, 4), "female", 12, True),  # maximum
        ((1, 1, 1), "male", 3, False),  # one below the men's cut-off
        ((2, 1, 1), "male", 4, True),  # the men's cut-off
        ((1, 1, 0), "female", 2, False),  # one below the women's cut-off
        ((1, 1, 1), "female", 3, True),  # the women's cut-off
        ((1, 1, 0), "unspecified", 2, False),  # non-binary / not given: the lower cut-off
        ((1, 1, 1), "unspecified", 3, True),
        ((1, 1, 1), None, 3, True),  # sex left out: unspecified, so 3
        ((1, 0, 1), None, 2, False),
    ],
)
def test_auditc_total_and_sex_specific_positive_screen(q, sex, total, positive) -> None:
    answers: dict[str, object] = {"1": q[0], "2": q[1], "3": q[2]}
    if sex is not None:
        answers["sex"] = sex
    result = score(AUDITC, answers)
    assert result.total == total
    assert result.has_flag("auditc_positive") is positive
    assert result.answers["sex"] == (sex or "unspecified")


def test_auditc_lower_cut_off_for_unspecified_sex_is_marked_unverified() -> None:
    flag = score(AUDITC, {"1": 1, "2": 1, "3": 1}).flags[0]
    assert flag.evidence == Evidence.UNVERIFIED
    assert "product choice" in flag.label


@pytest.mark.parametrize(
    ("q", "sex", "noted"),
    [
        ((4, 0, 0), "male", True),  # positive, every point from question 1
        ((3, 0, 0), "female", True),
        ((2, 1, 0), "female", False),  # points from question 2 too
        ((2, 0, 0), "female", False),  # not positive
        ((3, 0, 0), "male", False),
    ],
)
def test_auditc_notes_a_positive_screen_from_question_1_alone(q, sex, noted) -> None:
    result = score(AUDITC, {"1": q[0], "2": q[1], "3": q[2], "sex": sex})
    assert bool(result.notes) is noted
    if noted:
        assert result.has_flag("auditc_positive")  # the score-based positive stands
        assert result.notes[0].evidence == Evidence.UNVERIFIED


@pytest.mark.parametrize(
    ("changes", "item", "code"),
    [
        ({"3": None}, "3", "missing"),
        ({"2": 5}, "2", "not_an_option"),
        ({"1": -1}, "1", "not_an_option"),
        ({"sex": "other"}, "sex", "not_an_option"),
    ],
)
def test_auditc_rejections_name_the_item(changes, item, code) -> None:
    errors = rejected(AUDITC, {"1": 1, "2": 1, "3": 1, **changes})
    assert set(errors) == {item} and errors[item].code == code


# ------------------------------------------------------------------ DAST-10

DAST_KEYS = [str(n) for n in range(1, 11)]


def dast(yes: set[int]) -> dict[str, str]:
    return {str(n): "yes" if n in yes else "no" for n in range(1, 11)}


@pytest.mark.parametrize(
    ("yes", "total", "band"),
    [
        ({3}, 0, "none"),  # minimum: "yes, I can always stop" scores 0
        (set(range(1, 11)) - {3}, 10, "severe"),  # maximum
        (set(), 1, "low"),  # every answer "no" scores 1 (item 3)
        (set(range(1, 11)), 9, "severe"),  # every answer "yes" scores 9
        ({1, 3}, 1, "low"),
        ({1, 2, 3}, 2, "low"),  # one below moderate
        ({1, 2}, 3, "moderate"),
        ({1, 2, 4, 5, 6, 3}, 5, "moderate"),  # one below substantial
        ({1, 2, 4, 5, 6}, 6, "substantial"),
        ({1, 2, 4, 5, 6, 7, 8, 9, 3}, 8, "substantial"),  # one below severe
        ({1, 2, 4, 5, 6, 7, 8, 9}, 9, "severe"),
    ],
)
def test_dast10_counts_yes_except_item_3_where_no_scores(yes, total, band) -> None:
    result = score(DAST10, dast(yes))
    assert (result.total, result.band.key) == (total, band)


def test_dast10_item_3_is_reverse_coded() -> None:
    assert score(DAST10, dast({3})).item_scores["3"] == 0
    assert score(DAST10, dast(set())).item_scores["3"] == 1
    assert score(DAST10, dast({1})).item_scores["1"] == 1


def test_dast10_accepts_true_and_false_for_yes_and_no() -> None:
    answers = {str(n): n in {1, 2} for n in range(1, 11)}
    assert score(DAST10, answers).total == 3


@pytest.mark.parametrize(
    ("changes", "item", "code"),
    [
        ({"3": None}, "3", "missing"),
        ({"5": "maybe"}, "5", "not_an_option"),
        ({"1": 1}, "1", "not_an_option"),
    ],
)
def test_dast10_rejections_name_the_item(changes, item, code) -> None:
    errors = rejected(DAST10, {**dast(set()), **changes})
    assert set(errors) == {item} and errors[item].code == code


# ------------------------------------------------------------------ readiness ruler


@pytest.mark.parametrize("value", range(11))
def test_readiness_ruler_is_stored_raw_with_no_stage(value) -> None:
    result = score(READINESS, {"readiness": value})
    assert result.total == value
    assert result.band is None and result.flags == ()
    assert result.answers == {"readiness": value}


@pytest.mark.parametrize(
    ("value", "code"), [(11, "not_an_option"), (-1, "not_an_option"), (None, "missing")]
)
def test_readiness_ruler_rejects_values_outside_0_to_10(value, code) -> None:
    assert rejected(READINESS, {"readiness": value})["readiness"].code == code


# ------------------------------------------------------------------ every combination


def test_auditc_every_answer_combination_against_the_rule_as_written() -> None:
    thresholds = {"male": 4, "female": 3, "unspecified": 3}
    for q1, q2, q3 in itertools.product(range(5), repeat=3):
        for sex, threshold in thresholds.items():
            result = score(AUDITC, {"1": q1, "2": q2, "3": q3, "sex": sex})
            assert result.total == q1 + q2 + q3
            assert result.has_flag("auditc_positive") is (q1 + q2 + q3 >= threshold)


def test_dast10_every_answer_combination_against_the_rule_as_written() -> None:
    bands = {
        0: "none",
        1: "low",
        2: "low",
        3: "moderate",
        4: "moderate",
        5: "moderate",
        6: "substantial",
        7: "substantial",
        8: "substantial",
        9: "severe",
        10: "severe",
    }
    for answers in itertools.product(["no", "yes"], repeat=10):
        expected = sum(a == "yes" for n, a in enumerate(answers, 1) if n != 3) + (
            answers[2] == "no"
        )
        result = score(DAST10, dict(zip(DAST_KEYS, answers, strict=True)))
        assert (result.total, result.band.key) == (expected, bands[expected])


def test_bam_every_day_count_of_item_2_against_the_bins_as_written() -> None:
    for days in range(31):
        expected = (
            0 if days == 0 else 1 if days <= 3 else 2 if days <= 8 else 3 if days <= 15 else 4
        )
        assert score(BAM, bam(i2=days)).item_scores["2"] == expected
