"""Look a provision up by its citation, in any common form, and list every provision the
corpus holds. Uses the same provision keys as retrieval (carveout/labels.py)."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from carveout.labels import query_keys, term_slug, within
from carveout.models import Chunk

# Words around a defined term in "U.S. person definition", "what does 'entity' mean".
FILLER = re.compile(
    r"\b(definitions?|defined?|meaning|means?|mean|of|the|term|what|is|a|an|does|in|under|"
    r"31 cfr|part 510|nksr)\b|[\"'“”‘’?]",
    re.I,
)


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

    @property
    def exact(self) -> bool:
        """False when only an enclosing provision was found ("(d)" for "(d)(9)")."""
        return self.found and self.key == self.keys[0]

    def spans(self, chunk: Chunk) -> list[tuple[int, int]]:
        """Where the paragraph looked up (and its subparagraphs) lies in `chunk`; [] when the
        provision is the whole chunk."""
        family, _, number = self.key.partition(":")
        if family not in ("cfr", "usc") or "(" not in number:
            return []
        ends = [p.start - 2 for p in chunk.paragraphs[1:]] + [len(chunk.text)]
        return [
            (p.start, end) for p, end in zip(chunk.paragraphs, ends) if within(p.label, self.key)
        ]


def normalise(text: str) -> str:
    """Forms people type: "sec. 510.511", "22 USC 9228 (b)", "para 1" -> what query_keys reads."""
    text = re.sub(r"\bsec(?:tion|\.)?\s*", "§ ", text, flags=re.I)
    text = re.sub(r"(\d)\s+\(([a-zA-Z0-9]{1,4})\)", r"\1(\2)", text)
    text = re.sub(r"(?<=\))\s+(?=\([a-zA-Z0-9]{1,4}\))", "", text)
    text = re.sub(r"\bArt\s+(?=\d)", "Art. ", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip()


def look_up(citation: str, by_provision: dict[str, list[Chunk]]) -> Lookup:
    keys = query_keys(normalise(citation)) or _term_keys(citation, by_provision)
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


def _term_keys(text: str, by_provision: dict[str, list[Chunk]]) -> list[str]:
    """A defined term asked for by name: "U.S. person definition" -> ["term:u-s-person"]."""
    key = f"term:{term_slug(FILLER.sub(' ', text))}"
    return [key] if key != "term:" and key in by_provision else []


def nearest(key: str, by_provision: dict[str, list[Chunk]], n: int = 3) -> list[tuple[str, str]]:
    """Provisions of the same family whose numbers are closest to the missing one."""
    family, _, number = key.partition(":")
    target = _number(number)
    depth = (key.count(":"), "(" in key)  # a section's neighbours are sections, not paragraphs
    same = [
        k for k in by_provision if k.startswith(family + ":") and (k.count(":"), "(" in k) == depth
    ]
    same.sort(key=lambda k: (_number(k.partition(":")[2]), k))
    # The neighbours on either side of where it would stand, the one just before first.
    at = bisect.bisect_left([_number(k.partition(":")[2]) for k in same], target)
    before, after = same[:at][::-1], same[at:]
    ordered = [k for pair in itertools.zip_longest(before, after) for k in pair if k]
    return [(by_provision[k][0].label, k) for k in ordered[:n]]


def contents(chunks: list[Chunk]) -> list[dict]:
    """Every labelled provision and paragraph once, in document order: the table of contents."""
    rows, seen = [], set()
    for c in sorted(chunks, key=lambda c: (c.doc_id, c.position)):
        for label in [c.label, *(p.label for p in c.paragraphs)]:
            if (c.doc_id, label) in seen:
                continue
            seen.add((c.doc_id, label))
            rows.append(
                {
                    "document": c.doc.title or c.doc_id,
                    "provision": label,
                    "jurisdiction": c.doc.jurisdiction,
                    "flags": ", ".join(c.flags),
                }
            )
    return rows


def _number(text: str) -> float:
    m = re.match(r"(\d+(?:\.\d+)?)", text.split(":")[0])
    return float(m.group(1)) if m else float("inf")
