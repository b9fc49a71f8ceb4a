"""Word gloss data: CC-CEDICT reading, segmentation, entries in both scripts, size per page."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from briefing.model import Article, ArticleMeta, Kind, Paragraph, Segment
from briefing.render.cedict import load_cedict, numbered_to_marks, parse_cedict
from briefing.sources.script import Conversion
from briefing.render.gloss import cut_sentence, gloss_article, gloss_assets, make_tables, split_unknown
from briefing.translation.glossary import Glossary, GlossaryEntry

ROOT = Path(__file__).resolve().parents[1]
MAX_GZIP_BYTES = 60 * 1024  # the budget of extra bytes per article page

SAMPLE = """# CC-CEDICT
#! date=2023-11-07T06:42:16Z
行 行 [hang2] /row/line/
行 行 [xing2] /to walk/to go/
銀行 银行 [yin2 hang2] /bank/CL:家[jia1],個|个[ge4]/
綠 绿 [lu:4] /green/
"""


def seg(slug: str, anchor: str, hans: str, hant: str) -> Segment:
    return Segment(id=f"{slug}/{anchor}", source=hans, hans=hans, hant=hant)


def article(slug: str, *sentences: tuple[str, str]) -> Article:
    title = seg(slug, "title", *sentences[0])
    body = tuple(Paragraph(i, Kind.TEXT, (seg(slug, f"p{i}-s1", *s),))
                 for i, s in enumerate(sentences[1:], start=1))
    return Article(meta=ArticleMeta(slug=slug, source_file=f"{slug}.txt"), script="hans",
                   title=title, paragraphs=body)


NVIDIA = GlossaryEntry(en="Nvidia", hans=("英伟达",), hant=("輝達",), type="org",
                       note="Taiwan usage 輝達.")


@pytest.fixture(scope="module")
def tables():
    return make_tables(load_cedict(), Glossary((NVIDIA,)), Conversion())


def words_of(text: str, runs: list[int]) -> list[str]:
    out, i = [], 0
    for n in runs:
        if n > 0:
            out.append(text[i:i + n])
        i += abs(n)
    return out


def test_cedict_keeps_every_reading_and_both_columns():
    d = parse_cedict(SAMPLE)
    assert d.version == "2023-11-07T06:42:16Z"
    assert [r.pinyin for r in d.lookup("行", "hans")] == ["háng", "xíng"]
    assert d.lookup("銀行", "hant")[0].senses[0] == "bank"
    assert d.lookup("银行", "hant")  # the other column as a fallback
    assert "绿" in d and "綠" in d and "绿色" not in d


@pytest.mark.parametrize("numbered, marks", [
    ("yin2 hang2", "yín háng"), ("lu:4", "lǜ"), ("nv3", "nǚ"), ("de5", "de"), ("guo2 jia1", "guó jiā"),
    ("liu2", "liú"), ("gui4", "guì"), ("Ou1 zhou1", "Ōu zhōu"), ("san1 C", "sān C")])
def test_tone_numbers_become_marks(numbered, marks):
    assert numbered_to_marks(numbered) == marks


def test_the_packaged_dictionary_is_cc_cedict():
    d = load_cedict()
    assert d.version  # the file's own date line
    assert "bank" in d.lookup("银行", "hans")[0].senses
    assert {r.pinyin for r in d.lookup("行", "hans")} >= {"xíng", "háng"}


def test_unknown_words_split_into_the_longest_known_pieces():
    known = {"发布会", "上", "发布"}.__contains__
    assert split_unknown("发布会上", known) == ["发布会", "上"]
    assert split_unknown("发布", known) == ["发布"]
    assert split_unknown("龘", known) == ["龘"]  # a lone character stays, even unknown


def test_runs_cover_the_text_and_mark_only_chinese_words(tables):
    text = "银行 2025，行"
    runs, words = cut_sentence(text, tables)
    assert words == ["银行", "行"] == words_of(text, runs)
    assert sum(abs(n) for n in runs) == len(text)
    assert [n for n in runs if n > 0] == [2, 1]


def gloss(a: Article, tables) -> dict:
    return json.loads(gloss_article(a, tables))


def test_entries_have_reading_senses_and_glossary_in_both_scripts(tables):
    a = article("a", ("银行和英伟达", "銀行和輝達"), ("他在银行工作。", "他在銀行工作。"))
    data = gloss(a, tables)
    assert data["v"] == 1
    bank = data["w"]["银行"]
    assert bank["p"] == "yín háng"  # phrase-aware: not xíng
    assert bank["d"][0][0] == "" and "bank" in bank["d"][0][1]  # "": the reading above
    assert "个" in " ".join(bank["d"][0][1]) and "個" not in " ".join(bank["d"][0][1])
    trad = data["w"]["銀行"]
    trad = data["w"][trad] if isinstance(trad, str) else trad
    assert trad["p"] == "yín háng" and "個" in " ".join(trad["d"][0][1])
    # a glossary name: its approved English and note, in both spellings (of different length)
    for name in ("英伟达", "輝達"):
        entry = data["w"][name]
        entry = data["w"][entry] if isinstance(entry, str) else entry
        assert data["g"][str(entry["g"])] == {"en": "Nvidia", "note": "Taiwan usage 輝達.", "type": "org"}
    assert data["w"]["輝達"]["p"] == "huī dá"  # its own reading, not that of 英伟达
    # every sentence cut in both scripts, covering the whole text, names whole
    title_runs = data["s"]["title"]
    assert words_of("银行和英伟达", title_runs[0]) == ["银行", "和", "英伟达"]
    assert words_of("銀行和輝達", title_runs[1]) == ["銀行", "和", "輝達"]
    assert sum(abs(n) for n in data["s"]["p1-s1"][0]) == len("他在银行工作。")


def test_a_page_carries_only_its_own_words(tables):
    one = gloss(article("one", ("银行", "銀行")), tables)
    two = gloss(article("two", ("绿色", "綠色")), tables)
    assert "银行" in one["w"] and "银行" not in two["w"]
    assert "绿色" in two["w"] and "绿色" not in one["w"]
    assert one["g"] == {} and set(one["s"]) == {"title"}


def test_text_that_is_not_chinese_is_not_glossed(tables):
    a = article("x", ("DeepSeek-V3 在 2025 年", "DeepSeek-V3 在 2025 年"))
    data = gloss(a, tables)
    assert set(data["w"]) == {"在", "年"}
    (runs,) = data["s"]["title"]  # one list: the Traditional text is the same
    assert words_of("DeepSeek-V3 在 2025 年", runs) == ["在", "年"]
    assert sum(abs(n) for n in runs) == len("DeepSeek-V3 在 2025 年")


def test_sample_articles_stay_within_the_page_budget(tables):
    from briefing.config import load_project
    from briefing.publish.assemble import load_briefing
    briefing = load_briefing(load_project(ROOT))
    real = make_tables(load_cedict(), briefing.curated.glossary, briefing.conversion)  # type: ignore[union-attr]
    assets = gloss_assets(briefing.articles, real)
    assert len(assets) == len(briefing.articles) == 5
    for path, text in assets.items():
        data = json.loads(text)
        article_ = next(a for a in briefing.articles if path == f"gloss/{a.slug}.json")
        assert set(data["s"]) == {s.anchor for s in article_.segments()}
        size = len(gzip.compress(text.encode("utf-8"), 6))
        assert size <= MAX_GZIP_BYTES, (path, size)
