"""Regional vocabulary for search: a word and its counterparts across the strait (川普 and
特朗普, 晶片 and 芯片, 軟體 and 软件), so that a reader in Taipei and one in Beijing find the same
pages, each with their own words.

Where the counterparts come from, in this order:

1. the glossary (curation/glossary.yml): every Chinese spelling of one entry is the same name
   (Nvidia: 英伟达, 輝達, 辉达, 英偉達), so each spelling has all the others as counterparts;
2. OpenCC's regional phrase tables, read from the installed OpenCC (`REGIONAL_TABLES`: Taiwan
   and Hong Kong phrases, both ways): a word and what a table gives for it (软件 → 軟體,
   晶片 → 芯片). Pairs are never chained: 程序 → 程式 and 程序 → 進程 (Taiwan's 程序 is a
   process) do not make 程式 a counterpart of 進程;
3. `CROSS_STRAIT` below: common words and names the tables lack (品質/质量, 普京/普丁).

Every word is compared as the search index holds Chinese: normalised to Simplified character by
character (publish/search_source.py), so 軟體 is 软体 here and 芯片 and 晶片 stay apart.

How search uses them: synonyms at index time, as search engines do. Each page's index document
ends with a token per table word it holds (`word_token`: "this page holds 芯片") and a token
per table word of which it holds the word or a counterpart (`any_token`: "this page holds 芯片
or 晶片"), each as often as the page holds the word (up to `TOKEN_REPEATS`, so pages that say it
more rank higher). search.js asks Pagefind for the token of a query word instead of the word:
one search, the exact set of pages, counted by Pagefind, whatever its word segmenters make of
the word (the index's and the browser's split names they do not know, and differently).
A token is 14 Latin letters from two FNV-1a hashes of the word (search.js computes the same).

What the browser gets (`terms_file`): the table's words that occur in the briefing and those
with a counterpart that does, with those counterparts (a few KB even at 1,000 articles), plus
how to show each word as it is written (軟體, not its normalised 软体).
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Callable, Iterable, Mapping

import ahocorasick

from briefing.errors import BuildError
from briefing.publish.processes import TimeLimit, run_program
from briefing.translation.glossary import Glossary

TOKEN_REPEATS = 20  # at most this many of one token a page: enough to rank by, not to bloat
TERMS_FILE = "search/terms.json"  # under docs/, fetched by search.js for a Chinese query

# OpenCC's regional phrase tables (in the installed package's share/opencc/): Taiwan and Hong
# Kong phrases from the OpenCC standard and back. True: the table's keys are the mainland words.
REGIONAL_TABLES = (("TWPhrases", True), ("TWPhrasesRev", False), ("HKPhrases", True), ("HKPhrasesRev", False))

# Words the tables pair with a regional counterpart for their computing sense, whose everyday
# sense in the news is another (执行 is "carry out" as much as "run a program", 建立 "establish",
# 消息 "news", 智慧 "wisdom"): a query for one of them is not expanded by the tables (the
# glossary and CROSS_STRAIT still apply). Longer words holding them (人工智能) are unaffected.
TOO_GENERAL = frozenset(
    "执行 运行 建立 创建 声明 宣告 社群 社区 消息 讯息 支持 支援 核心 内核 高级 高端 高阶 进阶 "
    "整合 集成 文件 档案 文档 访问 存取 地址 位址 全局 全域性 图像 影像 智慧 智能 设备 装置 "
    "简报 演示文稿 列举 枚举 宏 巨集 参数 引数".split())

# What OpenCC's tables lack: (mainland, Taiwan or Hong Kong) as each is written. Names of people
# and places as the press writes them on each side, and everyday words of the technology and
# business news; each pair checked not to be in the tables already (tests/test_search_terms.py).
CROSS_STRAIT: tuple[tuple[str, str], ...] = (
    ("特朗普", "川普"), ("普京", "普丁"), ("希拉里", "希拉蕊"), ("扎克伯格", "祖克柏"),
    ("泽连斯基", "澤倫斯基"), ("内塔尼亚胡", "納坦雅胡"), ("马克龙", "馬克宏"), ("默克尔", "梅克爾"),
    ("蓬佩奥", "龐皮歐"), ("悉尼", "雪梨"), ("朝鲜", "北韓"), ("韩国", "南韓"), ("迪拜", "杜拜"),
    ("沙特", "沙烏地"), ("澳大利亚", "澳洲"),
    ("质量", "品質"), ("智能手机", "智慧型手機"), ("移动支付", "行動支付"), ("社交媒体", "社群媒體"),
    ("初创公司", "新創公司"), ("通胀", "通膨"), ("营销", "行銷"), ("运营", "營運"),
    ("云计算", "雲端運算"), ("导弹", "飛彈"), ("数字化", "數位化"), ("光刻机", "曝光機"),
    ("外卖", "外送"), ("航天", "航太"), ("宇航员", "太空人"), ("硅谷", "矽谷"),
)

OPENCC_DICT_LIMIT = TimeLimit("OpenCC's opencc_dict", base=60, per_item=0)  # ~10 ms a table here

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def opencc_share() -> Path:
    """The installed OpenCC's dictionary folder."""
    import opencc
    return Path(opencc.__file__).parent / "clib" / "share" / "opencc"


