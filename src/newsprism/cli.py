"""The `newsprism` command. Thin: parse flags, call the library, render.

Every command writes its human summary to stdout unless its JSON goes there (`--json -`), in
which case the summary goes to stderr so the JSON stays parseable.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape

from newsprism.compare.settings import CompareConfig as CompareConfigDefaults
from newsprism.config import DEFAULT_MAX_FILE_BYTES, Config
from newsprism.errors import NewsprismError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Compare how news outlets cover the same story, with evidence for every finding.",
    pretty_exceptions_enable=False,
)

err_console = Console(stderr=True, highlight=False)

PathsArg = typer.Argument(..., help="Files or folders (read recursively); '-' reads stdin.")
JsonOpt = typer.Option(None, "--json", help="Write the JSON document to FILE ('-' for stdout).")
MaxSizeOpt = typer.Option(
    DEFAULT_MAX_FILE_BYTES // (1024 * 1024), "--max-size", help="Skip files larger than this many MB."
)
QuietOpt = typer.Option(False, "--quiet", "-q", help="No progress bars or summaries.")
DbOpt = typer.Option(None, "--db", help="Corpus store (default: $NEWSPRISM_DB or ./newsprism.duckdb).")


def _fail(message: str, code: int = 1) -> None:
    err_console.print(f"[red]error:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code)


def _summary_console(json_target: Optional[str]) -> Console:
    """Where the human summary goes: stderr if the JSON takes stdout."""
    return err_console if json_target == "-" else Console(highlight=False)


def _write_text(target: str, text: str) -> None:
    if target == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(target)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        _fail(f"cannot write {target}: {exc.strerror or exc}")


def _config(max_size: int, quiet: bool, **more: object) -> Config:
    return Config(max_file_bytes=max_size * 1024 * 1024, quiet=quiet).with_(**more)


def _ingest(paths: List[str], config: Config):
    from newsprism.ingest import ingest_paths

    return ingest_paths(paths, config, stdin=sys.stdin.buffer if "-" in paths else None)


def _analyze(articles, config: Config, console: Console):
    return [analyzed for analyzed, _ in _analyze_with_docs(articles, config, console)]


def _analyze_with_docs(articles, config: Config, console: Console):
    """(AnalyzedArticle, its spaCy Doc or None) per article, with a progress bar."""
    from newsprism.analyze import analyze_articles_with_docs
    from newsprism.progress import track

    return list(
        track(
            analyze_articles_with_docs(articles, config),
            total=len(articles),
            description="analysing",
            console=err_console,
            quiet=config.quiet,
        )
    )


def _left_out_of_comparison(analyzed) -> list:
    """A note for each input that reached compare but is not compared on its own: texts not
    analysed (not English, or too little text to tell), and files whose text was identical to
    another's (compared once)."""
    from newsprism.model import Warning_

    notes = []
    for a in analyzed:
        article = a.article
        if not a.analyzed:
            why = (
                f"not English (language detected: {article.language})"
                if article.language
                else "too little text to tell its language"
            )
            notes.append(Warning_(article.source, f"not compared: {why}"))
        for place in article.also_seen_at:
            notes.append(Warning_(place, f"same text as {article.source}: compared once"))
    return notes


