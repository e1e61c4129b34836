"""Check a generated answer sentence by sentence against the sources it cites.

A marker that names no source is removed and counted. A sentence without a valid marker
is "no citation". A cited sentence is "supported" only if every number, date, section
or e-mail address in it appears in a cited source, and its meaning is close to a
sentence of a cited source (cosine of sentence embeddings, threshold calibrated with
`python -m evals verifier`).
"""

from __future__ import annotations

import re

import numpy as np

from carveout.models import CheckStatus, Passage, Quote, SentenceCheck, Verification
from carveout.sentences import sentence_spans

TRAILING = re.compile(r"([.!?])((?:\s*\[\d+(?:\s*[,;–-]\s*\d+)*\])+)")  # "… permitted. [1]"
LONG_SENTENCE, WINDOW = 40, 24  # words
MARKERS = re.compile(r"\s*\[(\d+(?:\s*[,;–-]\s*\d+)*)\]")
FACTS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\d[\d,]*(?:\.\d+)*")


def facts(text: str) -> set[str]:
    """Numbers (commas dropped, so 5,000 = 5000), dates' digits, section numbers, e-mails."""
    return {f.replace(",", "").rstrip(".").lower() for f in FACTS.findall(text)}


def split_markers(sentence: str) -> tuple[str, list[int]]:
    numbers = []
    for group in MARKERS.findall(sentence):
        numbers += [int(n) for n in re.findall(r"\d+", group)]
    return MARKERS.sub("", sentence).strip(), numbers


class Verifier:
    def __init__(self, embedder, store, threshold: float):
        self.embedder = embedder
        self.store = store
        self.threshold = threshold

    def verify(self, text: str, sources: list[Passage]) -> Verification:
        vectors = self.with_windows(self.store.sentence_vectors([p.chunk for p in sources]))
        checks, invalid = [], 0
        text = TRAILING.sub(r"\2\1", text)  # a marker after the full stop belongs to that sentence
        for a, b in sentence_spans(text):
            raw = text[a:b].strip()
            claim, numbers = split_markers(raw)
            if not claim:
                continue
            valid = tuple(dict.fromkeys(n for n in numbers if 1 <= n <= len(sources)))
            bad = sorted({n for n in numbers if not 1 <= n <= len(sources)})
            invalid += len(numbers) - len([n for n in numbers if 1 <= n <= len(sources)])
            shown = claim + "".join(f" [{n}]" for n in valid)
            if not valid:
                why = (
                    f"cited [{'], ['.join(map(str, bad))}], which is not one of the {len(sources)} sources"
                    if bad
                    else "no [n] marker"
                )
                checks.append(SentenceCheck(shown, CheckStatus.UNCITED, reason=why))
                continue
            checks.append(self._check(shown, claim, valid, sources, vectors))
        return Verification(checks, invalid)

    def with_windows(self, vectors: dict[str, list[tuple[Quote, object]]]) -> dict:
        """Add vectors of overlapping word windows inside long sentences: a claim usually
        restates one clause of a 90-word legal sentence, and a whole-sentence vector
        dilutes that clause. Each window keeps the span of its enclosing sentence."""
        sentences, texts = [], []
        for rows in vectors.values():
            for sentence, _ in rows:
                words = [(m.start(), m.end()) for m in re.finditer(r"\S+", sentence.text)]
                if len(words) <= LONG_SENTENCE:
                    continue
                for i in range(0, len(words) - WINDOW // 2, WINDOW // 2):
                    j = min(i + WINDOW, len(words)) - 1
                    sentences.append(sentence)
                    texts.append(sentence.text[words[i][0] : words[j][1]])
        if not texts:
            return vectors
        out = {cid: list(rows) for cid, rows in vectors.items()}
        for sentence, vec in zip(sentences, self.embedder.encode(texts)):
            out[sentence.chunk.id].append((sentence, vec))
        return out

    def evidence(
        self, claim: str, cited, sources: list[Passage], vectors
    ) -> tuple[list[str], float, tuple[int, Quote] | None]:
        """(facts missing from the cited sources, best similarity, (n, that sentence))."""
        texts = " ".join(
            f"{sources[n - 1].chunk.label} {sources[n - 1].chunk.context} {sources[n - 1].chunk.text}"
            for n in cited
        )
        missing = sorted(facts(claim) - facts(texts))
        qvec = self.embedder.encode_one(claim)
        best, where = -1.0, None
        for n in cited:
            for sentence, vec in vectors.get(sources[n - 1].chunk.id, []):
                sim = float(np.dot(vec, qvec))
                if sim > best:
                    best, where = sim, (n, sentence)
        return missing, best, where

    def _check(self, shown, claim, cited, sources, vectors) -> SentenceCheck:
        missing, best, where = self.evidence(claim, cited, sources, vectors)
        n, sentence = where or (None, None)
        if missing:
            return SentenceCheck(
                shown,
                CheckStatus.UNSUPPORTED,
                cited,
                f"not in the cited source: {', '.join(missing)}",
                best,
                sentence,
                n,
            )
        if best < self.threshold:
            return SentenceCheck(
                shown,
                CheckStatus.UNSUPPORTED,
                cited,
                f"no cited sentence says this (closest {best:.2f} < {self.threshold:.2f})",
                best,
                sentence,
                n,
            )
        return SentenceCheck(
            shown, CheckStatus.SUPPORTED, cited, similarity=best, evidence=sentence, source=n
        )
