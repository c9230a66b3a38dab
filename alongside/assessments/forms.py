"""Forms built from an instrument's definition. Validation is the scoring library's, so the web
form, the API and the pure scoring endpoint reject exactly the same answers, naming the item."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.assessments.models import Frequency
from alongside.lib.instruments import (
    INSTRUMENTS,
    AnswerError,
    AnswersInvalid,
    Instrument,
    Item,
    ItemKind,
    Result,
    score,
)
from alongside.lib.instruments.model import MAX_DAYS


def error_message(error: AnswerError) -> str:
    """One rejected answer in the person's language, naming the item."""
    params = dict(error.params)
    messages = {
        "missing": _("Item %(item)s needs an answer."),
        "not_an_option": _("Item %(item)s: choose one of its answers."),
        "not_days": _("Item %(item)s: enter a number of days from 0 to %(max)s."),
        "skipped_answered": _(
            "Item %(item)s is skipped when item %(controller)s is %(value)s; leave it empty."
        ),
        "more_than": _("Item %(item)s cannot be more days than item %(controller)s (%(value)s)."),
        "unknown_item": _("“%(item)s” is not an item of the %(instrument)s."),
    }
    template = messages.get(error.code)
    return template % params if template else error.message


def item_text(item: Item, wording: dict[str, str]) -> str:
    """The organization's own wording for the item if it set one, else the default, translated."""
    return wording.get(item.key) or _(item.text)


@dataclass
class ItemRow:
    item: Item
    field: forms.BoundField
    text: str
    group: str  # a heading to show before this item (first of a group), else ""

    @property
    def is_choice(self) -> bool:
        return self.item.kind == ItemKind.CHOICE

    @property
    def skip_controller(self) -> str:
        return f"id_item_{self.item.skip_when[0]}" if self.item.skip_when else ""

    @property
    def skip_value(self) -> str:
        return str(self.item.skip_when[1]) if self.item.skip_when else ""


class AnswerForm(forms.Form):
    """One field per item (`item_<key>`), all optional to Django: completeness and ranges are
    checked by the instrument's own validation so the errors name the items."""

    def __init__(
        self,
        *args: Any,
        instrument: Instrument,
        wording: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.wording = wording or {}
        self.result: Result | None = None
        for item in instrument.items:
            self.fields[f"item_{item.key}"] = self._field_for(item)

    def _field_for(self, item: Item) -> forms.Field:
        label = item_text(item, self.wording)
        help_text = _(item.help) if item.help else ""
        if item.kind == ItemKind.DAYS:
            return forms.CharField(
                label=label,
                required=False,
                help_text=help_text,
                widget=forms.NumberInput(
                    attrs={"min": 0, "max": MAX_DAYS, "inputmode": "numeric", "class": "days"}
                ),
            )
        return forms.ChoiceField(
            label=label,
            required=False,
            help_text=help_text,
            choices=[(str(o.value), _(o.label)) for o in item.options],
            widget=forms.RadioSelect,
        )

    def answers(self) -> dict[str, object]:
        data = self.cleaned_data
        return {item.key: data.get(f"item_{item.key}") or None for item in self.instrument.items}

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        try:
            self.result = score(self.instrument, self.answers())
        except AnswersInvalid as invalid:
            for error in invalid.errors:
                name = f"item_{error.item}"
                self.add_error(name if name in self.fields else None, error_message(error))
        return cleaned

    def rows(self) -> Iterator[ItemRow]:
        previous_group = ""
        for item in self.instrument.items:
            bound = self[f"item_{item.key}"]
            if bound.errors:
                bound.field.widget.attrs["aria-invalid"] = "true"
            group = _(item.group) if item.group and item.group != previous_group else ""
            previous_group = item.group
            yield ItemRow(item, bound, item_text(item, self.wording), group)

    @property
    def shows_paraphrase(self) -> bool:
        """Some items show the default paraphrase (the original wording's licence is unconfirmed)."""
        return any(i.paraphrased and i.key not in self.wording for i in self.instrument.items)

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary: each links to its item."""
        links = [("", str(e)) for e in self.non_field_errors()]
        for item in self.instrument.items:
            links += [(f"item-{item.key}", str(e)) for e in self.errors.get(f"item_{item.key}", [])]
        return links

    @classmethod
    def initial_from(cls, answers: dict[str, object]) -> dict[str, str]:
        return {f"item_{k}": str(v) for k, v in answers.items()}


class CorrectionForm(forms.Form):
    correction_reason = forms.CharField(
        label=gettext_lazy("What is being corrected, and why"),
        max_length=300,
        widget=forms.TextInput,
        error_messages={"required": gettext_lazy("Say in a few words what is being corrected.")},
    )


class ScheduleForm(forms.Form):
    instrument = forms.ChoiceField(label=gettext_lazy("Instrument"))
    frequency = forms.ChoiceField(label=gettext_lazy("How often"), choices=Frequency.choices)
    starts_on = forms.DateField(
        label=gettext_lazy("First due on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("For an intake assessment, the intake date. It repeats from there."),
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"starts_on": today})
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["instrument"]).choices = [
            (k, f"{_(i.name)} — {_(i.title)}") for k, i in INSTRUMENTS.items()
        ]


class WordingForm(forms.Form):
    """The organization's wording for each item of an instrument whose default is a paraphrase."""

    def __init__(
        self, *args: Any, instrument: Instrument, current: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for item in instrument.questions:
            self.fields[f"item_{item.key}"] = forms.CharField(
                label=_("Item %(item)s") % {"item": item.label},
                required=False,
                max_length=600,
                initial=current.get(item.key, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Default (paraphrase): %(text)s") % {"text": _(item.text)},
            )

    def texts(self) -> dict[str, str]:
        return {
            item.key: self.cleaned_data.get(f"item_{item.key}", "")
            for item in self.instrument.questions
        }
