"""The OpenAI-compatible endpoint engine against a real local HTTP server
(briefing/testing/chat_server.py, 127.0.0.1, port 0) that answers from a deterministic rule and
injects faults on request. No part of the client is mocked: every request goes through the
standard library's HTTP client."""

from __future__ import annotations

import json
import re
import socket
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.config import EndpointSettings, Project, load_project
from briefing.model import Status
from briefing.sources.articles import load_articles
from briefing.translation.engines import Choice, make_engine
from briefing.translation.engines.base import EngineError
from briefing.translation.engines.endpoint import EndpointEngine, retry_after
from briefing.translation.glossary import Glossary, GlossaryEntry, load_glossary
from briefing.translation.machine import translate_project
from briefing.translation.memory import entry_for, read_tm, tm_path, write_tm

from briefing.testing.chat_server import RANDOM_FAULTS, ChatServer, expected_english, tag
from support import article_from_text, make_project

KEY = "sk-test-0123456789abcdef"
TEXT = ("深度求索发布新模型\n\n"
        "深度求索发布了新的开源模型。英伟达的股价随即下跌了17%。\n\n"
        "美国计划投资5000亿美元。这个计划名为星际之门。分析人士认为影响深远。\n\n"
        "训练成本仅为600万美元。\n")
GLOSSARY = Glossary((GlossaryEntry(en="DeepSeek", hans=("深度求索",)),
                     GlossaryEntry(en="Nvidia", hans=("英伟达",), hant=("輝達",)),
                     GlossaryEntry(en="Stargate", hans=("星际之门",))))


def engine_for(server: ChatServer, key: str = KEY, **settings) -> EndpointEngine:
    options = dict(base_url=server.base_url, model="test-model", backoff=0.01, timeout=5.0,
                   batch_size=3, concurrency=2)
    options.update(settings)
    return EndpointEngine(EndpointSettings(**options), key=key, key_env="TEST_KEY")


def names_of(source: str, glossary: Glossary = GLOSSARY) -> list[tuple[str, str]]:
    return [(next(f for f in e.match_forms if f in source), e.en) for e in glossary.present(source)]


def assert_aligned(entries, glossary: Glossary = GLOSSARY) -> None:
    """Every stored draft is the rule's English of its own source: none is misaligned."""
    for e in entries:
        assert e.en == expected_english(e.source, names_of(e.source, glossary)), (e.source, e.en)


@pytest.fixture
def server():
    with ChatServer(key=KEY) as s:
        yield s


@pytest.fixture
def project(tmp_path):
    return Project(root=tmp_path)


# ---------------------------------------------------------------- the happy path

def test_drafts_are_matched_by_id_with_names_sent_and_provenance_stored(server, project):
    article = article_from_text(TEXT)
    engine = engine_for(server)
    report = translate_project(project, engine, articles=[article], glossary=GLOSSARY, today="2025-03-01")
    entries = read_tm(tm_path(project.tm_dir, "demo"))
    assert report.translated == len(article.segments()) == len(entries)
    assert {(e.status, e.engine, e.model, e.date) for e in entries} == \
        {(Status.MACHINE, "endpoint", "test-model", "2025-03-01")}
    assert report.engine == "test-model via endpoint"
    assert_aligned(entries)
    by_source = {e.source: e.en for e in entries}
    assert "DeepSeek" in by_source["深度求索发布了新的开源模型。"]  # the name list reached the model
    # the names in each request are those of its sentences, with their approved English
    first = json.loads(server.requests[0]["messages"][-1]["content"])
    assert [s["id"] for s in first["sentences"]] == [1, 2, 3]
    sent = {n["zh"]: n["en"] for r in server.requests
            for n in json.loads(r["messages"][-1]["content"]).get("names", [])}
    assert sent == {"深度求索": "DeepSeek", "英伟达": "Nvidia", "星际之门": "Stargate"}
    # sentences go in reading order, not sorted by length (a chat model reads its neighbours)
    reading = [s.source for s in article.segments()]
    batches = sorted(([s["zh"] for s in json.loads(r["messages"][-1]["content"])["sentences"]]
                      for r in server.requests), key=lambda b: reading.index(b[0]))
    assert [zh for b in batches for zh in b] == reading  # each request a run of neighbours
    assert all(h.get("Authorization") == f"Bearer {KEY}" for h in server.headers)
    assert report.usage is not None and report.usage.requests == len(server.requests) >= 3
    assert report.usage.prompt_tokens > 0 and report.usage.completion_tokens > 0
    assert KEY not in tm_path(project.tm_dir, "demo").read_text(encoding="utf-8")


