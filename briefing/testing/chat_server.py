"""A real OpenAI-compatible chat-completions server for tests and the benchmark.

`ChatServer` listens on 127.0.0.1, port 0 (the system picks a free one), one thread per request,
and answers POST /v1/chat/completions and GET /v1/models as llama.cpp's server, vLLM or Ollama
would, from a small deterministic rule instead of a model: for each numbered sentence of the
request (the format briefing's endpoint engine sends) the English is

    "Draft <tag>: <approved English of the listed names in it> <Latin words and numbers in it>"

where <tag> is six letters derived from the Chinese sentence, so a test can tell from any stored
draft which sentence it was made from (`expected_english`): a misaligned draft cannot pass.

Faults can be queued (`fail(...)`, one per request in order) or drawn at random (`fault_rate`,
seeded): a sentence dropped, the items reversed (still correct: ids match), an invented extra
id, a duplicated id, ids renumbered from 0, prose or fenced JSON instead of bare JSON, an
answer cut by the token limit, a late answer, 429 (with Retry-After), 500, a body that is not
JSON, a closed connection. `latency` adds a fixed delay to every request (the benchmark's
stand-in for model time); `pause_after(n)` holds every request after the n-th unanswered until
`resume()` (a model that answers late, for as long as a test needs: `wait_until` tells when a
request is held). `together=n` holds the first requests until n of them are in flight at once
(at most `together_within` seconds, then each goes on): a test of concurrency then does not depend
on the client's threads all starting within the latency on a loaded machine. With `key`, any other bearer token gets 401, the key echoed back as some
servers do. Everything it received is kept in `requests`.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterable

FAULTS = ("drop", "reverse", "extra", "duplicate", "renumber", "prose", "fenced", "length", "late",
          "429", "500", "not-json", "close", "no-names")
# faults after which a correct client still stores every draft, aligned
RANDOM_FAULTS = ("drop", "reverse", "extra", "duplicate", "renumber", "prose", "fenced", "length",
                 "429", "500", "not-json")


def tag(zh: str) -> str:
    """Six letters standing for the Chinese sentence (no digits: QA's number check stays quiet)."""
    digest = hashlib.sha256(zh.encode("utf-8")).digest()
    return "".join(chr(ord("a") + b % 26) for b in digest[:6])


def expected_english(zh: str, names: Iterable[tuple[str, str]] = ()) -> str:
    """The rule's English for one sentence, given the (Chinese, English) names sent with it."""
    found = [en for _, z, en in sorted((zh.find(z), z, en) for z, en in names if z in zh)]
    latin = re.findall(r"[A-Za-z0-9.%]+", zh)
    return " ".join([f"Draft {tag(zh)}:"] + found + latin)


class ChatServer:
    """See the module docstring. Use as a context manager; `base_url` ends in /v1."""

    def __init__(self, *, latency: float = 0.0, key: str | None = None, fault_rate: float = 0.0,
                 faults: Iterable[str] = RANDOM_FAULTS, seed: int = 0, late_seconds: float = 2.0,
                 retry_after: str = "0", models: Iterable[str] = ("test-model",),
                 together: int = 0, together_within: float = 10.0) -> None:
        self.latency, self.key, self.fault_rate = latency, key, fault_rate
        self.together, self.together_within = together, together_within
        self.met = together <= 1  # `together` requests were in flight at once (or none is asked)
        self.random_faults, self.late_seconds, self.retry_after = tuple(faults), late_seconds, retry_after
        self.models = list(models)
        self.rng = random.Random(seed)
        self.queue: list[str] = []
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.faults_done: list[str] = []
        self.in_flight = self.max_in_flight = 0
        self.held = 0  # requests waiting for `resume`
        self.pause_at: int | None = None
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)  # notified when a request arrives or is held
        self.httpd: ThreadingHTTPServer | None = None

    # ------------------------------------------------------------ control

    def fail(self, *faults: str) -> "ChatServer":
        """Queue faults: the next requests get them, one each, in order."""
        unknown = set(faults) - set(FAULTS)
        assert not unknown, f"unknown faults {unknown}"
        with self.lock:
            self.queue += list(faults)
        return self

    def pause_after(self, n: int) -> "ChatServer":
        """Answer the first `n` requests (counted from the server's start), hold the later ones
        (again: a later `n` lets the held ones up to it go)."""
        with self.changed:
            self.pause_at = n
            self.changed.notify_all()
        return self

    def resume(self) -> None:
        """Answer every held request, and the later ones, as usual."""
        with self.changed:
            self.pause_at = None
            self.changed.notify_all()

    def wait_until(self, condition: Callable[["ChatServer"], object], timeout: float) -> bool:
        """Wait (up to `timeout` seconds) until `condition(self)` holds, e.g. `lambda s: s.held`."""
        with self.changed:
            return self.changed.wait_for(lambda: bool(condition(self)), timeout)

    def _hold(self, number: int) -> None:
        """Wait while request `number` (1-based) comes after the pause."""
        def paused() -> bool:
            return self.pause_at is not None and number > self.pause_at
        with self.changed:
            if not paused():
                return
            self.held += 1
            self.changed.notify_all()
            self.changed.wait_for(lambda: not paused())
            self.held -= 1
            self.changed.notify_all()

    def _meet(self) -> None:
        """Hold this request until `together` requests are in flight at once (or the time is up)."""
        with self.changed:
            if self.met:
                return
            if self.in_flight >= self.together:
                self.met = True
                self.changed.notify_all()
                return
            if not self.changed.wait_for(lambda: self.met, timeout=self.together_within):
                self.met = True  # they never met: the requests after this one are not held

    def _next_fault(self) -> str:
        with self.lock:
            if self.queue:
                fault = self.queue.pop(0)
            elif self.fault_rate and self.rng.random() < self.fault_rate:
                fault = self.rng.choice(self.random_faults)
            else:
                fault = ""
            if fault:
                self.faults_done.append(fault)
            return fault

    @property
    def base_url(self) -> str:
        assert self.httpd is not None
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> "ChatServer":
        server = self

        class Handler(_Handler):
            owner = server

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.httpd is not None
        self.resume()  # nothing stays held
        self.httpd.shutdown()
        self.httpd.server_close()

    # ------------------------------------------------------------ answering

    def answer(self, body: dict[str, Any], fault: str) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body) for one chat request."""
        if fault == "429":
            return 429, {"Retry-After": self.retry_after}, _json({"error": {"message": "rate limited"}})
        if fault == "500":
            return 500, {}, _json({"error": {"message": "internal error"}})
        if fault == "not-json":
            return 200, {}, b'{"choices": [{"message": {"content": "'
        request = json.loads(body["messages"][-1]["content"])
        sentences = request["sentences"]
        names = [] if fault == "no-names" else [(n["zh"], n["en"]) for n in request.get("names", [])]
        items = [{"id": s["id"], "en": expected_english(s["zh"], names)} for s in sentences]
        if fault == "drop":
            items = items[:-1]
        elif fault == "reverse":
            items = items[::-1]
        elif fault == "extra":
            items.append({"id": len(sentences) + 1, "en": "An invented sentence."})
        elif fault == "duplicate":
            items.append(dict(items[0]))
        elif fault == "renumber":
            items = [{"id": i, "en": item["en"]} for i, item in enumerate(items)]
        content = json.dumps({"translations": items}, ensure_ascii=False)
        finish = "stop"
        if fault == "prose":
            content = "Here are the translations you asked for: " + " ".join(i["en"] for i in items)
        elif fault == "fenced":
            content = f"```json\n{content}\n```"
        elif fault == "length":
            content, finish = content[: len(content) // 2], "length"
        prompt = sum(len(m["content"]) for m in body["messages"])
        data = {"id": "chatcmpl-test", "object": "chat.completion", "model": body.get("model"),
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                             "finish_reason": finish}],
                "usage": {"prompt_tokens": prompt, "completion_tokens": len(content) // 4,
                          "total_tokens": prompt + len(content) // 4}}
        return 200, {}, _json(data)


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    owner: ChatServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _authorised(self) -> bool:
        key = self.owner.key
        got = self.headers.get("Authorization", "")
        if key is None or got == f"Bearer {key}":
            return True
        self._send(401, {}, _json({"error": {"message": f"Incorrect API key provided: {got[7:]}"}}))
        return False

    counted = False  # this request is counted in the owner's in_flight

    def _leave(self) -> None:
        """This request no longer counts as in flight: said before its answer (or the closed
        connection) goes out, since a client that has it may send its next request at once."""
        if self.counted:
            self.counted = False
            with self.owner.lock:
                self.owner.in_flight -= 1

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self._leave()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if not self._authorised():
            return
        if self.path.rstrip("/") != "/v1/models":
            self._send(404, {}, _json({"error": {"message": "not found"}}))
            return
        self._send(200, {}, _json({"object": "list", "data": [{"id": m, "object": "model"}
                                                              for m in self.owner.models]}))

    def do_POST(self) -> None:
        owner = self.owner
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        with owner.lock:
            owner.requests.append(body)
            number = len(owner.requests)
            owner.headers.append(dict(self.headers.items()))
            owner.in_flight += 1
            self.counted = True
            owner.max_in_flight = max(owner.max_in_flight, owner.in_flight)
            owner.changed.notify_all()
        try:
            owner._meet()
            owner._hold(number)
            if not self._authorised():
                return
            if self.path != "/v1/chat/completions":
                self._send(404, {}, _json({"error": {"message": f"no route {self.path}"}}))
                return
            if body.get("model") not in owner.models:
                self._send(404, {}, _json({"error": {"message": f"model '{body.get('model')}' not found"}}))
                return
            fault = owner._next_fault()
            if owner.latency:
                time.sleep(owner.latency)  # the stand-in for a model's time
            if fault == "late":
                time.sleep(owner.late_seconds)
            if fault == "close":
                self.close_connection = True
                self._leave()
                self.connection.shutdown(2)
                return
            self._send(*owner.answer(body, fault))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (its timeout): nothing to answer
        finally:
            self._leave()
