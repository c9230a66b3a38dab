"""What keeps search fast stays true to the data and to the page: the filters the weekly slots
carry follow every write of their meeting; the slot reader, the inner circle and the row loader
give what a plain reading would; the directory page's one-pass renderers write the same bytes as
the templates and tags they stand in for."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from alongside.lib import geo
from alongside.lib.schedule import MINUTES_PER_WEEK
from alongside.meetings import catalog, imports, search
from alongside.meetings.forms import SearchForm
from alongside.meetings.models import ImportSource, Meeting, WeeklySlot
from alongside.meetings.services import save_meeting
from alongside.meetings.templatetags import meetings_tags

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def slot_columns(meeting: Meeting) -> set[tuple]:
    return set(WeeklySlot.objects.filter(meeting=meeting).values_list("weekday", "is_inactive", "types", "online"))


def test_slots_carry_their_meetings_filters_through_the_meeting_service(make_meeting) -> None:
    meeting = make_meeting(days=[1, 3], types="D W", openness="open")
    assert slot_columns(meeting) == {(1, False, " O D W ", False), (3, False, " O D W ", False)}
    meeting.is_inactive, meeting.types, meeting.days = True, "BE", [5]
    save_meeting(meeting=meeting)
    assert slot_columns(meeting) == {(5, True, " O BE TC ", False)}


def test_slots_carry_their_meetings_filters_through_imports(programs) -> None:
    source = ImportSource.objects.create(slug="small", name="Small", program=programs["aa"], default_time_zone="America/Chicago")
    row = {"name": "A", "slug": "a", "day": 2, "time": "19:00", "types": ["O", "D"], "formatted_address": "642 W Deming Pl, Chicago, IL 60614",
           "latitude": 41.92, "longitude": -87.64, "timezone": "America/Chicago"}
    assert imports.import_feed(source=source, data=json.dumps([row]).encode()).status == "done"
    meeting = Meeting.objects.get(source=source, slug="a")
    assert slot_columns(meeting) == {(2, False, " O D ", False)}
    imports.import_feed(source=source, data=json.dumps([{**row, "types": ["C", "TC"]}]).encode())  # closed for now
    assert slot_columns(meeting) == {(2, True, " C TC ", False)}
    assert search.search(search.SearchQuery(days=[2])).others == []


def brute_force(here: int, span: int, days: list[int]) -> tuple[list[tuple[int, int]], list[tuple[int, int, int]]]:
    """Every listed slot's minutes ahead, straight from the table: (ahead, meeting) of the
    meetings and (ahead, weekday, meeting) of the slots, soonest first."""
    best: dict[int, int] = {}
    slots = []
    for meeting, weekday, winter, summer in WeeklySlot.objects.filter(is_inactive=False).values_list("meeting_id", "weekday", "winter_minute", "summer_minute"):
        if days and weekday not in days:
            continue
        ahead = [d for d in ((winter - here) % MINUTES_PER_WEEK, (summer - here) % MINUTES_PER_WEEK) if d <= span]
        if ahead:
            best[meeting] = min(best.get(meeting, MINUTES_PER_WEEK), min(ahead))
            slots.append((min(ahead), weekday, meeting))
    return sorted((ahead, pk) for pk, ahead in best.items()), sorted(slots)


def test_the_slot_reader_finds_what_reading_every_slot_finds_whatever_the_batch(make_meeting) -> None:
    rng = random.Random(7)
    zones = ["America/New_York", "America/Chicago", "Europe/London", "Australia/Sydney", "UTC"]
    for i in range(36):  # few distinct times, so many slots share a minute
        make_meeting(name=f"M{i}", days=rng.sample(range(7), rng.choice([1, 1, 2])), start_time=dt.time(rng.choice([0, 7, 19, 23]), rng.choice([0, 30])),
                     time_zone=rng.choice(zones), attendance=rng.choice(["online", "in_person"]), is_inactive=i % 9 == 0)
    for _ in range(12):
        here, span = rng.randrange(MINUTES_PER_WEEK), rng.choice([60, 360, 1440, MINUTES_PER_WEEK - 1])
        days = rng.choice([[], [2], [0, 6]])
        expected_meetings, expected_slots = brute_force(here, span, days)
        reader = search._Ahead(search._slot_filters(search.SearchQuery(days=days), online_only=False), here, span)
        while not reader.complete(span):
            reader.read(2)
        assert reader.meetings(set(), span) == expected_meetings
        # Slots at the same minute: by day when days are chosen, then by meeting.
        expected_slots.sort(key=lambda slot: (slot[0], slot[1] if days else 0, slot[2]))
        assert reader.first_slots(len(expected_slots)) == [(ahead, pk) for ahead, _day, pk in expected_slots]


def test_soonest_first_lists_meetings_starting_at_the_same_minute_by_day_and_meeting(make_meeting) -> None:
    made = [make_meeting(name=f"Same {i}", days=[i % 2 + 1], start_time=dt.time(12), time_zone="UTC", attendance="online") for i in range(8)]
    monday_noon = dt.datetime(2026, 1, 5, 11, 0, tzinfo=UTC)
    found = search.search(search.SearchQuery(days=[1, 2], now=monday_noon, limit=4, attendance=["online"])).others
    assert [r.meeting.pk for r in found] == [m.pk for m in made if m.days == [1]]


def test_the_inner_circle_gives_the_same_nearest_meetings_as_the_whole_radius(make_meeting) -> None:
    rng = random.Random(3)
    for i in range(30):
        make_meeting(name=f"Close {i}", latitude=41.9214 + rng.uniform(-0.02, 0.02), longitude=-87.6513 + rng.uniform(-0.02, 0.02))
    for i in range(10):
        make_meeting(name=f"Far {i}", latitude=41.9214 + rng.uniform(-0.2, 0.2), longitude=-87.6513 + rng.uniform(-0.2, 0.2))
    here = (41.9214, -87.6513)
    found = search.search(search.SearchQuery(latitude=here[0], longitude=here[1], radius_km=40, limit=5, include_online=False)).near
    every = sorted((geo.distance_km(*here, m.latitude, m.longitude), m.pk) for m in Meeting.objects.all())
    assert [r.meeting.pk for r in found] == [pk for _d, pk in every[:5]]


def test_result_rows_are_the_meetings_the_orm_loads(make_meeting) -> None:
    meeting = make_meeting(name="Hope", program="na", days=[2, 4], types="W", anchor_date=None, notes="Side door")
    row = search._rows([meeting.pk])[meeting.pk]
    loaded = Meeting.objects.select_related("program").get(pk=meeting.pk)
    for name in search.RESULT_FIELDS:
        assert getattr(row, name) == getattr(loaded, name), name
    assert row.program == loaded.program and row.program.short_name == loaded.program.short_name and row.program.is_twelve_step is True
    assert row.notes == "Side door"  # a field the search does not read loads when asked for
    assert row.schedule() == loaded.schedule()


def test_shared_schedules_still_refuse_a_day_that_only_equals_a_valid_one(make_meeting) -> None:
    from django.core.exceptions import ValidationError

    meeting = make_meeting(days=[2])
    meeting.schedule()
    meeting.days = [2.0]
    with pytest.raises(ValidationError):
        meeting.clean()


def test_type_names_follow_the_language_of_each_request() -> None:
    with translation.override("en"):
        english = dict(catalog.choices(["O", "D"]))
    with translation.override("es"):
        spanish = dict(catalog.choices(["O", "D"]))
    assert english["O"] == catalog.type_label("O", "en") and spanish["O"] == catalog.type_label("O", "es") and english["O"] != spanish["O"]


# --- the directory page's one-pass renderers -----------------------------------------------------------


FORM_STATES = [
    None,
    {"near": "60614"},
    {"near": "Qwertyville", "radius": "7", "within": "5", "openness": "maybe", "day": ["9"], "program": ["zz"]},
    {"near": "60614 <b>", "radius": "10", "within": "2", "openness": "open", "program": ["na", "aa"], "day": ["2", "3"],
     "type": ["O"], "online_too": "on", "language": ["es"], "access": ["X"], "for_people": ["W"], "attendance": ["online"]},
    {"latitude": "abc", "longitude": "-87.6"},
]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("data", FORM_STATES)
def test_the_search_form_renders_the_same_bytes_as_its_templates(programs, language, data) -> None:
    from django.forms.renderers import DjangoTemplates

    with translation.override(language):
        fast, usual = SearchForm(data), SearchForm(data, renderer=DjangoTemplates())
        if data is not None:
            fast.is_valid(), usual.is_valid()
        for name in fast.fields:
            assert str(fast[name]) == str(usual[name]), name
            assert meetings_tags.field_block(fast[name]) == render_to_string("components/_field.html", {"field": usual[name]}), name
            if name in {"program", "attendance", "day", "type", "language", "access", "for_people"}:
                assert meetings_tags.checkboxes(fast[name]) == checkboxes_as_they_were(usual[name]), name


def checkboxes_as_they_were(field) -> str:  # type: ignore[no-untyped-def]
    from django.utils.html import format_html, format_html_join

    chosen = {str(v) for v in (field.value() or [])}
    name, base = field.html_name, field.auto_id
    boxes = format_html_join(
        "", '<li><input type="checkbox" name="{}" value="{}" id="{}_{}"{}> <label for="{}_{}">{}</label></li>',
        ((name, value, base, i, " checked" if str(value) in chosen else "", base, i, label) for i, (value, label) in enumerate(field.field.choices)),
    )
    errors = format_html_join("", '<p class="error">{}</p>', ((e,) for e in field.errors))
    return format_html('<div class="field{}"><fieldset><legend>{}</legend><ul>{}</ul></fieldset>{}</div>', " has-error" if field.errors else "", field.label, boxes, errors)


def result_item_as_it_was(r, viewer_tz: str) -> str:  # type: ignore[no-untyped-def]
    from django.urls import reverse
    from django.utils.dateformat import format as date_format
    from django.utils.html import conditional_escape as esc
    from django.utils.timezone import template_localtime
    from django.utils.translation import gettext as _

    km = meetings_tags.km
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
    return "".join(parts)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("viewer_tz", ["UTC", "America/Chicago", "Australia/Sydney"])
def test_search_results_render_the_same_bytes_as_the_tag_did_row_by_row(make_meeting, language, viewer_tz) -> None:
    make_meeting(name="Hope <Circle>", program="na", types="W", location="St. Clement & Co")
    make_meeting(name="Online", attendance="online", time_zone="Europe/London")
    make_meeting(name="Fall back", days=[0], start_time=dt.time(1, 30), time_zone="America/New_York")  # an hour that happens twice
    before_fall_back = dt.datetime(2026, 10, 31, 12, 0, tzinfo=UTC)
    with translation.override(language):
        found = search.search(search.SearchQuery(near="60614", latitude=41.9214, longitude=-87.6513, radius_km=10, now=before_fall_back,
                                                 viewer_time_zone=viewer_tz, programs=["na", "aa"]))
        rows = [*found.near, *found.online]
        assert len(rows) == 3
        assert meetings_tags.result_items(rows, viewer_tz) == "".join(result_item_as_it_was(r, viewer_tz) for r in rows)


def test_kept_form_fields_follow_the_language_the_value_and_the_errors(programs) -> None:
    from django.forms.renderers import DjangoTemplates

    for language, data in [("en", None), ("es", None), ("en", {"radius": "10", "day": ["2"]}), ("es", {"radius": "10", "day": ["2"]}), ("en", {"radius": "7"})]:
        with translation.override(language):
            fast, usual = SearchForm(data), SearchForm(data, renderer=DjangoTemplates())
            if data is not None:
                fast.is_valid(), usual.is_valid()
            for name in ("radius", "near", "online_too"):
                assert meetings_tags.field_block(fast[name]) == render_to_string("components/_field.html", {"field": usual[name]})
            for name in ("day", "type", "program"):
                assert meetings_tags.checkboxes(fast[name]) == checkboxes_as_they_were(usual[name])


def test_kept_program_boxes_follow_the_programs_in_the_database(programs) -> None:
    from alongside.meetings.models import Program

    before = meetings_tags.checkboxes(SearchForm(None)["program"])
    assert ">Narcotics Anonymous<" in before
    Program.objects.filter(slug="na").update(name="Narcotics Anonymous (renamed)")
    after = meetings_tags.checkboxes(SearchForm(None)["program"])
    assert ">Narcotics Anonymous (renamed)<" in after
    assert after == checkboxes_as_they_were(SearchForm(None)["program"])


def test_search_forms_share_their_choices_but_not_their_widgets(programs) -> None:
    first, second = SearchForm({"day": ["2"]}), SearchForm(None)
    for name in ("program", "type", "day", "radius", "openness"):
        a, b = first.fields[name], second.fields[name]
        assert a.widget is not b.widget and a.widget.attrs is not b.widget.attrs
        assert list(a.widget.choices) == list(a.choices) == list(b.choices)
    first.fields["day"].widget.attrs["data-x"] = "1"
    assert "data-x" not in second.fields["day"].widget.attrs
    assert "data-x" not in SearchForm(None).fields["day"].widget.attrs
    assert first.is_valid() and first.cleaned_data["day"] == [2]
    assert not SearchForm({"type": ["NOPE"]}).is_valid()
