"""What the endpoint engine asks a chat model, and how its answer is matched back (pure).

A request carries several sentences, each with a number, and the glossary's approved English
for the names in them; the model answers with one JSON object listing each number with its
English. The answer is accepted only when it holds every number sent, once, and no other:
anything else (a sentence dropped, duplicated, invented or renumbered, prose instead of JSON,
an answer cut by the token limit) raises `Misaligned`, and the caller sends that batch again
in smaller parts. An answer in a different order is matched by number, never by position.
"""

from __future__ import annotations

import json
import re
from typing import Any, Sequence

from briefing.translation.engines.base import Source

SYSTEM_PROMPT = (
    "You translate Chinese news text into English for a bilingual news briefing. "
    "The user sends a JSON object: \"sentences\" is a list of {\"id\": number, \"zh\": Chinese text}, "
    "in reading order; \"names\", when present, lists {\"zh\": name, \"en\": approved English}. "
    "Translate each sentence completely and faithfully into plain news English, on its own "
    "(the neighbours are context only); keep every number, date, unit and quotation; write each "
    "listed name exactly as its approved English. "
    "Answer with one JSON object and nothing else: "
    "{\"translations\": [{\"id\": the same number, \"en\": \"the English\"}, ...]}, "
    "exactly one item for each id sent, no other ids.")

_FENCE = re.compile(r"^\s*```[A-Za-z]*\s*\n?(.*?)\n?```\s*$", re.DOTALL)


class Misaligned(Exception):
    """The answer cannot be matched to the sentences sent, sentence by sentence."""


def user_message(sources: Sequence[Source]) -> str:
    """The request's user message: numbered sentences and the approved names they hold."""
    names: dict[str, str] = {}
    for s in sources:
        for zh, en in s.names:
            names.setdefault(zh, en)
    data: dict[str, Any] = {"sentences": [{"id": i, "zh": s.text} for i, s in enumerate(sources, 1)]}
    if names:
        data["names"] = [{"zh": zh, "en": en} for zh, en in names.items()]
    return json.dumps(data, ensure_ascii=False)


def max_tokens_for(sources: Sequence[Source], ceiling: int = 0) -> int:
    """Completion tokens allowed for a request: ample for its English (about 3 tokens per Chinese
    character, plus the JSON around each item), so that only a model caught in a loop hits it."""
    wanted = 256 + sum(3 * len(s.text) + 24 for s in sources)
    return min(wanted, ceiling) if ceiling else wanted


def chat_request(model: str, sources: Sequence[Source], *, temperature: float = 0.0,
                 max_tokens: int = 0, json_mode: bool = True) -> dict[str, Any]:
    """The body of one POST to /chat/completions."""
    body: dict[str, Any] = {
        "model": model,
        "messages": [{"role": "system", "content": SYSTEM_PROMPT},
                     {"role": "user", "content": user_message(sources)}],
        "temperature": temperature,
        "max_tokens": max_tokens_for(sources, max_tokens),
    }
    if json_mode:
        body["response_format"] = {"type": "json_object"}
    return body


def _json_in(content: str) -> Any:
    """The JSON value in a model's answer: bare, in a ``` fence, or after a line of prose."""
    text = content.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1).strip()
    try:
        return json.loads(text)
    except ValueError:
        pass
    start = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
    end = max(text.rfind("}"), text.rfind("]"))
    if start >= 0 and end > start:
        try:
            return json.loads(text[start:end + 1])
        except ValueError:
            pass
    raise Misaligned("the answer is not JSON")


def _item_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def match_answer(content: str, count: int) -> list[str]:
    """The English for sentences 1..`count`, in order, from the model's answer; `Misaligned`
    when any is missing, empty, repeated, or an id was never sent."""
    data = _json_in(content)
    items = data.get("translations") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise Misaligned("the answer has no list of translations")
    found: dict[int, str] = {}
    for item in items:
        if not isinstance(item, dict):
            raise Misaligned("an item of the answer is not an {id, en} object")
        n = _item_id(item.get("id"))
        en = item.get("en")
        if n is None or not 1 <= n <= count:
            raise Misaligned(f"the answer has an id that was not sent ({item.get('id')!r})")
        if n in found:
            raise Misaligned(f"the answer has id {n} twice")
        if not isinstance(en, str) or not en.strip():
            raise Misaligned(f"the answer has no English for id {n}")
        found[n] = en.strip()
    missing = [n for n in range(1, count + 1) if n not in found]
    if missing:
        raise Misaligned(f"the answer lacks id {', '.join(map(str, missing[:5]))}"
                         + (f" and {len(missing) - 5} more" if len(missing) > 5 else ""))
    return [found[n] for n in range(1, count + 1)]
