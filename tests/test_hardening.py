"""Interrupted runs, a full disk, private data, and any bytes as a roster."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from generator import render
from generator.cli import cli
from generator.errors import HandoutsError, RenderError
from generator.roster import read_records
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
    left = list(out.iterdir())
    assert not [p for p in left if p.name.startswith(".")], left  # no temporary files or folders
    assert not (out / "packet.pdf").exists()
    assert 3 <= len(left) < 120
    for pdf in left:
        assert PdfReader(pdf).pages  # every file left is a whole PDF


def test_interrupted_packet_write_leaves_no_partial_packet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import packet

    def interrupted(path: Path, data: bytes, private: bool = False) -> None:
        # The packet's bytes are in a temporary file when Ctrl-C arrives, just before the move.
        def stop(source: str, target: Path) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(os, "replace", stop)
        render.write_atomically(path, data, private)

    monkeypatch.setattr(packet, "write_atomically", interrupted)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["batch", str(EXAMPLES / "roster.csv"), "-o", str(out), "--limit", "2", "--jobs", "1",
              "--packet", str(out / "p.pdf")]
    )  # fmt: skip
    assert result.exit_code == 130
    assert "Stopped: 2 finished handouts were kept" in result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["maya-chen-rfc-02.pdf", "zoe-nunez-rfc-01.pdf"]


def test_a_full_disk_is_a_clear_error_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(RenderError, match=r"^cannot write h\.pdf: No space left on device$"):
        render.write_atomically(tmp_path / "h.pdf", b"%PDF-1.4 data")
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
    st.lists(
        st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12), min_size=1, max_size=6
    ),
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
    from generator.profile import validate

    try:
        records = read_records(path)
    except HandoutsError:
        return
    for record in records.records:
        result = validate(record.values, record.where)
        assert result.profile is not None or result.problems
