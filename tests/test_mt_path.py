"""The real machine-translation path on the generated stand-in model (briefing/testing/standin_model.py):
install → translate → memory. Its English is a word-by-word gloss: tests assert structure,
provenance, caching and batching, never wording.
"""

from __future__ import annotations

import datetime as dt
import socket
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.sources.script import Conversion
from briefing.translation import models as argos_models
from briefing.cli import main
from briefing.config import Project
from briefing.errors import BriefingError, InputError, ModelMissingError
from briefing.translation.glossary import Glossary, GlossaryEntry
from briefing.model import Status
from briefing.translation.status import article_status
from briefing.translation.memory import entry_for, read_tm, resolve, tm_path, write_tm
from briefing.translation.engines.ct2 import ArgosEngine
from briefing.translation.machine import plan_batches, plan_jobs, translate_project
from support import ROOT, FakeEngine, article_from_text, make_project

TEXT = ("深度求索发布新模型\n\n"
        "深度求索发布了新的开源模型。英伟达的股价随即下跌了17%。\n\n"
        "美国计划投资5000亿美元。这个计划名为星际之门。分析人士认为影响深远。\n\n"
        "训练成本仅为600万美元。\n")
GLOSSARY = Glossary((GlossaryEntry(en="DeepSeek", hans=("深度求索",)),
                     GlossaryEntry(en="Nvidia", hans=("英伟达",), hant=("輝達",)),
                     GlossaryEntry(en="Stargate", hans=("星际之门",))))


@pytest.fixture
def project(tmp_path):
    return Project(root=tmp_path)


@pytest.fixture
def engine(argos_model):
    return ArgosEngine(argos_model, beam_size=2)


