"""Check a generated answer sentence by sentence against the sources it cites.

A marker that names no source is removed and counted. A sentence without a valid marker
is "no citation". A cited sentence is "supported" only if every number, date, section
or e-mail address in it appears in a cited source, and its meaning is close to a
sentence of a cited source: the cosine of sentence embeddings reaches the threshold, or
reaches a lower floor when that sentence (with its lead-in, label and document title) holds
every content word of the claim and denies what the claim denies. Both are calibrated with
`python -m evals verifier`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

import numpy as np

from carveout.asks import YesNo
from carveout.clauses import terms
from carveout.models import CheckStatus, Chunk, Passage, Quote, SentenceCheck, Verdict, Verification
from carveout.roles import PERMISSIVE, RESTRICTIVE, Role
from carveout.sentences import sentence_spans

TRAILING = re.compile(r"([.!?])((?:\s*\[\d+(?:\s*[,;–-]\s*\d+)*\])+)")  # "… permitted. [1]"
LONG_SENTENCE, WINDOW = 40, 24  # words
MARKERS = re.compile(r"\s*\[(\d+(?:\s*[,;–-]\s*\d+)*)\]")
FACTS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\d[\d,]*(?:\.\d+)*")
# Words of the question a statement may use that its source does not: one, a verb of the
# question ("creates" for "What does § 7817 create?"); two or more restate the case asked
# about as if the source said it ("once the project has ended, the NGO must report …").
BORROWED = 2


# "U. S. Department": a small model spaces out initials; rejoined, they end no sentence.
SPACED_INITIALS = re.compile(r"\b([A-Z])\. (?=[A-Z]\.)")


# "… necessary to the following activities:", "… should include.": a claim that announces a
# list and stops says nothing a reader can act on, however closely it copies its source.
OPENS_LIST = re.compile(
    # "… when they meet the following criteria.": the list announced, none of it given
    r"(?::|—|\b(?:include|includes|following|as follows)|\bthe following(?:\s+[\w-]+){1,2})\W*$",
    re.I,
)
# A claim that breaks off where its object should come ("… has made progress toward.",
# "… or (b) to support other activities …, or."): a small model stops copying mid-clause.
BREAKS_OFF = re.compile(
    # not a paragraph's letter in brackets: "… to carry out subsection (a)." is whole
    r"(?<!\()\b(to|toward|towards|of|for|with|by|from|into|in|on|at|under|than|the|a|an|and|or|nor"
    r"|including|such as)\W*$",
    re.I,
)


# A claim with no verb ("Security Council Resolution 1718 (2006)", "The 1718 Committee
# case-by-case determination.") asserts nothing, however closely it copies a source: any word
# that can be one (an auxiliary, "-ed", "-es", a third-person "-s") counts.
VERB = re.compile(
    r"\b(is|are|was|were|be|been|being|has|have|had|may|must|shall|should|can|could|will|would"
    r"|does|do|did|need|needs)\b|\b\w{3,}(ed|es)\b|\b\w+[^s\W]s\b",
    re.I,
)


# "… (excerpt) — exempts: “Through the comprehensive …”": a claim that repeats how the prompt
# presents a quote (its label, then the role given to the model) copies the prompt, not the law.
ECHOES_PROMPT = re.compile(rf"—\s*({'|'.join(r.value for r in Role)}|states)\s*:", re.I)


# A list item under "Condition A is that … carried out by—", "… in the following circumstances
# only:" or "… assurances from such person that—" is a condition, not a fact: a claim stating
# it as a fact ("the vessel's call was due solely to its distress") needs a word that keeps it
# one ("if", "only", "provided", "condition", …).
SETS_CONDITIONS = re.compile(
    r"\bCondition [A-Z] is that\b|\b(?:circumstances only|provided that|on condition that|if|unless"
    r"|assurances? [^.;]* that|certifies [^.;]* that)\W*$",
    re.I,
)
# A question asking for the conditions ("what is one of the conditions about who may be
# involved?") is answered by stating one: read with it, the sentence is not a fact.
ASKS_CONDITIONS = re.compile(
    r"\b(what|which)\b[^?]{0,40}?\b(conditions?|requirements?|criteria|prerequisites?)\b", re.I
)
KEEPS_CONDITION = re.compile(
    r"\b(if|unless|only|provided|conditions?|circumstances?|subject to|as long as|where|when"
    r"|assur\w*|certif\w*|must|requires?|required)\b",
    re.I,
)


def facts(text: str) -> set[str]:
    """Numbers (commas dropped, so 5,000 = 5000), dates' digits, section numbers, e-mails."""
    return {f.replace(",", "").rstrip(".").lower() for f in FACTS.findall(text)}


