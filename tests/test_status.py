"""`briefing status`: counts by status, pending, stale and QA flags per article."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from briefing.sources.script import Conversion
from briefing.sources.articles import build_article
from briefing.cli import main
from briefing.translation.glossary import Glossary, GlossaryEntry
from briefing.model import ArticleMeta, Status
from briefing.translation.status import article_status, format_status, status_json
from briefing.translation.memory import entry_for

REPO = Path(__file__).resolve().parent.parent
G = Glossary((GlossaryEntry(en="DeepSeek", hans=("深度求索",)),))
TEXT = "标题在此\n\n深度求索发布了新模型。股价下跌了17%。\n\n第三句话没有翻译。\n"


def article(text: str = TEXT):
    return build_article(text, ArticleMeta(slug="a", source_file="000_a.txt", title_zh=""), conversion=Conversion())


def test_counts_pending_stale_and_flags():
    a = article()
    title, s1, s2, s3 = a.segments()
    entries = [entry_for(title, "Title here", Status.EDITOR, "editor"),
               entry_for(s1, "Deep Search released a new model.", Status.MACHINE, "argos", "m 1"),
               entry_for(s2, "Shares fell 71%.", Status.REVIEWED, "editor")]
    st = article_status(a, entries, G)
    assert (st.segments, st.translated, st.pending) == (4, 3, [s3.id])
    assert st.by_status == {"machine": 1, "edited": 0, "reviewed": 1, "editor": 1}
    assert st.flags == {"glossary-miss": [s1.id], "number-mismatch": [s2.id]}
    assert st.stale == []

    changed = article(TEXT.replace("17%", "18%"))
    st2 = article_status(changed, entries, G)
    assert st2.stale == [s2.id] and s2.id in st2.pending  # old English shown, flagged, not counted

    doc = status_json([st, st2])
    assert doc["total"]["segments"] == 8 and doc["total"]["stale"] == 1
    assert doc["total"]["flags"]["glossary-miss"] == 2
    text = format_status([st])
    assert "a " in text and f"{s1.id}  glossary-miss" in text


def test_cli_status_json_on_a_project(tmp_path):
    root = tmp_path / "p"
    (root / "seeds").mkdir(parents=True)
    shutil.copy(REPO / "seeds" / "001_9ce411dfd90c9eab.txt", root / "seeds")
    result = CliRunner().invoke(main, ["status", "-p", str(root), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    (art,) = doc["articles"]
    assert art["segments"] == len(art["pending"]) > 0 and doc["total"]["percent"] == 0.0
    table = CliRunner().invoke(main, ["status", "-p", str(root), "-q"])
    assert table.exit_code == 0 and "total" in table.output


def test_moved_sentence_is_not_reported_stale():
    a = article()
    _, s1, _, _ = a.segments()
    human = entry_for(s1, "DeepSeek released a new model.", Status.EDITOR, "editor")
    moved = article(TEXT.replace("标题在此\n\n", "标题在此\n\n新的第一段。\n\n"))
    machine = [entry_for(seg, "Draft.", Status.MACHINE, "argos", "m 1")
               for seg in moved.segments() if seg.hash != s1.hash]
    st = article_status(moved, [human] + machine, G)
    assert st.stale == [] and st.by_status["editor"] == 1
