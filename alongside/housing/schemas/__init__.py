"""Sober living's API schemas, by part."""
