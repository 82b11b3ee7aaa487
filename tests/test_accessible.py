"""Accessible PDFs: every handout, guide, report and packet is tagged for screen readers (PDF/UA-1).

Each document is checked three ways: the `pdfua` checker finds nothing (and skips none of its
rules); the structure holds (`tests.tagged.problems`: every piece of text drawn is in a span
the tree refers to exactly once, or page furniture); and poppler, reading along the tree,
gets the same words in the same order as the pages draw.
"""

from __future__ import annotations

import io
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import CliRunner, Result
from reportlab.pdfgen.canvas import Canvas

from generator import api
from generator.cli import cli
from tests.conftest import EXAMPLES, ROOT
from tests.layout.test_two_pages import FULLEST_EMERGENCY, FULLEST_TRAINING
from tests.pdfs import make, profile
from tests.tagged import elements, pdfua_findings, problems, reading, struct_words, tagged_words

needs_poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def accessible(path: Path) -> None:
    """Assert that a PDF we wrote is tagged as PDF/UA-1 asks, as far as a machine can tell."""
    assert problems(path) == []
    assert pdfua_findings(path) == []
    if shutil.which("pdfinfo"):
        read = struct_words(path)
        assert reading(read) == reading(tagged_words(path))
        assert len(read) > 20  # the words are there, not only the tags


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example roster as handouts and a double-sided packet (contents links, blank pages)."""
    out = tmp_path_factory.mktemp("team")
    result = run("batch", EXAMPLES / "roster.csv", "-o", out, "--packet", out / "packet.pdf", "--duplex")
    assert result.exit_code == 0, result.output
    return out, out / "packet.pdf"


def test_every_handout_of_a_batch_is_tagged(team: tuple[Path, Path]) -> None:
    out, packet = team
    handouts = sorted(p for p in out.glob("*.pdf") if p != packet)
    assert len(handouts) == 24
    for path in handouts:
        accessible(path)


def test_the_packet_is_one_tagged_document(team: tuple[Path, Path]) -> None:
    _, packet = team
    accessible(packet)
    with pikepdf.open(packet) as pdf:
        document = pdf.Root.StructTreeRoot.K
        parts = list(document.K)
        # Cover, report, contents, the guide in English and in Spanish, then each athlete.
        assert len(parts) == 5 + 24
        assert {str(p.S) for p in parts} == {"/Part"}
        languages = [str(p.get("/Lang", "")) for p in parts]
        assert "es" in languages[3:5] and "es" in languages[5:]  # Spanish readers' parts say so
        # The contents' lines are links a screen reader can follow, each described.
        links = [a for page in pdf.pages for a in page.obj.get("/Annots", []) if a.Subtype == "/Link"]
        assert len(links) == 24
        assert all(str(a.Contents).strip() for a in links)


@pytest.mark.parametrize(
    ("values", "options"),
    [
        ({}, {}),
        (FULLEST_TRAINING, {"paper": "letter", "language": "es"}),
        (FULLEST_EMERGENCY, {}),
        ({"wbgt_c": "29", "units": "imperial"}, {"with_guide": True}),
        (FULLEST_EMERGENCY, {"language": "pt"}),
        ({"wbgt_c": "29"}, {"paper": "letter", "language": "vi", "with_guide": True}),
        (FULLEST_TRAINING, {"language": "zh"}),
        (FULLEST_TRAINING, {"language": "ar"}),
        (FULLEST_EMERGENCY, {"paper": "letter", "language": "ar", "with_guide": True}),
    ],
    ids=[
        "plain",
        "fullest-es-letter",
        "emergency",
        "heat-with-guide",
        "emergency-pt",
        "heat-vi-guide",
        "zh",
        "ar",
        "emergency-ar-letter-guide",
    ],
)
def test_a_single_handout_is_tagged(tmp_path: Path, values: dict[str, Any], options: dict[str, Any]) -> None:
    path = tmp_path / "one.pdf"
    path.write_bytes(make(profile(**values), **options).pdf)
    accessible(path)


def test_the_structure_is_what_a_reader_expects(tmp_path: Path) -> None:
    path = tmp_path / "one.pdf"
    path.write_bytes(make(profile(**FULLEST_EMERGENCY)).pdf)
    with pikepdf.open(path) as pdf:
        roles = [str(e.S)[1:] for e in elements(pdf)]
        assert str(pdf.Root.Lang) == "en"
    assert roles[:3] == ["Document", "Part", "H1"]
    # The box is a section with its heading; its steps and reasons are lists with labels: the
    # numbered steps one list, the reasons (bullets) another.
    assert "Sect" in roles and roles[roles.index("Sect") + 1] == "H2"
    with pikepdf.open(path) as pdf:
        box = next(e for e in elements(pdf) if e.S == "/Sect")
        lists = [k for k in box.K if k.S == "/L"]
        assert [str(k.A.ListNumbering) for k in lists[:2]] == ["/Decimal", "/Disc"]
    for role in ("L", "LI", "Lbl", "LBody", "H3"):
        assert role in roles
    # Headings never skip a level.
    levels = [int(r[1]) for r in roles if len(r) == 2 and r[0] == "H"]
    assert all(b <= a + 1 for a, b in zip([0, *levels], levels, strict=False))
    # The heat bar says what it shows for this athlete.
    warm = tmp_path / "warm.pdf"
    warm.write_bytes(make(profile(wbgt_c="29")).pdf)
    with pikepdf.open(warm) as pdf:
        figures = [str(e.Alt) for e in elements(pdf) if e.S == "/Figure"]
    assert figures == ['Today\'s heat (WBGT) is 29.0 °C: the band "Rest 1:1".']


def test_the_guide_and_the_report_are_tagged(tmp_path: Path) -> None:
    guide = tmp_path / "guide.pdf"
    assert run("guide", "-o", guide, "--lang", "en,es").exit_code == 0
    accessible(guide)
    report = tmp_path / "report.pdf"
    assert run("report", EXAMPLES / "roster.csv", "-o", report).exit_code == 0
    accessible(report)
    with pikepdf.open(report) as pdf:
        cells = [str(e.A.Scope) for e in elements(pdf) if e.S == "/TH"]
    # Column headers, and each row's athlete as its row's header.
    assert "/Column" in cells and "/Row" in cells


def test_a_long_table_is_one_table_its_repeated_header_furniture(tmp_path: Path) -> None:
    roster = tmp_path / "big.csv"
    lines = [f"Athlete {i},{500 + i * 13},{400 + i * 7}" for i in range(200)]
    roster.write_text("name,acute_load,chronic_load\n" + "\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / "report.pdf"
    assert run("report", roster, "-o", report).exit_code == 0
    accessible(report)
    with pikepdf.open(report) as pdf:
        assert len(pdf.pages) >= 3
        first = next(e for e in elements(pdf) if e.S == "/Table")
        rows: list[Any] = list(first.K)
        heads = [r for r in rows if any(c.S == "/TH" and c.A.Scope == "/Column" for c in r.K)]
        assert len(heads) == 1  # the header row once, however many pages the table runs over
        assert len(rows) == 1 + 200


def test_a_locked_file_keeps_its_tags_readable(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    assert run("make", EXAMPLES / "athlete.yaml", "-o", path, "--password", "Coach-2026!").exit_code == 0
    with pikepdf.open(path, password="Coach-2026!") as pdf:
        assert pdf.is_encrypted
        assert pdf.allow.accessibility  # screen readers may still read it
        unlocked = tmp_path / "unlocked.pdf"
        pdf.save(unlocked)
    assert problems(path, password="Coach-2026!") == []
    accessible(unlocked)
    # A locked packet too.
    out = tmp_path / "out"
    packet = out / "packet.pdf"
    args = ("--only", "RFC-07,RFC-08", "--packet", packet, "--password", "Coach-2026!")
    assert run("batch", EXAMPLES / "roster.csv", "-o", out, *args).exit_code == 0
    with pikepdf.open(packet, password="Coach-2026!") as pdf:
        assert pdf.is_encrypted and pdf.allow.accessibility
    assert problems(packet, password="Coach-2026!") == []


def _untagged_pdf(path: Path, words: str) -> Path:
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, words)
    canvas.showPage()
    canvas.save()
    return path


def test_an_untagged_cover_is_said_and_the_rest_stays_tagged(tmp_path: Path) -> None:
    cover = _untagged_pdf(tmp_path / "club-cover.pdf", "Riverside FC season 2026")
    packet = tmp_path / "packet.pdf"
    result = run(
        "batch", EXAMPLES / "roster.csv", "-o", tmp_path / "out", "--packet", packet, "--cover", cover
    )
    assert result.exit_code == 0, result.output
    assert "club-cover.pdf is not tagged for screen readers" in result.output
    # Only the club's page is outside the tags (in the club's own font); everything of ours is tagged.
    assert set(problems(packet)) == {
        "page 1: text drawn outside tags and artifacts",
        "a standard font that is not embedded: /Helvetica",
        "a font that is not embedded: /Helvetica",
        "a font without a Unicode map: /Helvetica",
        "the XMP metadata does not claim PDF/UA-1",  # it says so: one of its files is not tagged
    }


def test_a_tagged_appendix_joins_the_packet_tree(tmp_path: Path, team: tuple[Path, Path]) -> None:
    out, _ = team
    guide = tmp_path / "guide.pdf"
    assert run("guide", "-o", guide).exit_code == 0
    packet = tmp_path / "packet.pdf"
    handouts = sorted(out.glob("*-rfc-*.pdf"))[:3]
    result = run("packet", *handouts, "-o", packet, "--append", guide, "--no-guide")
    assert result.exit_code == 0, result.output
    assert "not tagged" not in result.output
    accessible(packet)
    with pikepdf.open(packet) as pdf:
        parts = list(pdf.Root.StructTreeRoot.K.K)
        # Cover, contents, three handouts (read back from their files), the appendix.
        assert len(parts) == 2 + 3 + 1
        # Each handout's part is in its file's language.
        for part, handout in zip(parts[2:5], handouts, strict=True):
            with pikepdf.open(handout) as source:
                assert str(part.Lang) == str(source.Root.Lang)
                # The handout's own elements, as they were: no Document or Part inside the part,
                # its lists' numbering and its figures' boxes kept.
                assert {str(k.S) for k in part.K} <= {"/H1", "/P", "/Sect", "/L", "/H2", "/H3", "/Figure"}
                kept = [str(e.A.get("/ListNumbering", "")) for e in elements(source) if e.S == "/L"]
        with_numbering = [e for e in elements(pdf) if e.S == "/L" and "/A" in e]
        assert len(with_numbering) >= len(kept) > 0


def test_untagged_output_is_asked_for_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("batch", EXAMPLES / "roster.csv", "-o", out, "--only", "RFC-07", "--untagged")
    assert result.exit_code == 0, result.output
    (made,) = out.glob("*.pdf")
    with pikepdf.open(made) as pdf:
        assert "/StructTreeRoot" not in pdf.Root
        assert b"/Artifact" not in pdf.pages[0].Contents.read_bytes()
        # It does not claim what it is not.
        assert b"<pdfuaid:part>" not in pdf.Root.Metadata.read_bytes()


def test_outside_files_with_broken_trees_do_not_stop_a_packet(
    tmp_path: Path, team: tuple[Path, Path]
) -> None:
    """A club's tagged PDF whose tree loops back on itself is read as far as it makes sense."""
    out, _ = team
    appendix = _untagged_pdf(tmp_path / "rules.pdf", "Club rules")
    with pikepdf.open(appendix, allow_overwriting_input=True) as pdf:
        element = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name("/MyPara"))
        )
        element.K = pikepdf.Array([0, element])  # loops
        root = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.StructTreeRoot, K=element, RoleMap=pikepdf.Dictionary(MyPara=pikepdf.Name.P)
            )
        )
        element.P = root
        element.Pg = pdf.pages[0].obj
        pdf.Root.StructTreeRoot = root
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        pdf.save(appendix)
    packet = tmp_path / "packet.pdf"
    handouts = sorted(out.glob("*-rfc-*.pdf"))[:1]
    result = run("packet", *handouts, "-o", packet, "--append", appendix)
    assert result.exit_code == 0, result.output
    # Its tree holds no span its page draws (its text is untagged): said, and the rest is whole.
    assert "rules.pdf is tagged for screen readers, but not completely" in result.output
    with pikepdf.open(packet) as pdf:
        assert {str(p.S) for p in pdf.Root.StructTreeRoot.K.K} == {"/Part"}
    found = problems(packet)
    assert found and all("page 7" in f or "not claim" in f or "Helvetica" in f for f in found), found


