"""Finish PDFs with pikepdf (qpdf): one athlete's pages into a file of its own, metadata,
bookmarks, encryption. Metadata never holds a name or a health value: only the handout's title,
subject and language.

qpdf copies pages between documents and writes files in C++, several times faster than a pure
Python writer; a batch cuts every athlete's file out of a shared document, so that cost is paid
once per athlete (see `HandoutMaker.render`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Dictionary, Name, OutlineItem, Pdf, String

from generator import __version__
from generator.content.document import DocInfo
from generator.layout.tags import Element
from generator.pdf import tagging
from generator.pdf.objects import PRODUCER, pdf_date

# Streams are copied as they are: never decoded and compressed again (that would cost time, and an
# outside PDF's streams could expand without limit).
RAW = pikepdf.StreamDecodeLevel.none


def open_bytes(data: bytes) -> Pdf:
    """Open a PDF this run rendered (held in memory)."""
    return Pdf.open(io.BytesIO(data))


def set_info(pdf: Pdf, info: DocInfo) -> None:
    """Give a PDF its title (shown in the window), subject, language, dates and XMP metadata,
    and nothing personal."""
    date = pdf_date()
    tagging.describe(pdf, info, date)
    pdf.docinfo = pdf.make_indirect(
        Dictionary(
            Title=String(info.title),
            Subject=String(info.subject),
            Creator=String(f"handouts {__version__}"),
            Producer=String(PRODUCER),
            CreationDate=String(date),
            ModDate=String(date),
        )
    )
    pdf.Root.Lang = String(info.language)
    # Open with the bookmarks showing, so a reader sees the sections at once.
    pdf.Root.PageMode = Name.UseOutlines


def outline_items(headings: Sequence[tuple[int, str, int]], page_offset: int) -> list[OutlineItem]:
    """Return headings (level, text, page index) as nested bookmarks; levels never skip."""
    top: list[OutlineItem] = []
    stack: list[list[OutlineItem]] = [top]
    for level, text, page in headings:
        depth = min(level, len(stack) - 1)
        del stack[depth + 1 :]
        item = OutlineItem(text, page - page_offset)
        stack[depth].append(item)
        stack.append(item.children)
    return top


def add_outline(pdf: Pdf, items: Sequence[OutlineItem]) -> None:
    with pdf.open_outline() as outline:
        outline.root.extend(items)


def save_options(password: str | None) -> dict[str, Any]:
    """Return how to write a finished file: AES-256 with a password, else reproducible bytes."""
    # Our streams are compressed by reportlab already: asking qpdf to compress streams again
    # makes it look at each one, about six times the cost of writing the file.
    options: dict[str, Any] = {"compress_streams": False}
    if password:
        # (pikepdf takes no decode level with encryption; compressed streams stay as they are.)
        # Locked, a file still lets screen readers read its text and tags (the default, said).
        allow = pikepdf.Permissions(accessibility=True)
        options["encryption"] = pikepdf.Encryption(owner=password, user=password, R=6, aes=True, allow=allow)
    else:
        options["stream_decode_level"] = RAW
        # The file's ID comes from its content, so SOURCE_DATE_EPOCH gives the same bytes twice.
        options["deterministic_id"] = True
    return options


def to_bytes(pdf: Pdf, password: str | None = None) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, **save_options(password))
    return buffer.getvalue()


def extract(
    source: Pdf,
    start: int,
    pages: int,
    headings: Sequence[tuple[int, str, int]],
    info: DocInfo,
    password: str | None = None,
    tags: Sequence[Element] = (),
) -> bytes:
    """Return pages [start, start + pages) of a rendered document as a finished PDF of their own,
    with the structure tree of the sections `tags` laid out on them (none: untagged)."""
    pdf = Pdf.new()
    pdf.pages.extend(source.pages[start : start + pages])
    if headings:
        add_outline(pdf, outline_items(headings, start))
    set_info(pdf, info)
    if tags:
        tagging.tag_file(pdf, tags, start, info)
    return to_bytes(pdf, password)


def page_count(path: Path, password: str | None = None) -> int:
    """Return how many pages a finished file has (one this run wrote)."""
    with Pdf.open(path, password=password or "") as pdf:
        return len(pdf.pages)
