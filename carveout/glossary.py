"""Plain words to legal terms, kept as data (glossary.tsv), for query expansion.

Aid workers say "send money to my aunt"; the law says "noncommercial, personal
remittances". Expanding the lexical query with the legal terms bridges the two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Sense(Enum):
    """How a word that is both a noun and a verb is used ("a ship" / "we ship rice")."""

    NOUN = "noun"
    VERB = "verb"


# A word right after one of these is a verb: "to ship", "can we ship", "they ship", "we're
# shipping", "buy and ship". Anything else ("a ship", "our chartered ship") is a noun.
_BEFORE_A_VERB = frozenset(
    "to can could may might will would shall should must cannot can't won't don't doesn't "
    "didn't we i you they he she also not just still and or are is am was were be been".split()
)


def sense_at(text: str, start: int) -> Sense:
    """The sense of the word starting at `start`, read from the word before it."""
    before = re.findall(r"[\w']+|\S", text[:start].lower().replace("’", "'"))
    word = before[-1] if before else ""
    # "we're shipping", "we'll ship": the pronoun decides.
    return Sense.VERB if {word, word.split("'")[0]} & _BEFORE_A_VERB else Sense.NOUN


@dataclass(frozen=True)
class Entry:
    pattern: re.Pattern
    legal: str
    sense: Sense | None = None  # None: either sense

    def applies(self, query: str) -> bool:
        return any(
            self.sense is None or sense_at(query, match.start()) is self.sense
            for match in self.pattern.finditer(query)
        )


@dataclass(frozen=True)
class Glossary:
    entries: tuple[Entry, ...] = ()

    @classmethod
    def load(cls, path: Path) -> Glossary:
        if not path.exists():
            return cls()
        entries = []
        for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            plain, _, rest = line.partition("\t")
            legal, _, sense = rest.partition("\t")
            if sense.strip() not in {"", *(s.value for s in Sense)}:
                raise ValueError(f"{path}, line {n}: the third column must be noun or verb")
            # "non-fuel goods" are not fuel: a word negated by "non" does not expand.
            pattern = re.compile(rf"(?<!\bnon-)(?<!\bnon )\b{re.escape(plain.strip())}\b", re.I)
            entries.append(
                Entry(pattern, legal.strip(), Sense(sense.strip()) if sense.strip() else None)
            )
        return cls(tuple(entries))

    def expand(self, query: str) -> str:
        extra = [entry.legal for entry in self.entries if entry.applies(query)]
        return query if not extra else f"{query} {' '.join(dict.fromkeys(extra))}"
