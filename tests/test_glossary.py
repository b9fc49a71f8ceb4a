"""The glossary file: format, validation with file and line, MT protection, QA lookups."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.sources.script import Conversion
from briefing.errors import BriefingError
from briefing.translation.glossary import (Glossary, load_glossary, missing_names, parse_glossary, protect,
                               restore)

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(REPO / "curation" / "glossary.yml", "tw")


@pytest.mark.parametrize("zh,en", [
    ("深度求索", "DeepSeek"), ("幻方量化", "High-Flyer"), ("英伟达", "Nvidia"), ("輝達", "Nvidia"),
    ("英偉達", "Nvidia"), ("特朗普", "Trump"), ("川普", "Trump"), ("星际之门", "Stargate"),
    ("星際之門", "Stargate"), ("黄仁勋", "Jensen Huang"), ("黃仁勳", "Jensen Huang"),
    ("杨立昆", "Yann LeCun"), ("楊立昆", "Yann LeCun")])
def test_project_glossary_has_the_required_names_in_both_scripts(glossary, zh, en):
    entry = glossary.entry_for(zh)
    assert entry is not None and entry.en == en
    assert entry.hans and entry.hant and entry.type in ("person", "org", "policy", "product",
                                                        "place", "term")


def test_entries_keep_every_field_including_unknown_ones(tmp_path):
    text = ("entries:\n"
            "  - en: DeepSeek\n    zh-Hans: 深度求索\n    type: org\n    note: AI lab\n"
            "    wikidata: Q123\n    index: true\n")
    g = parse_glossary(text, tmp_path / "g.yml")
    (e,) = g.entries
    assert (e.en, e.hans, e.type, e.note, e.line) == ("DeepSeek", ("深度求索",), "org", "AI lab", 2)
    assert e.extra == {"wikidata": "Q123", "index": "true"}  # kept as written: editor YAML is text


def test_yaml_1_1_words_stay_text_in_the_glossary(tmp_path):
    text = "entries:\n  - en: No\n    zh-Hans: 不\n    note: 1.50\n"
    (e,) = parse_glossary(text, tmp_path / "g.yml").entries
    assert (e.en, e.note) == ("No", "1.50")


def test_conflicting_chinese_form_is_an_error_naming_file_and_line(tmp_path):
    text = ("entries:\n"
            "  - en: Nvidia\n    zh-Hans: 英伟达\n"
            "  - en: NVidia Corp\n    zh-Hans: 英伟达\n")
    with pytest.raises(BriefingError) as info:
        parse_glossary(text, tmp_path / "glossary.yml")
    msg = str(info.value)
    assert f"{tmp_path / 'glossary.yml'}:4:" in msg and "英伟达" in msg and "line 2" in msg


def test_duplicate_entry_and_bad_fields_are_all_reported(tmp_path):
    text = ("entries:\n"
            "  - en: Trump\n    zh-Hans: 特朗普\n"
            "  - en: Trump\n    zh-Hant: 特朗普\n"
            "  - en: Nobody\n"
            "  - en: Thing\n    zh-Hans: 东西\n    type: gadget\n")
    with pytest.raises(BriefingError) as info:
        parse_glossary(text, tmp_path / "g.yml")
    msg = str(info.value)
    assert ":4:" in msg and "twice" in msg
    assert ":6:" in msg and "no Chinese form" in msg
    assert ":7:" in msg and "gadget" in msg


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "g.yml"
    path.write_text("entries:\n  - en: [unclosed\n", encoding="utf-8")
    with pytest.raises(BriefingError, match=r"g\.yml:\d+:"):
        load_glossary(path, "tw")


def test_missing_file_is_an_empty_glossary(tmp_path):
    assert load_glossary(tmp_path / "none.yml", "tw").entries == ()


def test_protect_then_restore_gives_the_approved_english(glossary):
    p = protect("黄仁勋说,英伟达将与深度求索合作;黄仁勋还说。", glossary)
    assert "黄仁勋" not in p.text and "英伟达" not in p.text
    assert p.text.count("XQ1") == 2  # the same name, the same placeholder
    assert restore("XQ1 said XQ2 will work with XQ3; XQ1 also said.", p) == \
        "Jensen Huang said Nvidia will work with DeepSeek; Jensen Huang also said."


def test_restore_tolerates_what_a_model_does_to_placeholders(glossary):
    p = protect("深度求索和英伟达", glossary)
    assert restore("xq1 and XQ 2 .", p) == "DeepSeek and Nvidia."
    assert restore("XQ9 stays", p) == "XQ9 stays"  # unknown number: left for QA to catch


def test_longest_form_wins(tmp_path):
    g = parse_glossary("entries:\n  - en: High-Flyer\n    zh-Hans: [幻方, 幻方量化]\n"
                       "  - en: Quant\n    zh-Hans: 量化\n", tmp_path / "g.yml")
    assert [e.en for _, _, e in g.find("幻方量化成立")] == ["High-Flyer"]


def test_missing_names_checks_every_source_name(glossary):
    assert [e.en for e in missing_names(["黃仁勳和川普"], "Huang and Trump", glossary)] == ["Jensen Huang"]
    assert missing_names(["英伟达"], "NVIDIA rose", glossary) == []  # en-also accepted


def test_latin_forms_match_whole_names_only(tmp_path):
    g = parse_glossary("entries:\n  - en: DeepSeek-V3\n    zh-Hans: [DeepSeek V3, V3]\n"
                       "  - en: OpenAI\n    zh-Hans: OpenAI\n", tmp_path / "g.yml")
    assert [e.en for _, _, e in g.find("发布V3模型,OpenAI回应")] == ["DeepSeek-V3", "OpenAI"]
    assert g.find("DeepSeek-V3与V30和OpenAIX") == []
    p = protect("DeepSeek-V3和V3", g)
    assert p.text.startswith("DeepSeek-V3") and restore(p.text, p).endswith("DeepSeek-V3")


# ---------------------------------------------------------------- names in the author's script

def test_a_traditional_name_is_protected_without_its_simplified_form(tmp_path):
    from briefing.translation.glossary import protect_original
    g = parse_glossary("entries:\n  - en: Anue\n    zh-Hant: 鉅亨網\n", tmp_path / "g.yml")
    p = protect_original("鉅亨網報導指出", "hant", g, Conversion())
    assert [e.en for e in p.names] == ["Anue"]
    assert p.text == "XQ1 报导指出"  # the model reads Simplified, the name is already a placeholder


def test_a_name_the_old_conversion_changed_is_found_in_the_original(tmp_path):
    """tw2sp made 昇思 into 升思 before matching, so MindSpore reached the model unprotected."""
    from briefing.translation.glossary import protect_original
    g = parse_glossary("entries:\n  - en: MindSpore\n    zh-Hans: 昇思\n", tmp_path / "g.yml")
    p = protect_original("華為的昇思框架", "hant", g, Conversion())
    assert [e.en for e in p.names] == ["MindSpore"] and p.text == "华为的 XQ1 框架"


def test_a_simplified_only_entry_matches_its_traditional_spelling(tmp_path):
    g = parse_glossary("entries:\n  - en: Nvidia\n    zh-Hans: 辉达\n", tmp_path / "g.yml")
    assert [e.en for e in g.present("允許輝達向中國銷售")] == ["Nvidia"]
    assert g.entries[0].script_pairs == (("辉达", "輝達"),)


def test_listed_spellings_pair_by_script_not_by_region(glossary):
    nvidia = glossary.entry_for("輝達")
    assert set(nvidia.script_pairs) == {("英伟达", "英偉達"), ("辉达", "輝達")}
    assert ("钜亨网", "鉅亨網") in glossary.entry_for("鉅亨網").script_pairs
