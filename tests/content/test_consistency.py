"""One handout, one message: over a spread of athletes, in both languages and both unit systems.

- No symptom is printed under two levels (a box, or a doctor topic's "... if" list).
- An emergency handout prints no item that assumes normal training.
- Imperial handouts hold no metric words, metric handouts no imperial words.
- Cold weather prints no heat advice; urine colour is always "dark yellow" or "brown, like tea or cola".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

import pytest

from generator import resources
from generator.content import document as doc
from generator.content.library import Library, build_document
from generator.inputs.profile import Profile
from generator.rules.plan import Plan, make_plan

LIBRARY = Library([resources.content_dir()])
LEVELS = ("emergency", "soon", "routine")

# Each symptom's words, and the one level they may be printed under.
SYMPTOMS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "brown urine": ("emergency", r"brown, like tea or cola"),
        "severe pain": ("emergency", r"far worse"),
        "confusion": ("emergency", r"confus"),
        "weight gain with signs": ("emergency", r"(gained|gain) weight|weight gain"),
        "sudden nerve symptom": ("emergency", r"sudden"),
        "weakness with pain": (
            "emergency",
            r"weak muscle, or not being able to finish|is weak, and it hurts a lot",
        ),
        "weakness": ("soon", r"feels weak|a weak or smaller muscle"),
        "smaller muscle": ("soon", r"getting smaller"),
        "slow speech or swallowing": ("soon", r"chewing"),
        "long twitch": ("routine", r"more than 2 weeks"),
        "twitches in several places": ("routine", r"more than one place"),
        "slow numbness": ("routine", r"numbness came on slowly"),
        "new medicine": ("routine", r"new medicine"),
    },
    "es": {
        "brown urine": ("emergency", r"marrón, como el té o la cola"),
        "severe pain": ("emergency", r"mucho más de lo"),
        "confusion": ("emergency", r"confus"),
        "weight gain with signs": ("emergency", r"(ganaste|ganar|ganado) peso|aumento de peso"),
        "sudden nerve symptom": ("emergency", r"de repente|de golpe|súbit"),
        "weakness with pain": ("emergency", r"músculo débil, o no poder terminar|débil, y te duele mucho"),
        "weakness": ("soon", r"se nota débil|músculo débil o más pequeño"),
        "smaller muscle": ("soon", r"más pequeño"),
        "slow speech or swallowing": ("soon", r"masticar"),
        "long twitch": ("routine", r"más de 2 semanas"),
        "twitches in several places": ("routine", r"más de un sitio|más de un lugar"),
        "slow numbness": ("routine", r"adormecimiento .*poco a poco|entumecimiento .*poco a poco"),
        "new medicine": ("routine", r"medicamento nuevo|nuevo medicamento|medicina nueva"),
    },
    "pt": {
        "brown urine": ("emergency", r"marrom, como chá ou refrigerante de cola"),
        "severe pain": ("emergency", r"muito mais do que"),
        "confusion": ("emergency", r"confus"),
        "weight gain with signs": ("emergency", r"ganhou peso|ganho de peso"),
        "sudden nerve symptom": ("emergency", r"de repente"),
        "weakness with pain": (
            "emergency",
            r"músculo fraco, ou não conseguir terminar|está fraco, e dói muito",
        ),
        "weakness": ("soon", r"parece fraco|um músculo fraco ou menor"),
        "smaller muscle": ("soon", r"ficando menor"),
        "slow speech or swallowing": ("soon", r"mastigar"),
        "long twitch": ("routine", r"mais de 2 semanas"),
        "twitches in several places": ("routine", r"mais de um lugar"),
        "slow numbness": ("routine", r"dormência,? começou aos poucos"),
        "new medicine": ("routine", r"remédio novo"),
    },
    "vi": {
        "brown urine": ("emergency", r"màu nâu, như nước trà hoặc cola"),
        "severe pain": ("emergency", r"đau hơn nhiều so với"),
        "confusion": ("emergency", r"lú lẫn"),
        "weight gain with signs": ("emergency", r"tăng cân"),
        "sudden nerve symptom": ("emergency", r"đột ngột"),
        "weakness with pain": ("emergency", r"không thể tập tiếp đến hết buổi|bị yếu, và rất đau"),
        "weakness": ("soon", r"thấy yếu|một cơ yếu hoặc nhỏ đi"),
        "smaller muscle": ("soon", r"teo nhỏ"),
        "slow speech or swallowing": ("soon", r"khó nhai"),
        "long twitch": ("routine", r"hơn 2 tuần"),
        "twitches in several places": ("routine", r"nhiều hơn một chỗ"),
        "slow numbness": ("routine", r"tê xuất hiện từ từ"),
        "new medicine": ("routine", r"loại thuốc có thể là nguyên nhân"),
    },
    "zh": {
        "brown urine": ("emergency", r"棕色的，像茶或可乐"),
        "severe pain": ("emergency", r"严重得多"),
        "confusion": ("emergency", r"神志不清"),
        "weight gain with signs": ("emergency", r"体重增加"),
        "sudden nerve symptom": ("emergency", r"突然出现"),
        "weakness with pain": ("emergency", r"没法坚持到训练结束|无力，而且很疼"),
        "weakness": ("soon", r"感觉无力|无力或变小"),
        "smaller muscle": ("soon", r"在变小"),
        "slow speech or swallowing": ("soon", r"咀嚼"),
        "long twitch": ("routine", r"超过 2 周"),
        "twitches in several places": ("routine", r"不止一个部位"),
        "slow numbness": ("routine", r"麻木是慢慢出现的|麻木慢慢出现"),
        "new medicine": ("routine", r"新药"),
    },
    "ar": {
        "brown urine": ("emergency", r"بني، مثل الشاي أو الكولا"),
        "severe pain": ("emergency", r"أسوأ بكثير"),
        "confusion": ("emergency", r"تشوش"),
        "weight gain with signs": ("emergency", r"زاد وزنك|زيادة الوزن"),
        "sudden nerve symptom": ("emergency", r"فجأة|مفاجئ"),
        "weakness with pain": ("emergency", r"عدم القدرة على إكمال|عضلة ضعيفة، وهي تؤلمك"),
        "weakness": ("soon", r"بضعف في عضلة|عضلة ضعيفة أو أصغر"),
        "smaller muscle": ("soon", r"يصغر حجمها"),
        "slow speech or swallowing": ("soon", r"المضغ"),
        "long twitch": ("routine", r"أكثر من أسبوعين"),
        "twitches in several places": ("routine", r"أكثر من مكان"),
        "slow numbness": ("routine", r"خدر بدأ تدريجيا"),
        "new medicine": ("routine", r"دواء جديد"),
    },
}

# Items that assume the athlete trains as normal: never on an emergency handout.
NORMAL_TRAINING = {
    "en": [
        r"before each session",
        r"Weigh myself before and after",
        r"one practice a day",
        r"Ease back",
        r"times as much as in a usual week",
        r"You can train as normal",
        r"drink at least",
        r"over the next few hours",
        r"Keep to your drink plan",
        r"At least 4 hours before",
        r"In a session like your last one",
        r"Add training a little at a time",
    ],
    "es": [
        r"antes de cada sesión",
        r"Pésate antes y después|Pesarme antes y después",
        r"una práctica al día|un entrenamiento al día",
        r"semana de siempre|semana normal",
        r"veces lo de una semana",
        r"Puedes entrenar como siempre|Puedes entrenar normal",
        r"bebe al menos",
        r"en las próximas horas",
        r"Al menos 4 horas antes",
        r"En una sesión como la última",
        r"Sube el entrenamiento poco a poco",
    ],
    "pt": [
        r"antes de cada treino",
        r"Pese-se antes e depois",
        r"um treino por dia",
        r"semana normal",
        r"Você pode treinar normalmente",
        r"beba no mínimo",
        r"nas próximas horas",
        r"Pelo menos 4 horas antes",
        r"Em um treino como o último",
        r"Aumente o treino",
    ],
    "vi": [
        r"trước mỗi buổi tập",
        r"Cân trước và sau",
        r"tập một buổi mỗi ngày",
        r"tuần bình thường",
        r"tập như bình thường",
        r"uống ít nhất",
        r"Trong vài giờ tới",
        r"Làm đúng kế hoạch uống nước",
        r"Ít nhất 4 giờ trước",
        r"giống buổi gần nhất",
        r"Tăng lượng tập từ từ",
    ],
    "zh": [
        r"每次训练前",
        r"前后各称一次体重",
        r"每天只练一次",
        r"平时一周",
        r"你可以正常训练",
        r"至少喝",
        r"接下来的几个小时",
        r"按你的饮水计划喝",
        r"训练前至少 4 小时",
        r"像上次那样的训练",
        r"训练量一点一点地加",
    ],
    "ar": [
        r"قبل كل حصة",
        r"أزن نفسي قبل",
        r"حصة تدريب واحدة في اليوم",
        r"أسبوعك المعتاد|أسبوعي المعتاد",
        r"يمكنك التدريب كالمعتاد",
        r"اشرب على الأقل",
        r"خلال الساعات القليلة القادمة",
        r"التزم بخطة الشرب",
        r"لا تقل عن 4 ساعات",
        r"مثل حصتك الأخيرة",
        r"زد التدريب",
    ],
}

METRIC = (
    r"\b(kg|mL|L|L/h|liters?|litros?|kilograms?|kilos?|kilogramos?|quilos?|quilogramas?|m|metros?"
    r"|glass(es)?|vasos?|copos?|lít|ki-lô-gam|mét|(?<!ngũ )cốc)\b|°C"  # (ngũ cốc: cereals)
    r"|(?<!量)杯|公斤"  # Chinese: a glass (not a US cup, 量杯), kilograms
    # Arabic: liters, kilograms, a glass (not a measuring cup, كوب قياس), meters
    r"|لتر|كيلوغرام|(?<!من )الأكواب(?! ?القياس)|كوب(?! قياس)|أكواب(?! (ال)?قياس)|\bمتر"
)
IMPERIAL = (
    r"\b(lb|lbs|oz|oz/h|ft|pounds?|libras?|onzas?|onças?|pies|pés|cups?|tazas?|xícaras?|ly|ao-xơ)\b|°F"
    r"|量杯|磅|盎司"  # Chinese: a US cup, pounds, ounces
    r"|رطل|قياس"  # Arabic: pounds, a measuring cup
)
HEAT_ADVICE = {
    "en": r"WBGT|cool the whole body|used to the heat|heat index|feels like|Heat today",
    "es": r"WBGT|enfría todo el cuerpo|enfriar todo el cuerpo|acostumbr\w* al calor|índice de calor"
    r"|sensación",
    "pt": r"WBGT|resfrie o corpo|acostum\w* ao calor|índice de calor|sensação térmica",
    "vi": r"WBGT|làm mát toàn thân|quen với trời nóng|chỉ số nóng|cảm giác nóng",
    "zh": r"WBGT|全身降温|适应高温|体感温度|酷热",
    "ar": r"WBGT|بتبريد الجسم|يتعود على الحر|مؤشر الحرارة|يشعر الجسم بحرارة|الحر اليوم",
}
URINE = {
    "en": (r"\bdark\b(?! yellow)", r"\bbrown\b(?!, like tea or cola)"),
    "es": (r"\boscur[ao]\b(?<!amarillo oscuro)", r"\bmarrón\b(?!, como el té o la cola)"),
    "pt": (r"(?<!amarelo-)\bescur[ao]\b", r"\bmarrom\b(?!, como chá ou refrigerante de cola)"),
    "vi": (r"(?<!vàng )\bsẫm\b", r"màu nâu(?!, như nước trà hoặc cola)"),
    "zh": (r"深色", r"棕色(?!的，像茶或可乐|的尿（像茶或可乐）)"),
    "ar": (r"(?<!أصفر )غامق", r"بني(?!، مثل الشاي أو الكولا)"),
}


def spread() -> Iterator[Profile]:
    """Return athletes with each symptom alone and in pairs, in heat, cold and unknown weather."""
    atoms: dict[str, dict[str, Any]] = {
        "dark_urine": {"dark_urine": True},
        "severe_pain": {"severe_pain": True},
        "weakness": {"weakness": True},
        "confusion": {"confusion": True},
        "gain_headache": {"pre_mass_kg": 60.0, "post_mass_kg": 60.5, "headache": True},
        "gain": {"pre_mass_kg": 60.0, "post_mass_kg": 60.5, "fluid_l": 2.0, "urine_l": 0, "session_h": 2},
        "sudden": {"sudden_onset": True, "numbness": True},
        "numbness": {"numbness": True},
        "speech": {"speech_or_swallowing": True},
        "wasting": {"muscle_wasting": True, "twitch_weeks": 1},
        "twitch": {"twitch_weeks": 3, "twitch_places": 2},
        "medicine": {"new_medication": True},
    }
    weathers: list[dict[str, Any]] = [
        {"wbgt_c": 31.0, "temperature_c": 33, "humidity_pct": 50, "acclimatized": False},
        {"wbgt_c": 2.0, "temperature_c": 3, "humidity_pct": 80},
        {"temperature_c": 36, "humidity_pct": 45},
        {},
    ]
    base = {"age": 15, "body_mass_kg": 55, "load_last_7d": 3000, "load_last_28d": 7000, "sleep_h": 7}
    combos = [()] + [(a,) for a in atoms] + list(itertools.combinations(atoms, 2))[::3]
    for i, combo in enumerate(combos):
        values: dict[str, Any] = dict(base)
        values.update(weathers[i % len(weathers)])
        if i % 5 == 0:
            values.update(age=30, alcohol_drinks_per_week=3, caffeine_mg_per_day=300)
        for atom in combo:
            values.update(atoms[atom])
        yield Profile(name="Test", **values)


PROFILES = list(spread())
CHECKED = ("en", "es", "pt", "vi", "zh", "ar")  # the languages whose words these checks know
CASES = [(p, lang, units) for p in PROFILES for lang in CHECKED for units in ("metric", "imperial")]


def _texts(block: doc.Block) -> list[str]:
    if isinstance(block, doc.Para):
        return [doc.span_text(block.spans)]
    if isinstance(block, doc.ItemList | doc.Checklist):
        return [doc.span_text(item) for item in block.items]
    if isinstance(block, doc.TriageBox):
        return [block.title, *block.reasons, *block.actions]
    if isinstance(block, doc.Heading):
        return [block.text]
    return []


def by_level(plan: Plan, document: doc.Document, language: str) -> dict[str | None, list[str]]:
    """Return the handout's text under each level: its box, and its "when to see a doctor" lists."""
    titles = {str(LIBRARY.labels(language)["triage"][level]["title"]): level for level in LEVELS}
    out: dict[str | None, list[str]] = {None: []}
    current: tuple[str, int] | None = None
    for block in document.blocks:
        if isinstance(block, doc.Heading):
            if current is not None and block.level <= current[1]:
                current = None
            level = next((lv for title, lv in titles.items() if block.text.startswith(title)), None)
            if level is not None:
                current = (level, block.level)
            continue
        if isinstance(block, doc.TriageBox):
            key = block.level if block.level in LEVELS else None
            out.setdefault(key, []).extend(_texts(block))
            for title, group in block.also:
                lower = next(lv for t, lv in titles.items() if t in title)
                out.setdefault(lower, []).extend(group)
            continue
        out.setdefault(current[0] if current else None, []).extend(_texts(block))
    return out


