"""Check a generated answer sentence by sentence against the sources it cites.

A marker that names no source is removed and counted. A sentence without a valid marker
is "no citation". A cited sentence is "supported" only if every number, date, section
or e-mail address in it appears in a cited source, and its meaning is close to a
sentence of a cited source (cosine of sentence embeddings, threshold calibrated with
`python -m evals verifier`).
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np

from carveout.models import CheckStatus, Passage, Quote, SentenceCheck, Verdict, Verification
from carveout.roles import PERMISSIVE, RESTRICTIVE, Role
from carveout.sentences import sentence_spans

TRAILING = re.compile(r"([.!?])((?:\s*\[\d+(?:\s*[,;–-]\s*\d+)*\])+)")  # "… permitted. [1]"
LONG_SENTENCE, WINDOW = 40, 24  # words
MARKERS = re.compile(r"\s*\[(\d+(?:\s*[,;–-]\s*\d+)*)\]")
FACTS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\d[\d,]*(?:\.\d+)*")


def facts(text: str) -> set[str]:
    """Numbers (commas dropped, so 5,000 = 5000), dates' digits, section numbers, e-mails."""
    return {f.replace(",", "").rstrip(".").lower() for f in FACTS.findall(text)}


POSITIVE = re.compile(
    r"^\s*(yes|only if)\b|\b(is|are|would be|remains?|was|were) (generally |also )?(allowed|permitted|"
    r"authori[sz]ed|covered|exempt(ed)?|lawful|legal)\b|\b(can|may) (lawfully |legally )?(send|ship|pay|do|sign|"
    r"export|provide|proceed|go ahead|donate|buy|rent|travel|carry|import)\b",
    re.I,
)
NEGATIVE = re.compile(
    r"^\s*no\b|\b(is|are|would be|was|were) not (allowed|permitted|authori[sz]ed|covered|exempt|lawful|legal|"
    r"included)\b|\b(not allowed|not permitted|prohibited|forbidden|cannot|can ?not|may not)\b"
    r"|\b(does|do) not (authori[sz]e|cover|allow|permit|include|apply)\b",
    re.I,
)


def verdict(claim: str) -> Verdict | None:
    """The conclusion a sentence states, if it states one: its first word ("Yes", "No")
    decides, else the first allowing or forbidding phrase."""
    if re.match(r"\s*(yes|only if)\b", claim, re.I):
        return Verdict.YES
    if re.match(r"\s*no\b", claim, re.I):
        return Verdict.NO
    found = [
        (m.start(), v)
        for v, p in ((Verdict.YES, POSITIVE), (Verdict.NO, NEGATIVE))
        if (m := p.search(claim))
    ]
    return min(found)[1] if found else None


def _judge_verdict(
    check: SentenceCheck, claim: str, roles, restricting: frozenset[int]
) -> SentenceCheck:
    """A verdict that contradicts the sources' roles is unsupported, whatever its wording
    shares with them: a "Yes" resting on an exclusion, a "No" resting on an authorisation,
    or a "Yes" while a source excludes or prohibits the very case asked about."""
    v = verdict(claim)
    if v is None:
        return check
    check = dataclasses.replace(check, verdict=v)
    if check.status == CheckStatus.UNCITED or not roles:
        return check
    cited = [roles[n - 1] if n <= len(roles) else None for n in check.markers]
    against: list[int] = []
    if v == Verdict.YES:
        against = sorted(restricting) or [
            n for n, r in zip(check.markers, cited) if r in RESTRICTIVE
        ]
        if not restricting and not all(r in RESTRICTIVE for r in cited):
            against = []
    elif not restricting and cited and all(r in PERMISSIVE for r in cited):
        against = list(check.markers)
    if not against:
        return check
    what = "; ".join(f"[{n}] {roles[n - 1]}" for n in against if n <= len(roles))
    return dataclasses.replace(check, status=CheckStatus.UNSUPPORTED, reason=f"contradicts {what}")


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

    def verify(
        self,
        text: str,
        sources: list[Passage],
        roles: list[Role | None] = (),
        restricting: frozenset[int] = frozenset(),
        question: str = "",
    ) -> Verification:
        """Each sentence of `text` checked against the sources it cites. `roles` are the
        sources' roles (what applies); `restricting` numbers the sources that exclude or
        prohibit the very case asked about. A sentence stating a verdict ("Yes, …",
        "… is not allowed") must agree with them, else it is unsupported: "contradicts [n]"."""
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
                checks.append(
                    SentenceCheck(shown, CheckStatus.UNCITED, reason=why, verdict=verdict(claim))
                )
                continue
            # "Yes," / "No," carry the verdict, judged below; the rest is what must be supported.
            content = re.sub(r"^\s*(yes|no)\s*,\s*", "", claim, flags=re.I) or claim
            asked = (
                question
                if verdict(claim) and all(roles[n - 1] for n in valid if n <= len(roles))
                else ""
            )
            check = self._check(shown, content, valid, sources, vectors, asked)
            checks.append(_judge_verdict(check, claim, roles, restricting))
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
        self, claim: str, cited, sources: list[Passage], vectors, question: str = ""
    ) -> tuple[list[str], float, tuple[int, Quote] | None]:
        """(facts missing from the cited sources (and the question, when given), best
        similarity, (n, that sentence))."""
        texts = (
            question
            + " "
            + " ".join(
                f"{sources[n - 1].chunk.label} {sources[n - 1].chunk.context} {sources[n - 1].chunk.text}"
                for n in cited
            )
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

    def _check(self, shown, claim, cited, sources, vectors, question: str = "") -> SentenceCheck:
        """`question` is given for a verdict whose cited quotes all have a known role: such a
        sentence may restate the case asked about ("Yes, the UK exception covers our work"), the
        role of what it cites deciding whether it may conclude so (_judge_verdict)."""
        missing, best, where = self.evidence(claim, cited, sources, vectors, question)
        if question and not missing and best < self.threshold:
            asked = float(
                np.dot(self.embedder.encode_one(claim), self.embedder.encode_one(question))
            )
            best = max(best, asked)
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
