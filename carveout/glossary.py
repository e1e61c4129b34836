"""Plain words to legal terms, kept as data (glossary.tsv), for query expansion.

Aid workers say "send money to my aunt"; the law says "noncommercial, personal
remittances". Expanding the lexical query with the legal terms bridges the two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Glossary:
    entries: tuple[tuple[re.Pattern, str], ...] = ()

    @classmethod
    def load(cls, path: Path) -> Glossary:
        if not path.exists():
            return cls()
        entries = []
        for line in path.read_text("utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            plain, _, legal = line.partition("\t")
            # "non-fuel goods" are not fuel: a word negated by "non" does not expand.
            pattern = re.compile(rf"(?<!\bnon-)(?<!\bnon )\b{re.escape(plain.strip())}\b", re.I)
            entries.append((pattern, legal.strip()))
        return cls(tuple(entries))

    def expand(self, query: str) -> str:
        extra = [legal for pattern, legal in self.entries if pattern.search(query)]
        return query if not extra else f"{query} {' '.join(dict.fromkeys(extra))}"
