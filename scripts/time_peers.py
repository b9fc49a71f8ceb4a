#!/usr/bin/env python3
"""Time the peer extractors per page (run with the peers' own venv, never the project's).

    build/peers-venv/bin/python scripts/time_peers.py HTMLDIR SPEC.yml REPEAT

Prints one JSON object: {peer: {page: median seconds}}. Each peer runs with its defaults on the
page's text (decoded as UTF-8, else its declared charset, else GB18030), as the shared peers.py
runs them; a peer that fails on a page is timed all the same (its failure is its result).
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
import warnings
from pathlib import Path

import yaml

warnings.filterwarnings("ignore")


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = re.search(rb'charset=["\']?([A-Za-z0-9_-]+)', raw[:4096])
    label = m.group(1).decode().lower() if m else "gb18030"
    label = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs"}.get(label, label)
    try:
        return raw.decode(label)
    except (LookupError, UnicodeDecodeError):
        return raw.decode("gb18030", "replace")


def run_trafilatura(raw: bytes, text: str) -> object:
    import trafilatura
    return trafilatura.bare_extraction(raw, with_metadata=True)


def run_gne(raw: bytes, text: str) -> object:
    from gne import GeneralNewsExtractor
    return GeneralNewsExtractor().extract(text)


def run_readability(raw: bytes, text: str) -> object:
    from readability import Document
    return Document(text).summary()


def run_newspaper(raw: bytes, text: str) -> object:
    import newspaper
    article = newspaper.Article("http://example.com/article.html", language="zh", fetch_images=False)
    article.download(input_html=text)
    article.parse()
    return article.text


def run_goose(raw: bytes, text: str) -> object:
    from goose3 import Goose
    from goose3.text import StopWordsChinese
    return Goose({"stopwords_class": StopWordsChinese}).extract(raw_html=text).cleaned_text


def run_resiliparse(raw: bytes, text: str) -> object:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree
    return extract_plain_text(HTMLTree.parse(text), main_content=True)


def run_boilerpipe(raw: bytes, text: str) -> object:
    from boilerpy3 import extractors
    return extractors.ArticleExtractor(raise_on_failure=False).get_doc(text).content


PEERS = {"trafilatura": run_trafilatura, "GNE": run_gne, "readability": run_readability,
         "newspaper4k": run_newspaper, "goose3": run_goose, "resiliparse": run_resiliparse,
         "boilerpipe": run_boilerpipe}


def main() -> None:
    html_dir, spec_path, repeat = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    pages = [f for f in spec if (html_dir / f).exists() and spec[f].get("expect") != "refused"]
    out: dict[str, dict[str, float]] = {}
    for name, fn in PEERS.items():
        out[name] = {}
        for page in pages:
            raw = (html_dir / page).read_bytes()
            text = decode(raw)
            try:  # warm-up: imports and models load once, as in a long-running process
                fn(raw, text)
            except Exception:  # noqa: BLE001 (a peer's failure is its result)
                pass
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                try:
                    fn(raw, text)
                except Exception:  # noqa: BLE001
                    pass
                times.append(time.perf_counter() - start)
            out[name][page] = statistics.median(times)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
