"""GET a document from an address a person typed, without letting that address reach the
server's own network. Free of Django.

Why this and not urllib or requests: both resolve the host name themselves when they connect,
so a name that answered with a public address when we checked it can answer 127.0.0.1 a moment
later (DNS rebinding); both follow redirects to wherever they point; and their timeouts are per
socket operation, so a server trickling a byte a second holds a worker for as long as it likes.
The libraries on PyPI that pin addresses are either unmaintained (advocate, last released 2020,
written against urllib3 1.x) or a few months old. So this module is small on purpose:

- the name is resolved once, every address it gives is checked (loopback, private, link-local,
  multicast, reserved, unspecified, and IPv4 hidden inside IPv6 are refused), and the
  connection goes to that exact address, while the Host header, TLS SNI and the certificate
  check use the name (`http.client` with its socket factory swapped: nothing else changes);
- redirects are followed by hand, only to http(s), each hop resolved and checked again;
- one deadline covers the whole fetch (resolving, connecting, every redirect, the body): a
  watchdog closes the socket when it passes, whatever the far end is doing;
- the body is read up to a size limit and no further;
- errors carry a code, never the far end's words or the socket's (no addresses, no errno text).

Proxies from the environment are not used (http.client knows none), so none can be slipped in.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
REDIRECTS = frozenset({301, 302, 303, 307, 308})
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052: the last 32 bits are an IPv4 address

# What went wrong, in codes the caller turns into words for people.
NOT_ALLOWED = "not_allowed"  # a scheme other than http(s), or an address on a network we refuse
NO_SUCH_HOST = "no_such_host"
UNREACHABLE = "unreachable"
TIMEOUT = "timeout"
TOO_LARGE = "too_large"
HTTP_STATUS = "http_status"
TOO_MANY_REDIRECTS = "too_many_redirects"


class FetchError(Exception):
    """The fetch was refused or failed. `code` says which; `status` is the HTTP status for
    HTTP_STATUS, `size` the announced length for TOO_LARGE. Nothing from the far end is kept."""

    def __init__(self, code: str, *, status: int | None = None, size: int | None = None) -> None:
        super().__init__(code)
        self.code, self.status, self.size = code, status, size


@dataclass(frozen=True)
class FetchPolicy:
    deadline_seconds: float = 20.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    # Networks allowed although they are not public (an operator's own feed server; the tests'
    # server on 127.0.0.1). Empty by default: only public addresses are reached.
    allowed_networks: Sequence[IPNetwork] = ()
    user_agent: str = "Alongside meeting import"
    accept: str = "application/json, text/csv;q=0.9, */*;q=0.1"
    ssl_context: ssl.SSLContext | None = field(default=None, compare=False)


def parse_networks(values: Sequence[str]) -> tuple[IPNetwork, ...]:
    """ "127.0.0.1/32, 10.1.0.0/16" as networks; raises ValueError for one that is not."""
    return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in values if v.strip())


def is_public_address(ip: IPAddress) -> bool:
    """True when the address is on the public internet: not loopback, private, link-local,
    multicast, reserved, unspecified or shared (CGNAT), and not one of those in IPv6 dress."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # ::ffff:127.0.0.1 reaches 127.0.0.1
            return is_public_address(ip.ipv4_mapped)
        if ip in NAT64:  # 64:ff9b::7f00:1 reaches 127.0.0.1 through a NAT64 gateway
            return is_public_address(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if ip.sixtofour is not None and not is_public_address(ip.sixtofour):
            return False
        if ip.teredo is not None and not all(is_public_address(v4) for v4 in ip.teredo):
            return False
    refused = (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )
    return ip.is_global and not refused


def is_allowed_address(ip: IPAddress, policy: FetchPolicy) -> bool:
    plain = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped else ip
    if any(plain.version == net.version and plain in net for net in policy.allowed_networks):
        return True
    return is_public_address(ip)


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str


def _target(url: str) -> _Target:
    try:
        parts = urlsplit(url.strip())
        host, port = parts.hostname, parts.port
    except ValueError as exc:  # a port that is not a number, a broken IPv6 literal
        raise FetchError(NOT_ALLOWED) from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not host or parts.username or parts.password:
        raise FetchError(NOT_ALLOWED)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(scheme, host, port or (443 if scheme == "https" else 80), path)


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            raise FetchError(TIMEOUT)
        return left

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self.at


def _resolve(target: _Target, deadline: _Deadline, policy: FetchPolicy) -> list[str]:
    """Every address the name has, each one checked. getaddrinfo has no timeout of its own, so
    it runs in a thread we stop waiting for at the deadline."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        future = pool.submit(socket.getaddrinfo, target.host, target.port, type=socket.SOCK_STREAM)
        infos = future.result(timeout=deadline.remaining())
    except concurrent.futures.TimeoutError as exc:
        raise FetchError(TIMEOUT) from exc
    except (OSError, UnicodeError) as exc:
        raise FetchError(NO_SUCH_HOST) from exc
    finally:
        pool.shutdown(wait=False)
    addresses = list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))
    # A name with one refused address among public ones is refused whole: which one a
    # connection would use is not ours to predict.
    if not addresses or not all(
        is_allowed_address(ipaddress.ip_address(a), policy) for a in addresses
    ):
        raise FetchError(NOT_ALLOWED)
    return addresses


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """http.client's connection, with the socket opened to an address checked beforehand
    rather than to whatever the name resolves to when it connects."""

    def __init__(
        self, host: str, port: int, *, address: str, timeout: float, **kwargs: object
    ) -> None:
        super().__init__(host, port, timeout=timeout, **kwargs)  # type: ignore[arg-type]
        self._pinned = address
        self._create_connection = self._connect_pinned

    def _connect_pinned(
        self, _address: object, timeout: float, source_address: object = None
    ) -> socket.socket:
        return socket.create_connection((self._pinned, self.port), timeout, source_address)  # type: ignore[arg-type]

    def abort(self) -> None:
        """Called by the watchdog from another thread: whatever is blocked on the socket returns."""
        sock = self.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _PinnedHTTPSConnection(_PinnedHTTPConnection, http.client.HTTPSConnection):
    """The same for https: SNI and the certificate check use the host name (http.client's own
    `wrap_socket(server_hostname=self.host)`), the TCP connection goes to the pinned address."""


def _get(
    target: _Target, address: str, deadline: _Deadline, policy: FetchPolicy
) -> tuple[int, str | None, bytes]:
    """One request to one address: (status, Location, body). The body is read only for 200."""
    if target.scheme == "https":
        context = policy.ssl_context or ssl.create_default_context()
        conn: _PinnedHTTPConnection = _PinnedHTTPSConnection(
            target.host, target.port, address=address, timeout=deadline.remaining(), context=context
        )
    else:
        conn = _PinnedHTTPConnection(
            target.host, target.port, address=address, timeout=deadline.remaining()
        )
    watchdog = threading.Timer(deadline.remaining(), conn.abort)
    watchdog.daemon = True
    watchdog.start()
    try:
        conn.request(
            "GET",
            target.path,
            headers={
                "User-Agent": policy.user_agent,
                "Accept": policy.accept,
                "Accept-Encoding": "identity",
            },
        )
        response = conn.getresponse()
        if response.status in REDIRECTS:
            return response.status, response.getheader("Location"), b""
        if response.status != 200:
            return response.status, None, b""
        length = response.getheader("Content-Length") or ""
        if length.isdigit() and int(length) > policy.max_bytes:
            raise FetchError(TOO_LARGE, size=int(length))
        body = bytearray()
        while chunk := response.read1(64 * 1024):
            body += chunk
            if len(body) > policy.max_bytes:
                raise FetchError(TOO_LARGE)
            deadline.remaining()
        if deadline.passed:
            raise FetchError(TIMEOUT)
        return 200, None, bytes(body)
    except FetchError:
        raise
    except (OSError, http.client.HTTPException, ValueError) as exc:
        # ssl.SSLError and socket.timeout are OSErrors; their text stays here.
        raise FetchError(
            TIMEOUT if deadline.passed or isinstance(exc, TimeoutError) else UNREACHABLE
        ) from exc
    finally:
        watchdog.cancel()
        conn.close()


def _connect_any(
    target: _Target, addresses: list[str], deadline: _Deadline, policy: FetchPolicy
) -> tuple[int, str | None, bytes]:
    error = FetchError(UNREACHABLE)
    for address in addresses:
        try:
            return _get(target, address, deadline, policy)
        except FetchError as exc:
            if exc.code != UNREACHABLE:
                raise
            error = exc
    raise error


def fetch(url: str, policy: FetchPolicy | None = None) -> bytes:
    """The body of a 200 answer at `url`, following up to `max_redirects` redirects.

    Raises FetchError (its `code` says why) for a scheme other than http(s), a host that
    resolves to an address not allowed, a deadline passed, a body over the limit, any other
    status, too many redirects, or a connection that fails.
    """
    policy = policy or FetchPolicy()
    deadline = _Deadline(policy.deadline_seconds)
    for _hop in range(policy.max_redirects + 1):
        target = _target(url)
        addresses = _resolve(target, deadline, policy)
        status, location, body = _connect_any(target, addresses, deadline, policy)
        if status == 200:
            return body
        if status in REDIRECTS and location:
            url = urljoin(url, location.strip())
            continue
        raise FetchError(HTTP_STATUS, status=status)
    raise FetchError(TOO_MANY_REDIRECTS)
