"""Numbers, decimal marks, dates and counts, each language its own way, from one module."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import resources
from generator.content.library import Library
from generator.locale import fill, plural

LIBRARY = Library([resources.content_dir()])


@pytest.mark.parametrize(
    ("count", "one", "many", "expected"),
    [
        (0, "handout", None, "0 handouts"),
        (1, "handout", None, "1 handout"),
        (2, "handout", None, "2 handouts"),
        (1, "athlete", None, "1 athlete"),
        (3, "copy", "copies", "3 copies"),
        (1, "copy", "copies", "1 copy"),
    ],
)
def test_english_counts_take_the_right_form(count: int, one: str, many: str | None, expected: str) -> None:
    assert plural(count, one, many) == expected


def test_each_language_writes_its_decimal_mark() -> None:
    assert LIBRARY.labels("en").locale.number(1.25, 2) == "1.25"
    assert LIBRARY.labels("es").locale.number(1.25, 2) == "1,25"
    assert LIBRARY.labels("es").locale.decimal("1.5 L") == "1,5 L"
    assert LIBRARY.labels("pt").locale.number(1.25, 2) == "1,25"
    assert LIBRARY.labels("vi").locale.decimal("1.5 L") == "1,5 L"
    # Arabic with the digits 0-9, as CLDR's Arabic with Latin digits: a decimal point.
    assert LIBRARY.labels("ar").locale.number(1.25, 2) == "1.25"


def test_each_language_writes_its_dates() -> None:
    # (with no-break spaces: a date is never cut over two lines)
    day = dt.date(2026, 11, 25)
    assert LIBRARY.labels("en").locale.date(day) == "25\u00a0November\u00a02026"
    assert LIBRARY.labels("es").locale.date(day) == "25\u00a0de\u00a0noviembre\u00a0de\u00a02026"
    assert LIBRARY.labels("pt").locale.date(day) == "25\u00a0de\u00a0novembro\u00a0de\u00a02026"
    assert LIBRARY.labels("vi").locale.date(day) == "ngày\u00a025\u00a0tháng\u00a011\u00a0năm\u00a02026"
    assert LIBRARY.labels("zh").locale.date(day) == "2026年11月25日"
    assert LIBRARY.labels("ar").locale.date(day) == "25\u00a0نوفمبر\u00a02026"


def test_counts_in_labels_use_their_one_and_many_forms() -> None:
    words = LIBRARY.labels("en")["report"]["athletes"]
    locale = LIBRARY.labels("en").locale
    assert locale.count(words, 1) == "1 athlete"
    assert locale.count(words, 24) == "24 athletes"
    assert LIBRARY.labels("es").locale.count(LIBRARY.labels("es")["report"]["athletes"], 1) == "1 deportista"


def test_a_label_is_text_never_code() -> None:
    assert (
        fill("{name.__class__} {count:99999999} {name}", name="Zoë")
        == "{name.__class__} {count:99999999} Zoë"
    )


def test_the_cli_says_1_handout_and_2_handouts(tmp_path: object) -> None:
    from click.testing import CliRunner

    from generator.cli import cli
    from tests.conftest import EXAMPLES

    for limit, words in ((1, "1 handout "), (2, "2 handouts ")):
        result = CliRunner().invoke(
            cli,
            [
                "batch",
                str(EXAMPLES / "roster.csv"),
                "-o",
                f"{tmp_path}/o{limit}",
                "--limit",
                str(limit),
                "-q",
            ],
        )
        assert result.exit_code == 0, result.output
        assert f"Done: {words}(" in result.output


def test_a_packet_of_one_athlete_says_1_athlete_on_its_cover(tmp_path: object) -> None:
    from pathlib import Path

    from generator import api
    from tests.conftest import EXAMPLES
    from tests.pdfs import page_texts

    folder = Path(str(tmp_path))
    api.make_handout(EXAMPLES / "athlete.yaml", folder / "one.pdf")
    for language, words in (("en", "1 athlete"), ("es", "1 deportista")):
        made = api.make_packet(
            [folder / "one.pdf"], folder / f"p-{language}.pdf", "T", api.HandoutOptions(language=language)
        )
        cover = page_texts(made.path)[0]
        assert words in cover and f"{words}s" not in cover
