"""The private journal and pathway worksheets."""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.privacy.fields import EncryptedTextField


class JournalEntry(models.Model):
    """Private writing. Never shareable: no grant reaches it and no supporter route exists."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="journal_entries")
    written_on = models.DateField(_("day"))
    title = EncryptedTextField(_("title"), blank=True)
    body = EncryptedTextField(_("entry"))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-written_on", "-id"]
        verbose_name_plural = "journal entries"

    def __str__(self) -> str:
        return f"Journal {self.written_on}"


class Worksheet(models.Model):
    """One filled-in pathway tool (thought record, step work, drink log, …). The answers are one
    encrypted JSON document whose fields the tool's definition (journey/tools.py) describes."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="worksheets")
    tool = models.CharField(max_length=30)
    on = models.DateField(_("day"))
    data = EncryptedTextField(default="{}")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["member", "tool", "-on"])]

    def __str__(self) -> str:
        return f"{self.tool} {self.on}"

    @property
    def values(self) -> dict[str, Any]:
        try:
            loaded = json.loads(self.data or "{}")
        except ValueError:
            return {}
        return loaded if isinstance(loaded, dict) else {}

    @values.setter
    def values(self, answers: dict[str, Any]) -> None:
        self.data = json.dumps(answers, ensure_ascii=False, default=str)


class WorksheetComment(models.Model):
    """A word on a shared worksheet: from someone the member shares it with (a sponsor reading
    step work), or the member's own answer. Kept encrypted; deleted with the worksheet."""

    worksheet = models.ForeignKey(Worksheet, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    body = EncryptedTextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment on worksheet {self.worksheet_id}"
