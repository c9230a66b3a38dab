"""lib/safefetch.py over TLS with a real server on 127.0.0.1: the connection goes to the checked
address while SNI and the certificate check use the host name."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from alongside.lib import safefetch

NAME = "feeds.tls.test"


def _certificate(tmp: Path, name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / f"{name}.pem", tmp / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class _Handler(BaseHTTPRequestHandler):
    seen: list[str] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self.seen.append(self.headers.get("Host", ""))
        body = b"[]"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def tls_server(tmp_path) -> Iterator[tuple[int, Path, list[str], list[str]]]:
    """An https server on 127.0.0.1 whose certificate names only NAME; yields its port, the
    certificate to trust, the Host headers it saw and the SNI names it was asked for."""
    cert, key = _certificate(tmp_path, NAME)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    sni: list[str] = []
    context.sni_callback = lambda _sock, name, _ctx: sni.append(name or "")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    httpd.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
    _Handler.seen = []
    threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    yield httpd.server_address[1], cert, _Handler.seen, sni
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def name_on_loopback(monkeypatch) -> None:
    """NAME resolves to 127.0.0.1 (as a hosts file would say)."""
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host == NAME:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


def _policy(cert: Path) -> safefetch.FetchPolicy:
    return safefetch.FetchPolicy(
        deadline_seconds=5,
        allowed_networks=(ipaddress.ip_network("127.0.0.1/32"),),
        ssl_context=ssl.create_default_context(cafile=str(cert)),
    )


def test_tls_names_the_host_while_the_socket_goes_to_the_checked_address(
    tls_server, name_on_loopback
) -> None:
    port, cert, hosts, sni = tls_server
    assert safefetch.fetch(f"https://{NAME}:{port}/feed.json", _policy(cert)) == b"[]"
    assert hosts == [f"{NAME}:{port}"] and sni == [NAME]


def test_a_certificate_for_another_name_is_refused(tls_server, name_on_loopback) -> None:
    port, cert, hosts, _sni = tls_server
    with pytest.raises(safefetch.FetchError) as refused:
        safefetch.fetch(
            f"https://127.0.0.1:{port}/feed.json", _policy(cert)
        )  # the certificate names NAME, not the address
    assert refused.value.code == safefetch.UNREACHABLE and hosts == []


def test_the_loopback_name_is_refused_without_an_allowed_network(
    tls_server, name_on_loopback
) -> None:
    port, cert, hosts, sni = tls_server
    with pytest.raises(safefetch.FetchError) as refused:
        safefetch.fetch(
            f"https://{NAME}:{port}/feed.json",
            safefetch.FetchPolicy(ssl_context=ssl.create_default_context(cafile=str(cert))),
        )
    assert refused.value.code == safefetch.NOT_ALLOWED and hosts == [] and sni == []
