"""Words for meetings in templates: type names, languages, schedules in the reader's language."""

from __future__ import annotations

import datetime as dt
import html
import zoneinfo
from functools import lru_cache

from django import template
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from alongside.meetings import catalog
from alongside.meetings.models import Meeting

register = template.Library()


def esc(value: object) -> str:
    """conditional_escape, without its lazy-string wrapper on every call (a page escapes a few
    hundred values): the same text for every value."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()  # type: ignore[union-attr]
    return html.escape(str(value))


DAY_NAMES = [gettext_lazy("Sunday"), gettext_lazy("Monday"), gettext_lazy("Tuesday"), gettext_lazy("Wednesday"), gettext_lazy("Thursday"), gettext_lazy("Friday"), gettext_lazy("Saturday")]


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
    ordinals = {1: _("first"), 2: _("second"), 3: _("third"), 4: _("fourth"), 5: _("fifth"), -1: _("last")}
    if meeting.recurrence == "biweekly":
        text = _("Every other %(days)s at %(time)s") % {"days": joined, "time": time}
    elif meeting.recurrence == "monthly":
        text = _("The %(nth)s %(days)s of each month at %(time)s") % {"nth": ordinals.get(meeting.week_of_month or 1, ""), "days": joined, "time": time}
    elif meeting.recurrence == "once":
        text = _("Once, on %(date)s at %(time)s") % {"date": meeting.anchor_date.strftime("%Y-%m-%d") if meeting.anchor_date else "", "time": time}
    else:
        text = _("Every %(days)s at %(time)s") % {"days": joined, "time": time}
    return f"{text} ({meeting.time_zone})"


@register.filter
def km(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


@register.simple_tag
def checkboxes(field) -> str:  # type: ignore[no-untyped-def]
    """A group of checkboxes as a fieldset with a legend, rendered in one pass: the search form
    has some seventy of them, and a widget template per box was half the page's time."""
    return _kept(field, _checkboxes)


def _checkboxes(field) -> str:  # type: ignore[no-untyped-def]
    chosen = {str(v) for v in (field.value() or [])}
    name, base = esc(field.html_name), esc(field.auto_id)
    boxes = "".join(
        f'<li><input type="checkbox" name="{name}" value="{value}" id="{base}_{i}"{" checked" if raw in chosen else ""}>'
        f' <label for="{base}_{i}">{label}</label></li>'
        for i, (raw, value, label) in enumerate(_escaped_choices(field))
    )
    errors = "".join(f'<p class="error">{esc(e)}</p>' for e in field.errors)
    return mark_safe(  # noqa: S308 - every value above is escaped
        f'<div class="field{" has-error" if field.errors else ""}"><fieldset><legend>{esc(field.label)}</legend><ul>{boxes}</ul></fieldset>{errors}</div>'
    )


def _escaped_choices(field) -> tuple[tuple[str, str, str], ...]:  # type: ignore[no-untyped-def]
    """(value as text, value escaped, label escaped) of a field's choices. The search form's
    choices written in code (every field's but the programs') are kept per language: their
    labels are translated, and translating seventy of them was most of a checkbox group's time."""
    from alongside.meetings.forms import SearchForm

    if isinstance(field.form, SearchForm) and field.name in SearchForm.CHOICES_IN_CODE:
        return _search_form_choices(field.name, field.html_name, get_language() or "")
    return tuple((str(value), esc(value), esc(label)) for value, label in field.field.choices)


@lru_cache(maxsize=128)
def _search_form_choices(name: str, html_name: str, language: str) -> tuple[tuple[str, str, str], ...]:
    from alongside.meetings.forms import SearchForm

    return tuple((str(value), esc(value), esc(label)) for value, label in SearchForm().fields[name].choices)


@register.simple_tag
def field_block(field) -> str:  # type: ignore[no-untyped-def]
    """One form field as components/_field.html renders it (label, widget, help, errors), in one
    pass instead of an included template; a test holds the two to the same bytes."""
    return _kept(field, _field_block)


def _kept(field, render) -> str:  # type: ignore[no-untyped-def]
    """The search form's fields, rendered once per language, value, errors and (for the
    programs, which come from the database) choices, then kept: everything else they show is
    written in code. The directory page renders a dozen of them on every request, and most
    searches leave most of them as they were."""
    from alongside.meetings.forms import SearchForm

    if not isinstance(field.form, SearchForm):
        return render(field)
    if field.name in SearchForm.CHOICES_IN_CODE:
        choices = None
    elif field.name in SearchForm.CHOICES_FROM_DATABASE:
        choices = tuple(field.field.choices)
    else:
        return render(field)
    key = (render, field.html_name, field.auto_id, get_language() or "", repr(field.value()), tuple(str(e) for e in field.errors), choices)
    found = _kept_fields.get(key)
    if found is None:
        if len(_kept_fields) >= 512:
            _kept_fields.clear()
        found = _kept_fields[key] = render(field)
    return found


_kept_fields: dict[tuple, str] = {}


