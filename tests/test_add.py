"""`briefing add`: saved pages in UTF-8, GBK and Big5, a WeChat page, a text file, a URL served
on 127.0.0.1, and each failure leaving the seeds folder untouched. All pages are made up here."""

from __future__ import annotations

import http.server
import socket
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.errors import InputError
from briefing.sources.add import add_article
from briefing.sources.decode import decode_html

PARAS = ["近日，某市发布了新的城市更新方案，计划在三年内改造一百个老旧小区，并同步完善周边的公共服务设施。",
         "方案提出，改造将优先考虑居民的实际需求，由社区组织居民议事会讨论具体内容，再由街道统一实施。",
         "有专家认为，这一做法能够减少改造过程中的矛盾，但资金来源和后续的维护责任仍然需要进一步明确。",
         "据介绍，首批改造的小区将在今年下半年开工，涉及的居民超过两万户，预计明年年底前全部完成。"]
TRAD = ["近日，某市發布了新的城市更新方案，計劃在三年內改造一百個老舊社區，並同步完善周邊的公共服務設施。",
        "方案提出，改造將優先考慮居民的實際需求，由社區組織居民議事會討論具體內容，再由區公所統一實施。",
        "有專家認為，這一做法能夠減少改造過程中的矛盾，但資金來源和後續的維護責任仍然需要進一步明確。",
        "據介紹，首批改造的社區將在今年下半年開工，涉及的居民超過兩萬戶，預計明年年底前全部完成。"]


def news_page(title: str, paras: list[str], charset: str = "utf-8", site: str = "城市新闻网") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paras * 2)
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}_{site}</title>'
            '<meta property="article:published_time" content="2025-03-01T08:30:00+08:00">'
            f'<meta property="og:site_name" content="{site}"></head><body>'
            '<nav><a href="/">首页</a> <a href="/news">新闻</a> <a href="/tech">科技</a></nav>'
            f'<article><h1>{title}</h1>{body}</article>'
            '<aside><h3>相关阅读</h3><ul><li><a href="/a">另一座城市的改造故事</a></li>'
            '<li><a href="/b">旧城更新中的居民参与</a></li></ul></aside>'
            f'<footer>版权所有 © {site}</footer></body></html>')


def wechat_page() -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAS * 2)
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="author" content="王小明">'
            '<title></title></head><body><div id="js_article" class="rich_media">'
            '<h1 class="rich_media_title" id="activity-name">  老旧小区改造进入快车道  </h1>'
            '<div id="meta_content"><span id="js_author_name">王小明</span>'
            '<a href="javascript:void(0);" id="js_name">城市观察</a><em id="publish_time"></em></div>'
            f'<div class="rich_media_content" id="js_content" style="visibility: hidden;">{body}</div>'
            '<div class="qr_code_pc"><p>微信扫一扫<br>关注该公众号</p></div></div>'
            '<script>var ct = "1740789000"; var nickname = "城市观察";</script></body></html>')


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    d = tmp_path / "seeds"
    d.mkdir()
    (d / "000_first.txt").write_text("标题\n\n" + PARAS[0], encoding="utf-8")
    return d


