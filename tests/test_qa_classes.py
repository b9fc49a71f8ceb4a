"""QA classes found by an editor's read of the sample (issue 16): each check fails on the text
as it was published and passes on the corrected text, and the committed sample has none left."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.sources.script import Conversion
from briefing.config import load_project
from briefing.curation.curated import curate
from briefing.curation.hedges import en_hedges, hedge_mismatch, zh_hedges
from briefing.model import ArticleMeta, Kind
from briefing.publish.assemble import load_briefing
from briefing.render.labels import credit_in_english
from briefing.sources.articles import build_article
from briefing.translation.glossary import Glossary, GlossaryEntry, load_glossary, wrong_name_forms
from briefing.translation.memory import entry_for
from briefing.translation.qa import (CREDIT_IN_ENGLISH, GLOSSARY_MISS, NAME_FORM, check_article,
                                     check_segment, credit_flags, credit_names, find_credit)
from briefing.model import Status

ROOT = Path(__file__).resolve().parents[1]

G = Glossary((
    GlossaryEntry(en="DeepSeek-V3", hans=("DeepSeek-v3", "DeepSeek V3"), other=("V3",), en_also=("V3",)),
    GlossaryEntry(en="Claude 3.5 Sonnet", hans=("Claude Sonnet 3.5",), en_also=("Claude",)),
    GlossaryEntry(en="Hunyuan", hans=("混元",), en_also=("Hunyuan-Large",)),
    GlossaryEntry(en="The Wall Street Journal", hans=("华尔街日报",), en_also=("Wall Street Journal",)),
    GlossaryEntry(en="export controls", hans=("出口管制",), en_also=("export control",)),
    GlossaryEntry(en="Nvidia", hans=("英伟达",), en_also=("NVIDIA",)),
    GlossaryEntry(en="OpenAI", hans=("OpenAI",)),
    GlossaryEntry(en="Reuters", hans=("路透社",), type="org"),
))


def codes(source: str, en: str) -> set[str]:
    return {f.code for f in check_segment(source, en, G)}


# ---------------------------------------------------------------- name forms

CNBC_ZH = "据CNBC报道,DeepSeek的模型优于Meta的Llama 3.1、OpenAI的GPT-4o以及Anthropic的Claude Sonnet 3.5。"
CNBC_BEFORE = ("According to CNBC, DeepSeek's models outperformed Meta's Llama 3.1, OpenAI's GPT-4o "
               "and Anthropic's Claude Sonnet 3.5.")
CNBC_AFTER = CNBC_BEFORE.replace("Claude Sonnet 3.5", "Claude 3.5 Sonnet")


def test_a_bare_variant_no_longer_hides_a_wrong_full_name():
    assert GLOSSARY_MISS not in codes(CNBC_ZH, CNBC_BEFORE)  # "Claude" is accepted: the old miss
    assert NAME_FORM in codes(CNBC_ZH, CNBC_BEFORE)
    (flag,) = [f for f in check_segment(CNBC_ZH, CNBC_BEFORE, G) if f.code == NAME_FORM]
    assert "'Claude Sonnet 3.5'" in flag.message and "Claude 3.5 Sonnet" in flag.message
    assert codes(CNBC_ZH, CNBC_AFTER) == set()


@pytest.mark.parametrize("source,before,after", [
    ("该初创公司于去年底推出了免费语言大模型DeepSeek V3。",
     "Late last year the start-up launched its free large language model DeepSeek V3.",
     "Late last year the start-up launched its free large language model DeepSeek-V3."),
    ("DeepSeek开发的DeepSeek-v3模型在开源领域表现出色。",
     "The DeepSeek-v3 model developed by DeepSeek has performed well in the open-source field.",
     "The DeepSeek-V3 model developed by DeepSeek has performed well in the open-source field."),
    ("DeepSeek-v3更是登顶排行榜。", "Deepseek-V3 topped the leaderboard.", "DeepSeek-V3 topped the leaderboard."),
    ("DeepSeek-v3更是登顶排行榜。", "DeepSeek\u2011V3 topped the leaderboard.", "V3 topped the leaderboard."),
    ("DeepSeek-v3更是登顶排行榜。", "DeepSeekV3 topped the leaderboard.", "DeepSeek-V3's lead grew."),
    ("OpenAI发布。", "Open AI released it.", "OpenAI released it."),
    ("英伟达股价下跌。", "NVidia shares fell.", "NVIDIA shares fell."),
])
def test_a_name_with_other_hyphens_or_case_is_a_miss(source, before, after):
    assert NAME_FORM in codes(source, before)
    assert NAME_FORM not in codes(source, after)


@pytest.mark.parametrize("source,en", [
    ("腾讯混元大模型表现优异。", "Tencent's Hunyuan large model performed strongly."),  # 大模型, not the product
    ("据华尔街日报报道。", "According to the Wall Street Journal."),
    ("出口管制。", "Export controls and export-control rules tightened."),  # a term, not a name
    ("DeepSeek V3发布。", "V3 was released."),
])
def test_ordinary_english_around_names_is_not_a_name_form_miss(source, en):
    assert wrong_name_forms([source], en, G) == []


# ---------------------------------------------------------------- credits

CAPTIONS = """标题

