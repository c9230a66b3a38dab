"""The safety plan (Stanley–Brown)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.privacy.fields import EncryptedTextField


class SafetyPlan(models.Model):
    """The Stanley–Brown safety plan in the member's own words, its sections in order."""

    # (field, heading, prompt) in the order the plan is used: each step escalates.
    SECTIONS = [
        (
            "warning_signs",
            _("1. Warning signs"),
            _(
                "Thoughts, images, moods, situations or behaviours that tell me a crisis may be starting."
            ),
        ),
        (
            "internal_coping",
            _("2. Things I can do on my own"),
            _("Ways to take my mind off my problems without contacting anyone."),
        ),
        (
            "social_distractions",
            _("3. People and places that distract me"),
            _("People and social settings that help me feel better (names, places)."),
        ),
        (
            "people_to_ask",
            _("4. People I can ask for help"),
            _("Names and phone numbers of people I can ask for help."),
        ),
        (
            "professionals",
            _("5. Professionals and services to contact in a crisis"),
            _(
                "My clinician, urgent care, and crisis lines (the lines for your country are listed below)."
            ),
        ),
        (
            "safe_environment",
            _("6. Making my surroundings safe"),
            _("How I will keep myself safe, for example keeping medications or firearms away."),
        ),
        (
            "reason_for_living",
            _("The one thing most important to me and worth living for"),
            _("In your own words."),
        ),
    ]

    member = models.OneToOneField(User, on_delete=models.CASCADE, related_name="safety_plan")
    warning_signs = EncryptedTextField(blank=True)
    internal_coping = EncryptedTextField(blank=True)
    social_distractions = EncryptedTextField(blank=True)
    people_to_ask = EncryptedTextField(blank=True)
    professionals = EncryptedTextField(blank=True)
    safe_environment = EncryptedTextField(blank=True)
    reason_for_living = EncryptedTextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Safety plan of {self.member_id}"

    def sections(self) -> list[dict[str, str]]:
        return [
            {
                "field": name,
                "heading": str(heading),
                "prompt": str(prompt),
                "text": getattr(self, name),
            }
            for name, heading, prompt in self.SECTIONS
        ]

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name).strip() for name, _h, _p in self.SECTIONS)
