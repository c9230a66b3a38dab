"""Sober living's part of the shell: the links for house managers and residents."""

from __future__ import annotations