@lru_cache(maxsize=1)
def regional_pairs() -> tuple[tuple[str, str], ...]:
    """(mainland word, Taiwan or Hong Kong word) of OpenCC's regional phrase tables (the
    regional word as the table writes it; the mainland one in OpenCC's Traditional, which
    normalises to its Simplified), read with the `opencc_dict` program its package ships (the
    dictionaries are binary); then `CROSS_STRAIT`. A table that cannot be read is left out (the
    glossary's and our own pairs still work); tests/test_search_terms.py checks each is read."""
    pairs: list[tuple[str, str]] = []
    for name, mainland_keys in REGIONAL_TABLES:
        pairs += [(k, v) if mainland_keys else (v, k) for k, v in read_table(name)]
    return tuple(pairs) + CROSS_STRAIT


@lru_cache(maxsize=None)
def read_table(name: str) -> tuple[tuple[str, str], ...]:
    """One OpenCC dictionary as (word, counterpart) pairs; () when it cannot be read."""
    share = opencc_share()
    program = share.parent.parent / "bin" / "opencc_dict"
    source = share / f"{name}.ocd2"
    if not program.is_file() or not source.is_file():
        return ()
    with tempfile.TemporaryDirectory(prefix="briefing-opencc-") as tmp:
        out = Path(tmp) / f"{name}.txt"
        try:
            done = run_program([str(program), "-i", str(source), "-o", str(out), "-f", "ocd2",
                                "-t", "text"], OPENCC_DICT_LIMIT, path=source)
            text = out.read_text(encoding="utf-8") if done.returncode == 0 else ""
        except (OSError, UnicodeDecodeError, BuildError):
            return ()
    return parse_table(text)


def parse_table(text: str) -> tuple[tuple[str, str], ...]:
    """OpenCC's text dictionary form: 'word<TAB>counterpart counterpart…' a line."""
    pairs = []
    for line in text.splitlines():
        word, _, values = line.partition("\t")
        for value in values.split():
            if value != word:
                pairs.append((word, value))
    return tuple(pairs)


@dataclass(frozen=True)
class Vocabulary:
    """Each word (normalised) → its counterparts (normalised); how each word is written."""

    counterparts: Mapping[str, frozenset[str]]
    written: Mapping[str, str]  # normalised → as written, where they differ

    @classmethod
    def of(cls, groups: Iterable[Iterable[str]], pairs: Iterable[tuple[str, str]],
           normalise: Callable[[str], str], too_general: frozenset[str] = frozenset()) -> Vocabulary:
        """From `groups` (spellings of one name, each as written: each the counterpart of every
        other) and `pairs` ((mainland word, regional word): counterparts both ways, never
        chained; the regional one shown as written, the mainland one in Simplified), Chinese
        words only; pairs with a word of `too_general` are left out."""
        links: dict[str, set[str]] = {}
        written: dict[str, str] = {}

        def word(form: str, shown: bool = True) -> str | None:
            form = form.strip()
            if not _CJK.search(form):
                return None  # Latin spellings: the English side is untouched
            key = normalise(form)
            if key != form and shown:
                written.setdefault(key, form)
            return key

        def link(a: str, b: str) -> None:
            if a != b:
                links.setdefault(a, set()).add(b)
                links.setdefault(b, set()).add(a)

        for group in groups:
            forms = [f.strip() for f in group]
            # a spelling listed as it normalises (英伟达) is shown so, not as another (英偉達)
            words = [w for w in (word(f, shown=normalise(f) not in forms) for f in forms) if w]
            for a in words:
                for b in words:
                    link(a, b)
        for a, b in pairs:
            wa, wb = word(a, shown=False), word(b)
            if wa and wb and wa not in too_general and wb not in too_general:
                link(wa, wb)
        return cls({k: frozenset(v) for k, v in links.items()}, written)

    @property
    def finder(self) -> TermFinder:
        return _finder(self)


