"""The writer: changed pages only, stale generated pages removed, hand-written pages untouched."""

from __future__ import annotations

import json
import os

import pytest

from briefing.errors import BuildError, ValidationError
from briefing.publish.writer import MANIFEST, write_pages


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


def test_files_of_a_build_whose_manifest_was_lost_are_counted_not_listed(docs):
    # docs/ copied without its dot-files: every generated file is now "in the way"
    pages = {f"articles/a{i:03}.md": "x" for i in range(300)} | {f"gloss/a{i:03}.json": "{}" for i in range(300)}
    for rel in pages:
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("old", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        write_pages(docs, pages)
    message = str(err.value)
    assert "(600)" in message and len(message.splitlines()) < 30, message
    assert "… and 580 more" in message and "300 in" in message and "/gloss/" in message
    assert MANIFEST in message and "earlier build" in message  # what to do
    assert (docs / "articles" / "a000.md").read_text(encoding="utf-8") == "old"  # nothing written


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


def test_a_build_interrupted_while_writing_does_not_block_the_next(tmp_path, monkeypatch):
    import briefing.publish.writer as writer
    docs = tmp_path / "docs"
    docs.mkdir()
    calls = {"n": 0}
    real = writer.write_bytes_atomic

    def dies_on_second_page(path, data, **how):
        if path.name.endswith(".md"):
            calls["n"] += 1
            if calls["n"] == 2:
                raise KeyboardInterrupt
        real(path, data, **how)
    monkeypatch.setattr(writer, "write_bytes_atomic", dies_on_second_page)
    pages = {"a.md": "A", "b.md": "B"}
    with pytest.raises(KeyboardInterrupt):
        writer.write_pages(docs, pages)
    monkeypatch.setattr(writer, "write_bytes_atomic", real)
    report = writer.write_pages(docs, pages)  # a.md was written last time: still ours
    assert sorted(report.written + report.unchanged) == ["a.md", "b.md"]


def test_a_manifest_naming_paths_outside_docs_is_refused_and_nothing_is_deleted(tmp_path):
    import json
    from briefing.errors import BuildError
    from briefing.publish.writer import MANIFEST, write_pages
    docs = tmp_path / "docs"
    docs.mkdir()
    precious = tmp_path / "precious.md"
    precious.write_text("keep me", encoding="utf-8")
    (docs / MANIFEST).write_text(json.dumps({"files": {"../precious.md": "x"}}), encoding="utf-8")
    with pytest.raises(BuildError, match="names paths outside docs/: ../precious.md"):
        write_pages(docs, {"a.md": "A"})
    assert precious.read_text(encoding="utf-8") == "keep me"


def _hashed(monkeypatch):
    """The paths the writer reads back to hash them, from now on."""
    import briefing.publish.writer as writer
    read: list[str] = []
    real = writer._file_sha

    def counting(path):
        read.append(path.name)
        return real(path)
    monkeypatch.setattr(writer, "_file_sha", counting)
    return read


def test_files_as_written_are_not_read_back(docs, tmp_path, monkeypatch):
    import briefing.publish.writer as writer
    monkeypatch.setattr(writer, "RACY_NS", 0)  # every file written before the record vouches
    record = tmp_path / "written.json"
    pages = {"index.md": "home", "articles/a.md": "A", "articles/b.md": "B"}
    write_pages(docs, pages, record=record)
    read = _hashed(monkeypatch)
    report = write_pages(docs, {**pages, "articles/b.md": "B2"}, record=record)
    assert report.written == ["articles/b.md"] and read == []
    assert not (docs / record.name).exists()  # docs/ holds the pages and the manifest only


def test_a_hand_edit_that_keeps_size_and_modification_time_is_overwritten(docs, tmp_path, monkeypatch):
    import briefing.publish.writer as writer
    monkeypatch.setattr(writer, "RACY_NS", 0)
    record = tmp_path / "written.json"
    write_pages(docs, {"index.md": "home", "a.md": "A"}, record=record)
    before = os.stat(docs / "index.md")
    with open(docs / "index.md", "r+b") as f:  # in place: same inode, same size
        f.write(b"HOME")
    os.utime(docs / "index.md", ns=(before.st_atime_ns, before.st_mtime_ns))  # the time put back
    read = _hashed(monkeypatch)
    assert write_pages(docs, {"index.md": "home", "a.md": "A"}, record=record).written == ["index.md"]
    assert (docs / "index.md").read_text(encoding="utf-8") == "home" and read == ["index.md"]


def test_files_written_just_before_the_record_are_read_back(docs, tmp_path, monkeypatch):
    # an edit in the same tick of the file system's clock, to the same size, keeps the times:
    # a file modified less than RACY_NS before the record was made is hashed next time
    record = tmp_path / "written.json"
    write_pages(docs, {"index.md": "home"}, record=record)
    read = _hashed(monkeypatch)
    assert write_pages(docs, {"index.md": "home"}, record=record).unchanged == ["index.md"]
    assert read == ["index.md"]


def test_a_record_vouches_only_for_the_content_it_was_made_with(docs, tmp_path, monkeypatch):
    # a build interrupted after the manifest named the new content but before the file was
    # written: the file still shows what the record saw, but under the old hash
    import briefing.publish.writer as writer
    monkeypatch.setattr(writer, "RACY_NS", 0)
    record = tmp_path / "written.json"
    write_pages(docs, {"index.md": "home"}, record=record)
    manifest = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"]["index.md"] = writer.hashlib.sha256(b"HOME").hexdigest()
    (docs / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert write_pages(docs, {"index.md": "HOME"}, record=record).written == ["index.md"]
    assert (docs / "index.md").read_text(encoding="utf-8") == "HOME"
