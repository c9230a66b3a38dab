"""Counseling pages: thin views over alongside/counseling/access.py and services."""

from __future__ import annotations
