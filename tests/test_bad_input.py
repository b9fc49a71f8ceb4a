"""Bad input through the CLI: a clear message naming the file (and line), no traceback, no data lost.

Unit-level checks of the same cases live beside the code they test: decoding, empty and binary
seeds in tests/test_ingest.py; damaged memory files and the lock in tests/test_tm.py; an
interrupted in-process translate run in tests/test_mt_path.py. Here every case goes through
`briefing build` / `briefing translate` as a user would run them.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.sources.ingest import MAX_SEED_BYTES
from briefing.model import Status
from briefing.translation.memory import read_tm
from support import fragments, make_project

TESTS = Path(__file__).resolve().parent
TEXT = ("深度求索发布新模型\n\n"
        "深度求索发布了新的开源模型。英伟达的股价随即下跌了17%。\n\n"
        "美国计划投资5000亿美元。这个计划名为星际之门。分析人士认为影响深远。\n\n"
        "训练成本仅为600万美元。\n")
HANT = "深度求索發布新模型\n\n深度求索發布了新的開源模型。輝達的股價隨即下跌了17%。\n"


def build(root: Path, *args: str):
    return CliRunner().invoke(main, ["build", "-p", str(root), "--no-mkdocs", *args])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_clear_error(result, where: str) -> str:
    """Exit 1, no traceback, and the first line of the message names `where` (file[:line])."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # not a crash
    assert "Traceback" not in result.output
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1 and where in errors[0], result.output
    return errors[0]


# ---------------------------------------------------------------- seeds

def test_gb18030_big5_and_bom_crlf_seeds_build(tmp_path):
    root = make_project(tmp_path, seeds={
        "000_gb.txt": TEXT.encode("gb18030"),
        "001_big5.txt": HANT.encode("big5"),
        "002_bom.txt": b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8"),
    })
    result = build(root)
    assert result.exit_code == 0, result.output
    pages = {p.parent.name: p.read_text(encoding="utf-8") for p in (root / "docs" / "articles").glob("*/index.md")}
    assert "英伟达的股价随即下跌了17%" in pages["000-gb"]
    assert "輝達的股價隨即下跌了17%" in pages["001-big5"]
    assert "\r" not in pages["002-bom"] and "\ufeff" not in pages["002-bom"]
    assert "英伟达的股价随即下跌了17%" in pages["002-bom"]


CHROME_ONLY = "logo\n相关文章推荐\n发表评论\n正在加載\n标签：AI\n责编：张三\n版权所有：某网站\n"


