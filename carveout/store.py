"""The Chroma store: chunks with their vectors, and a manifest of ingested documents.

Both live in Chroma itself (two collections), so app replicas that share a Chroma server
agree on what is indexed; everything else (BM25) is rebuilt from the chunks stored here.
The manifest entry of a document lists its chunk ids and is written only after all those
chunks are, so a chunk no manifest entry lists is an orphan to remove, and an entry whose
chunks are not all present is forgotten (its file is then read again).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from carveout.config import Settings
from carveout.models import Chunk, DocMeta, Paragraph, Quote
from carveout.nearest import VectorTable

_BATCH = 500


def connect(settings: Settings):
    chroma = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or 8000,
            ssl=url.scheme == "https",
            settings=chroma,
        )
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma)


def _collection(client, name: str):
    """A cosine collection. Its vectors are searched exactly in memory (carveout/nearest.py),
    not through Chroma's approximate HNSW index."""
    return client.get_or_create_collection(
        name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
    )


@dataclass(frozen=True)
class ManifestEntry:
    doc_id: str
    hash: str
    file: str
    chunks: int
    ingested_at: str
    chunk_ids: tuple[str, ...] = ()


class Store:
    def __init__(self, client, name: str = "carveout"):
        self.client = client
        # Vectors are always passed in: Chroma's default embedding function would try
        # to download a model.
        self.chunks = _collection(client, name)
        # One vector per sentence of every chunk: the answerer scores quotes with them and
        # retrieval uses the best sentence of a chunk as a second dense signal.
        self.sentences = _collection(client, f"{name}_sentences")
        self.manifest_col = client.get_or_create_collection(
            f"{name}_manifest", embedding_function=None
        )
        # A chunk id names its text, so its heading vector never changes: fetched once,
        # not on every question (a Chroma get costs several milliseconds).
        self._headings: dict[str, np.ndarray | None] = {}
        self._sentence_rows: dict[str, list[tuple[int, int, np.ndarray]]] = {}
        # Every vector of each collection, searched exactly (carveout/nearest.py).
        self._tables: dict[str, VectorTable] = {}

    def forget_kept(self) -> None:
        """Drop the vectors kept from reads. On every write from this process (an ingest run
        may re-split a chunk it keeps), and when an index is built afresh on this store: the
        writer may have been another process, and a document's new title changes its chunks'
        heading vectors without changing their ids."""
        self._headings.clear()
        self._sentence_rows.clear()
        self._tables.clear()

    # --- chunks -------------------------------------------------------------------
    def add_chunks(self, chunks: list[Chunk], vectors: dict[str, list[float]]) -> None:
        """Upsert chunks and their sentences; `vectors` maps chunk and sentence ids to vectors."""
        self.forget_kept()
        sentences = [(sid, c, a, b) for c in chunks for sid, _, a, b in sentence_entries(c)]
        for i in range(0, len(sentences), _BATCH):
            part = sentences[i : i + _BATCH]
            self.sentences.upsert(
                ids=[sid for sid, *_ in part],
                embeddings=_array([vectors[sid] for sid, *_ in part]),
                metadatas=[
                    {
                        "chunk_id": c.id,
                        "doc_id": c.doc_id,
                        "start": a,
                        "end": b,
                        "jurisdiction": c.doc.jurisdiction,
                        "doc_type": c.doc.doc_type,
                    }
                    for _, c, a, b in part
                ],
            )
        for i in range(0, len(chunks), _BATCH):
            part = chunks[i : i + _BATCH]
            self.chunks.upsert(
                ids=[c.id for c in part],
                documents=[c.text for c in part],
                embeddings=_array([vectors[c.id] for c in part]),
                metadatas=[_to_meta(c) for c in part],
            )

    def delete_chunks(self, ids: list[str]) -> None:
        self.forget_kept()
        for i in range(0, len(ids), _BATCH):
            part = ids[i : i + _BATCH]
            self.chunks.delete(ids=part)
            self.sentences.delete(where={"chunk_id": {"$in": part}})

    def delete_sentences(self, ids: list[str]) -> None:
        self.forget_kept()
        for i in range(0, len(ids), _BATCH):
            self.sentences.delete(ids=ids[i : i + _BATCH])

    def delete_doc(self, doc_id: str) -> int:
        ids = self.chunks.get(where={"doc_id": doc_id}, include=[])["ids"]
        self.delete_chunks(ids)
        self.sentences.delete(where={"doc_id": doc_id})
        return len(ids)

    def known_vectors(self, ids: list[str]) -> dict[str, list[float]]:
        """Stored vectors of any of these chunk or sentence ids (to avoid re-embedding)."""
        out = {}
        for col in (self.chunks, self.sentences):
            for i in range(0, len(ids), _BATCH):
                got = col.get(ids=ids[i : i + _BATCH], include=["embeddings"])
                out.update(zip(got["ids"], got["embeddings"]))
        return out

    def sentence_vectors(self, chunks: list[Chunk]) -> dict[str, list[tuple[Quote, np.ndarray]]]:
        """Every sentence of these chunks with its vector, by chunk id (kept once fetched, like
        the heading vectors: a chunk id names its text, so its sentences never change)."""
        missing = [c.id for c in chunks if c.id not in self._sentence_rows]
        if missing:
            got = self.sentences.get(
                where={"chunk_id": {"$in": missing}}, include=["embeddings", "metadatas"]
            )
            rows: dict[str, list] = {cid: [] for cid in missing}
            for meta, vec in zip(got["metadatas"], got["embeddings"]):
                if int(meta["start"]) >= 0:  # not the heading's vector: searched, never quoted
                    rows[meta["chunk_id"]].append((int(meta["start"]), int(meta["end"]), vec))
            self._sentence_rows.update(rows)
        return {
            c.id: [(Quote(c, a, b), vec) for a, b, vec in self._sentence_rows[c.id]] for c in chunks
        }

    def query_sentences(
        self, vector: list[float], k: int, where: dict | None = None
    ) -> list[tuple[str, float]]:
        """Chunk ids ranked by their best sentence's cosine similarity among the k sentences
        closest to `vector` (headings aside: skipped here rather than filtered)."""
        best: dict[str, float] = {}
        for n in self._table(self.sentences).nearest(vector, k, where):
            if not n.id.endswith("#heading"):
                best.setdefault(n.meta["chunk_id"], n.similarity)
        return list(best.items())

    def heading_vectors(self, chunk_ids: list[str]) -> dict[str, np.ndarray]:
        """The heading vector of each of these chunks that has one, by chunk id."""
        missing = [cid for cid in chunk_ids if cid not in self._headings]
        for i in range(0, len(missing), _BATCH):
            part = missing[i : i + _BATCH]
            got = self.sentences.get(ids=[f"{cid}#heading" for cid in part], include=["embeddings"])
            found = {
                sid.removesuffix("#heading"): np.asarray(v)
                for sid, v in zip(got["ids"], got["embeddings"])
            }
            # None: the chunk has no heading vector, which is not asked for again.
            self._headings.update((cid, found.get(cid)) for cid in part)
        return {cid: v for cid in chunk_ids if (v := self._headings[cid]) is not None}

    def chunk_ids(self) -> dict[str, str]:
        """Every stored chunk id with its doc_id."""
        out = {}
        for ids, metas in self._pages(self.chunks, include=["metadatas"]):
            out.update((cid, meta["doc_id"]) for cid, meta in zip(ids, metas))
        return out

    def all_chunks(self) -> list[Chunk]:
        chunks = []
        for ids, metas, docs in self._pages(self.chunks, include=["metadatas", "documents"]):
            chunks += [_from_meta(cid, text, meta) for cid, text, meta in zip(ids, docs, metas)]
        chunks.sort(key=lambda c: (c.doc_id, c.position))
        return chunks

    def query(
        self, vector: list[float], k: int, where: dict | None = None
    ) -> list[tuple[str, float]]:
        """Chunk ids with cosine similarity, best first."""
        return [(n.id, n.similarity) for n in self._table(self.chunks).nearest(vector, k, where)]

    def _table(self, col) -> VectorTable:
        """A collection's vectors and metadata, read once (until a write: forget_kept)."""
        if col.name not in self._tables:
            ids, vectors, metas = [], [], []
            for got_ids, got_vectors, got_metas in self._pages(col, ["embeddings", "metadatas"]):
                ids += got_ids
                vectors += list(got_vectors)
                metas += got_metas
            self._tables[col.name] = VectorTable(ids, vectors, metas)
        return self._tables[col.name]

    def sentence_owners(self) -> dict[str, str]:
        """Every stored sentence id with the id of its chunk."""
        out = {}
        for ids, metas in self._pages(self.sentences, include=["metadatas"]):
            out.update((sid, m["chunk_id"]) for sid, m in zip(ids, metas))
        return out

    @staticmethod
    def _pages(col, include: list[str]):
        total, offset = col.count(), 0
        while offset < total:
            res = col.get(include=include, limit=_BATCH * 4, offset=offset)
            if not res["ids"]:
                break
            yield tuple(res[k] for k in ["ids", *include])
            offset += len(res["ids"])

    # --- manifest -----------------------------------------------------------------
    def manifest(self) -> dict[str, ManifestEntry]:
        res = self.manifest_col.get(include=["metadatas", "documents"])
        return {
            i: ManifestEntry(doc_id=i, chunk_ids=tuple(_id_list(doc)), **m)
            for i, m, doc in zip(res["ids"], res["metadatas"], res["documents"])
        }

    def record(self, entry: ManifestEntry) -> None:
        self.manifest_col.upsert(
            ids=[entry.doc_id],
            embeddings=[[1.0]],
            documents=[json.dumps(list(entry.chunk_ids))],
            metadatas=[
                {
                    "hash": entry.hash,
                    "file": entry.file,
                    "chunks": entry.chunks,
                    "ingested_at": entry.ingested_at,
                }
            ],
        )

    def forget(self, doc_id: str) -> None:
        self.manifest_col.delete(ids=[doc_id])


