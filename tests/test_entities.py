"""Entity index: every article and sentence naming a glossary entry, in either script, with counts."""

from pathlib import Path

import pytest

from briefing.sources.script import Conversion
from briefing.sources.articles import build_article
from briefing.curation.entities import index_entities
from briefing.translation.glossary import parse_glossary
from briefing.model import ArticleMeta

GLOSSARY = """\
entries:
  - en: Nvidia
    zh-Hans: 英伟达
    zh-Hant: 輝達
    zh-other: [英偉達]
    type: org
  - en: Jensen Huang
    zh-Hans: 黄仁勋
    type: person
  - en: Huang
    zh-Hans: 黄
    type: person
  - en: DeepSeek
    zh-Hans: 深度求索
    type: org
  - en: Stargate
    zh-Hans: 星际之门
    type: product
"""

# Simplified article: 英伟达 twice in one sentence, DeepSeek in Latin, 黄仁勋 (not 黄)
HANS = "英伟达的新闻\n\n英伟达说英伟达很好。黄仁勋讲话。DeepSeek-R1发布了。\n\n深度求索和DeepSeek是同一家。\n"
# Traditional article: Taiwan 輝達, HK 英偉達, 黃仁勳 (listed only in Simplified), no Stargate
HANT = "輝達報導\n\n輝達與英偉達競爭。黃仁勳說話。黃先生來了。MyDeepSeekX不是名字。\n"


@pytest.fixture(scope="module")
def index():
    articles = (build_article(HANS, ArticleMeta(slug="s", source_file="000_s.txt", title_zh="英伟达的新闻"), conversion=Conversion()),
                build_article(HANT, ArticleMeta(slug="t", source_file="001_t.txt", title_zh="輝達報導"), conversion=Conversion()))
    glossary = parse_glossary(GLOSSARY, Path("glossary.yml"))
    return {em.entry.en: em for em in index_entities(glossary, articles)}


def mentions(em):
    return [(m.segment, m.count) for m in em.mentions]


def test_counts_per_sentence_in_both_scripts(index):
    assert mentions(index["Nvidia"]) == [("s/title", 1), ("s/p1-s1", 2), ("t/title", 1), ("t/p1-s1", 2)]
    assert index["Nvidia"].total == 6
    assert list(index["Nvidia"].by_article()) == ["s", "t"]


def test_form_listed_in_one_script_is_found_in_the_other(index):
    assert mentions(index["Jensen Huang"]) == [("s/p1-s2", 1), ("t/p1-s2", 1)]


def test_longest_name_wins_over_its_prefix(index):
    assert mentions(index["Huang"]) == [("t/p1-s3", 1)]


def test_latin_names_count_as_whole_words_only(index):
    assert mentions(index["DeepSeek"]) == [("s/p1-s3", 1), ("s/p2-s1", 2)]


def test_entry_never_named_has_no_mentions(index):
    assert index["Stargate"].mentions == () and index["Stargate"].total == 0


def test_latin_forms_match_whole_names_only_as_in_name_protection():
    from briefing.curation.entities import _matcher
    from briefing.translation.glossary import GlossaryEntry
    v3 = GlossaryEntry(en="DeepSeek-V3", hans=("V3",), type="product")
    pattern, _ = _matcher([v3])
    # the standalone "V3", and the English name whole, never "V3" inside "DeepSeek-V3"
    assert [m.group(0) for m in pattern.finditer("发布了V3模型,而DeepSeek-V3更强")] == ["V3", "DeepSeek-V3"]
