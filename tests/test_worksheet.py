"""Editor worksheets: export, fill, import as human translations."""

import pytest
import yaml

from briefing.sources.script import Conversion
from briefing.sources.articles import build_article
from briefing.errors import InputError, ValidationError
from briefing.model import ArticleMeta, Status
from briefing.translation.memory import entry_for, read_tm, resolve, tm_path, write_tm
from briefing.translation.worksheet import export_worksheet, import_worksheet


@pytest.fixture
def article():
    return build_article("标题\n\n第一句话。第二句话。", ArticleMeta(slug="a", source_file="000_a.txt", title_zh="标题"), conversion=Conversion())


def fill(text, english):
    data = yaml.safe_load(text)
    for row in data["segments"]:
        row["en"] = english.get(row["id"], "")
    return data


def test_round_trip_imports_filled_rows_as_editor_text(tmp_path, article):
    data = fill(export_worksheet(article, {}), {"a/title": "Title", "a/p1-s1": "First sentence."})
    sheet = tmp_path / "sheet.yml"
    sheet.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert import_worksheet(sheet, (article,), tmp_path / "tm", when="2026-11-22") == (2, 0)
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


def test_untouched_english_is_not_relabelled_and_changed_review_is_an_edit(tmp_path, article):
    seg1, seg2 = article.paragraphs[0].segments
    tm = tmp_path / "tm"
    write_tm(tm_path(tm, "a"), "a", [
        entry_for(seg1, "Machine one.", Status.MACHINE, "argos", "zh_en 1.9", "2026-01-01"),
        entry_for(seg2, "Machine two.", Status.MACHINE, "argos", "zh_en 1.9", "2026-01-01"),
        entry_for(article.title, "Title", Status.EDITOR, "editor", date="2025-01-01")])
    current = resolve(article, read_tm(tm_path(tm, "a")))
    data = yaml.safe_load(export_worksheet(article, current))  # every row filled with current English
    sheet = tmp_path / "sheet.yml"
    sheet.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert import_worksheet(sheet, (article,), tm, when="2026-11-22") == (0, 3)  # nothing relabelled
    assert resolve(article, read_tm(tm_path(tm, "a")))[seg1.id].status is Status.MACHINE

    data["status"] = "reviewed"
    data["segments"][2]["en"] = "Machine two, corrected."
    sheet.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert import_worksheet(sheet, (article,), tm, when="2026-11-22") == (2, 1)
    shown = resolve(article, read_tm(tm_path(tm, "a")))
    assert shown[seg1.id].status is Status.REVIEWED and shown[seg1.id].en == "Machine one."
    assert shown[seg2.id].status is Status.EDITED and shown[seg2.id].en == "Machine two, corrected."
    assert shown[article.title.id].date == "2025-01-01"  # unchanged human text keeps its date


def test_english_that_looks_like_yaml_booleans_stays_text(tmp_path, article):
    sheet = tmp_path / "sheet.yml"
    text = export_worksheet(article, {}).replace("en: ''", "en: No", 1)
    sheet.write_text(text, encoding="utf-8")
    assert import_worksheet(sheet, (article,), tmp_path / "tm") == (1, 0)
    assert resolve(article, read_tm(tm_path(tmp_path / "tm", "a")))["a/title"].en == "No"


def test_non_utf8_worksheet_is_a_clear_error(tmp_path, article):
    sheet = tmp_path / "sheet.yml"
    sheet.write_bytes(export_worksheet(article, {}).encode("gb18030"))
    with pytest.raises(InputError, match=r"sheet\.yml: worksheet is not UTF-8"):
        import_worksheet(sheet, (article,), tmp_path / "tm")


def test_the_newest_human_english_wins_when_imports_share_a_day(tmp_path, article):
    """Three imports on one day for one sentence: editor, then reviewed (an edit), then editor
    again. The last one's English is shown, whatever the file's order of the older entries."""
    seg = article.paragraphs[0].segments[0]
    tm, sheet = tmp_path / "tm", tmp_path / "sheet.yml"
    for status, english in (("editor", "First English."), ("reviewed", "Second English."),
                            ("editor", "Third English.")):
        data = fill(export_worksheet(article, resolve(article, read_tm(tm_path(tm, "a")))), {seg.id: english})
        data["status"] = status
        sheet.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        assert import_worksheet(sheet, (article,), tm, when="2026-11-22") == (1, 0)
        assert resolve(article, read_tm(tm_path(tm, "a")))[seg.id].en == english


def test_an_import_is_stamped_with_the_time_it_was_made_on_this_clock(tmp_path, article):
    """No `when`: the entry records the moment of the import, with this clock's offset, as
    `briefing tm import` writes it; the site still shows the day."""
    import datetime as dt
    sheet = tmp_path / "sheet.yml"
    sheet.write_text(yaml.safe_dump(fill(export_worksheet(article, {}), {"a/title": "Title"}),
                                    allow_unicode=True), encoding="utf-8")
    before = dt.datetime.now().astimezone().replace(microsecond=0)
    assert import_worksheet(sheet, (article,), tmp_path / "tm") == (1, 0)
    after = dt.datetime.now().astimezone()
    (entry,) = read_tm(tm_path(tmp_path / "tm", "a"))
    stamp = dt.datetime.fromisoformat(entry.date)
    assert stamp.utcoffset() == before.utcoffset() and before <= stamp <= after
    assert resolve(article, [entry])["a/title"].date == stamp.date().isoformat()
