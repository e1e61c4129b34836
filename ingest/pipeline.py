"""Corpus folder to store, idempotently.

Unchanged files (same content hash and chunking settings) are skipped without embedding;
a changed file's chunks are replaced; a removed file's chunks are deleted; a file that
cannot be read is reported by name and skipped while the rest goes on.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout
from tqdm import tqdm

from carveout.config import Settings
from carveout.models import Chunk
from carveout.store import ManifestEntry, Store, sentence_entries
from ingest.chunking import chunk_document
from ingest.readers import SUFFIXES, UnreadableFile, read_file

NOT_DOCUMENTS = {"sources.md", "readme.md"}  # notes about the corpus, not sources of law
CHUNKER_VERSION = "13"  # bump when chunking changes, so every document is re-chunked

Progress = Callable[..., object]  # tqdm-compatible: progress(iterable, total=, desc=)


@dataclass
class IngestReport:
    documents: int = 0
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    embedded: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (file, what was done to read it)
    seconds: float = 0.0

    def summary(self) -> str:
        lines = [
            f"{self.documents} documents; chunks: {self.added} added, {self.removed} removed, "
            f"{self.unchanged} unchanged; {self.embedded} embedded; {self.seconds:.1f} s"
        ]
        lines += [f"SKIPPED {name}: {reason}" for name, reason in self.skipped]
        lines += [f"NOTE {name}: {note}" for name, note in self.notes]
        return "\n".join(lines)


@dataclass
class _Pending:
    path: Path
    doc_hash: str
    chunks: list[Chunk]


def corpus_files(corpus_dir: Path) -> list[Path]:
    return sorted(
        p
        for p in corpus_dir.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(corpus_dir).parts)
        and p.name.lower() not in NOT_DOCUMENTS
    )


def official_files(corpus_dir: Path) -> set[str]:
    """File names listed in SOURCES.md: the shipped corpus. Anything else is user-added."""
    sources = corpus_dir / "SOURCES.md"
    if not sources.exists():
        return set()
    return set(re.findall(r"`([^`/]+\.(?:md|pdf|html?|txt))`", sources.read_text("utf-8")))


def file_hash(path: Path, settings: Settings) -> str:
    h = hashlib.sha256(path.read_bytes())
    h.update(
        f"|chunker={CHUNKER_VERSION}|words={settings.chunk_words}|model={settings.model_name}".encode()
    )
    return h.hexdigest()


class IngestBusy(Exception):
    """Another process holds the writer lock of this data dir."""


def writer_lock(settings: Settings) -> FileLock:
    """One writer per store: the lock file lives in the data dir, beside the store."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return FileLock(settings.data_dir / "ingest.lock")


def ingest(
    settings: Settings, store: Store, embedder, progress: Progress = tqdm, wait: float = -1
) -> IngestReport:
    """Bring the store up to date with the corpus folder. Waits up to `wait` seconds for
    another writer to finish (-1: as long as it takes), then raises IngestBusy."""
    lock = writer_lock(settings)
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise IngestBusy(
            f"another ingest is writing to {settings.data_dir} (lock file "
            f"{lock.lock_file}); the store stays as it was"
        ) from None
    try:
        return _ingest(settings, store, embedder, progress)
    finally:
        lock.release()


def _ingest(settings: Settings, store: Store, embedder, progress: Progress) -> IngestReport:
    start = time.perf_counter()
    report = IngestReport()
    report.removed += _repair(store)
    files = corpus_files(settings.corpus_dir)
    manifest = store.manifest()
    pending, seen = _read_changed(files, settings, manifest, report, progress)
    renamed = {str(p.path.relative_to(settings.corpus_dir)): p.chunks[0].doc_id for p in pending}
    for entry in manifest.values():
        # The file was removed from the corpus, or now declares another document id.
        if entry.file not in seen or renamed.get(entry.file, entry.doc_id) != entry.doc_id:
            store.forget(entry.doc_id)  # first: chunks left by a crash here are orphans
            report.removed += store.delete_doc(entry.doc_id)
    vectors = _embed(pending, store, embedder, report, progress)
    for item, vecs in progress(
        list(zip(pending, vectors)), total=len(pending), desc="Storing documents", unit="doc"
    ):
        _replace(store, item, vecs, settings, report)
    report.documents = len(store.manifest())
    report.seconds = time.perf_counter() - start
    return report


