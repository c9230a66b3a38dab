"""Counseling's API schemas, by part."""
