from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.journey.models import CheckIn


class CheckInForm(forms.ModelForm):
    class Meta:
        model = CheckIn
        fields = ["mood", "craving", "hungry", "angry", "lonely", "tired", "sleep_hours", "attended_meeting", "gratitude", "note"]
        widgets = {
            "mood": forms.RadioSelect,
            "craving": forms.NumberInput(attrs={"min": 0, "max": 10, "inputmode": "numeric"}),
            "sleep_hours": forms.NumberInput(attrs={"min": 0, "max": 24, "step": "0.5", "inputmode": "decimal"}),
            "gratitude": forms.TextInput,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "craving": _("0 means none at all, 10 the strongest you can imagine."),
            "note": _("Only you — and people you share check-ins with — can read this."),
        }
        error_messages = {
            "craving": {
                "max_value": _("Craving goes from 0 to 10; %(limit_value)s is the highest."),
                "min_value": _("Craving goes from 0 to 10."),
            }
        }
