"""A small WebSocket client over plain sockets (RFC 6455), for tests and benchmarks that talk to a
real server: open with a session cookie, send text (masked, as a client must), read text.

No third-party client is needed: the handshake and the frames a test uses fit in a page."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket
import struct
from typing import Any


def _handshake(port: int, path: str, session: str) -> bytes:
    key = base64.b64encode(os.urandom(16)).decode()
    return (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: http://127.0.0.1:{port}\r\nCookie: sessionid={session}\r\n\r\n"
    ).encode()


def text_frame(text: str) -> bytes:
    payload = text.encode()
    mask = os.urandom(4)
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", 0x81, 0x80 | length)
    elif length < 2**16:
        header = struct.pack("!BBH", 0x81, 0x80 | 126, length)
    else:
        header = struct.pack("!BBQ", 0x81, 0x80 | 127, length)
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


class Closed(Exception):
    """The server closed the socket; `code` is its close status."""

    def __init__(self, code: int) -> None:
        super().__init__(f"closed with {code}")
        self.code = code


class Client:
    """A blocking client: `Client.open(port, path, session)`, `send_json`, `receive_json`."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    @classmethod
    def open(cls, port: int, path: str, session: str, timeout: float = 20) -> Client:
        sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        sock.sendall(_handshake(port, path, session))
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(1)
            if not chunk:
                raise ConnectionError(f"the server hung up during the handshake: {answer!r}")
            answer += chunk
        if not answer.startswith(b"HTTP/1.1 101"):
            raise ConnectionError(answer.decode(errors="replace"))
        return cls(sock)

    def _exactly(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise Closed(1006)
            data += chunk
        return data

    def send_json(self, value: Any) -> None:
        self.sock.sendall(text_frame(json.dumps(value)))

    def receive_json(self, timeout: float = 10) -> Any:
        self.sock.settimeout(timeout)
        while True:
            first, second = self._exactly(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack("!H", self._exactly(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._exactly(8))[0]
            payload = self._exactly(length)
            opcode = first & 0x0F
            if opcode == 0x8:
                raise Closed(struct.unpack("!H", payload[:2])[0] if payload else 1005)
            if opcode == 0x1:
                return json.loads(payload)

    def close(self) -> None:
        self.sock.close()


class AsyncClient:
    """The same, on asyncio streams, for benchmarks holding many sockets at once."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int, path: str, session: str) -> AsyncClient:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(_handshake(port, path, session))
        answer = await reader.readuntil(b"\r\n\r\n")
        if not answer.startswith(b"HTTP/1.1 101"):
            raise ConnectionError(answer.decode(errors="replace"))
        return cls(reader, writer)

    async def send_json(self, value: Any) -> None:
        self.writer.write(text_frame(json.dumps(value)))
        await self.writer.drain()

    async def receive_json(self) -> Any:
        while True:
            first, second = await self.reader.readexactly(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack("!H", await self.reader.readexactly(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", await self.reader.readexactly(8))[0]
            payload = await self.reader.readexactly(length)
            opcode = first & 0x0F
            if opcode == 0x8:
                raise Closed(struct.unpack("!H", payload[:2])[0] if payload else 1005)
            if opcode == 0x1:
                return json.loads(payload)

    async def close(self) -> None:
        self.writer.close()
