"""The data folder and the database files in it, readable by the app's own account only.

The folder holds the SQLite database (with its -wal and -shm files), the generated secret key
and field keys. It is created 0700 and the files 0600; a folder or file that already exists
with looser modes is tightened at start-up, with a log line saying so.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger("alongside.datadir")

FOLDER_MODE = 0o700
FILE_MODE = 0o600
# SQLite's companions of a database file (write-ahead log and shared-memory index).
SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def prepare_data_dir(path: Path) -> None:
    """Create the data folder 0700 (parents as usual), or tighten an existing one to 0700."""
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    _tighten(path, FOLDER_MODE)


def prepare_private_file(path: Path) -> None:
    """Tighten an existing file to 0600 (a missing one is left for its writer to create)."""
    if path.exists():
        _tighten(path, FILE_MODE)


def prepare_sqlite_database(path: Path) -> None:
    """Create the database file 0600 before SQLite first opens it, and tighten existing ones.

    SQLite creates the -wal and -shm files with the mode of the database file, so a 0600
    database gives 0600 companions; ones left from an earlier, looser start are tightened too.
    """
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        pass
    for suffix in SQLITE_SUFFIXES:
        prepare_private_file(path.with_name(path.name + suffix))


def _tighten(path: Path, mode: int) -> None:
    current = stat.S_IMODE(path.stat().st_mode)
    if current & ~mode:
        path.chmod(mode)
        log.warning(
            "Tightened %s from %o to %o: only the app's own account may read it.",
            path,
            current,
            mode,
        )