def _document(p: Profile, language: str, units: str) -> tuple[Plan, doc.Document]:
    plan = make_plan(p)
    return plan, build_document(plan, LIBRARY, language, units)


def all_words(document: doc.Document) -> str:
    return "\n".join(t for block in document.blocks for t in _texts(block))


def test_the_spread_covers_every_level_and_the_weather() -> None:
    plans = [make_plan(p) for p in PROFILES]
    assert {p.triage.level for p in plans} == {"none", *LEVELS}
    assert {p.heat.warm for p in plans} == {True, False, None}
    assert any("overdrinking" in p.warnings for p in plans)
    assert any("heat_danger" in p.warnings for p in plans)
    assert any("heat_cancel" in p.warnings for p in plans)


@pytest.mark.parametrize(("p", "language", "units"), CASES[::2])
def test_no_symptom_is_printed_under_two_levels(p: Profile, language: str, units: str) -> None:
    plan, document = _document(p, language, units)
    texts = by_level(plan, document, language)
    for symptom, (own, pattern) in SYMPTOMS[language].items():
        for level in LEVELS:
            if level == own:
                continue
            for text in texts.get(level, []):
                assert not re.search(pattern, text, re.IGNORECASE), (symptom, level, text)


@pytest.mark.parametrize(("p", "language", "units"), CASES[1::2])
def test_an_emergency_handout_drops_normal_training(p: Profile, language: str, units: str) -> None:
    plan, document = _document(p, language, units)
    words = all_words(document)
    if not plan.emergency:
        return
    for pattern in NORMAL_TRAINING[language]:
        assert not re.search(pattern, words, re.IGNORECASE), pattern
    assert str(LIBRARY.labels(language)["triage"]["emergency"]["do"][-1]) in words


