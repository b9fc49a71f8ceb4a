"""The machine path end to end through the CLI: a new article with no English is translated by
the generated stand-in model (installed through argostranslate), then built; the page says what
is machine output. The model's words are a rough gloss: only structure and provenance are asserted."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.translation.memory import read_tm, tm_path
from support import ROOT, SAMPLE, make_project

NEW = ("美国芯片出口管制\n\n美国商务部周一宣布新的芯片出口管制。英伟达表示将遵守规定。\n\n"
       "分析人士认为,深度求索的模型仍将继续发展。\n")


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "proj", sample=SAMPLE, seeds={
        "005_new.txt": NEW, "005_new.yml": "slug: new-controls\ntitle_zh: 美国芯片出口管制\n"})


def test_translate_then_build_labels_machine_drafts(project, argos_model, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    runner = CliRunner()
    strict = runner.invoke(main, ["build", "--strict", "--no-mkdocs", "-p", str(project)])
    assert strict.exit_code != 0 and "new-controls/p1-s1: untranslated" in strict.output

    result = runner.invoke(main, ["translate", "-p", str(project), "--beam-size", "1"])
    assert result.exit_code == 0, result.output
    entries = read_tm(tm_path(project / "translations", "new-controls"))
    assert {e.status.value for e in entries} == {"machine"}
    assert {e.engine for e in entries} == {"argos"}
    assert all(e.model.startswith("translate-zh_en") and e.date for e in entries)
    # the editors' memory of the five sample articles is untouched
    for other in (ROOT / "translations").glob("*.yml"):
        assert (project / "translations" / other.name).read_bytes() == other.read_bytes()

    # --strict still refuses: the new article has English now but no curated notes yet
    result = runner.invoke(main, ["build", "--strict", "--no-mkdocs", "-p", str(project)])
    assert result.exit_code == 1
    assert "curation/articles/new-controls.yml: missing; the article page has no" in result.output
    assert "untranslated" not in result.output
    result = runner.invoke(main, ["build", "--no-mkdocs", "-p", str(project)])
    assert result.exit_code == 0, result.output
    page = (project / "docs" / "articles" / "new-controls" / "index.md").read_text(encoding="utf-8")
    assert "Machine draft, not reviewed:</strong> 4 of 4 English sentences" in page
    assert page.count('data-bf-prov="Machine draft, not reviewed (argos, translate-zh_en') == 4
    sample = (project / "docs" / "articles" / "openai-proposal" / "index.md").read_text(encoding="utf-8")
    assert "Machine draft" not in sample
