"""Outside PDFs (a club's cover and appendix, handouts to put together) cannot hang, blow up
memory or carry scripts into a packet; each bad one gives a clear error within seconds."""

from __future__ import annotations

import io
import time
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from generator.cli import cli
from generator.errors import InputError
from generator.pdf.outside import check
from tests.conftest import EXAMPLES


def _raw_pdf(content: bytes, filtered: bool, extra_catalog: bytes = b"", extra_page: bytes = b"") -> bytes:
    """Return a one-page PDF, written by hand, around a content stream."""
    filt = b"/Filter /FlateDecode " if filtered else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + extra_catalog + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R " + extra_page + b">>",
        b"<< /Length %d " % len(content) + filt + b">>\nstream\n" + content + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _bomb(path: Path, megabytes: int = 300) -> Path:
    """A few hundred kilobytes that inflate to `megabytes` of content."""
    packer = zlib.compressobj(9)
    chunk = b"0 0 m " * (1024 * 1024 // 6)
    data = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    path.write_bytes(_raw_pdf(data, filtered=True))
    return path


def _good(path: Path, text: str = "CLUB PAGE") -> Path:
    canvas = Canvas(str(path))
    canvas.drawString(100, 700, text)
    canvas.showPage()
    canvas.save()
    return path


def _quick(paths: list[Path]) -> InputError:
    started = time.monotonic()
    with pytest.raises(InputError) as e:
        check(paths)
    assert time.monotonic() - started < 10
    return e.value


def test_a_compression_bomb_is_refused_quickly(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "bomb.pdf")
    assert bomb.stat().st_size < 2 * 1024 * 1024
    assert str(_quick([bomb])) == (
        "bomb.pdf: not a readable PDF: a part of it expands far past any real page (a decompression bomb?)"
    )


def test_malformed_truncated_and_empty(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4\nthis is not a pdf at all")
    assert str(_quick([junk])).startswith("junk.pdf: not a readable PDF")
    whole = _good(tmp_path / "whole.pdf").read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(whole[: len(whole) // 3])
    assert str(_quick([truncated])).startswith("truncated.pdf: ")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert str(_quick([empty])).startswith("empty.pdf: not a readable PDF")


def test_an_encrypted_pdf_asks_for_an_unlocked_copy(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=_good(tmp_path / "plain.pdf"))
    writer.encrypt("secret", algorithm="AES-256")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as f:
        writer.write(f)
    assert str(_quick([locked])) == "locked.pdf: the PDF is password-protected; give an unlocked copy"


def test_size_cap(tmp_path: Path) -> None:
    big = _good(tmp_path / "big.pdf")
    with big.open("ab") as f:
        f.write(b"%" + b"x" * (2 * 1024 * 1024))
    with pytest.raises(InputError, match=r"^big\.pdf: the PDF is 2 MB; at most 1 MB is accepted$"):
        check([big], max_mb=1)


def test_good_pdfs_pass(tmp_path: Path) -> None:
    check([_good(tmp_path / "a.pdf"), _good(tmp_path / "b.pdf")])


def test_scripts_actions_and_metadata_stay_out_of_the_packet(tmp_path: Path) -> None:
    script = b"<< /S /JavaScript /JS (app.alert\\('hi'\\)) >>"
    attached = (
        b"/Names << /EmbeddedFiles << /Names [(secret.txt) << /Type /Filespec /F (secret.txt) >>] >> >> "
    )
    hostile = tmp_path / "rules.pdf"
    hostile.write_bytes(
        _raw_pdf(
            b"BT /F1 12 Tf 72 700 Td (RULES) Tj ET",
            filtered=False,
            extra_catalog=b"/OpenAction " + script + b" " + attached,
            extra_page=b"/AA << /O " + script + b" >> /Annots [<< /Type /Annot /Subtype /Link "
            b"/Rect [0 0 100 100] /A " + script + b" >>] ",
        )
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["batch", str(EXAMPLES / "roster.csv"), "-o", str(out), "--limit", "1", "--jobs", "1",
         "--packet", str(out / "p.pdf"), "--append", str(hostile)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = (out / "p.pdf").read_bytes()
    assert b"JavaScript" not in data and b"/JS " not in data and b"/OpenAction" not in data
    assert b"EmbeddedFiles" not in data and b"secret.txt" not in data
    packet = PdfReader(out / "p.pdf")
    assert "/Annots" not in packet.pages[-1] and "/AA" not in packet.pages[-1]


@pytest.mark.parametrize("command", ["packet", "append", "cover"])
def test_every_way_in_refuses_a_bomb_without_a_traceback(tmp_path: Path, command: str) -> None:
    bomb = _bomb(tmp_path / "bomb.pdf", megabytes=120)
    out = tmp_path / "out"
    if command == "packet":
        args = ["packet", str(bomb), "-o", str(out / "p.pdf")]
    else:
        args = ["batch", str(EXAMPLES / "roster.csv"), "-o", str(out), "--limit", "1", "--jobs", "1",
                "--packet", str(out / "p.pdf"), f"--{command}", str(bomb)]  # fmt: skip
    started = time.monotonic()
    result = CliRunner().invoke(cli, args)
    assert time.monotonic() - started < 20
    assert result.exit_code == 1
    assert "Error: bomb.pdf: not a readable PDF" in result.output
    assert "Traceback" not in result.output
    assert not (out / "p.pdf").exists()