def test_api_handout_is_tagged_in_memory() -> None:
    made = api.make_handout(EXAMPLES / "athlete.yaml", write=False)
    assert made.path is None
    assert problems(made.pdf) == []
    with pikepdf.open(io.BytesIO(made.pdf)) as pdf:
        assert "/StructTreeRoot" in pdf.Root


def test_descriptions_and_links_keep_odd_characters(tmp_path: Path) -> None:
    """A club's wording with %, brackets and backslashes, and such a name, are read back whole."""
    club = tmp_path / "club"
    club.mkdir()
    labels = (ROOT / "handouts" / "labels.en.yaml").read_text(encoding="utf-8")
    odd = 'heat_alt: "100% (WBGT) \\\\ {value}: \\"{band}\\" %(e1)s"'
    labels = re.sub(r"heat_alt: .*", lambda _: odd, labels)
    (club / "labels.en.yaml").write_text(labels, encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("name,wbgt_c\nAnn (50%) O'Neil \\ Jr,29\nBo %(top)s,20\n", encoding="utf-8")
    out = tmp_path / "out"
    packet = out / "packet.pdf"
    result = run("batch", roster, "-o", out, "--content-dir", club, "--packet", packet)
    assert result.exit_code == 0, result.output
    for path in out.glob("*.pdf"):
        assert problems(path) == []
    with pikepdf.open(packet) as pdf:
        figures = [str(e.Alt) for e in elements(pdf) if e.S == "/Figure"]
        assert figures[0] == '100% (WBGT) \\ 29.0 °C: "Rest 1:1" %(e1)s'  # Ann's, first
        links = [str(a.Contents) for p in pdf.pages for a in p.obj.get("/Annots", [])]
        assert any(text.startswith("Ann (50%) O'Neil \\ Jr") for text in links)
        assert any(text.startswith("Bo %(top)s") for text in links)


def _tagged_with(path: Path, build: Any) -> Path:
    """Return an outside PDF whose structure tree `build(pdf)` makes (hostile on purpose)."""
    _untagged_pdf(path, "Club rules")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        root.K = build(pdf)
        pdf.Root.StructTreeRoot = root
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        pdf.save(path)
    return path


def _deep(pdf: pikepdf.Pdf) -> Any:
    node = pikepdf.Dictionary(S=pikepdf.Name.P, K=0, Pg=pdf.pages[0].obj)
    for _ in range(3000):
        node = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.Div, K=node))
    return node


