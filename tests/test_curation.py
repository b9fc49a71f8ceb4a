"""Curated files: every schema problem is reported with file, line, key and what was expected."""

import textwrap

import pytest

from briefing.sources.script import Conversion
from briefing.sources.articles import build_article
from briefing.config import Project
from briefing.curation.curated import count_sentences_en, count_sentences_zh, curate, load_curated
from briefing.errors import ValidationError
from briefing.model import ArticleMeta

SEED = "标题\n\n第一句。第二句。第三句。\n\n第二段第一句。\n"


@pytest.fixture(scope="module")
def articles():
    return (build_article(SEED, ArticleMeta(slug="a", source_file="000_a.txt", title_zh="标题"), conversion=Conversion()),
            build_article(SEED, ArticleMeta(slug="b", source_file="001_b.txt", title_zh="标题"), conversion=Conversion()))


NOTES = """\
summary_en: One thing. Another thing. A third thing.
summary_zh: 第一。第二。第三。
claims:
  - en: A claim.
    zh: 一个论点。
    cites: [a/p1-s1]
  - en: B claim.
    zh: 二。
    cites: [a/p1-s2]
  - en: C claim.
    zh: 三。
    cites: [a/p2-s1, a/title]
source:
  outlet_type: blog
  author: someone
  affiliation: ""
  stance: Hawkish.
  reliability: Check numbers.
factchecks:
  - segment: a/p1-s3
    severity: doubtful
    note_en: Not so.
    note_zh: 并非如此。
"""

OVERVIEW = """\
title_en: T
title_zh: 标题
overview_en: Overview.
overview_zh: 概述。
themes:
  - id: one
    title_en: One
    title_zh: 一
    text_en: First. Second.
    text_zh: 第一。第二。
    articles: [a]
  - id: two
    title_en: Two
    title_zh: 二
    text_en: First. Second.
    text_zh: 第一。第二。
    articles: [a, b]
  - id: three
    title_en: Three
    title_zh: 三
    text_en: First. Second.
    text_zh: 第一。第二。
    articles: [b]
"""


def event(date, precision="day", cites="[a/p1-s1]", extra=""):
    return (f'  - date: "{date}"\n    precision: {precision}\n    en: E.\n    zh: 事。\n'
            f"    cites: {cites}\n{extra}")


def timeline(*events):
    return "events:\n" + "".join(events)


def full(**replace):
    files = {"overview.yml": OVERVIEW, "articles/a.yml": NOTES,
             "articles/b.yml": NOTES.replace("a/", "b/"),
             "timeline.yml": timeline(*(event(f"2025-01-{d:02d}") for d in range(1, 16)))}
    files.update(replace)
    return {k: v for k, v in files.items() if v is not None}


def problems(files, articles):
    with pytest.raises(ValidationError) as info:
        curate(files, articles)
    return info.value.problems


def test_valid_files_load_without_warnings(articles):
    c = curate(full(), articles)
    assert [t.id for t in c.overview.themes] == ["one", "two", "three"]
    assert c.notes["a"].claims[2].cites == ("a/p2-s1", "a/title")
    assert c.notes["a"].source.affiliation == ""
    assert len(c.timeline) == 15 and c.timeline[0].date == "2025-01-01"
    assert c.factchecks_by_segment()["b/p1-s3"][0].note_en == "Not so."
    assert c.warnings == ()


def test_unknown_key(articles):
    notes = NOTES.replace("  stance: Hawkish.\n", "  stance: Hawkish.\n  mood: grim\n")
    assert problems(full(**{"articles/a.yml": notes}), articles) == [
        "curation/articles/a.yml:18: source.mood: unknown key 'mood'; expected one of: "
        "outlet_type, author, affiliation, stance, reliability"]


def test_missing_required_key(articles):
    notes = NOTES.replace("  author: someone\n", "")
    assert problems(full(**{"articles/a.yml": notes}), articles) == [
        "curation/articles/a.yml:14: source: missing required key 'author'"]


def test_key_given_twice(articles):
    notes = NOTES.replace("summary_zh:", "summary_en: Again.\nsummary_zh:")
    assert problems(full(**{"articles/a.yml": notes}), articles) == [
        "curation/articles/a.yml:2: summary_en: key 'summary_en' appears twice; keep one"]


