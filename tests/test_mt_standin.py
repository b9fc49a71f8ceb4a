"""What a real model needs from the translate path, on the stand-in model (briefing/testing/standin_model.py):
it stops at EOS after as many pieces as its input, so caps, token batches and early stopping
are exercised; its variants really mangle, lose, duplicate and invent placeholders.
Its English is a word-by-word gloss: tests assert lengths, flags and names, never wording."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace

import pytest
from click.testing import CliRunner

import briefing.translation.machine as machine
from briefing.sources.script import Conversion
from briefing.cli import main
from briefing.config import MTSettings, Project, load_project
from briefing.errors import BriefingError, ConfigError
from briefing.model import Status
from briefing.sources.articles import load_articles
from briefing.sources.names import project_conversion
from briefing.translation.glossary import Glossary, GlossaryEntry, placeholder_left
from briefing.translation.engines.ct2 import ArgosEngine, choose_compute_type, choose_device
from briefing.translation.machine import plan_jobs, split_clauses, translate_project
from briefing.translation.memory import read_tm, tm_path
from briefing.translation.status import article_status
from support import ROOT, FakeEngine, article_from_text, make_project

NAMES = Glossary((GlossaryEntry(en="Nvidia", hans=("英伟达",)),
                  GlossaryEntry(en="DeepSeek", hans=("深度求索",)),
                  GlossaryEntry(en="Stargate", hans=("星际之门",)),
                  GlossaryEntry(en="Microsoft", hans=("微软",)),
                  GlossaryEntry(en="Alibaba", hans=("阿里巴巴",))))
FIVE = "英伟达和深度求索都提到了星际之门，微软与阿里巴巴也在名单上。"
TEXT = f"名单公布\n\n{FIVE}\n"


def seed_sentences(n: int = 80) -> list[str]:
    """Protected sources of the sample briefing, as `briefing translate` sends them."""
    project = load_project(ROOT)
    conversion = project_conversion(project)
    jobs = [j for a in load_articles(project) for j in plan_jobs(a, [], NAMES, conversion)]
    return [j.protected.text for j in jobs][:n]


class Spy:
    """Wraps a ctranslate2.Translator, recording every translate_batch call."""

    def __init__(self, translator):
        self.translator, self.calls = translator, []

    def translate_batch(self, tokens, **kwargs):
        self.calls.append((tokens, kwargs))
        return self.translator.translate_batch(tokens, **kwargs)


def stored(project: Project, slug: str = "demo") -> dict[str, object]:
    return {e.source: e for e in read_tm(tm_path(project.tm_dir, slug))}


# ---------------------------------------------------------------- the stand-in itself

def test_standin_stops_at_eos_after_as_many_pieces_as_its_input(argos_model):
    engine = ArgosEngine(argos_model)
    tokens = engine.encode(seed_sentences())
    results = engine.translator.translate_batch(tokens, beam_size=4, max_decoding_length=400,
                                                return_end_token=True)
    for source, result in zip(tokens, results):
        hypothesis = result.hypotheses[0]
        assert hypothesis[-1] == "</s>" and len(hypothesis) == len(source) + 1
    assert len({len(t) for t in tokens}) > 20  # lengths really differ, and the output follows


def test_standin_copies_names_numbers_and_placeholders(argos_model):
    engine = ArgosEngine(argos_model)
    out = engine.translate(["XQ1 的股价下跌了17%，OpenAI 投资5000亿美元。"])[0]
    assert "XQ1" in out and "17%" in out and "5000" in out and "OpenAI" in out
    assert not re.search(r"[\u4e00-\u9fff]", out)  # Chinese words come out as English words


# ---------------------------------------------------------------- batching and caps

def test_token_batches_sorted_by_length_with_a_cap_per_batch(tmp_path, argos_model):
    settings = MTSettings(batch_tokens=96, batch_size=64)
    engine = ArgosEngine(argos_model, settings=settings)
    spy = engine.translator = Spy(engine.translator)
    article = load_articles(load_project(ROOT))[1]
    report = translate_project(Project(root=tmp_path), engine, articles=[article], glossary=NAMES,
                               settings=settings)
    assert report.translated == len({s.hash for s in article.segments()})
    assert len(spy.calls) == report.batches > 3
    previous = 0
    for tokens, kwargs in spy.calls:
        longest = max(len(t) for t in tokens)
        assert len(tokens) * longest <= 96 or len(tokens) == 1  # padded tokens within budget
        assert (kwargs["batch_type"], kwargs["max_batch_size"]) == ("tokens", 96)
        assert kwargs["max_decoding_length"] == settings.decoding_cap(longest) < 512
        assert kwargs["max_input_length"] == settings.max_input_tokens
        assert min(len(t) for t in tokens) >= previous  # sorted by length across batches
        previous = longest
    assert not report.flagged  # every draft stopped by itself, under its batch's cap


def test_a_draft_cut_by_the_cap_is_flagged_never_stored_clean(tmp_path, argos_model):
    project = Project(root=tmp_path)
    article = load_articles(load_project(ROOT))[1]
    tight = MTSettings(decoding_ratio=0.5, decoding_extra=0, batch_size=1)  # cap: half of each input
    report = translate_project(project, ArgosEngine(argos_model, settings=tight), articles=[article],
                               glossary=NAMES, settings=tight)
    entries = read_tm(tm_path(project.tm_dir, article.slug))
    assert entries and report.flagged["truncated"] == len(entries)
    assert all("truncated" in e.flags for e in entries)
    status = article_status(article, entries, NAMES)
    assert len(status.flags["truncated"]) == len(article.segments())
    assert "stopped at its decoding cap" in " ".join(status.messages[article.segments()[1].id])

    again = Project(root=tmp_path / "roomy")
    translate_project(again, ArgosEngine(argos_model), articles=[article], glossary=NAMES)
    assert not any(e.flags for e in read_tm(tm_path(again.tm_dir, article.slug)))


# ---------------------------------------------------------------- long segments

def long_segment(chars: int, punctuation: bool = True) -> str:
    body = "".join(s.hans for a in load_articles(load_project(ROOT)) for s in a.segments())
    body = re.sub(r"[。！？!?.]", "，" if punctuation else "", body)  # one sentence, many clauses
    if not punctuation:
        body = re.sub(r"[，；：,;:、“”（）《》\s]", "", body)
    return body[:chars - 1] + "。"


@pytest.mark.parametrize("punctuation", [True, False])
def test_a_2000_character_segment_is_translated_in_clauses_and_recorded_so(tmp_path, argos_model,
                                                                           punctuation):
    text = long_segment(2000, punctuation)
    article = article_from_text(f"长文\n\n{text}\n", slug="long")
    segment = article.segments()[1]
    assert len(segment.source) == 2000
    engine = ArgosEngine(argos_model)
    spy = engine.translator = Spy(engine.translator)
    project = Project(root=tmp_path)
    translate_project(project, engine, articles=[article], glossary=NAMES)
    entry = stored(project, "long")[segment.source]
    assert entry.flags == ("split-clauses",)  # recorded, and not truncated
    inputs = [t for tokens, _ in spy.calls for t in tokens]
    assert all(len(t) <= MTSettings.max_input_tokens for t in inputs)
    assert sum(len(t) for t in inputs) >= len(engine.sp.encode(segment.source)) - len(inputs)
    assert len(entry.en) > 1000 and not placeholder_left(entry.en)


def test_split_clauses_cuts_after_clause_punctuation_and_never_inside_a_word():
    text = "第一部分说明情况，第二部分：分析XQ12的影响；第三部分结束。"
    parts = split_clauses(text, len, 12)
    assert "".join(parts) == text and all(len(p) <= 12 for p in parts)
    assert parts[0] == "第一部分说明情况，" and any(p.endswith("；") for p in parts)
    run = "甲" * 10 + "XQ12" + "乙" * 10
    halves = split_clauses(run, len, 12)
    assert "".join(halves) == run and any("XQ12" in p for p in halves)
    assert split_clauses("短句。", len, 12) == ["短句。"]


# ---------------------------------------------------------------- placeholders

def test_faithful_placeholders_come_back_as_approved_names(tmp_path, argos_model):
    engine = ArgosEngine(argos_model)
    spy = engine.translator = Spy(engine.translator)
    project = Project(root=tmp_path)
    translate_project(project, engine, articles=[article_from_text(TEXT)], glossary=NAMES)
    sent = "".join(p for tokens, _ in spy.calls for t in tokens for p in t)
    assert "英伟达" not in sent and all(f"XQ{n}" in sent for n in range(1, 6))
    entry = stored(project)[FIVE]
    assert all(name in entry.en for name in ("Nvidia", "DeepSeek", "Stargate", "Microsoft", "Alibaba"))
    assert entry.flags == () and not placeholder_left(entry.en)


def test_mangled_placeholders_are_restored(tmp_path, standin_variant):
    engine = ArgosEngine(standin_variant("mangle"))
    raw = engine.translate([plan_jobs(article_from_text(TEXT), [], NAMES, Conversion())[1].protected.text])[0]
    for form in ("XQ 1", "xq2", "XQ-3", "XQ４", "XQ5s"):  # the model really mangles them
        assert form in raw
    project = Project(root=tmp_path)
    translate_project(project, engine, articles=[article_from_text(TEXT)], glossary=NAMES)
    entry = stored(project)[FIVE]
    for name in ("Nvidia", "DeepSeek", "Stargate", "Microsoft", "Alibaba's"):
        assert name in entry.en
    assert entry.flags == () and not placeholder_left(entry.en)


@pytest.mark.parametrize("variant", ["drop", "duplicate", "invent"])
def test_damaged_placeholders_are_retranslated_without_protection_and_flagged(
        tmp_path, standin_variant, variant):
    engine = ArgosEngine(standin_variant(variant))
    article = article_from_text(TEXT)
    project = Project(root=tmp_path)
    translate_project(project, engine, articles=[article], glossary=NAMES)
    entry = stored(project)[FIVE]
    assert entry.flags == ("placeholder",)
    assert entry.en == engine.translate([FIVE])[0]  # the unprotected sentence, not damaged text
    assert not placeholder_left(entry.en) and "Nvidia Nvidia" not in entry.en
    status = article_status(article, read_tm(tm_path(project.tm_dir, "demo")), NAMES)
    assert status.flags["placeholder"] == [article.segments()[1].id]


@pytest.mark.parametrize("variant, damage", [
    ("drop", lambda en: "Nvidia" not in en),  # lost silently
    ("duplicate", lambda en: "Nvidia Nvidia" in en),
    ("invent", lambda en: placeholder_left(en)),
])
def test_without_the_check_the_damage_would_be_stored(tmp_path, standin_variant, monkeypatch,
                                                      variant, damage):
    """The control for the test above: the stand-in's damage is real, so only the check stops it."""
    monkeypatch.setattr(machine, "placeholder_problems", lambda en, protected: [])
    project = Project(root=tmp_path)
    translate_project(project, ArgosEngine(standin_variant(variant)), articles=[article_from_text(TEXT)],
                      glossary=NAMES)
    entry = stored(project)[FIVE]
    assert entry.flags == () and damage(entry.en)


