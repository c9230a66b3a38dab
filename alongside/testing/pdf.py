"""What a reader of a PDF sees: its text, page by page, as a PDF reader extracts it."""

from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """The document's text with runs of white space as one space, in compatibility-normalized
    form (NFKC), so Arabic set in its shaped presentation forms reads as the letters typed."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())
