"""An OpenAI-compatible chat endpoint as a translation engine (llama.cpp's server, vLLM, Ollama,
LM Studio, a hosted API): POST {base_url}/chat/completions with the standard library's HTTP client.

Several sentences go in one request, numbered, with the approved names they hold (engines.chat);
an answer that does not match them sentence by sentence is never stored: the batch is sent again
in halves, down to single sentences, each tried `retries` more times before it is given up (left
pending, reported at the end). A request that fails as a whole (429, 5xx, a timeout, a body that is
not a chat completion) is sent again after a wait that doubles each time (`backoff`; the server's
Retry-After wins). What cannot get better by waiting (no server at the address, the key refused,
no such model or path) stops the run at once with one line naming the endpoint and what to do.

The key comes from the environment only and goes only into the Authorization header of requests
to the configured URL: redirects are not followed, and every text a server sends back is
scrubbed of it before it reaches a message.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import random
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Mapping, Sequence

from briefing.config import EndpointSettings, MTSettings
from briefing.translation.engines.base import Batching, Draft, Engine, EngineError, Source, Usage
from briefing.translation.engines.chat import Misaligned, chat_request, match_answer

RETRYABLE = (408, 409, 425, 429, 500, 502, 503, 504)
MAX_WAIT = 300.0  # longest pause before a retry, whatever the server's Retry-After says
SETTINGS_HINT = "mt.endpoint.base_url in briefing.yml or BRIEFING_MT_BASE_URL"


class Stopped(Exception):
    """The run is stopping (another batch failed, or Ctrl-C): give up without retrying."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is answered as the error it is: the key never follows it


def normalise_base_url(url: str) -> str:
    """The base URL without a trailing slash or a pasted /chat/completions; an error for
    anything that is not an http(s) URL."""
    text = url.strip().rstrip("/")
    for tail in ("/chat/completions", "/completions"):
        if text.endswith(tail):
            text = text[:-len(tail)]
    parts = urllib.parse.urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EngineError(f"endpoint base URL '{url}' is not an http(s) URL",
                          hint=f"set {SETTINGS_HINT} to e.g. http://localhost:8080/v1")
    return text