def test_unknown_segment_id(articles):
    notes = NOTES.replace("[a/p1-s1]", "[a/p9-s1]")
    assert problems(full(**{"articles/a.yml": notes}), articles) == [
        "curation/articles/a.yml:6: claims[1].cites[1]: unknown segment id 'a/p9-s1'; expected "
        "an id of article a, e.g. 'a/p1-s1' (list them with 'briefing tm export a')"]


def test_unknown_segment_id_of_unknown_article(articles):
    tl = timeline(event("2025-01-01", cites="[zz/p1-s1]"))
    assert problems(full(**{"timeline.yml": tl}), articles) == [
        "curation/timeline.yml:6: events[1].cites[1]: unknown segment id 'zz/p1-s1'; expected "
        "an id '<slug>/p<paragraph>-s<sentence>' of a loaded article"]


def test_claim_citing_another_article(articles):
    notes = NOTES.replace("[a/p1-s1]", "[b/p1-s1]")
    assert problems(full(**{"articles/a.yml": notes}), articles) == [
        "curation/articles/a.yml:6: claims[1].cites[1]: segment 'b/p1-s1' belongs to article b; "
        "expected a segment of a (this file's article)"]


def test_duplicate_segment_id(articles):
    notes = NOTES.replace("[a/p1-s1]", "[a/p1-s1, a/p1-s1]")
    assert problems(full(**{"articles/a.yml": notes}), articles) == [
        "curation/articles/a.yml:6: claims[1].cites[2]: segment id 'a/p1-s1' is listed twice; "
        "remove one"]


def test_claim_without_citation(articles):
    notes = NOTES.replace("[a/p1-s1]", "[]")
    assert problems(full(**{"articles/a.yml": notes}), articles) == [
        "curation/articles/a.yml:6: claims[1].cites: expected at least 1 segment ids, found 0"]


def test_factcheck_unknown_segment_and_severity(articles):
    notes = NOTES.replace("segment: a/p1-s3", "segment: a/p5-s1").replace("doubtful", "wrong")
    assert problems(full(**{"articles/a.yml": notes}), articles) == [
        "curation/articles/a.yml:21: factchecks[1].severity: unknown severity 'wrong'; expected "
        "one of: error, doubtful, context",
        "curation/articles/a.yml:20: factchecks[1].segment: unknown segment id 'a/p5-s1'; expected "
        "an id of article a, e.g. 'a/p1-s1' (list them with 'briefing tm export a')"]


def test_unknown_article_slug_in_theme(articles):
    overview = OVERVIEW.replace("articles: [a]", "articles: [a, c]")
    assert problems(full(**{"overview.yml": overview}), articles) == [
        "curation/overview.yml:11: themes[1].articles[2]: unknown article slug 'c'; expected one "
        "of: a, b"]


def test_duplicate_theme_id(articles):
    overview = OVERVIEW.replace("id: two", "id: one")
    assert problems(full(**{"overview.yml": overview}), articles) == [
        "curation/overview.yml:12: themes[2].id: theme id 'one' is already used at line 6; "
        "expected unique ids"]


def test_notes_file_for_unknown_article(articles):
    assert problems(full(**{"articles/zz.yml": NOTES}), articles) == [
        "curation/articles/zz.yml:1: no article has slug 'zz'; expected a file named <slug>.yml "
        "for one of: a, b"]


def test_impossible_date(articles):
    tl = timeline(event("2025-01-01"), event("2025-02-30"))
    assert problems(full(**{"timeline.yml": tl}), articles) == [
        "curation/timeline.yml:7: events[2].date: '2025-02-30' is not a real date; expected a "
        "valid YYYY-MM-DD"]


def test_date_not_matching_precision(articles):
    tl = timeline(event("2025-01", "day"), event("2025-01-03", "month"))
    assert problems(full(**{"timeline.yml": tl}), articles) == [
        "curation/timeline.yml:2: events[1].date: '2025-01' does not match precision 'day'; "
        "expected YYYY-MM-DD",
        "curation/timeline.yml:7: events[2].date: '2025-01-03' does not match precision 'month'; "
        "expected YYYY-MM"]


