"""Finish PDFs: one athlete's pages into a file of its own, with bookmarks, structure tree,
metadata and, if asked, a password. Metadata never holds a name or a health value: only the
handout's title, subject and language.

A batch cuts every athlete's file out of a shared rendered document (see
`HandoutMaker.render`). The file is written object by object (`generator.pdf.stream`): its
pages, fonts and drawings are copied as they are, never decoded, and its structure tree is
written as bytes straight from what the layout recorded, several times quicker than building
the same objects with pikepdf. Only a locked file goes through qpdf, which encrypts it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Pdf

from generator.content.document import DocInfo
from generator.errors import RenderError
from generator.pdf import objects, tagging
from generator.pdf import stream as pdfstream
from generator.pdf.structure import Template

# Streams are copied as they are: never decoded and compressed again (that would cost time, and an
# outside PDF's streams could expand without limit).
RAW = pikepdf.StreamDecodeLevel.none


def open_bytes(data: bytes) -> Pdf:
    """Open a PDF this run rendered (held in memory)."""
    return Pdf.open(io.BytesIO(data))


def bookmarks(headings: Sequence[tuple[int, str, int]], page_offset: int) -> list[pdfstream.Bookmark]:
    """Return headings (level, text, page index) as nested bookmarks; levels never skip."""
    top: list[pdfstream.Bookmark] = []
    stack: list[list[pdfstream.Bookmark]] = [top]
    for level, text, page in headings:
        depth = min(level, len(stack) - 1)
        del stack[depth + 1 :]
        below: list[pdfstream.Bookmark] = []
        stack[depth].append((text, page - page_offset, below))
        stack.append(below)
    return top


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
    tree: Template | None = None,
) -> bytes:
    """Return pages [start, start + pages) of a rendered document as a finished PDF of their own,
    tagged with the structure `tree` of the sections laid out on them (None: untagged)."""
    buffer = io.BytesIO()
    out = pdfstream.Writer(buffer)
    page_tree = out.number()
    numbers = [out.number() for _ in range(pages)]
    structure = tagging.TreeWriter(out) if tree is not None else None
    keys = [structure.key() if structure is not None else None for _ in range(pages)]
    copier = pdfstream.Copier(out)
    for index, number in enumerate(numbers):
        extra = objects.parent(page_tree)
        key = keys[index]
        if key is not None:
            extra += objects.structure_keys(key)
        copier.write(number, source.pages[start + index].obj, extra, leave=("/StructParents", "/Tabs"))
    out.put(page_tree, objects.page_tree(pages, b" ".join(objects.ref(n) for n in numbers)))

    def page_ref(index: int) -> bytes:
        return objects.ref(numbers[index])

    marks = bookmarks(headings, start)
    outline = pdfstream.outline(out, marks, page_ref, len(marks))
    root = None
    if structure is not None:
        assert tree is not None

        def placed(page: int) -> tuple[int, int]:
            at, key = page - start, keys[page - start] if 0 <= page - start < pages else None
            if key is None:
                raise RenderError(f"the structure of '{info.title}' names a page it does not have")
            return numbers[at], key

        root = structure.finish(structure.place(tree, placed), info.language)
    date = objects.pdf_date()
    metadata = out.number()
    out.put_stream(metadata, objects.METADATA, objects.xmp(info, date, tree is not None))
    catalog, details = out.number(), out.number()
    out.put(catalog, objects.catalog(page_tree, None, info.language, outline, root, metadata))
    out.put(details, objects.info(info, date))
    out.finish(catalog, details)
    data = buffer.getvalue()
    if not password:
        return data
    with open_bytes(data) as pdf:
        return to_bytes(pdf, password)


def page_count(path: Path, password: str | None = None) -> int:
    """Return how many pages a finished file has (one this run wrote)."""
    with Pdf.open(path, password=password or "") as pdf:
        return len(pdf.pages)
