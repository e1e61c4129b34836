"""Look a provision up by its citation, in any common form, and list every provision the
corpus holds. Uses the same provision keys as retrieval (carveout/labels.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from carveout.labels import query_keys
from carveout.models import Chunk


@dataclass
class Lookup:
    query: str
    keys: list[str]
    key: str = ""  # the most specific key the corpus holds
    chunks: list[Chunk] = field(default_factory=list)  # that provision's text, in order
    nearest: list[tuple[str, str]] = field(default_factory=list)  # (label, key) when missing

    @property
    def found(self) -> bool:
        return bool(self.chunks)


def normalise(text: str) -> str:
    """Forms people type: "sec. 510.511", "22 USC 9228 (b)", "para 1" -> what query_keys reads."""
    text = re.sub(r"\bsec(?:tion|\.)?\s*", "§ ", text, flags=re.I)
    text = re.sub(r"(\d)\s+\(([a-z0-9]{1,4})\)", r"\1(\2)", text)
    text = re.sub(r"\bArt\s+(?=\d)", "Art. ", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip()


def look_up(citation: str, by_provision: dict[str, list[Chunk]]) -> Lookup:
    keys = query_keys(normalise(citation))
    result = Lookup(citation, keys)
    for key in keys:  # most specific first
        if by_provision.get(key):
            result.key, result.chunks = (
                key,
                sorted(by_provision[key], key=lambda c: (c.doc_id, c.position)),
            )
            return result
    result.nearest = nearest(keys[0], by_provision) if keys else []
    return result


def nearest(key: str, by_provision: dict[str, list[Chunk]], n: int = 3) -> list[tuple[str, str]]:
    """Provisions of the same family whose numbers are closest to the missing one."""
    family, _, number = key.partition(":")
    target = _number(number)
    same = [
        k for k in by_provision if k.startswith(family + ":") and k.count(":") == key.count(":")
    ]
    same.sort(key=lambda k: (abs(_number(k.partition(":")[2]) - target), k))
    return [(by_provision[k][0].label, k) for k in same[:n]]


def contents(chunks: list[Chunk]) -> list[dict]:
    """Every labelled provision once, in document order: the table of contents."""
    rows, seen = [], set()
    for c in sorted(chunks, key=lambda c: (c.doc_id, c.position)):
        if (c.doc_id, c.label) in seen:
            continue
        seen.add((c.doc_id, c.label))
        rows.append(
            {
                "document": c.doc.title or c.doc_id,
                "provision": c.label,
                "jurisdiction": c.doc.jurisdiction,
                "flags": ", ".join(c.flags),
            }
        )
    return rows


def _number(text: str) -> float:
    m = re.match(r"(\d+(?:\.\d+)?)", text.split(":")[0])
    return float(m.group(1)) if m else float("inf")
