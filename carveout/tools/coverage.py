"""What the corpus holds and what it is known to lack, for the coverage page and for
pointing a refusal at the gap it touches."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from carveout.models import Chunk, DocMeta
from carveout.store import ManifestEntry


@dataclass(frozen=True)
class DocumentRow:
    doc_id: str
    title: str
    jurisdiction: str
    doc_type: str
    issued: str
    completeness: str
    historical: bool
    origin: str  # "official" (listed in SOURCES.md) or "user"
    words: int
    chunks: int
    ingested_at: str
    file: str


@dataclass(frozen=True)
class Gap:
    title: str  # the bold lead of the SOURCES.md bullet
    text: str  # the whole bullet, as SOURCES.md states it


def documents(chunks: list[Chunk], manifest: dict[str, ManifestEntry]) -> list[DocumentRow]:
    by_doc: dict[str, list[Chunk]] = {}
    for c in chunks:
        by_doc.setdefault(c.doc_id, []).append(c)
    rows = []
    for doc_id, entry in sorted(manifest.items()):
        cs = by_doc.get(doc_id, [])
        meta = cs[0].doc if cs else DocMeta(doc_id, title=doc_id)
        rows.append(
            DocumentRow(
                doc_id=doc_id,
                title=meta.title,
                jurisdiction=meta.jurisdiction,
                doc_type=meta.doc_type,
                issued=meta.issued,
                completeness=meta.completeness,
                historical=meta.historical,
                origin=str(meta.origin),
                words=sum(len(c.text.split()) for c in cs),
                chunks=len(cs),
                ingested_at=entry.ingested_at,
                file=entry.file,
            )
        )
    return rows


def known_gaps(sources_md: Path) -> list[Gap]:
    """The bullets under "Looked for and not found" in SOURCES.md."""
    if not sources_md.exists():
        return []
    text = sources_md.read_text("utf-8")
    section = re.search(r"^## Looked for and not found\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    if not section:
        return []
    gaps = []
    for bullet in re.findall(r"^- (.+)$", section.group(1), re.M):
        title = re.match(r"\*\*(.+?)\*\*", bullet)
        gaps.append(Gap(title.group(1) if title else bullet[:60], bullet))
    return gaps


YEAR = re.compile(r"^(19|20)\d\d$")


def gaps_touched(question: str, gaps: list[Gap]) -> list[Gap]:
    """Gaps a question refers to: it names a number the gap names (not a bare year), or
    two distinctive words of the gap's title."""
    q_numbers = set(re.findall(r"\d+(?:\.\d+)?", question))
    q_words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", question)}
    touched = []
    for gap in gaps:
        numbers = {
            n for n in re.findall(r"\d+(?:\.\d+)?", gap.text) if not YEAR.match(n) and len(n) >= 3
        }
        title_words = {w.lower() for w in re.findall(r"[A-Z][A-Za-z]{3,}", gap.title)}
        if q_numbers & numbers or len(q_words & title_words) >= 2:
            touched.append(gap)
    return touched