@dataclass(frozen=True)
class TermFinder:
    """Every table word a text holds, overlapping ones too (数据 inside 数据库), with how often."""

    automaton: ahocorasick.Automaton | None

    def words_in(self, text: str) -> Counter[str]:
        if self.automaton is None or not text:
            return Counter()
        return Counter(map(itemgetter(1), self.automaton.iter(text)))


def _fnv1a(text: str) -> int:
    """32-bit FNV-1a over the text's UTF-16 code units (as search.js hashes a JS string)."""
    h = 0x811C9DC5
    for unit in _units(text):
        h = ((h ^ unit) * 0x01000193) & 0xFFFFFFFF
    return h


def _units(text: str) -> list[int]:
    data = text.encode("utf-16-le")
    return [data[i] | data[i + 1] << 8 for i in range(0, len(data), 2)]


def _letters(n: int) -> str:
    out = []
    for _ in range(7):  # 26^7 > 2^32
        n, r = divmod(n, 26)
        out.append(chr(97 + r))
    return "".join(out)


@lru_cache(maxsize=None)  # a briefing's table words recur on many pages; hashing is pure Python
def token(kind: str, word: str) -> str:
    """The index token of `word` (normalised): kind "w" the word itself, "k" it or a counterpart."""
    return _letters(_fnv1a(kind + word)) + _letters(_fnv1a(word + kind))


def word_token(word: str) -> str:
    return token("w", word)


def any_token(word: str) -> str:
    return token("k", word)


def page_tokens(found: Mapping[str, int], vocabulary: Vocabulary) -> list[str]:
    """The tokens of a page that holds the table words `found` (each with how often): its
    words' own, and for each of them and each of their counterparts the "any" token."""
    counts: Counter[str] = Counter()
    for word, n in found.items():
        counts[word_token(word)] += n
        for other in (word, *vocabulary.counterparts.get(word, ())):
            counts[any_token(other)] += n
    return [t for t, n in sorted(counts.items()) for _ in range(min(n, TOKEN_REPEATS))]


_FINDERS: dict[int, tuple[Vocabulary, TermFinder]] = {}


def _finder(vocabulary: Vocabulary) -> TermFinder:
    cached = _FINDERS.get(id(vocabulary))
    if cached is None or cached[0] is not vocabulary:
        automaton = None
        if vocabulary.counterparts:
            automaton = ahocorasick.Automaton()
            for w in vocabulary.counterparts:
                automaton.add_word(w, w)
            automaton.make_automaton()
        cached = (vocabulary, TermFinder(automaton))
        _FINDERS.clear()  # one project a process
        _FINDERS[id(vocabulary)] = cached
    return cached[1]


def glossary_groups(glossary: Glossary | None) -> list[tuple[str, ...]]:
    """Each glossary entry's Chinese spellings, both scripts (one name each)."""
    if glossary is None:
        return []
    return [e.match_forms for e in glossary.entries if len(e.match_forms) > 1]


def terms_file(vocabulary: Vocabulary, present: Iterable[str]) -> str:
    """docs/search/terms.json: {"c": {word: [its counterparts that occur in the briefing]},
    "w": {normalised: as written}}: the words that occur and those with a counterpart that
    does (a few KB whatever the size of the tables). Every word listed is searched through the
    term filter, so it is found whole, alike from either side."""
    live = set(present)
    table = {}
    for word, others in sorted(vocabulary.counterparts.items()):
        found = sorted(o for o in others if o in live)
        if found or word in live:
            table[word] = found
    shown = {w for w in table} | {o for found in table.values() for o in found}
    written = {w: vocabulary.written[w] for w in sorted(shown) if w in vocabulary.written}
    return json.dumps({"c": table, "w": written}, ensure_ascii=False, separators=(",", ":")) + "\n"