def _wide(pdf: pikepdf.Pdf) -> Any:
    page = pdf.pages[0].obj
    return pikepdf.Array([pikepdf.Dictionary(S=pikepdf.Name.P, K=i, Pg=page) for i in range(50_000)])


def _garbage(pdf: pikepdf.Pdf) -> Any:
    return pikepdf.Array(
        [
            pikepdf.Dictionary(S=pikepdf.Name("/Weird"), K=pikepdf.Dictionary(Type=pikepdf.Name.MCR, MCID=3)),
            pikepdf.Dictionary(S=pikepdf.Name.P, K=pikepdf.Array([True, 1.5, "x", None]), Pg=5),
            pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=pdf.pages[0].obj),
            pikepdf.Name.P,
        ]
    )


@pytest.mark.parametrize("build", [_deep, _wide, _garbage], ids=["deep", "wide", "garbage"])
def test_a_hostile_outside_tree_is_read_within_limits(
    tmp_path: Path, build: Any, team: tuple[Path, Path]
) -> None:
    out, _ = team
    appendix = _tagged_with(tmp_path / "rules.pdf", build)
    packet = tmp_path / "packet.pdf"
    handout = sorted(out.glob("*-rfc-*.pdf"))[0]
    started = time.monotonic()
    result = run("packet", handout, "-o", packet, "--append", appendix)
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 30
    with pikepdf.open(packet) as pdf:
        # Our parts are whole; the club's file adds what could be read of its tree, or nothing.
        parts = list(pdf.Root.StructTreeRoot.K.K)
        assert len(parts) >= 3
        assert sum(1 for _ in elements(pdf)) < 60_000


