from __future__ import annotations

import re

from alongside.lib.pdf import Document


def test_a_document_is_a_well_formed_pdf_with_a_cross_reference_table() -> None:
    doc = Document(title="Proof")
    doc.text("Proof of attendance", size=18, bold=True)
    for i in range(80):
        doc.text(f"Line {i} (with parentheses) and a backslash \\ and café")
    data = doc.render()
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    assert int(re.search(rb"/Count (\d+)", data).group(1)) >= 2  # 80 lines break onto more pages
    assert b"\\(with parentheses\\)" in data and "café".encode("cp1252") in data
    xref = int(re.search(rb"startxref\n(\d+)", data).group(1))
    assert data[xref:].startswith(b"xref")
    offsets = [int(m) for m in re.findall(rb"(\d{10}) 00000 n", data)]
    assert all(data[o:].split(b" ", 1)[0].isdigit() and b" 0 obj" in data[o : o + 20] for o in offsets)
