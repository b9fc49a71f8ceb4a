"""Nothing hangs, and a build stops when asked (briefing/publish/processes.py): MkDocs, Pagefind,
WeasyPrint and the build's workers run under time limits and die with their whole process group;
a real SIGINT (or SIGTERM) to a real `briefing build` stops it promptly, leaves site/ exactly as it
was and docs/ whole, and leaves no child running. Every wait here is on a condition."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.errors import BuildError
from briefing.publish.processes import SCALE_VARIABLE, TimeLimit, interrupts_held, run_forked
from support import make_project

SEED = "深度求索发布新模型\n\n深度求索发布了新的开源模型。英伟达的股价随即下跌了17%。\n"
# A MkDocs hook that says it is running (its pid in a file), then never returns.
HANG = """import os, time
def on_config(config):
    with open(os.environ["HANG_PIDS"], "a") as f:
        f.write(f"{os.getpid()}\\n")
    while True:
        time.sleep(0.05)
"""


def wait_for(condition, seconds: float, what: str):
    """Poll `condition` until it is true (returned), failing after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"not within {seconds} s: {what}")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead for our purpose: it runs nothing
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except (OSError, IndexError):
        return True


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def pids(path: Path) -> list[int]:
    return [int(x) for x in path.read_text().split()] if path.exists() else []


@pytest.fixture
def hanging(tmp_path):
    """A built project whose mkdocs.yml then gains a hook that never returns."""
    root = make_project(tmp_path / "p", sample=("mkdocs.yml", "overrides", "docs/assets"),
                        seeds={"000_a.txt": SEED})
    result = CliRunner().invoke(main, ["build", "-p", str(root), "--no-search"])
    assert result.exit_code == 0, result.output
    (root / "hang.py").write_text(HANG, encoding="utf-8")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config + "\nhooks:\n  - hang.py\n", encoding="utf-8")
    (root / "seeds" / "000_a.txt").write_text(SEED + "\n第二段。\n", encoding="utf-8")  # so docs/ changes
    return root


def test_mkdocs_past_its_time_limit_is_stopped_with_its_children(hanging, monkeypatch, tmp_path):
    site_before = snapshot(hanging / "site")
    pid_file = tmp_path / "pids"
    monkeypatch.setenv("HANG_PIDS", str(pid_file))
    # 300 s + 0.2 s a page -> about 6 s: time for MkDocs to start and reach the hanging hook even
    # on a loaded machine (at 0.005, ~1.5 s, it once was stopped before the hook ran, load ~20)
    monkeypatch.setenv(SCALE_VARIABLE, "0.02")
    started = time.monotonic()
    result = CliRunner().invoke(main, ["build", "-p", str(hanging), "--no-search"])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert re.search(r"mkdocs build did not finish within [5-7] s and was stopped", result.output), result.output
    assert str(hanging / "mkdocs.yml") in result.output and SCALE_VARIABLE in result.output
    assert time.monotonic() - started < 60
    assert pids(pid_file), "the hook never ran"
    wait_for(lambda: not any(alive(p) for p in pids(pid_file)), 10, "MkDocs killed")
    assert snapshot(hanging / "site") == site_before  # the old site, untouched
    assert not (hanging / "build" / "site-next").exists()


def _docs_whole(docs: Path) -> bool:
    """docs/ holds exactly what its manifest lists, each file as listed (one generation)."""
    manifest = json.loads((docs / ".briefing-manifest.json").read_text(encoding="utf-8"))["files"]
    return all(hashlib.sha256((docs / rel).read_bytes()).hexdigest() == sha for rel, sha in manifest.items())


@pytest.mark.parametrize("sig, ignored, code, said", [
    (signal.SIGINT, False, 130, "interrupted"),
    (signal.SIGINT, True, 130, "interrupted"),  # a script's background job starts with SIGINT ignored
    (signal.SIGTERM, False, 143, "stopped (SIGTERM)"),
])
def test_a_signal_stops_a_real_build_promptly_leaving_site_as_it_was(hanging, tmp_path, sig, ignored, code, said):
    site_before = snapshot(hanging / "site")
    pid_file = tmp_path / "pids"
    env = {**os.environ, "HANG_PIDS": str(pid_file)}
    env.pop(SCALE_VARIABLE, None)

    def child_signals() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN if ignored else signal.SIG_DFL)

    proc = subprocess.Popen([sys.executable, "-c", "from briefing.cli import main; main()", "build",
                             "-p", str(hanging)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=child_signals)
    try:
        hook = wait_for(lambda: pids(pid_file), 120, "MkDocs running its hook")[0]
        sent = time.monotonic()
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=30)
        stopped_after = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == code, err
    assert said in err and "Traceback" not in err
    # promptly: well before MkDocs' own end (the hook hangs 300 s); ~1 s on a quiet machine, up to
    # 14.5 s seen when the suite shared 2 cores with 1,000-article builds at load ~20
    assert stopped_after < 25, f"took {stopped_after:.1f} s to stop"
    wait_for(lambda: not alive(hook), 10, "MkDocs stopped with the build")
    assert snapshot(hanging / "site") == site_before
    assert not (hanging / "build" / "site-next").exists()
    assert _docs_whole(hanging / "docs")