def _field_block(field) -> str:  # type: ignore[no-untyped-def]
    widget = field.field.widget
    errors = field.errors
    multiple = getattr(widget, "allow_multiple_selected", False)
    if getattr(widget, "input_type", None) == "checkbox" and not multiple:
        control = f'\n    {field} <label for="{esc(field.id_for_label)}">{esc(field.label)}</label>\n  '
    elif multiple:
        control = f"\n    <fieldset><legend>{esc(field.label)}</legend>{field}</fieldset>\n  "
    else:
        required = ' <span class="req">(required)</span>' if field.field.required else ""
        control = f'\n    <label for="{esc(field.id_for_label)}">{esc(field.label)}{required}</label>\n    {field}\n  '
    help_text = f'<p class="help" id="{esc(field.auto_id)}_helptext">{field.help_text}</p>' if field.help_text else ""
    shown = "".join(f'<p class="error" id="{esc(field.auto_id)}_error">{esc(error)}</p>' for error in errors)
    return mark_safe(  # noqa: S308 - every value above is escaped (help text is the form's own, marked safe in the template too)
        f'\n<div class="field{" has-error" if errors else ""}">\n  {control}\n  {help_text}\n  {shown}\n</div>\n'
    )


class _ResultWords:
    """What every result of one page shares: the address of a meeting and the words around the
    values, looked up once."""

    def __init__(self) -> None:
        from django.conf import settings
        from django.urls import reverse
        from django.utils.timezone import get_current_timezone

        marker = 987654321
        self.link = [esc(part) for part in reverse("meetings:meeting", args=[marker]).split(str(marker))]
        self.use_tz, self.zone = settings.USE_TZ, get_current_timezone()
        (self.next, self.why, self.size, self.there, self.weekdays, self.months, self.attendance) = _page_words(get_language() or "")

    def url(self, pk: int) -> str:
        """The meeting's address, escaped (a number needs no escaping)."""
        return f"{self.link[0]}{int(pk)}{self.link[1]}"

    def local(self, value):  # type: ignore[no-untyped-def]
        """template_localtime, with the current zone looked up once."""
        if self.use_tz and isinstance(value, dt.datetime) and value.utcoffset() is not None and getattr(value, "convert_to_local_time", True):
            return value.astimezone(self.zone)
        return value


@lru_cache(maxsize=16)
def _page_words(language: str) -> tuple:
    """The fixed words of a result row in one language: labels, what date formats' "D" and "M"
    give, and the attendance choices escaped as get_attendance_display() shows them."""
    attendance = {value: esc(label) for value, label in Meeting._meta.get_field("attendance").flatchoices}
    return (
        _("Next:"), _("Why it matched:"), _("%(km)s km (%(mi)s mi)"), _("%(local)s where it meets"),
        [str(day) for day in WEEKDAYS_ABBR.values()], {number: MONTHS_3[number].title() for number in MONTHS_3}, attendance,
    )


def _render_result(r, viewer_tz: str, words: _ResultWords) -> str:  # type: ignore[no-untyped-def]
    from django.utils.dateformat import DateFormat

    m = r.meeting
    attendance = words.attendance.get(m.attendance)
    if attendance is None:  # a value outside the choices shows as itself
        attendance = esc(m.get_attendance_display())
    parts = [
        '<li class="meeting-result">\n',
        f'  <h3><a href="{words.url(m.pk)}">{esc(m.name)}</a></h3>\n',
        '  <p class="meta">\n',
        f'    <span class="program">{esc(m.program.short_name)}</span> ·\n',
        f"    <span>{attendance}</span>\n",
        "    ",
    ]
    if r.distance_km is not None:
        size = words.size % {"km": km(r.distance_km), "mi": km(r.distance_miles)}  # digits: nothing to escape
        parts.append(f" · <span>{size}</span>")
    parts.append("\n  </p>\n  ")
    if r.next_start:
        # What the date formats "c" and "D j M, H:i T" give, without parsing the format each time.
        moment = words.local(r.next_start)
        start = DateFormat(moment)
        when = f"{words.weekdays[moment.weekday()]} {moment.day} {words.months[moment.month]}, {moment.hour:02d}:{moment.minute:02d} {start.T()}"
        parts.append(f'<p class="when"><strong>{words.next}</strong> <time datetime="{moment.isoformat()}">{esc(when)}</time>\n    ')
        if m.time_zone != viewer_tz:
            local = ""
            if r.local_start:
                moment = r.local_start.astimezone(zoneinfo.ZoneInfo(m.time_zone))  # in its own zone
                local = esc(f"{words.weekdays[moment.weekday()]} {moment.hour:02d}:{moment.minute:02d} {DateFormat(moment).T()}")
            parts.append('<span class="muted">(' + words.there % {"local": local} + ")</span>")
        parts.append("</p>")
    parts.append("\n  ")
    if m.formatted_address and m.attendance != "online":
        parts.append(f'<p class="where">{esc(m.location)}{", " if m.location else ""}{esc(m.formatted_address)}</p>')
    parts.append("\n  ")
    if r.reasons:
        tags = "".join(f'<span class="tag">{esc(reason)}</span>' for reason in r.reasons)
        parts.append(f'<p class="why"><span class="visually-hidden">{words.why} </span>{tags}</p>')
    parts.append("\n</li>\n")
    return "".join(parts)


@register.simple_tag
def result_items(results, viewer_tz: str) -> str:  # type: ignore[no-untyped-def]
    """Search results, each in one pass (they were an included template per row), sharing what
    every row of the page needs (a meeting's address, the labels) instead of looking it up per row."""
    words = _ResultWords()
    return mark_safe("".join(_render_result(r, viewer_tz, words) for r in results))  # noqa: S308 - every value is escaped
