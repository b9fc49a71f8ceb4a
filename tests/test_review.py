"""`briefing review` without a browser: what a screen shows and what a save does (pure), the
session over a real project (conflicts, stale originals, the lock, marks, a racing build), and
the server's gate (loopback, Host/Origin, token)."""

from __future__ import annotations

import http.client
import json
import sys
import threading
from pathlib import Path

import pytest

from briefing.sources.script import Conversion
from briefing.model import ArticleMeta, Status
from briefing.review.save import Refused, SaveRequest, clean_english, edit_status, plan_save
from briefing.review.screen import article_progress, article_view, segment_labels, source_diff
from briefing.sources.articles import build_article
from briefing.translation.memory import entry_for, read_tm, resolve, segment_version, tm_lock, tm_path

from support import REVIEW_ARTICLE as ARTICLE

SEED = "标题\n\n英伟达的芯片第一句。第二句话在这里。\n\n第三句话。\n"


@pytest.fixture
def article():
    return build_article(SEED, ArticleMeta(slug="a", source_file="000_a.txt", title_zh="标题"), conversion=Conversion())


def request(seg, action="save", english="", version=None, entries=()):
    return SaveRequest(slug="a", segment_id=seg.id, action=action, english=english,
                       version=version or segment_version(seg, entries), source_hash=seg.hash)


# ---------------------------------------------------------------- what a save does

def test_accepting_a_machine_draft_makes_it_reviewed_and_keeps_its_engine(article):
    seg = article.paragraphs[0].segments[0]
    draft = entry_for(seg, "Nvidia's first chip sentence.", Status.MACHINE, "argos", "zh_en 1.9", "2026-01-01")
    planned = plan_save(article, [draft], request(seg, "accept", draft.en), "Ana", "2026-02-01")
    e = planned.entry
    assert (e.status, e.en, e.engine, e.model, e.by, e.date) == (
        Status.REVIEWED, draft.en, "argos", "zh_en 1.9", "Ana", "2026-02-01")


@pytest.mark.parametrize("before, expected", [
    (None, Status.EDITOR),  # written where there was none
    (Status.MACHINE, Status.EDITED),  # a machine draft corrected
    (Status.REVIEWED, Status.EDITED),  # a reviewed draft corrected
    (Status.EDITED, Status.EDITED),
    (Status.EDITOR, Status.EDITOR),  # an editor's own text corrected
])
def test_changed_text_is_stored_with_the_status_of_what_it_replaces(article, before, expected):
    seg = article.paragraphs[0].segments[0]
    entries = [] if before is None else [entry_for(seg, "Old text.", before, "argos", "m", "2026-01-01")]
    planned = plan_save(article, entries, request(seg, english="New text.", entries=entries), "Bo", "2026-02-01")
    assert planned.entry.status is expected and planned.entry.en == "New text."
    assert edit_status(resolve(article, entries).get(seg.id)) is expected


def test_accepting_checked_english_writes_nothing_and_nothing_is_refused(article):
    seg = article.paragraphs[0].segments[0]
    human = entry_for(seg, "Editor text.", Status.EDITOR, "editor", date="2026-01-01")
    assert plan_save(article, [human], request(seg, "accept", human.en), "Ana", "2026-02-01").entry is None
    # saving the same text again is an accept too
    assert plan_save(article, [human], request(seg, "save", " Editor  text. "), "Ana", "2026-02-01").entry is None
    with pytest.raises(Refused, match="no English to accept"):
        plan_save(article, [], request(seg, "accept", ""), "Ana", "2026-02-01")


def test_stale_english_accepted_is_confirmed_for_the_new_original(article):
    seg = article.paragraphs[0].segments[0]
    from dataclasses import replace
    old = entry_for(replace(seg, source="英伟达的旧句子。"), "Old sentence.", Status.EDITOR, "editor", date="2025-01-01")
    shown = resolve(article, [old])[seg.id]
    assert shown.stale
    planned = plan_save(article, [old], request(seg, "accept", "Old sentence."), "Ana", "2026-02-01")
    assert planned.entry.hash == seg.hash and planned.entry.status is Status.EDITOR
    assert "changed original" in planned.message