def test_pagefind_past_its_time_limit_is_stopped(tmp_path, monkeypatch):
    from briefing.config import load_project
    from briefing.publish import search
    root = make_project(tmp_path / "p", seeds={"000_a.txt": SEED})
    project = load_project(root)
    assert CliRunner().invoke(main, ["build", "-p", str(root), "--no-mkdocs"]).exit_code == 0
    marker = tmp_path / "pagefind-pid"
    sleeper = [sys.executable, "-c", f"import os, time; open({str(marker)!r}, 'a').write(f'{{os.getpid()}}\\n'); "
               "time.sleep(600)"]
    monkeypatch.setattr(search, "bundle_command", lambda *a, **k: sleeper)
    monkeypatch.setattr(search, "PAGEFIND_LIMIT", TimeLimit("Pagefind", base=1, per_item=0))
    run = search.start_indexing(project)
    with pytest.raises(BuildError, match="Pagefind did not finish within 1 s"):
        search.finish_indexing(run, tmp_path / "site")
    for pid in wait_for(lambda: pids(marker), 10, "the stand-in started"):
        wait_for(lambda: not alive(pid), 10, "the stand-in killed")


def _sleep_forever(pid_file: str) -> None:
    with open(pid_file, "a") as f:
        f.write(f"{os.getpid()}\n")
    time.sleep(600)


def _fail() -> None:
    raise BuildError("WeasyPrint failed: bad page")


def test_a_forked_step_past_its_limit_is_killed_and_results_and_errors_come_back(tmp_path):
    pid_file = tmp_path / "pids"
    with pytest.raises(BuildError, match="WeasyPrint did not finish within 1 s"):
        run_forked(_sleep_forever, str(pid_file), limit=TimeLimit("WeasyPrint", base=1, per_item=0))
    wait_for(lambda: not alive(pids(pid_file)[0]), 10, "the child killed")
    limit = TimeLimit("WeasyPrint", base=60, per_item=0)
    assert run_forked(sum, [1, 2, 3], limit=limit) == 6
    with pytest.raises(BuildError, match="bad page"):
        run_forked(_fail, limit=limit)


def test_interrupts_are_held_through_a_block_then_raised():
    # Ctrl-C as Python sets it up in a terminal: a run started in the background by a shell
    # inherits SIGINT ignored, which interrupts_held rightly keeps ignoring after the block
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    reached = []
    try:
        with pytest.raises(KeyboardInterrupt):
            with interrupts_held():
                # a signal a process sends itself is delivered before kill() returns, and CPython
                # runs its handler at the next bytecode: this line runs after it (which only noted it)
                os.kill(os.getpid(), signal.SIGINT)
                reached.append("end of block")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert reached == ["end of block"]


WORKERS = """
import os, sys, time
from briefing.publish import workers
from briefing.publish.processes import stopped_by_signals
workers.PARALLEL_MIN = 1
def work(pid_file, item):
    with open(pid_file, "a") as f:
        f.write(f"{os.getpid()}\\n")
    time.sleep(600)
with stopped_by_signals():
    try:
        workers.map_forked(work, list(range(8)), sys.argv[1])
    except KeyboardInterrupt:
        sys.exit(130)
"""


def test_ctrl_c_stops_forked_workers_at_once(tmp_path):
    """The build's worker pool is not waited for on Ctrl-C (it used to finish every item first)."""
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: no workers are forked")
    pid_file = tmp_path / "pids"
    proc = subprocess.Popen([sys.executable, "-c", WORKERS, str(pid_file)],
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        wait_for(lambda: pids(pid_file), 60, "the workers started")
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 130
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    for pid in pids(pid_file):
        wait_for(lambda: not alive(pid), 10, "the workers killed")