# ---------------------------------------------------------------- device, threads, settings

def test_device_and_compute_type_follow_what_ctranslate2_offers(monkeypatch):
    import ctranslate2

    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 0)
    assert choose_device("auto") == "cpu"
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 1)
    assert choose_device("auto") == "cuda" and choose_device("cpu") == "cpu"
    cpu = ctranslate2.get_supported_compute_types("cpu")
    assert choose_compute_type("cpu", "auto") == ("int8" if "int8" in cpu else "default")
    assert choose_compute_type("cpu", "float32") == "float32"


def test_engine_runs_with_the_chosen_threads_and_type(argos_model, monkeypatch):
    import ctranslate2

    made = []
    real = ctranslate2.Translator
    monkeypatch.setattr(ctranslate2, "Translator",
                        lambda *args, **kwargs: made.append(kwargs) or real(*args, **kwargs))
    engine = ArgosEngine(argos_model, settings=MTSettings(intra_threads=1, inter_threads=2))
    assert made[-1]["intra_threads"] == 1 and made[-1]["inter_threads"] == 2
    assert engine.device == "cpu" and engine.translator.compute_type.startswith(engine.compute_type)
    assert ArgosEngine(argos_model, compute_type="float32").translator.compute_type == "float32"


def test_settings_from_briefing_yml_and_every_problem_reported(tmp_path):
    (tmp_path / "briefing.yml").write_text("mt:\n  beam_size: 2\n  batch_tokens: 512\n  device: cpu\n"
                                           "  decoding_ratio: 1.5\n", encoding="utf-8")
    mt = load_project(tmp_path).mt
    assert (mt.beam_size, mt.batch_tokens, mt.device, mt.decoding_ratio) == (2, 512, "cpu", 1.5)
    (tmp_path / "briefing.yml").write_text("mt:\n  beam_size: 0\n  device: gpu\n  speed: 3\n",
                                           encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_project(tmp_path)
    text = str(info.value)
    assert "briefing.yml" in text and "mt.beam_size" in text and "mt.device" in text and "mt.speed" in text


def test_cli_device_cuda_without_a_gpu_is_a_clear_error(tmp_path, argos_model):
    root = make_project(tmp_path / "proj", sample=("seeds", "translations", "curation"))
    (root / "seeds" / "009_new.txt").write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["translate", "-p", str(root), "--device", "cuda"])
    assert result.exit_code == 1 and "cannot load the model on cuda" in result.output
    assert "--device cpu" in result.output and "Traceback" not in result.output