@pytest.mark.parametrize("text, message", [
    ("", "empty"), ("   \n\t ", "empty"),
    ("bad\x00text", "control characters"), ("evil\u202etxet", "control characters"),
    ("x" * 5000, "at most 4,000"),
])
def test_unusable_english_is_refused_with_a_message(text, message):
    with pytest.raises(Refused, match=message):
        clean_english(text)


def test_english_is_kept_as_typed_but_on_one_line():
    assert clean_english("  Two\nlines  and   spaces ") == "Two lines and spaces"
    markup = "<script>alert(1)</script> {{ config.site_name }} {% if x %} &amp; *not* `code`"
    assert clean_english(markup) == markup  # stored as text, escaped where shown


def test_a_save_for_a_sentence_that_is_gone_is_refused(article):
    seg = article.paragraphs[0].segments[0]
    gone = SaveRequest("a", "a/p9-s9", "save", "x", "v", seg.hash)
    with pytest.raises(Refused, match="no sentence a/p9-s9"):
        plan_save(article, [], gone, "Ana", "2026-02-01")


# ---------------------------------------------------------------- what a screen shows

def test_progress_counts_what_is_left_to_do(article):
    segs = article.segments()
    entries = [entry_for(segs[0], "Title", Status.EDITOR, "editor"),
               entry_for(segs[1], "Draft.", Status.MACHINE, "argos"),
               entry_for(segs[2], "Checked.", Status.REVIEWED, "argos")]
    p = article_progress(article, entries, later={segs[3].id, "other/p1-s1"})
    assert (p.total, p.done, p.machine, p.pending, p.stale, p.later) == (4, 2, 1, 1, 0, 1)


def test_screen_shows_flags_names_draft_and_who(article):
    glossary_text = "entries:\n  - en: Nvidia\n    zh-Hans: 英伟达\n    zh-Hant: 輝達\n    type: org\n"
    from briefing.translation.glossary import parse_glossary
    glossary = parse_glossary(glossary_text, Path("glossary.yml"))
    seg = article.paragraphs[0].segments[0]
    draft = entry_for(seg, "The first chip sentence of 英伟达.", Status.MACHINE, "argos", "m", "2026-01-01")
    human = entry_for(seg, "Nvidia's first chip sentence.", Status.EDITED, "argos", "m", "2026-01-02", by="Ana")
    view = article_view(article, [draft, human], glossary)
    row = next(s for s in view["segments"] if s["id"] == seg.id)
    assert row["state"] == "edited" and row["provenance"]["by"] == "Ana"
    assert row["machine_draft"]["en"] == draft.en  # what the editor changed
    assert row["names"] == [{"zh": "英伟达", "en": "Nvidia", "also": [], "type": "org", "note": "",
                             "in_english": True}]
    # the draft alone: QA finds the Chinese left in it, and the name missing
    row = next(s for s in article_view(article, [draft], glossary)["segments"] if s["id"] == seg.id)
    assert {f["code"] for f in row["flags"]} >= {"cjk-left", "glossary-miss"}
    assert row["names"][0]["in_english"] is False
    assert view["progress"]["done"] == 1


def test_labels_and_the_change_of_a_stale_original(article):
    labels = segment_labels(article)
    assert labels["a/title"] == "Title" and labels["a/p1-s2"] == "Sentence 1.2"
    diff = source_diff("第一句话在这里。", "第一句新话在这里。")
    assert diff["new"] == [["=", "第一句"], ["+", "新"], ["=", "话在这里。"]]
    assert "".join(t for _, t in diff["old"]) == "第一句话在这里。"


