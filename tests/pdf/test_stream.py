"""The packet's streaming PDF writer: valid files, faithful copies, nothing dragged along."""

from __future__ import annotations

import io
import zlib
from decimal import Decimal

import pikepdf
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, NumberObject

from generator.errors import InputError
from generator.pdf import objects
from generator.pdf import stream as pdfstream


def test_numbers_never_use_an_exponent() -> None:
    assert objects.number(Decimal("1E+2")) == b"100"
    assert objects.number(Decimal("0.0000015")) == b"0.0000015"
    assert objects.number(Decimal("-0")) == b"0"
    assert objects.number(2.5e-7) == b"0"
    assert objects.number(612.0) == b"612"
    assert objects.number(True) == b"true"
    assert objects.number(-3) == b"-3"


def _source() -> pikepdf.Pdf:
    """A document with one page whose resources hold a loop, a page reference and a stream."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 100))
    page = pdf.pages[0].obj
    page.Contents = pdf.make_stream(b"0 0 1 rg 10 10 50 50 re f")
    first = pdf.make_indirect(pikepdf.Dictionary(Name=pikepdf.String("Zoë (1) \\ ü")))
    second = pdf.make_indirect(pikepdf.Dictionary(Back=first, Size=Decimal("0.5"), Page=page))
    first.Next = second  # a loop: copied once each, both ways round
    page.Resources = pikepdf.Dictionary(Loop=first, Data=pdf.make_stream(b"\x00\xffraw"))
    page.AA = pikepdf.Dictionary(O=pikepdf.Dictionary(S=pikepdf.Name.JavaScript))
    return pdf


def _write(pages: int = 1, skip: tuple[str, ...] = ()) -> bytes:
    source = _source()
    buffer = io.BytesIO()
    out = pdfstream.Writer(buffer)
    tree = out.number()
    copier = pdfstream.Copier(out, skip)
    numbers = []
    for _ in range(pages):
        number = out.number()
        copier.write(number, source.pages[0].obj, objects.parent(tree))
        numbers.append(number)
    out.put(tree, objects.page_tree(pages, b" ".join(objects.ref(n) for n in numbers)))
    outline = pdfstream.outline(
        out, iter([("Zoë", 0, [("Topic", pages - 1)])]), lambda i: objects.ref(numbers[i]), 1
    )
    assert outline is not None
    root = out.number()
    out.put(root, objects.catalog(tree, objects.page_labels(0, pages), "en", outline))
    out.finish(root, None)
    return buffer.getvalue()


def test_a_copied_page_reads_back_the_same_in_qpdf_and_pypdf() -> None:
    data = _write(pages=3, skip=("/AA",))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert len(pdf.pages) == 3
        page = pdf.pages[2].obj
        assert page.Contents.read_bytes() == b"0 0 1 rg 10 10 50 50 re f"
        assert page.Resources.Data.read_bytes() == b"\x00\xffraw"
        loop = page.Resources.Loop
        assert str(loop.Name) == "Zoë (1) \\ ü"
        assert loop.Next.Back.objgen == loop.objgen  # the loop survives, as one object each
        assert loop.Next.Size == Decimal("0.5")
        assert "/Page" not in loop.Next  # a page met inside a resource is not copied (null)
        assert "/AA" not in page  # actions are skipped
        assert pdf.pages[0].obj.Resources.Loop.objgen == loop.objgen  # shared, not copied again
        with pdf.open_outline() as bookmarks:
            assert [b.title for b in bookmarks.root] == ["Zoë"]
            assert [c.title for c in bookmarks.root[0].children] == ["Topic"]
    reader = PdfReader(io.BytesIO(data))
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert len(reader.pages) == 3 and top == ["Zoë"]


def test_many_small_objects_fill_several_object_streams() -> None:
    data = _write(pages=pdfstream.PACKED * 2 + 7)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert len(pdf.pages) == pdfstream.PACKED * 2 + 7
        packed = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Type") == "/ObjStm"]
        assert len(packed) >= 2


def test_objects_written_as_lines_fill_streams_of_their_own_and_read_back() -> None:
    # A structure tree goes in as one piece of text, an object a line: more than LINES of them
    # take several object streams; a number given out and never written stays a free entry.
    buffer = io.BytesIO()
    out = pdfstream.Writer(buffer)
    never = out.number()
    count = pdfstream.LINES * 2 + 7
    numbers = out.reserve(count)
    lines = [b"<</N %d/Back %s>>" % (i, objects.ref(numbers[max(i - 1, 0)])) for i in range(count)]
    out.put_lines(numbers, b"\n".join(lines))
    with pytest.raises(AssertionError):
        out.put_lines(out.reserve(2), b"<<>>")  # one line for two objects
    out.put_lines(out.reserve(0), b"")  # a section whose tree holds nothing writes nothing
    tree, page, root = out.number(), out.number(), out.number()
    out.put(page, b"<</Type/Page/Parent %s/MediaBox[0 0 10 10]/Resources<<>>>>" % objects.ref(tree))
    out.put(tree, objects.page_tree(1, objects.ref(page)))
    out.put(root, objects.catalog(tree, None, "en", None))
    out.finish(root, None)
    data = buffer.getvalue()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
        for i in (0, 1, pdfstream.LINES - 1, pdfstream.LINES, count - 1):
            element = pdf.get_object((numbers[i], 0))
            assert element.N == i and element.Back.objgen == (numbers[max(i - 1, 0)], 0)
        packed = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Type") == "/ObjStm"]
        assert sorted(int(o.N) for o in packed)[-3:] == [7, pdfstream.LINES, pdfstream.LINES]
        xref = pdf.trailer
        assert list(xref.W) == [1, 4, 2]
        size = int(xref.Size)
    # The cross-reference rows, read by hand: the unwritten number is free (generation 65535),
    # the first object of the lines is the first in its stream.
    reader = PdfReader(io.BytesIO(data))
    last = reader.get_object(numbers[count - 1])
    assert isinstance(last, DictionaryObject) and last["/N"] == NumberObject(count - 1)
    xref_at = int(data[data.rindex(b"startxref") :].split()[1])
    start = data.index(b"stream\n", xref_at) + len(b"stream\n")
    end = data.index(b"\nendstream", start)
    rows = zlib.decompress(data[start:end])
    assert len(rows) == 7 * size  # a row for every object, the cross-reference stream's own too
    assert rows[7 * never : 7 * never + 7] == b"\0\0\0\0\0\xff\xff"
    assert rows[7 * numbers[0]] == 2 and rows[7 * numbers[0] + 5 : 7 * numbers[0] + 7] == b"\0\0"
    assert rows[7 * numbers[5] + 5 : 7 * numbers[5] + 7] == b"\0\x05"


def test_same_input_same_bytes() -> None:
    assert _write(pages=2) == _write(pages=2)


def test_too_deep_a_nesting_is_refused() -> None:
    pdf = pikepdf.new()
    deep: object = pikepdf.Array([1])
    for _ in range(pdfstream.DEEPEST + 5):
        deep = pikepdf.Array([deep])
    holder = pdf.make_indirect(pikepdf.Dictionary(Deep=deep))
    copier = pdfstream.Copier(pdfstream.Writer(io.BytesIO()))
    with pytest.raises(InputError, match="nests its objects too deeply"):
        copier.ref(holder)


def test_bookmarks_fewer_than_announced_are_refused() -> None:
    out = pdfstream.Writer(io.BytesIO())
    with pytest.raises(ValueError, match="1 bookmarks given where 2 were announced"):
        pdfstream.outline(out, iter([("Zoë", 0, [])]), lambda i: b"3 0 R", 2)
