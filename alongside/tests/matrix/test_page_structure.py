"""Every page each persona may open is built for a screen reader and reads well: its headings
never skip a level, every group of radio buttons or checkboxes is a fieldset whose legend asks
the question, and its words have none of the slips people noticed (a doubled word, a doubled
period after an initial, "1 drinks", a date in ISO form among friendly ones). Walks the matrix's
pages (the same people and rows), parsing the HTML each returns."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from alongside.testing.authz import EVERYONE, OK
from alongside.tests.matrix.routes import PAGE_ROUTES, send

HEADINGS = {f"h{n}": n for n in range(1, 7)}
SLIPS = {
    "a doubled word": re.compile(r"\b(Urgent|sponsor|the|a|and)\W+\1\b", re.I),
    "a doubled period after an initial": re.compile(r"\b[A-Z]\.\.(?!\.)"),
    "a plural after one": re.compile(r"(?<![\d.,])\b1 (drinks|days|meetings|times|people)\b"),
    "brackets inside brackets": re.compile(r"\([^()]*\([^()]*\)[^()]*\)"),
    "a date in ISO form": re.compile(r"\b20\d\d-[01]\d-[0-3]\d\b"),
}


class Structure(HTMLParser):
    """The headings of a page in order, and each radio or checkbox with whether it sits inside a
    fieldset that has a legend."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.choices: list[tuple[str, str, bool]] = []  # (type, name, inside a legended fieldset)
        self._fieldsets: list[bool] = []  # one per open fieldset: has it a legend yet?
        self._heading: list[object] | None = None
        self.text: list[str] = []
        self._hidden = 0  # inside <script>, <style> or <template>: not words anyone reads

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "template", "textarea"}:
            self._hidden += 1
        if tag in HEADINGS:
            self._heading = [HEADINGS[tag], ""]
        elif tag == "fieldset":
            self._fieldsets.append(False)
        elif tag == "legend" and self._fieldsets:
            self._fieldsets[-1] = True
        elif tag == "input":
            a = dict(attrs)
            if a.get("type") in {"radio", "checkbox"}:
                self.choices.append((a["type"] or "", a.get("name") or "", any(self._fieldsets)))

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "template", "textarea"} and self._hidden:
            self._hidden -= 1
        if tag in HEADINGS and self._heading is not None:
            level, text = self._heading
            self.headings.append((int(level), " ".join(str(text).split())))  # type: ignore[call-overload]
            self._heading = None
        elif tag == "fieldset" and self._fieldsets:
            self._fieldsets.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)
        if self._heading is not None:
            self._heading[1] = str(self._heading[1]) + data


def problems(html: str) -> list[str]:
    page = Structure()
    page.feed(html)
    found = []
    previous = 0
    for level, text in page.headings:
        if level > previous + 1:
            found.append(f"h{level} {text!r} follows h{previous or '(none)'}")
        previous = level
    names: dict[str, int] = {}
    for _kind, name, _grouped in page.choices:
        names[name] = names.get(name, 0) + 1
    for kind, name, grouped in page.choices:
        # A radio is always one of a group; checkboxes sharing a name are a group.
        if (kind == "radio" or names[name] > 1) and not grouped:
            found.append(f"{kind} group {name!r} is not a fieldset with a legend")
    words = " ".join(" ".join(page.text).split())
    for slip, pattern in SLIPS.items():
        for match in pattern.finditer(words):
            found.append(f"{slip}: {words[max(0, match.start() - 30) : match.end() + 10]!r}")
    return list(dict.fromkeys(found))


def test_the_checker_sees_a_skipped_level_and_a_loose_radio_group() -> None:
    assert problems("<h1>A</h1><h2>B</h2><h3>C</h3><h2>D</h2>") == []
    assert problems("<h1>A</h1><h3>C</h3>") == ["h3 'C' follows h1"]
    assert problems("<h2>B</h2>") == ["h2 'B' follows h(none)"]
    loose = '<h1>A</h1><div><input type="radio" name="mood"><input type="radio" name="mood"></div>'
    assert problems(loose) == ["radio group 'mood' is not a fieldset with a legend"]
    grouped = '<h1>A</h1><fieldset><legend>Mood</legend><input type="radio" name="mood"></fieldset>'
    assert problems(grouped) == []


@pytest.mark.parametrize(
    ("text", "slip"),
    [
        ("Urgent Urgent: a safety answer", "a doubled word"),
        ("Sam (sponsor) (sponsor)", "a doubled word"),
        ("Told: Grace C.. Thanks", "a doubled period after an initial"),
        ("Today: 1 drinks", "a plural after one"),
        ("Ended 3 May (a lapse (a slip))", "brackets inside brackets"),
        ("Started 3 May 2026, ended 2026-05-09", "a date in ISO form"),
    ],
)
def test_the_checker_sees_each_word_slip(text: str, slip: str) -> None:
    assert [p.split(":")[0] for p in problems(f"<h1>A</h1><p>{text}</p>")] == [slip]


def test_the_checker_lets_plain_words_pass() -> None:
    fine = "<h1>A</h1><p>Grace C. told you. 1 drink, 21 days, 1.5 drinks. Sam (sponsor).</p>"
    assert problems(fine + "<script>let d = '2026-05-09'</script>") == []


@pytest.mark.parametrize("persona", EVERYONE)
def test_every_page_a_persona_opens_has_ordered_headings_and_grouped_choices(
    persona: str, client_as, subjects
) -> None:
    client = client_as(None if persona == "anon" else persona)
    failures = []
    for route in PAGE_ROUTES:
        if route.method != "get" or route.outcome(persona) != OK:
            continue
        response = send(client, route, subjects)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            continue
        for problem in problems(response.content.decode()):
            failures.append(f"{route.url(subjects)}: {problem}")
    assert not failures, "\n".join(failures)