def test_the_word_gloss_of_a_sentence_joins_back_to_it():
    from briefing.render.cedict import load_cedict
    from briefing.render.gloss import make_tables
    from briefing.review.words import sentence_words
    from briefing.translation.glossary import parse_glossary
    glossary = parse_glossary("entries:\n  - en: Nvidia\n    zh-Hans: 英伟达\n    zh-Hant: 輝達\n",
                              Path("glossary.yml"))
    tables = make_tables(load_cedict(), glossary, Conversion())
    for text, script in (("英伟达发布了新的银行芯片。", "hans"), ("輝達發布了新的銀行晶片。", "hant")):
        words = sentence_words(text, script, tables)
        assert "".join(w["t"] for w in words) == text
        name = next(w for w in words if w["t"] in ("英伟达", "輝達"))
        assert name["en"] == "Nvidia"
        bank = next(w for w in words if w["t"] in ("银行", "銀行"))
        assert bank["py"] == "yín háng" and "bank" in bank["senses"]


# ---------------------------------------------------------------- a session over a real project

@pytest.fixture
def project(review_copy):
    return review_copy  # conftest: a fresh copy of support.review_project for each test


@pytest.fixture
def session(project):
    from briefing.review.session import ReviewSession
    return ReviewSession(project, "Test Editor", now=lambda: "2026-03-01T09:30:05+08:00", gloss=False)


def _row(session, anchor):
    status, view = session.screen(ARTICLE)
    assert status == 200
    return next(s for s in view["segments"] if s["anchor"] == anchor)


def _body(row, action="save", english=None, **changes):
    body = {"slug": ARTICLE, "id": row["id"], "action": action, "english": row["en"] if english is None else english,
            "version": row["version"], "source_hash": row["source_hash"]}
    body.update(changes)
    return body


def test_a_save_lands_in_the_memory_file_with_who_and_when(session, project):
    row = _row(session, "p1-s1")
    status, answer = session.save(_body(row, "accept"))
    assert status == 200 and answer["result"] == "saved"
    assert answer["segment"]["state"] == "reviewed" and answer["progress"]["done"] == 1
    assert answer["briefing"]["done"] == 271  # 270 sample sentences + this one
    stored = [e for e in read_tm(tm_path(project.tm_dir, ARTICLE)) if e.id == row["id"]]
    assert {(e.status, e.by, e.date) for e in stored} == {
        (Status.REVIEWED, "Test Editor", "2026-03-01T09:30:05+08:00"), (Status.MACHINE, "", "2026-01-05")}
    # the screen says when; the site, the day
    assert answer["segment"]["provenance"]["when"] == "2026-03-01 09:30 (UTC+08:00)"
    assert resolve(session.article(ARTICLE), stored)[row["id"]].date == "2026-03-01"


def test_two_editors_on_one_sentence_get_a_conflict_not_a_lost_edit(session, project):
    row = _row(session, "p2-s1")  # both tabs load the sentence
    assert session.save(_body(row, english="First tab's English."))[0] == 200
    status, answer = session.save(_body(row, english="Second tab's English."))
    assert status == 409 and answer["conflict"] == "version"
    assert answer["theirs"]["en"] == "First tab's English." and answer["yours"] == "Second tab's English."
    assert _row(session, "p2-s1")["en"] == "First tab's English."  # not overwritten
    # saving over it, having seen theirs, is allowed
    status, answer = session.save(_body(answer["theirs"], english="Second tab's English."))
    assert status == 200 and answer["segment"]["en"] == "Second tab's English."
    # the same English from a tab that is behind is no conflict
    assert session.save(_body(row, english="Second tab's English."))[1]["result"] == "unchanged"


def test_a_machine_draft_arriving_meanwhile_is_a_conflict(session, project):
    from briefing.translation.memory import write_tm
    row = next(s for s in session.screen(ARTICLE)[1]["segments"] if s["state"] == "pending")
    article = session.article(ARTICLE)
    seg = next(s for s in article.segments() if s.id == row["id"])
    path = tm_path(project.tm_dir, ARTICLE)
    with tm_lock(project.tm_dir):  # as `briefing translate` writes a batch
        write_tm(path, ARTICLE, read_tm(path) + [entry_for(seg, "A new draft.", Status.MACHINE, "argos")])
    status, answer = session.save(_body(row, english="The editor's own English."))
    assert status == 409 and answer["theirs"]["en"] == "A new draft."


