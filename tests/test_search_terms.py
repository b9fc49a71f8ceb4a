"""Regional vocabulary for search (publish/search_terms.py): counterparts from the glossary, from
OpenCC's regional phrase tables and from our own list; which words a page holds; what the browser
gets; and the facets and term filter in each index document."""

from __future__ import annotations

import json

from briefing.sources.script import Conversion
from briefing.publish.search_source import Normaliser, search_sources
from briefing.publish.search_terms import (CROSS_STRAIT, REGIONAL_TABLES, TERMS_FILE, TOKEN_REPEATS,
                                           TOO_GENERAL, Vocabulary, any_token, page_tokens, parse_table,
                                           read_table, regional_pairs, word_token)
from briefing.render.structure import Facets, Outline, Part
from briefing.sources.script import hans_characters

NORM = Normaliser.of(hans_characters())


def test_a_text_dictionary_line_gives_a_pair_per_counterpart():
    assert parse_table("軟件\t軟體\n數據\t資料 數據\n") == (("軟件", "軟體"), ("數據", "資料"))


def test_every_regional_table_is_read_from_the_installed_opencc():
    for name, _ in REGIONAL_TABLES:
        assert len(read_table(name)) > 50, name
    pairs = set(regional_pairs())
    # (mainland, regional) whichever way the table runs
    assert ("軟件", "軟體") in pairs and ("芯片", "晶片") in pairs and ("人工智能", "人工智慧") in pairs


def test_our_list_holds_only_what_the_tables_lack():
    table = {(NORM.normalise(a), NORM.normalise(b)) for name, _ in REGIONAL_TABLES for a, b in read_table(name)}
    for mainland, regional in CROSS_STRAIT:
        pair = (NORM.normalise(mainland), NORM.normalise(regional))
        assert pair not in table and pair[::-1] not in table, (mainland, regional)


def test_counterparts_both_ways_never_chained_and_shown_as_written():
    vocab = Vocabulary.of([("英伟达", "辉达", "輝達", "英偉達")],
                          [("程序", "程式"), ("進程", "程序"), ("軟件", "軟體"), ("執行", "運行")],
                          NORM.normalise, frozenset({"执行"}))
    c = vocab.counterparts
    assert c["英伟达"] == {"辉达"} and c["辉达"] == {"英伟达"}  # a name's spellings, both scripts
    assert c["软件"] == {"软体"} and c["软体"] == {"软件"}  # normalised, both ways
    assert c["程序"] == {"程式", "进程"} and "进程" not in c["程式"]  # never chained
    assert "执行" not in c and "运行" not in c  # a word too general in the news: no expansion
    # shown as each side writes it: the regional word in Traditional, the mainland one as normalised
    assert vocab.written["软体"] == "軟體" and "软件" not in vocab.written
    assert "英伟达" not in vocab.written and "辉达" not in vocab.written  # listed as they normalise


def test_english_and_latin_spellings_are_left_alone():
    vocab = Vocabulary.of([("OpenAI", "Open AI"), ("NASA", "美国太空总署")], [], NORM.normalise)
    assert vocab.counterparts == {}


def test_a_page_holds_every_word_even_inside_a_longer_one():
    vocab = Vocabulary.of([], [("數據", "資料"), ("數據庫", "資料庫")], NORM.normalise)
    assert vocab.finder.words_in("建数据库，数据") == {"数据": 2, "数据库": 1}
    assert not vocab.finder.words_in("")


def test_a_page_carries_a_token_for_each_word_and_each_counterpart_as_often_as_it_says_it():
    vocab = Vocabulary.of([], [("芯片", "晶片"), ("軟件", "軟體")], NORM.normalise)
    tokens = page_tokens({"芯片": 3, "软件": 50}, vocab)
    assert tokens.count(word_token("芯片")) == 3 and tokens.count(any_token("芯片")) == 3
    assert tokens.count(any_token("晶片")) == 3  # a query for 晶片 finds the page of 芯片
    assert word_token("晶片") not in tokens  # but not when asked for 晶片 alone
    assert tokens.count(any_token("软体")) == TOKEN_REPEATS  # bounded
    # fixed-length Latin words, one per word and kind: no token is a prefix of another
    assert len({len(t) for t in tokens}) == 1 and all(t.isalpha() and t.islower() for t in tokens)
    assert any_token("芯片") != word_token("芯片") != word_token("晶片")


def _article(text_hans: str, text_hant: str, facets: Facets):
    out = Outline(Conversion())
    out.zh("p1-s1", Part.SENTENCE, text_hans, text_hant)
    out.en("", Part.META, "Outlet A")
    return out.page("articles/x.md", "X", "<p>…</p>", facets=facets)


def test_index_documents_carry_facets_terms_and_the_byline_and_the_site_gets_live_terms_only():
    vocab = Vocabulary.of([("特朗普", "川普")], [("軟件", "軟體"), ("芯片", "晶片")], NORM.normalise)
    norm = Normaliser.of(hans_characters(), vocab)
    page = _article("台湾软体业者说，川普的芯片政策", "台灣軟體業者說，川普的芯片政策",
                    Facets("article", "2025-01-28", "某報 (a Taipei daily)", "王小明", "hant"))
    documents, files, present = search_sources([page], norm)
    doc = documents["articles/x/index.html"]
    for meta in ('data-pagefind-filter="kind[content]" content="article"',
                 'data-pagefind-filter="outlet[content]" content="某報"',  # the name, not the editor's aside
                 'data-pagefind-filter="month[content]" content="2025-01"',
                 'data-pagefind-filter="script[content]" content="hant"',
                 'data-pagefind-sort="date[content]" content="2025-01-28"',
                 'data-pagefind-meta="author[content]" content="王小明"'):
        assert meta in doc, meta
    # the tokens, last, in the Chinese index only: 川普's page answers 特朗普 too
    tail = doc.rsplit('<p lang="zh-Hans">', 1)[1]
    assert any_token("特朗普") in tail and word_token("川普") in tail and word_token("特朗普") not in tail
    assert "某报 (a Taipei daily) 王小明" in doc  # outlet and author are searched (normalised)
    assert set(present) == {"软体", "川普", "芯片"}
    terms = json.loads(files[TERMS_FILE])
    # the words that occur, and those with a counterpart that does: 特朗普 (for 川普), 软件 (for
    # 软体), 晶片 (for 芯片); not 特朗普's other counterparts, nor words of neither kind
    assert terms["c"] == {"特朗普": ["川普"], "川普": [], "软件": ["软体"], "软体": [],
                          "晶片": ["芯片"], "芯片": []}
    assert terms["w"] == {"软体": "軟體"}


def test_every_page_sorts_and_an_undated_article_is_filed_as_such():
    page = _article("文字", "文字", Facets("article"))
    doc = search_sources([page], NORM)[0]["articles/x/index.html"]
    assert 'content="undated"' in doc and 'data-pagefind-sort="date[content]" content="0000"' in doc
    out = Outline(Conversion())
    out.en("", Part.TEXT, "An event")
    doc = search_sources([out.page("timeline.md", "Timeline", "", facets=Facets("timeline"))], NORM)[0]["timeline/index.html"]
    assert 'data-pagefind-filter="kind[content]" content="timeline"' in doc and "data-pagefind-sort" in doc


def test_too_general_words_are_in_the_tables():
    # each word of the list is one the tables would expand: otherwise it is dead weight
    words = {NORM.normalise(w) for name, _ in REGIONAL_TABLES for pair in read_table(name) for w in pair}
    assert TOO_GENERAL <= words, sorted(TOO_GENERAL - words)
