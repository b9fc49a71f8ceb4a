"""The `briefing` command: thin wrappers over library functions.

Each command calls one library function; a `BriefingError` becomes its message on stderr and
an exit code, an `OSError` a message with its path and a remedy, anything else a short message
and a crash log (briefing.failure): never a traceback.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any, Callable

import click

from briefing.errors import BriefingError


def _user_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Every failure becomes a message on stderr and a non-zero exit, never a traceback."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from briefing.failure import describe_crash, describe_os_error, write_crash_log
        from briefing.publish.processes import Terminated, stopped_by_signals
        try:
            with stopped_by_signals():  # Ctrl-C and SIGTERM stop at once, even in a background job
                return func(*args, **kwargs)
        except BriefingError as exc:
            click.secho(f"error: {exc}", fg="red", err=True)
            sys.exit(exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click prints these itself
        except KeyboardInterrupt as exc:
            stopped = "stopped (SIGTERM)" if isinstance(exc, Terminated) else "interrupted"
            click.echo(f"{stopped}; work already written is kept, run again to finish", err=True)
            sys.exit(143 if isinstance(exc, Terminated) else 130)
        except OSError as exc:
            click.secho(f"error: {describe_os_error(exc)}", fg="red", err=True)
            sys.exit(1)
        except Exception as exc:  # a bug: short message here, the traceback in a crash log
            project = kwargs.get("project")
            log = write_crash_log(exc, Path(project) / "build" if project is not None else None)
            click.secho(f"error: {describe_crash(exc, log)}", fg="red", err=True)
            sys.exit(2)
    return wrapper


project_option = click.option(
    "--project", "-p", type=click.Path(file_okay=False, path_type=Path), default=".",
    show_default=True, help="The briefing project folder (holds seeds/, translations/, mkdocs.yml).")


renderer_option = click.option(
    "--renderer", type=click.Choice(["mkdocs", "zensical"]), default="mkdocs", show_default=True,
    help="What builds site/ from docs/ and mkdocs.yml: MkDocs (Material) or Zensical (an optional "
         "extra: pip install 'briefing[zensical]').")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefing")
def main() -> None:
    """Turn Chinese news articles into a bilingual briefing: a MkDocs site and a PDF."""


@main.group("tm")
def tm_group() -> None:
    """Editor worksheets for the translation memory (export, fill in English, import)."""


@tm_group.command("export")
@project_option
@click.argument("slug")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the worksheet here (default: standard output).")
@_user_errors
def tm_export(project: Path, slug: str, out: Path | None) -> None:
    """Export article SLUG's segments with their current English as a YAML worksheet."""
    from briefing.sources.articles import load_articles
    from briefing.config import load_project
    from briefing.errors import InputError
    from briefing.translation.memory import read_tm, resolve, tm_path
    from briefing.translation.worksheet import export_worksheet
    proj = load_project(project)
    articles = load_articles(proj)  # not the curated layer: a curation error must not block editors
    article = next((a for a in articles if a.slug == slug), None)
    if article is None:
        raise InputError(f"no article '{slug}'; known: {', '.join(a.slug for a in articles)}")
    text = export_worksheet(article, resolve(article, read_tm(tm_path(proj.tm_dir, slug))))
    if out is None:
        click.echo(text, nl=False)
        return
    from briefing.io import write_text_atomic
    try:
        write_text_atomic(out, text)
    except OSError as exc:
        raise InputError(f"cannot write the worksheet: {exc.strerror}", path=out,
                         hint="choose a path in an existing folder you can write to") from None
    click.echo(f"wrote {out}", err=True)