def test_saved_utf8_page(seeds, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(news_page("老旧小区改造进入快车道", PARAS), encoding="utf-8")
    added = add_article(seeds, str(page))
    # the slug is the headline in pinyin, word by word
    assert added.seed.name == "001_laojiu-xiaoqu-gaizao-jinru-kuaichedao.txt"
    assert added.raw.name == "001_laojiu-xiaoqu-gaizao-jinru-kuaichedao.html"
    text = added.seed.read_text(encoding="utf-8")
    assert text.startswith("老旧小区改造进入快车道\n") and PARAS[2] in text
    assert "另一座城市的改造故事" not in text and "首页" not in text
    meta = added.meta.read_text(encoding="utf-8")
    assert "title_zh: 老旧小区改造进入快车道" in meta and "published: '2025-03-01'" in meta
    assert "outlet: 城市新闻网" in meta
    assert added.raw.read_bytes() == page.read_bytes()


@pytest.mark.parametrize("encoding,label", [("gb18030", "gbk"), ("gb18030", "gb2312"), ("big5", "big5")])
def test_legacy_encodings_are_decoded(seeds, tmp_path, encoding, label):
    paras = TRAD if label == "big5" else PARAS
    title = "老舊社區改造進入快車道" if label == "big5" else "老旧小区改造进入快车道"
    page = tmp_path / "legacy.html"
    site = "城市新聞網" if label == "big5" else "城市新闻网"
    page.write_bytes(news_page(title, paras, charset=label, site=site).encode(encoding, "xmlcharrefreplace"))
    added = add_article(seeds, str(page))
    text = added.seed.read_text(encoding="utf-8")
    assert paras[1] in text and text.startswith(title)


def test_decode_prefers_the_http_header_then_meta():
    raw = "<html><head><meta charset='big5'></head><body>中文</body></html>".encode("big5")
    assert decode_html(raw)[1] == "big5hkscs"
    assert decode_html("中文".encode("gbk"), "GB2312") == ("中文", "gb18030")


def test_wechat_page(seeds, tmp_path):
    page = tmp_path / "wechat.html"
    page.write_text(wechat_page(), encoding="utf-8")
    added = add_article(seeds, str(page))
    text = added.seed.read_text(encoding="utf-8")
    assert text.startswith("老旧小区改造进入快车道\n") and PARAS[3] in text
    assert added.found["outlet"][0] == "城市观察" and added.found["author"][0] == "王小明"
    assert added.found["published"][0] == "2025-03-01"  # 1740789000 is 08:30 on 1 March, Beijing time


def test_text_file_and_a_second_add_takes_the_next_number(seeds, tmp_path):
    src = tmp_path / "文章.txt"
    src.write_text("\n\n".join(["老旧小区改造进入快车道", "记者 张三", "2025-03-01 08:30"] + PARAS), encoding="utf-8")
    first = add_article(seeds, str(src))
    with pytest.raises(InputError, match="already in the briefing as 001_laojiu"):
        add_article(seeds, str(src))  # the same text again: refused, nothing written
    second = add_article(seeds, str(src), force=True)
    assert first.seed.name == "001_laojiu-xiaoqu-gaizao-jinru-kuaichedao.txt"
    assert second.seed.name == "002_laojiu-xiaoqu-gaizao-jinru-kuaichedao-2.txt"
    assert first.slug != second.slug
    assert first.found["author"][0] == "张三" and first.found["published"][0] == "2025-03-01"
    assert first.raw is None


class _Handler(http.server.BaseHTTPRequestHandler):
    pages: dict[str, tuple[int, str, bytes]] = {}

    def do_GET(self):  # noqa: N802
        status, ctype, data = self.pages.get(self.path, (404, "text/html", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Handler.pages = {
        "/news/2025/0301/123.html": (200, "text/html; charset=GBK",
                                     news_page("老旧小区改造进入快车道", PARAS, charset="gbk").encode("gb18030")),
        "/list.html": (200, "text/html; charset=utf-8",
                       "<html><body><ul><li><a href='/1'>一</a></li></ul></body></html>".encode()),
        "/photo.jpg": (200, "image/jpeg", b"\xff\xd8\xff"),
    }
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_is_downloaded_and_kept_beside_the_seed(seeds, server):
    added = add_article(seeds, server + "/news/2025/0301/123.html", allow_private=True)  # a loopback server
    assert added.slug == "laojiu-xiaoqu-gaizao-jinru-kuaichedao"  # never the address's numbers
    assert PARAS[0] in added.seed.read_text(encoding="utf-8")
    assert added.raw.read_bytes().decode("gb18030").count(PARAS[0]) == 2
    assert f"url: {server}/news/2025/0301/123.html" in added.meta.read_text(encoding="utf-8")


@pytest.mark.parametrize("path,message", [("/missing.html", "404"), ("/list.html", "no article text"),
                                          ("/photo.jpg", "not a web page")])
def test_url_failures_write_nothing(seeds, server, path, message):
    before = sorted(p.name for p in seeds.iterdir())
    with pytest.raises(InputError, match=message):
        add_article(seeds, server + path, allow_private=True)
    assert sorted(p.name for p in seeds.iterdir()) == before


def test_no_network_is_a_clear_message_and_writes_nothing(seeds):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    before = sorted(p.name for p in seeds.iterdir())
    with pytest.raises(InputError, match="cannot download") as err:
        add_article(seeds, f"http://127.0.0.1:{port}/a.html", allow_private=True)
    assert "briefing add page.html" in str(err.value)
    assert sorted(p.name for p in seeds.iterdir()) == before


def test_cli_add_prints_what_it_found_and_fails_without_traceback(tmp_path):
    project = tmp_path / "p"
    (project / "seeds").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(news_page("老旧小区改造进入快车道", PARAS), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["add", "-p", str(project), str(page)])
    assert result.exit_code == 0, result.output
    assert "added 000_laojiu-xiaoqu-gaizao-jinru-kuaichedao.txt" in result.output and "2025-03-01" in result.output
    result = runner.invoke(main, ["add", "-p", str(project), str(tmp_path / "missing.html")])
    assert result.exit_code != 0 and "no such file" in result.output and "Traceback" not in result.output
