"""Links people click: only http(s) is ever a link, and conference links are checked against
the meeting providers people know. Free of Django, used by forms, the importer and rendering."""

from __future__ import annotations

from urllib.parse import urlsplit

# Online meeting providers a conference link may point at without a steward looking first:
# those the Meeting Guide app and TSML UI accept (code4recovery/spec, meetings.md 3.2). A host
# matches itself and its subdomains (us02web.zoom.us). This is the one list; the importer's
# warning, the review flag and the docs all read it.
CONFERENCE_PROVIDERS = (
    "bluejeans.com",
    "discord.gg",
    "freeconference.com",
    "freeconferencecall.com",
    "goto.com",
    "gotomeet.me",
    "gotomeeting.com",
    "horizon.meta.com",
    "maps.secondlife.com",
    "meet.google.com",
    "meet.jit.si",
    "meetings.dialpad.com",
    "signal.group",
    "skype.com",
    "slurl.com",
    "teams.live.com",
    "teams.microsoft.com",
    "vrchat.com",
    "webex.com",
    "zoho.com",
    "zoom.us",
)


def host_of(url: str) -> str:
    """The lower-cased host name of an http(s) URL, or "" when it is not one."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:  # a malformed port or IPv6 literal
        return ""
    if parts.scheme.lower() not in ("http", "https"):
        return ""
    return host.lower().rstrip(".")


def is_http_url(url: str) -> bool:
    """True for an absolute http:// or https:// URL with a host; `javascript:`, `data:`,
    protocol-relative and every other scheme are not links here."""
    text = url.strip()
    # Browsers drop tabs and newlines inside a URL ("java\tscript:"), so refuse any control
    # character or space rather than guess how one will be read.
    if not text or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        return False
    return bool(host_of(text))


def is_known_conference_host(url: str) -> bool:
    host = host_of(url)
    return bool(host) and any(host == p or host.endswith("." + p) for p in CONFERENCE_PROVIDERS)