@pytest.fixture
def offline(monkeypatch):
    """Any attempt to open a network connection fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("network used")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


class Spy:
    """Wraps a ctranslate2.Translator, recording every translate_batch call."""

    def __init__(self, translator, fail_on_call: int | None = None):
        self.translator, self.calls, self.fail_on_call = translator, [], fail_on_call

    def translate_batch(self, tokens, **kwargs):
        if self.fail_on_call is not None and len(self.calls) + 1 >= self.fail_on_call:
            raise KeyboardInterrupt  # what Ctrl-C in the middle of a run looks like
        self.calls.append((tokens, kwargs))
        return self.translator.translate_batch(tokens, **kwargs)


def test_generated_package_installs_through_argostranslate(argos_model):
    assert argos_model.path.parent == Path(argos_models.packages_dir())
    assert (argos_model.path / "model" / "model.bin").is_file()
    listed = argos_models.describe_models()["models"]
    assert [m["label"] for m in listed] == ["translate-zh_en 0.1"]


def test_translate_writes_machine_drafts_with_provenance_offline(project, engine, offline):
    article = article_from_text(TEXT)
    report = translate_project(project, engine, articles=[article], glossary=GLOSSARY,
                               today="2025-03-01")
    entries = read_tm(tm_path(project.tm_dir, "demo"))
    assert report.translated == len(article.segments()) == len(entries)
    assert {e.id for e in entries} == {s.id for s in article.segments()}
    for e in entries:
        assert (e.status, e.engine, e.model, e.date) == (Status.MACHINE, "argos",
                                                         "translate-zh_en 0.1", "2025-03-01")
        assert e.en.strip()
    by_id = {s.id: s for s in article.segments()}
    assert all(e.hash == by_id[e.id].hash and e.source == by_id[e.id].source for e in entries)
    shown = resolve(article, entries)
    assert all(not t.stale for t in shown.values()) and len(shown) == len(article.segments())


def test_rerun_translates_nothing_and_needs_no_model(project, engine, monkeypatch):
    article = article_from_text(TEXT)
    translate_project(project, engine, articles=[article], glossary=GLOSSARY)
    before = tm_path(project.tm_dir, "demo").read_text(encoding="utf-8")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(project.root / "no-models"))
    report = translate_project(project, articles=[article], glossary=GLOSSARY)  # no engine needed
    assert (report.pending, report.translated, report.batches) == (0, 0, 0)
    assert tm_path(project.tm_dir, "demo").read_text(encoding="utf-8") == before


def test_one_translate_batch_call_per_batch_sorted_by_length(project, engine):
    article = article_from_text(TEXT)
    spy = engine.translator = Spy(engine.translator)
    n = len(article.segments())
    report = translate_project(project, engine, articles=[article], glossary=GLOSSARY, batch_size=3)
    assert len(spy.calls) == report.batches == -(-n // 3)  # ceil: not one call per sentence
    sizes = [len(tokens) for tokens, _ in spy.calls]
    assert sum(sizes) == n and max(sizes) == 3
    lengths = [[len(t) for t in tokens] for tokens, _ in spy.calls]
    assert all(max(a) <= min(b) for a, b in zip(lengths, lengths[1:]))  # grouped by token length
    assert all(kw["beam_size"] == 2 for _, kw in spy.calls)


def test_interrupted_run_keeps_finished_batches_and_rerun_does_the_rest(project, engine):
    article = article_from_text(TEXT)
    n = len(article.segments())
    engine.translator = Spy(engine.translator, fail_on_call=3)
    with pytest.raises(KeyboardInterrupt):
        translate_project(project, engine, articles=[article], glossary=GLOSSARY, batch_size=2)
    kept = read_tm(tm_path(project.tm_dir, "demo"))
    assert len(kept) == 4  # two finished batches of two

    spy = engine.translator = Spy(engine.translator.translator)
    report = translate_project(project, engine, articles=[article], glossary=GLOSSARY, batch_size=2)
    assert report.pending == n - 4 and sum(len(t) for t, _ in spy.calls) == n - 4
    final = read_tm(tm_path(project.tm_dir, "demo"))
    assert len(final) == n and {e.en for e in kept} <= {e.en for e in final}


def test_editor_text_is_never_sent_to_the_model_nor_overwritten(project):
    article = article_from_text(TEXT)
    seg = article.segments()[1]
    human = entry_for(seg, "DeepSeek released a new open-source model.", Status.EDITOR, "editor")
    write_tm(tm_path(project.tm_dir, "demo"), "demo", [human])
    fake = FakeEngine()
    translate_project(project, fake, articles=[article], glossary=GLOSSARY)
    sent = [s for call in fake.calls for s in call]
    assert len(sent) == len(article.segments()) - 1
    entries = read_tm(tm_path(project.tm_dir, "demo"))
    mine = [e for e in entries if e.id == seg.id]
    assert mine == [human]
    assert resolve(article, entries)[seg.id].en == human.en


def test_changed_source_gets_a_machine_draft_beside_the_kept_editor_text(project):
    old = article_from_text(TEXT)
    seg = old.segments()[2]
    human = entry_for(seg, "Nvidia shares then fell 17%.", Status.EDITOR, "editor", date="2025-01-01")
    write_tm(tm_path(project.tm_dir, "demo"), "demo", [human])
    new = article_from_text(TEXT.replace("下跌了17%", "下跌了18%"))
    assert resolve(new, [human])[seg.id].stale
    translate_project(project, FakeEngine(), articles=[new], glossary=GLOSSARY)
    entries = read_tm(tm_path(project.tm_dir, "demo"))
    assert human in entries  # the editor's English is kept, for the editor to revise
    shown = resolve(new, entries)[seg.id]
    assert shown.status is Status.MACHINE and not shown.stale and "18%" in shown.en
    assert seg.id in article_status(new, entries, GLOSSARY).stale


def test_glossary_names_are_protected_going_in_and_restored_coming_out(project):
    article = article_from_text(TEXT)
    fake = FakeEngine()
    translate_project(project, fake, articles=[article], glossary=GLOSSARY)
    sent = " ".join(s for call in fake.calls for s in call)
    assert "深度求索" not in sent and "英伟达" not in sent and "XQ1" in sent
    shown = resolve(article, read_tm(tm_path(project.tm_dir, "demo")))
    by_source = {s.source: shown[s.id].en for s in article.segments()}
    assert "DeepSeek" in by_source["深度求索发布了新的开源模型。"]
    assert "Nvidia" in by_source["英伟达的股价随即下跌了17%。"]
    assert "Stargate" in by_source["这个计划名为星际之门。"]
    assert "XQ" not in " ".join(by_source.values())


def test_real_engine_sees_placeholders_not_names(project, engine):
    spy = engine.translator = Spy(engine.translator)
    translate_project(project, engine, articles=[article_from_text(TEXT)], glossary=GLOSSARY)
    pieces = "".join(p for tokens, _ in spy.calls for t in tokens for p in t)
    assert "深度求索" not in pieces and "XQ" in pieces.replace("▁", "")


def test_traditional_source_is_translated_from_simplified(project):
    article = article_from_text("輝達股價下跌\n\n輝達的股價下跌了。\n")
    fake = FakeEngine()
    translate_project(project, fake, articles=[article], glossary=GLOSSARY)
    sent = [s for call in fake.calls for s in call]
    assert all("輝達" not in s for s in sent) and any("XQ1" in s for s in sent)


def test_no_model_says_what_is_missing_and_how_to_install(project, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(project.root / "empty"))
    with pytest.raises(ModelMissingError) as info:
        translate_project(project, articles=[article_from_text(TEXT)], glossary=GLOSSARY)
    text = str(info.value)
    assert "no Chinese→English translation model" in text
    assert "briefing model install --from FILE.argosmodel" in text
    assert "briefing build" in text and "translation memory" in text


def test_cli_translate_then_status_on_a_seed(tmp_path, argos_model, offline):
    seed = ROOT / "seeds" / "001_9ce411dfd90c9eab.txt"  # the shortest seed
    root = make_project(tmp_path / "proj", seeds={seed.name: seed.read_bytes(),
                                                  seed.with_suffix(".yml").name: seed.with_suffix(".yml").read_bytes()})
    runner = CliRunner()
    result = runner.invoke(main, ["translate", "-p", str(root), "--beam-size", "1",
                                  "--batch-size", "64"])
    assert result.exit_code == 0, result.output
    assert "translated" in result.output
    files = list((root / "translations").glob("*.yml"))
    assert len(files) == 1 and {e.status for e in read_tm(files[0])} == {Status.MACHINE}
    again = runner.invoke(main, ["translate", "-p", str(root)])
    assert again.exit_code == 0 and "nothing to translate" in again.output
    status = runner.invoke(main, ["status", "-p", str(root), "--json"])
    assert status.exit_code == 0
    import json
    total = json.loads(status.output)["total"]
    assert total["pending"] == 0 and total["by_status"]["machine"] == total["segments"]


def test_cli_translate_without_model_exits_3_with_message(tmp_path, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "empty"))
    seed = ROOT / "seeds" / "001_9ce411dfd90c9eab.txt"
    root = make_project(tmp_path / "proj", seeds={seed.name: seed.read_bytes()})
    result = CliRunner().invoke(main, ["translate", "-p", str(root)])
    assert result.exit_code == 3
    assert "briefing model install" in result.output and "Traceback" not in result.output


def test_install_from_index_offline_says_no_network(offline):
    with pytest.raises(BriefingError) as info:
        argos_models.install_from_index(timeout=2)
    assert "no network" in str(info.value) and "--from" in str(info.value)


def test_install_rejects_files_that_are_not_packages(tmp_path):
    junk = tmp_path / "x.argosmodel"
    junk.write_text("not a zip")
    with pytest.raises(InputError, match="zip"):
        argos_models.install_from_file(junk)
    flat = tmp_path / "flat.argosmodel"
    with zipfile.ZipFile(flat, "w") as z:
        z.writestr("metadata.json", "{}")
    with pytest.raises(InputError, match="metadata.json"):
        argos_models.install_from_file(flat)
    with pytest.raises(InputError, match="no such"):
        argos_models.install_from_file(tmp_path / "missing.argosmodel")


def test_plan_batches_is_pure_and_covers_every_job():
    article = article_from_text(TEXT)
    jobs = plan_jobs(article, [], GLOSSARY, Conversion())
    batches = plan_batches(jobs, 4)
    assert sorted(j.segment.id for b in batches for j in b) == sorted(s.id for s in article.segments())
    flat = [len(j.protected.text) for b in batches for j in b]
    assert flat == sorted(flat)


def test_today_is_the_default_date(project):
    before = dt.date.today().isoformat()
    translate_project(project, FakeEngine(), articles=[article_from_text(TEXT)], glossary=GLOSSARY)
    after = dt.date.today().isoformat()  # a run across midnight may use either day
    dates = {e.date for e in read_tm(tm_path(project.tm_dir, "demo"))}
    assert len(dates) == 1 and dates <= {before, after}


def test_each_finished_batch_is_on_disk_before_the_next_starts(project):
    article = article_from_text(TEXT)
    seen = []

    class Watching(FakeEngine):
        def translate(self, sentences):
            seen.append(len(read_tm(tm_path(project.tm_dir, "demo"))))
            return super().translate(sentences)

    translate_project(project, Watching(), articles=[article], glossary=GLOSSARY, batch_size=2,
                      flush_every=0)
    assert seen == [0, 2, 4, 6][:len(seen)] and len(seen) == -(-len(article.segments()) // 2)
