"""With SOURCE_DATE_EPOCH set, the same input gives the same bytes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.pdfs import all_text, make, profile


def test_same_input_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")  # 24 November 2025, 16:00 UTC
    p = profile(name="Zoë Ñúñez", age=16, body_mass_kg=58, dark_urine="yes", wbgt_c=29)
    first, second = make(p).pdf, make(p).pdf
    assert first == second
    assert "24 November 2025" in all_text(first)
    from tests.pdfs import reader

    meta = reader(first).metadata
    assert meta is not None and str(meta["/CreationDate"]) == "D:20251124160000+00'00'"


def test_different_epoch_different_date(monkeypatch: pytest.MonkeyPatch) -> None:
    p = profile(name="Ana")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    one = make(p).pdf
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 1 January 2026
    two = make(p).pdf
    assert one != two and "1 January 2026" in all_text(two)


def test_reused_parsing_changes_no_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    # A maker reuses the parsed markup of lines that recur between handouts, and their line
    # breaks; the PDF must be exactly what parsing and breaking every line afresh gives.
    from generator.inputs.profile import validate
    from generator.inputs.roster import read_records
    from generator.options import HandoutOptions as Options
    from generator.runs.handout import HandoutMaker
    from tests.conftest import EXAMPLES

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    people = [validate(r.values, r.where).profile for r in read_records(EXAMPLES / "roster.csv").records]
    reusing, fresh = HandoutMaker(Options()), HandoutMaker(Options())
    fresh._parsed = None
    athletes = [p for p in people if p is not None] * 2
    assert reusing.render(athletes).rendered.pdf == fresh.render(athletes).rendered.pdf
    assert reusing._parsed is not None and len(reusing._parsed) > 100  # the reuse really happened
    assert sum(len(seen.lines) > 0 for seen in reusing._parsed.values()) > 100


@pytest.mark.parametrize(("paper", "units"), [("a4", "metric"), ("letter", "imperial")])
def test_cheap_keep_with_next_breaks_pages_as_reportlab_does(
    monkeypatch: pytest.MonkeyPatch, paper: str, units: str
) -> None:
    # Headings of flowing text (the team guide) are kept with what follows by a measure that
    # skips reportlab's copy of the frame; the pages must come out exactly as with reportlab's
    # own KeepTogether.
    from reportlab.platypus import KeepTogether

    from generator.layout import internals
    from generator.options import HandoutOptions as Options
    from generator.runs.handout import HandoutMaker

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    options = Options(paper=paper)
    languages = ["en", "es"] * 5
    ours = HandoutMaker(options).guides(languages, units)
    calls = []

    class Counted(internals.KeepWithNext):
        def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
            calls.append(1)
            return super().wrap(aW, aH)

    monkeypatch.setattr(internals, "KeepWithNext", Counted)
    assert HandoutMaker(options).guides(languages, units).pdf == ours.pdf
    assert len(calls) > 100  # headings really were measured by ours
    monkeypatch.setattr(internals, "KeepWithNext", KeepTogether)
    theirs = HandoutMaker(options).guides(languages, units)
    assert theirs.pages == ours.pages >= 20
    assert theirs.pdf == ours.pdf


def test_packet_is_the_same_bytes_in_every_process(tmp_path: Path) -> None:
    # Python orders sets differently in every process (hash seeds): a packet copied with a set's
    # order once differed from run to run. Two processes with different seeds must agree.
    def packet(seed: str) -> bytes:
        out = tmp_path / seed
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1764000000", "PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "generator", "batch", str(EXAMPLES / "roster.csv"), "-o", str(out)]
        command += ["--packet", str(out / "packet.pdf"), "--duplex", "--quiet", "--jobs", "2"]
        subprocess.run(command, env=env, check=True, capture_output=True)
        return (out / "packet.pdf").read_bytes()

    assert packet("1") == packet("2")


def test_compressing_pages_early_changes_no_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pages are compressed as soon as they are finished, and pages of a long document wait for
    # their footers compressed; the PDF must be exactly what reportlab writes by itself.
    import zlib

    from generator.inputs.profile import validate
    from generator.inputs.roster import read_records
    from generator.layout import internals
    from generator.options import HandoutOptions as Options
    from generator.runs.handout import HandoutMaker

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    people = [validate(r.values, r.where).profile for r in read_records(EXAMPLES / "roster.csv").records]
    athletes = [p for p in people if p is not None]
    athletes *= 3  # pages enough that most wait for their footers
    maker = HandoutMaker(Options())
    ours = maker.render(athletes).rendered.pdf

    unpacked: list[int] = []
    decompress = zlib.decompress

    def counted(data: bytes) -> bytes:
        unpacked.append(len(data))
        return decompress(data)

    monkeypatch.setattr(zlib, "decompress", counted)
    monkeypatch.setattr(internals, "_WAITING_RAW", 0)  # every page but the first waits compressed
    waited_compressed = maker.render(athletes).rendered.pdf
    assert len(unpacked) > 100

    monkeypatch.setattr(internals, "_WAITING_RAW", 10**12)
    monkeypatch.setattr(internals, "_compress_now", lambda page: None)  # reportlab's own way
    reportlabs = maker.render(athletes).rendered.pdf
    assert ours == waited_compressed == reportlabs
