"""Editor worksheets: export an article's segments to fill in English, import them into the
translation memory as human translations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Mapping

import yaml

from briefing.errors import InputError, ValidationError, yaml_error
from briefing.model import Article, Status, Translation
from briefing.translation.memory import (Entry, entry_for, merge_entries, read_tm, reading_order, resolve, tm_lock,
                 tm_path, write_tm)

HUMAN = {s.value for s in Status if s.is_human}


def export_worksheet(article: Article, translations: dict[str, Translation]) -> str:
    """YAML listing every segment with its current English (empty where none)."""
    rows = []
    for seg in article.segments():
        tr = translations.get(seg.id)
        rows.append({"id": seg.id, "zh": seg.source, "en": tr.en if tr else "",
                     "was": (tr.status.value + (" stale" if tr.stale else "")) if tr else "pending"})
    head = ("# Worksheet: write English in 'en' (leave empty to skip); then\n"
            "#   briefing tm import THIS_FILE\n"
            "# 'status' applies to every filled line: editor (your own translation), edited\n"
            "# (you corrected a machine draft) or reviewed (you checked it and accept it).\n")
    data = {"article": article.slug, "status": "editor", "segments": rows}
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1 << 20)


def parse_worksheet(text: str, path: Path) -> tuple[str, Status, list[tuple[str, str, str]]]:
    """(slug, status, [(id, zh, en)]) from a worksheet; errors name the line."""
    try:  # BaseLoader: every value is text, so an English "No" or "0" stays what it says
        data = yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, path) from None
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        raise InputError("a worksheet needs 'article', 'status' and a list 'segments'", path=path)
    status = str(data.get("status", "editor"))
    if status not in HUMAN:
        raise InputError(f"status '{status}' must be one of {', '.join(sorted(HUMAN))}", path=path,
                         hint="machine drafts come only from 'briefing translate'")
    rows = []
    for i, row in enumerate(data["segments"], start=1):
        if not isinstance(row, dict) or "id" not in row:
            raise InputError(f"segment #{i} needs 'id', 'zh' and 'en'", path=path)
        rows.append((str(row["id"]), str(row.get("zh") or ""), str(row.get("en") or "").strip()))
    return str(data.get("article", "")), Status(status), rows


def import_rows(article: Article, status: Status, rows: list[tuple[str, str, str]],
                path: Path, today: str, current: Mapping[str, Translation] | None = None
                ) -> tuple[list[Entry], int]:
    """(new human entries, rows left as they were). A row whose Chinese no longer matches is
    refused. English that is already current is not re-labelled: an untouched machine draft
    stays `machine` unless the sheet says `reviewed`, and reviewed text that was changed is
    recorded as `edited`."""
    current = current or {}
    by_id = {s.id: s for s in article.segments()}
    problems, entries, unchanged = [], [], 0
    for seg_id, zh, en in rows:
        if not en:
            continue
        seg = by_id.get(seg_id)
        if seg is None:
            problems.append(f"{seg_id}: no such segment in {article.slug}")
            continue
        if zh and zh != seg.source:
            problems.append(f"{seg_id}: the Chinese changed since the worksheet was exported; "
                            "export a new worksheet")
            continue
        cur = current.get(seg_id)
        same = cur is not None and not cur.stale and cur.en == en
        if same and (cur.status.is_human or status is not Status.REVIEWED):  # type: ignore[union-attr]
            unchanged += 1
            continue
        row_status = status
        if status is Status.REVIEWED and not same:
            row_status = Status.EDITED  # changed text is an edit, not an acceptance
        entries.append(entry_for(seg, en, row_status, engine="editor", date=today))
    if problems:
        raise ValidationError([f"{path}: {p}" for p in problems], summary="worksheet not imported")
    return entries, unchanged


def import_worksheet(path: Path, articles: tuple[Article, ...], tm_dir: Path,
                     today: str | None = None) -> tuple[int, int]:
    """Merge a filled worksheet into the memory; returns (imported, unchanged) row counts."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"worksheet is not UTF-8 (byte {exc.start})", path=path,
                         hint="save it as UTF-8 and import again") from None
    slug, status, rows = parse_worksheet(text, path)
    article = next((a for a in articles if a.slug == slug), None)
    if article is None:
        raise InputError(f"article '{slug}' is not in this briefing", path=path,
                         hint="check the 'article:' line against the slugs in seeds/*.yml")
    with tm_lock(tm_dir):
        target = tm_path(tm_dir, slug)
        existing = read_tm(target)
        entries, unchanged = import_rows(article, status, rows, path,
                                         today or dt.date.today().isoformat(),
                                         resolve(article, existing))
        if entries:
            write_tm(target, slug, merge_entries(existing, entries), reading_order(article))
    return len(entries), unchanged
