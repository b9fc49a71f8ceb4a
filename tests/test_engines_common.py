"""The same memory, glossary, QA and provenance behaviour for every engine: the Argos package,
CTranslate2 model folders (OPUS-MT and NLLB layouts) built from the stand-in model, and the
OpenAI-compatible endpoint on a real local server (briefing/testing/chat_server.py)."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.config import EndpointSettings, MTSettings, Project
from briefing.model import Status
from briefing.render.site_parts import segment_provenance
from briefing.translation.engines.ct2 import ArgosEngine, folder_engine
from briefing.translation.engines.endpoint import EndpointEngine
from briefing.translation.glossary import Glossary, GlossaryEntry
from briefing.translation.machine import translate_project
from briefing.translation.memory import entry_for, read_tm, resolve, tm_path, write_tm
from briefing.translation.status import article_status

from briefing.testing.chat_server import ChatServer
from briefing.testing.standin_model import build_ct2_folder
from support import article_from_text, make_project

TEXT = ("深度求索发布新模型\n\n"
        "深度求索发布了新的开源模型。英伟达的股价随即下跌了17%。\n\n"
        "美国计划投资5000亿美元。这个计划名为星际之门。分析人士认为影响深远。\n\n"
        "训练成本仅为600万美元。\n")
GLOSSARY = Glossary((GlossaryEntry(en="DeepSeek", hans=("深度求索",)),
                     GlossaryEntry(en="Nvidia", hans=("英伟达",), hant=("輝達",)),
                     GlossaryEntry(en="Stargate", hans=("星际之门",))))
ENGINES = ["argos", "ctranslate2-opus-mt", "ctranslate2-nllb", "endpoint"]


@pytest.fixture(scope="module")
def folders(argos_model, tmp_path_factory):
    work = tmp_path_factory.mktemp("common-folders")
    return {layout: build_ct2_folder(work, argos_model.path, layout) for layout in ("opus-mt", "nllb")}


@pytest.fixture(scope="module")
def server():
    with ChatServer() as s:
        yield s


@pytest.fixture(params=ENGINES)
def make(request, argos_model, folders, server):
    """A factory of fresh engines of one kind, and the provenance each stores."""
    kind = request.param
    settings = MTSettings(beam_size=1)
    if kind == "argos":
        return lambda: ArgosEngine(argos_model, settings=settings)
    if kind.startswith("ctranslate2-"):
        return lambda: folder_engine(folders[kind.split("-", 1)[1]], settings)
    return lambda: EndpointEngine(EndpointSettings(base_url=server.base_url, model="test-model",
                                                   batch_size=3, concurrency=2, backoff=0.01))


def provenance(engine) -> tuple[str, str]:
    return engine.engine, engine.model


def test_drafts_carry_engine_and_model_per_segment_and_readers_see_them(tmp_path, make):
    project, article, engine = Project(root=tmp_path), article_from_text(TEXT), make()
    report = translate_project(project, engine, articles=[article], glossary=GLOSSARY, today="2025-03-01")
    entries = read_tm(tm_path(project.tm_dir, "demo"))
    assert report.translated == len(article.segments()) == len(entries)
    assert {(e.status, e.engine, e.model, e.date) for e in entries} == \
        {(Status.MACHINE, *provenance(engine), "2025-03-01")}
    assert report.engine == f"{engine.model} via {engine.engine}"
    shown = resolve(article, entries)
    assert len(shown) == len(article.segments()) and not any(t.stale for t in shown.values())
    for tr in shown.values():  # what a reader sees on hover
        assert segment_provenance(tr) == (f"Machine draft, not reviewed ({engine.engine}, {engine.model}), "
                                          "2025-03-01")
    st = article_status(article, entries, GLOSSARY)
    assert st.by_status["machine"] == len(article.segments()) and not st.pending


def test_glossary_names_reach_the_english_and_qa_finds_none_missing(tmp_path, make):
    project, article = Project(root=tmp_path), article_from_text(TEXT)
    report = translate_project(project, make(), articles=[article], glossary=GLOSSARY)
    by_source = {e.source: e.en for e in read_tm(tm_path(project.tm_dir, "demo"))}
    assert "DeepSeek" in by_source["深度求索发布了新的开源模型。"]
    assert "Nvidia" in by_source["英伟达的股价随即下跌了17%。"]
    assert "Stargate" in by_source["这个计划名为星际之门。"]
    assert not any("XQ" in en for en in by_source.values())
    st = article_status(article, read_tm(tm_path(project.tm_dir, "demo")), GLOSSARY)
    assert "glossary-miss" not in st.flags and "glossary-miss" not in report.qa


def test_rerun_does_nothing_and_needs_no_engine(tmp_path, make):
    project, article = Project(root=tmp_path), article_from_text(TEXT)
    translate_project(project, make(), articles=[article], glossary=GLOSSARY)
    before = tm_path(project.tm_dir, "demo").read_bytes()

    def no_engine():
        raise AssertionError("an engine was made for a complete memory")
    report = translate_project(project, articles=[article], glossary=GLOSSARY, make_engine=no_engine)
    assert (report.pending, report.translated) == (0, 0)
    assert tm_path(project.tm_dir, "demo").read_bytes() == before


def test_editor_text_is_kept_and_a_changed_source_gets_a_draft_beside_it(tmp_path, make):
    project, old = Project(root=tmp_path), article_from_text(TEXT)
    editor_seg, changed_seg = old.segments()[1], old.segments()[2]
    editor = entry_for(editor_seg, "DeepSeek released a new open-source model.", Status.EDITOR, "editor")
    stale = entry_for(changed_seg, "Nvidia shares then fell 17%.", Status.EDITOR, "editor", date="2025-01-01")
    write_tm(tm_path(project.tm_dir, "demo"), "demo", [editor, stale])
    new = article_from_text(TEXT.replace("下跌了17%", "下跌了18%"))
    engine = make()
    translate_project(project, engine, articles=[new], glossary=GLOSSARY)
    entries = read_tm(tm_path(project.tm_dir, "demo"))
    assert editor in entries and stale in entries  # both kept, for the editor
    shown = resolve(new, entries)
    assert shown[editor_seg.id].en == editor.en and shown[editor_seg.id].status is Status.EDITOR
    assert shown[changed_seg.id].status is Status.MACHINE and "18" in shown[changed_seg.id].en
    assert len([e for e in entries if e.status is Status.MACHINE]) == len(new.segments()) - 1


def test_an_interrupted_run_keeps_finished_batches_and_the_rerun_does_the_rest(tmp_path, make):
    project, article = Project(root=tmp_path), article_from_text(TEXT)
    engine, calls = make(), []
    name = "translate_sources"  # every run's call into an engine (base.run_engine)
    real = getattr(engine, name)

    def interrupting(items):
        if len(calls) == 2:
            raise KeyboardInterrupt  # what Ctrl-C in the middle of a run looks like
        calls.append(list(items))
        return real(items)
    setattr(engine, name, interrupting)
    settings = MTSettings(beam_size=1, batch_size=2)
    with pytest.raises(KeyboardInterrupt):
        translate_project(project, engine, articles=[article], glossary=GLOSSARY, settings=settings,
                          batch_size=2)
    kept = read_tm(tm_path(project.tm_dir, "demo"))
    assert len(kept) == 4  # two finished batches of two
    setattr(engine, name, real)
    again = make()
    report = translate_project(project, again, articles=[article], glossary=GLOSSARY, settings=settings)
    assert report.pending == len(article.segments()) - 4
    final = read_tm(tm_path(project.tm_dir, "demo"))
    assert len(final) == len(article.segments()) and set(kept) <= set(final)


# ---------------------------------------------------------------- mt eval: engines side by side

def test_mt_eval_prints_one_table_for_two_engines_in_one_run(tmp_path, argos_model):
    root = make_project(tmp_path / "proj", sample=("seeds", "translations", "curation"))
    before = {p.name: p.read_bytes() for p in (root / "translations").glob("*.yml")}
    with ChatServer(models=("qwen-test",)) as server:
        env = {"BRIEFING_MT_BASE_URL": server.base_url}
        result = CliRunner(env=env).invoke(main, ["mt", "eval", "-p", str(root), "--threads", "1",
                                                  "--engine", "argos", "--engine", "endpoint:qwen-test",
                                                  "--total-only"])
        assert result.exit_code == 0, result.output
        data = json.loads(CliRunner(env=env).invoke(
            main, ["mt", "eval", "-p", str(root), "--json", "--article", "openai-proposal",
                   "--engine", "endpoint:qwen-test", "--engine", "argos"]).stdout)
    row = r"\s+(\d+)\s+\d+\.\d\s+\d+\.\d\s+\d+\.\d\s+\d+\.\d%\s+\d+\.\d{3}$"
    table = result.stdout.splitlines()
    assert table[0].split() == ["engine", "/", "article", "segments", "chrF", "BLEU", "TER", "flagged",
                                "s/segment"]
    argos = re.search(r"^translate-zh_en 0\.1 via argos" + row, result.stdout, re.M)
    endpoint = re.search(r"^qwen-test via endpoint" + row, result.stdout, re.M)
    assert argos and endpoint and argos.group(1) == endpoint.group(1) != "0"  # same segments
    assert [e["engine"] for e in data["engines"]] == ["qwen-test via endpoint", "translate-zh_en 0.1 via argos"]
    assert all(e["total"]["ter"] is not None and e["per_segment_s"] > 0 for e in data["engines"])
    assert data["engines"][0]["usage"]["requests"] > 0
    assert {p.name: p.read_bytes() for p in (root / "translations").glob("*.yml")} == before
