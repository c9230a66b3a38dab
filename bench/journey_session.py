"""Signing in over HTTP for the journey benchmarks: a real session cookie and CSRF token,
obtained the way a browser gets them (login form, then the page whose form is posted)."""

from __future__ import annotations

import http.client
import re
from urllib.parse import urlencode, urlsplit

EMAIL = "bench.member@example.org"
PASSWORD = "bench-walk-alongside"
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class Session:
    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, bytes, str]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Cookie": self.cookie_header()}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            for header in response.msg.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                value = rest.split(";", 1)[0]
                if value in ("", '""') or "max-age=0" in rest.lower():
                    self.cookies.pop(name.strip(), None)  # deleted, as a browser drops it
                else:
                    self.cookies[name.strip()] = value
            return response.status, response.read(), response.getheader("Location", "")
        finally:
            conn.close()

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def token(self, path: str) -> str:
        status, body, _ = self.request("GET", path)
        found = TOKEN.search(body)
        if status != 200 or found is None:
            raise RuntimeError(f"GET {path} answered {status} without a CSRF token")
        return found.group(1).decode()

    def login(self, email: str = EMAIL, password: str = PASSWORD) -> None:
        token = self.token("/accounts/login/")
        status, _body, location = self.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "login": email, "password": password},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"sign-in failed ({status}, to {location!r}); was seed_journey run?")
