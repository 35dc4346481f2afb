"""Every store access of the web process goes through one `StoreGate`.

DuckDB lets one process hold a file read-write, or any number of processes hold it read-only,
never both. An `ingest` running beside the server opens the file per batch, so the app must
never keep it open between requests:

- `reading()` opens the store read-only for one request and closes it at the end. Requests
  that overlap share one DuckDB instance of the file, opened by the first and closed by the
  last, so only the first pays for the open.
- When the file has been open continuously for `max_hold_seconds` (steady load), new requests
  wait until those in flight finish; the file is closed and stays closed `yield_gap_seconds`,
  long enough for a waiting ingest (which retries every 0.1 s) to take it.
- `writing()` is exclusive within the process: it waits for readers to finish and holds new
  ones back (DuckDB refuses a read-write open in a process that has the file open read-only).
- If the file stays locked by another process, `StoreBusy` is raised; pages answer 503.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from newsprism.errors import StoreError
from newsprism.store import Store

# How store.py words a lock held by another process.
_LOCKED_MARKERS = ("in use by another process",)


class StoreBusy(StoreError):
    """The store is held by another process (an ingest batch) for longer than we wait."""


class StoreMissing(StoreError):
    """No store file at the configured path yet."""


def _is_lock_error(exc: StoreError) -> bool:
    message = str(exc).lower()
    return any(marker in message for marker in _LOCKED_MARKERS)


class StoreGate:
    def __init__(
        self,
        path: Path,
        wait_seconds: float = 10.0,
        max_hold_seconds: float = 2.0,
        yield_gap_seconds: float = 0.25,
    ) -> None:
        self.path = Path(path)
        self.wait_seconds = wait_seconds
        self.max_hold_seconds = max_hold_seconds
        self.yield_gap_seconds = yield_gap_seconds
        self._cond = threading.Condition()
        self._readers = 0
        # The connection that keeps this process's one DuckDB instance of the file alive while
        # requests read. Opening and closing it are serialised: DuckDB locks the file with
        # fcntl, and POSIX drops *all* of a process's locks on a file when *any* descriptor of
        # it is closed, so a second instance closing while a new one opens would leave the
        # new one reading without a lock, beside a writer.
        self._keeper: Store | None = None
        self._state = "closed"  # closed | opening | open | closing
        self._writer_active = False
        self._writers_waiting = 0
        self._open_since = 0.0
        self._draining = False
        self._closed_until = 0.0  # no new open period before this (monotonic) time

    # ---- waiting helpers ----------------------------------------------------------------

    def _wait(self, blocked: Callable[[float], bool], deadline: float) -> None:
        """Wait (holding the condition) until `blocked` is false, or raise StoreBusy."""
        while True:
            now = time.monotonic()
            if not blocked(now):
                return
            if now >= deadline:
                raise StoreBusy(f"{self.path} is busy (an ingest is writing to it); retry in a few seconds")
            # State changes notify; the timed pause after a drain needs a poll.
            self._cond.wait(timeout=min(0.05, deadline - now))

    def _reader_blocked(self, now: float) -> bool:
        if self._writer_active or self._writers_waiting or self._draining:
            return True
        if self._state in ("opening", "closing"):
            return True
        return self._state == "closed" and now < self._closed_until

    def _opened(self, read_only: bool) -> Store:
        if not self.path.exists():
            raise StoreMissing(f"no store at {self.path} yet")
        try:
            return open_store_now(self.path, read_only)
        except StoreError as exc:
            if _is_lock_error(exc):
                raise StoreBusy(f"{self.path} is busy (an ingest is writing to it); retry in a few seconds") from None
            raise

    def _enter_reader(self) -> None:
        deadline = time.monotonic() + self.wait_seconds
        with self._cond:
            self._wait(self._reader_blocked, deadline)
            if self._state == "open":
                self._readers += 1
                if time.monotonic() - self._open_since > self.max_hold_seconds:
                    # Held long enough: let the requests in flight finish, then close and pause.
                    self._draining = True
                return
            self._state = "opening"
        try:
            keeper = self._opened(read_only=True)  # may wait for another process's lock
        except BaseException:
            with self._cond:
                self._state = "closed"
                self._cond.notify_all()
            raise
        with self._cond:
            self._keeper, self._state = keeper, "open"
            self._open_since = time.monotonic()
            self._readers += 1
            self._cond.notify_all()

    def _leave_reader(self) -> None:
        with self._cond:
            self._readers -= 1
            if self._readers > 0:
                return
            keeper, self._keeper, self._state = self._keeper, None, "closing"
        try:
            if keeper is not None:
                keeper.close()
        finally:
            with self._cond:
                self._state = "closed"
                if self._draining:
                    self._closed_until = time.monotonic() + self.yield_gap_seconds
                self._draining = False
                self._cond.notify_all()

    # ---- public -------------------------------------------------------------------------

    def fingerprint(self) -> tuple:
        """Changes whenever any process commits to the store: DuckDB appends each commit to
        the `.wal` file beside it and checkpoints the log into the main file (which empties
        the log). Two stat calls; the store is not opened."""
        out: list[tuple[int, int, int] | None] = []
        for path in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                info = path.stat()
            except OSError:
                out.append(None)
            else:
                out.append((info.st_mtime_ns, info.st_size, info.st_ino))
        return tuple(out)

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """The store, read-only, for one request: a cursor of the keeper's connection (its
        own connection to the same instance, safe to use from this thread), so it costs
        neither a file open nor a second schema check."""
        self._enter_reader()
        try:
            with self._cond:
                keeper = self._keeper
            assert keeper is not None  # held open while this reader is counted
            store = store_on_cursor(keeper)
            try:
                yield store
            finally:
                store.close()
        finally:
            self._leave_reader()

    @contextmanager
    def exclusive(self, wait_seconds: float | None = None) -> Iterator[None]:
        """No request of this process has the store open while this is held: for code that
        opens it read-write itself (the ingest pipeline, per batch)."""
        deadline = time.monotonic() + (self.wait_seconds if wait_seconds is None else wait_seconds)
        with self._cond:
            self._writers_waiting += 1
            try:
                self._wait(lambda now: self._writer_active or self._readers > 0 or self._state != "closed", deadline)
            finally:
                self._writers_waiting -= 1
            self._writer_active = True
        try:
            yield
        finally:
            with self._cond:
                self._writer_active = False
                self._cond.notify_all()

    @contextmanager
    def writing(self, create: bool = False, wait_seconds: float | None = None) -> Iterator[Store]:
        """The store opened read-write, exclusively within this process. `create` allows
        making a new store file (uploads into a fresh --db)."""
        with self.exclusive(wait_seconds):
            if create and not self.path.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
                store = open_store_now(self.path, read_only=False)
            else:
                store = self._opened(read_only=False)
            try:
                yield store
            finally:
                store.close()


def store_on_cursor(store: Store) -> Store:
    """A Store sharing `store`'s DuckDB instance through a new cursor, for another thread.
    (Store has no constructor for this; it holds only path, read_only and con.)"""
    view = object.__new__(Store)
    view.path, view.read_only, view.con = store.path, store.read_only, store.con.cursor()
    return view


def open_store_now(path: Path, read_only: bool) -> Store:
    """A Store object (what `open_store` yields) for a caller that closes it itself."""
    return Store(path, read_only=read_only)

