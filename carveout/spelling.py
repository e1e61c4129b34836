"""Misspelt words of a question, corrected to the corpus's own words before searching.

"Can she use her normal pasport?" finds nothing under "passport" in BM25, and the dense
model reads "pasport" as pieces. A word is corrected only when it is neither English (the
dictionary of pyspellchecker) nor a word of the corpus, and only to a word the corpus uses:
names, acronyms and places the dictionary lacks ("Nampo", "OFAC") are left alone, and a word
no text holds would not change what is found.
"""

from __future__ import annotations

import re
from collections import Counter

from spellchecker import SpellChecker

from carveout.models import Chunk

# Lower-case words long enough to correct safely. A capitalised word is a name, an acronym or
# a place the dictionary lacks ("Rason", "Kaesong", "Dept"); the part of a contraction before
# its apostrophe ("doesn" of "doesn't") is no word of its own.
_WORD = re.compile(r"(?<![\w'’-])[a-z]{4,}\b(?!['’-])")
# British spellings are words too: the dictionary is American ("organisation", "authorised",
# "favour", "centre").
_BRITISH = (
    (re.compile(r"is(e|ed|es|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"our(s|ed|ing|able)?$"), r"or\1"),
    (re.compile(r"tre(s)?$"), r"ter\1"),
    (re.compile(r"ence(s)?$"), r"ense\1"),
)
# Two edits only for long words: short ones have too many neighbours (and take longer).
_TWO_EDITS_FROM = 8


class Speller:
    def __init__(self, chunks: list[Chunk]):
        counts: Counter[str] = Counter()
        for c in chunks:
            counts.update(w.lower() for w in re.findall(r"[A-Za-z]+", c.indexed_text))
        self.corpus = counts
        self.one = SpellChecker(distance=1)
        self.two = SpellChecker(distance=2)
        for checker in (self.one, self.two):  # the corpus's words are known, and preferred
            checker.word_frequency.load_json({w: n * 1000 for w, n in counts.items()})

    def correct(self, question: str) -> str:
        """The question with each misspelt word replaced by the corpus word it most likely is."""
        return _WORD.sub(self._fixed, question)

    def _fixed(self, m: re.Match) -> str:
        word = m.group(0)
        if word in self.corpus or self.one.known(_spellings(word)):
            return word
        checker = self.two if len(word) >= _TWO_EDITS_FROM else self.one
        fix = checker.correction(word)
        # "maths", "derogations", "orgs": a plural the dictionary lacks, and no misspelling;
        # the stemmer and the model read it as the corpus's singular anyway.
        if not fix or fix in (word, word[:-1]) or fix not in self.corpus:
            return word
        return fix


def _spellings(word: str) -> list[str]:
    """The word, and its American spelling where it has a British one."""
    return [word] + [pattern.sub(us, word) for pattern, us in _BRITISH if pattern.search(word)]