def test_a_traditional_article_is_sent_as_written_with_its_names(server, project):
    article = article_from_text("輝達股價下跌\n\n輝達的股價下跌了。\n")
    translate_project(project, engine_for(server), articles=[article], glossary=GLOSSARY)
    sent = json.loads(server.requests[0]["messages"][-1]["content"])
    assert [s["zh"] for s in sent["sentences"]] == ["輝達股價下跌", "輝達的股價下跌了。"]
    assert sent["names"] == [{"zh": "輝達", "en": "Nvidia"}]
    assert all("Nvidia" in e.en for e in read_tm(tm_path(project.tm_dir, "demo")))


@pytest.mark.parametrize("fault, split", [
    ("drop", True), ("extra", True), ("duplicate", True), ("renumber", True), ("prose", True),
    ("length", True), ("reverse", False), ("fenced", False)])
def test_an_answer_that_does_not_match_is_sent_again_smaller_never_stored(server, project, fault, split):
    server.fail(fault)
    engine = engine_for(server, concurrency=1)
    translate_project(project, engine, articles=[article_from_text(TEXT)], glossary=GLOSSARY)
    entries = read_tm(tm_path(project.tm_dir, "demo"))
    assert len(entries) == len(article_from_text(TEXT).segments())
    assert_aligned(entries)
    assert (engine.usage.split > 0) is split  # reversed or fenced answers are matched by id as they are
    if split:  # the batch of three went again as two and one
        sizes = [len(json.loads(r["messages"][-1]["content"])["sentences"]) for r in server.requests]
        assert sizes[:3] == [3, 2, 1]


def test_zero_misaligned_drafts_under_random_faults_with_concurrency(tmp_path):
    root = make_project(tmp_path / "proj", sample=("seeds", "curation"))
    project = load_project(root)
    articles = load_articles(project)[:3]
    glossary = load_glossary(project.glossary_file, project.script_conversion)
    total = len({(a.slug, s.hash) for a in articles for s in a.segments()})
    with ChatServer(key=KEY, fault_rate=0.35, seed=7) as server:
        server.fail(*RANDOM_FAULTS)  # each kind at least once, then 35 % of requests at random
        engine = engine_for(server, batch_size=8, concurrency=3, retries=8)
        report = translate_project(project, engine, articles=articles, glossary=glossary)
        faults = set(server.faults_done)
    assert report.translated == total > 100 and report.failed == 0
    assert faults == set(RANDOM_FAULTS) and len(server.faults_done) > 2 * len(RANDOM_FAULTS)
    stored = [e for a in articles for e in read_tm(tm_path(project.tm_dir, a.slug))]
    assert len(stored) == total
    assert_aligned(stored, glossary)  # 0 misaligned


def test_concurrency_is_bounded_and_used(project):
    article = article_from_text(TEXT * 1)
    # the first requests wait until two are in flight at once (at most 3 s, under the client's 5 s
    # timeout, so no retry overlaps): a client that sends one at a time gets 1 here, whatever the load
    with ChatServer(latency=0.2, together=2, together_within=3.0) as server:
        engine = engine_for(server, key="", batch_size=1, concurrency=3)
        translate_project(project, engine, articles=[article], glossary=GLOSSARY)
        assert 1 < server.max_in_flight <= 3
        assert all("Authorization" not in h for h in server.headers)  # no key: none sent


# ---------------------------------------------------------------- retries and waits

def test_429_waits_as_retry_after_says_then_succeeds(project):
    with ChatServer(retry_after="1") as server:
        server.fail("429")
        engine = engine_for(server, backoff=30.0, concurrency=1)
        started = time.monotonic()
        translate_project(project, engine, articles=[article_from_text(TEXT)], glossary=GLOSSARY)
        waited = time.monotonic() - started
    assert 1.0 <= waited < 20.0  # the server's 1 s, not the 30 s back-off
    assert engine.usage.retries == 1
    assert retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, now=1445412470.0) == 10.0


