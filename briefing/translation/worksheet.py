"""Editor worksheets: export an article's segments to fill in English, import them into the
translation memory as human translations (each stamped with the time of the import; a row's
English replaces the sentence's earlier human English, as a save in `briefing review` does)."""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

import yaml

from briefing.editor_yaml import as_text, line_of, load_text, raise_problems, read_text_file, where
from briefing.errors import InputError, ValidationError
from briefing.model import Article, Status, Translation
from briefing.translation.memory import (Entry, entry_for, merge_entries, now_stamp, read_tm, reading_order,
                                         resolve, tm_lock, tm_path, write_tm)

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
    data = load_text(text, path, what="worksheet is not valid YAML")  # an English "No" stays "No"
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        raise InputError("a worksheet needs 'article', 'status' and a list 'segments'", path=path,
                         hint="export a fresh one with 'briefing tm export SLUG -o FILE'")
    status = as_text(data.get("status")) or "editor"
    if status not in HUMAN:
        raise InputError(f"status '{status}' must be one of {', '.join(sorted(HUMAN))}", path=path,
                         hint="machine drafts come only from 'briefing translate'")
    rows, problems = [], []
    for i, row in enumerate(data["segments"], start=1):
        if not isinstance(row, dict) or not row.get("id"):
            problems.append(where(path, line_of(row) or line_of(data, "segments"), f"segments[{i}]")
                            + "needs 'id', 'zh' and 'en'")
            continue
        bad = [k for k in ("id", "zh", "en") if isinstance(row.get(k), (dict, list))]
        if bad:
            problems.append(where(path, line_of(row, bad[0]), f"segments[{i}].{bad[0]}")
                            + "must be text (quote it if it starts with [ or {)")
            continue
        rows.append((as_text(row["id"]), as_text(row.get("zh")), as_text(row.get("en")).strip()))
    raise_problems(problems, f"{path}: worksheet not imported",
                   hint="fix those lines, or export a fresh worksheet")
    return as_text(data.get("article")), Status(status), rows


def import_rows(article: Article, status: Status, rows: list[tuple[str, str, str]],
                path: Path, when: str, current: Mapping[str, Translation] | None = None
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
        if same and cur is not None and (cur.status.is_human or status is not Status.REVIEWED):
            unchanged += 1
            continue
        row_status = status
        if status is Status.REVIEWED and not same:
            row_status = Status.EDITED  # changed text is an edit, not an acceptance
        entries.append(entry_for(seg, en, row_status, engine="editor", date=when))
    if problems:
        raise ValidationError([f"{path}: {p}" for p in problems], summary="worksheet not imported")
    return entries, unchanged


def import_worksheet(path: Path, articles: tuple[Article, ...], tm_dir: Path,
                     when: str | None = None) -> tuple[int, int]:
    """Merge a filled worksheet into the memory, stamped `when` (default: now, with this clock's
    offset); returns (imported, unchanged) row counts. Under the memory's lock, against the file
    as it is then: a running `briefing translate` or a review save meanwhile loses nothing."""
    text = read_text_file(path, what="worksheet", confine=False)  # named by the user: anywhere
    slug, status, rows = parse_worksheet(text, path)
    article = next((a for a in articles if a.slug == slug), None)
    if article is None:
        raise InputError(f"article '{slug}' is not in this briefing", path=path,
                         hint="check the 'article:' line against the slugs in seeds/*.yml")
    with tm_lock(tm_dir):
        target = tm_path(tm_dir, slug)
        existing = read_tm(target)
        entries, unchanged = import_rows(article, status, rows, path, when or now_stamp(),
                                         resolve(article, existing))
        if entries:
            write_tm(target, slug, merge_entries(existing, entries), reading_order(article))
    return len(entries), unchanged
