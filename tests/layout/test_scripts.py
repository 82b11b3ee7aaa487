"""Names in every script: printed exactly in a fallback font where the handout font has none,
refused clearly (naming the script, never the name) where no font here can print them."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from generator.cli import cli
from generator.layout import internals, scripts
from tests.pdfs import need_cjk_font
from tests.test_accessible import accessible

NAMES = {  # name -> its file name's first part
    "王伟": "wangwei",
    "김민준": "gimminjun",
    "さくら 田中": "sakura-tianzhong",
    "Ελένη Παπαδοπούλου": "eleni-papadopoyloy",
    "Юлия Смирнова": "yuliya-smirnova",
    "Nguyễn Thị Ngọc": "nguyen-thi-ngoc",
    "Łukasz Wróbel": "lukasz-wrobel",
}
# Shaped (letters joined, stacked) and, for Arabic and Hebrew, set right to left.
SHAPED = {"محمد علي": "mhmd-ly", "דוד לוי": "dvd-lvy", "अर्जुन शर्मा": "arjun-srma"}
REFUSED = {"อนันต์": "Thai", "முருகன்": "Tamil", "ܐܕܝ": "Syriac", "សុខា": "Khmer"}
BIDI_MARKS = dict.fromkeys(range(0x202A, 0x202F))  # (poppler wraps text read right to left in them)


@pytest.fixture
def cjk() -> Path:
    return need_cjk_font()


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    scripts.forget()
    yield
    scripts.forget()


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def roster(tmp_path: Path, names: dict[str, str]) -> Path:
    path = tmp_path / "roster.csv"
    rows = "".join(f"{name},ID-{i},15,female,50,{name} FC\n" for i, name in enumerate(names))
    path.write_text("name,athlete_id,age,sex,body_mass_kg,team\n" + rows, encoding="utf-8")
    return path


def poppler_text(path: Path, first: int = 1, last: int = 1) -> str:
    """Return pages' text as poppler reads it (what a copy gives): Arabic's joined letter forms
    as the letters they are, without the direction marks poppler puts around text it reordered."""
    out = subprocess.run(
        ["pdftotext", "-f", str(first), "-l", str(last), str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return " ".join(unicodedata.normalize("NFKC", out).translate(BIDI_MARKS).split())


def actual_texts(path: Path) -> list[str]:
    """Return the texts as written that the structure tree gives its elements (/ActualText)."""
    found: list[str] = []
    with pikepdf.open(path) as pdf:
        todo = [pdf.Root.StructTreeRoot]
        while todo:
            node = todo.pop()
            if "/ActualText" in node:
                found.append(str(node.ActualText))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    todo.append(kid)
    return found


def words(path: Path, pages: slice = slice(None)) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages[pages]).split())


def fonts(path: Path) -> list[tuple[str, bool, bool]]:
    """Each font a file uses: its name, whether it is embedded, whether it maps back to Unicode."""
    out = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.obj.Resources.Font.values():
                descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
                out.append((str(font.BaseFont), "/FontFile2" in descriptor, "/ToUnicode" in font))
    return out


def test_every_script_prints_exactly_in_the_handout_report_contents_and_bookmarks(
    tmp_path: Path, cjk: Path
) -> None:
    out = tmp_path / "out"
    result = run("batch", roster(tmp_path, NAMES), "-o", out, "--packet", out / "packet.pdf")
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output
    for i, (name, stem) in enumerate(NAMES.items()):
        handout = out / f"{stem}-id-{i}.pdf"
        text = words(handout)
        assert f"For {name} (ID-{i})" in text and f"{name} FC" in text  # the team, too
        assert f"{name} · Education, not a diagnosis." in text  # the footer
        assert all(embedded and mapped for _, embedded, mapped in fonts(handout))
    packet = out / "packet.pdf"
    reader = PdfReader(packet)
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert set(NAMES) <= set(titles)
    front = words(packet, slice(0, 4))  # the cover, the coach's report, the contents
    for name in NAMES:
        assert front.count(name) >= 2, name  # in the report's table and on the contents page
    assert any("Fallback" not in name and "FiraSans" not in name for name, _, _ in fonts(packet))
    # Tagged as the rest: what a screen reader reads along the tree is the name as written.
    for path in (out / "wangwei-id-0.pdf", out / "gimminjun-id-1.pdf", packet):
        accessible(path)


def test_arabic_hebrew_and_devanagari_names_print_shaped_and_in_reading_order(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("batch", roster(tmp_path, SHAPED), "-o", out, "--packet", out / "packet.pdf")
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output
    for i, (name, stem) in enumerate(SHAPED.items()):
        handout = out / f"{stem}-id-{i}.pdf"
        # A copy gives the name as written: poppler reads Arabic and Hebrew back into reading
        # order (which it could not if the words were drawn in the order they are written)
        # and takes Devanagari's text as written from the page. In the header, the team line
        # and the footer. (Where the name meets Latin text, poppler's own order of the two
        # is its guess: "For ( محمد عليID-0)".)
        assert poppler_text(handout).count(name) == 3, poppler_text(handout)
        # What a screen reader reads is each line exactly as written.
        written = actual_texts(handout)
        assert f"For {name} (ID-{i})" in written
        assert any(line.startswith(f"{name} FC · ") for line in written), written
        assert all(embedded and mapped for _, embedded, mapped in fonts(handout))
        accessible(handout)
    arabic = poppler_text(out / "mhmd-ly-id-0.pdf")
    # Joined: محمد is drawn in its initial, medial and final forms, not as four loose letters.
    assert "\ufee3\ufea4\ufee4\ufeaa" in subprocess.run(
        ["pdftotext", "-l", "1", str(out / "mhmd-ly-id-0.pdf"), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert "محمد علي" in arabic and "علي محمد" not in arabic  # its words right to left
    used = {name.split("+")[-1] for name, _, _ in fonts(out / "packet.pdf")}
    assert {"IBMPlexSansArabic-Regular", "Heebo-Regular", "Hind-Regular"} <= used
    packet = out / "packet.pdf"
    titles = [item.title for item in PdfReader(packet).outline if not isinstance(item, list)]
    assert set(SHAPED) <= set(titles)
    front = poppler_text(packet, 1, 4)  # the cover, the coach's report, the contents
    for name in SHAPED:
        assert front.count(name) >= 2, name
    accessible(packet)


def test_scripts_the_handouts_cannot_print_yet_fail_their_row_naming_the_script(tmp_path: Path) -> None:
    names = {"Ana Lopez": "ana-lopez", **{name: "" for name in REFUSED}}
    result = run("batch", roster(tmp_path, names), "-o", tmp_path / "out")
    assert result.exit_code == 1
    for line, script in enumerate(REFUSED.values(), start=3):
        assert f"roster.csv, line {line}, name: This athlete's name is in the {script} script" in (
            result.output
        )
    for name in REFUSED:
        assert name not in result.output and name.split()[0] not in result.output
    assert [p.name for p in (tmp_path / "out").glob("*.pdf")] == ["ana-lopez-id-0.pdf"]
    assert "Done: 1 handout (2 pages), 4 failed" in result.output
    # With a placeholder allowed, every row prints, and the summary says so once.
    allowed = run("batch", roster(tmp_path, names), "-o", tmp_path / "all", "--allow-missing-glyphs")
    assert allowed.exit_code == 0, allowed.output
    assert allowed.output.count("▯") == 1
    assert "4 handouts print ▯ where no font here has a character" in allowed.output
    assert "lines 3, 4, 5, 6" in allowed.output
    printed = words(tmp_path / "all" / "onant-id-1.pdf")
    assert "For ▯▯▯▯▯▯ (ID-1)" in printed


def test_a_font_folder_is_used_and_a_broken_font_in_it_is_passed_over(
    tmp_path: Path, cjk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No fontconfig: the system's fonts are not found, so 王伟 is refused, saying how to add one.
    monkeypatch.setattr(shutil, "which", lambda name: None)
    alone = run("make", roster(tmp_path, {"王伟": ""}), "--row", "1", "-o", tmp_path / "one.pdf")
    assert alone.exit_code == 1
    assert "Chinese (Han) script, which no font on this computer has" in alone.output
    assert "--font-dir DIR" in alone.output and "王" not in alone.output
    assert not (tmp_path / "one.pdf").exists()
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / "a-broken.ttf").write_bytes(b"not a font at all" * 100)  # tried first, passed over
    (folder / "notes.txt").write_text("not a font", encoding="utf-8")
    shutil.copy(cjk, folder / f"z-cjk{cjk.suffix}")
    scripts.forget()
    made = run(
        "make", roster(tmp_path, {"王伟": ""}), "--row", "1", "-o", tmp_path / "one.pdf", "--font-dir", folder
    )
    assert made.exit_code == 0, made.output
    assert "For 王伟 (ID-0)" in words(tmp_path / "one.pdf")


def test_make_names_the_file_in_latin_letters_and_refuses_thai(
    tmp_path: Path, cjk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = roster(tmp_path, {"王伟": "", "محمد علي": "", "อนันต์": ""})
    monkeypatch.chdir(tmp_path)
    for row in ("1", "2"):
        made = run("make", path, "--row", row)
        assert made.exit_code == 0, made.output
    assert (tmp_path / "wangwei-id-0.pdf").is_file() and (tmp_path / "mhmd-ly-id-1.pdf").is_file()
    refused = run("make", path, "--row", "3")
    assert refused.exit_code == 1 and "Thai script" in refused.output and "Traceback" not in refused.output
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["mhmd-ly-id-1.pdf", "wangwei-id-0.pdf"]


def _font_characters(path: Path) -> dict[str, str]:
    """Each font's name and the characters its map back to Unicode holds (what it can spell)."""
    out: dict[str, str] = {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.obj.Resources.Font.values():
                data = font.ToUnicode.read_bytes().decode("latin-1") if "/ToUnicode" in font else ""
                codes = [int(c, 16) for c in re.findall(r"<([0-9A-Fa-f]{4})>", data)]
                out[str(font.BaseFont)] = "".join(chr(c) for c in codes if c > 0x2000)
    return out


def test_no_handout_carries_another_athletes_name_in_its_fonts(tmp_path: Path, cjk: Path) -> None:
    # One chunk, one process: the fallback font must not be shared between athletes' files,
    # or 王伟's file would hold 李娜's name in its font (and a locked file would give it away).
    names = {"Ana": "", "王伟": "", "Ben": "", "李娜": ""}
    out = tmp_path / "out"
    result = run("batch", roster(tmp_path, names), "-o", out, "--jobs", "1", "--packet", out / "p.pdf")
    assert result.exit_code == 0, result.output
    ana = _font_characters(out / "ana-id-0.pdf")
    assert all("FiraSans" in name for name in ana), ana
    wang = "".join(_font_characters(out / "wangwei-id-1.pdf").values())
    li = "".join(_font_characters(out / "lina-id-3.pdf").values())
    assert "王" in wang and "李" not in wang and "娜" not in wang
    assert "李" in li and "王" not in li and "伟" not in li
    titles = [item.title for item in PdfReader(out / "p.pdf").outline if not isinstance(item, list)]
    assert titles[-4:] == ["Ana", "王伟", "Ben", "李娜"]  # roster order kept


def test_symbols_and_odd_spaces_never_stop_a_handout(tmp_path: Path) -> None:
    # A team called "Lycée Saint-Jean ⚽" (a narrow no-break space from a word processor, a
    # football): the handout is made; what no font has is the placeholder, said once.
    path = tmp_path / "roster.csv"
    path.write_text("name,team\nAna,Lycée\u202fSaint-Jean ⚽\nBo 𝓐nna,Club\n", encoding="utf-8")
    result = run("batch", path, "-o", tmp_path / "out")
    assert "line 3, name: This athlete's name has a character the handouts cannot print yet" in result.output
    assert "Error: roster.csv, line 2" not in result.output
    made = words(tmp_path / "out" / "ana-row2.pdf")
    assert "Lycée Saint-Jean ▯" in made
    assert "1 handout prints ▯ where no font here has a character" in result.output


def test_a_family_copy_that_breaks_keeps_the_athletes_own_handout(tmp_path: Path) -> None:
    club = tmp_path / "club"
    club.mkdir()
    from generator import resources

    plan = (resources.content_dir() / "plan.pt.md").read_text(encoding="utf-8")
    (club / "plan.pt.md").write_text(plan.replace("{{ n.fluid_before }}", "{{ no_such_value }}", 1), "utf-8")
    path = tmp_path / "roster.csv"
    path.write_text("name,athlete_id,body_mass_kg,family_language\nZoë,Z1,58,pt\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", path, "-o", out, "--content-dir", club)
    assert result.exit_code == 1
    assert "line 2: the family copy (pt): plan.pt.md" in result.output
    assert "Done: 1 handout (2 pages), 1 failed" in result.output
    assert sorted(p.name for p in out.glob("*.pdf")) == ["zoe-z1.pdf"]


def test_a_file_that_is_not_a_pdf_under_a_handouts_name_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "joe-j1.pdf").write_text("Coach's private notes", encoding="utf-8")
    path = tmp_path / "roster.csv"
    path.write_text("name,athlete_id\nJoe,J1\nAnn,A1\n", encoding="utf-8")
    result = run("batch", path, "-o", out)
    assert result.exit_code == 1
    assert "line 2: joe-j1.pdf is a file that is not a PDF: it was left as it is" in result.output
    assert (out / "joe-j1.pdf").read_text(encoding="utf-8") == "Coach's private notes"
    assert (out / "ann-a1.pdf").is_file()