def retry_after(headers: Mapping[str, str] | None, now: float | None = None) -> float | None:
    """Seconds the server asks us to wait (Retry-After: seconds, or an HTTP date), if it says."""
    value = next((v for k, v in (headers or {}).items() if k.lower() == "retry-after"), None)
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class EndpointEngine(Engine):
    """Chat completions over HTTP; safe to call from several threads at once."""

    engine = "endpoint"
    usage: Usage
    stop: threading.Event

    def __init__(self, settings: EndpointSettings, *, key: str = "", key_env: str = "") -> None:
        self.base_url = normalise_base_url(settings.base_url) if settings.base_url else ""
        if not self.base_url:
            raise EngineError("no endpoint is configured (mt.endpoint.base_url)",
                              hint=f"set {SETTINGS_HINT}, e.g. http://localhost:8080/v1 "
                                   "(README, 'Machine translation engines')")
        if not settings.model:
            raise EngineError(f"endpoint {self.base_url}: no model named",
                              hint="set mt.endpoint.model in briefing.yml, BRIEFING_MT_MODEL, or "
                                   "--engine endpoint:MODEL (the name the server lists at /models)")
        self.url = self.base_url + "/chat/completions"
        self.model = settings.model
        self.settings = settings
        self.key_env = key_env or settings.api_key_env
        self._key = key
        self._opener = urllib.request.build_opener(_NoRedirect)
        self._lock = threading.Lock()
        self.usage = Usage()
        self.stop = threading.Event()

    # ------------------------------------------------------------ the engine protocol

    def batching(self, mt: MTSettings) -> Batching:
        s = self.settings
        return Batching(size=s.batch_size, budget=s.batch_chars, max_input=s.batch_chars,
                        by_length=False, concurrency=s.concurrency, protect_names=False)

    def describe(self) -> str:
        return f"{self.base_url}, {self.settings.concurrency} request(s) at once"

    def translate(self, sentences: Sequence[str]) -> list[str]:
        return [d.text for d in self.translate_sources([Source(s) for s in sentences])]

    def translate_sources(self, sources: Sequence[Source]) -> list[Draft]:
        """Drafts for `sources`, matched by number; a batch whose answer does not match is sent
        again in halves; a sentence that never gets a matching answer comes back empty with
        its `failure`."""
        if not sources:
            return []
        try:
            return self._ask(sources)
        except Misaligned as exc:
            if len(sources) == 1:
                return [self._single(sources[0], str(exc))]
            self._count(split=1)
            half = (len(sources) + 1) // 2
            return self.translate_sources(sources[:half]) + self.translate_sources(sources[half:])

    def _single(self, source: Source, problem: str) -> Draft:
        for _ in range(self.settings.retries):
            self._count(retries=1)
            try:
                return self._ask([source])[0]
            except Misaligned as exc:
                problem = str(exc)
        return Draft("", failure=f"{problem} ({self.settings.retries + 1} tries)")

    # ------------------------------------------------------------ one request, with retries

    @property
    def who(self) -> str:
        return f"endpoint {self.base_url}"

    def redact(self, text: str) -> str:
        """`text` on one line, at most 160 characters, without the key."""
        if self._key:
            text = text.replace(self._key, "***")
        text = " ".join(text.split())
        return text[:157] + "..." if len(text) > 160 else text

    def _count(self, **amounts: int) -> None:
        with self._lock:
            for name, n in amounts.items():
                setattr(self.usage, name, getattr(self.usage, name) + n)

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self._key:
            headers["Authorization"] = f"Bearer {self._key}"
        return headers

    def _send(self, url: str, body: bytes | None = None,
              timeout: float | None = None) -> tuple[int, Mapping[str, str], bytes]:
        request = urllib.request.Request(url, data=body, headers=self._headers(),
                                         method="POST" if body is not None else "GET")
        try:
            with self._opener.open(request, timeout=timeout or self.settings.timeout) as response:
                return response.status, dict(response.headers.items()), response.read()
        except urllib.error.HTTPError as exc:
            try:
                data = exc.read()
            except (OSError, http.client.HTTPException):
                data = b""
            return exc.code, dict(exc.headers.items()) if exc.headers else {}, data

    def _server_says(self, data: bytes) -> str:
        """The server's own error message, if its body holds one."""
        try:
            parsed = json.loads(data.decode("utf-8", "replace"))
        except ValueError:
            return self.redact(data.decode("utf-8", "replace"))
        error = parsed.get("error") if isinstance(parsed, dict) else None
        if isinstance(error, dict):
            error = error.get("message")
        return self.redact(str(error if error else parsed))

    def _fatal(self, status: int, data: bytes) -> EngineError:
        said = self._server_says(data)
        said = f": {said}" if said else ""
        if status in (401, 403):
            has = f"the key in {self.key_env}" if self._key else f"no key ({self.key_env} is not set)"
            return EngineError(f"{self.who} refused the request (HTTP {status}{said}); {has} was sent",
                               hint=f"set {self.key_env} to a key this server accepts")
        if status == 404:
            return EngineError(f"{self.who}: HTTP 404 for {self.url} or model '{self.model}'{said}",
                               hint="the base URL usually ends in /v1 (http://localhost:8080/v1); "
                                    "'briefing model status --check' lists the server's models")
        return EngineError(f"{self.who}: HTTP {status}{said}",
                           hint="check mt.endpoint in briefing.yml (model; json_mode: false for a "
                                "server that refuses response_format)")

    def _wait(self, seconds: float) -> None:
        if self.stop.wait(min(MAX_WAIT, max(0.0, seconds))):
            raise Stopped()

    def _backoff(self, attempt: int) -> float:
        return min(60.0, self.settings.backoff * 2.0 ** attempt) * random.uniform(0.8, 1.2)

    def _ask(self, sources: Sequence[Source]) -> list[Draft]:
        """One request for `sources`, sent again while it fails as a whole; `Misaligned` when
        the answer does not match the sentences."""
        s = self.settings
        body = json.dumps(chat_request(self.model, sources, temperature=s.temperature,
                                       max_tokens=s.max_tokens, json_mode=s.json_mode),
                          ensure_ascii=False).encode("utf-8")
        problem, hint = "", ""
        for attempt in range(s.retries + 1):
            if self.stop.is_set():
                raise Stopped()
            if attempt:
                self._count(retries=1)
            self._count(requests=1)
            wait: float | None = None
            try:
                status, headers, data = self._send(self.url, body)
            except (TimeoutError, socket.timeout):
                problem, hint = (f"no answer within {s.timeout:g} s",
                                 "raise mt.endpoint.timeout or lower mt.endpoint.batch_size; "
                                 "the finished batches are saved: run again to resume")
                self._wait(self._backoff(attempt))
                continue
            except (urllib.error.URLError, ConnectionError, http.client.HTTPException, OSError) as exc:
                reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
                if isinstance(reason, (TimeoutError, socket.timeout)):
                    problem, hint = f"no answer within {s.timeout:g} s", "raise mt.endpoint.timeout"
                    self._wait(self._backoff(attempt))
                    continue
                if isinstance(reason, (ConnectionResetError, http.client.RemoteDisconnected)):
                    problem, hint = "the server closed the connection", "check the server's log"
                    self._wait(self._backoff(attempt))
                    continue
                raise EngineError(f"cannot reach {self.who} ({self.redact(str(reason))})",
                                  hint=f"start the server, or fix {SETTINGS_HINT}") from None
            if status == 200:
                try:
                    content, finish = self._completion(data)
                except ValueError as exc:
                    problem, hint = (f"answered with something that is not a chat completion ({exc})",
                                     "check that the base URL is the OpenAI-compatible API (…/v1)")
                    self._wait(self._backoff(attempt))
                    continue
                english = match_answer(content, len(sources))
                return [Draft(en, cut=finish == "length") for en in english]
            if status in RETRYABLE:
                said = self._server_says(data)
                problem = f"HTTP {status}" + (f": {said}" if said else "")
                hint = ("the server is busy: lower mt.endpoint.concurrency, or run again later "
                        "(finished batches are saved)" if status == 429 else
                        "check the server's log; the finished batches are saved: run again to resume")
                wait = retry_after(headers)
                self._wait(wait if wait is not None else self._backoff(attempt))
                continue
            raise self._fatal(status, data)
        raise EngineError(f"{self.who}: {problem} ({s.retries + 1} tries)", hint=hint)

    def _completion(self, data: bytes) -> tuple[str, str]:
        """The answer's text and finish reason; counts its tokens. ValueError if the body is not
        a chat completion."""
        try:
            parsed = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise ValueError(self.redact(data[:80].decode("utf-8", "replace")) or "empty body") from None
        try:
            choice = parsed["choices"][0]
            content = choice["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise ValueError("no choices[0].message.content") from None
        if not isinstance(content, str):
            raise ValueError("message content is not text")
        usage = parsed.get("usage") if isinstance(parsed.get("usage"), dict) else {}
        self._count(prompt_tokens=int(usage.get("prompt_tokens") or 0),
                    completion_tokens=int(usage.get("completion_tokens") or 0))
        return content, str(choice.get("finish_reason") or "")

    # ------------------------------------------------------------ model status --check

    def check(self) -> str:
        """Ask the server for its models (GET /models): a line saying whether the configured
        model is served; EngineError when the server cannot be reached or refuses the key."""
        try:
            status, _, data = self._send(self.base_url + "/models", timeout=min(self.settings.timeout, 10.0))
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            raise EngineError(f"cannot reach {self.who} ({self.redact(str(reason))})",
                              hint=f"start the server, or fix {SETTINGS_HINT}") from None
        if status != 200:
            raise self._fatal(status, data)
        try:
            listed = [str(m.get("id")) for m in json.loads(data.decode("utf-8")).get("data", [])]
        except (ValueError, AttributeError):
            listed = []
        if self.model in listed:
            return f"reachable; serves {self.model}"
        shown = ", ".join(listed[:8]) or "none listed"
        return f"reachable; '{self.model}' is not among its models ({shown})"
