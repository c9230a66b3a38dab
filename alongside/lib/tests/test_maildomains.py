"""Whether a domain takes mail, read from DNS answers built here byte by byte: no network."""

from __future__ import annotations

import socket
import struct

import pytest

from alongside.lib import maildomains
from alongside.lib.maildomains import MX, build_query, parse_mx_answer


def name(domain: str) -> bytes:
    return b"".join(bytes([len(p)]) + p.encode() for p in domain.split(".") if p) + b"\0"


def answer(
    ident: int, domain: str, records: list[tuple[int, str]], *, rcode: int = 0, flags: int = 0x8180
) -> bytes:
    """A DNS response to an MX question for `domain`, each record (preference, exchange) with
    its owner name compressed to the question's."""
    header = struct.pack(">HHHHHH", ident, flags | rcode, 1, len(records), 0, 0)
    body = name(domain) + struct.pack(">HH", MX, 1)
    for preference, exchange in records:
        rdata = struct.pack(">H", preference) + name(exchange)
        body += b"\xc0\x0c" + struct.pack(">HHIH", MX, 1, 300, len(rdata)) + rdata
    return header + body


@pytest.mark.parametrize(
    ("domain", "reserved"),
    [
        ("localhost", True),
        ("family.invalid", True),
        ("mail.test", True),
        ("x.example", True),
        ("printer.local", True),
        ("example.org", False),
        ("gmail.com", False),
    ],
)
def test_reserved_names_never_take_mail(domain: str, reserved: bool) -> None:
    assert maildomains.is_reserved(domain) is reserved


def test_a_query_asks_one_mx_question_with_recursion() -> None:
    query = build_query("Example.org", 0x1234)
    assert query[:12] == struct.pack(">HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0)
    assert query[12:] == name("example.org") + struct.pack(">HH", MX, 1)
    with pytest.raises(ValueError):
        build_query("a" * 64 + ".org", 1)


def test_mx_records_say_the_domain_takes_mail() -> None:
    found = parse_mx_answer(
        answer(7, "example.org", [(10, "mx1.example.org"), (20, "mx2.example.org")]), 7
    )
    assert found is not None and found.exchanges == ("mx1.example.org", "mx2.example.org")
    assert not found.takes_no_mail


def test_a_null_mx_and_a_missing_name_take_no_mail() -> None:
    null = parse_mx_answer(answer(7, "nomail.example.org", [(0, "")]), 7)
    missing = parse_mx_answer(answer(7, "gmial.con", [], rcode=3), 7)
    assert null is not None and null.takes_no_mail
    assert missing is not None and not missing.exists and missing.takes_no_mail


@pytest.mark.parametrize(
    "message",
    [
        answer(8, "example.org", [(10, "mx.example.org")]),  # another question's answer
        answer(7, "example.org", [], rcode=2),  # the server failed
        answer(7, "example.org", [], flags=0x8380),  # truncated
    ],
)
def test_answers_that_cannot_tell_say_so(message: bytes) -> None:
    assert parse_mx_answer(message, 7) is None


def test_an_answer_cut_short_is_unreadable() -> None:
    whole = answer(7, "example.org", [(10, "mx.example.org")])
    with pytest.raises(ValueError):
        parse_mx_answer(whole[:-6], 7)


def test_without_mx_the_domains_own_address_decides(monkeypatch) -> None:
    monkeypatch.setattr(maildomains, "mx_records", lambda d: maildomains.MxAnswer(True, ()))
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [("addr",)])
    assert maildomains.takes_mail("example.org") is True

    def no_address(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "no such name")

    monkeypatch.setattr(socket, "getaddrinfo", no_address)
    assert maildomains.takes_mail("example.org") is False


def test_an_unreachable_resolver_cannot_tell_and_blocks_nobody(monkeypatch, tmp_path) -> None:
    conf = tmp_path / "resolv.conf"
    conf.write_text("# none here\nsearch example.org\n")
    assert maildomains.first_resolver(conf) is None
    conf.write_text("nameserver not-an-ip\nnameserver 192.0.2.53\n")
    assert maildomains.first_resolver(conf) == "192.0.2.53"
    monkeypatch.setattr(maildomains, "first_resolver", lambda: None)
    assert maildomains.mx_records("example.org") is None
    assert maildomains.takes_mail("example.org") is None