def _id_list(document: str | None) -> list[str]:
    try:  # stores from before chunk ids were listed hold the file name here
        ids = json.loads(document or "[]")
    except json.JSONDecodeError:
        return []
    return ids if isinstance(ids, list) else []


def _array(vectors: list) -> np.ndarray:
    # Vectors come both from the model (lists) and from the store (arrays); Chroma wants one kind.
    return np.asarray(vectors, dtype=np.float32)


def sentence_entries(chunk: Chunk) -> list[tuple[str, str, int, int]]:
    """(id, text, start, end) of each vector stored beside a chunk: its quotable sentences,
    and its heading (start -1), so a question phrased like an FAQ's own question or a
    section's title finds it."""
    out = [(sentence_id(chunk.id, a, b), chunk.text[a:b], a, b) for a, b in chunk.sentences]
    if chunk.title:
        out.append((f"{chunk.id}#heading", chunk.title, -1, -1))
    return out


def sentence_id(chunk_id: str, start: int, end: int) -> str:
    return f"{chunk_id}#{start}-{end}"


def _to_meta(c: Chunk) -> dict:
    meta = c.doc.as_dict()
    meta.update(
        label=c.label,
        heading=c.heading,
        context=c.context,
        position=c.position,
        page=c.page or 0,
        provisions=c.provisions,
        notes=json.dumps(list(c.notes)),
        paragraphs=json.dumps([[p.start, p.label, p.lost] for p in c.paragraphs]),
    )
    return meta


def _from_meta(cid: str, text: str, meta: dict) -> Chunk:
    return Chunk(
        id=cid,
        doc=DocMeta.from_dict(meta),
        text=text,
        label=meta["label"],
        heading=meta["heading"],
        context=meta["context"],
        position=int(meta["position"]),
        page=int(meta["page"]) or None,
        provisions=meta.get("provisions", ""),
        paragraphs=tuple(
            Paragraph(int(a), str(label), bool(lost))
            for a, label, lost in json.loads(meta.get("paragraphs") or "[]")
        ),
        notes=tuple(json.loads(meta.get("notes") or "[]")),
    )
