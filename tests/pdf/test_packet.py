"""The packet on its own: rendered chunks in, one print-ready PDF out (no roster, no batch)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader

from generator.layout.front import Front
from generator.options import HandoutOptions as Options
from generator.options import PacketOptions
from generator.pdf import packet as packets
from generator.runs.files import write_atomically_with
from generator.runs.handout import HandoutMaker
from tests.pdfs import lines, packet_parts, profile

MAKER = HandoutMaker(Options())


@pytest.fixture(scope="module")
def chunk() -> tuple[bytes, list[Any]]:
    """A chunk document of four athletes, as a batch worker hands it to the packet."""
    people = [profile(name=f"Athlete {i}", age=14 + i, dark_urine=i == 1) for i in range(4)]
    prime = MAKER.charset(["en"], ["".join(p.name for p in people)])
    laid = MAKER.render(people, prime)
    return laid.rendered.pdf, laid.rendered.sections


def parts(chunk: tuple[bytes, list[Any]]) -> list[packets.Part]:
    return packet_parts(*chunk)


def packet(
    tmp_path: Path, chunk: tuple[bytes, list[Any]], report: bool = False, **options: Any
) -> tuple[Path, int]:
    document, _ = chunk
    prime = MAKER.charset(["en"], ["".join(f"Athlete {i}" for i in range(4))])
    book = packets.Packet(
        MAKER.front_pages("en", prime), "en", PacketOptions(**options), write_atomically_with
    )
    book.add(parts(chunk))  # pages may arrive before the front is laid out
    book.prepare(Front("Riverside FC", "1 January 2026", 4))
    path = tmp_path / "packet.pdf"
    return path, book.finish(path)


def test_front_then_every_athlete_in_order_with_page_labels(
    tmp_path: Path, chunk: tuple[bytes, list[Any]]
) -> None:
    path, count = packet(tmp_path, chunk)
    reader = PdfReader(path)
    athlete_pages = sum(p.pages for p in parts(chunk))
    assert count == len(reader.pages) == 2 + athlete_pages  # cover, contents, the handouts
    assert "Riverside FC" in reader.pages[0].extract_text() and "4 athletes" in reader.pages[0].extract_text()
    assert reader.page_labels[:3] == ["i", "ii", "1"]
    assert reader.page_labels[-1] == str(athlete_pages)
    starts = [2 + p.start for p in parts(chunk)]
    for i, start in enumerate(starts):
        assert f"For Athlete {i}" in reader.pages[start].extract_text()


def test_a_bookmark_per_athlete_opens_onto_its_topics(tmp_path: Path, chunk: tuple[bytes, list[Any]]) -> None:
    path, _ = packet(tmp_path, chunk)
    reader = PdfReader(path)
    top = [o.title for o in reader.outline if not isinstance(o, list)]
    assert top == ["Team packet", "Contents", "Athlete 0", "Athlete 1", "Athlete 2", "Athlete 3"]
    topics = reader.outline[3]
    assert isinstance(topics, list) and len(topics) == len(parts(chunk)[0].topics)


def test_double_sided_every_athlete_starts_on_a_right_hand_page(
    tmp_path: Path, chunk: tuple[bytes, list[Any]]
) -> None:
    path, count = packet(tmp_path, chunk, duplex=True)
    reader = PdfReader(path)
    texts = [page.extract_text() for page in reader.pages]
    firsts = [i for i, text in enumerate(texts) if "For Athlete" in text]
    assert len(firsts) == 4 and all(i % 2 == 0 for i in firsts)  # 0-based even: a right-hand page
    assert count % 2 == 0
    assert any("intentionally left blank" in t for t in texts)


def test_each_font_program_is_stored_once_blank_pages_and_front_included(
    tmp_path: Path, chunk: tuple[bytes, list[Any]]
) -> None:
    path, _ = packet(tmp_path, chunk, duplex=True)
    with pikepdf.open(path) as pdf:
        programs: dict[str, set[tuple[int, int]]] = {}
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                for descendant in font.get("/DescendantFonts", [font]):
                    descriptor = descendant.get("/FontDescriptor")
                    if descriptor is not None and "/FontFile2" in descriptor:
                        programs.setdefault(str(font.BaseFont), set()).add(descriptor.FontFile2.objgen)
    assert programs and all(len(found) == 1 for found in programs.values()), programs


def test_every_handout_page_shows_its_packet_page_number(
    tmp_path: Path, chunk: tuple[bytes, list[Any]]
) -> None:
    path, count = packet(tmp_path, chunk)
    reader = PdfReader(path)
    assert "Packet page 1" in reader.pages[2].extract_text()
    assert f"Packet page {count - 2}" in reader.pages[-1].extract_text()


def test_a_password_locks_the_packet_and_nothing_unlocked_stays_behind(
    tmp_path: Path, chunk: tuple[bytes, list[Any]]
) -> None:
    path, _ = packet(tmp_path, chunk, password="coach-2026", spool=tmp_path)
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(path)
    with pikepdf.open(path, password="coach-2026") as pdf:
        assert pdf.encryption.P is not None and len(pdf.pages) > 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["packet.pdf"]


def test_a_discarded_packet_leaves_no_file(tmp_path: Path, chunk: tuple[bytes, list[Any]]) -> None:
    book = packets.Packet(MAKER.front_pages("en"), "en", PacketOptions(spool=tmp_path), write_atomically_with)
    book.add(parts(chunk))
    book.discard()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "theme_name", "cover_starts"),
    [
        (["--team", "Riverside Under-16s"], None, "Riverside Under-16s\nTeam packet"),
        ([], "Westfield High", "Westfield High\nTeam packet"),
        ([], None, "Team packet"),  # no team anywhere: no bare "Team" above the title
    ],
)
def test_the_cover_names_the_team_given_else_the_club_else_nothing_bare(
    tmp_path: Path, args: list[str], theme_name: str | None, cover_starts: str
) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    roster = tmp_path / "team.csv"
    roster.write_text("name,age,sex\nAna,15,female\nBen,16,male\n", encoding="utf-8")
    if theme_name:
        theme = tmp_path / "theme.yaml"
        theme.write_text(f"name: {theme_name}\n", encoding="utf-8")
        args = [*args, "--theme", str(theme)]
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["batch", str(roster), "-o", str(out), "--packet", str(out / "p.pdf"), *args]
    )
    assert result.exit_code == 0, result.output
    reader = PdfReader(out / "p.pdf")
    assert lines(reader.pages[0].extract_text()).startswith(cover_starts)
    report = reader.pages[1].extract_text()
    assert report.startswith("Coach's report") and "Team ·" not in report


def test_contents_lines_of_a_packet_of_files_link_to_each_file(tmp_path: Path) -> None:
    from generator import api
    from tests.conftest import EXAMPLES

    api.make_handout(EXAMPLES / "athlete.yaml", tmp_path / "one.pdf")
    api.make_handout(EXAMPLES / "roster.csv", tmp_path / "two.pdf", pick=api.Pick(row=2))
    made = api.make_packet([tmp_path / "one.pdf", tmp_path / "two.pdf"], tmp_path / "p.pdf", "T")
    reader = PdfReader(made.path)
    at = next(i for i, p in enumerate(reader.pages) if lines(p.extract_text()).startswith("Contents"))
    numbers = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}  # type: ignore[union-attr]
    links: Any = reader.pages[at]["/Annots"]
    targets = [numbers[link.get_object()["/Dest"][0].idnum] for link in links]
    assert len(targets) == 2
    assert "For Zoë" in reader.pages[targets[0]].extract_text()
    assert "For Maya Chen" in reader.pages[targets[1]].extract_text()
    assert "Book a visit" not in reader.pages[at].extract_text()  # finished files carry no flag