# ---------------------------------------------------------------- evaluation

def test_mt_eval_scores_every_article_against_the_editors_and_leaves_the_memory(tmp_path, argos_model):
    root = make_project(tmp_path / "proj", sample=("seeds", "translations", "curation"))
    before = {p.name: p.read_bytes() for p in (root / "translations").glob("*.yml")}
    runner = CliRunner()
    result = runner.invoke(main, ["mt", "eval", "-p", str(root), "--threads", "1"])
    assert result.exit_code == 0, result.output
    for slug in (p.stem for p in (ROOT / "translations").glob("*.yml")):
        assert re.search(rf"^  {slug}\s+\d+\s+\d+\.\d\s+\d+\.\d\s+\d+\.\d\s+\d+\.\d%$", result.output, re.M)
    assert re.search(r"^translate-zh_en 0.1 via argos\s+\d+\s+\d+\.\d\s+\d+\.\d\s+\d+\.\d\s+\d+\.\d%\s+\d+\.\d{3}$",
                     result.output, re.M)
    assert {p.name: p.read_bytes() for p in (root / "translations").glob("*.yml")} == before

    data = json.loads(runner.invoke(main, ["mt", "eval", "-p", str(root), "--json",
                                           "--article", "openai-proposal"]).stdout)
    human = [e for e in read_tm(root / "translations" / "openai-proposal.yml") if e.status.is_human]
    [scored] = data["engines"]
    assert [a["name"] for a in scored["articles"]] == ["openai-proposal"]
    assert scored["total"]["segments"] == len({e.hash for e in human})
    assert 0 < scored["total"]["chrf"] < 100 and scored["total"]["bleu"] >= 0
    assert scored["total"]["ter"] > 0 and scored["per_segment_s"] > 0


