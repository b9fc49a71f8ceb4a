"""Editor worksheets: export, fill, import as human translations."""

import pytest
import yaml

from briefing.articles import build_article
from briefing.errors import InputError, ValidationError
from briefing.model import ArticleMeta, Status
from briefing.tm import read_tm, resolve, tm_path
from briefing.worksheet import export_worksheet, import_worksheet


@pytest.fixture
def article():
    return build_article("标题\n\n第一句话。第二句话。", ArticleMeta(slug="a", source_file="000_a.txt", title_zh="标题"))


def fill(text, english):
    data = yaml.safe_load(text)
    for row in data["segments"]:
        row["en"] = english.get(row["id"], "")
    return data


def test_round_trip_imports_filled_rows_as_editor_text(tmp_path, article):
    data = fill(export_worksheet(article, {}), {"a/title": "Title", "a/p1-s1": "First sentence."})
    sheet = tmp_path / "sheet.yml"
    sheet.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert import_worksheet(sheet, (article,), tmp_path / "tm", today="2026-11-22") == 2
    shown = resolve(article, read_tm(tm_path(tmp_path / "tm", "a")))
    assert shown["a/p1-s1"].en == "First sentence."
    assert shown["a/p1-s1"].status is Status.EDITOR and shown["a/p1-s1"].engine == "editor"
    assert "a/p1-s2" not in shown  # left empty: still pending


def test_changed_chinese_and_machine_status_are_refused(tmp_path, article):
    data = fill(export_worksheet(article, {}), {"a/p1-s1": "First."})
    data["segments"][1]["zh"] = "别的句子。"
    sheet = tmp_path / "sheet.yml"
    sheet.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValidationError, match="the Chinese changed since the worksheet was exported"):
        import_worksheet(sheet, (article,), tmp_path / "tm")
    data["status"] = "machine"
    sheet.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError, match="status 'machine' must be one of edited, editor, reviewed"):
        import_worksheet(sheet, (article,), tmp_path / "tm")
    assert not tm_path(tmp_path / "tm", "a").exists()
