"""The extractive answerer: an answer made only of verbatim, cited sentences.

It needs no LLM. From the top passages it picks the sentences closest in meaning to the
question, puts the governing rule before conditions and exceptions, and marks each with
[n]. When the evidence is weak it declines and names the nearest documents instead.
"""

from __future__ import annotations

import re
from typing import Protocol

import numpy as np

from carveout import declines
from carveout.config import Settings
from carveout.guard import is_instruction
from carveout.models import Answer, Citation, Passage, Quote
from carveout.retrieve import Retrieval
from carveout.sentences import MAX_QUOTE_CHARS, lead_in

RULE = re.compile(
    r"\b(authori[sz]ed|prohibited|may not|shall|must|are blocked|is blocked|exempt|"
    r"means|includes|required|permitted|allows?)\b",
    re.I,
)
CONDITION = re.compile(
    r"\b(provided that|unless|except|if|only|does not|do not|not include|"
    r"notwithstanding|subject to|conditions?)\b",
    re.I,
)


class Answerer(Protocol):
    def answer(self, question: str, retrieval: Retrieval, on_token=None) -> Answer: ...


class ExtractiveAnswerer:
    def __init__(self, settings: Settings, store):
        self.settings = settings
        self.store = store

    def answer(self, question: str, retrieval: Retrieval, on_token=None) -> Answer:
        # on_token is for generated text; an extractive answer is composed all at once.
        s = self.settings
        top = retrieval.passages[: s.answer_passages]
        candidates = self._candidates(top, retrieval.query_vector)
        best = max((c.score for c in candidates), default=0.0)
        named = bool(retrieval.keys) and _cited_first(retrieval)
        if best < s.refusal_threshold and not named:
            return declines.declined(
                question, retrieval, declines.weak_evidence(best, s.refusal_threshold), best
            )
        weak_words = (
            retrieval.lexical_top is not None and retrieval.lexical_top < s.lexical_threshold
        )
        if weak_words and best < s.semantic_threshold and not named:
            return declines.declined(question, retrieval, declines.unrelated(best), best)
        main, related = self._choose(candidates, retrieval)
        return compose(question, retrieval, main, related, best)

    def _candidates(self, passages: list[Passage], qvec) -> list[Quote]:
        """Every quotable sentence of the passages, scored by cosine similarity to the
        question with the sentence vectors computed at ingest."""
        if not passages or qvec is None:
            return []
        vectors = self.store.sentence_vectors([p.chunk for p in passages])
        out = []
        for p in passages:
            rows = [(q, v) for q, v in vectors.get(p.chunk.id, []) if not is_instruction(q.text)]
            if rows:
                sims = np.asarray([v for _, v in rows]) @ np.asarray(qvec)
                out += [
                    Quote(q.chunk, q.start, q.end, float(sim)) for (q, _), sim in zip(rows, sims)
                ]
        return out

    def _choose(
        self, candidates: list[Quote], retrieval: Retrieval
    ) -> tuple[list[Quote], list[Quote]]:
        """(main, related) quotes. Every top passage whose best sentence clears the floor is
        quoted once, since retrieval ranked it on more evidence than one sentence carries;
        those close to the best sentence form the answer, the rest are shown as related.
        A provision the question names is quoted from its opening."""
        s = self.settings
        usable = _once_per_document(
            sorted(
                (c for c in candidates if len(c.text) <= MAX_QUOTE_CHARS), key=lambda c: -c.score
            )
        )
        if not usable:
            return [], []
        best_of: dict[str, Quote] = {}
        for c in usable:
            best_of.setdefault(c.chunk.id, c)
        close = max(s.sentence_threshold, usable[0].score - s.answer_margin)
        main = [c for c in best_of.values() if c.score >= close]
        related = [c for c in best_of.values() if s.sentence_threshold <= c.score < close]
        first = retrieval.passages[0] if retrieval.passages else None
        named = [
            c for c in usable if first and "citation" in first.via and c.chunk.id == first.chunk.id
        ]
        if named:
            opening = min(named, key=lambda c: c.start)
            main = [opening] + [c for c in main if c is not opening]
            related = [c for c in related if c is not best_of[opening.chunk.id]]
            if best_of[opening.chunk.id] not in main:
                main.insert(1, best_of[opening.chunk.id])
        for c in usable:  # a second sentence from a passage when it is nearly as strong
            if len(main) >= s.answer_sentences or c.score < close:
                break
            if c not in main and sum(x.chunk.id == c.chunk.id for x in main) < 2:
                main.append(c)
        return main, related


def _once_per_document(candidates: list[Quote]) -> list[Quote]:
    """Drop a sentence its document already offers word for word, punctuation aside (a web
    page captured in two versions repeats whole paragraphs). The same words in two different
    instruments are kept: that two statutes say it is itself worth citing."""
    seen: set[tuple[str, str]] = set()
    out = []
    for c in candidates:
        key = (c.chunk.doc_id, re.sub(r"[^a-z0-9]+", " ", c.text.lower()).strip())
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _cited_first(retrieval: Retrieval) -> bool:
    return bool(retrieval.passages) and "citation" in retrieval.passages[0].via


def compose(
    question: str, retrieval: Retrieval, main: list[Quote], related: list[Quote], best: float
) -> Answer:
    """Answer text from chosen sentences, each with [n]: the answer (rules before
    conditions), then related passages."""
    order = {p.chunk.id: i for i, p in enumerate(retrieval.passages)}
    main = sorted(main, key=lambda c: (_role(c.text), order[c.chunk.id], c.start))
    related = sorted(related, key=lambda c: order[c.chunk.id])
    numbers: dict[str, int] = {}
    quotes: dict[str, list[Quote]] = {}

    def line(c: Quote) -> str:
        cid = c.chunk.id
        n = numbers.setdefault(cid, len(numbers) + 1)
        spans = lead_in(c.chunk.text, c.start) + [(c.start, c.end)]
        for a, b in spans:
            if all(q.start != a for q in quotes.get(cid, [])):
                quotes.setdefault(cid, []).append(Quote(c.chunk, a, b, c.score))
        text = " … ".join(f"“{c.chunk.text[a:b]}”" for a, b in spans)
        return f"- {text} — *{c.chunk.label_at(c.start)}* [{n}]"

    lines = ["What the corpus says:", *map(line, main)]
    if related:
        lines += ["", "Related passages:", *map(line, related)]
    by_id = {p.chunk.id: p.chunk for p in retrieval.passages}
    citations = [
        Citation(n, by_id[cid], tuple(sorted(quotes[cid], key=lambda q: q.start)))
        for cid, n in numbers.items()
    ]
    notes = [
        f"[{c.n}] is {' and '.join(c.flags)} text." for c in citations if c.chunk.doc.historical
    ]
    text = "\n".join(lines + ([""] + notes if notes else []))
    return Answer(
        question=question,
        text=text,
        citations=citations,
        passages=retrieval.passages,
        query=retrieval.query,
        scores={"evidence": best},
    )


def _role(sentence: str) -> int:
    """0 for a governing rule, 1 for a condition or exception, 2 for anything else."""
    if RULE.search(sentence) and not CONDITION.search(sentence[:80]):
        return 0
    return 1 if CONDITION.search(sentence) else 2