def test_the_report_says_how_many_athletes_are_not_in_the_packet(tmp_path: Path) -> None:
    # An emergency the packet cannot hold (a name in Thai) must not read as "nobody".
    path = tmp_path / "roster.csv"
    path.write_text(
        "name,athlete_id,dark_urine\nสมชาย ใจดี,A1,yes\nJoe,J1,no\nBad,B1,maybe\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = run("batch", path, "-o", out, "--packet", out / "p.pdf")
    assert result.exit_code == 1
    report = words(out / "p.pdf", slice(1, 2))
    assert "2 athletes are not in this packet: their handouts could not be made (see errors.csv)." in report
    plain = run("report", path, "-o", tmp_path / "r.pdf")
    assert "Warning: roster.csv: 9 different characters no font here can print show as '▯'" in plain.output


def test_the_refusal_names_the_column_that_cannot_be_printed(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("name,athlete_id,team\nAna,A1,ทีม\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", path, "-o", out)
    assert "roster.csv, line 2, team: This athlete's team is in the Thai script" in result.output
    rows = (out / "errors.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[1].startswith("roster.csv,2,team,")
    made = run("make", path, "--row", "1", "-o", tmp_path / "a.pdf")
    assert made.exit_code == 1 and "This athlete's team is in the Thai script" in made.output


def test_a_chinese_handout_lends_no_glyph_to_another_athletes_file(tmp_path: Path, cjk: Path) -> None:
    # Ethan's handout is in Chinese (and his family's copy in English): Jayden's English file,
    # made in the same chunk, must not carry the Chinese font cut to Ethan's words, which
    # would tell which boxes Ethan's handout has.
    path = tmp_path / "roster.csv"
    path.write_text(
        "name,athlete_id,language,family_language,dark_urine\nJayden,J1,en,,no\nEthan,E1,zh,en,yes\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("batch", path, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert all("FiraSans" in name for name in _font_characters(out / "jayden-j1.pdf"))
    assert any("FiraSans" not in name for name in _font_characters(out / "ethan-e1.pdf"))


def test_chinese_without_a_font_for_it_is_refused_never_printed_as_placeholders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)  # no fontconfig: no system fonts
    scripts.forget()
    made = run("make", "--lang", "zh", "-o", tmp_path / "a.pdf", Path("examples") / "athlete.yaml")
    assert made.exit_code == 1 and "Handouts in Chinese need a font with Chinese characters" in made.output
    assert not (tmp_path / "a.pdf").exists()
    guide = run("guide", "--lang", "zh", "-o", tmp_path / "g.pdf")
    assert guide.exit_code == 1 and "--font-dir DIR" in guide.output
    path = tmp_path / "roster.csv"
    path.write_text("name,athlete_id,language\nAna,A1,en\nLi,L1,zh\n", encoding="utf-8")
    out = tmp_path / "out"
    batch = run("batch", path, "-o", out, "--packet", out / "p.pdf")
    assert batch.exit_code == 1 and "line 3: Handouts in Chinese need a font" in batch.output
    assert "▯" not in words(out / "p.pdf")  # no Chinese guide of placeholders in the packet


def drawn(text: str, rtl: bool = False) -> list[str]:
    """Return a line's runs as drawn, left to right, each as the text it stands for."""
    face = internals.Face("Helvetica", 10)
    pieces = [(face, text)]
    return [unicodedata.normalize("NFKC", run) for _, run, _ in internals.drawn_runs(pieces, rtl)]


def test_words_written_right_to_left_are_set_in_the_order_they_are_read() -> None:
    # Runs as drawn, left to right (a shaped run compared by the letters it stands for).
    assert drawn("For محمد علي (A1)") == ["For ", "محمد علي", " (A1)"]
    assert drawn("Zoë Ñúñez") == ["Zoë Ñúñez"]  # nothing to do
    # A number after Arabic words goes with them, to their left; in Arabic-Indic digits too,
    # and those still read left to right (HarfBuzz, taking them for Arabic, turned them round).
    assert drawn("فريق 12") == ["12", "فريق "]
    assert drawn("فريق ١٢") == ["١٢", "فريق "]
    # A word written in both directions: each part its own run, with no space between.
    assert drawn("Ali-حسن") == ["Ali-", "حسن"]
    assert drawn("محمدJohn") == ["محمد", "John"]
    # A line of an Arabic page: a name in Latin letters with its id in brackets stays whole,
    # and a degree sign stays with its C.
    assert drawn("إلى Zoë (FC-07)", rtl=True) == ["Zoë (FC-07)", "إلى "]
    assert "°C" in drawn("هي 28.4 °C", rtl=True)


def test_a_word_in_two_directions_prints_every_letter(tmp_path: Path) -> None:
    # "Ali-حسن" is shaped as two words: shaped as one, its Arabic letters were asked of the
    # Latin font, which has none.
    made = run("make", roster(tmp_path, {"Sara Ali-حسن": ""}), "--row", "1", "-o", tmp_path / "a.pdf")
    assert made.exit_code == 0, made.output
    text = poppler_text(tmp_path / "a.pdf")
    assert "حسن" in text and "Ali-" in text and "▯" not in text
    assert "For Sara Ali-حسن (ID-0)" in actual_texts(tmp_path / "a.pdf")
