"""Wording shared by the site and the PDF."""

from briefing.render.labels import english_label, english_title, format_date
from briefing.model import Status, Translation
from support import demo_article


def test_stale_or_missing_english_title_is_never_shown_as_current():
    a = demo_article()
    fresh = Translation(en="Chip export controls", status=Status.EDITOR, engine="editor")
    assert english_title(a, {a.title.id: fresh}) == "Chip export controls"
    stale = Translation(en="Old title", status=Status.EDITOR, engine="editor", stale=True)
    assert english_title(a, {a.title.id: stale}) == ""
    assert english_title(a, {}) == ""


def test_dates_as_precise_as_known_and_chinese_list_labels():
    assert format_date("2025-01-28", "day") == "28 January 2025"
    assert format_date("2025-01", "month") == "January 2025"
    assert english_label("一、") == "1." and english_label("（十二）") == "(12)" and english_label("3.") == "3."
