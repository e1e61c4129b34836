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

from carveout.guard import DPRK
from carveout.models import Chunk
from carveout.wording import american_forms

# Lower-case words long enough to correct safely. A capitalised word is a name, an acronym or
# a place the dictionary lacks ("Rason", "Kaesong", "Dept"); the part of a contraction before
# its apostrophe ("doesn" of "doesn't") is no word of its own.
_WORD = re.compile(r"(?<![\w'’-])[a-z]{4,}\b(?!['’-])")
# Shorter words are corrected only when two of their letters are swapped (see _plausible).
_ANY_EDIT_FROM = 6


class Speller:
    def __init__(self, chunks: list[Chunk]):
        counts: Counter[str] = Counter()
        for c in chunks:
            counts.update(w.lower() for w in re.findall(r"[A-Za-z]+", c.indexed_text))
        self.corpus = counts
        # One edit only: two find a corpus word for too many real ones ("derisking" →
        # "drinking") and take up to a second for each long word the dictionary lacks.
        self.english = SpellChecker(distance=1)
        self.english.word_frequency.load_words(counts)  # the corpus's own words are known

    def correct(self, question: str) -> str:
        """The question with each misspelt word replaced by the corpus word it most likely is."""
        return _WORD.sub(self._fixed, question)

    def _fixed(self, m: re.Match) -> str:
        word = m.group(0)
        if word in self.corpus or self.english.known(_spellings(word)) or DPRK.fullmatch(word):
            return word
        # The corpus's commonest word one edit away ("freze" is "freeze", not "free"), keeping
        # the first letter ("arvs" is no misspelling of "arms", nor "dept" of "kept").
        near = [w for w in self.english.candidates(word) or () if w in self.corpus]
        near = [w for w in near if w[0] == word[0] and _plausible(word, w)]
        return max(near, key=lambda w: (self.corpus[w], w)) if near else word


def _plausible(word: str, fix: str) -> bool:
    """Whether `fix` is what `word` was meant to be. A word under six letters has too many
    neighbours ("tyres", "diems", "arent") to trust anything but two letters swapped ("bnak");
    a plural the dictionary lacks ("maths", "derogations") is no misspelling of the singular."""
    if len(word) < _ANY_EDIT_FROM:
        return sorted(word) == sorted(fix) and len(fix) == len(word)
    return not (word.endswith("s") and fix == word[:-1])


def _spellings(word: str) -> list[str]:
    """The word, and its American spellings: the dictionary is American ("organisation",
    "authorised", "favour", "programme" are words too)."""
    return [word, *american_forms(word)]
