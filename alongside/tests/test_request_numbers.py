"""A number in a request body is a number: pydantic would read true as 1 and false as 0, so a
body of {"stress": false} would be stored as a calm day."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from alongside.family.schemas import WellbeingIn
from alongside.journey.schemas.check_ins import CheckInIn


@pytest.mark.parametrize("value", [True, False])
def test_true_or_false_is_not_a_number(value) -> None:
    with pytest.raises(ValidationError, match="Give a number, not true or false"):
        WellbeingIn.model_validate({"stress": value})
    with pytest.raises(ValidationError, match="Give a number, not true or false"):
        CheckInIn.model_validate({"mood": 3, "craving": value})


def test_numbers_and_true_or_false_where_asked_still_pass() -> None:
    wellbeing = WellbeingIn.model_validate({"stress": 0, "took_time_for_self": True})
    assert wellbeing.stress == 0 and wellbeing.took_time_for_self is True
    assert WellbeingIn.model_validate({"stress": 4, "sleep_hours": "7.5"}).sleep_hours == 7.5
