"""Every command on broken projects: a clear message naming what is wrong and what to do, a
non-zero exit, and never a Python traceback.

Each case breaks one small project in one way (bad dates, wrong types, files where folders
should be, read-only output, missing PDF fonts, a damaged memory...). Every command runs on it
in-process; commands the damage does not concern may succeed, but none may crash.
"""

from __future__ import annotations

import errno
import re
import shutil
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

import briefing.io
import briefing.translation.engines.ct2 as ct2
from briefing.cli import main
from briefing.publish import pdf as pdf_module
from support import FakeEngine, make_project

SEED = ("深度求索发布新模型\n\n"
        "深度求索发布了新的开源模型。英伟达的股价随即下跌了17%。\n\n"
        "美国计划投资5000亿美元。这个计划名为星际之门。\n")
META = "slug: good\ntitle_zh: 深度求索发布新模型\noutlet: 某网\npublished: 2025-01-28\nprecision: day\n"
GLOSSARY = "entries:\n  - en: Nvidia\n    zh-Hans: 英伟达\n    zh-Hant: 輝達\n    type: org\n"
TIMELINE = ("events:\n  - date: 2025-01-27\n    precision: day\n    en: A model is released.\n"
            "    zh: 发布新模型。\n    cites: [good/p1-s1]\n")
MEMORY = "translations/good.yml"
NEW_ARTICLE = ("另一篇文章的标题\n\n某市昨天公布了新的公交线路调整方案，十二条线路将在下个月起优化走向。\n\n"
               "交通部门表示，这次调整主要依据过去一年的刷卡数据，重点解决新建小区居民出行不便的问题。\n")

