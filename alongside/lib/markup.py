"""Markdown that people write in the app, checked and rendered to safe HTML, free of Django.

Two steps with one allow-list:

- `problems(text)` reads what the author wrote (markdown-it's tokens: raw HTML, links and
  images) and names everything the page would not show: scripts, event handlers, links whose
  scheme runs code, embedded frames, images from other sites, and any other tag or attribute
  outside the allow-list. A caller refuses text with problems, so what is stored is what is
  shown: nothing is stripped silently on save.
- `render(text)` turns Markdown into HTML and always passes it through nh3 (Ammonia) with the
  same allow-list, so even text stored before a rule changed, or written around the check,
  renders safely.

Headings are renumbered from <h2> in the order of the levels used (`#` or `##` alike become
<h2> when they are the top level): the page's own title is the only <h1>.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

# What rendered Markdown may hold: what Markdown itself produces, and a few harmless inline tags
# an author may write as HTML.
MARKDOWN_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "a",
        "img",
        "em",
        "strong",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "s",
    }
)
RAW_HTML_TAGS = frozenset(
    {"br", "em", "strong", "b", "i", "u", "sub", "sup", "kbd", "abbr", "small", "mark", "del"}
)
RAW_HTML_TAGS |= {"a", "img", "p", "details", "summary"}
ALLOWED_TAGS = MARKDOWN_TAGS | RAW_HTML_TAGS
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "*": {"lang"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
SCRIPT_TAGS = frozenset({"script", "noscript"})
FRAME_TAGS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "portal"})
# Tags whose content goes with them when rendering (never shown as text).
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "noscript", "iframe", "object", "embed", "template", "svg", "math"}
)
SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Browsers ignore tabs, newlines and control characters inside a URL's scheme ("java\tscript:").
IGNORED_IN_URL_RE = re.compile(r"[\x00-\x20\x7f]")


class Unsafe(StrEnum):
    SCRIPT = "script"  # a <script> (or <noscript>) element
    EVENT_HANDLER = "event_handler"  # an on… attribute: onerror, onclick, onload
    UNSAFE_LINK = "unsafe_link"  # a link or address whose scheme runs code: javascript:, data:
    FRAME = "frame"  # <iframe>, <object>, <embed>: another page inside this one
    REMOTE_IMAGE = "remote_image"  # an image from another site (it tells that site who reads)
    TAG = "tag"  # any other HTML element outside the allow-list
    ATTRIBUTE = "attribute"  # any other attribute outside the allow-list (style, class, id)


@dataclass(frozen=True)
class Problem:
    kind: Unsafe
    detail: str  # what was found, as written: "onerror", "<iframe>", "javascript:"


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    # markdown-it leaves a link it distrusts as plain text, which would hide it from the
    # check; every link becomes a token here, and the check and nh3 judge it.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


MD = _markdown()


def scheme_of(url: str) -> str | None:
    """The scheme a browser would read from a URL ("javascript"), or None for a relative one."""
    match = SCHEME_RE.match(IGNORED_IN_URL_RE.sub("", url).lower())
    return match.group(1) if match else None


def is_local(url: str) -> bool:
    """An address on this site: no scheme, and not protocol-relative ("//elsewhere")."""
    cleaned = IGNORED_IN_URL_RE.sub("", url).replace("\\", "/")
    return scheme_of(url) is None and not cleaned.startswith("//")


def _link_problem(url: str) -> Problem | None:
    scheme = scheme_of(url)
    if scheme is not None and scheme not in URL_SCHEMES:
        return Problem(Unsafe.UNSAFE_LINK, f"{scheme}:")
    return None


def _image_problem(src: str) -> Problem | None:
    if not is_local(src):
        return Problem(Unsafe.REMOTE_IMAGE, src.strip()[:80])
    return None


class _RawHtmlCheck(HTMLParser):
    """Collects the problems in a piece of HTML an author wrote inside their Markdown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Problem] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SCRIPT_TAGS:
            self.found.append(Problem(Unsafe.SCRIPT, f"<{tag}>"))
            return  # the element is the problem; its attributes add nothing to say
        if tag in FRAME_TAGS:
            self.found.append(Problem(Unsafe.FRAME, f"<{tag}>"))
            return
        is_allowed = tag in RAW_HTML_TAGS
        if not is_allowed:
            self.found.append(Problem(Unsafe.TAG, f"<{tag}>"))
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES["*"]
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(Problem(Unsafe.EVENT_HANDLER, name))
            elif not is_allowed:
                continue  # the element goes whole; only code in it is worth naming
            elif name not in allowed:
                self.found.append(Problem(Unsafe.ATTRIBUTE, name))
            elif name == "href" and (problem := _link_problem(value or "")):
                self.found.append(problem)
            elif name == "src" and (problem := _image_problem(value or "")):
                self.found.append(problem)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _tokens(tokens: list[Token]) -> list[Token]:
    flat: list[Token] = []
    for token in tokens:
        flat.append(token)
        if token.children:
            flat.extend(_tokens(token.children))
    return flat


def problems(text: str) -> list[Problem]:
    """Everything in the Markdown that would not be shown as written, each named once, in the
    order it appears."""
    found: list[Problem] = []
    for token in _tokens(MD.parse(text or "")):
        if token.type in {"html_block", "html_inline"}:
            check = _RawHtmlCheck()
            check.feed(token.content)
            check.close()
            found.extend(check.found)
        elif token.type == "link_open" and (problem := _link_problem(str(token.attrGet("href")))):
            found.append(problem)
        elif token.type == "image" and (problem := _image_problem(str(token.attrGet("src")))):
            found.append(problem)
    return list(dict.fromkeys(found))


def _keep_local_images(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not is_local(value):
        return None
    return value


LINK_REL = "noopener noreferrer nofollow"


@lru_cache(maxsize=512)
def render(text: str, *, link_rel: str = LINK_REL) -> str:
    """Safe HTML for the Markdown, whatever it holds (see the module docstring). Every link gets
    `link_rel` (people's own posts add "ugc", as search engines ask)."""
    tokens = MD.parse(text or "")
    headings = [t for t in tokens if t.type in {"heading_open", "heading_close"}]
    # The levels the author used, in order, become h2, h3, …: the page's title is the one <h1>,
    # and a screen reader's outline never skips a level because "##" came first.
    levels = {level: min(2 + n, 6) for n, level in enumerate(sorted({t.tag for t in headings}))}
    for token in headings:
        token.tag = f"h{levels[token.tag]}"
    html = MD.renderer.render(tokens, MD.options, {})
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_keep_local_images,
        url_schemes=set(URL_SCHEMES),
        link_rel=link_rel,
        strip_comments=True,
    )
