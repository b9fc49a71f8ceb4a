"""A provisional headline for a scrape that prints none (pure): the lead's news in headline form.

A Chinese headline states the news in one short clause, without the lead's scaffolding: who says
it (据……报道, 某某表示), when (近日, 今日下午, 3月5日, 星期二) and aspect particles (了). The
stand-in is written the same way, so the editor gets a usable draft rather than the lead's
opening words, and it is marked provisional wherever it is shown.
"""

from __future__ import annotations

import re

from briefing.sources.sentences import split_sentences

HEADLINE_MAX = 40  # characters; a longer clause is cut at an enumeration comma or shortened with …
HEADLINE_MIN = 8  # a shorter first clause takes the next one with it

# Clauses that set the scene of a news lead rather than tell the news: who says it ("某某表示",
# "据路透社报道"), when ("近日", "1月14日", "去年8月"), or where/under what ("在……期间", "面對……").
_SETTING = re.compile(
    r"^(?:[^，,]{0,30}?(?:称|稱|表示|指出|透露|报道|報導|報道|说|說|认为|認為|据悉|據悉|获悉|獲悉|引述|援引)$"
    r"|(?:据|據|根据|根據|依据|依據)[^，,]{0,30}$"
    r"|(?:近日|日前|昨日|昨天|今天|今日|本周|本週|目前|此前|早前|上周|上週|去年|今年|当天|當天)[^，,]{0,8}$"
    r"|(?:\d{1,4}\s*年)?\s*(?:\d{1,2}\s*月)?\s*(?:\d{1,2}\s*日)?(?:[上下]午|晚间|晚間|早上|凌晨)?(?:[^，,]{0,4}(?:时|時|间|間))?$"
    r"|(?:在|於|于|当|當|面对|面對|随着|隨著|隨着|为了|為了|为应对|為應對)[^，,]{1,30}$"
    r"|[^，,]{2,30}(?:之后|之後|以后|以後|以来|以來|之际|之際|期间|期間|过后|過後)$)")

# A time adverbial inside a clause ("今日下午", "近期", "星期二", "3月5日", "去年底"): headlines
# leave it out. Not after a preposition ("从本周起", "於下週"), where the time is the news.
_TIME = re.compile(
    r"(?<![从從自到至于於在由])"
    r"(?:(?:今[日天早晚]|昨[日天晚]|前[日天]|近日|日前|近期|早前|稍早|本[周週]|上[周週]|"
    r"去年|今年|当[天日]|當[天日]|星期[一二三四五六日天]|[周週][一二三四五六日]|"
    r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}[日号號])?|\d{1,2}[日号號](?![本元]))"
    r"(?:[上下]午|晚上|晚間|晚间|早上|凌晨|中午|傍晚|[底初末])?)+"
    r"(?=[\u3400-\u9fff])(?![的之前後后起以])")
# "於1957年", "在2024年5月": a dated prepositional phrase, left out like a time adverbial.
_DATED = re.compile(r"(?:於|于|在)\s*\d{4}\s*年(?:\d{1,2}月)?(?:\d{1,2}[日号號])?(?=[\u3400-\u9fff])(?![的之前後后起以])")
# A clause ending in an announcing verb ("某部门宣布"): its object, the next clause, is the news.
_ANNOUNCES = re.compile(r"(?:宣布|宣佈|公布|公佈|發布|发布|證實|证实|確認|确认|通报|通報)$")
# "一幢唐樓", "一名男子", "多家": headlines drop the indefinite "one + measure word" before a noun
# (not 其中一名, 每一家, 第一座, 统一, nor 一个/一起/一时, which are words of their own).
_INDEFINITE = re.compile(r"(?<![其中每第唯统統同任\d])一(?:名|家|幢|栋|棟|座|架|艘|辆|輛|位|间|間|所|宗|批|处|處)"
                         r"(?=[\u3400-\u9fff])")
# The aspect particle 了 after a verb ("下调了价格" → "下调价格"); not 为了, 除了, 了解, 了不起.
_LE = re.compile(r"(?<=[\u3400-\u9fff])(?<![为為除罢罷])了(?=[\u3400-\u9fff])(?![解不])")


def headline_clause(clause: str) -> str:
    """A clause in headline form: time adverbials, "one + measure word" and the particle 了 left out."""
    digits_joined = re.sub(r"(?<=\d)\s+(?=[年月日号號])|(?<=[年月])\s+(?=\d)", "", clause.strip())
    return _LE.sub("", _INDEFINITE.sub("", _TIME.sub("", _DATED.sub("", digits_joined)))).strip()


def provisional_headline(text: str) -> str:
    """A stand-in headline from the lead sentence: its first news clause (scene-setting clauses —
    attribution, time, circumstance — left out) in headline form, at most ~40 characters."""
    first = split_sentences(text)[0].strip().rstrip("。！？!?…")
    clauses = [c.strip() for c in re.split(r"[，,；;]", first) if c.strip()]
    while len(clauses) > 1 and _SETTING.match(clauses[0]):
        clauses = clauses[1:]
    if not clauses:
        return first[:HEADLINE_MAX]
    head = headline_clause(clauses[0]) or clauses[0]
    for more in clauses[1:]:
        announces = bool(_ANNOUNCES.search(head))
        if not announces and len(head) >= HEADLINE_MIN or len(head) + len(more) > HEADLINE_MAX:
            break
        head += ("" if announces else "，") + (headline_clause(more) or more)
    if len(head) <= HEADLINE_MAX:
        return head
    cuts = [i for i, c in enumerate(head[: HEADLINE_MAX + 1]) if c in "、：:" and i >= HEADLINE_MIN]
    return head[: cuts[-1]] if cuts else head[: HEADLINE_MAX - 4] + "…"
