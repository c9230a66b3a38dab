"""Journey forms. They check shape (types, ranges, required); the services check the rules and
raise JourneyError naming the field, which the views put beside that field."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.journey.models import (
    COMMON_SYMPTOMS,
    CheckIn,
    CopingStrategy,
    DateMeaning,
    Domain,
    EndKind,
    GoalStatus,
    Mood,
    MoodState,
    SafetyPlan,
    SymptomKind,
    SymptomLog,
    SymptomTracking,
    Track,
    TrackedSymptom,
    TrackGoal,
    TrackKind,
    Trigger,
    TriggerKind,
    UseDay,
)
from alongside.journey.services.check_ins import (
    GONE_COPING,
    GONE_TRIGGER,
    CheckInSetup,
    check_in_setup,
)
from alongside.journey.services.symptoms import INTENSITY_RANGE, SymptomSetup
from alongside.journey.tools import (
    CHOICE,
    CONFIRM,
    MINUTES,
    NUMBER,
    PERSON,
    SCALE,
    TEXT,
    TEXTAREA,
    TRACK,
    Tool,
)
from alongside.privacy.policy import people_member_shares_with

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MemberChoiceLabels(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


def _yes_no(label: StrOrPromise) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        required=False,
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        empty_value=None,
    )


def _answer(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


class CheckInForm(forms.ModelForm):
    """Today's check-in. Triggers and coping come from the member's own lists; the medication
    question appears only for members on MOUD/MAUD; a moderation track adds "how much today".
    For dual recovery (`symptoms` offered) a second section logs the mood state, each tracked
    symptom's intensity and whether they took their psychiatric medication."""

    class Meta:
        model = CheckIn
        fields = [
            "mood",
            "craving",
            "hungry",
            "angry",
            "lonely",
            "tired",
            "sleep_hours",
            "attended_meeting",
            "gratitude",
            "note",
        ]
        widgets = {
            "mood": forms.RadioSelect,
            "craving": forms.NumberInput(attrs={"min": 0, "max": 10, "inputmode": "numeric"}),
            "sleep_hours": forms.NumberInput(
                attrs={"min": 0, "max": 24, "step": "0.5", "inputmode": "decimal"}
            ),
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

    def __init__(
        self,
        *args: Any,
        member: User | None = None,
        setup: CheckInSetup | None = None,
        on: datetime.date | None = None,
        symptoms: SymptomSetup | None = None,
        symptom_log: SymptomLog | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ChoiceField, self.fields["mood"]
        ).choices = Mood.choices  # a radio row needs no blank choice
        self.member = member
        self.moderation_tracks: list[Track] = []
        self.symptoms = symptoms if symptoms is not None and symptoms.is_offered else None
        if member is None:
            return
        if self.symptoms is not None:
            self._add_symptom_fields(self.symptoms, symptom_log)
        setup = setup or check_in_setup(member)
        tracks = setup.tracks
        if setup.has_triggers:
            self.fields["triggers"] = MemberChoiceLabels(
                queryset=Trigger.objects.for_member(member).live(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=_("Triggers I met today"),
                error_messages={"invalid_choice": GONE_TRIGGER, "invalid_pk_value": GONE_TRIGGER},
            )
        if setup.has_coping:
            self.fields["coping_used"] = MemberChoiceLabels(
                queryset=CopingStrategy.objects.for_member(member).live(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=_("What I did to cope"),
                error_messages={"invalid_choice": GONE_COPING, "invalid_pk_value": GONE_COPING},
            )
        if self.instance.pk:
            if "triggers" in self.fields:
                self.initial.setdefault("triggers", [t.pk for t in self.instance.triggers.all()])
            if "coping_used" in self.fields:
                self.initial.setdefault(
                    "coping_used", [c.pk for c in self.instance.coping_used.all()]
                )
        if any(t.on_medication for t in tracks):
            self.fields["took_medication"] = _yes_no(_("Did you take your medication today?"))
            self.initial["took_medication"] = _answer(self.instance.took_medication)
        self.moderation_tracks = [t for t in tracks if t.is_moderation]
        day = on or member.local_today()
        # The day's totals only prefill the form; a posted form brings its own numbers.
        wanted = self.moderation_tracks and not self.is_bound
        totals = (
            {u.track_id: u.amount for u in UseDay.objects.filter(member=member, on=day)}
            if wanted
            else {}
        )
        for track in self.moderation_tracks:
            limit = []
            if track.daily_limit is not None:
                limit.append(str(_("limit %(n)d a day") % {"n": track.daily_limit}))
            if track.weekly_limit is not None:
                limit.append(str(_("%(n)d a week") % {"n": track.weekly_limit}))
            self.fields[f"use_{track.pk}"] = forms.IntegerField(
                label=_("%(track)s today (%(unit)s)") % {"track": track.label, "unit": track.unit},
                required=False,
                min_value=0,
                max_value=100,
                initial=totals.get(track.pk),
                help_text=", ".join(limit),
                widget=forms.NumberInput(attrs={"min": 0, "max": 100, "inputmode": "numeric"}),
            )

    def _add_symptom_fields(self, setup: SymptomSetup, log: SymptomLog | None) -> None:
        self.fields["took_psychiatric_medication"] = _yes_no(
            _("Did you take your psychiatric medication as prescribed today?")
        )
        self.initial["took_psychiatric_medication"] = _answer(
            self.instance.took_psychiatric_medication
        )
        self.fields["mood_state"] = forms.ChoiceField(
            label=_("My mood state today"),
            required=False,
            choices=[("", _("Not saying")), *MoodState.choices],
            initial=log.mood_state if log else "",
        )
        rated = {r.symptom_id: r.intensity for r in log.ratings.all()} if log else {}
        for symptom in setup.symptoms:
            self.fields[f"symptom_{symptom.pk}"] = forms.IntegerField(
                label=_("%(symptom)s (0–10)") % {"symptom": symptom.label},
                required=False,
                min_value=0,
                max_value=10,
                initial=rated.get(symptom.pk),
                error_messages={
                    "min_value": INTENSITY_RANGE,
                    "max_value": INTENSITY_RANGE,
                    "invalid": _("Enter a whole number from 0 to 10."),
                },
                widget=forms.NumberInput(attrs={"min": 0, "max": 10, "inputmode": "numeric"}),
            )

    @property
    def symptom_fields(self) -> list[forms.BoundField]:
        """The intensity fields, in the order the member's symptoms are listed."""
        return [self[name] for name in self.fields if name.startswith("symptom_")]

    def symptom_values(self) -> dict[str, Any] | None:
        """What record_symptom_log takes, from the cleaned data; None when not offered."""
        if self.symptoms is None:
            return None
        data = self.cleaned_data
        return {
            "mood_state": data.get("mood_state") or "",
            "intensities": {s.pk: data.get(f"symptom_{s.pk}") for s in self.symptoms.symptoms},
        }

    def service_values(self) -> dict[str, Any]:
        """What record_check_in takes, from the cleaned data."""
        data = self.cleaned_data
        values: dict[str, Any] = {name: data[name] for name in self.Meta.fields}
        if "triggers" in self.fields:
            values["triggers"] = [t.pk for t in data.get("triggers") or []]
        if "coping_used" in self.fields:
            values["coping_used"] = [c.pk for c in data.get("coping_used") or []]
        for answer in ("took_medication", "took_psychiatric_medication"):
            if answer in self.fields:
                values[answer] = data.get(answer)
        use = {
            t.pk: data[f"use_{t.pk}"]
            for t in self.moderation_tracks
            if data.get(f"use_{t.pk}") is not None
        }
        if use:
            values["use"] = use
        return values


class SymptomChoiceForm(forms.Form):
    """Dual recovery: whether to log symptoms beside the check-in, and which ones."""

    is_enabled = forms.BooleanField(
        label=_("I live with a mental-health condition too"),
        required=False,
        help_text=_(
            "Adds a symptom log, a psychiatric-medication question and a second list of warning "
            "signs to your check-in and plan. Members on the Dual Recovery Anonymous pathway "
            "have them already."
        ),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Symptoms I track"),
        required=False,
        choices=[(k.value, k.label) for k in COMMON_SYMPTOMS],
        widget=forms.CheckboxSelectMultiple,
    )
    keep_own = MemberChoiceLabels(
        label=_("Symptoms I named myself (untick to stop tracking one)"),
        queryset=TrackedSymptom.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_own = forms.CharField(
        label=_("Add a symptom in your own words (optional)"), max_length=100, required=False
    )

    def __init__(self, *args: Any, member: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        live = TrackedSymptom.objects.for_member(member).live()
        own = live.filter(kind=SymptomKind.OWN)
        cast(forms.ModelMultipleChoiceField, self.fields["keep_own"]).queryset = own
        if not self.is_bound:
            tracking = SymptomTracking.objects.filter(member=member).first()
            self.initial["is_enabled"] = bool(tracking and tracking.is_enabled)
            self.initial["kinds"] = [s.kind for s in live if s.kind != SymptomKind.OWN]
            self.initial["keep_own"] = [s.pk for s in own]
        if not own.exists():
            del self.fields["keep_own"]


class TrackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is this track about?"), choices=TrackKind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        required=False,
        help_text=_("For example alcohol, opioids, gambling. Leave empty for all substances."),
    )
    goal = forms.ChoiceField(
        label=_("Your goal"), choices=TrackGoal.choices, widget=forms.RadioSelect
    )
    sobriety_on = forms.DateField(
        label=_("Sobriety date"),
        required=False,
        widget=DATE,
        help_text=_("For abstinence: the day your count starts (day 0)."),
    )
    date_meaning = forms.ChoiceField(
        label=_("This date is"),
        choices=DateMeaning.choices,
        widget=forms.RadioSelect,
        initial=DateMeaning.LAST_USE,
    )
    daily_limit = forms.IntegerField(
        label=_("Limit per day"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("For moderation."),
    )
    weekly_limit = forms.IntegerField(
        label=_("Limit per week"), required=False, min_value=0, max_value=100
    )
    unit = forms.CharField(
        label=_("Counted in"), max_length=30, required=False, initial=_("drinks")
    )
    abstinence_days = forms.IntegerField(
        label=_("Start with an abstinence period of (days)"),
        required=False,
        min_value=1,
        max_value=365,
        help_text=_("Optional. Moderation Management suggests 30 days."),
    )
    abstinence_starts_on = forms.DateField(
        label=_("Abstinence period starts"), required=False, widget=DATE
    )
    on_medication = forms.BooleanField(
        label=_("I take medication for this (for example buprenorphine, methadone, naltrexone)"),
        required=False,
    )


class TrackEditForm(TrackForm):
    def __init__(self, *args: Any, track: Track, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["kind"], self.fields["goal"]
        drop = (
            ["daily_limit", "weekly_limit", "unit", "abstinence_days", "abstinence_starts_on"]
            if track.is_abstinence
            else ["sobriety_on", "date_meaning"]
        )
        for name in drop:
            del self.fields[name]
        if track.is_abstinence:
            self.fields["sobriety_on"].required = True
            self.fields["sobriety_on"].help_text = _(
                "Correct the start of your current count if it is wrong. To record a lapse, use “Record a lapse” instead."
            )


class RelapseForm(forms.Form):
    used_on = forms.DateField(label=_("The day you used"), widget=DATE)
    kind = forms.ChoiceField(
        label=_("What would you call it?"),
        choices=EndKind.choices,
        widget=forms.RadioSelect,
        initial=EndKind.LAPSE,
    )
    restart_on = forms.DateField(
        label=_("Start counting again from"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty to use your usual way of counting."),
    )
    note = forms.CharField(
        label=_("A private note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happened, what you learned. Only you can read it."),
    )


class UseForm(forms.Form):
    on = forms.DateField(label=_("Day"), widget=DATE)
    amount = forms.IntegerField(label=_("Total that day"), min_value=0, max_value=100)


class CongratulationForm(forms.Form):
    message = forms.CharField(label=_("A few words (optional)"), max_length=280, required=False)


class TriggerForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TriggerKind.choices)
    name = forms.CharField(label=_("Trigger"), max_length=200)


class CopingStrategyForm(forms.Form):
    text = forms.CharField(label=_("What helps"), max_length=500)
    triggers = MemberChoiceLabels(
        queryset=Trigger.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Helps with these triggers"),
        error_messages={"invalid_choice": GONE_TRIGGER},
    )

    def __init__(self, *args: Any, member: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelMultipleChoiceField, self.fields["triggers"]
        ).queryset = Trigger.objects.for_member(member).live()


class WarningSignForm(forms.Form):
    text = forms.CharField(label=_("Warning sign"), max_length=500)


class MentalHealthWarningSignForm(forms.Form):
    """Dual recovery: an early warning sign of the mental-health condition."""

    text = forms.CharField(label=_("Warning sign of my mental-health condition"), max_length=500)


class SupportContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    relationship = forms.CharField(
        label=_("Who they are to you (optional)"), max_length=100, required=False
    )


class IfThenForm(forms.Form):
    if_text = forms.CharField(label=_("If…"), max_length=500)
    then_text = forms.CharField(label=_("…then I will"), max_length=500)


PLAN_FORMS = {
    "triggers": TriggerForm,
    "coping-strategies": CopingStrategyForm,
    "warning-signs": WarningSignForm,
    "mental-health-warning-signs": MentalHealthWarningSignForm,
    "support-contacts": SupportContactForm,
    "if-then-plans": IfThenForm,
}


class SafetyPlanForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, heading, prompt in SafetyPlan.SECTIONS:
            self.fields[name] = forms.CharField(
                label=heading,
                help_text=prompt,
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )


class GoalForm(forms.Form):
    domain = forms.ChoiceField(label=_("Area of life"), choices=Domain.choices)
    title = forms.CharField(label=_("Goal"), max_length=300)
    why = forms.CharField(
        label=_("Why it matters to me (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    target_on = forms.DateField(label=_("Target date (optional)"), required=False, widget=DATE)
    status = forms.ChoiceField(
        label=_("Progress"), choices=GoalStatus.choices, initial=GoalStatus.NOT_STARTED
    )


class StepForm(forms.Form):
    text = forms.CharField(label=_("Next step"), max_length=300)
    target_on = forms.DateField(label=_("By (optional)"), required=False, widget=DATE)


class JournalForm(forms.Form):
    written_on = forms.DateField(label=_("Day"), widget=DATE)
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Entry"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10})
    )


class ReminderForm(forms.Form):
    is_enabled = forms.BooleanField(label=_("Remind me to check in every day"), required=False)
    at = forms.TimeField(label=_("At (your local time)"), required=False, widget=TIME)
    by_email = forms.BooleanField(label=_("Also send me an email"), required=False)
    quiet_from = forms.TimeField(label=_("Quiet hours from"), required=False, widget=TIME)
    quiet_until = forms.TimeField(
        label=_("Quiet hours until"),
        required=False,
        widget=TIME,
        help_text=_("Nothing will interrupt you between these times."),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("is_enabled") and data.get("at") is None and "at" not in self.errors:
            self.add_error("at", _("Choose the time of day for your reminder."))
        if (data.get("quiet_from") is None) != (data.get("quiet_until") is None):
            self.add_error("quiet_until", _("Quiet hours need both a start and an end."))
        return data


# ----------------------------------------------------------------------------------------------
# Worksheets, built from the tool's field definitions


@dataclass
class WorksheetSection:
    """Fields drawn together: a fieldset with its legend, or (no legend) fields on their own."""

    legend: StrOrPromise
    fields: list[forms.BoundField]


class WorksheetForm(forms.Form):
    tool: Tool

    def clean(self) -> dict[str, Any]:
        super().clean()
        for spec in self.tool.fields:
            if (
                spec.needed_with
                and self.cleaned_data.get(spec.needed_with)
                and self.cleaned_data.get(spec.name) in (None, "")
                and spec.name not in self.errors
            ):
                self.add_error(spec.name, _("Choose one, or clear the line above it."))
        return self.cleaned_data

    def answers(self) -> dict[str, Any]:
        """Cleaned answers as JSON-ready values (the track as its id)."""
        out: dict[str, Any] = {}
        for spec in self.tool.fields:
            value = self.cleaned_data.get(spec.name)
            if isinstance(value, Track):
                value = value.pk
            out[spec.name] = value
        return out

    def sections(self) -> list[WorksheetSection]:
        """The fields in order, those of one group gathered under the group's legend."""
        found: list[WorksheetSection] = []
        for spec in self.tool.fields:
            if not found or str(found[-1].legend) != str(spec.group) or not spec.group:
                found.append(WorksheetSection(spec.group, []))
            found[-1].fields.append(self[spec.name])
        return found


REQUIRED = {
    TEXT: _("Write something here — a few words are enough."),
    TEXTAREA: _("Write something here — a few words are enough."),
    CHOICE: _("Choose one."),
}


def _person_field(spec: Any, member: User, kept: Any) -> forms.Field:
    """Someone the member shares with now, or the person this worksheet already names (a
    grant that has since ended does not erase who the member worked with)."""
    people = [(str(p.pk), p.display_name) for p in people_member_shares_with(member)]
    if kept and str(kept) not in {pk for pk, _name in people}:
        person = User.objects.filter(pk=kept).first()
        if person is not None:
            people.append((str(person.pk), person.display_name))
    return forms.TypedChoiceField(
        choices=[("", _("Nobody — I filled it in on my own")), *people],
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": _(
                "Choose someone you share with. To add someone, share with them first, "
                "on the Who can see my data page."
            )
        },
        label=spec.label,
        required=spec.required,
        help_text=spec.help,
    )


def _tool_field(spec: Any, member: User, kept: Any = None) -> forms.Field:
    common = {
        "label": spec.label,
        "required": spec.required,
        "help_text": spec.help,
    }
    if spec.kind in REQUIRED:
        common["error_messages"] = {"required": REQUIRED[spec.kind]}
    if spec.kind == TEXT:
        return forms.CharField(max_length=500, **common)
    if spec.kind == TEXTAREA:
        return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), **common)
    if spec.kind in (NUMBER, SCALE, MINUTES):
        attrs = {"min": spec.min_value, "max": spec.max_value, "inputmode": "numeric"}
        if spec.kind == MINUTES:
            attrs["data-timer-minutes"] = "true"
        return forms.IntegerField(
            min_value=spec.min_value,
            max_value=spec.max_value,
            widget=forms.NumberInput(attrs=attrs),
            **common,
        )
    if spec.kind == CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *spec.choices], **common)
    if spec.kind == CONFIRM:
        return forms.BooleanField(**common)
    if spec.kind == PERSON:
        return _person_field(spec, member, kept)
    if spec.kind == TRACK:
        tracks = Track.objects.for_member(member).active().filter(goal=TrackGoal.MODERATION)
        field = forms.ModelChoiceField(
            queryset=tracks,
            empty_label=None,
            error_messages={
                "invalid_choice": _("That track is not one of your moderation tracks."),
                "required": _(
                    "Start a moderation track first, so drinks count against your limits."
                ),
            },
            **common,
        )
        return field
    raise ValueError(f"unknown field kind {spec.kind}")


def worksheet_form(
    tool: Tool,
    member: User,
    *,
    data: dict[str, Any] | None = None,
    initial: dict[str, Any] | None = None,
) -> WorksheetForm:
    """A form for one tool: one field per definition, validated like any Django form."""
    kept = initial or {}
    fields = {spec.name: _tool_field(spec, member, kept.get(spec.name)) for spec in tool.fields}
    form_class = type(f"{tool.key.title()}Form", (WorksheetForm,), {**fields, "tool": tool})
    if data is not None:
        data = {
            k: ("on" if v is True else v) if k in fields and tool.field(k).kind == CONFIRM else v
            for k, v in data.items()
        }
    return form_class(data=data, initial=initial)


class WorksheetDayForm(forms.Form):
    on = forms.DateField(label=_("Day"), widget=DATE)


class WorksheetCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
        help_text=_("Seen by the person whose worksheet it is and by those they share it with."),
    )


class CopingCardForm(forms.Form):
    front = forms.CharField(
        label=_("Front: the moment it is for"),
        max_length=300,
        help_text=_("For example: When I think one drink won't hurt…"),
    )
    back = forms.CharField(
        label=_("Back: what I want to remember then"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SkillUseForm(forms.Form):
    """One use of a skill, from the form under each skill on the skills page. Without
    JavaScript the browser posts it; with it, static/js/skills.js keeps the use on the phone and
    sends it to the API instead. The rating's range is the service's rule. Prefixed with the
    skill's key: each skill's form has names of its own on the page."""

    # Made when the page is drawn, so sending the same form twice keeps the use once.
    client_id = forms.CharField(required=False, widget=forms.HiddenInput)
    keep = forms.BooleanField(label=_("Add this to my history"), required=False)
    helped = forms.IntegerField(label=_("How much did it help? (optional)"), required=False)

    def clean_client_id(self) -> uuid.UUID:
        # Not one the page made (a form written by hand): the use gets a new one.
        try:
            return uuid.UUID(self.cleaned_data["client_id"])
        except ValueError:
            return uuid.uuid4()


class ToolSuggestionForm(forms.Form):
    tool = forms.ChoiceField(label=_("Tool or skill"))
    note = forms.CharField(
        label=_("A note for them (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("They see it on their home page with your name."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from alongside.journey.skills import suggestible_choices

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["tool"]).choices = [("", "—"), *suggestible_choices()]
