"""Sober living's forms, by part."""
