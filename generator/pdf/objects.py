"""PDF syntax: every raw PDF object this tool writes by hand is spelled out here, and only here.

The streaming writer (`generator.pdf.stream`) and the packet (`generator.pdf.packet`) write
objects as bytes, so that a 50,000-page packet never has to be held in memory. What those bytes
say (a page tree, a catalog, a bookmark, the cross-reference stream) is built by the functions
below, from numbers and strings; nothing else in the package writes "<<" or "0 R".
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from decimal import Decimal

import pikepdf

from generator import __version__
from generator.content.document import DocInfo

HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"  # the binary comment: file tools treat it as binary
NULL = b"null"
FLATE = b"/Filter/FlateDecode"  # a stream's entries: compressed with zlib
PRODUCER = "handouts (reportlab, pikepdf)"


def ref(number: int) -> bytes:
    """Return a reference to object `number`."""
    return b"%d 0 R" % number


def name(key: str) -> bytes:
    """Return a name ("/Font") in PDF syntax, escaped as the standard asks."""
    return bytes(pikepdf.Name(key).unparse())


def text(value: str) -> bytes:
    """Return a PDF text string (UTF-16 when it is not plain ASCII)."""
    return bytes(pikepdf.String(value).unparse())


def number(value: float | int | Decimal) -> bytes:
    """Return a number in PDF syntax (never with an exponent)."""
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, Decimal):
        out = format(value.normalize(), "f")
    else:
        out = f"{value:.6f}".rstrip("0").rstrip(".")
    return (out if out not in ("-0", "") else "0").encode("ascii")


def entry(key: str, value: bytes) -> bytes:
    """Return one dictionary entry ("/Key value"), without a separator after it."""
    return name(key) + b" " + value


def dictionary(entries: bytes) -> bytes:
    """Return a dictionary from its entries, already in PDF syntax."""
    return b"<<" + entries + b">>"


def array_of(items: Iterable[bytes]) -> bytes:
    return b"[" + b" ".join(items) + b"]"


def stream(number_: int, entries: bytes, data: bytes) -> bytes:
    """Return a stream object as it stands in the file; `entries` without /Length."""
    head = b"%d 0 obj\n<<%s/Length %d>>\nstream\n" % (number_, entries, len(data))
    return head + data + b"\nendstream\nendobj\n"


def object_stream(count: int, first: int) -> bytes:
    """Return the entries of an object stream holding `count` objects, the first at `first`."""
    return b"/Type/ObjStm/N %d/First %d/Filter/FlateDecode" % (count, first)


def cross_reference(size: int, root: int, info: int | None, ident: bytes) -> bytes:
    """Return the entries of the cross-reference stream (rows of 1 + 5 + 2 bytes)."""
    entries = b"/Type/XRef/Size %d/W[1 5 2]/Root %s" % (size, ref(root))
    if info is not None:
        entries += b"/Info " + ref(info)
    return entries + b"/ID[<%s><%s>]/Filter/FlateDecode" % (ident, ident)


def file_end(xref_at: int) -> bytes:
    return b"startxref\n%d\n%%%%EOF\n" % xref_at


def page_tree(count: int, kids: bytes) -> bytes:
    """Return the page tree; `kids` are the pages' references, separated by spaces."""
    return b"<</Type/Pages/Count %d/Kids[%s]>>" % (count, kids)


def parent(tree: int) -> bytes:
    """Return the entry that puts a copied page in the page tree."""
    return b"/Parent " + ref(tree)


def page_entries(parent_: int, resources: bytes, contents: int) -> bytes:
    """Return the entries a copied page gets in its new document."""
    return b"/Parent %s/Resources<<%s>>/Contents %s" % (ref(parent_), resources, ref(contents))


def resource_entry(key: str, value: bytes) -> bytes:
    return entry(key, value) + b" "


def resource_table(entries: Iterable[tuple[str, int]]) -> bytes:
    """Return a table of named resources (fonts, images) pointing at their objects."""
    return dictionary(b"".join(name(key) + b" " + ref(number_) for key, number_ in entries))


def page_labels(front: int, count: int) -> bytes:
    """Return page labels: the front in lower-case roman numerals, then 1, 2, 3... after it."""
    labels = b"0<</S/r/St 1>>" if front else b""
    if count > front:
        labels += b" %d<</S/D/St 1>>" % front if front else b"0<</S/D/St 1>>"
    return b"<</Nums[%s]>>" % labels


def catalog(tree: int, labels: bytes, language: str, outline: int | None) -> bytes:
    """Return the document catalog; it opens with the bookmarks showing."""
    entries = b"/Type/Catalog/Pages %s/PageLabels%s" % (ref(tree), labels)
    entries += b"/Lang " + text(language) + b"/PageMode/UseOutlines"
    if outline is not None:
        entries += b"/Outlines " + ref(outline)
    return dictionary(entries)


def info(details: DocInfo, date: str) -> bytes:
    """Return the document information dictionary: never a name or a health value."""
    return dictionary(
        b"".join(
            (
                b"/Title " + text(details.title),
                b"/Subject " + text(details.subject),
                b"/Creator " + text(f"handouts {__version__}"),
                b"/Producer " + text(PRODUCER),
                b"/CreationDate " + text(date),
                b"/ModDate " + text(date),
            )
        )
    )


def link(rect: Iterable[float], page: int) -> bytes:
    """Return a link annotation over `rect` that opens page object `page`, with no border."""
    corners = b" ".join(number(v) for v in rect)
    return b"<</Type/Annot/Subtype/Link/Rect[%s]/Border[0 0 0]/Dest[%s/Fit]>>" % (corners, ref(page))


def annots(numbers: Iterable[int]) -> bytes:
    """Return a page's /Annots entry."""
    return b"/Annots[" + b" ".join(ref(n) for n in numbers) + b"]"


def outline_root(first: int, last: int, count: int) -> bytes:
    return b"<</Type/Outlines/First %s/Last %s/Count %d>>" % (ref(first), ref(last), count)


def bookmark(
    title: str,
    parent: int,
    page: bytes,
    previous: int | None,
    following: int | None,
    children: tuple[int, int, int] | None,
) -> bytes:
    """Return one bookmark; `children` (first, last, count) are shown closed."""
    body = b"/Title " + text(title) + b"/Parent " + ref(parent) + b"/Dest[" + page + b"/Fit]"
    if previous is not None:
        body += b"/Prev " + ref(previous)
    if following is not None:
        body += b"/Next " + ref(following)
    if children is not None:
        first, last, count = children
        body += b"/First %s/Last %s/Count -%d" % (ref(first), ref(last), count)
    return dictionary(body)


def drawing_with(drawn: bytes, more: bytes) -> bytes:
    """Return a page's drawing kept in its own graphics state (q/Q), then `more` drawn after it."""
    return b"q\n" + drawn + b"Q\n" + more


def pdf_date() -> str:
    """Return the creation date in PDF form: SOURCE_DATE_EPOCH's if set, else now (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC) if epoch.isdigit() else dt.datetime.now(dt.UTC)
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


def stamp(words: str, font: str, size: float, x: float, y: float, rgb: tuple[float, float, float]) -> bytes:
    """Return drawing operators that write one line of ASCII text (a page's packet number)."""
    escaped = words.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    colour = " ".join(f"{c:.3f}" for c in rgb) + " rg"
    return f"q {colour} BT /{font} {size:g} Tf {x:.1f} {y:g} Td ({escaped}) Tj ET Q".encode("ascii")
