"""Whether an e-mail domain takes mail at all, free of Django.

A reserved name never does (RFC 2606 and 6761: .invalid, .test, .example, .localhost, and a
name without a dot). Otherwise the domain's DNS says, as a sending server reads it (RFC 5321
§5.1): its MX records, or without any its own address; a "null MX" (RFC 7505) says it takes
none, and a name that does not exist takes none.

The standard library resolves addresses but has no MX lookup, so `mx_records` sends one DNS
question over UDP to the first resolver in /etc/resolv.conf and reads the answer. Every doubt
(no resolver, a timeout, a truncated or unreadable answer, a server failure) answers None,
"cannot tell", which callers take as a yes: a slow or unreachable resolver must never stop
someone from inviting the people they love.
"""

from __future__ import annotations

import ipaddress
import secrets
import socket
import struct
from dataclasses import dataclass
from pathlib import Path

RESERVED_SUFFIXES = ("invalid", "test", "example", "localhost", "local")
RESOLV_CONF = Path("/etc/resolv.conf")
TIMEOUT_SECONDS = 2.0

MX, A = 15, 1
NOERROR, NXDOMAIN = 0, 3
_RESPONSE, _TRUNCATED, _RECURSION_DESIRED = 0x8000, 0x0200, 0x0100


def is_reserved(domain: str) -> bool:
    """A name that by standard can never take mail."""
    name = domain.strip().rstrip(".").lower()
    return "." not in name or name.rsplit(".", 1)[1] in RESERVED_SUFFIXES


@dataclass(frozen=True)
class MxAnswer:
    exists: bool  # False: the name does not exist (NXDOMAIN)
    exchanges: tuple[str, ...]  # "" for a null MX

    @property
    def takes_no_mail(self) -> bool:
        return not self.exists or (bool(self.exchanges) and all(not e for e in self.exchanges))


def build_query(domain: str, ident: int, qtype: int = MX) -> bytes:
    """One DNS question (class IN) with recursion desired. Raises ValueError for a name that
    cannot be asked (a label over 63 bytes, a name over 253)."""
    name = domain.strip().rstrip(".").lower().encode("idna")
    if len(name) > 253:
        raise ValueError("name too long")
    labels = b""
    for label in name.split(b"."):
        if not 0 < len(label) <= 63:
            raise ValueError("bad label")
        labels += bytes([len(label)]) + label
    header = struct.pack(">HHHHHH", ident, _RECURSION_DESIRED, 1, 0, 0, 0)
    return header + labels + b"\0" + struct.pack(">HH", qtype, 1)


def _skip_name(message: bytes, offset: int) -> int:
    """The offset just past a (possibly compressed) name."""
    while True:
        length = message[offset]
        if length == 0:
            return offset + 1
        if length & 0xC0 == 0xC0:
            return offset + 2
        offset += 1 + length


def _read_name(message: bytes, offset: int) -> str:
    labels: list[str] = []
    for _hop in range(64):  # a loop of pointers is an unreadable answer, not a hang
        length = message[offset]
        if length == 0:
            return ".".join(labels)
        if length & 0xC0 == 0xC0:
            offset = struct.unpack(">H", message[offset : offset + 2])[0] & 0x3FFF
            continue
        labels.append(message[offset + 1 : offset + 1 + length].decode("ascii", "replace"))
        offset += 1 + length
    raise ValueError("name loops")


def parse_mx_answer(message: bytes, ident: int) -> MxAnswer | None:
    """What an answer to `build_query(…, ident)` says, or None when it cannot say (not our
    answer, truncated, a server failure). Raises ValueError for a message cut short."""
    try:
        got, flags, questions, answers, _ns, _ar = struct.unpack(">HHHHHH", message[:12])
        if got != ident or not flags & _RESPONSE or flags & _TRUNCATED:
            return None
        rcode = flags & 0x000F
        if rcode == NXDOMAIN:
            return MxAnswer(exists=False, exchanges=())
        if rcode != NOERROR:
            return None
        offset = 12
        for _q in range(questions):
            offset = _skip_name(message, offset) + 4
        exchanges = []
        for _a in range(answers):
            offset = _skip_name(message, offset)
            rtype, _class, _ttl, length = struct.unpack(">HHIH", message[offset : offset + 10])
            offset += 10
            if rtype == MX:
                exchanges.append(_read_name(message, offset + 2))
            offset += length
        if offset > len(message):
            raise ValueError("answer cut short")
    except (IndexError, struct.error) as error:
        raise ValueError("unreadable answer") from error
    return MxAnswer(exists=True, exchanges=tuple(exchanges))


def first_resolver(conf: Path = RESOLV_CONF) -> str | None:
    """The first nameserver the system is configured with."""
    try:
        lines = conf.read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        parts = line.split()
        if len(parts) >= 2 and parts[0] == "nameserver":
            try:
                return str(ipaddress.ip_address(parts[1].split("%", 1)[0]))
            except ValueError:
                continue
    return None


def mx_records(domain: str, *, server: str | None = None) -> MxAnswer | None:
    """Ask the resolver for the domain's MX records; None when it cannot be told."""
    server = server or first_resolver()
    if server is None:
        return None
    ident = secrets.randbelow(0x10000)
    try:
        question = build_query(domain, ident)
    except (ValueError, UnicodeError):
        return None
    family = socket.AF_INET6 if ":" in server else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.settimeout(TIMEOUT_SECONDS)
            sock.sendto(question, (server, 53))
            message, _sender = sock.recvfrom(4096)
        return parse_mx_answer(message, ident)
    except (OSError, ValueError):
        return None


def has_address(domain: str) -> bool | None:
    """Whether the name has an address of its own (the implicit MX); None when unsure."""
    try:
        return bool(socket.getaddrinfo(domain, 25, proto=socket.IPPROTO_TCP))
    except socket.gaierror as error:
        no_such = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}
        return False if error.errno in no_such else None
    except (OSError, UnicodeError):
        return None


def takes_mail(domain: str) -> bool | None:
    """True or False when the DNS says; None when it cannot be told (callers accept then)."""
    if is_reserved(domain):
        return False
    answer = mx_records(domain)
    if answer is None:
        return None
    if answer.takes_no_mail:
        return False
    if answer.exchanges:
        return True
    return has_address(domain)