def test_a_paragraph_or_table_split_over_pages_is_one_element(tmp_path: Path) -> None:
    """What reportlab splits at a page's end goes on in the same element on the next page."""
    from generator.layout.flowables import SectionStart, grid
    from generator.layout.render import Footer, render_document
    from generator.layout.tags import Element
    from generator.options import HandoutOptions
    from generator.runs.handout import HandoutMaker

    writer = HandoutMaker(HandoutOptions()).writer()
    words = " ".join(f"word{i}" for i in range(400))
    story: list[Any] = [SectionStart(0)]
    story += [writer.para(writer.text(f"Filler {i}. {words}"), "body") for i in range(3)]
    story.append(writer.para(writer.text(words), "bullet", "•"))
    story.append(writer.para(writer.text(" ".join([words] * 4)), "body"))  # over three pages
    rows = [[writer.para(writer.text(f"Row {i}"), "body")] for i in range(150)]
    story.append(grid(rows, [writer.width], [], role="Sect"))
    rendered = render_document(story, writer.setup, [Footer("", "")])
    part = rendered.sections[0].tags
    assert part is not None
    kids = [k for k in part.kids if isinstance(k, Element)]
    paragraphs = [k for k in kids if k.role == "P"]
    # Each long paragraph is one P whatever the pages; the list item one LI with one body.
    assert len(paragraphs) == 4
    assert any(len({k[0] for k in p.kids if isinstance(k, tuple)}) >= 3 for p in paragraphs)
    (items,) = [k for k in kids if k.role == "L"]
    assert len(items.kids) == 1
    (sections,) = [k for k in kids if k.role == "Sect"]
    assert len(sections.kids) == 150