def test_a_save_while_the_memory_stays_locked_is_refused_then_goes_through(session, project, monkeypatch):
    from briefing.review import session as session_module
    monkeypatch.setattr(session_module, "LOCK_WAIT", 0.05)
    row = _row(session, "p3-s1")
    with tm_lock(project.tm_dir):  # a stuck writer: nobody else holds it for more than a moment
        status, answer = session.save(_body(row, english="Held English."))
    assert status == 423 and "kept here" in answer["error"] and "save it again" in answer["error"]
    assert session.save(_body(row, english="Held English."))[0] == 200


HELD_TRANSLATE = """
import sys
from pathlib import Path
from briefing.config import load_project
from briefing.translation.machine import translate_project
from support import FakeEngine

class HeldEngine(FakeEngine):
    # after its first batch is saved it says so and waits for a line on stdin, mid-run
    def translate(self, sentences):
        if self.calls and not getattr(self, "held", False):
            self.held = True
            print("saved", flush=True)
            sys.stdin.readline()
        return super().translate(sentences)

translate_project(load_project(Path(sys.argv[1])), HeldEngine(), batch_size=1, flush_every=0)
"""


def test_a_real_translate_run_meanwhile_loses_no_edit(session, project, tmp_path):
    """`briefing translate` in another process, held halfway: the editor's saves go through at
    once (the run holds the memory's lock only while it saves); a sentence it drafted already is
    a conflict showing both texts; a sentence the editor wrote before the run got to it keeps the
    editor's English, with the run's draft beside it; in the end every text is in the file."""
    import os
    import subprocess
    rows = session.screen(ARTICLE)[1]["segments"]
    machine = next(r for r in rows if r["state"] == "machine")
    missing = [r for r in rows if r["state"] in ("pending", "stale")]  # what translate will draft
    script = tmp_path / "held_translate.py"
    script.write_text(HELD_TRANSLATE, encoding="utf-8")
    tests = Path(__file__).resolve().parent
    run = subprocess.Popen([sys.executable, str(script), str(project.root)], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env={**os.environ, "PYTHONPATH": str(tests)})
    try:
        assert run.stdout.readline() == "saved\n", run.communicate()
        drafted = {e.id for e in read_tm(tm_path(project.tm_dir, ARTICLE)) if e.engine == "fake"}
        first = next(r for r in missing if r["id"] in drafted)  # its first batch, saved
        later = next(r for r in missing if r["id"] not in drafted)  # still to come
        status, answer = session.save(_body(first, english="Too late for this one."))
        assert status == 409 and answer["theirs"]["provenance"]["engine"] == "fake"
        for row, english in ((machine, "The editor's correction."), (later, "The editor's own English.")):
            status, answer = session.save(_body(row, english=english))  # while translate runs
            assert status == 200 and answer["result"] == "saved", answer
            assert _row(session, row["anchor"])["en"] == english
        assert run.poll() is None  # still running: held
        out, err = run.communicate("go on\n", timeout=120)
        assert run.returncode == 0, (out, err)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    entries = read_tm(tm_path(project.tm_dir, ARTICLE))
    shown = {k.split("/")[1]: v for k, v in resolve(session.article(ARTICLE), entries).items()}
    assert shown[machine["anchor"]].en == "The editor's correction."
    assert shown[later["anchor"]].en == "The editor's own English."  # not replaced by the run's draft
    assert shown[first["anchor"]].engine == "fake"  # translate's own work is kept too
    assert any(e.engine == "fake" and e.id == later["id"] for e in entries)  # beside the editor's
    assert {r["id"] for r in missing} <= {e.id for e in entries if e.engine == "fake"}  # every draft


def test_an_original_changed_on_disk_is_shown_stale_and_the_old_save_refused(session, project):
    row = _row(session, "p1-s2")
    piece = row["source"][:10]  # "作為OpenAI的產品競": as printed in the seed
    seed = next(p for p in sorted(project.seeds_dir.glob("*.txt")) if piece in p.read_text(encoding="utf-8"))
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace(piece, piece.replace("OpenAI", "OpenAI公司")), encoding="utf-8")
    status, answer = session.save(_body(row, english="Written for the old original."))
    assert status == 409 and answer["conflict"] == "source"
    assert answer["theirs"]["state"] == "stale"
    assert [r[0] for r in answer["theirs"]["stale"]["new"]].count("+") == 1  # 公司 added, marked
    fresh = answer["theirs"]
    status, answer = session.save(_body(fresh, english="Written for the new original."))
    assert status == 200 and answer["segment"]["state"] == "edited"


