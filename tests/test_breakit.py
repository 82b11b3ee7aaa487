"""Break-it cases: what a careless office worker or a hostile file does to a whole run.

Each test reproduces one class of failure found by attacking the tool, with inputs written
here, and checks the promise the README makes: good rows still come out, a bad row is named
by its line and field, and nothing about one athlete ends up in another's handout.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli import cli

HEADER = "name,age,body_mass_kg,cramps,dark_urine\n"


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_a_stray_quote_never_puts_two_athletes_in_one_handout(tmp_path: Path) -> None:
    roster = tmp_path / "team.csv"
    # Ana's mass opens a quote that Cy's row would close: once, Ana's handout held Bo and Cy.
    roster.write_text(
        HEADER
        + 'Ana Lopez,16,"55,no,no\n'
        + "Bo Chen,15,60,yes,no\n"
        + 'Cy Diallo,17,"70",no,yes\n'
        + "Dee Ito,14,50,no,no\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["batch", str(roster), "-o", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 1, result.output
    assert "line 2" in result.output and "body_mass_kg" in result.output
    assert "Traceback" not in result.output
    written = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert written == ["bo-chen-row3.pdf", "cy-diallo-row4.pdf", "dee-ito-row5.pdf"]
    for pdf in (tmp_path / "out").glob("*.pdf"):
        text = pdf_text(pdf)
        others = [n for n in ("Ana", "Bo Chen", "Cy Diallo", "Dee Ito") if n in text]
        assert len(others) == 1, (pdf.name, others)
