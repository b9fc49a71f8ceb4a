"""publish/cache.py: the per-seed cache keeps one entry per seed and kind, and build records."""

from __future__ import annotations

from briefing.publish.cache import ArticleCache, digest, read_record, write_record


def test_a_put_replaces_the_seeds_older_entry_of_that_kind_only(tmp_path):
    first = ArticleCache(tmp_path, "salt")
    first.put("001_a", "page", "k1", {"v": 1})
    first.put("001_a", "loaded", "k1", "loaded")
    first.put("002_b", "page", "k1", "b")
    later = ArticleCache(tmp_path, "salt")  # another build: lists what the first one left
    later.put("001_a", "page", "k2", {"v": 2})
    assert later.get("001_a", "page", "k2") == {"v": 2} and later.get("001_a", "page", "k1") is None
    later.put("001_a", "page", "k3", {"v": 3})  # and what it wrote itself
    names = sorted(p.name.rsplit(".", 1)[0] for p in tmp_path.iterdir())
    assert names == ["001_a.loaded", "001_a.page", "002_b.page"]
    assert later.get("002_b", "page", "k1") == "b" and later.get("001_a", "loaded", "k1") == "loaded"


def test_records_round_trip_and_a_damaged_one_reads_as_none(tmp_path):
    write_record(tmp_path / "r.json", {"key": digest("a", b"b"), "n": 3})
    assert read_record(tmp_path / "r.json") == {"key": digest("a", b"b"), "n": 3}
    (tmp_path / "r.json").write_text("{torn", encoding="utf-8")
    assert read_record(tmp_path / "r.json") == {} and read_record(tmp_path / "none.json") == {}
    assert digest("ab", "c") != digest("a", "bc")  # parts are length-prefixed