針對DeepSeek的迅速崛起,美國參議員提出法案。 (REUTERS)

圖為2023年2月17日,AMD的標誌出現在GPU晶片上。(Dado Ruvic/路透社)

路透社報道,晶片出口受限。
"""


@pytest.fixture(scope="module")
def captioned():
    article = build_article(CAPTIONS, ArticleMeta(slug="c", source_file="000_c.txt", title_zh="标题"), conversion=Conversion())
    assert [p.kind for p in article.paragraphs] == [Kind.CAPTION, Kind.CAPTION, Kind.TEXT]
    return article


def english(article, *texts):
    segs = article.segments()[1:]
    return {s.id: entry_for(s, en, Status.EDITOR, "editor").to_translation() for s, en in zip(segs, texts)}


def test_a_credit_repeated_in_caption_english_is_flagged(captioned):
    before = english(captioned, "In response to DeepSeek's rise, a US senator has introduced a bill. (REUTERS)",
                     "The logo of AMD on a GPU chip, 17 February 2023 (Dado Ruvic/Reuters).",
                     "Reuters reported that chip exports are restricted.")
    flags = check_article(captioned, before, G)
    assert {sid: [f.code for f in fl if f.code == CREDIT_IN_ENGLISH] for sid, fl in flags.items()} == {
        "c/p1-s1": [CREDIT_IN_ENGLISH], "c/p2-s1": [CREDIT_IN_ENGLISH]}
    assert "(REUTERS)" in [f for f in flags["c/p1-s1"] if f.code == CREDIT_IN_ENGLISH][0].message
    after = english(captioned, "In response to DeepSeek's rise, a US senator has introduced a bill.",
                    "The logo of AMD on a GPU chip, 17 February 2023.",
                    "Reuters reported that chip exports are restricted.")
    assert check_article(captioned, after, G) == {}


def test_credit_names_and_where_a_credit_counts():
    assert credit_names("(Dado Ruvic/路透社)", G) == ["Dado Ruvic", "Reuters"]
    assert credit_names("(Andy Wong/美联社)", G) == ["Andy Wong"]  # AP is not in this glossary
    assert find_credit("A chip on a board. Photo: Reuters", ["Reuters"]) == "Photo: Reuters"
    assert find_credit("A chip on a board (photo: GETTY).", ["Getty"]) == "(photo: GETTY)"
    assert find_credit("Reuters reported the meeting on Friday.", ["Reuters"]) is None
    assert find_credit("The Reutersberg plant (closed).", ["Reuters"]) is None


def test_the_page_prints_a_credit_unless_the_english_carries_it_as_a_credit(captioned):
    caption = captioned.paragraphs[0]
    sid = caption.segments[0].id
    assert credit_in_english(caption, english(captioned, "A bill was introduced. (REUTERS)"))
    assert not credit_in_english(caption, english(captioned, "A bill was introduced."))
    # "Reuters" in the running text is not the photo credit: the page still prints it
    assert not credit_in_english(caption, english(captioned, "Reuters reported that a bill was introduced."))
    assert sid == "c/p1-s1"


def test_a_text_paragraph_has_no_credit_flags(captioned):
    text = captioned.paragraphs[2]
    assert credit_flags(text, english(captioned, "", "", "Reuters (REUTERS) said."), G) == {}


# ---------------------------------------------------------------- hedges in curated pairs

CLAIM5_ZH = ("伦纳特·海姆认为出口管制并未失败,其影响会随时间加深;中国或已能媲美美国顶尖开源模型,"
             "但仍落后最强闭源模型约一年。")
CLAIM5_BEFORE = ("Lennart Heim: controls have not failed and will bite harder over time; China can "
                 "match the best US open models but trails the strongest closed ones by about a year.")
CLAIM5_AFTER = ("Lennart Heim: controls have not failed and their effect may grow over time; China may "
                "already be able to match the best US open models but trails the strongest closed "
                "ones by about a year.")


def test_a_claim_hedged_in_one_language_only_is_reported():
    assert "或已" in hedge_mismatch(CLAIM5_BEFORE, CLAIM5_ZH)
    assert hedge_mismatch(CLAIM5_AFTER, CLAIM5_ZH) == ""
    assert "may" in hedge_mismatch("Chinese models may spread.", "中国模式将得到采用。")
    assert hedge_mismatch("Chinese models will spread.", "中国模式将得到采用。") == ""


@pytest.mark.parametrize("zh,found", [
    ("中国企业通过空壳公司购买或租用离岸云GPU。", []),  # 或 = "or"
    ("大型半导体企业都不可能主动排斥中国市场。", []),  # 不可能 = impossible
    ("内地企业或遭遇更严格的技术封锁,其影响可能会更深远。", ["或遭", "可能"]),
    ("这或许是转折点,也许不是。", ["或许", "也许"]),
])
def test_chinese_hedges(zh, found):
    assert zh_hedges(zh) == found


@pytest.mark.parametrize("en,found", [
    ("On 4 May 2025 and in May 2025 the rules changed.", []),
    ("We could not verify the claim.", []),
    ("May it be so: controls might bite, and could possibly work.", ["may", "might", "could", "possibly"]),
])
def test_english_hedges(en, found):
    assert en_hedges(en) == found


NOTES = """\
summary_en: One thing. Another thing. A third thing.
summary_zh: 第一。第二。第三。
claims:
  - en: "{en}"
    zh: "{zh}"
    cites: [a/p1-s1]
  - en: B claim.
    zh: 二。
    cites: [a/p1-s2]
  - en: C claim.
    zh: 三。
    cites: [a/p2-s1]
