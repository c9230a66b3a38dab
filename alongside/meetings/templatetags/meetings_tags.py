"""Words for meetings in templates: type names, languages, schedules in the reader's language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.meetings import catalog
from alongside.meetings.models import Meeting

register = template.Library()

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
    from django.utils.html import format_html, format_html_join

    chosen = {str(v) for v in (field.value() or [])}
    name, base = field.html_name, field.auto_id
    boxes = format_html_join(
        "",
        '<li><input type="checkbox" name="{}" value="{}" id="{}_{}"{}> <label for="{}_{}">{}</label></li>',
        (
            (name, value, base, i, " checked" if str(value) in chosen else "", base, i, label)
            for i, (value, label) in enumerate(field.field.choices)
        ),
    )
    errors = format_html_join("", '<p class="error">{}</p>', ((e,) for e in field.errors))
    return format_html('<div class="field{}"><fieldset><legend>{}</legend><ul>{}</ul></fieldset>{}</div>',
                       " has-error" if field.errors else "", field.label, boxes, errors)


@register.simple_tag
def result_item(r, viewer_tz: str) -> str:  # type: ignore[no-untyped-def]
    """One search result in one pass (it was a per-row included template): a directory page shows
    some thirty, and an included template per row was most of the page's time."""
    from django.urls import reverse
    from django.utils.dateformat import format as date_format
    from django.utils.html import conditional_escape as esc
    from django.utils.safestring import mark_safe
    from django.utils.timezone import template_localtime

    m = r.meeting
    parts = [
        '<li class="meeting-result">\n',
        f'  <h3><a href="{esc(reverse("meetings:meeting", args=[m.pk]))}">{esc(m.name)}</a></h3>\n',
        '  <p class="meta">\n',
        f'    <span class="program">{esc(m.program.short_name)}</span> ·\n',
        f"    <span>{esc(m.get_attendance_display())}</span>\n",
        "    ",
    ]
    if r.distance_km is not None:
        size = _("%(km)s km (%(mi)s mi)") % {"km": esc(km(r.distance_km)), "mi": esc(km(r.distance_miles))}
        parts.append(f" · <span>{size}</span>")
    parts.append("\n  </p>\n  ")
    if r.next_start:
        start = template_localtime(r.next_start)
        parts.append(f'<p class="when"><strong>{_("Next:")}</strong> <time datetime="{esc(date_format(start, "c"))}">{esc(date_format(start, "D j M, H:i T"))}</time>\n    ')
        if m.time_zone != viewer_tz:
            local = esc(date_format(template_localtime(r.local_start), "D H:i T")) if r.local_start else ""
            parts.append('<span class="muted">(' + _("%(local)s where it meets") % {"local": local} + ")</span>")
        parts.append("</p>")
    parts.append("\n  ")
    if m.formatted_address and m.attendance != "online":
        parts.append(f'<p class="where">{esc(m.location)}{", " if m.location else ""}{esc(m.formatted_address)}</p>')
    parts.append("\n  ")
    if r.reasons:
        tags = "".join(f'<span class="tag">{esc(reason)}</span>' for reason in r.reasons)
        parts.append(f'<p class="why"><span class="visually-hidden">{_("Why it matched:")} </span>{tags}</p>')
    parts.append("\n</li>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
