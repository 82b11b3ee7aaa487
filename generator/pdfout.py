"""Finish PDFs with pypdf: one athlete's pages into a file of its own, metadata, bookmarks,
encryption. Metadata never holds a name or a health value: only the handout's title, subject
and language."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Sequence

from pypdf import PdfReader, PdfWriter
from pypdf.generic import IndirectObject, NameObject, TextStringObject

from generator import __version__
from generator.document import DocInfo


def pdf_date() -> str:
    """Return the creation date in PDF form: SOURCE_DATE_EPOCH's if set, else now (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC) if epoch.isdigit() else dt.datetime.now(dt.UTC)
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


def set_info(writer: PdfWriter, info: DocInfo) -> None:
    """Give a PDF its title, subject, language and dates, and nothing personal."""
    date = pdf_date()
    writer.add_metadata(
        {
            "/Title": info.title,
            "/Subject": info.subject,
            "/Creator": f"handouts {__version__}",
            "/Producer": "handouts (reportlab, pypdf)",
            "/CreationDate": date,
            "/ModDate": date,
        }
    )
    writer._root_object[NameObject("/Lang")] = TextStringObject(info.language)
    # Open with the bookmarks showing, so a reader sees the sections at once.
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")


def add_outline(
    writer: PdfWriter,
    headings: Sequence[tuple[int, str, int]],
    page_offset: int,
    parent: IndirectObject | None = None,
) -> None:
    """Add headings (level, text, page index) as nested bookmarks; levels never skip."""
    stack: list[IndirectObject | None] = [parent]
    for level, text, page in headings:
        depth = min(level, len(stack) - 1)
        del stack[depth + 1 :]
        item = writer.add_outline_item(title=text, page_number=page - page_offset, parent=stack[depth])
        stack.append(item)


def encrypt(writer: PdfWriter, password: str | None) -> None:
    """Lock a PDF with AES-256 when a password is given."""
    if password:
        writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")


def to_bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def extract(
    reader: PdfReader,
    start: int,
    pages: int,
    headings: Sequence[tuple[int, str, int]],
    info: DocInfo,
    password: str | None = None,
) -> bytes:
    """Return pages [start, start + pages) of a rendered document as a finished PDF of their own."""
    writer = PdfWriter()
    for index in range(start, start + pages):
        writer.add_page(reader.pages[index])
    add_outline(writer, headings, start)
    set_info(writer, info)
    encrypt(writer, password)
    return to_bytes(writer)