COMMANDS: dict[str, list[str]] = {
    "build": ["build", "--no-mkdocs"],
    "status": ["status"],
    "translate": ["translate"],
    "pdf": ["pdf", "-o", "{root}/out/briefing.pdf"],
    "tm export": ["tm", "export", "good"],
    "tm import": ["tm", "import", "{root}/sheet.yml"],
    "add": ["add", "{root}/new.txt"],  # last: it adds a seed
}


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A small healthy project with a machine-translated memory and a filled worksheet."""
    # new.txt: another article (`add` refuses the same text twice, and a near-empty one)
    root = make_project(tmp_path_factory.mktemp("base"), seeds={"000_good.txt": SEED, "000_good.yml": META},
                        files={"curation/glossary.yml": GLOSSARY, "curation/timeline.yml": TIMELINE,
                               "new.txt": NEW_ARTICLE})
    mp = pytest.MonkeyPatch()
    mp.setattr(ct2, "ArgosEngine", lambda *a, **k: FakeEngine())
    try:
        result = CliRunner().invoke(main, ["translate", "-p", str(root)])
    finally:
        mp.undo()
    assert result.exit_code == 0, result.output
    sheet = CliRunner().invoke(main, ["tm", "export", "-p", str(root), "good"])
    assert sheet.exit_code == 0, sheet.output
    filled = re.sub(r"^  en: .*$", "  en: Filled by an editor.", sheet.stdout, count=1, flags=re.M)
    (root / "sheet.yml").write_text(filled, encoding="utf-8")
    return root


def _replace(rel: str, old: str, new: str, count: int = 1) -> Callable[[Path, pytest.MonkeyPatch], None]:
    def damage(root: Path, mp: pytest.MonkeyPatch) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return damage


def _sub(rel: str, pattern: str, new: str) -> Callable[[Path, pytest.MonkeyPatch], None]:
    def damage(root: Path, mp: pytest.MonkeyPatch) -> None:
        path = root / rel
        text, n = re.subn(pattern, new, path.read_text(encoding="utf-8"), count=1, flags=re.M)
        assert n == 1, (rel, pattern)
        path.write_text(text, encoding="utf-8")
    return damage


def _file_instead_of_folder(rel: str) -> Callable[[Path, pytest.MonkeyPatch], None]:
    def damage(root: Path, mp: pytest.MonkeyPatch) -> None:
        target = root / rel
        if target.is_dir():
            shutil.rmtree(target)
        target.write_text("not a folder\n", encoding="utf-8")
    return damage


def _folder_instead_of_file(rel: str) -> Callable[[Path, pytest.MonkeyPatch], None]:
    def damage(root: Path, mp: pytest.MonkeyPatch) -> None:
        (root / rel).unlink()
        (root / rel).mkdir()
        (root / rel / "stray.txt").write_text("x", encoding="utf-8")
    return damage


def _write(rel: str, data: bytes) -> Callable[[Path, pytest.MonkeyPatch], None]:
    def damage(root: Path, mp: pytest.MonkeyPatch) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return damage


def _read_only_output(root: Path, mp: pytest.MonkeyPatch) -> None:
    """Tests run as root, which chmod does not stop: fail the temp file of every atomic write
    the way a read-only folder does."""
    def refuse(path: Path) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(path.parent))
    mp.setattr(briefing.io, "_open_temp", refuse)


def _no_fonts(root: Path, mp: pytest.MonkeyPatch) -> None:
    mp.setattr(pdf_module, "REQUIRED_FONTS", ("No Such Font CJK XX",))


def _bug(root: Path, mp: pytest.MonkeyPatch) -> None:
    """An unexpected exception deep inside: a short message and a crash log, not a traceback."""
    def boom(*args, **kwargs):
        raise ZeroDivisionError("division by zero")
    mp.setattr("briefing.sources.articles.split_sentences", boom)


def _interrupt(root: Path, mp: pytest.MonkeyPatch) -> None:
    def stop(*args, **kwargs):
        raise KeyboardInterrupt
    mp.setattr("briefing.sources.articles.split_sentences", stop)


# (id, damage, {command: text its message must contain}); commands not listed may succeed.
CASES = [
    ("impossible seed date", _replace("seeds/000_good.yml", "2025-01-28", "2025-02-30"),
     dict.fromkeys(["build", "status", "translate", "pdf", "tm export", "tm import"],
                   "seeds/000_good.yml:4: published: '2025-02-30' is not a real date")),
    ("seed title is a list", _replace("seeds/000_good.yml", "title_zh: 深度求索发布新模型", "title_zh: [a, b]"),
     dict.fromkeys(["build", "status", "pdf", "tm export"], "seeds/000_good.yml:2: title_zh: must be text")),
    ("seed metadata key twice", _replace("seeds/000_good.yml", "outlet: 某网", "outlet: 某网\noutlet: x"),
     dict.fromkeys(["build", "status", "translate"], "seeds/000_good.yml:4: metadata is not valid YAML: key 'outlet' appears twice")),
    ("seed metadata not UTF-8", _write("seeds/000_good.yml", "slug: good\noutlet: 某网\n".encode("gb18030")),
     dict.fromkeys(["build", "status", "translate"], "seeds/000_good.yml: metadata is not UTF-8")),
    ("impossible memory date", _sub(MEMORY, r"^  date: .*$", "  date: 2025-02-30"),
     dict.fromkeys(["build", "status", "translate", "pdf", "tm import"], "is not a real date")),
    ("memory keys of mixed types", _replace(MEMORY, "  engine: fake", "  engine: fake\n  1: x\n  ~: y"),
     dict.fromkeys(["build", "status", "translate", "pdf"], "entry has unknown key(s)")),
    ("memory key is a list", _replace(MEMORY, "  engine: fake", "  engine: fake\n  ? [a, b]\n  : c"),
     dict.fromkeys(["build", "status", "translate"], "translations/good.yml:")),
    ("memory en is a mapping", _replace(MEMORY, "  en: ", "  en:\n    text: ", 1),
     dict.fromkeys(["build", "status", "translate"], "'en' must be text")),
    ("memory file is a folder", _folder_instead_of_file(MEMORY),
     dict.fromkeys(["build", "status", "translate", "tm export"], "found a folder")),
    ("translations/ is a file", _file_instead_of_folder("translations"),
     dict.fromkeys(["build", "status", "translate", "tm import"], "translations")),
    ("docs/ is a file", _file_instead_of_folder("docs"),
     {"build": "a file is where a folder is expected"}),
    ("seeds/ is a file", _file_instead_of_folder("seeds"),
     dict.fromkeys(["build", "status", "translate", "pdf", "tm export", "tm import"],
                   "seeds: a file is where the folder of seed articles is expected") | {"add": "seeds"}),
    ("glossary entry of the wrong type", _replace("curation/glossary.yml", "zh-Hans: 英伟达", "zh-Hans: {a: b}"),
     dict.fromkeys(["build", "status", "pdf"], "curation/glossary.yml:2:")),
    ("glossary not UTF-8", _write("curation/glossary.yml", GLOSSARY.encode("big5", errors="replace").replace(b"Nvidia", b"\xff\xfe")),
     dict.fromkeys(["build", "status", "pdf"], "glossary is not UTF-8")),
    ("impossible timeline date", _replace("curation/timeline.yml", "2025-01-27", "2025-02-30"),
     dict.fromkeys(["build", "pdf"], "curation/timeline.yml:2: events[1].date: '2025-02-30' is not a real date")),
    ("briefing.yml of the wrong type", _write("briefing.yml", b"title_en: [a, b]\ncolour: red\n"),
     dict.fromkeys(["build", "status", "translate", "pdf", "tm export", "tm import"], "briefing.yml:1: title_en: must be text")),
    ("worksheet English is a list", _sub("sheet.yml", r"^  en: .*$", "  en: [Filled.]"),
     {"tm import": "sheet.yml:"}),
    ("read-only output folders", _read_only_output,
     dict.fromkeys(["build", "pdf", "tm import", "add"], "Read-only file system")),
    ("PDF fonts missing", _no_fonts, {"pdf": "fonts-noto-cjk"}),
    ("PDF output inside a file", _write("out", b"a file, not a folder"),
     {"pdf": "a file is where a folder is expected"}),
    ("a bug deep inside", _bug,
     dict.fromkeys(COMMANDS, "unexpected ZeroDivisionError")),
    ("interrupted with Ctrl-C", _interrupt,
     dict.fromkeys(COMMANDS, "interrupted")),
]


@pytest.mark.parametrize("name, damage, expected", CASES, ids=[c[0] for c in CASES])
def test_every_command_on_a_broken_project_says_what_is_wrong(tmp_path, monkeypatch, fake_engine,
                                                             base, name, damage, expected):
    root = tmp_path / "project"
    shutil.copytree(base, root)
    damage(root, monkeypatch)
    for command, args in COMMANDS.items():
        argv = [a.format(root=root) for a in args]
        head = 2 if argv[0] == "tm" else 1  # the command (and subcommand), then -p, then the rest
        result = CliRunner().invoke(main, [*argv[:head], "-p", str(root), *argv[head:]])
        output = result.output
        assert "Traceback" not in output, (command, output)
        assert result.exception is None or isinstance(result.exception, SystemExit), \
            (command, repr(result.exception))  # CliRunner catches what would be a traceback
        if command in expected:
            assert result.exit_code != 0, (command, output)
            errors = re.findall(r"^(?:error: |interrupted)", result.stderr, re.M)
            assert errors, (command, output)
            assert expected[command] in output, (command, expected[command], output)
            if result.exit_code != 130:
                assert "→" in output, (command, output)  # and what to do about it
        else:
            assert result.exit_code in (0, 1), (command, output)


def test_a_crash_log_holds_the_traceback(tmp_path, monkeypatch, base):
    root = tmp_path / "project"
    shutil.copytree(base, root)
    _bug(root, monkeypatch)
    result = CliRunner().invoke(main, ["status", "-p", str(root)])
    assert result.exit_code == 2
    log = Path(re.search(r"the details are in (\S+crash-\S+\.log)", result.output).group(1))
    assert log.parent == root / "build"
    assert "Traceback" in log.read_text(encoding="utf-8") and "ZeroDivisionError" in log.read_text(encoding="utf-8")


def test_english_no_stays_no_on_the_page(tmp_path, base):
    root = tmp_path / "project"
    shutil.copytree(base, root)
    path = root / MEMORY
    text = path.read_text(encoding="utf-8")
    first_en = re.search(r"^  en: (.*)$", text, re.M)
    path.write_text(text[:first_en.start()] + "  en: No" + text[first_en.end():], encoding="utf-8")
    second = re.search(r"^  en: (?!No$)(.*)$", path.read_text(encoding="utf-8"), re.M)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:second.start()] + "  en: 1.50" + text[second.end():], encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "-p", str(root), "--no-mkdocs"])
    assert result.exit_code == 0, result.output
    page = (root / "docs" / "articles" / "good" / "index.md").read_text(encoding="utf-8")
    assert ">No<" in page and ">1.50<" in page
    assert "False" not in page and ">1.5<" not in page
