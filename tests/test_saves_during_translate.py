"""Editors save while `briefing translate` runs: a real run (the `briefing` command, in its own
process) on the endpoint engine against the real local chat server, which holds its answers
while the test saves through `memory.save_segment` and through a real review server. Every save
lands at once, during the run; every draft the run makes lands too, beside the editors' text,
never over it; a second run is refused; Ctrl-C keeps both sides' work.

The server decides where the run stands (`pause_after`): the test waits on conditions (a request
held, the memory file holding a draft), never on fixed sleeps."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from click.testing import CliRunner

from briefing.cli import main
from briefing.config import load_project
from briefing.model import Article, Segment, Status
from briefing.review.server import ReviewServer
from briefing.review.session import ReviewSession
from briefing.sources.articles import load_articles
from briefing.testing.chat_server import ChatServer, expected_english
from briefing.translation.memory import (Entry, entry_for, now_stamp, read_tm, resolve, save_segment,
                                         segment_version, tm_path)

from support import make_project

KEY = "sk-test-saves-during-translate"
BOUND = 120.0  # seconds any condition below may take on a loaded machine (a bound, not a pause)
# the server's time per request: the run saves its drafts at most once a second, so by the 6th
# answer (1.5 s) it has saved at least once
LATENCY = 0.25


def endpoint_project(dest: Path, base_url: str, sentences: int) -> Path:
    body = "\n\n".join(f"第{i}段说明该计划的第{i}项安排。" for i in range(1, sentences + 1))
    settings = {"base_url": base_url, "model": "test-model", "api_key_env": "TEST_KEY", "backoff": "0.01",
                "timeout": str(BOUND), "retries": "2", "batch_size": "1", "concurrency": "1"}
    return make_project(dest, seeds={"000_demo.txt": "测试文章标题\n\n" + body + "\n", "000_demo.yml": "slug: demo\n"},
                        files={"briefing.yml": "mt:\n  engine: endpoint\n  endpoint:\n" + "".join(
                            f"    {k}: {v}\n" for k, v in settings.items())})


def start_translate(root: Path) -> subprocess.Popen:
    """`briefing translate` as an editor's colleague starts it, in a process of its own."""
    return subprocess.Popen([str(Path(sys.executable).parent / "briefing"), "translate", "-p", str(root)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "TEST_KEY": KEY})


def stop(run: subprocess.Popen) -> None:
    if run.poll() is None:
        run.kill()
        run.communicate()


def wait_for(condition: Callable[[], object], what: str) -> None:
    """Until `condition()` holds (a file another process writes: no event to wait on)."""
    deadline = time.monotonic() + BOUND
    while not condition():
        assert time.monotonic() < deadline, f"not within {BOUND:g} s: {what}"
        time.sleep(0.02)


def memory(root: Path) -> list[Entry]:
    return read_tm(tm_path(root / "translations", "demo"))


def drafts(root: Path) -> dict[str, Entry]:
    """The run's drafts in the file, by source hash."""
    return {e.hash: e for e in memory(root) if e.status is Status.MACHINE}


def save(root: Path, article: Article, seg: Segment, english: str, status: Status) -> None:
    """An editor's save as `briefing review` makes it, without waiting for any lock: the run
    must not be holding it."""
    entry = entry_for(seg, english, status, "editor", date=now_stamp(), by="Ana Li")
    result = save_segment(root / "translations", article, entry, segment_version(seg, memory(root)), wait=0)
    assert result.saved


