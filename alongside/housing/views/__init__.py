"""Sober-living pages, by part. Each view parses, asks access.py, calls a service, renders."""
