"""The content files: front matter, sources, myths, club overrides and the template sandbox."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator import resources
from generator.content.library import LANGUAGES, Library, split_front_matter
from generator.content.sources import SOURCES
from generator.errors import ContentError
from tests.pdfs import all_text, make, profile

CONTENT = resources.content_dir()
FILES = [f"{t}.{lang}.md" for t in ("plan", "back", "checklist", "guide") for lang in LANGUAGES]

# The seed myths of the content facts, as they would read if printed (English and Spanish).
MYTHS = [
    r"lactic acid (build|caus)",
    r"[aá]cido l[aá]ctico",
    r"drink (plenty|lots)",
    r"bebe (mucha|mucho|abundante)",
    r"magnesium (supplement|pill)s? (prevent|stop)",
    r"(suplementos?|pastillas?) de magnesio (previenen|evitan)",
    r"[aá]cido l[aá]tico",
    r"beba (muita|muito|bastante)",
    r"(suplementos?|comprimidos?) de magn[eé]sio (previnem|evitam)",
    r"axit lactic",
    r"uống (thật|càng) nhiều",
    r"viên magiê (giúp )?(ngăn|phòng|tránh)",
    r"乳酸(会)?(引起|导致)抽筋",
    r"多喝.{0,4}(防止|避免|预防)抽筋",
    r"镁(片|补充剂).{0,4}(防止|预防|避免)",
    r"حمض اللاكتيك (يسبب|سبب|هو سبب)",
    r"سببه حمض اللاكتيك",
    r"اشرب (الكثير|كثيرا|أكبر كمية)",
    r"(أقراص|حبوب|مكملات) المغنيسيوم (تمنع|تبعد|تقي)",
    r"motor neurons? on the surface of the brain",
    r"(ice|heat) (for|to treat) (a )?cramp",
    r"stretch(ing)? (to|will) prevent",
]


@pytest.mark.parametrize("name", FILES)
def test_front_matter(name: str) -> None:
    front, body = split_front_matter((CONTENT / name).read_text(encoding="utf-8"))
    meta = yaml.safe_load(front)
    assert set(meta) >= {"title", "topic", "language", "version", "review_date", "sources"}
    assert meta["language"] == name.split(".")[1]
    assert meta["topic"] == name.split(".")[0]
    assert set(meta["sources"]) <= set(SOURCES)
    assert body.count("\n") == (CONTENT / name).read_text(encoding="utf-8").count("\n")


# A line of the guide that names a myth to put it right: "- **Myth:** ... **True:** ...".
MYTH_WORDS = ("Myth:", "Mito:", "Lầm tưởng:", "误区：", "خرافة:")
DEBUNKED = re.compile(
    r"^- \*\*(Myth:|Mito:|Lầm tưởng:|误区：|خرافة:)\*\* ?.+ ?"
    r"\*\*(True:|Verdad:|Verdade:|Sự thật:|真相：|الحقيقة:)\*\* ?.+$"
)


@pytest.mark.parametrize("name", [*FILES, *(f"labels.{language}.yaml" for language in LANGUAGES)])
def test_no_seed_myth_in_the_content(name: str) -> None:
    # The guide names the myths only to put them right, each on one line with what is true.
    lines = (CONTENT / name).read_text(encoding="utf-8").splitlines()
    text = "\n".join(line.lower() for line in lines if not DEBUNKED.match(line))
    for myth in MYTHS:
        assert not re.search(myth, text), (name, myth)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_guide_names_each_myth_only_with_what_is_true(language: str) -> None:
    lines = (CONTENT / f"guide.{language}.md").read_text(encoding="utf-8").splitlines()
    named = [line for line in lines if any(f"**{word}**" in line for word in MYTH_WORDS)]
    assert len(named) == 4
    assert all(DEBUNKED.match(line) for line in named)


def test_labels_have_the_same_keys_in_every_language() -> None:
    def keys(data: object, prefix: str = "") -> set[str]:
        if isinstance(data, dict):
            return {k2 for k, v in data.items() for k2 in keys(v, f"{prefix}{k}.")} | {prefix}
        if isinstance(data, list):
            return {f"{prefix}[{len(data)}]"}
        return {prefix}

    english = keys(yaml.safe_load((CONTENT / "labels.en.yaml").read_text(encoding="utf-8")))
    spanish = keys(yaml.safe_load((CONTENT / "labels.es.yaml").read_text(encoding="utf-8")))
    assert english == spanish


def test_every_handout_states_it_is_education_not_diagnosis() -> None:
    assert "It is not a diagnosis" in " ".join(all_text(make(profile())).split())
    assert "no es un diagnóstico" in " ".join(all_text(make(profile(), language="es")).split())


def _club_folder(tmp_path: Path, name: str, body: str) -> Path:
    folder = tmp_path / "club"
    folder.mkdir(exist_ok=True)
    original = (CONTENT / name).read_text(encoding="utf-8")
    front, _ = split_front_matter(original)
    (folder / name).write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")
    return folder


def test_a_club_content_folder_is_searched_first(tmp_path: Path) -> None:
    folder = _club_folder(tmp_path, "back.en.md", "## Our club doctor\nCall Dr Lee on 555 0100.\n")
    text = all_text(make(profile(), content_dir=folder))
    assert "Call Dr Lee on 555 0100." in text
    # Files the club does not replace still come from the built-in content.
    assert "My checklist for this week" in text


def _line_of(folder: Path, text: str) -> int:
    return (folder / "back.en.md").read_text(encoding="utf-8").splitlines().index(text) + 1


def test_club_templates_cannot_reach_python_internals(tmp_path: Path) -> None:
    folder = _club_folder(tmp_path, "back.en.md", "Hello\n{{ ''.__class__.__mro__ }}\n")
    line = _line_of(folder, "{{ ''.__class__.__mro__ }}")
    with pytest.raises(ContentError) as e:
        make(profile(), content_dir=folder)
    assert str(e.value) == (
        f"back.en.md, line {line}: not allowed in content: "
        "access to attribute '__class__' of 'str' object is unsafe."
    )


def test_a_missing_variable_names_the_file_and_line(tmp_path: Path) -> None:
    folder = _club_folder(tmp_path, "back.en.md", "Hello {{ n.no_such_number }}\n")
    line = _line_of(folder, "Hello {{ n.no_such_number }}")
    with pytest.raises(ContentError) as e:
        make(profile(), content_dir=folder)
    assert str(e.value) == f"back.en.md, line {line}: 'dict object' has no attribute 'no_such_number'"


def test_a_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    folder = _club_folder(tmp_path, "back.en.md", "Fine\n{% if %}\n")
    lines = (folder / "back.en.md").read_text(encoding="utf-8").splitlines()
    bad_line = lines.index("{% if %}") + 1
    with pytest.raises(ContentError, match=rf"^back\.en\.md, line {bad_line}: "):
        make(profile(), content_dir=folder)


def test_printing_an_unknown_value_is_an_error_not_the_word_none(tmp_path: Path) -> None:
    folder = _club_folder(tmp_path, "back.en.md", "Sweat rate {{ n.sweat_rate }}\n")
    with pytest.raises(ContentError, match="prints a value that is not known"):
        make(profile(), content_dir=folder)


def test_unknown_source_keys_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "club"
    folder.mkdir()
    text = (CONTENT / "back.en.md").read_text(encoding="utf-8").replace("sources: [", "sources: [XX9, ", 1)
    (folder / "back.en.md").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=r"^back\.en\.md: unknown source keys XX9$"):
        Library([folder, CONTENT]).topic("back", "en")


def test_copy_of_builtin_content_renders_the_same(tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(CONTENT, folder)
    p = profile(age=16, body_mass_kg=60)
    assert all_text(make(p, content_dir=folder)) == all_text(make(p))


def test_a_club_file_of_the_old_long_handout_is_named_not_dropped(tmp_path: Path) -> None:
    folder = tmp_path / "club"
    folder.mkdir()
    (folder / "doctor.en.md").write_text("---\ntitle: x\n---\nCall Dr Lee on 555 0100.\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"^doctor\.en\.md in .*club: handouts no longer read this file"):
        make(profile(), content_dir=folder)
