"""The layout on its own: document blocks in, pages out, with no roster or batch around it."""

from __future__ import annotations

import pytest
from reportlab.lib import colors
from reportlab.platypus import PageBreak

from generator.content import document as doc
from generator.errors import UnprintableText
from generator.layout.flowables import SectionStart
from generator.layout.fonts import FAMILY, fit_text, register_fonts
from generator.layout.render import Footer, PageSetup, frame_width, render_document
from generator.layout.theme import load_layout, load_theme, theme_color, tint
from generator.layout.writer import Writer
from tests.pdfs import font_names, page_texts

LAYOUT = load_layout()


def writer(paper: str = "a4") -> Writer:
    setup = PageSetup(paper, LAYOUT, load_theme())
    return Writer(setup, register_fonts(LAYOUT), frame_width(paper, LAYOUT))


def blocks(n: int) -> list[doc.Block]:
    out: list[doc.Block] = [doc.Heading(1, "Topic")]
    out += [doc.Para(((f"Line {i} of a long section that runs over pages. " * 6, False),)) for i in range(n)]
    return out


def test_sections_know_their_pages_and_number_them_from_one() -> None:
    w = writer()
    story = [SectionStart(0), *w.flowables(blocks(60), lambda kind: []), PageBreak()]
    story += [SectionStart(1), *w.flowables(blocks(3), lambda kind: [])]
    footers = [
        Footer("First · Education, not a diagnosis.", "Page {page} of {pages}"),
        Footer("Second", "Page {page} of {pages}"),
    ]
    rendered = render_document(story, w.setup, footers)
    first, second = rendered.sections
    assert first.start == 0 and first.pages >= 2
    assert second.start == first.pages and second.pages == 1
    assert rendered.pages == first.pages + second.pages
    texts = page_texts(rendered.pdf)
    assert f"Page 1 of {first.pages}" in texts[0] and "First · Education" in texts[0]
    assert f"Page {first.pages} of {first.pages}" in texts[first.pages - 1]
    assert "Page 1 of 1" in texts[-1] and "Second" in texts[-1]
    assert first.headings[0][:2] == (0, "Topic")


def test_only_the_handout_font_family_is_used() -> None:
    w = writer()
    story = [
        SectionStart(0),
        *w.flowables([*blocks(2), doc.Checklist(((("Drink water", True),),))], lambda k: []),
    ]
    rendered = render_document(story, w.setup, [Footer("x", "Page {page} of {pages}")])
    names = font_names(rendered.pdf)
    assert names and all("FiraSans" in n for n in names), names  # never an unembedded Helvetica


def test_text_is_never_read_as_markup() -> None:
    w = writer()
    para = w.paragraph(doc.Para((("<b>not bold</b> & <font size=40>big</font>", False),), "body"))
    rendered = render_document([SectionStart(0), para], w.setup, [Footer("", "")])
    assert "<b>not bold</b> & <font size=40>big</font>" in page_texts(rendered.pdf)[0]


def test_characters_no_font_prints_show_as_a_placeholder_with_one_warning() -> None:
    # Thai is not printed yet (its marks stack and it breaks lines without spaces); U+0378 is
    # no character at all: neither is looked for in any font.
    w = writer()
    assert w.plain("Zoë สมชาย") == "Zoë ▯▯▯▯▯"
    assert w.plain("Ana \u0378") == "Ana ▯"
    assert w.warnings == ["6 different characters no font here can print show as '▯'"]  # one, for all
    assert "▯" in w.text("\u0378") and "<font" not in w.text("Zoë")


def test_a_strict_writer_refuses_them_naming_the_script_never_the_characters() -> None:
    w = writer()
    strict = Writer(w.setup, w.font, w.width, strict=True)
    with pytest.raises(UnprintableText) as caught:
        strict.plain("Zoë สมชาย")
    message = str(caught.value)
    assert "Thai script" in message and "--allow-missing-glyphs" in message
    assert "สมชาย" not in message and "ส" not in message
    assert strict.plain("Zoë Ñúñez Ελένη Юлия Nguyễn") == "Zoë Ñúñez Ελένη Юлия Nguyễn"  # the handout font's


def test_letter_is_wider_than_a4_and_text_is_cut_to_fit() -> None:
    assert frame_width("letter", LAYOUT) > frame_width("a4", LAYOUT)
    register_fonts(LAYOUT)
    cut = fit_text("Alexandria Konstantinopoulou-Papadimitriou", 60, 9)
    assert cut.endswith("…") and len(cut) < 20
    assert fit_text("Ana", 60, 9) == "Ana"


def test_theme_colours_and_tints() -> None:
    theme = load_theme()
    accent = theme_color(theme, "accent")
    assert isinstance(accent, colors.Color)
    assert tint(accent, 0).rgb() == pytest.approx(accent.rgb())
    assert tint(accent, 1).rgb() == pytest.approx((1.0, 1.0, 1.0))


def test_the_family_is_registered_once_with_its_four_faces() -> None:
    from reportlab.pdfbase import pdfmetrics

    register_fonts(LAYOUT)
    register_fonts(LAYOUT)
    for suffix in ("", "-Bold", "-Italic", "-BoldItalic"):
        assert pdfmetrics.getFont(FAMILY + suffix) is not None


def test_text_too_big_for_any_page_is_a_clear_error_not_a_crash() -> None:
    from generator.errors import RenderError
    from generator.layout.flowables import grid

    w = writer()
    huge = w.para(w.text("word " * 20_000), "body")
    with pytest.raises(RenderError, match="too long to fit on a page"):
        render_document([SectionStart(0), grid([[huge]], [w.width], [])], w.setup, [Footer("", "")])