@app.command()
def analyze(
    paths: List[str] = PathsArg,
    json_out: Optional[str] = JsonOpt,
    max_size: int = MaxSizeOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Read articles and show, for each, its metadata and who says what (attributions)."""
    from newsprism.render import json as render_json
    from newsprism.render.terminal import print_analysis, print_skipped

    config = _config(max_size, quiet)
    console = _summary_console(json_out)
    result = _ingest(paths, config)
    analyzed = _analyze(result.articles, config, console)
    if json_out:
        document = render_json.analysis_document(analyzed, result.skipped, result.warnings)
        _write_text(json_out, render_json.dumps(document))
    if not quiet and json_out != "-":
        print_analysis(console, analyzed)
    # Skipped inputs and warnings are diagnostics: always on stderr, even with --quiet.
    print_skipped(err_console, result.skipped, result.warnings)
    if not any(a.analyzed for a in analyzed):
        if result.articles:
            _fail("no English article to analyse (other languages are ingested, not analysed)")
        _fail("no article could be read from the given input (see the skipped list above)")


@app.command()
def compare(
    paths: Optional[List[str]] = typer.Argument(None, help="Articles of one story: files, folders or '-'."),
    story: Optional[str] = typer.Option(None, "--story", help="Compare a stored story (see `newsprism stories`)."),
    db: Optional[Path] = DbOpt,
    json_out: Optional[str] = JsonOpt,
    md_out: Optional[str] = typer.Option(None, "--md", help="Write a Markdown report to FILE ('-' for stdout)."),
    html_out: Optional[str] = typer.Option(None, "--html", help="Write a self-contained HTML report to FILE."),
    max_size: int = MaxSizeOpt,
    quiet: bool = QuietOpt,
    max_articles: int = typer.Option(
        CompareConfigDefaults.max_articles, "--max-articles", min=2,
        help="Compare at most N articles of a bigger story, each outlet's earliest first; the rest are listed.",
    ),
) -> None:
    """Compare the reports of one story side by side: shared facts, exclusives, omissions,
    conflicts, quote threads and sourcing."""
    from newsprism.compare import CompareConfig, compare_articles
    from newsprism.render.comparison_json import comparison_document
    from newsprism.render.json import dumps
    from newsprism.render.terminal import print_skipped

    config = _config(max_size, quiet)
    settings = CompareConfig(max_articles=max_articles)
    console = _summary_console("-" if "-" in (json_out, md_out) else None)
    skipped, warnings = (), ()
    if story:
        if paths:
            _fail("give either PATHs or --story, not both")
        from newsprism.embed import get_encoder
        from newsprism.store import open_store, resolve_db_path
        from newsprism.vector_cache import StoreBackedEncoder

        with open_store(resolve_db_path(db), read_only=False) as store:
            analyzed = store.analyzed_story(story, config, console=err_console)
            if len(analyzed) >= 2:
                # Claim vectors come from the store when an earlier comparison (or the web
                # app) computed them, and new ones are kept: each sentence is embedded once.
                encoder = StoreBackedEncoder(get_encoder(settings.encoder), store)
                # The corpus grouped these articles into one story already.
                stored = dataclasses.replace(settings, check_stories=False)
                comparison = compare_articles(analyzed, config, encoder=encoder, compare_config=stored)
    else:
        if not paths:
            _fail("give the articles to compare (files, folders or '-') or --story ID")
        result = _ingest(paths, config)
        skipped, warnings = result.skipped, result.warnings
        # The analysis' parses are handed on, so compare does not parse the texts again.
        everything = _analyze_with_docs(result.articles, config, console)
        warnings = (*warnings, *_left_out_of_comparison([a for a, _ in everything]))
        parsed = [(a, doc) for a, doc in everything if a.analyzed]
        analyzed = [a for a, _ in parsed]
        docs = {a.id: doc for a, doc in parsed if doc is not None}
    if len(analyzed) < 2:
        print_skipped(err_console, skipped, warnings)
        _fail(f"comparison needs at least two English articles; got {len(analyzed)}")
    if not story:
        comparison = compare_articles(analyzed, config, docs=docs, compare_config=settings)
    if json_out:
        _write_text(json_out, dumps(comparison_document(comparison)))
    if md_out:
        from newsprism.render.markdown import comparison_markdown

        _write_text(md_out, comparison_markdown(comparison))
    if html_out:
        from newsprism.render.html import comparison_html

        _write_text(html_out, comparison_html(comparison))
    if not quiet:
        from newsprism.render.terminal_comparison import print_comparison

        print_comparison(console, comparison)
    print_skipped(err_console, skipped, warnings)
    if comparison.separate_stories:
        from newsprism.render.labels import separate_stories_note

        err_console.print(separate_stories_note(comparison), markup=False, highlight=False)
    if comparison.left_out:
        from newsprism.render.labels import plural

        err_console.print(
            f"{plural(len(comparison.left_out), 'article')} not compared: {comparison.left_out[0].reason} "
            "(--max-articles N compares more)",
            markup=False, highlight=False,
        )


@app.command()
def ingest(
    paths: List[str] = PathsArg,
    db: Optional[Path] = DbOpt,
    analyze_now: bool = typer.Option(
        False,
        "--analyze/--no-analyze",
        help="Also run the full analysis (parser, attributions) now. By default it runs on "
        "first use of an article (compare, serve), once, and is stored.",
    ),
    engine: str = typer.Option("local", "--engine", help="Where stages run: local or ray."),
    address: Optional[str] = typer.Option(None, "--address", help="Ray cluster address (with --engine ray)."),
    batch_size: int = typer.Option(256, "--batch-size", min=1, help="Articles per committed transaction."),
    workers: Optional[int] = typer.Option(
        None,
        "--workers",
        min=0,
        help="Processes computing features and analysis ahead of the commits (local engine; "
        "default 1, or one per CPU up to 4 with --analyze; 0 for none) or compute actors (ray; default one per CPU).",
    ),
    out: Optional[Path] = typer.Option(
        None,
        "--out",
        help="With --engine ray: also write the store as a Parquet dataset (the tables of "
        "`newsprism export`) to this new folder, for storage a cluster can share.",
    ),
    max_size: int = MaxSizeOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Add articles to the corpus store, assign them to stories and find copies.
    Re-ingesting the same files adds nothing."""
    from newsprism.render.terminal import print_skipped
    from newsprism.store import resolve_db_path

    config = _config(max_size, quiet, ingest_batch_size=batch_size, ingest_workers=workers)  # None: auto
    db_path = resolve_db_path(db)
    stdin = sys.stdin.buffer if "-" in paths else None
    if out is not None and engine != "ray":
        _fail("--out writes the Parquet dataset of a Ray ingest: add --engine ray, or run `newsprism export` after a local ingest")
    if engine == "local":
        from newsprism.engines.local import ingest_paths_into_store

        report = ingest_paths_into_store(paths, db_path, config, analyze=analyze_now, stdin=stdin, console=err_console)
    elif engine == "ray" and out is not None:
        from newsprism.engines.ray import ingest_paths_to_parquet

        report, counts = ingest_paths_to_parquet(
            paths, out, db_path, config, address=address, workers=workers or None, console=err_console, stdin=stdin
        )
        if not quiet:
            err_console.print(f"Parquet dataset {out}: " + ", ".join(f"{n} {t}" for t, n in counts.items()), highlight=False)
    elif engine == "ray":
        from newsprism.engines.ray import ingest_paths_into_store as ray_ingest

        report = ray_ingest(
            paths, db_path, config, analyze=analyze_now, address=address, workers=workers or None, console=err_console
        )
    else:
        _fail(f"unknown engine {engine!r}: use local or ray")
    console = Console(highlight=False)
    if not quiet:
        console.print(
            f"{report.added} new article(s), {report.already_stored} already stored, "
            f"{len(report.skipped)} skipped; {report.stories_touched} story(ies) updated; "
            f"store {db_path} now holds {report.total_articles} article(s) in {report.total_stories} story(ies) "
            f"[{report.seconds:.1f} s]"
        )
    print_skipped(err_console, report.skipped, report.warnings)
    if report.added == 0 and report.already_stored == 0:
        _fail("no article could be read from the given input")


@app.command()
def stories(
    db: Optional[Path] = DbOpt,
    json_out: Optional[str] = JsonOpt,
    limit: int = typer.Option(50, "--limit", help="Show at most this many stories in the terminal."),
) -> None:
    """List the stories of the corpus store, largest first."""
    from newsprism.render import json as render_json
    from newsprism.render.terminal import print_stories
    from newsprism.store import open_store, resolve_db_path

    with open_store(resolve_db_path(db), read_only=True) as store:
        found = store.stories()
        ids = [i for s in found for i in s.article_ids]
        articles = {a.id: a for a in store.articles(ids)}
    if json_out:
        _write_text(json_out, render_json.dumps(render_json.stories_document(found, articles)))
    if json_out != "-":
        print_stories(Console(highlight=False), found[:limit], articles)


@app.command()
def export(
    out_dir: Path = typer.Argument(..., help="A new (or empty) folder to write the tables into."),
    fmt: str = typer.Option("parquet", "--format", help="parquet or jsonl."),
    db: Optional[Path] = DbOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Write the corpus as open tables (articles, attributions, claims, claim groups,
    stories, copies) that Spark, DuckDB, pandas and polars read; see docs/schema.md."""
    from newsprism.export import export_store
    from newsprism.store import resolve_db_path

    counts = export_store(resolve_db_path(db), out_dir, fmt, Config(quiet=True), err_console)
    if not quiet:
        Console(highlight=False).print(
            f"Wrote {out_dir} ({fmt}): " + ", ".join(f"{n} {t}" for t, n in counts.items())
        )


@app.command()
def serve(
    db: Optional[Path] = DbOpt,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; 127.0.0.1 keeps it on this machine."),
    port: int = typer.Option(8000, "--port"),
    allow_ingest: bool = typer.Option(False, "--allow-ingest", help="Let the browser upload articles into the store."),
) -> None:
    """Browse stories, compare outlets and read the evidence in a local web app."""
    from newsprism.store import resolve_db_path
    from newsprism.web import serve as run_server

    run_server(resolve_db_path(db), host=host, port=port, allow_ingest=allow_ingest)


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        app()
    except NewsprismError as exc:
        err_console.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:
        err_console.print("[yellow]interrupted[/]")
        sys.exit(130)


if __name__ == "__main__":
    main()
