"""`briefing review` in headless Chromium: a whole article reviewed by keyboard alone, an edit
that survives a server restart, two tabs on one sentence, a save refused by a stuck lock,
markup typed as English, axe-core, and screenshots at 1280 and 390 px (build/screenshots/)."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from briefing.model import Status
from briefing.review.server import ReviewServer
from briefing.review.session import ReviewSession
from briefing.translation.memory import read_tm, resolve, tm_lock, tm_path

from support import REVIEW_ARTICLE as ARTICLE, SCREENSHOTS, assert_screenshot_shows, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EDITOR = "Keyboard Editor"
WAIT_MS = 20_000  # the longest any condition below may take on a loaded machine


@pytest.fixture
def project(review_copy):
    return review_copy  # conftest: a fresh copy of support.review_project for each test


class Servers:
    """Review servers of one test; each is stopped at the end (or by `stop`)."""

    def __init__(self) -> None:
        self.running: list[ReviewServer] = []

    def start(self, project, who: str = EDITOR) -> ReviewServer:
        server = ReviewServer(ReviewSession(project, who), 0, log=lambda msg: None)
        server.start()
        self.running.append(server)
        return server

    def stop(self, server: ReviewServer) -> None:
        server.shutdown()
        server.server_close()
        self.running.remove(server)


@pytest.fixture
def servers():
    s = Servers()
    yield s
    for server in list(s.running):
        s.stop(server)


def open_page(browser, server, anchor: str = "", *, width: int = 1280, scheme: str = "light"):
    ctx = browser.new_context(viewport={"width": width, "height": 900 if width > 600 else 844},
                              color_scheme=scheme)
    page = ctx.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.on("request", lambda r: page.requests.append(r.url))  # type: ignore[attr-defined]
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.errors.append(str(e)))  # type: ignore[attr-defined]
    page.goto(server.url + f"#{ARTICLE}" + (f"/{anchor}" if anchor else ""))
    page.wait_for_function("() => document.getElementById('seg-label').textContent !== ''", timeout=WAIT_MS)
    return page


def said(page) -> int:
    return int(page.locator("#status").get_attribute("data-said") or 0)


def press(page, *steps: str) -> str:
    """Press each key of `steps` ("TYPE:text" types the text), then wait for the page's next message."""
    before = said(page)
    for step in steps:
        if step.startswith("TYPE:"):
            page.keyboard.type(step[5:])
        else:
            page.keyboard.press(step)
    page.wait_for_function("n => +(document.getElementById('status').getAttribute('data-said') || 0) > n",
                           arg=before, timeout=WAIT_MS)
    return page.locator("#status").text_content()


def move(page, key: str) -> None:
    """Press a key that moves to another sentence, and wait until it is shown."""
    before = anchor_of(page)
    page.keyboard.press(key)
    page.wait_for_function("a => location.hash.split('/')[1] !== a", arg=before, timeout=WAIT_MS)


def anchor_of(page) -> str:
    return page.evaluate("location.hash.split('/')[1]")


def state_of(page) -> str:
    return page.locator("#badge").get_attribute("class").split("state-")[1]


def stored(project) -> dict:
    """The memory of ARTICLE as the site will show it, by anchor."""
    from briefing.sources.articles import load_articles
    article = next(a for a in load_articles(project) if a.slug == ARTICLE)
    entries = read_tm(tm_path(project.tm_dir, ARTICLE))
    return {k.split("/")[1]: v for k, v in resolve(article, entries).items()}, entries


# ---------------------------------------------------------------- the targets

