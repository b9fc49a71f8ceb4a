"""The five seeds through ingest → clean → segment → convert."""

import re
from pathlib import Path

import pytest

from briefing.sources.script import Conversion
from briefing.sources.articles import build_article, load_articles
from briefing.config import load_project
from briefing.errors import BriefingError, InputError
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


def test_articles_built_together_are_those_built_one_by_one():
    """build_articles (every seed cleaned, then every script detected, then converted, one
    OpenCC call a direction) gives each seed what build_article gives it alone: the sample's
    seeds, mixes of their paragraphs in both scripts, a glossary name, a line break kept inside
    a block, a seed of nothing but chrome (its error in its place), under three conversions."""
    import random
    from briefing.sources.articles import build_articles
    from briefing.sources.ingest import find_seeds, read_meta, read_seed
    from briefing.sources.script import pair_forms
    seeds = []
    for path in find_seeds(ROOT / "seeds"):
        meta, corrections = read_meta(path)
        seeds.append((read_seed(path).text, meta, corrections, path))
    paragraphs = [p for text, *_ in seeds for p in text.split("\n\n")[1:] if len(p) > 20]
    rng = random.Random(3)
    for i in range(12):
        body = "\n\n".join(rng.sample(paragraphs, k=rng.randint(1, 6)))
        seeds.append((f"合成标题{i}：测试\n\n{body}\n", ArticleMeta(slug=f"mix-{i}", source_file=f"0{i:02d}_m.txt"),
                      seeds[0][2], None))
    seeds.insert(3, ("logo\n相关文章推荐\n发表评论\n", ArticleMeta(slug="x", source_file="000_x.txt"), seeds[0][2], None))
    seeds.append(("深度求索的模型\n\n黃仁勳說：「這是第一行\n第二行。」他說得很清楚，大家都聽見了。\n",
                  ArticleMeta(slug="lines", source_file="099_l.txt"), seeds[0][2], None))
    names = pair_forms(["深度求索"], ["深度求索"])
    for conversion in (Conversion(), Conversion("hk-vocabulary"), Conversion("tw", names)):
        together = build_articles(seeds, conversion=conversion)
        alone: list[object] = []
        for text, meta, corrections, path in seeds:
            try:
                alone.append(build_article(text, meta, corrections, path, conversion=conversion))
            except InputError as exc:
                alone.append(exc)
        assert [str(a) if isinstance(a, BriefingError) else a for a in together] == \
            [str(a) if isinstance(a, InputError) else a for a in alone]
        assert {a.script for a in together if not isinstance(a, BriefingError)} == {"hans", "hant"}
        assert sum(isinstance(a, BriefingError) for a in together) == 1
