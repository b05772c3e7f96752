"""Reading back the PDFs the portal renders (core/pdf.py): the text, title, language and fonts."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader


@dataclass
class Pdf:
    text: str
    title: str
    language: str
    tagged: bool
    fonts: set[str]


def read_pdf(data: bytes) -> Pdf:
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return Pdf(
        text="\n".join(page.extract_text() for page in reader.pages),
        title=str(reader.metadata.get("/Title", "")),
        language=str(root.get("/Lang", "")),
        tagged=bool(root.get("/MarkInfo", {}).get("/Marked")) and "/StructTreeRoot" in root,
        fonts=fonts,
    )


def pdf_download(response) -> Pdf:
    """The PDF of a download response, checked to be one and to be tagged."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    document = read_pdf(response.content)
    assert document.tagged
    return document
