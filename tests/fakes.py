"""Deterministic stand-ins for the fast test tier: an embedder that needs no model, a store
that needs no Chroma, and a chat model that replies what the test scripts. With them the
whole `Assistant.ask` path runs in milliseconds on hand-built documents."""

from __future__ import annotations

import hashlib
import re

import numpy as np
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from carveout.models import Chunk, DocMeta, Quote
from carveout.store import ManifestEntry

DIM = 256
_STOP = {
    "the",
    "a",
    "an",
    "of",
    "to",
    "in",
    "and",
    "or",
    "is",
    "are",
    "be",
    "for",
    "on",
    "by",
    "with",
    "that",
    "this",
    "it",
    "as",
    "at",
    "from",
    "any",
    "may",
    "can",
    "does",
    "do",
    "what",
    "which",
}


class FakeEmbedder:
    """Hashed bag of words, normalised: texts sharing words are similar, others are not.
    Words are cut to five letters so "remittance" and "remittances" meet."""

    name = "fake-bag-of-words"
    batch_size = 32
    dim = DIM

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._one(t) for t in texts]) if texts else np.zeros((0, DIM), np.float32)

    def encode_one(self, text: str) -> np.ndarray:
        return self._one(text)

    @staticmethod
    def _one(text: str) -> np.ndarray:
        vec = np.zeros(DIM, np.float32)
        for word in re.findall(r"[a-z0-9]+", text.lower()):
            if word not in _STOP:
                vec[int(hashlib.md5(word[:5].encode()).hexdigest(), 16) % DIM] += 1.0
        norm = np.linalg.norm(vec)
        return vec / norm if norm else vec


class MemoryStore:
    """The parts of `carveout.store.Store` that answering reads, over chunks held in memory."""

    def __init__(self, chunks: list[Chunk], embedder):
        self.chunks_ = sorted(chunks, key=lambda c: (c.doc_id, c.position))
        self.embedder = embedder
        self.vectors = {c.id: embedder.encode_one(c.indexed_text) for c in self.chunks_}
        self.sentences = {
            c.id: [(Quote(c, a, b), embedder.encode_one(c.text[a:b])) for a, b in c.sentences]
            for c in self.chunks_
        }

    def all_chunks(self) -> list[Chunk]:
        return list(self.chunks_)

    def manifest(self) -> dict[str, ManifestEntry]:
        docs = {c.doc_id for c in self.chunks_}
        return {
            d: ManifestEntry(
                d,
                "hash",
                f"{d}.md",
                sum(c.doc_id == d for c in self.chunks_),
                "2026-01-01T00:00:00+00:00",
            )
            for d in sorted(docs)
        }

    def heading_vectors(self, chunk_ids: list[str]) -> dict[str, np.ndarray]:
        return {}

    def forget_kept(self) -> None:
        """Nothing is kept: every read is from memory."""

    def query(self, vector, k: int, where: dict | None = None) -> list[tuple[str, float]]:
        hits = [
            (c.id, float(np.dot(self.vectors[c.id], vector)))
            for c in self.chunks_
            if _matches(c, where)
        ]
        return sorted(hits, key=lambda h: -h[1])[:k]

    def query_sentences(self, vector, k: int, where: dict | None = None) -> list[tuple[str, float]]:
        best: dict[str, float] = {}
        for c in self.chunks_:
            if _matches(c, where):
                for _, vec in self.sentences[c.id]:
                    best[c.id] = max(best.get(c.id, -1.0), float(np.dot(vec, vector)))
        return sorted(best.items(), key=lambda h: -h[1])[:k]

    def sentence_vectors(self, chunks: list[Chunk]) -> dict[str, list[tuple[Quote, np.ndarray]]]:
        return {c.id: list(self.sentences.get(c.id, [])) for c in chunks}


def _matches(chunk: Chunk, where: dict | None) -> bool:
    if not where:
        return True
    if "$and" in where:
        return all(_matches(chunk, part) for part in where["$and"])
    [(field, cond)] = where.items()
    return getattr(chunk.doc, field) in cond["$in"]


def doc(doc_id: str, **fields) -> DocMeta:
    return DocMeta(
        doc_id,
        **{
            "title": doc_id.replace("-", " "),
            "jurisdiction": "US",
            "doc_type": "regulation",
            "issued": "2024-02-16",
            **fields,
        },
    )


def chunk(
    doc_meta: DocMeta,
    label: str,
    text: str,
    position: int = 0,
    provisions: str = "",
    heading: str = "",
) -> Chunk:
    return Chunk(
        id=f"{doc_meta.doc_id}:{label}:{position}",
        doc=doc_meta,
        text=text,
        label=label,
        heading=heading or label,
        context=f"{doc_meta.title} | {label}",
        position=position,
        provisions=provisions,
    )


def scripted_model(*replies: str) -> GenericFakeChatModel:
    """A LangChain chat model that streams the given replies, one per call, word by word."""
    return GenericFakeChatModel(messages=iter(AIMessage(content=r) for r in replies))