def test_an_outside_tree_is_read_up_to_its_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.pdf import tagging

    monkeypatch.setattr(tagging, "MOST", 500)
    appendix = _tagged_with(tmp_path / "rules.pdf", _wide)
    with pikepdf.open(appendix) as pdf:
        part, found = tagging.read_tree(pdf, check=False)
    assert part is not None and found == ["a structure tree too big to read whole"]
    assert 240 <= len(part.kids) <= 260  # each element and its span are two of the 500 looked at


def _shared_halves(pdf: pikepdf.Pdf) -> Any:
    """A tree of 40 levels of arrays, each holding the next one twice: 2**40 ways through it."""
    page = pdf.pages[0].obj
    array = pdf.make_indirect(pikepdf.Array([0]))
    for _ in range(40):
        array = pdf.make_indirect(pikepdf.Array([array, array]))
    return pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.P, Pg=page, K=array))


def _huge_span(pdf: pikepdf.Pdf) -> Any:
    return pikepdf.Dictionary(S=pikepdf.Name.P, K=2_000_000_000, Pg=pdf.pages[0].obj)


@pytest.mark.parametrize("build", [_shared_halves, _huge_span], ids=["shared-halves", "huge-span"])
def test_an_outside_tree_built_to_never_end_is_read_quickly(tmp_path: Path, build: Any) -> None:
    from generator.pdf import tagging

    appendix = _tagged_with(tmp_path / "rules.pdf", build)
    started = time.monotonic()
    with pikepdf.open(appendix) as pdf:
        part, found = tagging.read_tree(pdf)
    assert time.monotonic() - started < 5
    assert part is not None and found  # read as far as it makes sense, and said to be incomplete
    # Only spans its page draws are kept: none here (its text is not tagged).
    assert not [k for k in part.kids if isinstance(k, tuple)]


