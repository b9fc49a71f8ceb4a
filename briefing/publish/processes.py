"""The programs a build starts, under a time limit, and how a build stops.

MkDocs and Pagefind run as programs, WeasyPrint in a forked child: each in its own process group,
so that at its time limit, on an error or on Ctrl-C the whole group is killed and nothing is left
running (and writing into site/) after briefing has returned. A limit is there to catch a hang (a
hook that never returns, a page WeasyPrint cannot lay out), not to hurry a slow machine: a base
plus a share per page or article, all scaled by the environment variable
BRIEFING_TIME_LIMIT_SCALE (e.g. 3 on a slow, shared machine).

Stopping. SIGINT (Ctrl-C) and SIGTERM stop a command at once, also when a script started it in
the background (a shell then starts it with SIGINT ignored). The few steps that must not stop half
way — writing the generated pages into docs/, putting the new site in place of the old — hold a
signal until they are done (`interrupts_held`), so docs/ and site/ are each the old or the whole
new one, never a mix.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from briefing.errors import BuildError

SCALE_VARIABLE = "BRIEFING_TIME_LIMIT_SCALE"


@dataclass(frozen=True)
class TimeLimit:
    """How long a program may run: `base` seconds plus `per_item` for each page or article."""

    what: str  # e.g. "mkdocs build"
    base: float
    per_item: float

    def seconds(self, items: int = 0) -> float:
        return (self.base + self.per_item * max(items, 0)) * scale()


# Measured on the sample (5 articles, 23 pages): MkDocs 1-2 s, each Pagefind run ~1 s, one
# article's PDF ~1 s; at 1,000 articles MkDocs takes about a minute and Pagefind 10 s. The limits
# are ten times and more what a loaded 2-core machine needs.
MKDOCS_LIMIT = TimeLimit("mkdocs build", base=300, per_item=0.2)  # per generated page
PAGEFIND_LIMIT = TimeLimit("Pagefind", base=300, per_item=0.2)  # per indexed page
WEASYPRINT_LIMIT = TimeLimit("WeasyPrint", base=300, per_item=5)  # per article in the PDF
WORKERS_LIMIT = TimeLimit("the build's worker processes", base=300, per_item=1)  # per article
FONT_LIST_LIMIT = TimeLimit("fc-list (the installed fonts)", base=120, per_item=0)  # builds its cache once


MAX_SCALE = 100.0  # a limit is meant to end a hang: never unbounded (inf, 1e400)


def scale() -> float:
    """BRIEFING_TIME_LIMIT_SCALE as a positive number at most MAX_SCALE (1 when unset or not a
    positive number)."""
    try:
        value = float(os.environ.get(SCALE_VARIABLE, "1"))
    except ValueError:
        return 1.0
    return min(value, MAX_SCALE) if value > 0 else 1.0  # nan > 0 is False


def too_slow(limit: TimeLimit, seconds: float, path: Path | None = None) -> BuildError:
    """The error for a program stopped at its time limit."""
    return BuildError(f"{limit.what} did not finish within {seconds:.0f} s and was stopped "
                      "(something it reads may make it loop, e.g. a hook or plugin in mkdocs.yml)",
                      path=path, hint=f"look for what changed since the last build; on a very slow "
                                      f"machine allow more time: {SCALE_VARIABLE}=3 briefing ...")


def kill_group(proc: subprocess.Popen[Any]) -> None:
    """Kill `proc` and everything it started (it leads its own process group), and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        proc.kill()
    proc.wait()


def start_program(cmd: Sequence[str], **kwargs: Any) -> subprocess.Popen[Any]:
    """Popen in a new session (its own process group: `kill_group` stops all of it, and a Ctrl-C
    at the terminal reaches briefing, which stops it, not the program half way)."""
    return subprocess.Popen(list(cmd), start_new_session=True, **kwargs)


def run_program(cmd: Sequence[str], limit: TimeLimit, items: int = 0, *, path: Path | None = None,
                **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run `cmd` to its end with its output captured as text; killed with its group at the time
    limit (a BuildError) or when briefing is interrupted or fails meanwhile."""
    seconds = limit.seconds(items)
    proc = start_program(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    try:
        out, err = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        raise too_slow(limit, seconds, path) from None
    except BaseException:
        kill_group(proc)
        raise
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def wait_program(proc: subprocess.Popen[str], limit: TimeLimit, items: int = 0, *, started: float,
                 path: Path | None = None) -> str:
    """The output of a program started with `start_program` at `started` (time.perf_counter)
    with stdout piped as text, once it ends; killed at the time limit (a BuildError)."""
    seconds = limit.seconds(items)
    try:
        out, _ = proc.communicate(timeout=max(0.1, started + seconds - time.perf_counter()))
    except subprocess.TimeoutExpired:
        kill_group(proc)
        raise too_slow(limit, seconds, path) from None
    except BaseException:
        kill_group(proc)
        raise
    return out or ""


def run_forked(fn: Callable[..., Any], *args: Any, limit: TimeLimit, items: int = 0,
               path: Path | None = None) -> Any:
    """fn(*args) in a forked child under the time limit; its result (or its exception) comes back
    pickled. The child shares what this process prepared (imports, fonts) and dies with its group
    at the limit, on Ctrl-C or on an error here. Without fork (not POSIX), fn runs here."""
    if os.name != "posix":
        return fn(*args)
    seconds = limit.seconds(items)
    read_end, write_end = multiprocessing.get_context("fork").Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the child: its own group, the default signals, the result down the pipe
        code = 0
        try:
            os.setpgid(0, 0)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            read_end.close()
            try:
                message = ("ok", fn(*args))
            except BaseException as exc:  # sent back as it is, raised in the parent
                message = ("error", exc)
            try:
                write_end.send(message)
            except (pickle.PicklingError, TypeError, AttributeError):
                write_end.send(("error", BuildError(f"{limit.what} failed: {message[1]!r}")))
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    write_end.close()
    with contextlib.suppress(OSError):
        os.setpgid(pid, pid)  # also here, so the group exists whichever runs first
    try:
        if not read_end.poll(seconds):
            raise too_slow(limit, seconds, path)
        try:
            kind, value = read_end.recv()
        except EOFError:
            raise BuildError(f"{limit.what} stopped without a result (it crashed or was killed)",
                             path=path, hint="run the command again; if it persists, report it") from None
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        read_end.close()
    if kind == "error":
        raise value
    return value


# ---------------------------------------------------------------- stopping

class Terminated(KeyboardInterrupt):
    """SIGTERM: stops a command the way Ctrl-C does (its clean-up runs)."""


def _terminate(signum: int, frame: Any) -> None:
    raise Terminated()


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM stop the command with its clean-up (KeyboardInterrupt,
    `Terminated`), even when it was started with SIGINT ignored (in the background by a script);
    the handlers before are put back after. Main thread only."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block is done, then stop as they asked: a few quick
    writes that must happen whole (docs/, the site swap). Outside the main thread, nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    handlers: dict[int, Any] = {int(sig): signal.signal(sig, lambda signum, frame: caught.append(signum))
                                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    if caught:
        handler = handlers[caught[0]]
        if callable(handler):
            handler(caught[0], None)  # raises KeyboardInterrupt / Terminated as it would have
        elif caught[0] == signal.SIGINT and handler == signal.SIG_DFL:
            raise KeyboardInterrupt