@tm_group.command("import")
@project_option
@click.argument("worksheet", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_user_errors
def tm_import(project: Path, worksheet: Path) -> None:
    """Import a filled WORKSHEET into the translation memory as human translations."""
    from briefing.sources.articles import load_articles
    from briefing.config import load_project
    from briefing.translation.worksheet import import_worksheet
    proj = load_project(project)
    imported, unchanged = import_worksheet(worksheet, load_articles(proj), proj.tm_dir)
    click.echo(f"imported {imported} segment(s) from {worksheet}; {unchanged} already current, left as they were")


# ---------------------------------------------------------------- machine translation

def mt_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options that override briefing.yml's `mt:` settings (shared by translate and mt eval)."""
    options = [
        click.option("--batch-size", type=click.IntRange(1, 1024), default=None,
                     help="Sentences per model call at most [mt.batch_size, 64]; finished batches are "
                          "saved as they finish (about once a second) and on exit or Ctrl-C."),
        click.option("--batch-tokens", type=click.IntRange(1, 1 << 20), default=None,
                     help="Padded source tokens per model call [mt.batch_tokens, 2048]."),
        click.option("--beam-size", type=click.IntRange(1, 16), default=None,
                     help="Beam width of the decoder [mt.beam_size, 4 as in Argos]."),
        click.option("--max-input-tokens", type=click.IntRange(8, 4096), default=None,
                     help="Longer segments are translated clause by clause [mt.max_input_tokens, 200]."),
        click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default=None,
                     help="Where the model runs; auto: cuda when CTranslate2 sees a GPU [mt.device]."),
        click.option("--compute-type", default=None,
                     help="CTranslate2 compute type; auto: int8 on CPU where supported [mt.compute_type]."),
        click.option("--threads", "intra_threads", type=click.IntRange(0, 256), default=None,
                     help="Threads per model call; 0: CTranslate2's default [mt.intra_threads]."),
        click.option("--inter-threads", type=click.IntRange(1, 64), default=None,
                     help="Model calls run in parallel [mt.inter_threads, 1]."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _mt_settings(proj: Any, overrides: dict[str, Any]) -> Any:
    from dataclasses import replace
    return replace(proj.mt, **{k: v for k, v in overrides.items() if v is not None})


def _progress_bar(label: str) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    bars: list[Any] = []

    def progress(done: int, total: int) -> None:
        if not bars:  # the total is known only once the memory has been read
            bars.append(click.progressbar(length=total, label=label, file=sys.stderr))
            bars[0].__enter__()
        bars[0].update(done - bars[0].pos)

    def close() -> None:
        if bars:
            bars[0].__exit__(None, None, None)
    return progress, close


def _engine_choices(values: tuple[str, ...]) -> list[Any]:
    from briefing.translation.engines import parse_choice
    return [parse_choice(v) for v in values]


def _run_summary(report: Any) -> str:
    """Time, and requests and tokens when the engine counts them."""
    text = f"{report.seconds:.1f} s ({report.seconds / max(1, report.translated):.2f} s per segment)"
    usage = report.usage
    if usage is not None and usage.requests:
        text += (f"; {usage.requests} request(s), {usage.retries} retried, {usage.split} split; "
                 f"tokens: {usage.prompt_tokens} prompt + {usage.completion_tokens} completion")
    return text


@main.command("translate")
@project_option
@click.option("--engine", "engine", default=None, metavar="ENGINE",
              help="argos, ctranslate2[:FOLDER] or endpoint[:MODEL] [mt.engine, argos].")
@mt_options
@_user_errors
def translate_cmd(project: Path, engine: str | None, **overrides: Any) -> None:
    """Machine-translate every segment lacking English into the translation memory."""
    from briefing.config import load_project
    from briefing.translation.engines import make_engine
    from briefing.translation.machine import translate_project
    proj = load_project(project)
    settings = _mt_settings(proj, overrides)
    choice = _engine_choices((engine,))[0] if engine else None
    progress, close = _progress_bar("translating")
    try:
        report = translate_project(proj, settings=settings, progress=progress,
                                   batch_size=overrides.get("batch_size"),  # an endpoint's too
                                   make_engine=lambda: make_engine(choice, settings, proj.root))
    finally:
        close()
    if not report.pending:
        click.echo(f"nothing to translate: all {report.segments} segments have English")
        return
    flagged = ", ".join(f"{n} {code}" for code, n in sorted(report.flagged.items()))
    qa = ", ".join(f"{n} {code}" for code, n in sorted(report.qa.items()))
    click.echo(f"translated {report.translated} of {report.pending} pending segments in "
               f"{report.batches} batch(es) with {report.engine}"
               + (f" ({report.device})" if report.device else "")
               + (f"; {report.empty} came back empty and stay pending" if report.empty else "")
               + (f"; flagged for review: {flagged} (see 'briefing status')" if flagged else ""))
    if qa:
        click.echo(f"QA on the new drafts: {qa} (see 'briefing status')")
    click.echo(_run_summary(report))


@main.group("mt")
def mt_group() -> None:
    """Machine-translation quality: evaluate engines on this briefing."""


@mt_group.command("eval")
@project_option
@click.option("--article", "slugs", multiple=True, help="Only this article (repeatable).")
@click.option("--engine", "engines", multiple=True, metavar="ENGINE",
              help="argos, ctranslate2[:FOLDER] or endpoint[:MODEL]; repeat to compare engines "
                   "side by side [mt.engine].")
@click.option("--total-only", is_flag=True, help="Only each engine's total, not its articles.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@mt_options
@_user_errors
def mt_eval(project: Path, slugs: tuple[str, ...], engines: tuple[str, ...], total_only: bool,
            as_json: bool, **overrides: Any) -> None:
    """Translate the segments editors translated with each engine (the memory is not changed)
    and print one table: chrF, BLEU, TER (post-edit distance), share flagged by QA and time per
    segment, per engine and per article, against the editors' English."""
    import json
    from briefing.config import load_project
    from briefing.translation.engines import make_engine
    from briefing.translation.evaluate import eval_json, evaluate_project, format_eval
    proj = load_project(project)
    settings = _mt_settings(proj, overrides)
    choices = _engine_choices(engines) or [None]
    bars: dict[str, Any] = {}

    def progress(name: str, done: int, total: int) -> None:
        if name not in bars:
            for other in bars.values():
                other[1]()
            bars[name] = _progress_bar(f"evaluating {name}")
        bars[name][0](done, total)
    try:
        report = evaluate_project(
            proj, settings=settings, slugs=slugs, progress=progress,
            make_engines=[functools.partial(make_engine, c, settings, proj.root) for c in choices])
    finally:
        for _, close in bars.values():
            close()
    click.echo(json.dumps(eval_json(report), ensure_ascii=False, indent=2) if as_json
               else format_eval(report, by_article=not total_only))


@main.group("model")
def model_group() -> None:
    """Translation engines: install the Argos model, see what each engine would use."""


@model_group.command("install")
@click.option("--from", "from_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Install this local .argosmodel file instead of downloading from the Argos index.")
@_user_errors
def model_install(from_file: Path | None) -> None:
    """Install the zh→en model (from the Argos index, or offline with --from FILE)."""
    from briefing.translation.models import install_from_file, install_from_index
    info = install_from_file(from_file) if from_file else install_from_index()
    click.echo(f"installed {info.label} in {info.path}")


@model_group.command("status")
@project_option
@click.option("--check", is_flag=True, help="Ask the endpoint for its models (GET /models).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@_user_errors
def model_status(project: Path, check: bool, as_json: bool) -> None:
    """Show each engine (argos, ctranslate2, endpoint): what it would use, whether it is ready,
    and which one 'briefing translate' uses. The endpoint's key is never shown."""
    import json
    from briefing.config import load_project
    from briefing.translation.engines import describe_engines
    from briefing.translation.models import INSTALL_OFFLINE, INSTALL_ONLINE
    proj = load_project(project)
    data = describe_engines(proj.mt, proj.root, check=check)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    engines = data["engines"]
    click.echo(f"engine used by 'briefing translate': {data['engine']} (mt.engine in briefing.yml, "
               "or --engine)")
    argos = engines["argos"]
    mark = {True: "ready", False: "not ready"}
    click.echo(f"argos        {mark[argos['ready']]}; packages folder: {argos['packages_dir']}")
    if not argos["models"]:
        click.echo(f"             no zh→en model installed; run '{INSTALL_ONLINE}' or '{INSTALL_OFFLINE}'")
    for m in argos["models"]:
        click.echo(f"             {m['name']}  version {m['version']}  {m['path']}")
    folder = engines["ctranslate2"]
    if not folder["path"]:
        click.echo("ctranslate2  not configured: set mt.ctranslate2.path in briefing.yml, or use "
                   "--engine ctranslate2:FOLDER")
    elif folder["ready"]:
        click.echo(f"ctranslate2  ready; {folder['model']} ({folder['layout']}) in {folder['path']}")
    else:
        click.echo(f"ctranslate2  not ready: {folder['path']}: {folder['problem']}")
    ep = engines["endpoint"]
    if not ep["base_url"] or not ep["model"]:
        click.echo("endpoint     not configured: set mt.endpoint.base_url and mt.endpoint.model in "
                   "briefing.yml (or BRIEFING_MT_BASE_URL, BRIEFING_MT_MODEL)")
    else:
        key = f"key from {ep['key_env']}" + ("" if ep["key_set"] else " (not set: no key is sent)")
        state = ep.get("check") or ep.get("problem") or "not checked (--check asks the server)"
        click.echo(f"endpoint     {ep['model']} at {ep['base_url']}; {key}; {ep['concurrency']} "
                   f"request(s) at once, {ep['batch_size']} sentences each; {state}")


@main.command("add")
@project_option
@click.option("--force", is_flag=True,
              help="Add a page that does not look like an article, or an article already in the briefing.")
@click.option("--english-title", default="", metavar="TEXT",
              help="Make the slug from this English title instead of the headline's pinyin.")
@click.option("--allow-private", is_flag=True,
              help="Download from this machine or a private network (loopback, 10.x, 192.168.x, link-local), "
                   "which is refused otherwise, for each redirect too.")
@click.argument("sources", nargs=-1, required=True)
@_user_errors
def add_cmd(project: Path, force: bool, english_title: str, allow_private: bool, sources: tuple[str, ...]) -> None:
    """Add articles: each SOURCE a saved page (.html), a text file (.txt) or a URL. Writes
    seeds/NNN_<slug>.txt (next free number), the raw page beside it, how the page was read
    (NNN_<slug>.extraction.md) and a prefilled NNN_<slug>.yml, and prints what it found; then
    review the .yml and the cleaning report. List, search, channel and login pages, and an
    article already added, are refused (nothing written) unless --force. A download has 60 s and
    8 MB at most, and is refused from private addresses unless --allow-private."""
    from briefing.config import load_project
    from briefing.sources.add import add_article
    proj = load_project(project)
    for source in sources:
        click.echo(add_article(proj.seeds_dir, source, force=force, english_title=english_title,
                               allow_private=allow_private).describe())


@main.command("status")
@project_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON (per article and totals).")
@click.option("--quiet", "-q", is_flag=True, help="Only the table; not each flagged segment.")
@_user_errors
def status_cmd(project: Path, as_json: bool, quiet: bool) -> None:
    """Per article: segments, English by status, pending, stale, and QA flags."""
    import json
    from briefing.config import load_project
    from briefing.translation.status import format_status, project_status, status_json
    statuses = project_status(load_project(project))
    if as_json:
        click.echo(json.dumps(status_json(statuses), ensure_ascii=False, indent=2))
    else:
        click.echo(format_status(statuses, verbose=not quiet))


@main.command("roundtrip")
@project_option
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=Path))
@click.option("--setting", metavar="SETTING",
              help="Use this script_conversion (tw, hk, opencc, tw-vocabulary, hk-vocabulary) "
                   "instead of the project's (briefing.yml).")
@click.option("--quiet", "-q", is_flag=True, help="One summary line per file; not each change.")
@_user_errors
def roundtrip_cmd(project: Path, files: tuple[Path, ...], setting: str | None, quiet: bool) -> None:
    """Check script conversion on text FILES (UTF-8, GB18030 or Big5): convert each to the other
    script and back, with the project's conversion and glossary names, and list every character
    that changed: merge (spellings Simplified writes alike), mixed (already written in the other
    script) or fault. Exit status 1 when any file has a fault."""
    from dataclasses import replace

    from briefing.config import SCRIPT_CONVERSIONS, load_project
    from briefing.errors import InputError
    from briefing.failure import describe_os_error
    from briefing.input_files import read_input
    from briefing.sources.fidelity import check_text
    from briefing.sources.ingest import MAX_SEED_BYTES, decode_seed
    from briefing.sources.names import project_conversion
    if setting is not None and setting not in SCRIPT_CONVERSIONS:
        raise click.BadParameter(f"{setting!r} is not one of {', '.join(SCRIPT_CONVERSIONS)}",
                                 param_hint="--setting")
    proj = load_project(project)
    if setting:
        proj = replace(proj, script_conversion=setting)
    conversion = project_conversion(proj)
    click.echo(f"setting: {conversion.setting}; {len(conversion.names)} glossary name pairs kept")
    faults, unread = 0, 0
    for path in files:
        try:
            raw = read_input(path, what="text file", limit=MAX_SEED_BYTES, confine=False)
            text = decode_seed(raw, path)[0]
        except InputError as exc:  # said for this file; the others are still checked
            unread += 1
            click.secho(f"error: {path}: {exc.message}\n  → give text files (UTF-8, GB18030 or Big5), "
                        "each at most 1 MB", fg="red", err=True)
            continue
        except OSError as exc:
            unread += 1
            click.secho(f"error: {describe_os_error(exc)}", fg="red", err=True)
            continue
        check = check_text(path.name, text, conversion)
        faults += check.faults
        click.echo(check.summary())
        if not quiet:
            for change in check.changes:
                click.echo(f"    {change}")
    if faults:
        click.echo(f"{faults} fault(s): the conversion altered text; add the name to "
                   "curation/glossary.yml (both scripts) or choose another --setting", err=True)
    if unread:
        click.echo(f"{unread} of {len(files)} file(s) could not be read (above)", err=True)
    if faults or unread:
        sys.exit(1)


# ---------------------------------------------------------------- review

@main.command("review")
@project_option
@click.argument("slug", required=False)
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--no-open", "no_open", is_flag=True,
              help="Only print the address; do not open a browser.")
@click.option("--editor", default=None, metavar="NAME",
              help="Your name, recorded with each save [default: $BRIEFING_EDITOR, else git's "
                   "user.name, else your login name].")
@_user_errors
def review_cmd(project: Path, slug: str | None, port: int, no_open: bool, editor: str | None) -> None:
    """Review machine drafts in the browser, sentence by sentence (article SLUG first): accept,
    edit or mark for later; each save goes into translations/<slug>.yml at once. Serves on
    127.0.0.1 only, at an address with a secret token; Ctrl-C stops it."""
    import errno
    import os
    import shutil
    from briefing.config import load_project
    from briefing.errors import ConfigError, InputError
    from briefing.review.launch import open_in_browser
    from briefing.review.server import ReviewServer
    from briefing.review.session import ReviewSession
    from briefing.review.who import editor_name, git_user_name
    proj = load_project(project)
    who = editor_name(editor, os.environ, lambda: git_user_name(proj.root))
    session = ReviewSession(proj, who)
    click.echo("review: reading the articles and their translation memory …", err=True)
    _, overview = session.overview()
    slugs = [a["slug"] for a in overview["articles"]]
    if slug is not None and slug not in slugs:
        raise InputError(f"no article '{slug}'; known: {', '.join(slugs) or '(none)'}",
                         path=proj.seeds_dir, hint="give one of those slugs, or none to start with the first")
    for problem in overview["problems"]:
        click.secho(f"review: cannot review: {problem}", fg="yellow", err=True)
    try:
        server = ReviewServer(session, port, log=lambda msg: click.echo(f"review: {msg}", err=True))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(f"port {port} on 127.0.0.1 is in use",
                              hint="choose another with --port, or leave it out for a free one") from None
        raise
    url = server.url + (f"#{slug}" if slug else "")
    total = overview["progress"]
    click.echo(f"Review {len(slugs)} article(s) at\n\n    {url}\n\n"
               f"{total['done']} of {total['total']} segments checked; saving as {who} "
               f"(--editor or BRIEFING_EDITOR to change). Ctrl-C stops the server.")
    opened = None if no_open else open_in_browser(url)
    if not no_open and opened is None:
        click.echo("review: no graphical browser here: open the address above yourself", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("review: stopped; every save is already in translations/", err=True)
    finally:
        server.server_close()
        if opened is not None:
            shutil.rmtree(opened, ignore_errors=True)


# ---------------------------------------------------------------- PDF

@main.command("pdf")
@project_option
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write one PDF here instead: the whole briefing, or the one --article (the site "
                   "does not link it).")
@click.option("--script", "script", type=click.Choice(["original", "hans", "hant"]),
              default="original", show_default=True,
              help="Script of the original column: each article's own, Simplified or Traditional "
                   "(hans/hant need --out: the site's PDFs are in each article's own script).")
@click.option("--article", "articles", multiple=True, metavar="SLUG",
              help="Only this article's PDF (repeat for several); with --out, that one PDF.")
@click.option("--every-article", is_flag=True,
              help="Every article's PDF, without the whole briefing's.")
@_user_errors
def pdf_cmd(project: Path, out: Path | None, script: str, articles: tuple[str, ...],
            every_article: bool) -> None:
    """Lay out the site's PDFs: the whole briefing (cover, contents, overview, timeline, glossary,
    every article) and one per article, kept in build/pdf/ and laid out again only when their
    pages changed. Every `briefing build` puts the ones that match their pages into site/
    (briefing.pdf, pdf/SLUG.pdf) and links them; `briefing build --pdf` does both at once."""
    from briefing.config import load_project
    from briefing.errors import InputError
    proj = load_project(project)
    echo = lambda msg: click.echo(f"pdf: {msg}", err=True)  # noqa: E731
    if out is not None:
        if len(articles) > 1 or every_article:
            raise InputError("--out names one file: give at most one --article with it",
                             hint="without --out the PDFs go to build/pdf/, where the site takes them")
        from briefing.publish.pdf_export import export_pdf
        result = export_pdf(proj, out, slug=articles[0] if articles else "", script=script,  # type: ignore[arg-type]
                            progress=echo)
        click.echo(f"{result.path} ({result.pages} pages, {result.seconds:.1f} s)")
        return
    if script != "original":
        raise InputError(f"--script {script} needs --out FILE",
                         hint="the site's PDFs show each article in its own script; write a "
                              "Simplified or Traditional edition to a file of your own with -o")
    from briefing.publish.pdf_store import make_pdfs
    results = make_pdfs(proj, slugs=list(articles) if articles else None,
                        whole=not (articles or every_article), progress=echo)
    made = [r for r in results if not r.reused]
    click.echo(f"{len(made)} PDF(s) laid out, {len(results) - len(made)} unchanged, in "
               f"{sum(r.seconds for r in results):.1f} s; the site links them from the next "
               "build (`briefing build`; `make pdf` does both)")


# ---------------------------------------------------------------- site

@main.command("build")
@project_option
@click.option("--strict", is_flag=True,
              help="Fail, listing them, when any segment lacks current English or curation warns.")
@click.option("--no-mkdocs", "no_mkdocs", is_flag=True,
              help="Only generate the pages in docs/; do not run mkdocs build.")
@click.option("--no-search", "no_search", is_flag=True,
              help="Build the site without its search index (site/pagefind/): a quicker preview.")
@click.option("--pdf", "pdf", is_flag=True,
              help="Also lay out the PDFs that are missing or changed (build/pdf/), so the site "
                   "links every one: the whole briefing's and each article's (slow: WeasyPrint).")
@renderer_option
@_user_errors
def build_cmd(project: Path, strict: bool, no_mkdocs: bool, no_search: bool, pdf: bool,
              renderer: str) -> None:
    """Generate the site's pages into docs/ and the renderer's configuration
    (mkdocs.generated.yml), and build the site into site/ with MkDocs or Zensical, with its
    search index and the PDFs laid out so far that still match their pages."""
    from briefing.publish.build import build_site
    from briefing.config import load_project
    summary = build_site(load_project(project), strict=strict, run_mkdocs=not no_mkdocs,
                         progress=lambda msg: click.echo(f"build: {msg}", err=True),
                         search=not no_search, renderer=renderer, pdf=pdf)
    click.echo(summary.describe())


@main.command("serve")
@project_option
@click.option("--addr", default="127.0.0.1:8000", show_default=True,
              help="Address and port for the preview server.")
@renderer_option
@_user_errors
def serve_cmd(project: Path, addr: str, renderer: str) -> None:
    """Live preview for editors: the site built as `briefing build` builds it, rebuilt when
    seeds, translations, curation, docs/ or mkdocs.yml change; open pages reload."""
    from briefing.publish.build import serve
    from briefing.config import load_project
    sys.exit(serve(load_project(project), addr,
                   progress=lambda msg: click.echo(f"serve: {msg}", err=True), renderer=renderer))