def test_unknown_precision(articles):
    tl = timeline(event("2025-01-01", "week"))
    assert problems(full(**{"timeline.yml": tl}), articles) == [
        "curation/timeline.yml:3: events[1].precision: unknown precision 'week'; expected one "
        "of: day, month, year"]


def test_unsorted_timeline(articles):
    tl = timeline(event("2025-01-27"), event("2025-01", "month"), event("2025-01-20"))
    assert problems(full(**{"timeline.yml": tl}), articles) == [
        "curation/timeline.yml:12: events[3].date: 2025-01-20 comes before 2025-01-27 "
        "(events[1], line 2); expected events sorted by date, earliest first"]


def test_unsorted_timeline_across_precisions(articles):
    tl = timeline(event("2025-02", "month"), event("2025-01-31"))
    assert problems(full(**{"timeline.yml": tl}), articles) == [
        "curation/timeline.yml:7: events[2].date: 2025-01-31 comes before 2025-02 "
        "(events[1], line 2); expected events sorted by date, earliest first"]


def test_month_event_may_stand_among_its_days(articles):
    tl = timeline(event("2025-01-05"), event("2025-01", "month"), event("2025-01-20"),
                  event("2025", "year"))
    assert [e.date for e in curate(full(**{"timeline.yml": tl}), articles).timeline] == [
        "2025-01-05", "2025-01", "2025-01-20", "2025"]


def test_invalid_yaml_names_the_line(articles):
    assert problems(full(**{"timeline.yml": "events:\n  - date: [2025\n"}), articles) == [
        "curation/timeline.yml:3: not valid YAML: expected ',' or ']', but got '<stream end>'; "
        "fix the syntax at that line"]


def test_empty_file(articles):
    assert problems(full(**{"overview.yml": ""}), articles) == [
        "curation/overview.yml:1: the file is empty; expected title_en, title_zh, overview_en, "
        "overview_zh, themes"]


def test_all_problems_are_reported_at_once(articles):
    notes = NOTES.replace("[a/p1-s1]", "[a/p9-s1]").replace("  author: someone\n", "")
    tl = timeline(event("2025-13-01"))
    assert len(problems(full(**{"articles/a.yml": notes, "timeline.yml": tl}), articles)) == 3


def test_counts_out_of_range_are_warnings_that_strict_refuses(articles):
    notes = NOTES.replace("summary_en: One thing. Another thing. A third thing.",
                          "summary_en: Only one thing in the U.S. matters.")
    c = curate(full(**{"articles/a.yml": notes,
                       "timeline.yml": timeline(event("2025-01-01"))}), articles)
    assert c.warnings == (
        "curation/articles/a.yml:1: summary_en: 1 sentences; expected 3–5",
        "curation/timeline.yml:2: events: 1 events; expected at least 15")


def test_missing_files_are_warnings(articles):
    c = curate({"articles/a.yml": NOTES}, articles)
    assert c.overview is None and c.timeline == () and set(c.notes) == {"a"}
    assert c.warnings == ("curation/overview.yml: missing; the home page has no overview",
                          "curation/articles/b.yml: missing; the article page has no summary, "
                          "claims or source notes",
                          "curation/timeline.yml: missing; there is no timeline page")


def test_no_curation_folder_means_no_curated_layer(tmp_path, articles):
    assert load_curated(Project(root=tmp_path), articles) is None


