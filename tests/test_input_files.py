"""Nothing of the building machine gets in, nothing hangs: seeds and editor files are regular files
inside the project, read within a size bound (briefing/input_files.py); YAML aliases and nesting are
bounded wherever YAML is read (briefing/editor_yaml.py), mkdocs.yml included; docs/ may hold no
link out of the project (briefing/publish/site_inputs.py). Every refusal names the file."""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.editor_yaml import MAX_ALIAS_VALUES, MAX_DEPTH, load_text
from briefing.errors import InputError
from briefing.input_files import read_input

TEXT = "深度求索发布新模型\n\n深度求索发布了新的开源模型。英伟达的股价随即下跌了17%。\n"
SECRET = "root:x:0:0:the-secret-of-this-machine:/root:/bin/bash\n"
# a "billion laughs": nine levels of ten aliases each, 10^9 values once expanded
BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 10)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))
LOOP = "slug: &e [*e]\n"


@contextlib.contextmanager
def within(seconds: float):
    """Fail the test (instead of hanging the suite) if the block takes longer than `seconds`."""
    def expired(signum, frame):
        raise AssertionError(f"still running after {seconds} s: it hangs")
    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def project(root: Path) -> Path:
    (root / "seeds").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "seeds" / "000_good.txt").write_text(TEXT, encoding="utf-8")
    return root


def build(root: Path, *args: str):
    with within(60):
        return CliRunner().invoke(main, ["build", "-p", str(root), "--no-mkdocs", *args])


def refused(result, *where: str) -> str:
    """Exit 1 with one message (no traceback) naming each of `where`; nothing published."""
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output and "unexpected" not in result.output
    for w in where:
        assert w in result.output, result.output
    return result.output


def published(root: Path) -> str:
    docs = root / "docs"
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in docs.rglob("*") if p.is_file())


# ---------------------------------------------------------------- seeds and editor files

def test_seed_linked_to_a_file_outside_the_project_is_refused_and_not_published(tmp_path):
    secret = tmp_path / "elsewhere" / "passwd"
    secret.parent.mkdir()
    secret.write_text(SECRET, encoding="utf-8")
    root = project(tmp_path / "p")
    (root / "seeds" / "001_leak.txt").symlink_to(secret)
    out = refused(build(root), "seeds/001_leak.txt", "outside the project", str(secret))
    assert "the-secret" not in out and "the-secret" not in published(root)


def test_seed_linked_inside_the_project_is_read(tmp_path):
    root = project(tmp_path)
    (root / "shared").mkdir()
    (root / "shared" / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "seeds" / "001_linked.txt").symlink_to(root / "shared" / "a.txt")
    result = build(root)
    assert result.exit_code == 0, result.output
    assert (root / "docs" / "articles" / "001-linked" / "index.md").is_file()


@pytest.mark.parametrize("rel", ["seeds/000_good.yml", "translations/000-good.yml", "curation/glossary.yml",
                                 "curation/overview.yml", "briefing.yml"])
def test_editor_file_linked_out_of_the_project_is_refused(tmp_path, rel):
    secret = tmp_path / "secret.yml"
    secret.write_text("token: the-secret\n", encoding="utf-8")
    root = project(tmp_path / "p")
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).symlink_to(secret)
    refused(build(root), rel, "outside the project")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("rel", ["seeds/001_zero.txt", "seeds/000_good.yml", "translations/000-good.yml"])
def test_a_device_is_refused_by_name_without_reading_it(tmp_path, rel):
    root = project(tmp_path / "p")
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    os.symlink("/dev/zero", root / rel)  # outside the project, and a device
    refused(build(root), rel)
    # confined or not, a device is not a file: read_input refuses it before reading
    with within(10), pytest.raises(InputError, match="character device"):
        read_input(Path("/dev/zero"), confine=False)


@pytest.mark.parametrize("rel", ["seeds/001_fifo.txt", "seeds/000_good.yml", "translations/000-good.yml",
                                 "curation/glossary.yml", "curation/articles/000-good.yml"])
def test_a_fifo_is_refused_by_name_and_does_not_hang(tmp_path, rel):
    root = project(tmp_path)
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(root / rel)
    refused(build(root), rel, "FIFO")


def test_a_link_to_nothing_is_named(tmp_path):
    root = project(tmp_path)
    (root / "translations").mkdir()
    (root / "translations" / "000-good.yml").symlink_to(root / "translations" / "gone.yml")
    refused(build(root), "translations/000-good.yml", "does not exist")


@pytest.mark.skipif(not os.path.exists("/proc/self/smaps"), reason="needs Linux /proc")
def test_reads_are_bounded_whatever_size_the_file_claims():
    """/proc files are regular files that say they are empty: the read itself stops at the limit."""
    smaps = Path("/proc/self/smaps")
    assert smaps.stat().st_size == 0
    with pytest.raises(InputError, match="larger than the limit of 1 KB"):
        read_input(smaps, limit=1024, confine=False)