def test_500_and_a_closed_connection_and_a_late_answer_are_retried(server, project):
    server.fail("500", "close", "late")
    server.late_seconds = 2.0
    engine = engine_for(server, timeout=0.5, concurrency=1)
    translate_project(project, engine, articles=[article_from_text(TEXT)], glossary=GLOSSARY)
    entries = read_tm(tm_path(project.tm_dir, "demo"))
    assert len(entries) == len(article_from_text(TEXT).segments()) and engine.usage.retries == 3
    assert_aligned(entries)


# ---------------------------------------------------------------- bad input: one line, memory intact

def one_line_error(result, *needles: str) -> str:
    assert result.exit_code == 5, result.output
    assert "Traceback" not in result.output
    lines = [ln for ln in result.stderr.strip().splitlines() if ln != "translating"]  # the progress label
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def cli_project(tmp_path: Path, base_url: str, **endpoint) -> Path:
    root = make_project(tmp_path / "proj", seeds={"000_demo.txt": TEXT, "000_demo.yml": "slug: demo\n"}, files={
        "curation/glossary.yml": "entries:\n  - en: DeepSeek\n    zh-Hans: 深度求索\n  - en: Nvidia\n    zh-Hans: 英伟达\n"
                                 "    zh-Hant: 輝達\n  - en: Stargate\n    zh-Hans: 星际之门\n"})
    settings = {"base_url": base_url, "model": "test-model", "api_key_env": "TEST_KEY",
                "backoff": "0.01", "timeout": "1", "retries": "2", "batch_size": "2", "concurrency": "1"}
    settings.update(endpoint)
    (root / "briefing.yml").write_text("mt:\n  engine: endpoint\n  endpoint:\n" + "".join(
        f"    {k}: {v}\n" for k, v in settings.items()), encoding="utf-8")
    return root


def translate(root: Path, *args: str, key: str | None = KEY):
    env = {"TEST_KEY": key} if key is not None else {}
    return CliRunner(env=env).invoke(main, ["translate", "-p", str(root), *args])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_endpoint(tmp_path):
    url = f"http://127.0.0.1:{free_port()}/v1"
    root = cli_project(tmp_path, url)
    one_line_error(translate(root), f"cannot reach endpoint {url}", "start the server")
    assert not list((root / "translations").glob("*.yml"))


def test_wrong_key_names_the_variable_and_never_shows_the_key(tmp_path):
    with ChatServer(key=KEY) as server:  # the server echoes the key it got in its 401 message
        root = cli_project(tmp_path, server.base_url)
        wrong = "sk-wrong-key-do-not-print"
        line = one_line_error(translate(root, key=wrong), f"endpoint {server.base_url} refused",
                              "HTTP 401", "set TEST_KEY")
        assert wrong not in line and "***" in line
        line = one_line_error(translate(root, key=None), "no key (TEST_KEY is not set)")


def test_failures_mid_run_keep_the_finished_batches_and_the_next_run_resumes(tmp_path):
    with ChatServer(key=KEY) as server:
        root = cli_project(tmp_path, server.base_url)
        server.fail("reverse", "500", "500", "500")  # batch 1 done, batch 2 fails three times
        one_line_error(translate(root), f"endpoint {server.base_url}: HTTP 500", "(3 tries)",
                       "run again to resume")
        memory = root / "translations" / "demo.yml"
        kept = read_tm(memory)
        assert len(kept) == 2  # the first batch, saved; nothing half written
        assert_aligned(kept)
        before = len(server.requests)
        result = translate(root)
        assert result.exit_code == 0, result.output
        assert "test-model via endpoint" in result.output and "tokens:" in result.output
        resumed = [s["zh"] for r in server.requests[before:]
                   for s in json.loads(r["messages"][-1]["content"])["sentences"]]
        assert not set(resumed) & {e.source for e in kept}  # only the rest was sent
        assert_aligned(read_tm(memory))