def test_empty_and_unknown_saves_are_refused_with_messages(session):
    row = _row(session, "p1-s1")
    with pytest.raises(Refused, match="empty"):
        session.save(_body(row, english="  "))
    with pytest.raises(Refused, match="no article"):
        session.save({**_body(row), "slug": "no-such-article"})
    with pytest.raises(Refused, match="unknown action"):
        session.save({**_body(row), "action": "delete"})


def test_a_damaged_memory_file_is_named_not_rewritten(session, project):
    from briefing.errors import InputError
    path = tm_path(project.tm_dir, ARTICLE)
    path.write_text("article: x\nentries: [\n", encoding="utf-8")
    with pytest.raises(InputError, match=str(path)):
        session.screen(ARTICLE)
    status, overview = session.overview()
    assert status == 200 and any(str(path) in p for p in overview["problems"])
    assert len(overview["articles"]) == 4  # the others can still be reviewed
    assert path.read_text(encoding="utf-8") == "article: x\nentries: [\n"


def test_later_marks_survive_a_new_session(session, project):
    from briefing.review.session import ReviewSession
    row = _row(session, "p1-s1")
    status, answer = session.mark_later({"slug": ARTICLE, "id": row["id"], "later": True})
    assert status == 200 and answer["segment"]["later"] and answer["progress"]["later"] == 1
    again = ReviewSession(project, "Someone", gloss=False)
    assert _row(again, "p1-s1")["later"] is True
    assert again.save(_body(row, "accept"))[0] == 200  # checked: no longer for later
    assert _row(again, "p1-s1")["later"] is False


def _article_page(project) -> str:
    """The generated page of ARTICLE in docs/ (wherever the writer puts it: <slug>.md or <slug>/index.md)."""
    pages = [p for p in (project.docs_dir / "articles").rglob("*.md") if ARTICLE in p.as_posix()]
    assert len(pages) == 1, pages
    return pages[0].read_text(encoding="utf-8")


def test_an_edit_racing_a_build_is_on_the_site_after_the_next_build(session, project):
    """Saves while `briefing build` reads the memory: the build reads whole files (atomic
    writes), and the next build shows every saved sentence as reviewed."""
    from briefing.publish.build import generate_docs
    rows = [s for s in session.screen(ARTICLE)[1]["segments"] if s["state"] == "machine"][:25]
    errors: list[BaseException] = []

    def build():
        try:
            generate_docs(project)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
    t = threading.Thread(target=build)
    t.start()
    for row in rows:
        assert session.save(_body(row, "accept"))[0] == 200
    t.join()
    assert not errors
    generate_docs(project)
    page = _article_page(project)
    for row in rows:
        assert f'id="en-{row["anchor"]}" data-bf-pair="{row["anchor"]}" data-bf-status="reviewed"' in page
    assert page.count('data-bf-status="reviewed"') == len(rows)
    assert "Machine draft reviewed by an editor (fixture, test drafts), 2026-03-01" in page


def test_markup_in_english_is_stored_as_text_and_escaped_on_the_site(session, project):
    from briefing.publish.build import generate_docs
    row = _row(session, "p1-s1")
    markup = "<img src=x onerror=alert(1)> {{ config.site_name }} {% raw %} [link](javascript:x)"
    assert session.save(_body(row, english=markup))[0] == 200
    assert _row(session, "p1-s1")["en"] == markup
    stored = next(e for e in read_tm(tm_path(project.tm_dir, ARTICLE)) if e.id == row["id"] and e.status.is_human)
    assert stored.en == markup
    generate_docs(project)
    page = _article_page(project)
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page


# ---------------------------------------------------------------- the server's gate

