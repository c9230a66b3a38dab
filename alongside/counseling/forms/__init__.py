"""Counseling's forms, by part."""