# An adverb may stand between ("are actually allowed", "is not legally permitted").
_ADVERB = r"(\w+ly |also |still )?"
POSITIVE = re.compile(
    rf"\b(is|are|would be|remains?|was|were) {_ADVERB}(allowed|permitted|"
    r"authori[sz]ed|covered|exempt(ed)?|lawful|legal)\b|\b(can|may) (lawfully |legally )?(send|ship|pay|do|sign|"
    r"export|provide|proceed|go ahead|donate|buy|rent|travel|carry|import)\b",
    re.I,
)
NEGATIVE = re.compile(
    rf"\b(is|are|would be|was|were) not {_ADVERB}(allowed|permitted|authori[sz]ed|covered|exempt"
    r"|lawful|legal|included)\b"
    rf"|\bnot {_ADVERB}(allowed|permitted)\b|\b(prohibited|forbidden|cannot|can ?not|may not)\b"
    r"|\b(does|do) not (authori[sz]e|cover|allow|permit|include|apply)\b",
    re.I,
)
# The same conclusion in the active voice: "the NGO general licence allows partnerships …",
# "E.O. 13722 prohibits …", "we may start …". Read as the answer only where it can be no
# background: see `active_verdict`.
ACTIVE = (
    (
        Verdict.YES,
        re.compile(r"\b(allows|authori[sz]es)\b|\b(can|may) (start|begin|continue|open)\b", re.I),
    ),
    (Verdict.NO, re.compile(r"\b(prohibits|forbids)\b", re.I)),
)
# "Nothing in this section authorizes …", "No general license allows …": the opposite.
DENIED = re.compile(r"\b(nothing|no|never|not|neither|nor)\b", re.I)


# "Yes, …", "No." and "Only if …" answer a question; "No vessel may …" states a rule.
ANSWER_WORD = re.compile(r"\s*(yes|no)\b(?=\s*[,.;:!—–-]|\s*$)|\s*(only if)\b", re.I)


def verdict(claim: str) -> Verdict | None:
    """The conclusion a sentence states, if it states one: its first word ("Yes", "No")
    decides, else the first allowing or forbidding phrase."""
    if word := ANSWER_WORD.match(claim):
        return Verdict.NO if (word.group(1) or "").lower() == "no" else Verdict.YES
    found = [
        (m.start(), v)
        for v, p in ((Verdict.YES, POSITIVE), (Verdict.NO, NEGATIVE))
        if (m := p.search(claim))
    ]
    return min(found)[1] if found else None


def active_verdict(claim: str) -> Verdict | None:
    """The conclusion an active-voice sentence states ("The NGO GL allows partnerships with
    …"), None when a denial comes before its verb, whose meaning it would turn round."""
    found = [(m.start(), v) for v, p in ACTIVE if (m := p.search(claim))]
    if not found:
        return None
    start, v = min(found)
    return None if DENIED.search(claim[:start]) else v


@dataclasses.dataclass(frozen=True)
class Grounds:
    """What the verdict check knows of the sources given to the model, numbered from 1."""

    roles: tuple[Role | None, ...] = ()  # each source's role (what applies), None if it states
    restricting: frozenset[int] = frozenset()  # exclude or prohibit the very case asked about
    conditional: frozenset[int] = frozenset()  # open a list (of conditions) given in part
    excepted: frozenset[int] = frozenset()  # "Except as provided in paragraph (d)", (d) not given
    # Its own exception names the case asked about ("other than food or medicine designated
    # as EAR99", asked of EAR99 food): a verdict resting on its rule is wrong for the case.
    spares: frozenset[int] = frozenset()
    relevant: frozenset[int] = frozenset()  # share the question's telling terms
    asks: YesNo = YesNo.PERMISSION  # what a "Yes" to the question asserts


