"""The writer: changed pages only, stale generated pages removed, hand-written pages untouched."""

from __future__ import annotations

import json
import os

import pytest

from briefing.errors import BuildError, ValidationError
from briefing.writer import MANIFEST, write_pages


@pytest.fixture
def docs(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    (d / "about.md").write_text("# About\nhand-written\n", encoding="utf-8")
    (d / "assets").mkdir()
    (d / "assets" / "site.css").write_text("body{}", encoding="utf-8")
    return d


def test_first_write_then_only_changed(docs):
    pages = {"index.md": "home", "articles/a.md": "A", "articles/b.md": "B"}
    r1 = write_pages(docs, pages)
    assert r1.written == ["articles/a.md", "articles/b.md", "index.md"]
    mtime = os.stat(docs / "articles/a.md").st_mtime_ns
    r2 = write_pages(docs, {**pages, "articles/b.md": "B2"})
    assert r2.written == ["articles/b.md"]
    assert sorted(r2.unchanged) == ["articles/a.md", "index.md"]
    assert os.stat(docs / "articles/a.md").st_mtime_ns == mtime
    assert (docs / "articles/b.md").read_text(encoding="utf-8") == "B2"


def test_stale_generated_pages_removed_hand_written_kept(docs):
    write_pages(docs, {"index.md": "home", "articles/a.md": "A", "old/x.md": "X"})
    r = write_pages(docs, {"index.md": "home", "articles/a.md": "A"})
    assert r.removed == ["old/x.md"]
    assert not (docs / "old").exists()  # its emptied folder goes too
    assert (docs / "about.md").read_text(encoding="utf-8") == "# About\nhand-written\n"
    assert (docs / "assets" / "site.css").exists()
    manifest = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {"index.md", "articles/a.md"}


def test_hand_edit_of_generated_page_is_overwritten(docs):
    write_pages(docs, {"index.md": "home"})
    (docs / "index.md").write_text("edited by hand", encoding="utf-8")
    assert write_pages(docs, {"index.md": "home"}).written == ["index.md"]
    assert (docs / "index.md").read_text(encoding="utf-8") == "home"


def test_refuses_to_overwrite_hand_written_page_and_writes_nothing(docs):
    with pytest.raises(ValidationError) as err:
        write_pages(docs, {"index.md": "home", "about.md": "generated about"})
    assert "about.md" in str(err.value) and "hand-written" in str(err.value)
    assert (docs / "about.md").read_text(encoding="utf-8") == "# About\nhand-written\n"
    assert not (docs / "index.md").exists()  # checked before anything is written


@pytest.mark.parametrize("bad", ["../escape.md", "/abs.md", ".hidden.md", "x.html"])
def test_refuses_paths_outside_docs(docs, bad):
    with pytest.raises(ValidationError):
        write_pages(docs, {bad: "x"})
    assert not (docs.parent / "escape.md").exists()


def test_damaged_manifest_is_a_clear_error(docs):
    (docs / MANIFEST).write_text("{not json", encoding="utf-8")
    with pytest.raises(BuildError) as err:
        write_pages(docs, {"index.md": "home"})
    assert MANIFEST in str(err.value)
