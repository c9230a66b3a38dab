"""Counseling's part of the shell: the links for counselors and for members."""

from __future__ import annotations