def _judge_verdict(
    check: SentenceCheck, claim: str, grounds: Grounds, v: Verdict | None
) -> SentenceCheck:
    """A verdict must rest on sources whose roles allow it, whatever its wording shares with
    them. A verdict that the case may go ahead ("Yes, …"; "No" to "do we need a licence?")
    needs a cited authorisation or exemption that speaks of the case asked about, with its
    conditions given, and no source given to the model that excludes or prohibits on the
    question's telling terms: a small model cannot be trusted to have weighed such a clause
    against the case (a donation under the remittance licence, a business under the family
    remittance), so the answer falls back to the quotes, which show it. A verdict that it may
    not needs a cited prohibition or exclusion (or, for a requirement, a duty) that speaks of
    the case. A verdict on what a text says is judged by that text (_judge_statement)."""
    if v is None:
        return check
    check = dataclasses.replace(check, verdict=v)
    roles = grounds.roles
    if check.status == CheckStatus.UNCITED or not roles:
        return check
    if (own := _answer_of(check.evidence)) and own != v:
        return dataclasses.replace(
            check,
            status=CheckStatus.UNSUPPORTED,
            reason=f'says {v} where [{check.source}], which it restates, answers "{own}"',
        )
    if grounds.asks == YesNo.OPEN and ANSWER_WORD.match(claim):
        return dataclasses.replace(
            check,
            status=CheckStatus.UNSUPPORTED,
            reason=f"answers {check.verdict} to a question that asks what, how or which",
        )
    if grounds.asks in (YesNo.STATEMENT, YesNo.OPEN):
        return _judge_statement(check, claim)
    cited = {n: roles[n - 1] if n <= len(roles) else None for n in check.markers}
    if spared := sorted(set(cited) & grounds.spares):
        return dataclasses.replace(
            check,
            status=CheckStatus.UNSUPPORTED,
            reason=f"[{spared[0]}] makes an exception for the case asked about",
        )
    if (v == Verdict.YES) != (grounds.asks == YesNo.REQUIREMENT):  # the case may go ahead
        against = sorted(
            set(grounds.restricting)
            | {n for n, r in enumerate(roles, 1) if r in RESTRICTIVE and n in grounds.relevant}
        )
        why = _unfounded_yes({n for n, r in cited.items() if r in PERMISSIVE}, grounds)
    else:
        stopping = RESTRICTIVE + ((Role.REQUIRES,) if grounds.asks == YesNo.REQUIREMENT else ())
        against = [] if grounds.restricting else [n for n, r in cited.items() if r in PERMISSIVE]
        if len(against) < len(cited):  # citing anything but authorisations
            against = []
        found = {n for n, r in cited.items() if r in stopping}
        why = (
            ""
            if found & (grounds.relevant | grounds.restricting)
            else f"no cited source {' or '.join(stopping)} the case asked about"
        )
    if against:
        what = "; ".join(f"[{n}] {roles[n - 1]}" for n in against if n <= len(roles))
        return dataclasses.replace(
            check, status=CheckStatus.UNSUPPORTED, reason=f"contradicts {what}"
        )
    if why:
        return dataclasses.replace(
            check, status=CheckStatus.UNSUPPORTED, reason=f"{why}, so the {v} cannot be checked"
        )
    return check


# An answer's own "Yes." or "No." (an FAQ's), in front of the sentence or as the sentence before.
OWN_ANSWER = re.compile(r"(?:^|\n)\s*(yes|no)\.\s*$", re.I)


def _answer_of(evidence: Quote | None) -> Verdict | None:
    """The "Yes" or "No" a source sentence itself opens with ("Yes. All property … of the
    Government of North Korea … are blocked."): a verdict restating that sentence must
    agree with it, whatever its roles allow."""
    if evidence is None:
        return None
    word = ANSWER_WORD.match(evidence.text)
    said = word.group(1) if word and word.group(1) else None
    if not said and (before := OWN_ANSWER.search(evidence.chunk.text[: evidence.start])):
        said = before.group(1)
    if not said:
        return None
    return Verdict.NO if said.lower() == "no" else Verdict.YES


def _judge_statement(check: SentenceCheck, claim: str) -> SentenceCheck:
    """A "Yes"/"No" to what a text says ("Does 'humanitarian assistance' include shelter?",
    "Did the Committee say …?") asserts nothing about a role: it stands if what it restates
    is supported and agrees in negation with the sentence supporting it. Sentence vectors
    barely see a "not" ("payments are a violation" sits next to "are not a violation")."""
    if check.status != CheckStatus.SUPPORTED or check.evidence is None:
        return check
    if _negated(claim) == _negated(_with_lead_in(check.evidence)):
        return check
    return dataclasses.replace(
        check,
        status=CheckStatus.UNSUPPORTED,
        reason=f"negates what [{check.source}] says, so the {check.verdict} cannot be checked",
    )


