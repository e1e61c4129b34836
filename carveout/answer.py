"""The extractive answerer: an answer made only of verbatim, cited sentences.

It needs no LLM. From the top passages it picks the sentences closest in meaning to the
question, puts the governing rule before conditions and exceptions, and marks each with
[n]. When the evidence is weak it declines and names the nearest documents instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from carveout.config import Settings
from carveout.guard import is_instruction
from carveout.models import Answer, Citation, Passage, Quote
from carveout.retrieve import Retrieval
from carveout.sentences import sentence_spans

RULE = re.compile(r"\b(authori[sz]ed|prohibited|may not|shall|must|are blocked|is blocked|exempt|"
                  r"means|includes|required|permitted|allows?)\b", re.I)
CONDITION = re.compile(r"\b(provided that|unless|except|if|only|does not|do not|not include|"
                       r"notwithstanding|subject to|conditions?)\b", re.I)
MAX_QUOTE_CHARS = 900


class Answerer(Protocol):
    def answer(self, question: str, retrieval: Retrieval, on_token=None) -> Answer: ...


@dataclass
class _Candidate:
    passage: Passage
    start: int
    end: int
    score: float

    @property
    def text(self) -> str:
        return self.passage.chunk.text[self.start:self.end]


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
            return decline(question, retrieval, "the closest passages do not address the question "
                           f"(best match {best:.2f}, threshold {s.refusal_threshold:.2f})", best)
        weak_words = retrieval.lexical_top is not None and retrieval.lexical_top < s.lexical_threshold
        if weak_words and best < s.semantic_threshold and not named:
            return decline(question, retrieval, "the question shares almost no terms with the corpus and "
                           f"its meaning is not close to any passage (best match {best:.2f})", best)
        main, related = self._choose(candidates)
        return compose(question, retrieval, main, related, best)

    def _candidates(self, passages: list[Passage], qvec) -> list[_Candidate]:
        """Every quotable sentence of the passages, scored by cosine similarity to the
        question with the sentence vectors computed at ingest."""
        if not passages or qvec is None:
            return []
        vectors = self.store.sentence_vectors([p.chunk.id for p in passages])
        out = []
        for p in passages:
            rows = [(a, b, v) for a, b, v in vectors.get(p.chunk.id, [])
                    if not is_instruction(p.chunk.text[a:b])]
            if rows:
                sims = np.asarray([v for _, _, v in rows]) @ np.asarray(qvec)
                out += [_Candidate(p, a, b, float(sim)) for (a, b, _), sim in zip(rows, sims)]
        return out

    def _choose(self, candidates: list[_Candidate]) -> tuple[list[_Candidate], list[_Candidate]]:
        """(main, related) quotes. Every top passage whose best sentence clears the floor is
        quoted once, since retrieval ranked it on more evidence than one sentence carries;
        those close to the best sentence form the answer, the rest are shown as related.
        A provision the question names is quoted from its opening."""
        s = self.settings
        usable = _once_per_document(
            sorted((c for c in candidates if len(c.text) <= MAX_QUOTE_CHARS), key=lambda c: -c.score))
        if not usable:
            return [], []
        best_of: dict[str, _Candidate] = {}
        for c in usable:
            best_of.setdefault(c.passage.chunk.id, c)
        close = max(s.sentence_threshold, usable[0].score - 0.1)
        main = [c for c in best_of.values() if c.score >= close]
        related = [c for c in best_of.values() if s.sentence_threshold <= c.score < close]
        named = [c for c in usable if "citation" in c.passage.via and c.passage.rank == 1]
        if named:
            opening = min(named, key=lambda c: c.start)
            main = [opening] + [c for c in main if c is not opening]
            related = [c for c in related if c is not best_of[opening.passage.chunk.id]]
            if best_of[opening.passage.chunk.id] not in main:
                main.insert(1, best_of[opening.passage.chunk.id])
        for c in usable:  # a second sentence from a passage when it is nearly as strong
            if len(main) >= s.answer_sentences or c.score < close:
                break
            if c not in main and sum(x.passage is c.passage for x in main) < 2:
                main.append(c)
        return main, related


def _once_per_document(candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop a sentence its document already offers word for word, punctuation aside (a web
    page captured in two versions repeats whole paragraphs). The same words in two different
    instruments are kept: that two statutes say it is itself worth citing."""
    seen: set[tuple[str, str]] = set()
    out = []
    for c in candidates:
        key = (c.passage.chunk.doc_id, re.sub(r"[^a-z0-9]+", " ", c.text.lower()).strip())
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _cited_first(retrieval: Retrieval) -> bool:
    return bool(retrieval.passages) and "citation" in retrieval.passages[0].via


