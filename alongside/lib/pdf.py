"""A minimal PDF writer for plain text documents (one built-in font, A4 or Letter pages), free of
Django. Enough for a proof-of-attendance sheet without a PDF library: PDF 1.4, Helvetica in
WinAnsi encoding (characters outside Latin-1 become "?"), automatic page breaks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

LETTER = (612, 792)
MARGIN = 56


def _escape(text: str) -> str:
    latin = text.encode("cp1252", errors="replace").decode("cp1252")
    return latin.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("\r", "")


def _wrap(text: str, size: float, width: float) -> list[str]:
    # Helvetica averages about half an em per character; wrap conservatively.
    per_line = max(10, int(width / (size * 0.52)))
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words, line = paragraph.split(" "), ""
        for word in words:
            candidate = f"{line} {word}".strip()
            if len(candidate) > per_line and line:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


@dataclass
class Document:
    title: str
    page_size: tuple[int, int] = LETTER
    pages: list[list[str]] = field(default_factory=lambda: [[]])
    y: float = 0

    def __post_init__(self) -> None:
        self.y = self.page_size[1] - MARGIN

    def text(self, text: str, *, size: float = 11, bold: bool = False, gap: float = 4) -> None:
        width = self.page_size[0] - 2 * MARGIN
        for line in _wrap(text, size, width):
            if self.y - size < MARGIN:
                self.pages.append([])
                self.y = self.page_size[1] - MARGIN
            self.y -= size + 2
            font = "F2" if bold else "F1"
            self.pages[-1].append(f"BT /{font} {size} Tf {MARGIN} {self.y:.1f} Td ({_escape(line)}) Tj ET")
        self.y -= gap

    def rule(self) -> None:
        self.y -= 4
        self.pages[-1].append(f"0.6 w {MARGIN} {self.y:.1f} m {self.page_size[0] - MARGIN} {self.y:.1f} l S")
        self.y -= 8

    def render(self, *, created: dt.datetime | None = None) -> bytes:
        objects: list[bytes] = []

        def add(body: bytes) -> int:
            objects.append(body)
            return len(objects)

        catalog = add(b"")  # filled in once the page tree's number is known
        pages_id = add(b"")
        regular = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        bold = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
        kids = []
        total = len(self.pages)
        for number, ops in enumerate(self.pages, start=1):
            footer = f"BT /F1 8 Tf {MARGIN} 30 Td ({_escape(f'{self.title} - page {number} of {total}')}) Tj ET"
            stream = "\n".join([*ops, footer]).encode("cp1252", errors="replace")
            content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
            page = add(
                (
                    f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {self.page_size[0]} {self.page_size[1]}] "
                    f"/Resources << /Font << /F1 {regular} 0 R /F2 {bold} 0 R >> >> /Contents {content} 0 R >>"
                ).encode()
            )
            kids.append(page)
        objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode()
        objects[pages_id - 1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
        when = (created or dt.datetime.now(dt.UTC)).strftime("D:%Y%m%d%H%M%SZ")
        info = add(f"<< /Title ({_escape(self.title)}) /Producer (Alongside) /CreationDate ({when}) >>".encode())
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
        for offset in offsets:
            out += f"{offset:010d} 00000 n \n".encode()
        out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R /Info {info} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
        return bytes(out)