@pytest.fixture
def server(session):
    from briefing.review.server import ReviewServer
    srv = ReviewServer(session, 0, log=lambda msg: None)
    srv.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def _call(server, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.gate.port, timeout=10)
    head = {"Host": f"127.0.0.1:{server.gate.port}", "X-Review-Token": server.token,
            "Content-Type": "application/json"}
    head.update(headers or {})
    head = {k: v for k, v in head.items() if v is not None}
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=head)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, dict(r.getheaders()), data


def test_the_server_listens_on_loopback_only(server):
    assert server.server_address[0] == "127.0.0.1"
    assert server.url.startswith(f"http://127.0.0.1:{server.gate.port}/?token=")


def test_every_answer_carries_a_strict_content_security_policy(server):
    status, headers, body = _call(server, "GET", f"/?token={server.token}")
    assert status == 200 and b"review.js" in body
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
    for asset in ("/review.js", "/review.css"):
        assert _call(server, "GET", asset)[0] == 200
    html = _call(server, "GET", f"/?token={server.token}")[2].decode()
    assert "http://" not in html and "https://" not in html  # nothing loaded from elsewhere


@pytest.mark.parametrize("headers, path", [
    ({"X-Review-Token": None}, "/api/overview"),  # no token
    ({"X-Review-Token": "guess"}, "/api/overview"),  # a wrong one
    ({"Host": "attacker.example"}, "/api/overview"),  # DNS rebinding: another host name
    ({"Host": "attacker.example:80"}, "/?token=TOKEN"),
    ({"Origin": "http://attacker.example"}, "/api/overview"),  # another web page
    ({"Sec-Fetch-Site": "cross-site"}, "/api/overview"),
    ({}, "/?token=guess"),  # the page itself without the token
])
def test_requests_from_elsewhere_are_refused(server, headers, path):
    status, _, _ = _call(server, "GET", path.replace("TOKEN", server.token), headers=headers)
    assert status == 403


def test_writes_need_the_token_and_json(server, project):
    before = tm_path(project.tm_dir, ARTICLE).read_bytes()
    body = {"slug": ARTICLE, "id": f"{ARTICLE}/p1-s1", "action": "accept", "english": "x", "version": "v"}
    assert _call(server, "POST", "/api/save", body, {"X-Review-Token": None})[0] == 403
    assert _call(server, "POST", "/api/save", body, {"Origin": "http://localhost.attacker.example"})[0] == 403
    assert _call(server, "POST", "/api/save", body, {"Content-Type": "text/plain"})[0] == 415
    status, _, data = _call(server, "POST", "/api/save", {"english": "x" * 70000})
    assert status == 413
    assert tm_path(project.tm_dir, ARTICLE).read_bytes() == before  # nothing written


def test_token_comparison_is_exact():
    from briefing.review.server import same_token
    assert same_token("abc", "abc") and not same_token("abd", "abc") and not same_token(None, "abc")
    assert not same_token("ab", "abc") and not same_token("abcd", "abc") and not same_token("é", "abc")


def test_a_refusal_reaches_the_page_as_a_message(server):
    status, _, data = _call(server, "POST", "/api/save", {"slug": ARTICLE, "id": f"{ARTICLE}/p1-s1",
                                                         "action": "save", "english": "", "version": "v",
                                                         "source_hash": ""})
    assert status == 422 and "empty" in json.loads(data)["error"]


# ---------------------------------------------------------------- who saves

def test_who_saves_comes_from_the_option_the_environment_or_git():
    from briefing.review.who import editor_name
    assert editor_name("Ana  Li", {"BRIEFING_EDITOR": "Bo"}, lambda: "Git Name") == "Ana Li"
    assert editor_name(None, {"BRIEFING_EDITOR": "Bo"}, lambda: "Git Name") == "Bo"
    assert editor_name(None, {}, lambda: "Git Name") == "Git Name"
    assert editor_name(None, {}, lambda: "") != ""  # the login name
    assert editor_name("x\ny", {}, lambda: "") == "x y"


