"""Benchmarks: the real ASGI server under load, reported in bench/results/ (see README.md)."""