def _read_changed(files, settings, manifest, report, progress):
    """Chunk every new or changed file; count unchanged ones. Returns (pending, seen names)."""
    listed = official_files(settings.corpus_dir)
    # Official only where SOURCES.md lists it and it sits at the top of the corpus folder,
    # so an upload named like a shipped file is still user-added; official files are read
    # first, so a user file cannot take an official document's id.
    official = {p for p in files if p.parent == settings.corpus_dir and p.name in listed}
    files = sorted(files, key=lambda p: (p not in official, p))
    by_file = {e.file: e for e in manifest.values()}
    pending: list[_Pending] = []
    seen: set[str] = set()
    ids: dict[str, str] = {}
    for path in progress(files, total=len(files), desc="Reading files", unit="file"):
        name = str(path.relative_to(settings.corpus_dir))
        seen.add(name)
        if path.suffix.lower() not in SUFFIXES:
            report.skipped.append(
                (name, f"unsupported file type '{path.suffix}' (use .md, .txt, .html or .pdf)")
            )
            continue
        digest = file_hash(path, settings)
        old = by_file.get(name)
        if old and old.hash == digest:
            report.unchanged += old.chunks
            ids[old.doc_id] = name
            continue
        try:
            docs = read_file(path, settings.max_file_mb)
        except UnreadableFile as exc:
            report.skipped.append((name, str(exc)))
            continue
        except OSError as exc:
            report.skipped.append((name, f"cannot be opened ({exc.strerror or exc})"))
            continue
        if docs[0].metadata.get("encoding", "utf-8") not in ("utf-8", "utf-16"):
            report.notes.append((name, f"not UTF-8; read as {docs[0].metadata['encoding']}"))
        for d in docs:
            d.metadata["origin"] = "official" if path in official else "user"
        doc_id = docs[0].metadata["id"]
        if doc_id in ids:
            report.skipped.append((name, f"its id '{doc_id}' is already used by {ids[doc_id]}"))
            continue
        ids[doc_id] = name
        chunks = chunk_document(docs, settings.chunk_words)
        if not chunks:
            report.skipped.append((name, "no text left to index after removing editorial notes"))
            continue
        pending.append(_Pending(path, digest, chunks))
    return pending, seen


def _embed(
    pending: list[_Pending], store: Store, embedder, report: IngestReport, progress
) -> list[dict]:
    """Vectors for every pending chunk and sentence, reusing stored ones whose id (a
    content hash) is already present."""
    texts: dict[str, str] = {}
    owned: list[list[str]] = []  # the text ids of each pending document
    for item in pending:
        ids = []
        for c in item.chunks:
            texts[c.id] = c.indexed_text
            ids.append(c.id)
            for sid, text, _, _ in sentence_entries(c):
                texts[sid] = text
                ids.append(sid)
        owned.append(ids)
    known = store.known_vectors(list(texts)) if texts else {}
    # Sorted by length so each batch pads little: mixing long chunks with short sentences
    # in one batch made ingest ~4x slower than the model on its own.
    todo = sorted((i for i in texts if i not in known), key=lambda i: len(texts[i]))
    size = max(1, embedder.batch_size)
    for i in progress(
        range(0, len(todo), size),
        total=(len(todo) + size - 1) // size,
        desc="Embedding chunks and sentences",
        unit="batch",
    ):
        batch = todo[i : i + size]
        known.update(zip(batch, embedder.encode([texts[t] for t in batch]).tolist()))
    report.embedded += len(todo)
    return [{t: known[t] for t in ids} for ids in owned]


def _replace(
    store: Store, item: _Pending, vectors: dict, settings: Settings, report: IngestReport
) -> None:
    # New chunks in, then the manifest names them, then the old ones go. A kill at any
    # point leaves the manifest naming chunks that are all present; what it does not name
    # is swept by the next run (see _repair).
    doc_id = item.chunks[0].doc_id
    before = set(store.chunks.get(where={"doc_id": doc_id}, include=[])["ids"])
    new_ids = [c.id for c in item.chunks]
    store.add_chunks(item.chunks, vectors)
    store.record(
        ManifestEntry(
            doc_id=doc_id,
            hash=item.doc_hash,
            file=str(item.path.relative_to(settings.corpus_dir)),
            chunks=len(item.chunks),
            ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
            chunk_ids=tuple(new_ids),
        )
    )
    stale = sorted(before - set(new_ids))
    store.delete_chunks(stale)
    keep = {sid for c in item.chunks for sid, *_ in sentence_entries(c)}
    old_sentences = store.sentences.get(where={"doc_id": doc_id}, include=[])["ids"]
    store.delete_sentences([sid for sid in old_sentences if sid not in keep])
    report.added += len(set(new_ids) - before)
    report.unchanged += len(set(new_ids) & before)
    report.removed += len(stale)


def _repair(store: Store) -> int:
    """Undo what an interrupted run left: forget manifest entries whose chunks are not all
    present (their files are read again), then remove chunks and sentences that no
    entry lists. Returns the number of chunks removed."""
    manifest = store.manifest()
    present = store.chunk_ids()
    for doc_id, entry in manifest.items():
        if not entry.chunk_ids or not set(entry.chunk_ids) <= present.keys():
            store.forget(doc_id)
    listed = {cid for e in store.manifest().values() for cid in e.chunk_ids}
    orphans = [cid for cid in present if cid not in listed]
    store.delete_chunks(orphans)
    store.delete_sentences(
        [sid for sid, cid in store.sentence_owners().items() if cid not in listed]
    )
    return len(orphans)
