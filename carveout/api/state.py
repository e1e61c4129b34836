"""The API process's one Assistant: a cache of what the store holds, rebuilt when the
store's manifest changes, never a source of truth.

The process only reads the store (`python -m ingest` writes it), so replicas that share a
Chroma server agree once each has seen the same manifest. The manifest is read at most
every REFRESH_SECONDS; while another process holds the data dir's writer lock the store is
half-written, and requests get IndexBusy (503) instead of an answer from it.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time

from filelock import Timeout

from carveout.assistant import Assistant
from carveout.config import Settings
from carveout.embeddings import Embedder
from carveout.store import ManifestEntry, Store, connect
from ingest.pipeline import writer_lock

log = logging.getLogger("carveout.api")

REFRESH_SECONDS = 2.0
PROBE_SECONDS = 0.1  # how long a look at the writer lock waits for another looker


class IndexBusy(Exception):
    """Another process is writing the index (the writer lock is held)."""


class IndexUnavailable(Exception):
    """The store cannot be opened or read."""


class IndexEmpty(IndexUnavailable):
    """The store holds no documents yet."""


class AssistantState:
    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        store: Store | None = None,
        refresh_seconds: float = REFRESH_SECONDS,
    ):
        self.settings = settings
        self.refresh_seconds = refresh_seconds
        self._embedder = embedder
        self._store = store
        self._lock = threading.Lock()
        self._probe = threading.Lock()
        self._assistant: Assistant | None = None
        self._signature = ""
        self._checked = float("-inf")

    def embedder(self) -> Embedder:
        if self._embedder is None:
            from carveout.embeddings import load_embedder

            self._embedder = load_embedder(self.settings)
        return self._embedder

    def busy(self) -> str:
        """Why the index cannot be read now ("" when it can): the writer lock is held.

        Looking means taking the lock for an instant, so two lookers would each see the
        other as a writer: this process's threads look one at a time, and another
        process's look (microseconds, where an ingest holds it for seconds) is waited out."""
        lock = writer_lock(self.settings)
        with self._probe:
            try:
                lock.acquire(timeout=PROBE_SECONDS, poll_interval=PROBE_SECONDS / 20)
            except Timeout:
                log.info("writer lock held: %s", lock.lock_file)
                return "the index is being built by another process; try again shortly"
            lock.release()
        return ""

    def current(self) -> Assistant:
        """The Assistant over the store as it is now; raises IndexBusy or IndexUnavailable."""
        if reason := self.busy():
            self._checked = float("-inf")  # look at the manifest as soon as the writer is done
            raise IndexBusy(reason)
        with self._lock:
            if self._assistant is None or time.monotonic() - self._checked >= self.refresh_seconds:
                self._refresh()
            return self._assistant

    def loaded(self) -> Assistant | None:
        """The Assistant last built, without reading the store (for health checks)."""
        return self._assistant

    def _refresh(self) -> None:
        store = self._open()
        signature = self._read_signature(store)
        if signature != self._signature or self._assistant is None:
            started = time.perf_counter()
            self._assistant = Assistant(self.settings, store, self.embedder())
            # A writer that started meanwhile may have changed what was read: if so, the
            # next request builds again.
            self._signature = signature if self._read_signature(store) == signature else ""
            status = self._assistant.status()
            log.info(
                "index loaded: %d documents, %d passages, corpus %s (%.1f s)",
                status.documents,
                status.chunks,
                status.hash,
                time.perf_counter() - started,
            )
        self._checked = time.monotonic()

    def _open(self) -> Store:
        if self._store is None:
            try:
                self._store = Store(connect(self.settings), self.settings.collection)
            except Exception as exc:  # a Chroma server that is down or unreachable
                raise _unavailable("opened", self.settings, exc) from exc
        return self._store

    def _read_signature(self, store: Store) -> str:
        try:
            manifest = store.manifest()
        except Exception as exc:
            raise _unavailable("read", self.settings, exc) from exc
        if not manifest:
            raise IndexEmpty("no documents are indexed yet: run `python -m ingest`")
        return signature(manifest)


def signature(manifest: dict[str, ManifestEntry]) -> str:
    """Changes whenever any document's content, chunks or ingest time does."""
    digest = hashlib.sha256()
    for e in sorted(manifest.values(), key=lambda e: e.doc_id):
        digest.update(f"{e.doc_id}|{e.hash}|{e.ingested_at}|{','.join(e.chunk_ids)}\n".encode())
    return digest.hexdigest()


def _unavailable(what: str, settings: Settings, exc: Exception) -> IndexUnavailable:
    """Where the store is and what failed go to the log, not to clients."""
    where = settings.chroma_url or settings.chroma_path
    log.error("the store at %s cannot be %s: %s", where, what, exc)
    return IndexUnavailable(f"the store cannot be {what} (see the server log)")