def test_git_user_name_is_read_from_the_project_folder(tmp_path, monkeypatch):
    import subprocess
    from briefing.review.who import git_user_name
    monkeypatch.setenv("HOME", str(tmp_path))  # no global setting: only the repository's
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    assert git_user_name(tmp_path / "repo") == ""
    subprocess.run(["git", "-C", str(tmp_path / "repo"), "config", "user.name", "Ana Li"], check=True)
    assert git_user_name(tmp_path / "repo") == "Ana Li"


def test_a_git_that_hangs_is_ended_with_what_it_started(tmp_path, monkeypatch):
    """A `git` that never answers (a wrapper waiting on a network home, say) and started a child
    that holds its output: review starts anyway, with no name from git, and neither is left."""
    import os
    from briefing.review import who
    pids = tmp_path / "pids"
    fake = tmp_path / "bin" / "git"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\necho $$ >> {pids}\nsleep 300 &\necho $! >> {pids}\nwait\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(who, "GIT_TIMEOUT", 0.5)
    found: list[str] = []
    call = threading.Thread(target=lambda: found.append(who.git_user_name(tmp_path)), daemon=True)
    call.start()
    call.join(60)  # a bound for a loaded machine; the old code waited for the child's 300 s
    assert not call.is_alive(), "git_user_name still waiting for a hung git"
    assert found == [""]
    for pid in map(int, pids.read_text().split()):
        assert _ends(pid), f"process {pid} of the hung git is still running"


def _ends(pid: int, within: float = 30.0) -> bool:
    """True once `pid` has ended. A SIGKILL is delivered when the killed process next runs, so on a
    loaded machine the orphaned `sleep` may still show as running for a moment after killpg."""
    import time
    deadline = time.monotonic() + within
    while not _ended(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _ended(pid: int) -> bool:
    """Gone, or a zombie nobody has reaped yet (a container's first process may not)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


# ---------------------------------------------------------------- the command

def _start_cli(project_dir, *args):
    import os
    import subprocess
    cmd = [sys.executable, "-c", "from briefing.cli import main; main(prog_name='briefing')",
           "review", "-p", str(project_dir), "--no-open", *args]
    env = {**os.environ, "BRIEFING_EDITOR": "CLI Editor"}
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_the_command_prints_its_address_serves_and_stops_on_ctrl_c(project):
    import signal
    proc = _start_cli(project.root, ARTICLE)
    try:
        url = ""
        for line in proc.stdout:  # until the address is printed (the server is up)
            if "?token=" in line:
                url = line.strip()
                break
        assert url.startswith("http://127.0.0.1:") and url.endswith(f"#{ARTICLE}")
        port = int(url.split(":")[2].split("/")[0])
        token = url.split("token=")[1].split("#")[0]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/api/overview", headers={"X-Review-Token": token, "Host": f"127.0.0.1:{port}"})
        data = json.loads(conn.getresponse().read())
        conn.close()
        assert data["editor"] == "CLI Editor" and data["progress"]["total"] == 314
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "stopped; every save is already in translations/" in err and "Traceback" not in err


def test_the_command_refuses_an_unknown_article_and_a_busy_port(project):
    import socket
    proc = _start_cli(project.root, "no-such-article")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and "no article 'no-such-article'" in err and ARTICLE in err
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        proc = _start_cli(project.root, "--port", str(busy.getsockname()[1]))
        out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0 and "in use" in err and "--port" in err and "Traceback" not in err


def test_the_browser_is_given_a_private_file_not_the_token(monkeypatch, tmp_path):
    import stat
    import webbrowser
    from briefing.review import launch
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    monkeypatch.setenv("DISPLAY", ":0")
    url = "http://127.0.0.1:8123/?token=SECRET-TOKEN#a"
    folder = launch.open_in_browser(url)
    try:
        assert folder is not None and len(opened) == 1 and "SECRET" not in opened[0]
        page = folder / "open.html"
        assert opened[0] == page.as_uri() and url.replace("&", "&amp;") in page.read_text(encoding="utf-8")
        assert stat.S_IMODE(page.stat().st_mode) == 0o600 and stat.S_IMODE(folder.stat().st_mode) == 0o700
    finally:
        import shutil
        shutil.rmtree(folder, ignore_errors=True)
    assert launch.graphical_browser_likely({}) is (not sys.platform.startswith("linux"))
