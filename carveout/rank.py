"""A learned ranker over retrieval candidates: a weighted sum of a few features that
any question has (each signal's score, how much of the question a passage covers, whether
its section heading matches, whether it is the jurisdiction or the period asked about).

Its weights are fitted by `python -m evals tune` to maximise MRR on the project's own QA
sets, with cross-validation (carveout/data/ranker.json records the fit and its held-out
figures); with no fitted file, or with CARVEOUT_FUSION=score|rrf, retrieval uses the plain
weighted fusion.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from carveout.asks import actors, asks_about_past, carries, expected, issuers
from carveout.clauses import terms
from carveout.labels import query_keys
from carveout.models import Chunk

FEATURES = (
    "fused",  # the weighted min-max fusion of dense, best-sentence and BM25 scores
    "jurisdiction",  # the question names the passage's jurisdiction's law (UK, EU, US law)
    "past",  # historical text, for a question about the past
    "present",  # historical text, for a question about the present
    "heading",  # BM25 of the question on the passage's labels and headings, scaled to the best
    "coverage",  # share of the question's uncommon terms the passage holds
    "states",  # the passage states the kind of fact asked for (an amount, a date…)
    "heading_dense",  # cosine of question and the section's own heading (an FAQ's question)
    "body",  # the question names a body ("the 1718 Committee", "OFAC") and this is its document
    "phrases",  # share of the question's two-word phrases the passage holds word for word
    "cited",  # guidance among the best candidates refers to the passage's section by number
)


@dataclass(frozen=True)
class Evidence:
    """What the retriever found for one question, to describe its candidates: each signal's
    score of every candidate ("fused", "heading", "heading_dense", "cited") and the jurisdictions the
    question names."""

    question: str
    scores: dict[str, dict[str, float]]
    named: frozenset[str]


def features(evidence: Evidence, chunk: Chunk, common: set[str]) -> list[float]:
    q, cid, sc = evidence.question, chunk.id, evidence.scores
    asked, ask, past, bodies, said = _reading(q)
    asked = asked - common
    top_heading = max(sc["heading"].values(), default=0.0) or 1.0
    return [
        sc["fused"].get(cid, 0.0),
        float(chunk.doc.jurisdiction in evidence.named),
        float(chunk.doc.historical and past),
        float(chunk.doc.historical and not past),
        sc["heading"].get(cid, 0.0) / top_heading,
        len(asked & terms(chunk.indexed_text)) / len(asked) if asked else 0.0,
        float(bool(ask) and _carries(chunk.text, ask)),
        sc["heading_dense"].get(cid, 0.0),
        float(bool(bodies & issuers(chunk.doc))),
        len(said & _phrases(chunk.indexed_text)) / len(said) if said else 0.0,
        sc["cited"].get(cid, 0.0),
    ]


@lru_cache(maxsize=256)
def _reading(question: str):
    """What a question asks, read once for all its candidates."""
    return (
        frozenset(terms(question)),
        expected(question),
        asks_about_past(question),
        frozenset(actors(question)),
        _phrases(question),
    )


# Words that join a phrase differently in a question and in the law ("a correspondent account
# with a North Korean bank"): left out, so the words on either side of them pair up.
_JOINERS = frozenset("the and for are with from that this its our can may".split())


@lru_cache(maxsize=16384)
def _phrases(text: str) -> frozenset[tuple[str, str]]:
    """Pairs of neighbouring words (cut to five letters, as terms() cuts them): a passage that
    holds "correspondent account" or "new investment" as the question says it, not just
    both words somewhere."""
    words = [w[:5] for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2]
    words = [w for w in words if w not in _JOINERS]
    return frozenset(zip(words, words[1:]))


# How many of the best fused candidates are read for the sections they refer to.
CITING_DEPTH = 10
# The section of a provision key ("cfr:510.512" of "cfr:510.512(a)"): a reference to a
# paragraph (FAQ 463 names § 510.512(a)) counts for its whole section.
_SECTION_KEY = re.compile(r"^((?:cfr|usc):[^(]+)")


def cited(chunks: list[Chunk]) -> dict[str, float]:
    """1.0 for each passage whose section a passage of guidance, an FAQ, a statute or a letter
    among `chunks` (the best candidates) refers to by number: the provision that guidance
    explains is the law to quote for it (FAQ 1162 restates § 510.512(e)). A reference is to
    the text in force when its author wrote: the 2020 fact sheet's § 510.512 is the superseded
    one, FAQ 1162's the current one."""
    named: dict[tuple[str, bool], set[str]] = {}
    for c in chunks:
        if c.doc.doc_type != "regulation":
            for key in _refers_to(c.indexed_text):
                named.setdefault((key, c.doc.historical), set()).add(c.doc_id)
    out = {}
    for c in chunks:
        section = _section(c.provisions.split()[0]) if c.provisions else ""
        if section and named.get((section, c.doc.historical), set()) - {c.doc_id}:
            out[c.id] = 1.0
    return out


@lru_cache(maxsize=4096)
def _refers_to(text: str) -> frozenset[str]:
    return frozenset(filter(None, (_section(k) for k in query_keys(text))))


def _section(key: str) -> str:
    m = _SECTION_KEY.match(key)
    return m.group(1) if m else ""


# A passage's terms and facts are the same for every question: read each once.
_carries = lru_cache(maxsize=16384)(carries)


@dataclass(frozen=True)
class LinearRanker:
    """A weighted sum of some of the features, the weights fitted to maximise MRR."""

    names: tuple[str, ...]  # the features it reads, a subset of FEATURES
    weights: tuple[float, ...]

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """One score per row of FEATURES values; higher ranks first."""
        columns = [FEATURES.index(n) for n in self.names]
        return rows[:, columns] @ np.asarray(self.weights)

    def part(self, rows: np.ndarray, name: str) -> np.ndarray:
        """What one feature adds to each row's score (0 where the ranker does not read it)."""
        if name not in self.names:
            return np.zeros(len(rows))
        return rows[:, FEATURES.index(name)] * self.weights[self.names.index(name)]

    @classmethod
    def load(cls, path: Path) -> LinearRanker | None:
        """The fitted ranker, or None when there is none or it reads features no longer computed."""
        if not path.exists():
            return None
        data = json.loads(path.read_text("utf-8"))
        if not set(data["features"]) <= set(FEATURES):
            return None
        return cls(tuple(data["features"]), tuple(data["weights"]))

    def save(self, path: Path, report: dict) -> None:
        data = {"features": list(self.names), "weights": list(self.weights), **report}
        path.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
