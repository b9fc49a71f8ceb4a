"""The translation memory: resolution rules, damage detection, atomic writes, the lock."""

import re

import pytest

from briefing.sources.script import Conversion
from briefing.sources.articles import build_article
from briefing.errors import BriefingError, InputError, LockedError
from briefing.model import ArticleMeta, Status
from briefing.translation.memory import (Entry, entry_for, merge_entries, missing_segments, parse_tm, read_tm,
                         reading_order, resolve, tm_lock, tm_path, write_tm)

SEED = "标题\n\n第一句话在这里。第二句话在这里。\n"


@pytest.fixture
def article():
    return build_article(SEED, ArticleMeta(slug="a", source_file="000_a.txt", title_zh="标题"), conversion=Conversion())


def test_human_text_wins_over_machine_whatever_the_order(article):
    seg = article.paragraphs[0].segments[0]
    machine = entry_for(seg, "machine draft", Status.MACHINE, "argos", "zh_en 1.9", "2026-01-02")
    human = entry_for(seg, "Editor text.", Status.EDITOR, "editor", date="2025-01-01")
    for entries in ([machine, human], [human, machine]):
        assert resolve(article, entries)[seg.id].en == "Editor text."


def test_machine_merge_never_replaces_human_entries(article):
    seg = article.paragraphs[0].segments[0]
    human = entry_for(seg, "Editor text.", Status.EDITOR, "editor")
    merged = merge_entries([human], [entry_for(seg, "v1", Status.MACHINE, "argos", "m1")])
    merged = merge_entries(merged, [entry_for(seg, "v2", Status.MACHINE, "argos", "m1")])
    assert [e.en for e in merged] == ["Editor text.", "v2"]


def test_human_english_replaces_the_human_english_of_its_source_only(article):
    from dataclasses import replace
    seg = article.paragraphs[0].segments[0]
    draft = entry_for(seg, "Draft.", Status.MACHINE, "argos", "m1", "2026-01-01")
    older = [entry_for(seg, "Own.", Status.EDITOR, "editor", date="2026-01-02"),
             entry_for(seg, "Edited.", Status.EDITED, "argos", "m1", "2026-01-02")]
    earlier_source = entry_for(replace(seg, source="第一句旧话在这里。"), "Old source.", Status.EDITOR, "editor")
    newest = entry_for(seg, "Own again.", Status.EDITOR, "editor", date="2026-01-02")
    merged = merge_entries([draft, *older, earlier_source], [newest])
    assert merged == [draft, earlier_source, newest]  # the draft stays beside, for the post-edit distance
    assert resolve(article, merged)[seg.id].en == "Own again."


def test_two_human_entries_of_one_time_the_later_in_the_file_is_shown(article):
    """A file edited by hand may hold two human entries of one sentence with the same date (no
    writer of ours leaves two): the later one in the file is shown, in either order, every time."""
    seg = article.paragraphs[0].segments[0]
    for date in ("2026-01-02", "2026-01-02T10:00:00+01:00"):
        one = entry_for(seg, "One.", Status.EDITOR, "editor", date=date)
        two = entry_for(seg, "Two.", Status.REVIEWED, "argos", "m1", date)
        assert resolve(article, [one, two])[seg.id].en == "Two."
        assert resolve(article, [two, one])[seg.id].en == "One."
    same_instant = [entry_for(seg, "Paris.", Status.EDITOR, "editor", date="2026-01-02T10:00:00+01:00"),
                    entry_for(seg, "London.", Status.EDITOR, "editor", date="2026-01-02T09:00:00+00:00")]
    assert resolve(article, same_instant)[seg.id].en == "London."  # one instant on two clocks
    assert resolve(article, same_instant[::-1])[seg.id].en == "Paris."


def test_changed_source_is_stale_not_silently_reused(article):
    old = entry_for(article.paragraphs[0].segments[0], "First sentence.", Status.EDITOR, "editor")
    edited = build_article(SEED.replace("第一句话", "第一句新话"),
                           ArticleMeta(slug="a", source_file="000_a.txt", title_zh="标题"), conversion=Conversion())
    shown = resolve(edited, [old])
    seg_id = edited.paragraphs[0].segments[0].id
    assert shown[seg_id].stale and shown[seg_id].en == "First sentence."
    assert seg_id in {s.id for s in missing_segments(edited, shown)}