@pytest.mark.parametrize("name, data, message", [
    ("001_empty.txt", b"", "file is empty"),
    ("001_blank.txt", b"\xef\xbb\xbf \r\n\r\n", "file is empty"),
    ("001_binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
    ("001_latin1.txt", "Ça coûte très cher. Déjà vu.".encode("latin-1") * 20, "not UTF-8"),
    ("001_chrome.txt", CHROME_ONLY.encode(), "nothing is left after removing site chrome"),
])
def test_unusable_seed_is_refused_naming_it_and_nothing_is_lost(tmp_path, name, data, message):
    root = make_project(tmp_path, seeds={"000_good.txt": TEXT.encode()})
    assert build(root).exit_code == 0
    docs_before = snapshot(root / "docs")
    (root / "seeds" / name).write_bytes(data)
    first = assert_clear_error(build(root), f"seeds/{name}")
    assert message in first
    assert snapshot(root / "docs") == docs_before  # the last good pages stay
    assert (root / "seeds" / name).read_bytes() == data  # seeds are never touched


def test_oversized_article_is_refused_at_once(tmp_path, monkeypatch):
    """Decision (README, 'Adding an article'): one seed is one article; a file over the limit is refused
    before it is read, so a pasted site dump cannot stall the build or bloat the site."""
    root = make_project(tmp_path, seeds={"000_good.txt": TEXT.encode()})
    big = root / "seeds" / "001_big.txt"
    paragraph = ("美国计划投资5000亿美元建设人工智能基础设施，这个计划名为星际之门。" * 8 + "\n\n").encode()
    big.write_bytes(paragraph * (5 * 1024 * 1024 // len(paragraph) + 1))
    assert big.stat().st_size > MAX_SEED_BYTES
    read = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        assert path != big, "the oversized seed was read"  # refused by its size alone
        return read(path)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    first = assert_clear_error(build(root), "seeds/001_big.txt")
    assert "MB" in first and "limit" in first


# ---------------------------------------------------------------- markup in the source text

HOSTILE = ("<i>标题</i>测试文章\n\n"
           "这是正文<script>alert(\"x\")</script>的一部分，后面还有更多的文字内容。\n\n"
           "<img src=x onerror=alert(1)>这一段以图片标签开头，并且足够长，不会被当成标题来处理。\n\n"
           "**粗体**和_斜体_以及[链接](http://example.com)还有`代码`，这些都应原样显示出来。\n\n"
           "# 这一行以井号开头，但它是正文而不是标题，所以应当原样显示出来。\n\n"
           "{{ config.site_name }}和{% if true %}模板{% endif %}语法出现在正文里，也应原样显示。\n\n"
           "&lt;已转义&gt;和&amp;符号，以及<!-- 注释 -->都应原样显示出来。\n")


@pytest.mark.slow
def test_html_markdown_and_jinja_in_the_source_are_shown_as_text(tmp_path):
    root = make_project(tmp_path, sample=("mkdocs.yml", "overrides"), seeds={"000_hostile.txt": HOSTILE.encode()})
    result = CliRunner().invoke(main, ["build", "-p", str(root)])
    assert result.exit_code == 0, result.output
    html = (root / "site" / "articles" / "000-hostile" / "index.html").read_text(encoding="utf-8")
    for markup in ("<script>alert", "<img src=x", "<i>标题", "<strong>粗体", "<em>斜体",
                   'href="http://example.com"', "<code>代码", "<h1>这一行", "<!-- 注释"):
        assert markup not in html, markup
    for literal in ("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;",
                    "**粗体**", "_斜体_", "[链接](http://example.com)", "`代码`", "# 这一行",
                    "{{ config.site_name }}", "{% if true %}", "&amp;lt;已转义&amp;gt;", "注释 --&gt;"):
        assert literal in html, literal
    # the title (page title, nav, search) never carries live markup either
    assert "<i>" not in html.split("<body", 1)[0]
    record = fragments(root / "site", "zh")["/articles/000-hostile/"]  # the Chinese index
    assert "<" not in record["meta"]["title"]  # the result title, shown by search.js as text
    text = record["content"].replace("\u200b", "")
    # indexed as the text it is (live markup would have been dropped or hidden from the index)
    assert '<script>alert("x")</script>' in text and "<img src=x onerror=alert(1)>" in text


# ---------------------------------------------------------------- broken YAML

@pytest.mark.parametrize("rel, text, line", [
    ("seeds/000_good.yml", "slug: good\ntitle_zh: [unclosed\noutlet: x\n", 3),
    ("curation/overview.yml", "title_en: ok\ntitle_zh: \"unclosed\noverview_en: x\n", None),
    ("curation/glossary.yml", "entries:\n  - en: Nvidia\n    hans: [英伟达\n  - en: x\n", None),
])
def test_broken_yaml_names_file_and_line(tmp_path, rel, text, line):
    root = make_project(tmp_path, seeds={"000_good.txt": TEXT.encode()})
    (root / rel).parent.mkdir(exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")
    result = build(root)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    import re
    m = re.search(re.escape(rel) + r":(\d+):", result.output)
    assert m, result.output
    if line is not None:
        assert int(m.group(1)) == line
    assert (root / rel).read_text(encoding="utf-8") == text
    assert not (root / "docs" / "index.md").exists()  # nothing half written


# ---------------------------------------------------------------- translation memory

def translate(root: Path, *args: str):
    return CliRunner().invoke(main, ["translate", "-p", str(root), *args])


def _truncate(text: str) -> str:
    # cut a middle entry right after its English begins: it loses status and engine
    cut = [i for i in range(len(text)) if text.startswith("\n  en: ", i)]
    return text[: cut[len(cut) // 2] + 10]


def _mangle_hash(text: str) -> str:
    lines = text.splitlines(keepends=True)
    i = [n for n, ln in enumerate(lines) if ln.lstrip("- ").startswith("hash: ")][2]
    lines[i] = lines[i][:-6] + "00000\n"
    return "".join(lines)


@pytest.mark.parametrize("damage, message", [
    (_truncate, "entry lacks status, engine"),
    (_mangle_hash, "hash does not match its source text"),
    (lambda text: text.replace("status: machine", "status: ok", 1), "status 'ok' is not one of"),
    (lambda text: text[: len(text) // 3] + "\x00\x01 [{", "not valid YAML"),
])
def test_damaged_memory_stops_build_and_translate_and_is_never_rewritten(tmp_path, fake_engine,
                                                                          damage, message):
    root = make_project(tmp_path, seeds={"000_good.txt": TEXT.encode()})
    assert translate(root).exit_code == 0
    path = root / "translations" / "000-good.yml"
    damaged = damage(path.read_text(encoding="utf-8"))
    path.write_text(damaged, encoding="utf-8")
    for result in (build(root), translate(root)):
        first = assert_clear_error(result, "translations/000-good.yml:")
        assert message in first
        assert path.read_text(encoding="utf-8") == damaged


HELD_TRANSLATE = """
import sys
from pathlib import Path
from briefing.config import load_project
from briefing.translation.machine import translate_project
from support import FakeEngine

class HeldEngine(FakeEngine):
    # Asked for its second batch, the first is saved (flush_every=0): it says so on stdout and
    # waits for a line on stdin, so the test, not the machine's speed, decides what happens
    # while the run is half done.
    held = False

    def translate(self, sentences):
        if self.calls and not self.held:
            self.held = True
            print("saved", flush=True)
            sys.stdin.readline()
        return super().translate(sentences)

translate_project(load_project(Path(sys.argv[1])), HeldEngine(), batch_size=1, flush_every=0)
"""


def start_held_translate(tmp_path: Path, root: Path) -> subprocess.Popen:
    """A translate run in another process, one segment a batch, held after its first save until
    a line is written to its stdin."""
    script = tmp_path / "held_translate.py"
    script.write_text(HELD_TRANSLATE, encoding="utf-8")
    return subprocess.Popen([sys.executable, str(script), str(root)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(TESTS)})  # tests/support.py


def wait_for_first_save(path: Path, proc: subprocess.Popen, bound: float = 120) -> list:
    """What the held run had saved when it stopped to wait (it says so: no polling; `bound`
    only keeps a run that hangs from holding up the suite)."""
    ready, _, _ = select.select([proc.stdout], [], [], bound)
    assert ready, f"the translate run neither held nor ended in {bound} s"
    said = proc.stdout.readline()  # "saved", or nothing when the run ended first
    assert said == "saved\n", (said, proc.communicate())
    return read_tm(path)


def long_text(paragraphs: int) -> bytes:
    body = "\n\n".join(f"第{i}段说明美国计划投资{i}亿美元。第{i}位分析人士认为影响深远。" for i in range(1, paragraphs + 1))
    return ("测试文章标题\n\n" + body + "\n").encode()


@pytest.mark.slow
def test_second_translate_run_is_locked_out_and_the_memory_stays_whole(tmp_path, fake_engine):
    root = make_project(tmp_path, seeds={"000_good.txt": long_text(10)})
    first = start_held_translate(tmp_path, root)
    try:
        path = root / "translations" / "000-good.yml"
        wait_for_first_save(path, first)  # it holds the lock from before its first save
        second = translate(root)  # while the first run is held
        assert second.exit_code == 4, second.output
        assert "another 'briefing translate'" in second.output and "Traceback" not in second.output
        out, err = first.communicate("go on\n", timeout=120)
        assert first.returncode == 0, (out, err)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    entries = read_tm(path)  # whole and parseable
    assert len(entries) == 21 and {e.status for e in entries} == {Status.MACHINE}
    assert "nothing to translate" in translate(root).output


@pytest.mark.slow
def test_kill_9_during_translate_loses_no_saved_work_and_a_rerun_finishes(tmp_path, fake_engine):
    root = make_project(tmp_path, seeds={"000_good.txt": long_text(10)})
    proc = start_held_translate(tmp_path, root)
    path = root / "translations" / "000-good.yml"
    try:
        saved = wait_for_first_save(path, proc)  # the run is then held: it cannot finish
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    at_kill = read_tm(path)  # the file is whole: every save is a temp file + rename
    assert 0 < len(saved) <= len(at_kill) < 21
    rerun = translate(root)  # the dead run's lock went with it
    assert rerun.exit_code == 0, rerun.output
    final = {e.id: e for e in read_tm(path)}
    assert len(final) == 21
    assert all(final[e.id] == e for e in at_kill)  # nothing saved before the kill was lost
