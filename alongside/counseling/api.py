"""Counseling in the JSON API: the same access functions and services as the pages."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["counseling"])
