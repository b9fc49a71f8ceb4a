"""The nav's article titles in Chinese (render/nav.py nav_title_files, read by docs/assets/i18n.js):
one file per month, each article by its page's URL with its title in both scripts."""

from __future__ import annotations

import dataclasses
import json

from briefing.render.nav import nav_title_files, nav_titles_path
from support import demo_article


def dated(slug: str, published: str, precision: str):
    a = demo_article(slug)
    return dataclasses.replace(a, meta=dataclasses.replace(a.meta, published=published, precision=precision))


def test_one_file_per_month_with_both_scripts():
    articles = [dated("a", "2025-01-20", "day"), dated("b", "2025-01", "month"), dated("c", "2025", "year"),
                dated("d", "", "unknown")]
    files = nav_title_files(articles)
    assert sorted(files) == ["i18n/titles/0000-00.json", "i18n/titles/2025-00.json", "i18n/titles/2025-01.json"]
    january = json.loads(files["i18n/titles/2025-01.json"])
    assert january == {"articles/a/": ["芯片出口管制", "晶片出口管制"], "articles/b/": ["芯片出口管制", "晶片出口管制"]}
    assert nav_titles_path(articles[2]) == "i18n/titles/2025-00.json"
    assert nav_titles_path(articles[3]) == "i18n/titles/0000-00.json"
