"""Run a coroutine from a synchronous test, whatever loop the thread already has.

Playwright's sync API keeps an event loop on the main thread for the whole session, so
`async_to_sync` refuses to run there; a fresh thread with its own loop always works.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=30)