def _unfounded_yes(granting: set[int], grounds: Grounds) -> str:
    """Why a "the case may go ahead" verdict citing the authorisations `granting` cannot be
    checked; "" when it can."""
    if not granting:
        return "no cited source authorises or exempts"
    if not granting & grounds.relevant:
        return "no cited authorisation speaks of the case asked about"
    open_ended = granting & grounds.conditional
    if open_ended:
        return f"[{min(open_ended)}] opens a list of conditions the model was not given"
    excepted = granting & grounds.excepted
    if excepted:
        return f"[{min(excepted)}] is subject to exceptions the model was not given"
    return ""


def _with_lead_in(quote: Quote) -> str:
    """A sentence with the lead-in it depends on: under "This section does not authorize the
    following:", "(ii) The lease of capacity …" is denied."""
    return " ".join(
        [quote.chunk.text[a:b] for a, b in quote.chunk.lead_in(quote.start)] + [quote.text]
    )


# "Not later than 180 days" and "no fewer than 30 days" bound a number; they deny nothing.
NEGATION = re.compile(
    r"\b(?:not|no)\b(?!\s+(?:later|earlier|sooner|less|more|fewer|greater)\s+than\b)"
    r"|\b(never|neither|nor|cannot|none)\b|n't\b",
    re.I,
)


def _a_condition(sentence: Quote) -> bool:
    """Whether the sentence is an item of a list its lead-in makes a set of conditions."""
    spans = sentence.chunk.lead_in(sentence.start)
    if not spans:
        return False
    a, b = spans[-1]
    return bool(SETS_CONDITIONS.search(sentence.chunk.text[a:b].rstrip()))


def _negated(text: str) -> bool:
    """Whether a sentence denies, a leading "Yes,"/"No," aside."""
    return bool(NEGATION.search(_without_answer_word(text)))


def _without_answer_word(claim: str) -> str:
    """The claim after its "Yes,"/"No,": what must be supported."""
    word = ANSWER_WORD.match(claim)
    return claim[word.end() :].lstrip(" ,.;:!—–-") if word and word.group(1) else claim


# The commas a run of markers leaves behind ("shelter [1], [2], [3]." → "shelter,,.").
LEFT_COMMAS = re.compile(r"\s*[,;](?:\s*[,;])*\s*(?=[.!?]?\s*$)|(?<=[,;])(?:\s*[,;])+")


def split_markers(sentence: str) -> tuple[str, list[int]]:
    numbers = []
    for group in MARKERS.findall(sentence):
        numbers += [int(n) for n in re.findall(r"\d+", group)]
    return LEFT_COMMAS.sub("", MARKERS.sub("", sentence)).strip(), numbers


