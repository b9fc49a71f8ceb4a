"""QA flags, each on crafted input, and no flags on faithful English."""

from __future__ import annotations

import pytest

from briefing.translation.glossary import Glossary, GlossaryEntry
from briefing.translation.qa import (CJK_LEFT, GLOSSARY_MISS, LENGTH_RATIO, NUMBER_MISMATCH, REPETITION,
                         check_segment, english_numbers, source_numbers)

G = Glossary((GlossaryEntry(en="DeepSeek", hans=("深度求索",)),
              GlossaryEntry(en="Jensen Huang", hans=("黄仁勋",), hant=("黃仁勳",))))


def codes(source: str, en: str, glossary: Glossary | None = G) -> set[str]:
    return {f.code for f in check_segment(source, en, glossary)}


@pytest.mark.parametrize("source,en", [
    ("美国计划投资5000亿美元建设数据中心。", "The US plans to invest $500 billion in data centres."),
    ("训练成本仅为600万美元。", "Training cost only $6 million, it says here."),
    ("公司约有1万名员工,营收增长17%。", "The company has about 10,000 staff; revenue grew 17%."),
    ("2025年1月20日,特朗普宣誓就职。", "On January 20, 2025, Trump was sworn in."),
    ("英伟达市值一天蒸发近6000亿美元。", "Nvidia lost almost $600 billion in market value in a day."),
    ("该公司拥有1.6万余块GPU。", "The company owns more than 16,000 GPUs."),
    ("市值合计超过1万亿美元。", "Together they are worth more than $1 trillion."),
    ("深度求索发布了新的开源模型。", "DeepSeek released a new open-source model."),
    ("腾讯用英伟达H20 GPU训练,超越Llama 3.1。", "Tencent trained on Nvidia H20 GPUs and beat Llama 3.1."),
    ("提案建议扩大H-1B签证限制。", "The proposal would widen H-1B visa limits."),
    ("据CNBC28日报道,美国海军禁用。", "CNBC reported on the 28th that the US Navy banned it."),
    ("隨着美國5000億計劃的公布。", "With America's 500-billion plan announced."),
])
def test_faithful_english_is_not_flagged(source, en):
    assert codes(source, en) == set()


def test_repetition_loop():
    assert REPETITION in codes("他说了这句话。", "He said the the the the the words.")
    assert REPETITION in codes("一二三。", "of the model of the model of the model of the model")
    assert REPETITION not in codes("价格为1,000,000,000元。", "The price is 1,000,000,000 yuan.")


def test_the_repetition_screen_never_hides_a_loop():
    import random
    import re
    from briefing.translation.qa import find_repetition

    def by_the_regex_alone(en: str) -> str | None:  # the definition: no screen
        for m in re.finditer(r"(\S.{0,39}?)(?:\s*\1){3,}", en, re.DOTALL):
            if re.search(r"[^\W\d_]", m.group(1)):
                return m.group(1).strip()
        return None
    rng = random.Random(12)
    texts = ["".join(rng.choice("ab c1,中\n") for _ in range(rng.randint(0, 40))) for _ in range(20000)]
    texts += [" ".join([unit] * n) + tail for unit in ("x", "ab", "第一", "the model", "a" * 40, "b" * 41)
              for n in (3, 4, 5) for tail in ("", ".", " and more words here")]
    assert [find_repetition(t) for t in texts] == [by_the_regex_alone(t) for t in texts]
    assert sum(by_the_regex_alone(t) is not None for t in texts) > 100  # loops were among them


def test_cjk_left_in_english():
    flags = check_segment("深度求索发布了新模型。", "DeepSeek released a new 模型。", G)
    (flag,) = [f for f in flags if f.code == CJK_LEFT]
    assert "模型" in flag.message


@pytest.mark.parametrize("source,en,shown", [
    ("营收增长17%。", "Revenue grew 71%.", "17%"),
    ("美国计划投资5000亿美元。", "The US plans to invest $50 billion.", "5000亿"),
    ("训练成本仅为600万美元。", "Training cost only $600.", "600万"),
    ("2024年,公司成立。", "The company was founded in 2023.", "2024"),
])
def test_number_mismatch(source, en, shown):
    flags = [f for f in check_segment(source, en, G) if f.code == NUMBER_MISMATCH]
    assert flags and shown in flags[0].message


def test_number_units():
    assert [v for _, v in source_numbers("5000亿、1万、600万、1万亿、17%、1.6万")] == \
        [5e11, 1e4, 6e6, 1e12, 17, 1.6e4]
    assert [v for _, v in english_numbers("$500 billion, 10,000, 6 million, 1.5bn")] == \
        [5e11, 1e4, 6e6, 1.5e9]


def test_number_check_skips_only_texts_without_digits():
    """Sentences without digits on either side (four in five) skip the number check: the same
    answer as the whole check on random texts, digits of other scripts included."""
    import random
    from briefing.translation.qa import _compare_numbers, number_differences
    rng = random.Random(25)
    alphabet = "0123456789,.%％万亿千百年月日 abmntwohundredfirstmay-H١２"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(6000)]
    texts += ["一万人", "ten thousand", "first", "May", "٣ apples", "３月", ""]
    pairs = [(rng.choice(texts), rng.choice(texts)) for _ in range(20000)]
    pairs += [(a, b) for a in texts[-7:] for b in texts[-7:]]
    assert [number_differences(s, e) for s, e in pairs] == [_compare_numbers(s, e) for s, e in pairs]
    assert sum(_compare_numbers(s, e) != ([], []) for s, e in pairs) > 1000  # differences were found


def test_length_ratio_outliers():
    source = "美国政府正在考虑对中国人工智能公司实施新的出口限制措施。"
    assert LENGTH_RATIO in codes(source, "US.")
    assert LENGTH_RATIO in codes(source, "word " * 80)
    assert LENGTH_RATIO not in codes(source, "The US government is considering new export "
                                             "restrictions on Chinese AI companies.")
    assert LENGTH_RATIO not in codes("标题", "A title that is long for two characters")  # too short to judge


def test_glossary_miss():
    assert GLOSSARY_MISS in codes("黃仁勳表示支持。", "Huang said he supports it.")
    assert GLOSSARY_MISS not in codes("黃仁勳表示支持。", "Jensen Huang said he supports it.")
    assert GLOSSARY_MISS not in codes("黃仁勳表示支持。", "Huang said he supports it.", None)
    flags = check_segment("深度求索与黄仁勋", "Deep Search and Huang", G)
    (flag,) = [f for f in flags if f.code == GLOSSARY_MISS]
    assert "DeepSeek" in flag.message and "Jensen Huang" in flag.message
