"""The per-worker stages of the Ray engine: read files, then compute each article's features
and (with --analyze) its analysis.

Rows travel between stages as Arrow tables with a few plain columns; the newsprism values
themselves (Article, Skipped, Warning_, features, AnalyzedArticle) ride along pickled, so
what the driver commits is bit-for-bit the value a worker computed. Every stage computes per
article (spaCy's `nlp.pipe` and the static encoder give the same output for a text whatever
else is in its batch — tests/test_ray_engine.py checks this through the JSON), so how Ray
cuts the stream into batches never changes a result.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from typing import Any, Iterator

from newsprism.config import Config
from newsprism.model import Article, Skipped, Warning_

# Columns of every row after the read stage.
ORDER = "order"  # position of the input (file) in the driver's list
RECORD = "record"  # position of the record inside its file
KIND = "kind"  # "article" | "skipped" | "warning"
ARTICLE_ID = "article_id"
PAYLOAD = "payload"  # pickled Article / Skipped / Warning_
FEATURES = "features"  # pickled story features (articles only)
ANALYSIS = "analysis"  # pickled AnalyzedArticle (articles only, with --analyze)

_KINDS = {Article: "article", Skipped: "skipped", Warning_: "warning"}


@dataclass(frozen=True)
class InputItem:
    """One input as the driver lists it: a path to read on a worker, bytes the driver already
    read (stdin), or an input already known to be unreadable."""

    order: int
    path: str
    data: bytes | None = None
    skipped: Skipped | None = None

    def to_row(self) -> dict[str, Any]:
        return {ORDER: self.order, PAYLOAD: pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)}


def _dump(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def load(payload: bytes | None) -> Any:
    return None if payload is None else pickle.loads(payload)


def _records(item: InputItem, config: Config) -> Iterator[Article | Skipped | Warning_]:
    from newsprism.ingest import read_bytes
    from newsprism.ingest.files import Input, read_file

    if item.skipped is not None:
        yield item.skipped
        return
    loaded: Input | Skipped = Input(item.path, item.data) if item.data is not None else read_file(item.path, config)
    if isinstance(loaded, Skipped):
        yield loaded
        return
    yield from read_bytes(loaded.data, loaded.path, config)


def _table(columns: dict[str, list]):
    import pyarrow as pa

    types = {ORDER: pa.int64(), RECORD: pa.int64(), KIND: pa.string(), ARTICLE_ID: pa.string()}
    return pa.table({name: pa.array(values, type=types.get(name, pa.binary())) for name, values in columns.items()})


def read_inputs(batch, config: Config):
    """Read stage (a Ray task per batch of inputs, Arrow in and out): inputs -> one row per
    record, in order. Reading a file here, on the worker, keeps file bytes off the driver."""
    out: dict[str, list] = {ORDER: [], RECORD: [], KIND: [], ARTICLE_ID: [], PAYLOAD: []}
    for order, payload in zip(batch.column(ORDER).to_pylist(), batch.column(PAYLOAD).to_pylist()):
        item: InputItem = pickle.loads(payload)
        for number, record in enumerate(_records(item, config)):
            out[ORDER].append(int(order))
            out[RECORD].append(number)
            out[KIND].append(_KINDS[type(record)])
            out[ARTICLE_ID].append(record.id if isinstance(record, Article) else None)
            out[PAYLOAD].append(_dump(record))
    return _table(out)


class ArticleWorker:
    """Actor stage: one instance per worker process, so spaCy and the encoder load once per
    worker and serve every batch that worker receives. Use `worker_class` to bind settings."""

    config: Config = Config(quiet=True)
    analyze: bool = False

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from newsprism.corpus import StoryService

        self.stories = StoryService(self.config)
        if self.analyze:
            from newsprism.analyze.nlp import load_nlp

            load_nlp()

    def __call__(self, batch):
        kinds = batch.column(KIND).to_pylist()
        ids = batch.column(ARTICLE_ID).to_pylist()
        payloads = batch.column(PAYLOAD).to_pylist()
        # One article per id, its first occurrence, as the local engine keeps it: duplicate
        # texts may carry different titles, and the features read the title.
        first: dict[str, Article] = {}
        for kind, payload in zip(kinds, payloads):
            if kind == "article":
                article = load(payload)
                first.setdefault(article.id, article)
        articles = list(first.values())
        features = self.stories.features(articles) if articles else {}
        analyses: dict[str, Any] = {}
        if self.analyze and articles:
            from newsprism.analyze import analyze_articles

            analyses = {a.id: a for a in analyze_articles(articles, self.config)}
        out = {key: batch.column(key).to_pylist() for key in (ORDER, RECORD)}
        out.update({KIND: kinds, ARTICLE_ID: ids, PAYLOAD: payloads})
        out[FEATURES] = [_dump(features[i]) if k == "article" else None for k, i in zip(kinds, ids)]
        out[ANALYSIS] = [_dump(analyses[i]) if i in analyses else None for i in ids]
        return _table(out)


def worker_class(config: Config, analyze: bool) -> type[ArticleWorker]:
    """ArticleWorker with its settings as class attributes: the class travels with the task
    definition, so a restarted actor never depends on constructor arguments held in the
    object store (which a node failure could take with it)."""
    return type("ArticleWorker", (ArticleWorker,), {"config": config, "analyze": analyze})