class Verifier:
    def __init__(
        self, embedder, store, threshold: float, floor: float | None = None, examples: str = ""
    ):
        self.embedder = embedder
        self.store = store
        self.threshold = threshold
        self.floor = threshold if floor is None else floor
        self.example_terms = terms(examples)  # the words of the prompt's worked examples

    def verify(
        self,
        text: str,
        sources: list[Passage],
        grounds: Grounds = Grounds(),
        question: str = "",
        lines: Sequence[tuple[Quote, str]] = (),
    ) -> Verification:
        """Each sentence of `text` checked against the sources it cites. A sentence stating a
        verdict ("Yes, …", "… is not allowed") must also agree with the `grounds` (the sources'
        roles and how they bear on the case), else it is unsupported (_judge_verdict)."""
        vectors = self._with_lines(
            self.with_windows(self.store.sentence_vectors([p.chunk for p in sources])), lines
        )
        checks, invalid, said, concluded = [], 0, set(), False
        # Words a sentence may share with the worked examples: those of the question and of
        # the sources given, where an example's words are the case's own.
        given = terms(question).union(*(terms(_source_text(p.chunk)) for p in sources))
        conditions = bool(ASKS_CONDITIONS.search(question))
        text = TRAILING.sub(r"\2\1", text)  # a marker after the full stop belongs to that sentence
        text = SPACED_INITIALS.sub(r"\1.", text)
        for a, b in sentence_spans(text):
            raw = text[a:b].strip()
            claim, numbers = split_markers(raw)
            words = " ".join(claim.lower().split())
            if not claim or words in said:
                continue  # a small model may loop and repeat itself: each sentence is said once
            said.add(words)
            # An active-voice permission is the answer only to a question asking whether the
            # case may go ahead, and only before any other verdict: after "No, …" it is
            # background ("The remittance authorization allows … up to $5,000").
            v = verdict(claim) or (
                active_verdict(claim)
                if grounds.asks == YesNo.PERMISSION and not concluded
                else None
            )
            concluded = concluded or v is not None
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
                copied = self._copied(claim, given)
                checks.append(
                    SentenceCheck(
                        shown,
                        CheckStatus.UNCITED,
                        reason=copied or why,
                        verdict=v,
                        copied=bool(copied),
                    )
                )
                continue
            # "Yes," / "No," carry the verdict, judged below; the rest is what must be supported.
            content = _without_answer_word(claim) or claim
            # Only a verdict judged by roles may lean on the question: restating it proves
            # nothing about what a text says, so there only the quotes can support it.
            asked = (
                question
                if v
                and grounds.asks in (YesNo.PERMISSION, YesNo.REQUIREMENT)
                and all(grounds.roles[n - 1] for n in valid if n <= len(grounds.roles))
                else ""
            )
            check = self._check(shown, content, valid, sources, vectors, asked, conditions)
            if not v:  # a verdict's citation decides its roles: never moved
                if check.status == CheckStatus.UNSUPPORTED:
                    check = self._recited(check, claim, content, sources, vectors, conditions)
                if check.status == CheckStatus.SUPPORTED:
                    check = _not_from_question(check, content, question, sources)
            # however it is supported, by the source it cites or by another it restates
            check = _not_reversed(_judge_verdict(check, claim, grounds, v), claim)
            if copied := self._copied(claim, given):
                check = dataclasses.replace(
                    check, status=CheckStatus.UNSUPPORTED, reason=copied, copied=True
                )
            checks.append(check)
        return Verification(checks, invalid)

    def _copied(self, claim: str, given: frozenset[str]) -> str:
        """Why the claim repeats a worked example ("" when it does not): it uses words of the
        examples that neither the question nor any source given holds. A small model copies
        an example's answer ("applicants may be eligible for a Special Validation Passport")
        into an answer about something else; cited, such a sentence can still pass as one
        of a few, so it is caught here by its words, whatever it cites."""
        taken = (terms(claim) & self.example_terms) - given
        if len(taken) < BORROWED:
            return ""
        return (
            f"takes {quoted_words(claim, taken)} from a worked example of the prompt; "
            "no quote given says it"
        )

    def _recited(
        self,
        check: SentenceCheck,
        claim: str,
        content: str,
        sources: list[Passage],
        vectors: dict,
        conditions: bool = False,
    ) -> SentenceCheck:
        """A statement the source it cites does not support, moved to the source given to
        the model that supports it best, if one does: a small model often puts the number
        of the quote next to the one it restates. Never a verdict: its citation decides its
        roles."""
        others = (
            self._check(f"{claim} [{n}]", content, (n,), sources, vectors, "", conditions)
            for n in range(1, len(sources) + 1)
            if n not in check.markers
        )
        supported = [c for c in others if c.status == CheckStatus.SUPPORTED]
        if not supported:
            return check
        best = max(supported, key=lambda c: c.similarity or 0.0)
        cited = ", ".join(f"[{n}]" for n in check.markers)
        return dataclasses.replace(
            best, reason=f"the model cited {cited}; [{best.source}] says this"
        )

    def _with_lines(self, vectors: dict, lines: Sequence[tuple[Quote, str]]) -> dict:
        """Add a vector for each list item the model was shown with its lead-in ("Requests
        are to be submitted … containing the following elements: … Reasons for …"): a
        sentence joining the two is supported by the line, though by neither part alone.
        Each keeps the span of the item."""
        lines = [(quote, text) for quote, text in lines if quote.chunk.id in vectors]
        if not lines:
            return vectors
        out = {cid: list(rows) for cid, rows in vectors.items()}
        for (quote, _), vec in zip(lines, self.embedder.encode([t for _, t in lines])):
            out[quote.chunk.id].append((quote, vec))
        return out

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
        self,
        claim: str,
        cited,
        sources: list[Passage],
        vectors,
        question: str = "",
        conditions: bool = False,
    ) -> Closest:
        """What the cited sources (and the question, when given) hold of `claim`."""
        texts = question + " " + " ".join(_source_text(sources[n - 1].chunk) for n in cited)
        missing = sorted(facts(claim) - facts(texts))
        qvec = self.embedder.encode_one(claim)
        best, where = -1.0, None
        for n in cited:
            for sentence, vec in vectors.get(sources[n - 1].chunk.id, []):
                sim = float(np.dot(vec, qvec))
                if sim > best:
                    best, where = sim, (n, sentence)
        # Only a claim below the threshold needs a sentence holding its words.
        held = (
            holding(claim, cited, sources, vectors) if self.floor <= best < self.threshold else None
        )
        n, sentence = self._support(best, where, held) or (None, None)
        return Closest(
            missing,
            best,
            where,
            held,
            bool(OPENS_LIST.search(claim) or BREAKS_OFF.search(claim)) or not VERB.search(claim),
            sentence is not None
            and _a_condition(sentence)
            and not KEEPS_CONDITION.search(claim)
            and not conditions,
            bool(ECHOES_PROMPT.search(claim)),
        )

    def _unsupported(self, found: Closest, best: float, n: int | None) -> str:
        """Why a claim is unsupported ("" when it is supported)."""
        if found.missing:
            return f"not in the cited source: {', '.join(found.missing)}"
        if found.echoes_prompt:
            return "repeats the prompt's heading of a quote, not the text it cites"
        if found.says_nothing:
            return (
                "states nothing (no verb, a list announced and none of its items given, or it "
                "breaks off mid-clause)"
            )
        if found.as_fact:
            return f"states as a fact what [{n}] sets as a condition"
        if best < self.threshold and not found.held:
            return f"no cited sentence says this (closest {best:.2f} < {self.threshold:.2f})"
        return ""

    def _support(self, best: float, where, held):
        """The sentence that supports a claim: the most similar one, else one holding its words."""
        return (where if best >= self.threshold else held) or where

    def _check(
        self, shown, claim, cited, sources, vectors, question: str = "", conditions: bool = False
    ) -> SentenceCheck:
        """`question` is given for a verdict whose cited quotes all have a known role: such a
        sentence may restate the case asked about ("Yes, the UK exception covers our work"), the
        role of what it cites deciding whether it may conclude so (_judge_verdict).
        `conditions`: the question asks for conditions, so stating one is no fact."""
        found = self.evidence(claim, cited, sources, vectors, question, conditions)
        best = found.similarity
        if question and not found.missing and best < self.threshold:
            asked = float(
                np.dot(self.embedder.encode_one(claim), self.embedder.encode_one(question))
            )
            best = max(best, asked)
        n, sentence = self._support(found.similarity, found.where, found.held) or (None, None)
        why = self._unsupported(found, best, n)
        if why:
            return SentenceCheck(shown, CheckStatus.UNSUPPORTED, cited, why, best, sentence, n)
        return SentenceCheck(
            shown, CheckStatus.SUPPORTED, cited, similarity=best, evidence=sentence, source=n
        )


