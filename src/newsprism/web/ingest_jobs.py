"""Uploaded files into the store, as a background job whose progress a page shows.

Files are read from memory with the same readers as `newsprism ingest` (`read_bytes`), then
written batch by batch with the corpus ingest pipeline (`engines.local.BatchIngester`: stories
and copies assigned as on the command line). A batch's story features are computed with the
store closed; only its commit holds the app's store gate exclusively, so page requests wait
for one commit at a time, never for the whole upload.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from newsprism.config import Config
from newsprism.model import Article, Skipped, Source, Warning_
from newsprism.web.access import StoreGate
from newsprism.web.compute import StudyService
from newsprism.web.queries import opening_words
from newsprism.web.uploads import UploadForm

log = logging.getLogger("newsprism.web")

UPLOAD_LABEL = "upload:"  # prefix of an uploaded file's source path: it was never on disk here
KEEP_JOBS = 50
# Smaller than the command line's batches: page requests wait for one commit at a time.
UPLOAD_BATCH_SIZE = 64


@dataclass
class UploadJob:
    id: str
    files: list[str]
    stage: str = "queued"
    files_read: int = 0
    articles_read: int = 0
    added: int = 0
    already_stored: int = 0
    stories_touched: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)  # every article read, once
    labels: dict[str, str] = field(default_factory=dict)  # article id -> title or opening words
    error: str | None = None
    finished: bool = False
    started: float = field(default_factory=time.time)

    def document(self) -> dict:
        return {
            "id": self.id,
            "stage": self.stage,
            "finished": self.finished,
            "error": self.error,
            "files": list(self.files),
            "files_read": self.files_read,
            "articles_read": self.articles_read,
            "added": self.added,
            "already_stored": self.already_stored,
            "stories_touched": self.stories_touched,
            "article_ids": list(self.article_ids),
            "skipped": [{"source": s, "reason": r} for s, r in self.skipped],
            "warnings": [{"source": s, "message": m} for s, m in self.warnings],
        }


class UploadService:
    def __init__(self, gate: StoreGate, studies: StudyService, config: Config | None = None) -> None:
        self._gate = gate
        self._studies = studies
        self._config = config or Config(quiet=True)
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, UploadJob] = OrderedDict()

    def start(self, form: UploadForm) -> UploadJob:
        job = UploadJob(secrets.token_hex(8), [f.name for f in form.files] + [n for n, _ in form.rejected])
        job.skipped.extend((UPLOAD_LABEL + name, reason) for name, reason in form.rejected)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)
        self._studies.submit(self._run, job, form)
        return job

    def get(self, job_id: str) -> UploadJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _run(self, job: UploadJob, form: UploadForm) -> None:
        try:
            articles = self._read(job, form)
            self._store(job, articles, [Skipped(Source(s), r) for s, r in job.skipped])
            job.stage = "done"
        except Exception as exc:  # noqa: BLE001 - the job page reports it; the server lives on
            log.exception("upload %s failed", job.id)
            job.error = str(exc) or type(exc).__name__
            job.stage = "failed"
        finally:
            job.finished = True

    def _read(self, job: UploadJob, form: UploadForm) -> list[Article]:
        from newsprism.ingest import read_bytes

        job.stage = "reading files"
        articles: list[Article] = []
        for upload in form.files:
            for item in read_bytes(upload.data, UPLOAD_LABEL + upload.name, self._config):
                if isinstance(item, Article):
                    articles.append(item)
                    job.articles_read += 1
                elif isinstance(item, Skipped):
                    job.skipped.append((str(item.source), item.reason))
                elif isinstance(item, Warning_):
                    job.warnings.append((str(item.source), item.message))
            job.files_read += 1
        return articles

    def _store(self, job: UploadJob, articles: list[Article], skipped: list[Skipped]) -> None:
        job.stage = "storing articles and assigning stories"
        job.article_ids = list(dict.fromkeys(a.id for a in articles))
        job.labels = {a.id: a.title or opening_words(a.text) for a in articles}
        if not articles:
            if skipped and self._gate.path.exists():
                with self._gate.writing() as store:
                    with store.transaction():
                        store.add_skipped(skipped)
            return
        if not self._gate.path.exists():
            with self._gate.writing(create=True):
                pass  # a fresh store for a server started on a new --db
        from newsprism.engines import IngestReport
        from newsprism.engines.local import BatchIngester

        ingester = BatchIngester(self._gate.path, self._config)
        report = IngestReport()
        for start in range(0, len(articles), UPLOAD_BATCH_SIZE):
            batch = articles[start : start + UPLOAD_BATCH_SIZE]
            # Story features are computed with the store closed, so pages keep being served;
            # only the commit (which opens the store read-write itself) holds the gate.
            with self._gate.reading() as store:
                known = store.known_ids([a.id for a in batch])
            features = ingester.stories.features([a for a in batch if a.id not in known])
            with self._gate.exclusive():
                ingester.commit(batch, skipped if start == 0 else [], report, features=features)
            job.added, job.already_stored = report.added, report.already_stored
            job.stories_touched = report.stories_touched
        with self._gate.exclusive():
            ingester.finish()
