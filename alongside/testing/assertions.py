"""Helpers for asserting what a person reads on a page."""

from __future__ import annotations

import html
import re


def text_of(page: str) -> str:
    """The words of an HTML page or fragment as a person reads them: tags dropped, entities
    decoded, every run of white space one space."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()
