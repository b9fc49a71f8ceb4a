"""The five seeds through ingest → clean → segment → convert."""

import re
from pathlib import Path

import pytest

from briefing.sources.script import Conversion
from briefing.sources.articles import build_article, load_articles
from briefing.config import load_project
from briefing.errors import InputError
from briefing.model import ArticleMeta, Kind
from briefing.sources.report import cleaning_report

ROOT = Path(__file__).resolve().parents[1]
BANNED = ["相关文章推荐", "发表评论", "正在加載", "更多訪談", "(chuàng)", "特別聲明", "站搜网感谢", "浏览量"]


@pytest.fixture(scope="module")
def articles():
    return load_articles(load_project(ROOT))


def test_five_seeds_load_with_their_metadata(articles):
    assert [a.slug for a in articles] == ["openai-proposal", "merics-inference-open-source",
                                          "export-controls-race", "deepseek-tops-charts",
                                          "deepseek-challenges-path"]
    assert [a.script for a in articles] == ["hans", "hant", "hans", "hant", "hans"]


def test_no_segment_carries_site_chrome_or_pinyin(articles):
    for a in articles:
        for seg in a.segments():
            for text in (seg.source, seg.hans, seg.hant):
                assert not any(b in text for b in BANNED), (seg.id, text)
                assert not re.search(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", text), seg.id


def test_every_removed_line_is_reported_with_a_rule(articles):
    report = cleaning_report(articles[1])
    assert "| 22 | site-chrome | 中美聚焦網\\|中美交流基金會 |" in report
    assert "pinyin-gloss" in report
    for a in articles:
        assert all(r.rule and r.line > 0 for r in a.removed)


def test_ids_are_stable_across_loads_and_unique(articles):
    again = load_articles(load_project(ROOT))
    for a, b in zip(articles, again):
        assert [s.id for s in a.segments()] == [s.id for s in b.segments()]
        ids = [s.id for s in a.segments()]
        assert len(ids) == len(set(ids))
        assert all(re.fullmatch(rf"{a.slug}/(title|p\d+-s\d+)", i) for i in ids)


def test_editing_a_later_paragraph_keeps_earlier_ids_and_hashes():
    meta = ArticleMeta(slug="x", source_file="000_x.txt", title_zh="标题")
    a = build_article("标题\n\n第一段。\n\n第二段。", meta, conversion=Conversion())
    b = build_article("标题\n\n第一段。\n\n第二段改了。", meta, conversion=Conversion())
    assert a.paragraphs[0].segments[0] == b.paragraphs[0].segments[0]
    assert a.paragraphs[1].segments[0].id == b.paragraphs[1].segments[0].id
    assert a.paragraphs[1].segments[0].hash != b.paragraphs[1].segments[0].hash


def test_both_scripts_available_and_original_authoritative(articles):
    trad = articles[1]
    seg = trad.paragraphs[0].segments[0]
    assert seg.hant == seg.source and seg.hans != seg.source
    simp = articles[0]
    seg = simp.paragraphs[1].segments[0]
    assert seg.hans == seg.source and seg.hant != seg.source


def test_structure_of_the_seeds(articles):
    kinds = {a.slug: [p.kind for p in a.paragraphs] for a in articles}
    assert kinds["openai-proposal"].count(Kind.HEADING) == 5
    assert kinds["openai-proposal"].count(Kind.ITEM) == 13
    assert kinds["openai-proposal"][0] is Kind.LEAD
    assert kinds["deepseek-tops-charts"].count(Kind.CAPTION) == 6
    assert kinds["deepseek-challenges-path"].count(Kind.CAPTION) == 3


def test_a_file_of_nothing_but_chrome_is_refused():
    with pytest.raises(InputError, match="nothing is left after removing site chrome"):
        build_article("logo\n相关文章推荐\n发表评论\n", ArticleMeta(slug="x", source_file="000_x.txt"), conversion=Conversion())
