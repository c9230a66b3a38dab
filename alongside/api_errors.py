"""The error an app's API raises to answer in the API's one error shape with its own status and
code. A leaf module: apps import it, and the API root (`alongside.api`, which imports every app's
router) turns it into the answer, so no app imports the API root."""

from __future__ import annotations


class ApiError(Exception):
    """`headers` are added to the answer (a 429's Retry-After)."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}
