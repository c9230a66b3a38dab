"""Markdown people write: what is refused, named as written, and what renders."""

from __future__ import annotations

import pytest

from alongside.lib import markup
from alongside.lib.markup import Problem, Unsafe


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello <script>alert(1)</script>", Problem(Unsafe.SCRIPT, "<script>")),
        (
            '<img src="/static/img/favicon.svg" onerror="alert(1)">',
            Problem(Unsafe.EVENT_HANDLER, "onerror"),
        ),
        ("[click](javascript:alert(1))", Problem(Unsafe.UNSAFE_LINK, "javascript:")),
        ("<JaVaScRiPt:alert(1)>", Problem(Unsafe.UNSAFE_LINK, "javascript:")),
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', Problem(Unsafe.UNSAFE_LINK, "javascript:")),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", Problem(Unsafe.UNSAFE_LINK, "data:")),
        ('<iframe src="https://example.org"></iframe>', Problem(Unsafe.FRAME, "<iframe>")),
        ('<object data="x.swf"></object>', Problem(Unsafe.FRAME, "<object>")),
        (
            "![pixel](https://tracker.example/p.gif)",
            Problem(Unsafe.REMOTE_IMAGE, "https://tracker.example/p.gif"),
        ),
        (
            "![pixel](//tracker.example/p.gif)",
            Problem(Unsafe.REMOTE_IMAGE, "//tracker.example/p.gif"),
        ),
        (
            '<img src="https://tracker.example/p.gif">',
            Problem(Unsafe.REMOTE_IMAGE, "https://tracker.example/p.gif"),
        ),
        ('<svg onload="alert(1)"></svg>', Problem(Unsafe.EVENT_HANDLER, "onload")),
        ('<p style="position:fixed">x</p>', Problem(Unsafe.ATTRIBUTE, "style")),
        ("<form action=/x><input></form>", Problem(Unsafe.TAG, "<form>")),
    ],
)
def test_unsafe_markup_is_named_as_it_was_written(text: str, expected: Problem) -> None:
    assert expected in markup.problems(text)


def test_safe_markdown_has_no_problems_and_renders() -> None:
    text = (
        "# Getting through\n\nA **strong** word, an *aside*, a [link](https://example.org), "
        "a [page here](/resources/services/), [mail](mailto:help@example.org), "
        "[call](tel:988) and ![a picture](/static/img/favicon.svg).\n\n"
        '- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<abbr title="as soon as possible">ASAP</abbr>'
    )
    assert markup.problems(text) == []
    html = markup.render(text)
    assert "<h2>Getting through</h2>" in html  # the page's title is the only <h1>
    assert "<strong>strong</strong>" in html and "<em>aside</em>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert '<img src="/static/img/favicon.svg" alt="a picture">' in html
    assert "<table>" in html and "<li>two</li>" in html and "<abbr" in html


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("# A\n\n## B", ["h2", "h3"]),
        ("## A\n\n### B", ["h2", "h3"]),
        ("## A\n\n#### B\n\n## C", ["h2", "h3", "h2"]),
    ],
)
def test_headings_start_at_h2_and_skip_no_level(text: str, tags: list[str]) -> None:
    import re

    assert re.findall(r"<(h\d)>", markup.render(text)) == tags


def test_rendering_sanitizes_whatever_was_stored() -> None:
    stored = (
        "A <script>alert(1)</script> here.\n\n[x](javascript:alert(1)) and "
        "<img src=x onerror=alert(1)> and ![t](https://tracker.example/p.gif)\n\n"
        "<iframe src=https://example.org></iframe>"
    )
    html = markup.render(stored)
    for unsafe in ("<script", "alert(1)<", 'href="javascript', "onerror", 'src="https', "<iframe"):
        assert unsafe not in html
    assert "<p>A  here.</p>" in html


def test_each_problem_is_named_once() -> None:
    assert markup.problems("<script></script><script></script>") == [
        Problem(Unsafe.SCRIPT, "<script>")
    ]
