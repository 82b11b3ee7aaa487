"""PDF syntax: every raw PDF object this tool writes by hand is spelled out here, and only here.

The streaming writer (`generator.pdf.stream`) and the packet (`generator.pdf.packet`) write
objects as bytes, so that a 50,000-page packet never has to be held in memory. What those bytes
say (a page tree, a catalog, a bookmark, the cross-reference stream) is built by the functions
below, from numbers and strings; nothing else in the package writes "<<" or "0 R".
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

import pikepdf

from generator import __version__
from generator.content.document import DocInfo
from generator.layout.tags import Element

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
    """Return the entries of the cross-reference stream (rows of 1 + 4 + 2 bytes)."""
    entries = b"/Type/XRef/Size %d/W[1 4 2]/Root %s" % (size, ref(root))
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


def catalog(
    tree: int,
    labels: bytes | None,
    language: str,
    outline: int | None,
    structure: int | None = None,
    metadata: int | None = None,
) -> bytes:
    """Return the document catalog; it opens with the bookmarks showing, and its title in the
    window. With a `structure` tree, the document says it is tagged."""
    entries = b"/Type/Catalog/Pages " + ref(tree)
    if labels is not None:
        entries += b"/PageLabels" + labels
    entries += b"/Lang " + text(language) + b"/PageMode/UseOutlines"
    entries += b"/ViewerPreferences<</DisplayDocTitle true>>"
    if outline is not None:
        entries += b"/Outlines " + ref(outline)
    if structure is not None:
        entries += b"/StructTreeRoot " + ref(structure) + b"/MarkInfo<</Marked true>>"
    if metadata is not None:
        entries += b"/Metadata " + ref(metadata)
    return dictionary(entries)


def struct_element(
    role: str, parent: bytes, kids: Sequence[bytes], page: bytes | None, extra: bytes = b""
) -> bytes:
    """Return an element of the structure tree; references (`parent`, `page`) and `kids` in PDF
    syntax, `extra` entries as they are."""
    held = kids[0] if len(kids) == 1 else b"[" + b" ".join(kids) + b"]"  # one kid stands alone
    if page is None:
        return b"<</Type/StructElem/S%s/P %s/K %s%s>>" % (_role(role), parent, held, extra)
    return b"<</Type/StructElem/S%s/P %s/Pg %s/K %s%s>>" % (_role(role), parent, page, held, extra)


_ROLES: dict[str, bytes] = {}


def _role(role: str) -> bytes:
    """Return a structure type as a name (a handful recur thousands of times: kept)."""
    found = _ROLES.get(role)
    if found is None:
        found = _ROLES[role] = name("/" + role)
    return found


def marked_on(page: bytes, mcid: int) -> bytes:
    """Return a reference to a marked span on another page than its element's."""
    return b"<</Type/MCR/Pg %s/MCID %d>>" % (page, mcid)


def annotation_ref(annotation: int, page: int) -> bytes:
    """Return a structure element's reference to an annotation (a link) on a page."""
    return b"<</Type/OBJR/Obj %s/Pg %s>>" % (ref(annotation), ref(page))


def struct_extra(element: Element) -> bytes:
    """Return an element's description, language, replacement text and attributes (a header
    cell's scope, a figure's box, a list's numbering), if it has any."""
    if not element.described:
        return b""
    alt, lang, scope, bbox = element.alt, element.lang, element.scope, element.bbox
    numbering, actual = element.numbering, element.actual
    out = b""
    if alt:
        out += b"/Alt " + text(alt)
    if lang:
        out += b"/Lang " + text(lang)
    if actual:
        out += b"/ActualText " + text(actual)
    if scope:
        out += b"/A<</O/Table/Scope" + name("/" + scope) + b">>"
    elif bbox is not None:
        out += b"/A<</O/Layout/BBox" + array_of(number(v) for v in bbox) + b">>"
    elif numbering:
        out += b"/A<</O/List/ListNumbering" + name("/" + numbering) + b">>"
    return out


def struct_root(document: int, parent_tree: bytes, next_key: int) -> bytes:
    """Return the root of the structure tree; `parent_tree` is its number tree, written out."""
    return b"<</Type/StructTreeRoot/K %s/ParentTree %s/ParentTreeNextKey %d>>" % (
        ref(document),
        parent_tree,
        next_key,
    )


def number_tree(pairs: Iterable[tuple[int, bytes]]) -> bytes:
    """Return a number tree with one leaf: (key, value in PDF syntax) in increasing order."""
    return b"<</Nums[" + b" ".join(b"%d %s" % (key, value) for key, value in pairs) + b"]>>"


def xmp(details: DocInfo, date: str, tagged: bool = True) -> bytes:
    """Return the document's XMP metadata: its title and language, and (when it is `tagged`)
    that it claims PDF/UA-1.

    Like the information dictionary, it never holds a name or a health value.
    """
    when = f"{date[2:6]}-{date[6:8]}-{date[8:10]}T{date[10:12]}:{date[12:14]}:{date[14:16]}Z"
    title, subject = _xml(details.title), _xml(details.subject)
    claim = "<pdfuaid:part>1</pdfuaid:part>\n" if tagged else ""
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/">
{claim}<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{_xml(details.language)}</rdf:li></rdf:Bag></dc:language>
<dc:format>application/pdf</dc:format>
<pdf:Producer>{_xml(PRODUCER)}</pdf:Producer>
<xmp:CreatorTool>handouts {__version__}</xmp:CreatorTool>
<xmp:CreateDate>{when}</xmp:CreateDate>
<xmp:ModifyDate>{when}</xmp:ModifyDate>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
    return packet.encode("utf-8")


METADATA = b"/Type/Metadata/Subtype/XML"  # the entries of the XMP stream


def _xml(value: str) -> str:
    """Return text safe in XML: escaped, without the control characters XML does not allow."""
    kept = _NOT_IN_XML.sub("", value)
    return kept.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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


def link(rect: Iterable[float], page: int, words: str = "", key: int | None = None) -> bytes:
    """Return a link annotation over `rect` that opens page object `page`, with no border;
    `words` describe it to a screen reader, `key` is its place in the structure tree."""
    corners = b" ".join(number(v) for v in rect)
    entries = b"/Type/Annot/Subtype/Link/Rect[%s]/Border[0 0 0]/Dest[%s/Fit]" % (corners, ref(page))
    if words:
        entries += b"/Contents " + text(words)
    if key is not None:
        entries += b"/StructParent %d" % key
    return dictionary(entries)


def structure_keys(key: int) -> bytes:
    """Return the entries of a tagged page: its key in the parent tree, tab order by structure."""
    return b"/StructParents %d/Tabs/S" % key


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
    # Page furniture: a screen reader skips it (an artifact).
    drawn = f"/Artifact BMC q {colour} BT /{font} {size:g} Tf {x:.1f} {y:g} Td ({escaped}) Tj ET Q EMC"
    return drawn.encode("ascii")
