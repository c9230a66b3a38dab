"""Words for meetings in templates: type names, languages, schedules in the reader's language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.meetings import catalog
from alongside.meetings.models import Meeting

register = template.Library()


DAY_NAMES = [
    gettext_lazy("Sunday"),
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
]


@register.filter
def type_label(code: str) -> str:
    return catalog.type_label(code)


@register.filter
def language_label(code: str) -> str:
    return catalog.language_label(code)


@register.filter
def schedule_words(meeting: Meeting) -> str:
    days = [str(DAY_NAMES[d]) for d in meeting.days]
    joined = ", ".join(days)
    time = meeting.start_time.strftime("%H:%M")
    ordinals = {
        1: _("first"),
        2: _("second"),
        3: _("third"),
        4: _("fourth"),
        5: _("fifth"),
        -1: _("last"),
    }
    if meeting.recurrence == "biweekly":
        text = _("Every other %(days)s at %(time)s") % {"days": joined, "time": time}
    elif meeting.recurrence == "monthly":
        text = _("The %(nth)s %(days)s of each month at %(time)s") % {
            "nth": ordinals.get(meeting.week_of_month or 1, ""),
            "days": joined,
            "time": time,
        }
    elif meeting.recurrence == "once":
        text = _("Once, on %(date)s at %(time)s") % {
            "date": meeting.anchor_date.strftime("%Y-%m-%d") if meeting.anchor_date else "",
            "time": time,
        }
    else:
        text = _("Every %(days)s at %(time)s") % {"days": joined, "time": time}
    return f"{text} ({meeting.time_zone})"


@register.filter
def km(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"