def test_a_large_editor_file_is_refused_by_its_size(tmp_path):
    path = tmp_path / "seeds" / "big.yml"
    path.parent.mkdir()
    path.write_bytes(b"notes: " + b"x" * 5000 + b"\n")
    with pytest.raises(InputError, match=r"over the limit of 4 KB"):
        read_input(path, limit=4096)


# ---------------------------------------------------------------- YAML bounds

@pytest.mark.parametrize("text, line, message", [
    (BOMB, None, f"aliases repeat more than {MAX_ALIAS_VALUES} values"),
    (LOOP, 1, "refers to a value that contains it"),
    ("a: &a {b: *a}\n", 1, "refers to a value that contains it"),
    ("x: " + "[" * 300 + "]" * 300 + "\n", 1, f"nested more than {MAX_DEPTH} deep"),
    ("".join("  " * i + "- \n" for i in range(MAX_DEPTH + 5)), MAX_DEPTH + 1, f"nested more than {MAX_DEPTH} deep"),
])
def test_alias_bombs_loops_and_deep_nesting_are_refused_with_a_line(text, line, message):
    with within(10), pytest.raises(InputError) as caught:
        load_text(text, "some.yml")
    assert message in str(caught.value), str(caught.value)
    assert caught.value.line == line if line is not None else caught.value.line, str(caught.value)


def test_a_few_aliases_are_still_read():
    data = load_text("base: &b {outlet: 新华社, stance: state media}\none: *b\ntwo: *b\nlist: [*b, *b]\n", "x.yml")
    assert data["one"] == data["two"] == data["list"][1] == {"outlet": "新华社", "stance": "state media"}


@pytest.mark.parametrize("rel, text", [
    ("seeds/000_good.yml", BOMB), ("seeds/000_good.yml", LOOP), ("translations/000-good.yml", BOMB),
    ("curation/glossary.yml", BOMB), ("curation/overview.yml", BOMB), ("curation/timeline.yml", LOOP),
    ("curation/articles/000-good.yml", BOMB), ("briefing.yml", BOMB), ("briefing.yml", LOOP),
    ("mkdocs.yml", BOMB), ("mkdocs.yml", "site_name: x\n" + LOOP),
])
def test_every_yaml_file_refuses_a_bomb_quickly_naming_file_and_line(tmp_path, rel, text):
    root = project(tmp_path)
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")
    out = refused(build(root), f"{rel}:")
    assert "aliases repeat" in out or "contains it" in out


def test_tm_import_refuses_a_bomb_worksheet(tmp_path):
    root = project(tmp_path / "p")
    sheet = tmp_path / "sheet.yml"
    sheet.write_text(BOMB, encoding="utf-8")
    with within(30):
        result = CliRunner().invoke(main, ["tm", "import", "-p", str(root), str(sheet)])
    refused(result, f"{sheet}:", "aliases repeat")


# ---------------------------------------------------------------- what MkDocs would publish

@pytest.mark.parametrize("make, message", [
    (lambda docs, outside: (docs / "leak.txt").symlink_to(outside), "outside the project"),
    (lambda docs, outside: (docs / "assets").symlink_to(outside.parent, target_is_directory=True),
     "outside the project"),
    (lambda docs, outside: os.mkfifo(docs / "pipe.md"), "not a regular file"),
])
def test_docs_may_hold_no_link_out_of_the_project_nor_a_fifo(tmp_path, make, message):
    outside = tmp_path / "home" / "id_rsa"
    outside.parent.mkdir()
    outside.write_text("the-secret\n", encoding="utf-8")
    root = project(tmp_path / "p")
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    make(root / "docs", outside)
    with within(60):
        result = CliRunner().invoke(main, ["build", "-p", str(root)])
    refused(result, str(root / "docs"), message)
    assert not (root / "site").exists()  # refused before MkDocs ran


# ---------------------------------------------------------------- a second batch of hostile inputs

def test_a_linked_seeds_folder_leading_out_of_the_project_is_refused(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "000_x.txt").write_text(TEXT, encoding="utf-8")
    root = tmp_path / "p"
    (root / "docs").mkdir(parents=True)
    (root / "seeds").symlink_to(elsewhere, target_is_directory=True)
    refused(build(root), "seeds/000_x.txt", "through a linked folder", str(elsewhere))


def test_a_linked_docs_folder_leading_out_of_the_project_is_refused_before_writing(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = project(tmp_path / "p")
    (root / "docs").rmdir()
    (root / "docs").symlink_to(elsewhere, target_is_directory=True)
    refused(build(root), str(root / "docs"), "outside the project")
    assert list(elsewhere.iterdir()) == []  # nothing written out there


def test_a_seed_name_that_is_not_utf8_is_refused_by_name(tmp_path):
    root = project(tmp_path)
    with open(os.fsencode(root / "seeds") + b"/001_\xff\xfe.txt", "wb") as f:
        f.write(TEXT.encode("utf-8"))
    refused(build(root), "not UTF-8 text", r"001_\xff\xfe.txt")
