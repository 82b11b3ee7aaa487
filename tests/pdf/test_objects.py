"""The PDF object layer: what it spells is what a PDF reader reads back."""

from __future__ import annotations

import io
from typing import Any

import pikepdf
from pypdf import PdfReader

from generator.content.document import DocInfo
from generator.pdf import objects
from generator.pdf import stream as pdfstream


def _document(pages: int, front: int) -> bytes:
    buffer = io.BytesIO()
    out = pdfstream.Writer(buffer)
    tree, font = out.number(), out.number()
    out.put(font, objects.dictionary(b"/Type/Font/Subtype/Type1/BaseFont/Helvetica"))
    numbers = []
    for index in range(pages):
        contents, page = out.number(), out.number()
        stamp = objects.stamp(f"Packet page {index + 1} (of) \\ {pages}", "HPkt", 8, 20, 16, (0.4, 0.4, 0.4))
        out.put_stream(contents, b"", stamp)
        resources = b"/Font" + objects.resource_table([("/HPkt", font)])
        out.put(
            page,
            objects.dictionary(
                b"/Type/Page" + objects.page_entries(tree, resources, contents) + b"/MediaBox[0 0 200 100]"
            ),
        )
        numbers.append(page)
    out.put(tree, objects.page_tree(pages, b" ".join(objects.ref(n) for n in numbers)))
    items = [("Zoë Ñúñez", front, [("Prevention", front), ("Recovery", pages - 1)]), ("Ben", pages - 1, [])]
    outline = pdfstream.outline(out, iter(items), lambda i: objects.ref(numbers[i]), len(items))
    root, info = out.number(), out.number()
    out.put(root, objects.catalog(tree, objects.page_labels(front, pages), "es", outline))
    out.put(info, objects.info(DocInfo("Paquete", "Calambres", "es"), "D:20261204000000+00'00'"))
    out.finish(root, info)
    return buffer.getvalue()


def test_a_document_spelled_by_the_object_layer_is_valid_and_reads_back() -> None:
    data = _document(pages=5, front=2)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert str(pdf.Root.Lang) == "es" and pdf.Root.PageMode == pikepdf.Name.UseOutlines
        assert str(pdf.docinfo.Title) == "Paquete" and str(pdf.docinfo.Producer) == objects.PRODUCER
    reader = PdfReader(io.BytesIO(data))
    assert reader.page_labels == ["i", "ii", "1", "2", "3"]
    outline: Any = reader.outline
    assert outline[0].title == "Zoë Ñúñez" and [o.title for o in outline[1]] == ["Prevention", "Recovery"]
    assert outline[2].title == "Ben"
    assert reader.get_destination_page_number(outline[1][1]) == 4
    assert "Packet page 3 (of) \\ 5" in reader.pages[2].extract_text()


def test_a_front_with_no_pages_after_it_has_one_label_range() -> None:
    assert objects.page_labels(3, 3) == b"<</Nums[0<</S/r/St 1>>]>>"
    assert objects.page_labels(0, 4) == b"<</Nums[0<</S/D/St 1>>]>>"  # no front: 1, 2, 3...
    assert objects.page_labels(2, 4) == b"<</Nums[0<</S/r/St 1>> 2<</S/D/St 1>>]>>"


def test_text_strings_are_escaped_and_unicode_when_needed() -> None:
    assert objects.text("Plain (1)") == b"(Plain \\(1\\))"
    assert objects.text("Zoë") == b"<5a6feb>"  # PDFDocEncoding holds it
    assert objects.text("Łukasz 李").lower().startswith(b"<feff")  # it does not: UTF-16
    assert objects.name("/F1+0") == b"/F1+0"
