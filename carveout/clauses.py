"""Deciding clauses: the condition, exception or exclusion next to a quoted rule that decides
the asker's case ("remittances do not include … a family-owned business" beside "remittances
are authorized"). A clause is quoted with its rule when it limits the rule (carveout/roles.py
LIMITS) within the same section, and either shares an uncommon term of the question that the
rule lacks, or takes out what the rule grants (an exclusion about the rule's own subject)."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from carveout.models import Chunk, Quote
from carveout.roles import Role, limits, role_of

MAX_PER_RULE = 2
# A footnote qualifies the text of its passage ("*except United Nations agencies, the ICRC,
# IFRC, and the IOC who can continue submitting exemption requests directly …"), even where
# the source copy has lost its marker: it limits that text as an exception does.
FOOTNOTE = re.compile(r"^\*(?=[A-Za-z])")
# Shared terms this telling (summed inverse document frequency) tie a sentence to the case:
# one term found in about one passage in thirty, or two commoner ones; not "license" alone.
TELLING = 3.4
COMMON_SHARE = 0.15  # a term in more than this share of passages says nothing about the case
STOP = set(
    """about above after again against also among been before being below between both
can could does doing done down during each either every from further have having here into
itself just like made make many more most much must need needs only other over same shall
should some such than that their them then there these they this those through under until
upon very what when where which while whom whose will with within without would your yours
ours ourselves ours were what""".split()
    # How a question is said, not what it is about: "what does it actually exempt?"
    + "actually basically exactly really just still even ever needed".split()
)


@lru_cache(maxsize=16384)  # passages' sentences recur across questions
def terms(text: str) -> frozenset[str]:
    """Content words cut to five letters, so "remittance" and "remittances" meet; a
    four-letter word's plural loses its "s", so "year" and "fiscal years" meet too."""
    return frozenset(
        _term(w) for w in re.findall(r"[a-z][a-z-]{3,}", text.lower()) if w not in STOP
    )


def _term(word: str) -> str:
    if len(word) == 5 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:4]
    return word[:5]


@lru_cache(maxsize=4096)
def terms_and_parts(text: str) -> frozenset[str]:
    """The terms, and the parts of hyphenated words: "asset-freeze etc." speaks of a freeze.
    A hyphenated word also counts closed up, as the corpus spells it elsewhere: the UK's
    "non-governmental organisations" are the US rules' "nongovernmental organizations"."""
    hyphenated = re.findall(r"[a-z]+-[a-z-]+", text.lower())
    parts = " ".join(w.replace("-", " ") for w in hyphenated)
    closed = " ".join(w.replace("-", "") for w in hyphenated)
    return terms(text) | terms(parts) | terms(closed)


PHRASE_STOP = STOP | set("and are for has may not the was any all its per".split())


@lru_cache(maxsize=16384)
def phrases(text: str, names: bool = True) -> frozenset[str]:
    """Pairs of adjacent words, lowercased, neither a stop word ("new investment",
    "correspondent account"): a pair can tell a case where each of its words is too common
    to. Without `names`, a pair with a capital or a digit is left out: "Security Council" or
    "1718 Committee" names who speaks, not the case."""
    words = re.findall(r"[A-Za-z0-9]+", text)
    return frozenset(
        f"{a} {b}".lower()
        for a, b in zip(words, words[1:])
        if len(a) > 2
        and len(b) > 2
        and a.lower() not in PHRASE_STOP
        and b.lower() not in PHRASE_STOP
        and (names or (a.isalpha() and a.islower() and b.isalpha() and b.islower()))
    )


def document_frequency(chunks: list[Chunk], of=terms) -> Counter[str]:
    df: Counter[str] = Counter()
    for c in chunks:
        df.update(of(c.text))
    return df


def common_terms(chunks: list[Chunk]) -> set[str]:
    """Terms in so many passages that sharing them says nothing about a case."""
    limit = max(2.0, COMMON_SHARE * len(chunks))
    return {t for t, n in document_frequency(chunks).items() if n > limit}


class DecidingClauses:
    def __init__(self, chunks: list[Chunk], common: set[str] | None = None):
        self.sections: dict[tuple[str, str], list[Chunk]] = {}
        for c in chunks:
            self.sections.setdefault((c.doc_id, c.heading), []).append(c)
        self.common = common if common is not None else common_terms(chunks)
        self.df, self.size = document_frequency(chunks), max(1, len(chunks))
        self.phrase_df = document_frequency(chunks, phrases)

    def weight(self, shared: set[str]) -> float:
        """How telling a set of shared terms is: the sum of their inverse document frequencies."""
        return sum(math.log(self.size / max(1, self.df[t])) for t in shared)

    def telling(self, question: str, sentence: str) -> bool:
        """Whether the sentence speaks of the question's case: it shares telling terms with
        it, or a phrase of the question's own words as rare as one telling term ("new
        investment"; not a name)."""
        shared = terms(sentence) & terms(question) - self.common
        if self.weight(shared) >= TELLING:
            return True
        return any(
            math.log(self.size / max(1, self.phrase_df[p])) >= TELLING
            for p in phrases(sentence) & phrases(question, names=False)
        )

    def for_rule(
        self,
        rule: Quote,
        question: str,
        taken: set[tuple[str, int]],
        closeness: dict[tuple[str, int], float] | None = None,
    ) -> list[Quote]:
        """Clauses that decide the case for `rule`, in text order; `taken` holds the
        (chunk id, start) of sentences already quoted, `closeness` the similarity to the
        question of those sentences of the passages it knows."""
        asked = terms(question) - self.common
        rule_terms = terms(rule.text)
        subject = rule_terms - self.common
        own_list = rule.chunk.lead_in(rule.start)
        found = []
        for chunk in self.sections.get((rule.chunk.doc_id, rule.chunk.heading), [rule.chunk]):
            for a, b in chunk.sentences:
                sentence = chunk.text[a:b]
                if (chunk.id, a) in taken or (chunk.id == rule.chunk.id and a == rule.start):
                    continue
                if not limits(sentence) and not FOOTNOTE.match(sentence):
                    continue
                # A list item's limit concerns its own category ("education … excludes
                # maths"): it decides a case only when the case is of that category, the
                # item of its list closest to the question (the rule aside), and takes
                # nothing out of another item of its list.
                lead = chunk.lead_in(a)
                sibling = bool(lead) and chunk.id == rule.chunk.id and lead == own_list
                if lead and not _closest_item(chunk, a, closeness or {}, rule):
                    continue
                new_terms = (terms(sentence) - rule_terms) & asked
                negates = (
                    not sibling
                    and role_of(sentence) == Role.EXCLUDES
                    and len(terms(sentence) & subject) >= 2
                )
                if self.weight(new_terms) >= TELLING or negates:
                    found.append((len(new_terms) + negates, Quote(chunk, a, b, rule.score)))
        best = sorted(found, key=lambda f: -f[0])[:MAX_PER_RULE]
        return sorted((q for _, q in best), key=lambda q: (q.chunk.position, q.start))


def _closest_item(
    chunk: Chunk, start: int, closeness: dict[tuple[str, int], float], rule: Quote
) -> bool:
    """Whether the list item at `start` is the one of its list closest to the question, the
    rule aside; true when the closeness of some item is not known."""
    lead = chunk.lead_in(start)
    items = [
        a
        for a, _ in chunk.sentences
        if chunk.lead_in(a) == lead and (chunk.id, a) != (rule.chunk.id, rule.start)
    ]
    known = [closeness.get((chunk.id, a)) for a in items]
    if any(k is None for k in known):
        return True
    return closeness[(chunk.id, start)] >= max(known)