# ---------------------------------------------------------------- post-edit distance

def test_status_shows_how_much_editors_changed_the_drafts(tmp_path):
    root = make_project(tmp_path / "proj", sample=("seeds", "translations", "curation"))
    for p in (root / "translations").glob("*.yml"):
        p.unlink()
    shutil.rmtree(root / "seeds")
    (root / "seeds").mkdir()
    (root / "seeds" / "000_demo.txt").write_text(TEXT, encoding="utf-8")
    (root / "seeds" / "000_demo.yml").write_text("slug: demo\n", encoding="utf-8")
    project = load_project(root)
    translate_project(project, FakeEngine())
    runner = CliRunner()
    sheet = tmp_path / "sheet.yml"
    assert runner.invoke(main, ["tm", "export", "demo", "-p", str(root), "-o", str(sheet)]).exit_code == 0
    text = sheet.read_text(encoding="utf-8").replace("status: editor", "status: reviewed")
    drafts = [e.en for e in read_tm(tm_path(project.tm_dir, "demo"))]
    text = text.replace(f"en: {drafts[-1]}", "en: Nvidia, DeepSeek, Stargate, Microsoft and Alibaba are listed.")
    sheet.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["tm", "import", str(sheet), "-p", str(root)])
    assert result.exit_code == 0, result.output

    entries = read_tm(tm_path(project.tm_dir, "demo"))
    statuses = {(e.status, e.engine) for e in entries}
    assert (Status.MACHINE, "fake") in statuses and (Status.EDITED, "editor") in statuses  # draft kept
    st = json.loads(runner.invoke(main, ["status", "-p", str(root), "--json"]).stdout)["articles"][0]
    assert st["post_edited"] == 2 and 0 < st["post_edit"] < 100  # title reviewed as is, one edited
    table = runner.invoke(main, ["status", "-p", str(root), "-q"]).output
    assert "post-edit" in table and f"{st['post_edit']:.1f}%" in table


