"""Family pages, by part: the member's allies and invitations (allies.py), and an ally's own
space (space.py)."""