@dataclasses.dataclass(frozen=True)
class Closest:
    """What the sources a claim cites hold of it."""

    missing: list[str]  # its facts (numbers, dates, sections, e-mails) they lack
    similarity: float  # of the most similar cited sentence (or word window)
    where: tuple[int, Quote] | None  # (n, that sentence)
    # (n, a sentence at least `floor` similar that holds all its words and denies as it does)
    held: tuple[int, Quote] | None = None
    says_nothing: bool = False  # no verb, or it ends where its list or object should begin
    as_fact: bool = False  # it states as a fact what that sentence's lead-in sets as a condition
    echoes_prompt: bool = False  # it repeats a quote's heading in the prompt ("— exempts:")


def holding(claim: str, cited, sources: list[Passage], vectors) -> tuple[int, Quote] | None:
    """The first cited sentence that holds every content word of `claim`, read with its
    lead-in, its passage's label and its document's title ("Resolution 2664 was adopted on 9
    December 2022" in "Adopted by the Security Council at its 9214th meeting, on 9 December
    2022" of resolution 2664), and that denies exactly when the claim denies: sentence vectors
    of a small embedding model miss such restatements (0.50 here), word overlap misses a
    flipped "not"."""
    words = terms(claim)
    if not words:
        return None
    for n in cited:
        chunk = sources[n - 1].chunk
        frame = terms(f"{chunk.label} {chunk.context} {chunk.doc.title} {chunk.doc.citation}")
        for sentence, _ in vectors.get(chunk.id, []):
            said = _with_lead_in(sentence)
            if words <= terms(said) | frame and _negated(said) == _negated(claim):
                return n, sentence
    return None