def test_glossary_conflict_fails_with_the_curated_files(tmp_path, articles):
    (tmp_path / "curation").mkdir()
    (tmp_path / "curation" / "glossary.yml").write_text(textwrap.dedent("""\
        entries:
          - en: Nvidia
            zh-Hans: 英伟达
          - en: NVidia Corp
            zh-Hans: 英伟达
        """), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_curated(Project(root=tmp_path), articles)
    assert any("'英伟达' is NVidia Corp here but Nvidia at line 2" in p for p in info.value.problems)


def test_sentence_counters():
    assert count_sentences_en("The U.S. acted. E.g. this! Did it? Yes.") == 4
    assert count_sentences_en("He said “No.” Then left.") == 2
    assert count_sentences_zh("第一句。第二句！“第三句？”") == 3


# ---------------------------------------------------------------- punctuation in curated Chinese

def test_ascii_punctuation_in_chinese_text_is_found():
    from briefing.curation.punctuation import ascii_punctuation
    found = ascii_punctuation("美国的反应:特朗普说,这是警钟;对吗?DeepSeek,美国")
    assert [(f.mark, f.replacement) for f in found] == [
        (":", "："), (",", "，"), (";", "；"), ("?", "？"), (",", "，")]
    assert ascii_punctuation("2025年,OpenAI发布")[0].context == "…025年,Open…"  # 4 characters each side
    assert ascii_punctuation("他说“好”,然后走了")  # after a closing quote
    assert ascii_punctuation("结束了?")  # at the end of the text
    assert ascii_punctuation("中国,\n  美国")  # across a folded line


def test_punctuation_that_belongs_to_latin_text_is_left_alone():
    from briefing.curation.punctuation import ascii_punctuation
    for text in ("DeepSeek-V3,R1与市场", "时间是10:30左右", "共1,000块", "见https://example.org/a的说明",
                 "美国，中国：好；吗？", "Not so, he said: yes."):
        assert ascii_punctuation(text) == [], text


def test_ascii_punctuation_in_curated_chinese_is_a_warning_at_its_line(articles):
    overview = OVERVIEW.replace("overview_zh: 概述。", "overview_zh: >-\n  概述第一句。\n\n  第二段,有逗号:也有冒号。")
    notes = NOTES.replace("    zh: 二。", "    zh: 二,三。").replace("note_zh: 并非如此。", "note_zh: 并非如此;是吗?")
    events = [event(f"2025-01-{d:02d}") for d in range(1, 16)]
    events[2] = events[2].replace("zh: 事。", "zh: 事,事。")
    english = NOTES.replace("a/", "b/").replace("note_en: Not so.", "note_en: \"Not so, 并非: says the editor.\"")
    c = curate(full(**{"overview.yml": overview, "articles/a.yml": notes, "articles/b.yml": english,
                       "timeline.yml": timeline(*events)}), articles)
    assert c.warnings == (
        "curation/overview.yml:7: overview_zh: ASCII comma ',' (…第二段,有逗号:…), colon ':' (…,有逗号:也有冒号…) "
        "in Chinese text; write the full-width ， ：",
        "curation/articles/a.yml:8: claims[2].zh: ASCII comma ',' (二,三。) in Chinese text; write the full-width ，",
        "curation/articles/a.yml:23: factchecks[1].note_zh: ASCII semicolon ';' (并非如此;是吗?), "
        "question mark '?' (…此;是吗?) in Chinese text; write the full-width ； ？",
        "curation/timeline.yml:15: events[3].zh: ASCII comma ',' (事,事。) in Chinese text; write the full-width ，")
    # the English fields of b.yml ("Not so, 并非: says") are not checked


def test_the_sample_curated_chinese_uses_full_width_punctuation():
    from briefing.config import load_project
    from briefing.publish.assemble import load_briefing
    from support import ROOT
    curated = load_briefing(load_project(ROOT)).curated
    assert [w for w in curated.warnings if "ASCII" in w] == []


def test_a_build_says_its_curation_warnings_with_file_and_line(tmp_path):
    from briefing.config import load_project
    from briefing.publish.build import build_site
    from support import SAMPLE, make_project
    project = make_project(tmp_path, sample=SAMPLE)
    overview = project / "curation" / "overview.yml"
    text = overview.read_text(encoding="utf-8")
    overview.write_text(text.replace("之间，记录了", "之间,记录了", 1), encoding="utf-8")
    said: list[str] = []
    build_site(load_project(project), run_mkdocs=False, progress=said.append)
    line = next(n for n, l in enumerate(overview.read_text(encoding="utf-8").splitlines(), 1) if "之间,记录了" in l)
    assert any(f"curation/overview.yml:{line}: overview_zh: ASCII comma" in m for m in said), said