def test_a_packet_claims_pdf_ua_only_when_every_part_is_tagged(
    tmp_path: Path, team: tuple[Path, Path]
) -> None:
    out, _ = team
    handout = sorted(out.glob("*-rfc-*.pdf"))[0]
    good = tmp_path / "good.pdf"
    assert run("packet", handout, "-o", good).exit_code == 0
    cover = _untagged_pdf(tmp_path / "cover.pdf", "Club")
    bad = tmp_path / "bad.pdf"
    result = run("packet", handout, "-o", bad, "--cover", cover)
    assert result.exit_code == 0 and "cover.pdf is not tagged" in result.output
    broken = _tagged_with(tmp_path / "rules.pdf", _wide)  # refers to spans its page does not draw
    worse = tmp_path / "worse.pdf"
    result = run("packet", handout, "-o", worse, "--append", broken)
    assert result.exit_code == 0
    assert "rules.pdf is tagged for screen readers, but not completely" in result.output
    claims = {}
    for path in (good, bad, worse):
        with pikepdf.open(path) as pdf:
            claims[path.name] = b"<pdfuaid:part>1" in pdf.Root.Metadata.read_bytes()
    assert claims == {"good.pdf": True, "bad.pdf": False, "worse.pdf": False}


def test_headings_written_at_one_level_are_tagged_at_one_level(tmp_path: Path) -> None:
    path = tmp_path / "one.pdf"
    path.write_bytes(make(profile(wbgt_c="22")).pdf)
    with pikepdf.open(path) as pdf:
        tagged = {}
        for e in elements(pdf):
            if str(e.S) in ("/H1", "/H2", "/H3"):
                tagged[" ".join(_words(pdf, e))] = str(e.S)
    # "### Before training", "### During training"... all under "My plan".
    levels = {
        tagged[t]
        for t in tagged
        if t in ("Before training", "During training", "After training", "Every day")
    }
    assert levels == {"/H2"}


def _words(pdf: pikepdf.Pdf, element: Any) -> list[str]:
    """Return the words of a heading, read from its page's marked span."""
    from pypdf import PdfReader

    page_number = next(i for i, p in enumerate(pdf.pages) if p.obj.objgen == element.Pg.objgen)
    reader = PdfReader(pdf.filename)
    out: list[str] = []
    inside: list[Any] = []

    def before(op: bytes, args: Any, cm: Any, tm: Any) -> None:
        if op == b"BDC":
            inside.append(args[1].get("/MCID") if hasattr(args[1], "get") else None)
        elif op == b"BMC":
            inside.append(None)
        elif op == b"EMC" and inside:
            inside.pop()

    def text(t: str, *rest: Any) -> None:
        if inside and inside[-1] == int(element.K):
            out.append(t)

    reader.pages[page_number].extract_text(visitor_operand_before=before, visitor_text=text)
    return " ".join(out).split()


def test_a_word_cut_at_a_line_end_reads_as_one_word(tmp_path: Path) -> None:
    """A web address too long for its line is cut by reportlab: read along the tags, it is whole."""
    club = tmp_path / "club"
    club.mkdir()
    address = "https://example.org/health/cramps-and-recovery-2026-and-a-very-long-address-indeed"
    guide = (ROOT / "handouts" / "guide.en.md").read_text(encoding="utf-8")
    (club / "guide.en.md").write_text(
        guide + f"\n\nMore: {address} and **{address}/bold** too.\n", encoding="utf-8"
    )
    path = tmp_path / "guide.pdf"
    result = run("guide", "-o", path, "--content-dir", club)
    assert result.exit_code == 0, result.output
    accessible(path)
    read = struct_words(path)
    assert address in read and f"{address}/bold" in read