def test_a_timeout_on_every_try_and_a_body_that_is_not_json(tmp_path):
    with ChatServer(key=KEY, late_seconds=3.0) as server:
        root = cli_project(tmp_path, server.base_url, timeout="0.3")
        server.fail("late", "late", "late")
        one_line_error(translate(root), "no answer within 0.3 s (3 tries)", "mt.endpoint.timeout")
        server.fail("not-json", "not-json", "not-json")
        one_line_error(translate(root), "not a chat completion", "(3 tries)")
        assert not list((root / "translations").glob("*.yml"))
        assert translate(root).exit_code == 0  # the server is fine again: the run completes


def test_a_sentence_that_never_gets_a_matching_answer_stays_pending(tmp_path):
    with ChatServer(key=KEY) as server:
        root = cli_project(tmp_path, server.base_url)
        # the first batch of two: dropped, then each half tried three times, all dropped
        server.fail("drop", "drop", "drop", "drop")
        line = one_line_error(translate(root), "test-model via endpoint: 1 of 7 segment(s) got no answer",
                              "the answer lacks id 1 (3 tries)", "run 'briefing translate' again")
        entries = read_tm(root / "translations" / "demo.yml")
        assert len(entries) == 6 and "stay pending" in line and "demo/title: the answer lacks" in line
        assert_aligned(entries)
        assert translate(root).exit_code == 0
        assert len(read_tm(root / "translations" / "demo.yml")) == 7


def test_wrong_model_or_path_and_bad_settings(tmp_path):
    with ChatServer() as server:
        root = cli_project(tmp_path, server.base_url, model="no-such-model")
        one_line_error(translate(root), "HTTP 404", "model 'no-such-model' not found", "/v1")
    with pytest.raises(EngineError, match="is not an http"):
        EndpointEngine(EndpointSettings(base_url="localhost:8080", model="m"))
    with pytest.raises(EngineError, match="no model named"):
        EndpointEngine(EndpointSettings(base_url="http://localhost:8080/v1"))
    engine = EndpointEngine(EndpointSettings(base_url="http://h:1/v1/chat/completions/", model="m"))
    assert engine.url == "http://h:1/v1/chat/completions"


def test_environment_and_command_line_choose_url_and_model(tmp_path):
    with ChatServer(models=("env-model", "cli-model")) as server:
        root = cli_project(tmp_path, "http://127.0.0.1:9/v1", model="file-model")
        mt = load_project(root).mt
        env = {"BRIEFING_MT_BASE_URL": server.base_url, "BRIEFING_MT_MODEL": "env-model", "TEST_KEY": KEY}
        engine = make_engine(None, mt, root, env)
        assert (engine.base_url, engine.model) == (server.base_url, "env-model")
        engine = make_engine(Choice("endpoint", "cli-model"), mt, root, env)
        assert engine.model == "cli-model" and engine._key == KEY
        result = CliRunner(env={**env, "TEST_KEY": KEY}).invoke(
            main, ["model", "status", "-p", str(root), "--check"])
        assert result.exit_code == 0, result.output
        assert f"env-model at {server.base_url}; key from TEST_KEY;" in result.output
        assert "reachable; serves env-model" in result.output and KEY not in result.output


# ---------------------------------------------------------------- QA on the answer

def test_qa_flags_an_answer_without_the_approved_names(server, project):
    server.fail("no-names", "no-names")
    report = translate_project(project, engine_for(server), articles=[article_from_text(TEXT)], glossary=GLOSSARY)
    assert report.qa.get("glossary-miss", 0) >= 2


def test_an_editors_text_is_never_sent_nor_overwritten(server, project):
    article = article_from_text(TEXT)
    seg = article.segments()[1]
    human = entry_for(seg, "DeepSeek released a new open-source model.", Status.EDITOR, "editor")
    write_tm(tm_path(project.tm_dir, "demo"), "demo", [human])
    translate_project(project, engine_for(server), articles=[article], glossary=GLOSSARY)
    sent = [s["zh"] for r in server.requests for s in json.loads(r["messages"][-1]["content"])["sentences"]]
    assert seg.source not in sent and len(sent) == len(article.segments()) - 1
    assert [e for e in read_tm(tm_path(project.tm_dir, "demo")) if e.id == seg.id] == [human]
    assert re.fullmatch(r"[a-z]{6}", tag(seg.source))
