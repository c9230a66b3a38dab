"""Live rooms: which occurrence a room belongs to (room.py), what happens inside it (live.py),
attendance when it closes (closing.py) and video tokens (video.py)."""
