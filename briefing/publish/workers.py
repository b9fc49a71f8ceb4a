"""Spreading a build's per-article work over forked worker processes.

A build's CPU time is per article (cleaning, memory reading, QA, gloss data), so two cores
nearly halve it. Workers are forked: they inherit what the parent prepared (the loaded briefing,
which holds the project's script conversion, the gloss tables) instead of receiving it pickled,
and send back only their results.
"""

from __future__ import annotations

import os
import threading
from typing import Callable, Sequence, TypeVar

Item = TypeVar("Item")
Context = TypeVar("Context")
Result = TypeVar("Result")

# Below this many items, starting worker processes costs more than it saves (measured: 1,000
# seeds with their memory load in 8.3 s on one core, 4.5 s on two).
PARALLEL_MIN = 150
MAX_WORKERS = 4


def worker_count(items: int) -> int:
    """How many processes to use for `items` items: 1 (this process) when forking does not pay
    or is unsafe — never fork from a threaded process, such as `mkdocs serve`'s."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if items < PARALLEL_MIN or workers < 2 or threading.active_count() > 1:
        return 1
    return workers


# In a worker process only: what the parent handed its workers (set as each worker starts; the
# parent never sets it). Forked, the worker inherits it as memory: nothing is pickled. The one
# `global` of the package (tests/test_architecture.py): Pool pickles the task function with every
# chunk, so binding the context to it (functools.partial) would send the context each time, and a
# build's cannot be sent: the gloss tables hold rjieba's native segmenter (not picklable); without
# them, annotate's context at 1,000 articles is 29 MB, 0.7 s to pickle and 1.6 s to unpickle, for
# each of 17 chunks. An initializer's arguments reach a forked worker unpickled; only a name in
# the worker process can keep them for the tasks.
_given: object = None


def _start_worker(context: object) -> None:
    global _given
    _given = context
    _ignore_interrupts()


def _with_context(fn: Callable[[Context, Item], Result], item: Item) -> Result:
    return fn(_given, item)  # type: ignore[arg-type]


def map_forked(fn: Callable[[Context, Item], Result], items: Sequence[Item], context: Context,
               meanwhile: Callable[[], None] = lambda: None, size: int | None = None) -> list[Result]:
    """[fn(context, item) for item in items], in order, in forked workers when there are many.
    `fn` must be a module-level function: it is sent by name; `context` (what every item needs:
    the loaded briefing, tables) reaches the workers by the fork, never pickled, and no module
    of the parent holds it.
    `meanwhile`, optional preparation for later, runs in this process while the workers work;
    without workers it is skipped (what it prepares is then made when first needed).
    The workers ignore Ctrl-C and are killed at once when this process stops (Ctrl-C, an error)
    or when they pass their time limit (publish/processes.py), never waited for.
    `size`: how many articles the items stand for (when an item is a batch), len(items) by default."""
    count = len(items) if size is None else size
    workers = worker_count(count)
    if workers == 1:
        return [fn(context, item) for item in items]
    import multiprocessing
    from functools import partial
    from briefing.publish.processes import WORKERS_LIMIT, too_slow
    seconds = WORKERS_LIMIT.seconds(count)
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker, initargs=(context,))
    try:
        results = pool.map_async(partial(_with_context, fn), items,
                                 chunksize=max(1, len(items) // (workers * 8)))
        meanwhile()
        try:
            done = results.get(timeout=seconds)
        except multiprocessing.TimeoutError:
            raise too_slow(WORKERS_LIMIT, seconds) from None
        pool.close()
        return done
    finally:
        pool.terminate()  # after close(): reaps the idle workers; else kills the busy ones
        pool.join()


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it kills the workers); SIGTERM (how the
    parent stops them) ends the worker quietly, whatever handler the parent had."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