def test_a_whole_article_reviewed_by_keyboard_alone(browser, project, servers):
    server = servers.start(project)
    page = open_page(browser, server)
    assert page.locator("#article-count").text_content().startswith("0 of 44 checked")
    # the shortcuts are listed, and Escape closes the list
    page.keyboard.press("?")
    assert page.locator("#help").is_visible() and "Mark for later" in page.locator("#help").text_content()
    page.keyboard.press("Escape")
    assert page.locator("#help").is_hidden()
    edited = later = None
    for _ in range(120):
        anchor, state = anchor_of(page), state_of(page)
        if state == "machine" and edited is None:
            edited = anchor  # correct the first draft
            message = press(page, "e", "Control+a", "TYPE:Corrected by keyboard.", "Control+Enter")
            assert message.startswith("Saved as edited"), message
        elif state == "machine" and later is None:
            later = anchor  # set the next one aside
            assert press(page, "l") == "Marked for later."
            move(page, "n")
        elif state in ("machine", "stale"):
            message = press(page, "a")
            assert message.startswith("Accepted"), message
        elif state == "pending":
            message = press(page, "e", f"TYPE:Written by keyboard for {anchor}.", "Control+Enter")
            assert message.startswith("Saved as editor"), message
        else:  # every sentence after the last one to do is checked
            break
        assert page.evaluate("document.activeElement.id") == "current"  # focus follows the work
    # back to the one set aside: up with K until it is current, unmark it, accept it
    while anchor_of(page) != later:
        page.keyboard.press("k")
    assert press(page, "l") == "No longer marked for later."
    assert press(page, "a").startswith("Accepted as reviewed")
    assert page.locator("#article-count").text_content() == "44 of 44 checked"
    assert page.locator("#briefing-count").text_content() == "314 of 314 checked"
    # the memory file says the same, with who and when
    shown, entries = stored(project)
    assert all(tr.status.is_human and not tr.stale for tr in shown.values()) and len(shown) == 44
    assert shown[edited].en == "Corrected by keyboard." and shown[edited].status is Status.EDITED
    assert shown["p1-s3"].status is Status.EDITOR  # the stale editor's text, confirmed
    assert sum(tr.status is Status.EDITOR for tr in shown.values()) == 3  # and the two written
    assert sum(tr.status is Status.REVIEWED for tr in shown.values()) == 40
    current = {tr.source_hash for tr in shown.values()}
    assert {e.by for e in entries if e.status.is_human and e.hash in current} == {EDITOR}
    stamps = {e.date for e in entries if e.status.is_human and e.hash in current}
    assert {d[:10] for d in stamps} <= {dt.date.today().isoformat(), (dt.date.today() - dt.timedelta(days=1)).isoformat()}
    assert all("T" in d for d in stamps)  # the time of each save, not only its day
    assert not page.errors
    origin = server.url.split("/?")[0]
    assert all(u.startswith(origin + "/") for u in page.requests), page.requests  # nothing from elsewhere


def test_an_edit_survives_a_server_restart(browser, project, servers):
    server = servers.start(project)
    page = open_page(browser, server, "p1-s2")
    page.locator("#edit").click()
    page.locator("#english").fill("An edit that outlives its server.")
    page.locator("#save").click()
    page.wait_for_function("t => document.getElementById('status').textContent.startsWith(t)", arg="Saved", timeout=WAIT_MS)
    page.context.close()
    servers.stop(server)
    again = servers.start(project, who="Someone Else")
    page = open_page(browser, again, "p1-s2")
    assert page.locator("#english").input_value() == "An edit that outlives its server."
    assert state_of(page) == "edited"
    assert f"({EDITOR})" in page.locator("#provenance").text_content()
    page.context.close()


def test_two_tabs_on_one_sentence_show_the_conflict(browser, project, servers):
    server = servers.start(project)
    one = open_page(browser, server, "p2-s1")
    two = open_page(browser, server, "p2-s1")
    one.locator("#english").fill("Tab one's English.")
    one.locator("#save").click()
    one.wait_for_function("t => document.getElementById('status').textContent.startsWith(t)", arg="Saved", timeout=WAIT_MS)
    two.locator("#english").fill("Tab two's English.")
    two.locator("#save").click()
    two.locator("#conflict").wait_for(state="visible", timeout=WAIT_MS)
    assert two.locator("#theirs").text_content() == "Tab one's English."
    assert two.locator("#yours").text_content() == "Tab two's English."
    assert "changed elsewhere" in two.locator("#status").text_content()
    assert "changed elsewhere" in two.locator("#conflict-message").text_content()
    assert shot(two, "review-conflict-1280-light.png", "#conflict")
    assert axe_violations(two) == []
    assert stored(project)[0]["p2-s1"].en == "Tab one's English."  # nothing overwritten
    two.locator("#save-mine").click()
    two.wait_for_function("t => document.getElementById('status').textContent.startsWith(t)", arg="Saved", timeout=WAIT_MS)
    assert stored(project)[0]["p2-s1"].en == "Tab two's English."
    # tab one (moved on to the next sentence) is now behind: back on the sentence, its next
    # edit meets the conflict too, and it keeps theirs
    one.locator("#prev").click()
    assert anchor_of(one) == "p2-s1" and one.locator("#english").input_value() == "Tab one's English."
    one.locator("#english").fill("Tab one again.")
    one.locator("#save").click()
    one.locator("#conflict").wait_for(state="visible", timeout=WAIT_MS)
    one.locator("#keep-theirs").click()
    assert one.locator("#english").input_value() == "Tab two's English."
    assert one.locator("#conflict").is_hidden()
    one.context.close()
    two.context.close()


