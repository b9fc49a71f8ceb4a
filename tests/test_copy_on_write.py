"""publish/copy_on_write.py: a renderer run on hard links to the last site never changes its files."""

from __future__ import annotations

import os
import subprocess
import sys

from briefing.publish.copy_on_write import guard


def test_a_linked_file_opened_for_writing_becomes_its_own(tmp_path):
    site, staging = tmp_path / "site", tmp_path / "staging"
    site.mkdir()
    staging.mkdir()
    for name in ("page.html", "log.txt", "same.css"):
        (site / name).write_text(f"old {name}\n", encoding="utf-8")
        os.link(site / name, staging / name)
    outside = tmp_path / "outside.txt"
    outside.write_text("x", encoding="utf-8")
    os.link(outside, tmp_path / "outside-link.txt")
    opened = guard(str(staging), open)
    with opened(staging / "page.html", "w", encoding="utf-8") as f:  # truncated: a new file
        f.write("new page\n")
    with opened(str(staging / "log.txt"), "a", encoding="utf-8") as f:  # appended: a copy first
        f.write("more\n")
    with opened(staging / "same.css", "r", encoding="utf-8") as f:  # read: still the link
        f.read()
    with opened(outside, "a", encoding="utf-8") as f:  # outside the folder: as open does
        f.write("y")
    assert (site / "page.html").read_text(encoding="utf-8") == "old page.html\n"
    assert (staging / "page.html").read_text(encoding="utf-8") == "new page\n"
    assert (site / "log.txt").read_text(encoding="utf-8") == "old log.txt\n"
    assert (staging / "log.txt").read_text(encoding="utf-8") == "old log.txt\nmore\n"
    assert os.path.samefile(site / "same.css", staging / "same.css")
    assert (tmp_path / "outside-link.txt").read_text(encoding="utf-8") == "xy"


def test_the_module_runs_another_module_with_its_arguments_guarded(tmp_path):
    site, staging = tmp_path / "site", tmp_path / "staging"
    site.mkdir()
    staging.mkdir()
    (site / "a.txt").write_text("old\n", encoding="utf-8")
    os.link(site / "a.txt", staging / "a.txt")
    script = tmp_path / "writer_mod.py"  # writes as MkDocs and shutil do: plain open, pathlib
    script.write_text("import sys, pathlib, shutil\n"
                      "pathlib.Path(sys.argv[1]).write_text('new\\n')\n"
                      "shutil.copyfile(sys.argv[1], sys.argv[1] + '.copy')\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "briefing.publish.copy_on_write", str(staging), "writer_mod",
                    str(staging / "a.txt")], check=True, env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert (site / "a.txt").read_text(encoding="utf-8") == "old\n"
    assert (staging / "a.txt").read_text(encoding="utf-8") == "new\n"
