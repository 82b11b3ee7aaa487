"""File names built from athletes' names stay inside the output folder and never clash."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from generator.runs.names import UniqueStems, file_stem, slug


def test_readable_slugs() -> None:
    assert slug("Zoë Ñúñez") == "zoe-nunez"
    assert file_stem("Zoë Ñúñez", "RFC-01") == "zoe-nunez-rfc-01"
    assert file_stem("Ana", None, 7) == "ana-row7"
    assert file_stem("Юлия", None, 3) == "yuliya-row3"
    assert file_stem("!!!") == "athlete"  # nothing to write out: a plain name still


def test_every_script_is_written_out_in_latin_letters() -> None:
    # Letters are written out, never dropped ("ukasz-wrobel", "r-ster" before).
    assert slug("Łukasz Wróbel") == "lukasz-wrobel"
    assert slug("Ærø Øster") == "aero-oster"
    assert file_stem("Юлия Смирнова", "RFC-06") == "yuliya-smirnova-rfc-06"
    assert slug("Nguyễn Thị Ngọc") == "nguyen-thi-ngoc"
    assert slug("王伟") == "wangwei"
    assert slug("Ελένη") == "eleni"
    assert slug("김민준") == "gimminjun"
    assert slug("さくら") == "sakura"
    assert slug("अर्जुन") == "arjun"
    assert slug("محمد") and slug("דוד")  # Arabic and Hebrew give their consonants
    # The same name typed in composed or decomposed form gives the same file name.
    assert slug(unicodedata.normalize("NFD", "Nguyễn")) == slug(unicodedata.normalize("NFC", "Nguyễn"))


def test_hostile_names() -> None:
    assert file_stem("../../etc/passwd") == "etc-passwd"
    assert file_stem("/absolute/path") == "absolute-path"
    assert file_stem("CON") == "con-athlete"
    assert file_stem("con", None, 2) == "con-row2"
    assert len(file_stem("x" * 300, "y" * 300)) <= 91
    assert file_stem(".hidden") == "hidden"


def unique_stems(athletes: Sequence[tuple[str, str | None, int | None]]) -> list[str]:
    stem = UniqueStems()
    return [stem(name, athlete_id, row) for name, athlete_id, row in athletes]


def test_duplicates_case_and_unicode_forms_get_distinct_names() -> None:
    nfc = unicodedata.normalize("NFC", "Zoë")
    nfd = unicodedata.normalize("NFD", "Zoë")
    stems = unique_stems([(nfc, None, None), (nfd, None, None), ("ZOË", None, None), ("Zoe", None, None)])
    assert stems == ["zoe", "zoe-2", "zoe-3", "zoe-4"]


@given(st.lists(st.tuples(st.text(max_size=300), st.none() | st.text(max_size=40), st.integers(1, 10**6))))
def test_any_names_give_distinct_safe_stems(athletes: list[tuple[str, str | None, int]]) -> None:
    stems = unique_stems(athletes)
    assert len(set(stems)) == len(stems)
    out = Path("/out")
    for stem in stems:
        assert stem and stem == stem.lower()
        assert set(stem) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
        assert not stem.startswith("-") and len(stem) < 120
        assert (out / f"{stem}.pdf").resolve().parent == out