def test_write_is_stable_and_round_trips(tmp_path, article):
    entries = [entry_for(s, f"English {i}.", Status.EDITOR, "editor", date="2026-11-22")
               for i, s in enumerate(article.segments())]
    path = tm_path(tmp_path, "a")
    assert write_tm(path, "a", reversed(entries), reading_order(article)) is True
    assert write_tm(path, "a", entries, reading_order(article)) is False  # unchanged: not rewritten
    assert read_tm(path) == entries
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("text, message", [
    ("article: a\nentries:\n- id: a/p1-s1\n  hash: 0123\n", r":3: entry lacks en, status, engine"),
    ("article: a\nentries: [\n", r"not valid YAML"),
    ("article: a\nentries:\n- {id: a/p1-s1, hash: 0123456789abcdef, en: x, status: great, engine: e}\n",
     r"status 'great' is not one of machine, edited, reviewed, editor"),
    ("article: a\nentries:\n- {id: a/p1-s1, hash: 0123456789abcdef, source: 第一句, en: x, status: editor, engine: e}\n",
     r"hash does not match its source text"),
])
def test_damaged_memory_is_a_clear_error(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        parse_tm(text, tmp_path / "a.yml")


def test_damaged_file_is_never_rewritten(tmp_path):
    path = tmp_path / "a.yml"
    path.write_text("article: a\nentries: [\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_tm(path)
    assert path.read_text(encoding="utf-8") == "article: a\nentries: [\n"


def test_a_second_run_is_refused_and_the_memory_lock_is_apart_from_the_run_lock(tmp_path):
    from briefing.translation.memory import run_lock
    with run_lock(tmp_path):
        with pytest.raises(LockedError, match="another 'briefing translate'"):
            with run_lock(tmp_path):
                pass
        with tm_lock(tmp_path, wait=0):  # a run does not keep editors' saves out
            pass
    with tm_lock(tmp_path):
        with pytest.raises(LockedError, match="has held the translation memory's lock for 0.05 s"):
            with tm_lock(tmp_path, wait=0.05):
                pass
        with run_lock(tmp_path):
            pass
    with tm_lock(tmp_path, wait=0), run_lock(tmp_path):  # both released again
        pass


def test_entry_keeps_provenance(article):
    seg = article.title
    e = entry_for(seg, "Title", Status.MACHINE, "argos", "translate-zh_en 1.9", "2026-11-22")
    assert isinstance(e, Entry)
    t = e.to_translation()
    assert (t.status, t.engine, t.model, t.date) == (Status.MACHINE, "argos", "translate-zh_en 1.9", "2026-11-22")


def test_atomic_write_gives_ordinary_file_permissions(tmp_path):
    import os
    from briefing.io import write_text_atomic
    path = tmp_path / "x.yml"
    write_text_atomic(path, "a: 1\n")
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_editor_words_stay_text_and_every_damaged_entry_is_reported(article, tmp_path):
    seg1, seg2 = article.paragraphs[0].segments
    path = tmp_path / "a.yml"
    write_tm(path, "a", [entry_for(seg1, "x", Status.EDITOR, "editor", date="2025-01-28"),
                         entry_for(seg2, "y", Status.EDITOR, "editor", date="2025-01-28")])
    text = path.read_text(encoding="utf-8")
    # an editor types English that YAML 1.1 would read as a boolean and a float
    edited = text.replace("en: x", "en: No").replace("en: y", "en: 1.50")
    assert [e.en for e in parse_tm(edited, path)] == ["No", "1.50"]
    # two damaged entries (an impossible date, a list for a key): both named, with their lines
    head, tail = edited.rsplit("engine: editor", 1)
    damaged = (head + "engine: editor\n  1: [x]" + tail).replace("date: '2025-01-28'", "date: 2025-02-30", 1)
    with pytest.raises(BriefingError) as err:
        parse_tm(damaged, path)
    msg = str(err.value)
    assert "not a real date" in msg and "unknown key(s) 1" in msg, msg
    assert len(re.findall(r"a\.yml:\d+: ", msg)) >= 2, msg


def test_entry_by_entry_dump_is_the_whole_document_dump_and_flags_round_trip(tmp_path):
    """dump_tm reuses each entry's YAML; the text must be what one yaml.dump would give."""
    import yaml

    from briefing.translation.memory import HEADER, _Dumper, _entry_data, dump_tm

    odd = ["line1\nline2", ": colon", "- dash", "'quoted' \"x\"", "yes", "  lead", "#hash",
           "x" * 3000, "tab\tin", "中文，标点。", "\u2028sep"]
    entries = [Entry(id=f"a/p{i}-s1", hash=f"{i:016x}", source="", en=en, status=Status.MACHINE,
                     engine="argos", model="m 1", date="2025-01-01",
                     flags=("truncated",) if i % 2 else ())
               for i, en in enumerate(odd, start=1)]
    whole = HEADER + yaml.dump({"article": "a", "entries": [_entry_data(e) for e in entries]},
                               Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                               width=1 << 20, default_flow_style=False)
    assert dump_tm("a", entries, {e.id: i for i, e in enumerate(entries)}) == whole
    assert dump_tm("a", []).endswith("entries: []\n")
    path = tmp_path / "a.yml"
    write_tm(path, "a", entries, {e.id: i for i, e in enumerate(entries)})
    assert read_tm(path) == entries
    assert "flags:" not in dump_tm("a", [e for e in entries if not e.flags])  # files without flags unchanged


def test_memory_read_line_by_line_is_read_as_yaml_reads_it():
    """The fast reading of files as briefing writes them gives YAML's values, or gives up."""
    import random

    from briefing.editor_yaml import load_text
    from briefing.translation.memory import dump_tm
    from briefing.translation.memory_lines import read_as_written, scalar_text

    rng = random.Random(12)
    alphabet = ["a", "Z", " ", "  ", ":", ": ", "#", " #", "'", '"', "-", "- ", "?", "!", "&", "*", "|",
                ">", "%", "@", "`", "[", "]", "{", "}", ",", "~", "null", "No", "1.50", "\t", "\\",
                "中", "，", "\u00a0", "\u2028", "\x85", "\ufeff", "\x7f", "\ue000", "é"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(3000)]
    texts = [t if i % 2 else f"The text {i}." for i, t in enumerate(texts)]  # many files in the form
    entries = [Entry(id=f"a/p{i}-s1", hash=f"{i:016x}", source="", en=t, status=Status.EDITOR,
                     engine=rng.choice(["human", t]), model=rng.choice(["", t]), date="2025-01-01",
                     by=rng.choice(["", t.strip() or "x"]))
               for i, t in enumerate(texts, start=1)]
    fast_files = 0
    for i in range(0, len(entries), 2):
        text = dump_tm("a", entries[i:i + 2])
        written = read_as_written(text)
        fast_files += written is not None
        if written is not None:
            assert written == load_text(text, "a.yml")
    assert 50 < fast_files < len(entries) // 2  # both readings were exercised
    for t in texts + [f"{a}{t}{b}" for t in texts[:300] for a, b in (("'", "'"), ("x ", "y"))]:
        value = scalar_text(t)
        if value is not None:
            assert load_text(f"k: {t}\n", "a.yml") == {"k": value}, t


# ---------------------------------------------------------------- saving one segment (briefing review)

def test_save_segment_writes_when_the_version_is_the_one_seen(tmp_path, article):
    from briefing.translation.memory import save_segment, segment_version
    seg = article.paragraphs[0].segments[0]
    draft = entry_for(seg, "Machine draft.", Status.MACHINE, "argos", "m1", "2026-01-01")
    write_tm(tm_path(tmp_path, "a"), "a", [draft], reading_order(article))
    seen = segment_version(seg, [draft])
    edit = entry_for(seg, "Editor's text.", Status.EDITED, "editor", date="2026-01-02", by="Ana")
    result = save_segment(tmp_path, article, edit, seen)
    assert result.saved and result.version != seen
    stored = read_tm(tm_path(tmp_path, "a"))
    assert stored == [edit, draft] or stored == [draft, edit]  # the draft stays, for post-edit distance
    assert resolve(article, stored)[seg.id].en == "Editor's text."
    assert "  by: Ana\n" in tm_path(tmp_path, "a").read_text(encoding="utf-8")
    assert result.version == segment_version(seg, stored)


def test_save_segment_refuses_a_version_that_moved_on(tmp_path, article):
    from briefing.translation.memory import save_segment, segment_version
    seg = article.paragraphs[0].segments[0]
    seen = segment_version(seg, [])  # the editor saw no English
    first = entry_for(seg, "First tab.", Status.EDITOR, "editor", date="2026-01-02", by="Ana")
    assert save_segment(tmp_path, article, first, seen).saved
    path = tm_path(tmp_path, "a")
    before = path.read_bytes()
    second = entry_for(seg, "Second tab.", Status.EDITOR, "editor", date="2026-01-02", by="Bo")
    result = save_segment(tmp_path, article, second, seen)  # what it saw is gone
    assert not result.saved and [e.en for e in result.entries] == ["First tab."]
    assert path.read_bytes() == before  # nothing written
    # with the version it now has seen, it may replace the first: one human entry per source
    assert save_segment(tmp_path, article, second, result.version).saved
    assert [e.en for e in read_tm(path)] == ["Second tab."]


def test_a_new_machine_draft_changes_the_version(article):
    from briefing.translation.memory import segment_version
    seg, other = article.paragraphs[0].segments
    draft = entry_for(seg, "Draft.", Status.MACHINE, "argos", "m1", "2026-01-01")
    assert segment_version(seg, []) != segment_version(seg, [draft])
    # another segment's entries do not touch it, and order does not matter
    elsewhere = entry_for(other, "Other.", Status.EDITOR, "editor")
    assert segment_version(seg, [draft, elsewhere]) == segment_version(seg, [elsewhere, draft])
    assert segment_version(seg, [draft]) == segment_version(seg, [draft, elsewhere])


def test_save_segment_waits_for_the_lock_then_gives_up(tmp_path, article, monkeypatch):
    import threading
    import time
    from briefing.translation import memory
    seg = article.title
    edit = entry_for(seg, "Title", Status.EDITOR, "editor", date="2026-01-02")
    with tm_lock(tmp_path):
        with pytest.raises(LockedError):
            memory.save_segment(tmp_path, article, edit, memory.segment_version(seg, []), wait=0.05)
    # a writer that finishes while the save waits for it: the save goes through
    held, waiting = threading.Event(), threading.Event()
    sleep = time.sleep

    def noted_sleep(seconds):
        waiting.set()  # the save found the lock taken and is waiting
        sleep(seconds)
    monkeypatch.setattr(memory.time, "sleep", noted_sleep)

    def writer():
        with tm_lock(tmp_path):
            held.set()
            waiting.wait(5)
    t = threading.Thread(target=writer)
    t.start()
    held.wait(5)
    assert memory.save_segment(tmp_path, article, edit, memory.segment_version(seg, []), wait=5).saved
    assert waiting.is_set()
    t.join()


def test_who_saved_an_entry_round_trips_both_ways(tmp_path, article):
    seg = article.title
    e = entry_for(seg, "Title", Status.REVIEWED, "argos", "m1", "2026-01-02", by="Ana Li")
    path = tm_path(tmp_path, "a")
    write_tm(path, "a", [e])
    text = path.read_text(encoding="utf-8")
    assert read_tm(path) == [e]  # the fast line reader
    assert parse_tm(text.replace("by: Ana Li", 'by: "Ana Li"'), path) == [e]  # YAML


def _machine_memory(tmp_path, article, english: str):
    """Article "a"'s memory written with a machine draft for each segment (`english` formatted
    with its index): (the file, its entries, its text as written)."""
    entries = [entry_for(s, english.format(i), Status.MACHINE, "argos", "m1", "2026-01-01")
               for i, s in enumerate(article.segments())]
    path = tm_path(tmp_path, "a")
    write_tm(path, "a", entries, reading_order(article))
    return path, entries, path.read_text(encoding="utf-8")


def test_saving_one_segment_rewrites_no_other_entry(tmp_path, article):
    """Entries read from a file are written again as the file had them (only the saved one is
    made anew), so a save changes only its own lines, even in a file an editor formatted."""
    from briefing.translation.memory import dump_tm, save_segment, segment_version
    segs = article.segments()
    path, entries, canonical = _machine_memory(tmp_path, article, "English {}.")
    assert dump_tm("a", read_tm(path), reading_order(article)) == canonical
    quoted = canonical.replace("en: English 0.", "en: 'English 0.'")  # as an editor may write it
    path.write_text(quoted, encoding="utf-8")
    seen = segment_version(segs[1], read_tm(path))
    edit = entry_for(segs[1], "Edited.", Status.EDITED, "argos", "m1", "2026-02-01", by="Ana")
    assert save_segment(tmp_path, article, edit, seen).saved
    after = path.read_text(encoding="utf-8")
    assert "en: 'English 0.'" in after and after.count("\n- id:") == len(segs) + 1
    removed = set(quoted.splitlines()) - set(after.splitlines())
    assert removed == set()  # every line of the file is still there; the edit only adds


def test_a_reader_that_writes_no_memory_keeps_no_lines(tmp_path, article):
    """The build reads memory with keep_lines=False: the same entries, and nothing kept for a
    rewrite (one written later is made anew); a reader that may write keeps the file's lines."""
    from briefing.translation.memory import dump_tm
    path, entries, canonical = _machine_memory(tmp_path, article, "Kept or not {}.")
    path.write_text(canonical.replace("en: Kept or not 0.", "en: 'Kept or not 0.'"), encoding="utf-8")
    unkept = read_tm(path, keep_lines=False)
    assert sorted(unkept, key=lambda e: e.id) == sorted(entries, key=lambda e: e.id)
    assert dump_tm("a", unkept, reading_order(article)) == canonical
    kept = read_tm(path)
    assert kept == unkept
    assert "en: 'Kept or not 0.'" in dump_tm("a", kept, reading_order(article))


def test_the_time_of_a_save_orders_entries_and_days_alone_still_read(tmp_path, article):
    seg = article.title
    # by the clock, not by the text: 09:00 in UTC+8 is 01:00 UTC, before 02:00 UTC
    east = entry_for(seg, "Saved in Taipei.", Status.EDITED, "argos", "m1", "2026-03-01T09:00:00+08:00")
    west = entry_for(seg, "Saved in London.", Status.EDITED, "argos", "m1", "2026-03-01T02:00:00+00:00")
    day = entry_for(seg, "Saved that day, before times were kept.", Status.EDITOR, "editor", date="2026-03-01")
    for entries in ([west, east, day], [day, east, west]):
        shown = resolve(article, entries)[seg.id]
        assert shown.en == "Saved in London." and shown.date == "2026-03-01"  # the site shows the day
    path = tm_path(tmp_path, "a")
    write_tm(path, "a", [day, east])
    assert read_tm(path) == [day, east]  # as written (line by line)
    path.write_text(path.read_text(encoding="utf-8") + "# a comment: read as YAML\n", encoding="utf-8")
    assert read_tm(path) == [day, east]


@pytest.mark.parametrize("date, message", [
    ("2026-03-01T10:00:00", "a time needs its offset"),
    ("2026-03-01T25:00:00+01:00", "not a real time"),
    ("2026-02-30", "not a real date"),
    ("1 March", "is not a day date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS"),
])
def test_a_date_that_is_neither_a_day_nor_a_time_with_offset_is_refused(tmp_path, date, message):
    text = (f"article: a\nentries:\n- id: a/title\n  hash: 0123456789abcdef\n  en: x\n  status: editor\n"
            f"  engine: editor\n  date: '{date}'\n")
    with pytest.raises(InputError, match=re.escape(message)):
        parse_tm(text, tmp_path / "a.yml")
