"""How the library's rows that name a person are exported and erased.

An article belongs to the organization that published it; its author's name goes with their
account, and the article stays, by nobody."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.privacy.registry import Erase, clear_field, register
from alongside.resources.models import Article

register(
    Article,
    "author",
    section="articles_written",
    label=_("library articles you wrote"),
    erase=Erase.ANONYMIZE,
    explain=_("Articles you wrote stay in your organization’s library, without your name."),
    serialize=lambda a: {
        "title": a.title,
        "organization": a.organization.name,
        "language": a.language,
        "status": a.status,
        "updated_at": a.updated_at.isoformat(),
    },
    anonymize=clear_field("author"),
)
