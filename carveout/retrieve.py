"""Hybrid retrieval: dense (Chroma) + BM25 (bm25s), fused by weighted score or reciprocal
rank fusion, with direct citation lookup for questions that name a provision."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import bm25s
import numpy as np
import Stemmer

from carveout.asks import asks_about_past, issuers, speakers
from carveout.clauses import common_terms, terms
from carveout.config import Fusion, Settings
from carveout.glossary import Glossary
from carveout.jurisdictions import asked_law
from carveout.labels import query_keys, without_glosses
from carveout.models import Chunk, Passage, RetrieverMode, Signal
from carveout.rank import CITING_DEPTH, Evidence, LinearRanker, cited, features
from carveout.spelling import Speller
from carveout.store import Store
from carveout.wording import Wording

MIN_CANDIDATES = 30  # per signal, however few passages are asked for
# Sentences are fetched this many times deeper than chunks: several sentences of one chunk
# take several places, and the signal keeps only each chunk's best.
SENTENCES_PER_CHUNK = 4
CITED_FIRST = 10.0  # a named provision's score, per level of key: above any fused score
WITHIN_LEVEL_STEP = 1e-3  # orders the (at most 10) passages of a named provision


@dataclass(frozen=True)
class Filters:
    jurisdictions: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()

    def allows(self, chunk: Chunk) -> bool:
        return (not self.jurisdictions or chunk.doc.jurisdiction in self.jurisdictions) and (
            not self.doc_types or chunk.doc.doc_type in self.doc_types
        )

    def where(self) -> dict | None:
        parts = []
        if self.jurisdictions:
            parts.append({"jurisdiction": {"$in": list(self.jurisdictions)}})
        if self.doc_types:
            parts.append({"doc_type": {"$in": list(self.doc_types)}})
        return parts[0] if len(parts) == 1 else ({"$and": parts} if parts else None)


class LexicalIndex:
    """BM25 over every stored chunk (context + text), built once per process."""

    def __init__(self, chunks: list[Chunk]):
        self.chunks = chunks
        self.by_id = {c.id: i for i, c in enumerate(chunks)}
        self.by_provision: dict[str, list[Chunk]] = {}  # "cfr:510.511" -> its chunks, in order
        for c in chunks:
            for key in c.provisions.split():
                self.by_provision.setdefault(key, []).append(c)
        self.common = common_terms(chunks)
        texts = [c.indexed_text for c in chunks]
        wording = Wording(texts)
        self.text = _Bm25(texts, wording)
        # Labels and headings alone: an FAQ's question or a section's title naming the case.
        self.headings = _Bm25([f"{c.label} {c.heading}" for c in chunks], wording)

    def scores(self, query: str) -> np.ndarray:
        return self.text.scores(query)

    def heading_scores(self, query: str) -> np.ndarray:
        return self.headings.scores(query)


class _Bm25:
    def __init__(self, texts: list[str], wording: Callable[[str], str]):
        self.size = len(texts)
        self.wording = wording  # the one way of writing each word, for texts and queries
        self.tokenizer = bm25s.tokenization.Tokenizer(
            stopwords="en", stemmer=Stemmer.Stemmer("english")
        )
        self.bm25 = bm25s.BM25()
        if texts:
            tokens = self.tokenizer.tokenize(
                [wording(t) for t in texts], return_as="tuple", show_progress=False
            )
            self.bm25.index(tokens, show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        if not self.size:
            return np.zeros(0)
        ids = self.tokenizer.tokenize(
            [self.wording(query)], update_vocab=False, return_as="ids", show_progress=False
        )[0]
        vocab_empty = self.tokenizer.word_to_id.get("")
        ids = [i for i in ids if i != vocab_empty]
        if not ids:
            return np.zeros(self.size)
        return self.bm25.get_scores_from_ids(ids)


@dataclass
class Retrieval:
    passages: list[Passage]
    query: str
    keys: list[str] = field(default_factory=list)  # provisions the question named
    timings: dict[str, float] = field(default_factory=dict)
    query_vector: np.ndarray | None = None
    lexical_top: float | None = None  # best BM25 score over the corpus; None when BM25 did not run
    set_aside: str = ""  # what the asker set aside ("Apart from changing the NGO licence,")


class HybridRetriever:
    def __init__(
        self,
        settings: Settings,
        store: Store,
        embedder,
        index: LexicalIndex,
        glossary: Glossary | None = None,
    ):
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.index = index
        self.glossary = glossary or Glossary.load(settings.glossary_file)
        self.speller = Speller(index.chunks)
        self.ranker = (
            LinearRanker.load(settings.ranker_file) if settings.fusion == Fusion.LEARNED else None
        )
        store.forget_kept()  # this index is read afresh from the store: so are its vectors
        if self.ranker is not None:  # it reads every candidate's heading vector: fetch them now
            store.heading_vectors([c.id for c in index.chunks])

    def retrieve(
        self,
        question: str,
        k: int | None = None,
        mode: RetrieverMode = RetrieverMode.HYBRID,
        filters: Filters = Filters(),
    ) -> Retrieval:
        mode = RetrieverMode(mode)
        k = k or self.settings.top_k
        question = self.speller.correct(question)  # searched, and shown, as corrected
        out = Retrieval([], question, query_keys(without_glosses(question)), {})
        dense, sentence, lexical = self._signals(question, k, mode, filters, out)
        start = time.perf_counter()
        named = asked_law(question)
        out.passages = self._fuse(dense, sentence, lexical, out.keys, filters, k, named, out)
        out.timings["fusion_ms"] = _ms(start)
        return out

    def _signals(
        self, question: str, k: int, mode: RetrieverMode, filters: Filters, out: Retrieval
    ):
        """The three ranked lists (dense chunks, best sentences, BM25), each `depth` long;
        `out` gets the query vector, the best BM25 score and the timings."""
        depth = max(k * self.settings.candidate_factor, MIN_CANDIDATES)
        t = out.timings
        dense: list[tuple[str, float]] = []
        sentence: list[tuple[str, float]] = []
        lexical: list[tuple[str, float]] = []
        start = time.perf_counter()
        out.query_vector = self.embedder.encode_one(question)
        t["embed_ms"] = _ms(start)
        if mode in (RetrieverMode.HYBRID, RetrieverMode.DENSE):
            start = time.perf_counter()
            vec, where = out.query_vector.tolist(), filters.where()
            dense = self.store.query(vec, depth, where)
            sentence = self.store.query_sentences(vec, depth * SENTENCES_PER_CHUNK, where)[:depth]
            t["dense_ms"] = _ms(start)
        if mode in (RetrieverMode.HYBRID, RetrieverMode.BM25):
            start = time.perf_counter()
            lexical = self._bm25(self.glossary.expand(question), depth, filters)
            out.lexical_top = lexical[0][1] if lexical else 0.0
            t["bm25_ms"] = _ms(start)
        return dense, sentence, lexical

    def explain(self, question: str, k: int | None = None) -> Evidence:
        """The candidates of a question with their signals: what the learned ranker reads
        (`python -m evals tune` fits it on these)."""
        question = self.speller.correct(question)
        out = Retrieval([], question)
        dense, sentence, lexical = self._signals(
            question, k or self.settings.top_k, RetrieverMode.HYBRID, Filters(), out
        )
        fused, _ = self._weighted(dense, sentence, lexical)
        return self.evidence(out, fused, asked_law(question))

    def evidence(self, out: Retrieval, fused: dict[str, float], named) -> Evidence:
        """Every candidate's signals, for the learned ranker (and for fitting it)."""
        ids = sorted(cid for cid in fused if cid in self.index.by_id)
        best = sorted(ids, key=lambda cid: -fused[cid])[:CITING_DEPTH]
        headings = self.index.heading_scores(self.glossary.expand(out.query))
        vectors = self.store.heading_vectors(ids) if out.query_vector is not None else {}
        scores = {
            "fused": dict(fused),
            "heading": {cid: float(headings[self.index.by_id[cid]]) for cid in ids},
            "heading_dense": {cid: float(v @ out.query_vector) for cid, v in vectors.items()},
            "cited": cited([self.index.chunks[self.index.by_id[cid]] for cid in best]),
        }
        return Evidence(out.query, scores, frozenset(named))

    def rescore(self, evidence: Evidence) -> tuple[dict[str, float], dict[str, float]]:
        """The learned ranker's score of each candidate, and the part of it each has for
        stating the kind of fact asked for."""
        ids = [cid for cid in evidence.scores["fused"] if cid in self.index.by_id]
        if not ids:
            return {}, {}
        rows = np.asarray([self.features(evidence, cid) for cid in ids])
        scores, boosts = self.ranker.scores(rows), self.ranker.part(rows, "states")
        return dict(zip(ids, scores.tolist())), dict(zip(ids, boosts.tolist()))

    def features(self, evidence: Evidence, cid: str) -> list[float]:
        chunk = self.index.chunks[self.index.by_id[cid]]
        return features(evidence, chunk, self.index.common)

    def _bm25(self, query: str, depth: int, filters: Filters) -> list[tuple[str, float]]:
        scores = self.index.scores(query)
        order = np.argsort(-scores)
        hits = []
        for i in order:
            if scores[i] <= 0 or len(hits) >= depth:
                break
            chunk = self.index.chunks[i]
            if filters.allows(chunk):
                hits.append((chunk.id, float(scores[i])))
        return hits

    def _fuse(
        self,
        dense,
        sentence,
        lexical,
        keys,
        filters,
        k,
        named=frozenset(),
        out: Retrieval | None = None,
    ) -> list[Passage]:
        s = self.settings
        fused, via = self._weighted(dense, sentence, lexical)
        learned = self.ranker is not None and out is not None
        boosts: dict[str, float] = {}
        if learned:  # the ranker weighs the jurisdiction itself
            fused, boosts = self.rescore(self.evidence(out, fused, named))
            for cid in fused:
                via[cid].append(Signal.LEARNED)
        for cid in fused if named and s.jurisdiction_boost and not learned else ():
            chunk = self.index.chunks[self.index.by_id[cid]] if cid in self.index.by_id else None
            if chunk is not None and chunk.doc.jurisdiction in named:
                fused[cid] += s.jurisdiction_boost
                via[cid].append(Signal.JURISDICTION)
        # Named provisions rank first, the most specific key highest. Within one provision the
        # signals order the passages when the question's own words pick a part of it ("may an
        # NGO pay taxes under § 510.512?"); a bare "what does § 510.511 say?" reads it in order.
        question = out.query if out is not None else ""
        cited = self._cited(keys, filters, speakers(question))  # in document order
        if self._picks_a_part(question, [cid for cid, _ in cited]):
            cited.sort(key=lambda c: -fused.get(c[0], 0.0))
        if question and asks_about_past(question):
            # "What did the old § 510.512 allow?": its superseded text first (a level still
            # outranks the next, the place only orders passages within one)
            chunks = self.index.chunks
            cited.sort(key=lambda c: not chunks[self.index.by_id[c[0]]].historical)
        first = {
            cid: CITED_FIRST * (1 + level) - place * WITHIN_LEVEL_STEP
            for place, (cid, level) in enumerate(cited)
        }
        # Only the best few are placed above everything: the rest of a long section rank on
        # their signals, so the FAQ holding the e-mail address that § 510.512 leaves out, or
        # the press release dating the update a question names resolution 2664 for, is not
        # pushed below every passage of the section named.
        for cid in sorted(first, key=first.get, reverse=True)[: self.settings.named_first]:
            fused[cid] = first[cid]
        for cid in first:
            via.setdefault(cid, []).append(Signal.CITATION)
        dense_score, bm25_score = dict(dense), dict(lexical)
        for cid, sim in sentence:
            dense_score[cid] = max(sim, dense_score.get(cid, -1.0))
        ranked = sorted(fused.items(), key=lambda kv: -kv[1])[:k]
        passages = []
        for rank, (cid, score) in enumerate(ranked, start=1):
            chunk = self.index.chunks[self.index.by_id[cid]] if cid in self.index.by_id else None
            if chunk is None:  # stored after this process built its index
                continue
            cos = dense_score.get(cid)
            passages.append(
                Passage(
                    chunk=chunk,
                    score=score,
                    rank=rank,
                    dense=cos,
                    bm25=bm25_score.get(cid),
                    via=tuple(via[cid]),
                    fact_boost=boosts.get(cid, 0.0),
                )
            )
        return passages

    def _weighted(self, dense, sentence, lexical) -> tuple[dict[str, float], dict[str, list[str]]]:
        """Each candidate's weighted sum of its signals' contributions, and the signals that listed it."""
        s = self.settings
        fused: dict[str, float] = {}
        via: dict[str, list[str]] = {}
        signals = (
            (Signal.DENSE, dense, s.dense_weight),
            (Signal.SENTENCE, sentence, s.sentence_weight),
            (Signal.BM25, lexical, s.bm25_weight),
        )
        for name, hits, weight in signals:
            for cid, contribution in _contributions(hits, s.fusion, s.rrf_k):
                fused[cid] = fused.get(cid, 0.0) + weight * contribution
                via.setdefault(cid, []).append(name)
        return fused, via

    def _picks_a_part(self, question: str, ids: list[str]) -> bool:
        """Whether an uncommon word of the question occurs in some of the passages `ids` but
        not in all of them."""
        asked = terms(question) - self.index.common
        hits = [bool(asked & terms(self.index.chunks[self.index.by_id[cid]].text)) for cid in ids]
        return any(hits) and not all(hits)

    def _cited(
        self, keys: list[str], filters: Filters, said: frozenset[str] | set[str] = frozenset()
    ) -> list[tuple[str, int]]:
        """Chunk ids of the provisions a question names (at most 10), each with the level of
        the key that named it: higher for a more specific key. When the question asks what a
        body said or did (`said`), only that body's own provisions are put first: "Did the
        1718 Committee say resolution 2664 applies…?" is answered by the Committee's words,
        which the resolution's own paragraphs would push down."""
        found: dict[str, int] = {}
        for level, key in enumerate(reversed(keys)):
            for c in self.index.by_provision.get(key, []):
                if said and not said & issuers(c.doc):
                    continue
                if filters.allows(c):
                    found[c.id] = level  # a more specific key (later here) overrides
        # Stable: within a level, the passages stay in document order.
        return sorted(found.items(), key=lambda kv: -kv[1])[:10]


def _contributions(hits: list[tuple[str, float]], fusion: Fusion, rrf_k: int):
    """Each hit's share of the fused score: its score scaled to [0, 1] within its list
    (so a clear winner counts for more than a near tie), or its reciprocal rank."""
    if fusion == Fusion.RRF or not hits:
        return [(cid, 1.0 / (rrf_k + rank + 1)) for rank, (cid, _) in enumerate(hits)]
    top, low = hits[0][1], hits[-1][1]
    span = (top - low) or 1.0
    return [(cid, (score - low) / span) for cid, score in hits]


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000
