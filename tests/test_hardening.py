"""Interrupted runs, a full disk, private data, and any bytes as a roster."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from generator.cli import cli
from generator.errors import HandoutsError, RenderError
from generator.inputs.roster import read_records
from generator.layout.front import Front
from generator.options import PacketOptions
from generator.runs import files as workfiles
from tests.conftest import EXAMPLES, ROOT


def _roster(path: Path, size: int) -> Path:
    lines = (EXAMPLES / "roster.csv").read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    body = [f"{i:04d}{rows[i % len(rows)]}" for i in range(size)]
    path.write_text("\n".join([header, *body]) + "\n", encoding="utf-8")
    return path


def test_sigterm_mid_batch_keeps_whole_files_only(tmp_path: Path) -> None:
    roster = _roster(tmp_path / "team.csv", 120)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "batch", str(roster), "-o", str(out), "--jobs", "2",
         "--packet", str(out / "packet.pdf")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.pdf"))) < 3:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Stopped: " in err and "no half-written file was left" in err
    assert "Traceback" not in err
    left = [p for p in out.iterdir() if p.name != "manifest.csv"]  # (the run's record: kept)
    assert not [p for p in left if p.name.startswith(".")], left  # no temporary files or folders
    assert not (out / "packet.pdf").exists()
    assert 3 <= len(left) < 120
    for pdf in left:
        assert PdfReader(pdf).pages  # every file left is a whole PDF
    # The summary's counts are the files on disk: chunks under way said what they wrote.
    assert f"Stopped: {len(left)} finished handouts were kept" in err
    assert f"{120 - len(left)} not made" in err


def test_interrupted_packet_write_leaves_no_partial_packet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.pdf import packet

    def interrupted(path: Path, write: Callable[[Path], None], private: bool = False) -> None:
        # The packet is in a temporary file when Ctrl-C arrives, just before the move.
        def stop(source: str, target: Path) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(os, "replace", stop)
        workfiles.write_atomically_with(path, write, private)

    made = packet.Packet.__init__

    def saving_interrupted(book: Any, pages: Any, language: str, options: Any, save: Any) -> None:
        made(book, pages, language, options, interrupted)

    monkeypatch.setattr(packet.Packet, "__init__", saving_interrupted)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["batch", str(EXAMPLES / "roster.csv"), "-o", str(out), "--limit", "2", "--jobs", "1",
              "--packet", str(out / "p.pdf")]
    )  # fmt: skip
    assert result.exit_code == 130
    assert "Stopped: 2 finished handouts were kept" in result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["manifest.csv", "maya-chen-rfc-02.pdf", "zoe-nunez-rfc-01.pdf"]


def test_a_full_disk_is_a_clear_error_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(RenderError, match=r"^cannot write h\.pdf: No space left on device$"):
        workfiles.write_atomically(tmp_path / "h.pdf", b"%PDF-1.4 data")
    assert list(tmp_path.iterdir()) == []
    result = CliRunner().invoke(cli, ["make", str(EXAMPLES / "athlete.yaml"), "-o", str(tmp_path / "h.pdf")])
    assert result.exit_code == 1
    assert result.output == "Error: cannot write h.pdf: No space left on device\n"
    assert list(tmp_path.iterdir()) == []


def test_private_outputs_are_owner_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["batch", str(EXAMPLES / "roster.csv"), "-o", str(out), "--limit", "2", "--jobs", "1",
              "--packet", str(out / "p.pdf"), "--private"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    for path in out.iterdir():
        assert path.stat().st_mode & 0o777 == 0o600, path
    CliRunner().invoke(
        cli, ["make", str(EXAMPLES / "athlete.yaml"), "-o", str(tmp_path / "o.pdf"), "--private"]
    )
    assert (tmp_path / "o.pdf").stat().st_mode & 0o777 == 0o600
    CliRunner().invoke(cli, ["make", str(EXAMPLES / "athlete.yaml"), "-o", str(tmp_path / "p.pdf")])
    assert (tmp_path / "p.pdf").stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


SECRET_ROWS = (
    "name,team,age,body_mass_kg,caffeine_mg_per_day,sleep_h,notes_field,weakness\n"
    "Quentin Zabriskie,Velvet Hornets,16,63.7,173,6.3,x,maybe\n"
    "Ysolde Ferrante,Velvet Hornets,abc,58.9,88,7.1,x,no\n"
    "Wilhelmina Quast,Velvet Hornets,17,61.3,77,9.7,x,yes\n"
)


def test_no_name_or_value_leaks_into_messages_metadata_or_file_names(tmp_path: Path) -> None:
    roster = tmp_path / "team.csv"
    roster.write_text(SECRET_ROWS, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["batch", str(roster), "-o", str(out), "--jobs", "1", "--packet", str(out / "p.pdf")]
    )
    assert result.exit_code == 1
    secrets = ["Quentin", "Zabriskie", "Ysolde", "Ferrante", "Wilhelmina", "Quast", "Velvet", "Hornets",
               "63.7", "173", "6.3", "58.9", "abc", "maybe", "61.3", "9.7"]  # fmt: skip
    messages = result.output + (out / "errors.csv").read_text(encoding="utf-8-sig")
    for secret in secrets:
        assert secret not in messages, secret
    for pdf in out.glob("*.pdf"):
        reader = PdfReader(pdf)
        info = " ".join(str(v) for v in (reader.metadata or {}).values())
        xmp = reader.root_object.get("/Metadata")
        xmp_text = xmp.get_object().get_data().decode("utf-8", "replace") if xmp is not None else ""
        for secret in secrets:
            assert secret not in info and secret not in xmp_text, (pdf.name, secret)
    # File names carry a slug of the name (that is their point), never a health value.
    for path in out.iterdir():
        for value in ("63", "173", "58", "61"):
            assert value not in path.name


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400), st.sampled_from([".csv", ".json", ".yaml"]))
def test_any_bytes_as_a_roster_give_records_or_a_clear_error(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = tmp_path / f"roster{suffix}"
    path.write_bytes(data)
    try:
        records = read_records(path)
    except HandoutsError as e:
        assert str(e).startswith(("roster", "1 problem", "2 problems", "3 problems")) or "problems in" in str(
            e
        )
    else:
        assert records.records


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12), min_size=1, max_size=6),
    st.lists(st.lists(st.text(max_size=12), max_size=6), max_size=4),
    st.sampled_from([",", ";", "\t"]),
)
def test_any_headers_and_cells_give_records_or_a_clear_error(
    tmp_path: Path, header: list[str], rows: list[list[str]], delimiter: str
) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / "roster.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    from generator.inputs.profile import validate

    try:
        records = read_records(path)
    except HandoutsError:
        return
    for record in records.records:
        result = validate(record.values, record.where)
        assert result.profile is not None or result.problems


@pytest.fixture(scope="module")
def rendered_chunk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    """One chunk document with six athletes, as a batch worker leaves it for the packet."""
    from generator.options import HandoutOptions as Options
    from generator.runs.handout import HandoutMaker
    from tests.pdfs import profile

    folder = tmp_path_factory.mktemp("chunk")
    maker = HandoutMaker(Options())
    people = [
        profile(name=f"Athlete {i}", age=14 + i, body_mass_kg=50 + i, dark_urine=i == 2) for i in range(6)
    ]
    laid = maker.render(people)
    path = folder / "chunk.pdf"
    path.write_bytes(laid.rendered.pdf)
    return path, laid.rendered.sections


def _parts(source: Path, sections: Sequence[Any], title: str = "A") -> list[Any]:
    """Return a packet part per section of a chunk document."""
    from tests.pdfs import packet_parts

    return packet_parts(source, sections, title)


def _book(count: int, team: str = "Team", **options: Any) -> Any:
    """Return a packet with its front laid out for `count` athletes."""
    from generator.options import HandoutOptions as Options
    from generator.pdf import packet as packets
    from generator.runs.handout import HandoutMaker

    book = packets.Packet(
        HandoutMaker(Options()).front_pages("en"),
        "en",
        PacketOptions(**options),
        workfiles.write_atomically_with,
    )
    book.prepare(Front(team, "1 January 2026", count))
    return book


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.integers(0, 5), min_size=1, max_size=8),
    st.booleans(),
    st.text(max_size=40),
)
def test_any_packet_of_parts_adds_up(
    tmp_path: Path, rendered_chunk: tuple[Path, list[Any]], picks: list[int], duplex: bool, team: str
) -> None:
    source, sections = rendered_chunk
    everyone = _parts(source, sections, "Athlete ")
    parts = [everyone[i] for i in picks]
    book = _book(len(parts), team, duplex=duplex)
    out = tmp_path / "p.pdf"
    pages = book.write(out, parts)
    pdf = PdfReader(out)
    assert len(pdf.pages) == pages
    athletes = [o for o in pdf.outline if not isinstance(o, list)][2:]
    assert [o.title for o in athletes] == [p.title for p in parts]
    starts = [pdf.get_destination_page_number(o) or 0 for o in athletes]
    assert pages == starts[-1] + parts[-1].pages  # the last handout ends the packet
    for here, after, part in zip(starts, starts[1:], parts, strict=False):
        gap = after - (here + part.pages)
        assert gap == 0 or (duplex and gap == 1)  # only --duplex pads, and one page at most
    if duplex:
        assert all(s % 2 == 0 for s in starts)  # every athlete on a right-hand page
    assert [p.name for p in tmp_path.iterdir()] == ["p.pdf"]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files through /proc")
def test_a_long_packet_keeps_one_document_open(
    tmp_path: Path, rendered_chunk: tuple[Path, list[Any]]
) -> None:
    # A 10,000-athlete batch leaves hundreds of chunk documents; holding each open until the
    # packet is written would run out of file handles (macOS allows 256 by default).
    import shutil

    source, sections = rendered_chunk
    copies = [shutil.copy(source, tmp_path / f"chunk-{n}.pdf") for n in range(40)]
    book = _book(40)
    before = len(list(Path("/proc/self/fd").iterdir()))
    for copy in copies:
        book.add(_parts(Path(copy), sections[:1]))
    assert len(list(Path("/proc/self/fd").iterdir())) - before <= 3
    out = tmp_path / "p.pdf"
    pages = book.finish(out)
    for copy in copies:
        Path(copy).unlink()  # the packet holds its own copy of every page
    assert len(PdfReader(out).pages) == pages


def test_packet_is_written_as_its_pages_arrive(
    tmp_path: Path, rendered_chunk: tuple[Path, list[Any]]
) -> None:
    # A long packet is never held in memory: each chunk's pages go to the spool file at once.
    source, sections = rendered_chunk
    book = _book(12, spool=tmp_path)
    sizes = []
    for _ in range(2):
        book.add(_parts(source, sections))
        assert book._spool is not None
        sizes.append(book._spool.tell())
    import pikepdf

    with pikepdf.open(source) as pdf:
        drawings = sum(len(page.obj.Contents.read_raw_bytes()) for page in pdf.pages)
    assert 0 < sizes[0] < sizes[1]
    assert sizes[1] - sizes[0] > 0.9 * drawings  # the second chunk's pages, written out in full
    assert list(tmp_path.iterdir()) == []  # the spool file has no name: nothing is left behind
    pages = book.finish(tmp_path / "p.pdf")
    assert len(PdfReader(tmp_path / "p.pdf").pages) == pages
    assert [p.name for p in tmp_path.iterdir()] == ["p.pdf"]


def test_content_never_fetches_from_the_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from tests.content.test_content import _club_folder
    from tests.pdfs import all_text, make, profile

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the tool tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    line = '<img src="http://127.0.0.1:9/logo.png"/> <a href="http://127.0.0.1:9/">here</a>'
    folder = _club_folder(tmp_path, "back.en.md", f"{line}\n")
    p = profile(name='<img src="http://127.0.0.1:9/x.png"/>', team="<link href='http://127.0.0.1:9'/>")
    text = " ".join(all_text(make(p, content_dir=folder)).split())
    assert line in text  # printed as the words it is, not followed
    assert 'For <img src="http://127.0.0.1:9/x.png"/>' in text


def test_a_packet_that_fails_lets_go_of_its_spool_file(
    tmp_path: Path, rendered_chunk: tuple[Path, list[Any]]
) -> None:
    source, sections = rendered_chunk
    broken = tmp_path / "cover.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    book = _book(1, cover=broken, spool=tmp_path)
    book.add(_parts(source, sections[:1]))
    assert book._spool is not None
    with pytest.raises(HandoutsError, match="cover.pdf"):
        book.finish(tmp_path / "p.pdf")
    assert book._spool is None  # closed (and so deleted), not left for the garbage collector
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cover.pdf"]


def test_a_front_laid_out_again_is_the_one_in_the_packet(
    tmp_path: Path, rendered_chunk: tuple[Path, list[Any]]
) -> None:
    # A batch where some handouts failed lays the cover and report out again for those made.

    source, sections = rendered_chunk
    book = _book(9, duplex=True)
    book.add(_parts(source, sections[:3]))
    book.prepare(Front("Team", "1 January 2026", 7))
    book.finish(tmp_path / "p.pdf")
    cover = PdfReader(tmp_path / "p.pdf").pages[0].extract_text()
    assert "7 athletes" in cover and "9 athletes" not in cover