@pytest.mark.parametrize(("p", "language", "units"), CASES)
def test_units_are_one_system_throughout(p: Profile, language: str, units: str) -> None:
    _, document = _document(p, language, units)
    words = all_words(document)
    wrong = IMPERIAL if units == "metric" else METRIC
    found = re.search(wrong, words)
    assert found is None, (found.group(0) if found else "", units)


@pytest.mark.parametrize(("p", "language"), [(p, lang) for p in PROFILES for lang in CHECKED])
def test_cold_weather_prints_no_heat_advice(p: Profile, language: str) -> None:
    plan, document = _document(p, language, "metric")
    if plan.heat.warm is not False:
        return
    words = all_words(document)
    found = re.search(HEAT_ADVICE[language], words, re.IGNORECASE)
    assert found is None, found.group(0) if found else ""
    assert not any(isinstance(b, doc.Chart) and b.kind == "heat" for b in document.blocks)


@pytest.mark.parametrize(("p", "language"), [(p, lang) for p in PROFILES[::4] for lang in CHECKED])
def test_urine_colour_is_dark_yellow_or_brown_never_dark_alone(p: Profile, language: str) -> None:
    _, document = _document(p, language, "metric")
    words = all_words(document)
    labels = LIBRARY.labels(language)
    words += "\n" + "\n".join(str(v) for v in labels["charts"].values() if isinstance(v, str))
    for pattern in URINE[language]:
        found = re.search(pattern, words, re.IGNORECASE)
        assert found is None, words[max(0, found.start() - 60) : found.end() + 20] if found else ""