# A party named by a run of capitalised words ("the World Food Program", "the Government of
# North Korea"), without the word opening the sentence ("Although United States …").
PARTY = re.compile(r"\b[A-Z][a-z]+(?: (?:of |the )*[A-Z][a-z]+)+\b")
_OPENER = re.compile(r"^(?:(?:The|Although|If|When|While|Since|Because|Under|In|Yes|No|A|An) )+")


def _parties(text: str) -> list[tuple[int, str]]:
    out = []
    for m in PARTY.finditer(text):
        name = _OPENER.sub("", m.group())
        if " " in name:
            out.append((m.end() - len(name), name))
    return out


def _lemma(word: str) -> str:
    """A verb's form reduced enough to meet its other forms ("denied", "denies" → "deny")."""
    word = word.lower()
    for end, root in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(end) and len(word) - len(end) >= 3:
            return word[: len(word) - len(end)] + root
    return word


def reversed_parties(claim: str, source: str) -> tuple[str, list[str]] | None:
    """(the verb, the parties) when the claim puts two parties the source names on the other
    sides of a word they share: "The World Food Program has denied the United States access"
    restating "… the Government of North Korea continues to deny the World Food Program forms
    of access", where the United States gave the food. Sentence vectors do not see who does
    what to whom."""
    at = {}
    for m in re.finditer(r"[a-z]{4,}", source):
        at.setdefault(_lemma(m.group()), []).append(m.start())
    named = {}
    for pos, name in _parties(source):
        named.setdefault(name.lower(), []).append(pos)
    claimed = _parties(claim)
    for m in re.finditer(r"[a-z]{4,}", claim):
        where = at.get(_lemma(m.group()), [])
        if len(where) != 1:
            continue
        sides = {
            name: (pos < m.start(), named[name.lower()][0] < where[0])
            for pos, name in claimed
            if len(named.get(name.lower(), [])) == 1
        }
        moved = [name for name, (said, source_side) in sides.items() if said != source_side]
        if any(sides[n][0] for n in moved) and any(not sides[n][0] for n in moved):
            return m.group(), moved
    return None


def _not_reversed(check: SentenceCheck, claim: str) -> SentenceCheck:
    if check.status != CheckStatus.SUPPORTED or check.evidence is None:
        return check
    found = reversed_parties(claim, check.evidence.text)
    if not found:
        return check
    verb, parties = found
    return dataclasses.replace(
        check,
        status=CheckStatus.UNSUPPORTED,
        reason=(
            f"puts {' and '.join(repr(p) for p in parties)} on the other sides of "
            f"'{verb}' from [{check.source}], which it restates"
        ),
    )


def _not_from_question(
    check: SentenceCheck, claim: str, question: str, sources: list[Passage]
) -> SentenceCheck:
    """A statement close in meaning to its source can still put the question's premise into
    the source's mouth: sentence vectors barely see the clause that does it."""
    said = " ".join(_source_text(sources[n - 1].chunk) for n in check.markers)
    taken = (terms(claim) & terms(question)) - terms(said)
    if len(taken) < BORROWED:
        return check
    return dataclasses.replace(
        check,
        status=CheckStatus.UNSUPPORTED,
        reason=(
            f"takes {quoted_words(claim, taken)} from the question; the cited source does not say it"
        ),
    )


def quoted_words(claim: str, taken: set[str]) -> str:
    """The claim's words whose terms are `taken`, quoted: "'Congress', 'expects'"."""
    words = sorted({w for w in re.findall(r"[A-Za-z][\w-]*", claim) if w.lower()[:5] in taken})
    return ", ".join(repr(w) for w in words)


def _source_text(chunk: Chunk) -> str:
    """What a reader sees of a source: its label, context, its document's title, citation
    and date (a claim may name the year of a letter), and its text."""
    d = chunk.doc
    return f"{chunk.label} {chunk.context} {d.title} {d.citation} {d.issued} {chunk.text}"
