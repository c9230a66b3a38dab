"""Crisis and help lines by country, kept as reviewed data (instruments.md, section 4).

Each line records the date its number was last checked against its source. A peer platform is
not an emergency service: the page says so and always lists the local emergency number first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class CrisisLine:
    # Words are translated when a page or the API asks (lines_for); numbers and brand names
    # that people dial or text stay as they are.
    name: str | Promise
    contact: str | Promise
    how: str | Promise
    tel: str = ""  # dialable digits for a tel: link
    sms: str = ""  # number for an sms: link
    reviewed_on: datetime.date = datetime.date(2026, 11, 1)
    emergency: bool = False


CRISIS_LINES: dict[str, list[CrisisLine]] = {
    "US": [
        CrisisLine(
            _("Emergency services"),
            "911",
            _("Call for immediate danger."),
            tel="911",
            emergency=True,
        ),
        CrisisLine(
            _("988 Suicide & Crisis Lifeline"),
            "988",
            _("Call, text or chat 988, 24/7. Veterans press 1."),
            tel="988",
            sms="988",
        ),
        CrisisLine(
            _("SAMHSA National Helpline"),
            "1-800-662-4357 (1-800-662-HELP)",
            _(
                "Free, confidential treatment referral, 24/7, English and Spanish. TTY 1-800-487-4889."
            ),
            tel="18006624357",
        ),
        CrisisLine(
            _("Crisis Text Line"),
            _("Text HOME to 741741"),
            _("Text with a trained counselor, 24/7."),
            sms="741741",
        ),
    ],
    "CA": [
        CrisisLine(
            _("Emergency services"),
            "911",
            _("Call for immediate danger."),
            tel="911",
            emergency=True,
        ),
        CrisisLine(
            _("9-8-8 Suicide Crisis Helpline"),
            "988",
            _("Call or text 988, 24/7, in English and French."),
            tel="988",
            sms="988",
        ),
    ],
    "GB": [
        CrisisLine(
            _("Emergency services"),
            "999",
            _("Call for immediate danger."),
            tel="999",
            emergency=True,
        ),
        CrisisLine("Samaritans", "116 123", _("Free from any phone, 24/7."), tel="116123"),
        CrisisLine("NHS 111", "111", _("Urgent medical help that is not an emergency."), tel="111"),
        CrisisLine("Shout", _("Text SHOUT to 85258"), _("Crisis text line, 24/7."), sms="85258"),
    ],
    "IE": [
        CrisisLine(
            _("Emergency services"),
            _("112 or 999"),
            _("Call for immediate danger."),
            tel="112",
            emergency=True,
        ),
        CrisisLine("Samaritans", "116 123", _("Free from any phone, 24/7."), tel="116123"),
    ],
    "AU": [
        CrisisLine(
            _("Emergency services"),
            "000",
            _("Call for immediate danger."),
            tel="000",
            emergency=True,
        ),
        CrisisLine("Lifeline", "13 11 14", _("Crisis support, 24/7."), tel="131114"),
        CrisisLine(
            _("National Alcohol and Other Drug Hotline"),
            "1800 250 015",
            _("Connects to your state's Alcohol and Drug Information Service."),
            tel="1800250015",
        ),
        CrisisLine("Beyond Blue", "1300 22 4636", _("Mental health support."), tel="1300224636"),
    ],
}

FALLBACK = [
    CrisisLine(
        _("Local emergency services"),
        _("112 from most mobile phones"),
        _("Call your local emergency number if you are in danger."),
        tel="112",
        emergency=True,
    )
]


def lines_for(country: str) -> list[CrisisLine]:
    """The lines for a country (or the fallback), in the active language."""
    return [
        replace(line, name=str(line.name), contact=str(line.contact), how=str(line.how))
        for line in CRISIS_LINES.get(country.upper(), FALLBACK)
    ]
