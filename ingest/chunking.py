"""Documents to chunks: section-bounded, labelled, with stable ids.

A chunk never spans two sections (Markdown headings; PDF pages; a resolution's numbered
paragraphs). Paragraphs are packed up to `max_words`; a longer paragraph is split by
LangChain's text splitter with overlap so a sentence cut at a boundary survives whole in
one of the pieces. Editorial notes (lines starting with ">") and source-copy markers such
as "*[Text truncated in the source copy.]*" are kept out of chunk text: they are not law.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field

from langchain_core.documents import Document
from langchain_text_splitters import RecursiveCharacterTextSplitter

from carveout.labels import section_label
from carveout.models import Chunk, DocMeta

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
EDITORIAL = re.compile(r"^\s*(>|\*\[.*\]\*\s*$)")
NUMBERED_PARA = re.compile(r"^\d+\.\s")


@dataclass
class Section:
    headings: list[str]
    paragraphs: list[str] = field(default_factory=list)
    page: int | None = None


def split_sections(
    text: str, page: int | None = None, numbered_breaks: bool = False
) -> list[Section]:
    """Sections of Markdown text; each keeps its heading path."""
    stack: list[tuple[int, str]] = []
    sections = [Section([], page=page)]
    for para in re.split(r"\n\s*\n", text):
        lines = [ln for ln in para.strip().splitlines() if not EDITORIAL.match(ln)]
        if not lines:
            continue
        head = HEADING.match(lines[0])
        if head:
            level = len(head.group(1))
            stack = [s for s in stack if s[0] < level] + [(level, _clean_heading(head.group(2)))]
            sections.append(Section([h for _, h in stack], page=page))
            lines = lines[1:]
            if not lines:
                continue
        body = "\n".join(lines).strip()
        if numbered_breaks and NUMBERED_PARA.match(body):
            sections.append(Section(sections[-1].headings, page=page))
        sections[-1].paragraphs.append(body)
    return [s for s in sections if s.paragraphs]


def _clean_heading(text: str) -> str:
    return text.replace("**", "").strip()


def _pack(paragraphs: list[str], max_words: int) -> list[list[str]]:
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=max_words * 6,
        chunk_overlap=max_words * 2,
        separators=["\n", "; ", ". ", ", ", " "],
        keep_separator="end",
    )
    groups: list[list[str]] = [[]]
    words = 0
    for para in paragraphs:
        n = len(para.split())
        pieces = splitter.split_text(para) if n > max_words else [para]
        for piece in pieces:
            n = len(piece.split())
            if groups[-1] and words + n > max_words:
                groups.append([])
                words = 0
            groups[-1].append(piece.strip())
            words += n
    return [g for g in groups if g]


def chunk_document(docs: list[Document], max_words: int = 250) -> list[Chunk]:
    """All chunks of one source file (several Documents for a PDF's pages)."""
    front = docs[0].metadata
    meta = DocMeta.from_dict({**front, "doc_id": front["id"]})
    numbered = meta.doc_type == "resolution"
    chunks: list[Chunk] = []
    for doc in docs:
        for section in split_sections(doc.page_content, doc.metadata.get("page"), numbered):
            for group in _pack(section.paragraphs, max_words):
                chunks.append(_make_chunk(meta, section, group, len(chunks)))
    return _unique_ids(chunks)


def _unique_ids(chunks: list[Chunk]) -> list[Chunk]:
    """Ids are content hashes, so a section repeated word for word (boilerplate, a
    reserved section) would collide: later copies get their occurrence number."""
    seen: dict[str, int] = {}
    out = []
    for c in chunks:
        n = seen[c.id] = seen.get(c.id, 0) + 1
        out.append(c if n == 1 else dataclasses.replace(c, id=f"{c.id}~{n}"))
    return out


def _make_chunk(meta: DocMeta, section: Section, paragraphs: list[str], position: int) -> Chunk:
    doc_id = meta.doc_id
    text = "\n\n".join(paragraphs)
    label, keys = section_label(meta, section.headings, paragraphs[0])
    heading = " > ".join(section.headings)
    digest = hashlib.sha256(f"{heading}\n{text}".encode()).hexdigest()[:16]
    slug = re.sub(r"[^0-9A-Za-z.()]+", "-", label)[:60].strip("-")
    page = f"p{section.page}:" if section.page else ""
    return Chunk(
        id=f"{doc_id}:{page}{slug}:{digest}",
        doc=meta,
        text=text,
        label=label,
        heading=heading,
        context=" | ".join(dict.fromkeys([meta.title or doc_id, label, *section.headings[1:]])),
        position=position,
        page=section.page,
        provisions=" ".join(keys),
    )