source:
  outlet_type: blog
  author: someone
  affiliation: ""
  stance: Hawkish.
  reliability: Check numbers.
"""


def test_curation_warns_about_a_claim_whose_hedges_differ():
    seed = "标题\n\n第一句。第二句。第三句。\n\n第二段第一句。\n"
    articles = (build_article(seed, ArticleMeta(slug="a", source_file="000_a.txt", title_zh="标题"), conversion=Conversion()),)
    before = curate({"articles/a.yml": NOTES.format(en=CLAIM5_BEFORE, zh=CLAIM5_ZH)}, articles)
    hedging = [w for w in before.warnings if "hedging differs" in w]
    assert len(hedging) == 1 and hedging[0].startswith("curation/articles/a.yml:4: claims[1]:")
    after = curate({"articles/a.yml": NOTES.format(en=CLAIM5_AFTER, zh=CLAIM5_ZH)}, articles)
    assert not [w for w in after.warnings if "hedging differs" in w]


# ---------------------------------------------------------------- the committed sample

@pytest.fixture(scope="module")
def sample():
    project = load_project(ROOT)
    return load_briefing(project), load_glossary(project.glossary_file, project.script_conversion)


def test_the_sample_has_no_name_form_or_credit_findings(sample):
    briefing, glossary = sample
    found = {sid: [f.code for f in flags]
             for a in briefing.articles
             for sid, flags in check_article(a, briefing.translations, glossary).items()}
    assert found == {}


def test_the_sample_curation_has_no_hedge_warnings(sample):
    briefing, _ = sample
    assert [w for w in briefing.curated.warnings if "hedging differs" in w] == []