def test_a_save_refused_by_a_stuck_lock_is_kept_to_save_again(browser, project, servers, monkeypatch):
    from briefing.review import session as session_module
    monkeypatch.setattr(session_module, "LOCK_WAIT", 0.1)
    server = servers.start(project)
    page = open_page(browser, server, "p3-s1")
    release = threading.Event()
    held = threading.Event()

    def stuck():  # a writer that keeps the memory's lock (none does for more than a moment)
        with tm_lock(project.tm_dir):
            held.set()
            release.wait(WAIT_MS / 1000)
    t = threading.Thread(target=stuck)
    t.start()
    held.wait(5)
    page.locator("#english").fill("Saved once the lock is free.")
    page.locator("#save").click()
    page.wait_for_function("t => document.getElementById('status').textContent.startsWith(t)",
                           arg="Not saved: Another process", timeout=WAIT_MS)
    assert page.locator("#unsaved").is_visible()
    assert "not saved" in page.locator("#list .on").text_content()
    assert page.locator("#english").input_value() == "Saved once the lock is free."
    release.set()
    t.join()
    page.locator("#save").click()
    page.wait_for_function("t => document.getElementById('status').textContent.startsWith(t)", arg="Saved", timeout=WAIT_MS)
    assert stored(project)[0]["p3-s1"].en == "Saved once the lock is free."
    page.context.close()


def test_markup_is_text_and_empty_english_is_refused(browser, project, servers):
    server = servers.start(project)
    page = open_page(browser, server, "p1-s1")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    before = tm_path(project.tm_dir, ARTICLE).read_bytes()
    page.locator("#english").fill("   ")
    page.locator("#english").press("Control+Enter")
    assert "empty" in page.locator("#status").text_content()
    assert tm_path(project.tm_dir, ARTICLE).read_bytes() == before
    markup = "<img src=x onerror=alert(1)> {{ config.site_name }} {% raw %}"
    page.locator("#english").fill(markup)
    page.locator("#english").press("Control+Enter")
    page.wait_for_function("t => document.getElementById('status').textContent.startsWith(t)", arg="Saved", timeout=WAIT_MS)
    page.keyboard.press("k")  # back to it: shown as typed
    assert page.locator("#english").input_value() == markup
    assert markup in page.locator("#list").text_content()
    assert page.locator("main img").count() == 0 and not dialogs
    assert stored(project)[0]["p1-s1"].en == markup
    page.context.close()


def test_a_stale_draft_shows_the_old_and_the_new_original(browser, project, servers):
    server = servers.start(project)
    page = open_page(browser, server, "p1-s3")
    assert state_of(page) == "stale" and page.locator("#stale").is_visible()
    assert page.locator("#stale-old del").text_content() == "，据报道"  # what the original lost
    assert "据报道" not in page.locator("#stale-new").text_content()
    # the seed is edited while the editor works on a sentence: the save is refused, then the
    # sentence is shown as its original now reads, stale, with the change marked
    page.keyboard.press("k")
    source = page.locator("#orig .sr-only").text_content()
    piece = source[:10]
    seed = next(p for p in sorted(project.seeds_dir.glob("*.txt")) if piece in p.read_text(encoding="utf-8"))
    seed.write_text(seed.read_text(encoding="utf-8").replace(piece, piece.replace("OpenAI", "OpenAI公司")),
                    encoding="utf-8")
    page.locator("#english").fill("Written for the old original.")
    page.locator("#save").click()
    page.locator("#conflict").wait_for(state="visible", timeout=WAIT_MS)
    assert "original of this sentence changed" in page.locator("#status").text_content()
    page.locator("#keep-theirs").click()
    page.wait_for_function("t => document.getElementById('status').textContent.startsWith(t)",
                           arg="Reloaded", timeout=WAIT_MS)
    assert anchor_of(page) == "p1-s2" and state_of(page) == "stale"
    assert page.locator("#stale-new ins").text_content() == "公司"
    assert "公司" in page.locator("#orig").text_content()
    page.context.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_and_screenshots(browser, project, servers, width, scheme):
    server = servers.start(project)
    page = open_page(browser, server, "p1-s3", width=width, scheme=scheme)  # a stale sentence
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert shot(page, f"review-{width}-{scheme}.png")
    page.keyboard.press("?")
    assert axe_violations(page) == []  # with the shortcuts open
    page.keyboard.press("Escape")
    page.locator("#words-box summary").click()
    assert axe_violations(page) == []  # with the word meanings open
    page.context.close()


# ---------------------------------------------------------------- helpers

def shot(page, name: str, subject: str = "#current") -> bool:
    """A full-page screenshot in build/screenshots/, checked to show `subject`."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=True)
    assert_screenshot_shows(page, path, subject, full_page=True)
    return True