def page_save(server: ReviewServer, seg: Segment, english: str) -> dict:
    """What the review page does: read the sentence, save new English for it."""
    def call(method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", server.gate.port, timeout=BOUND)
        conn.request(method, path, body=json.dumps(body) if body else None,
                     headers={"Host": f"127.0.0.1:{server.gate.port}", "X-Review-Token": server.token,
                              "Content-Type": "application/json"})
        r = conn.getresponse()
        data = json.loads(r.read())
        conn.close()
        return r.status, data
    status, screen = call("GET", "/api/article?slug=demo")
    assert status == 200
    row = next(r for r in screen["segments"] if r["id"] == seg.id)
    status, answer = call("POST", "/api/save", {"slug": "demo", "id": seg.id, "action": "save", "english": english,
                                                "version": row["version"], "source_hash": row["source_hash"]})
    assert status == 200 and answer["result"] == "saved", answer
    return answer


def test_editors_save_while_a_real_run_drafts_and_nothing_either_writes_is_lost(tmp_path):
    with ChatServer(key=KEY, latency=LATENCY) as server:
        root = endpoint_project(tmp_path / "proj", server.base_url, sentences=14)
        project = load_project(root)
        article = load_articles(project)[0]
        segments = article.segments()
        n = len(segments)  # one request each (batch_size 1, no faults)
        review = ReviewServer(ReviewSession(project, "Ben Wu", gloss=False), 0, log=lambda msg: None)
        review.start()
        server.pause_after(6)
        run = start_translate(root)
        try:
            assert server.wait_until(lambda s: s.held, BOUND), "the run sent no 7th request"
            wait_for(lambda: drafts(root), "the run's first save of its drafts")
            done = drafts(root)
            corrected = next(s for s in segments if s.hash in done)  # a draft the run saved
            ahead = [s for s in segments if s.hash not in drafts(root)]  # not drafted yet, or not saved
            saved: dict[str, tuple[str, Status]] = {
                corrected.id: ("Corrected while the run goes on.", Status.EDITED),
                ahead[-1].id: ("Written before the run got here.", Status.EDITOR)}
            for seg in (corrected, ahead[-1]):
                save(root, article, seg, *saved[seg.id])
                assert resolve(article, memory(root))[seg.id].en == saved[seg.id][0]  # in the file, now
            answer = page_save(review, ahead[-2], "Saved on the review page mid-run.")
            assert answer["segment"]["state"] == "editor"
            saved[ahead[-2].id] = ("Saved on the review page mid-run.", Status.EDITOR)

            second = CliRunner(env={"TEST_KEY": KEY}).invoke(main, ["translate", "-p", str(root)])
            assert second.exit_code == 4 and "another 'briefing translate'" in second.output, second.output
            assert run.poll() is None and server.held == 1  # the first run is still where it was

            server.pause_after(n - 1)  # on to its last request, held too
            assert server.wait_until(lambda s: s.held and len(s.requests) == n, BOUND), "no last request"
            answer = page_save(review, ahead[0], "Saved on the page near the end.")
            saved[ahead[0].id] = ("Saved on the page near the end.", Status(answer["segment"]["state"]))
            assert run.poll() is None
            server.resume()
            out, err = run.communicate(timeout=BOUND)
            assert run.returncode == 0, (out, err)
            assert f"translated {n} of {n} pending segments" in out
        finally:
            server.resume()
            stop(run)
            review.shutdown()
            review.server_close()
    entries = memory(root)
    shown = resolve(article, entries)
    for seg_id, (english, status) in saved.items():  # every save, as saved
        assert (shown[seg_id].en, shown[seg_id].status) == (english, status), seg_id
    assert {s.id for s in segments if shown[s.id].status is Status.MACHINE} == {s.id for s in segments} - set(saved)
    final = drafts(root)  # every draft, each of its own sentence, beside the editors' text
    assert set(final) == {s.hash for s in segments}
    assert all(final[s.hash].en == expected_english(s.source) for s in segments)
    assert len(entries) == n + len(saved)  # nothing else: no draft twice, no save lost or doubled


def test_ctrl_c_keeps_the_runs_drafts_and_the_saves_made_meanwhile(tmp_path):
    with ChatServer(key=KEY, latency=LATENCY) as server:
        root = endpoint_project(tmp_path / "proj", server.base_url, sentences=7)
        project = load_project(root)
        article = load_articles(project)[0]
        segments = article.segments()
        server.pause_after(3)
        run = start_translate(root)
        try:
            assert server.wait_until(lambda s: s.held, BOUND), "the run sent no 4th request"
            last = segments[-1]  # not reached by the run
            save(root, article, last, "The editor's English.", Status.EDITOR)
            run.send_signal(signal.SIGINT)
            out, err = run.communicate(timeout=BOUND)
        finally:
            server.resume()
            stop(run)
        assert run.returncode == 130 and "interrupted; work already written is kept" in err, (out, err)
        sent = {item["zh"] for r in server.requests[:3]
                for item in json.loads(r["messages"][-1]["content"])["sentences"]}
        answered = {s.hash for s in segments if s.source in sent}
        assert set(drafts(root)) == answered and len(answered) == 3  # every answered draft, saved on the way out
        assert resolve(article, memory(root))[last.id].en == "The editor's English."
        rerun = CliRunner(env={"TEST_KEY": KEY}).invoke(main, ["translate", "-p", str(root)])
        assert rerun.exit_code == 0, rerun.output
    shown = resolve(article, memory(root))
    assert shown[last.id].en == "The editor's English." and shown[last.id].status is Status.EDITOR
    assert set(drafts(root)) == {s.hash for s in segments} - {last.hash}  # it had English: not sent
