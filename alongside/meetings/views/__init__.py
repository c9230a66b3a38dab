"""The meeting pages, by what they are for: the directory (directory.py), my meetings and the
calendars (calendars.py), attendance and its proof (attendance.py), the Meeting Guide feed
(feeds.py) and the BMLT interface (bmlt.py), groups and their meetings (groups.py), and
importing feeds (imports.py)."""
