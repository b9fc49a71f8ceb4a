"""An article out of a saved or downloaded web page (pure): the page's text (decoded by
sources/decode.py), then trafilatura for the body, headline,
author, date and site name. WeChat article pages (mp.weixin.qq.com) get their own fields first:
their markup hides the body until a script runs and keeps the account name and time apart.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from briefing.errors import InputError

_CJK = re.compile(r"[\u3400-\u9fff]")
MIN_ARTICLE_CJK = 60  # fewer Chinese characters than this is no article (a list, login or error page)
_CHINA = timezone(timedelta(hours=8))


@dataclass
class Extracted:
    """What a web page yielded: the article text (headline first) and what was found, with how."""

    text: str
    title: str = ""
    author: str = ""
    published: str = ""  # ISO date
    outlet: str = ""
    url: str = ""
    how: dict[str, str] = field(default_factory=dict)  # field -> how it was found
    encoding: str = ""


def is_wechat(page: str, url: str = "") -> bool:
    return "mp.weixin.qq.com" in url or 'id="js_content"' in page or "rich_media_content" in page


def extract_article(page: str, url: str = "", source: str = "the page") -> Extracted:
    """The article in an HTML page; InputError when it holds none."""
    wechat = _wechat_fields(page) if is_wechat(page, url) else {}
    if wechat:
        # WeChat hides the body (visibility: hidden) until its script runs
        page = re.sub(r'(id="js_content"[^>]*?)style="[^"]*"', r"\1", page)
    try:
        import trafilatura
    except ImportError as exc:  # lxml without lxml_html_clean fails here
        raise InputError(f"the HTML extractor cannot start ({exc})",
                         hint="reinstall with scripts/setup.sh (trafilatura needs lxml_html_clean)") from None
    doc = trafilatura.bare_extraction(page, url=url or None, with_metadata=True, include_comments=False,
                                      include_tables=True, deduplicate=False)
    body = (getattr(doc, "text", "") or "") if doc is not None else ""
    if len(_CJK.findall(body)) < MIN_ARTICLE_CJK:
        raise InputError(f"no article text found in {source}",
                         hint="it looks like a list, login, error or home page; open the article "
                              "itself, or save its text as a .txt file and add that")
    out = Extracted(text="", url=url)
    for name in ("title", "author", "date", "sitename"):
        value = (getattr(doc, name, "") or "").strip()
        target = {"date": "published", "sitename": "outlet"}.get(name, name)
        if value:
            setattr(out, target, value)
            out.how[target] = "page markup (trafilatura)"
    for name, (value, how) in wechat.items():
        setattr(out, name, value)
        out.how[name] = how
    if out.title:  # "标题_新浪网", "国际 | 标题": the headline alone; the outlet if it was the suffix
        from briefing.sources.metadata import split_title
        title, extra = split_title(out.title)
        for name, value in extra:
            if name == "outlet" and not out.outlet:
                out.outlet, out.how["outlet"] = value, "suffix of the page title"
        out.title = title
    if out.published and not re.match(r"^\d{4}-\d{2}-\d{2}$", out.published):
        out.published, out.how["published"] = out.published[:10], out.how["published"] + ", day only"
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    if out.title and lines and re.sub(r"\s+", "", lines[0]) == re.sub(r"\s+", "", out.title):
        lines = lines[1:]
    out.text = "\n\n".join(([out.title] if out.title else []) + lines) + "\n"
    return out


def _wechat_fields(page: str) -> dict[str, tuple[str, str]]:
    """Title, account, author and time of a WeChat article page, from its markup and script."""
    found: dict[str, tuple[str, str]] = {}
    patterns = (
        ("title", r'<h1[^>]*(?:id="activity-name"|class="rich_media_title)[^>]*>(.*?)</h1>', "WeChat headline"),
        ("title", r'var msg_title = [\'"](.*?)[\'"]', "WeChat msg_title"),
        ("outlet", r'<a[^>]*id="js_name"[^>]*>(.*?)</a>', "WeChat account name"),
        ("outlet", r'var nickname = [\'"](.*?)[\'"]', "WeChat account name"),
        ("author", r'<meta name="author" content="([^"]+)"', "WeChat author"),
        ("author", r'<span[^>]*id="js_author_name"[^>]*>(.*?)</span>', "WeChat author"),
    )
    for name, pattern, how in patterns:
        m = re.search(pattern, page, re.S)
        value = html_lib.unescape(re.sub(r"<[^>]+>|\s+", " ", m.group(1))).strip() if m else ""
        if value and name not in found:
            found[name] = (value, how)
    m = re.search(r'var ct = "?(\d{9,10})"?', page) or re.search(r'"create_time"\s*:\s*"?(\d{9,10})', page)
    if m:
        when = datetime.fromtimestamp(int(m.group(1)), _CHINA)
        found["published"] = (when.strftime("%Y-%m-%d"), "WeChat publish time (Beijing time)")
    else:
        m = re.search(r'<em[^>]*id="publish_time"[^>]*>\s*(\d{4}-\d{2}-\d{2})', page)
        if m:
            found["published"] = (m.group(1), "WeChat publish time")
    return found