def test_a_model_that_never_stops_gets_every_draft_flagged(tmp_path):
    """The random-weight model (never emits EOS) is enough here: nothing it writes is clean."""
    from briefing.translation.models import ModelInfo

    from briefing.testing.standin_model import build_package

    root = build_package(tmp_path / "random", random_weights=True, d_model=32, heads=2)
    engine = ArgosEngine(ModelInfo(root.name, "0.1", root), beam_size=1)
    project = Project(root=tmp_path)
    article = article_from_text(TEXT)
    report = translate_project(project, engine, articles=[article], glossary=NAMES)
    entries = read_tm(tm_path(project.tm_dir, "demo"))
    assert len(entries) == len(article.segments()) == report.flagged["truncated"]
    assert all("truncated" in e.flags for e in entries)


def test_edit_rate_from_counts_is_sacrebleus_corpus_ter():
    """`mt eval` counts each pair's TER once and sums the counts per article and for the total:
    the same number as sacrebleu's corpus TER of those pairs, empty drafts and references too."""
    from sacrebleu.metrics.ter import TER

    from briefing.translation.status import edit_rate, post_edit_distance, ter_counts

    pairs = [("The US curbs chip exports to China.", "The US restricts chip exports to China."),
             ("exports chip the curbs", "The US restricts chip exports."),
             ("", "An editor's sentence the draft lost."),
             ("A draft with no reference words.", ""),
             ("Same words.", "Same words.")]
    for some in (pairs, pairs[:2], pairs[2:], pairs[3:4]):
        corpus = round(TER().corpus_score([d for d, _ in some], [[r for _, r in some]]).score, 1)
        assert edit_rate(ter_counts(some)) == post_edit_distance(some) == corpus, some
    assert edit_rate(ter_counts(pairs[:2]) + ter_counts(pairs[2:])) == post_edit_distance(pairs)
    assert edit_rate([]) is None and post_edit_distance([]) is None
