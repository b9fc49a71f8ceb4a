"""Splitting Chinese paragraphs into sentences (pure)."""

from __future__ import annotations

import re

_END = set("。！？!?")
_ELLIPSIS = set("…")
# Closing quotes and brackets that belong to the sentence they close.
_CLOSE = set("”」』）)］]】》\"'’")
_STOP = re.compile("[" + re.escape("".join(sorted(_END | _ELLIPSIS))) + "]")


def split_sentences(text: str) -> list[str]:
    """Sentences of `text`: cut after 。！？!? (and a final ……), closers kept with their sentence."""
    out: list[str] = []
    start = 0
    n = len(text)
    stop = _STOP.search(text)  # only these characters can end a sentence: jump between them
    while stop is not None:
        i = stop.start()
        ch = text[i]
        is_end = ch in _END
        if ch in _ELLIPSIS:
            j = i
            while j < n and text[j] in _ELLIPSIS:
                j += 1
            # an ellipsis ends a sentence only before a closer, the end, or a new sentence
            is_end = j >= n or text[j] in _CLOSE or text[j].isspace()
            i = j - 1
        if is_end:
            j = i + 1
            while j < n and (text[j] in _END or text[j] in _ELLIPSIS):
                j += 1
            while j < n and text[j] in _CLOSE:
                j += 1
            _append(out, text[start:j])
            start = i = j
        else:
            i += 1
        stop = _STOP.search(text, i)
    _append(out, text[start:])
    return out


def _append(out: list[str], piece: str) -> None:
    piece = piece.strip()
    if not piece:
        return
    if out and all(c in _CLOSE or c in _END for c in piece):
        out[-1] += piece  # stray closers belong to the sentence before
    else:
        out.append(piece)
