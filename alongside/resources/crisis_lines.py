"""Crisis and help lines by country, kept as reviewed data (instruments.md, section 4).

Each line records the date its number was last checked against its source. A peer platform is
not an emergency service: the page says so and always lists the local emergency number first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class CrisisLine:
    name: str
    contact: str
    how: str
    tel: str = ""  # dialable digits for a tel: link
    sms: str = ""  # number for an sms: link
    reviewed_on: datetime.date = datetime.date(2026, 11, 1)
    emergency: bool = False


CRISIS_LINES: dict[str, list[CrisisLine]] = {
    "US": [
        CrisisLine(
            "Emergency services", "911", "Call for immediate danger.", tel="911", emergency=True
        ),
        CrisisLine(
            "988 Suicide & Crisis Lifeline",
            "988",
            "Call, text or chat 988, 24/7. Veterans press 1.",
            tel="988",
            sms="988",
        ),
        CrisisLine(
            "SAMHSA National Helpline",
            "1-800-662-4357 (1-800-662-HELP)",
            "Free, confidential treatment referral, 24/7, English and Spanish. TTY 1-800-487-4889.",
            tel="18006624357",
        ),
        CrisisLine(
            "Crisis Text Line",
            "Text HOME to 741741",
            "Text with a trained counselor, 24/7.",
            sms="741741",
        ),
    ],
    "CA": [
        CrisisLine(
            "Emergency services", "911", "Call for immediate danger.", tel="911", emergency=True
        ),
        CrisisLine(
            "9-8-8 Suicide Crisis Helpline",
            "988",
            "Call or text 988, 24/7, in English and French.",
            tel="988",
            sms="988",
        ),
    ],
    "GB": [
        CrisisLine(
            "Emergency services", "999", "Call for immediate danger.", tel="999", emergency=True
        ),
        CrisisLine("Samaritans", "116 123", "Free from any phone, 24/7.", tel="116123"),
        CrisisLine("NHS 111", "111", "Urgent medical help that is not an emergency.", tel="111"),
        CrisisLine("Shout", "Text SHOUT to 85258", "Crisis text line, 24/7.", sms="85258"),
    ],
    "IE": [
        CrisisLine(
            "Emergency services",
            "112 or 999",
            "Call for immediate danger.",
            tel="112",
            emergency=True,
        ),
        CrisisLine("Samaritans", "116 123", "Free from any phone, 24/7.", tel="116123"),
    ],
    "AU": [
        CrisisLine(
            "Emergency services", "000", "Call for immediate danger.", tel="000", emergency=True
        ),
        CrisisLine("Lifeline", "13 11 14", "Crisis support, 24/7.", tel="131114"),
        CrisisLine(
            "National Alcohol and Other Drug Hotline",
            "1800 250 015",
            "Connects to your state's Alcohol and Drug Information Service.",
            tel="1800250015",
        ),
        CrisisLine("Beyond Blue", "1300 22 4636", "Mental health support.", tel="1300224636"),
    ],
}

FALLBACK = [
    CrisisLine(
        "Local emergency services",
        "112 from most mobile phones",
        "Call your local emergency number if you are in danger.",
        tel="112",
        emergency=True,
    )
]


def lines_for(country: str) -> list[CrisisLine]:
    return CRISIS_LINES.get(country.upper(), FALLBACK)