def compose(question: str, retrieval: Retrieval, main: list[_Candidate], related: list[_Candidate],
            best: float) -> Answer:
    """Answer text from chosen sentences, each with [n]: the answer (rules before
    conditions), then related passages."""
    order = {p.chunk.id: i for i, p in enumerate(retrieval.passages)}
    main = sorted(main, key=lambda c: (_role(c.text), order[c.passage.chunk.id], c.start))
    related = sorted(related, key=lambda c: order[c.passage.chunk.id])
    numbers: dict[str, int] = {}
    quotes: dict[str, list[Quote]] = {}

    def line(c: _Candidate) -> str:
        cid = c.passage.chunk.id
        n = numbers.setdefault(cid, len(numbers) + 1)
        spans = lead_in(c.passage.chunk.text, c.start) + [(c.start, c.end)]
        for a, b in spans:
            if all(q.start != a for q in quotes.get(cid, [])):
                quotes.setdefault(cid, []).append(Quote(c.passage.chunk.text[a:b], a, b, c.score))
        text = " … ".join(f"“{c.passage.chunk.text[a:b]}”" for a, b in spans)
        return f"- {text} — *{c.passage.chunk.label}* [{n}]"

    lines = ["What the corpus says:", *map(line, main)]
    if related:
        lines += ["", "Related passages:", *map(line, related)]
    by_id = {p.chunk.id: p.chunk for p in retrieval.passages}
    citations = [Citation(n, by_id[cid], tuple(sorted(quotes[cid], key=lambda q: q.start)))
                 for cid, n in numbers.items()]
    notes = [f"[{c.n}] is {' and '.join(c.flags)} text." for c in citations
             if "superseded/historical" in c.flags]
    text = "\n".join(lines + ([""] + notes if notes else []))
    return Answer(question=question, text=text, citations=citations, passages=retrieval.passages,
                  refused=False, query=retrieval.query, scores={"evidence": best})


ENUMERATED = re.compile(r"^\(?[0-9a-zA-Z]{1,4}\)|^[ivx]+\.\s")
BULLET = re.compile(r"\s*[-*•]\s")
MAX_LIST_ITEMS = 6


def lead_in(text: str, start: int) -> list[tuple[int, int]]:
    """What the sentence at `start` depends on, so it is never quoted without it: the sentence
    introducing a list item ("… only if the transfer" before "(2) does not involve …"), or the
    list that a trailing clause completes ("Member States; … Non-Governmental Organizations"
    before "that carry out assistance …")."""
    before = [(a, b) for a, b in sentence_spans(text) if b <= start]
    if ENUMERATED.match(text[start:]):
        for a, b in reversed(before):
            if not ENUMERATED.match(text[a:]):
                return [(a, b)] if len(text[a:b]) <= MAX_QUOTE_CHARS else []
        return []
    if not text[start:start + 1].islower():
        return []
    items: list[tuple[int, int]] = []
    for a, b in reversed(before):
        if not _list_item(text, a):
            break
        items.insert(0, (a, b))
    return items if len(items) <= MAX_LIST_ITEMS else []  # a longer list is better read at its source


def _list_item(text: str, a: int) -> bool:
    line_start = text.rfind("\n", 0, a) + 1
    return bool(BULLET.fullmatch(text[line_start:a])) or bool(ENUMERATED.match(text[a:]))


def _role(sentence: str) -> int:
    """0 for a governing rule, 1 for a condition or exception, 2 for anything else."""
    if RULE.search(sentence) and not CONDITION.search(sentence[:80]):
        return 0
    return 1 if CONDITION.search(sentence) else 2


def decline(question: str, retrieval: Retrieval, reason: str, best: float = 0.0) -> Answer:
    nearest = list(dict.fromkeys(p.chunk.meta.get("title") or p.chunk.doc_id
                                 for p in retrieval.passages[:5]))[:3]
    text = "The corpus does not answer this question, so Carve-out will not guess."
    if nearest:
        text += " The nearest documents it holds are:\n" + "\n".join(f"- {t}" for t in nearest)
    return Answer(question=question, text=text, citations=[], passages=retrieval.passages,
                  refused=True, reason=reason, query=retrieval.query, scores={"evidence": best})
