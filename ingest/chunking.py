"""Documents to chunks: section-bounded, labelled, with stable ids.

A chunk never spans two sections (Markdown headings; PDF pages; a resolution's numbered
paragraphs). Paragraphs are packed up to `max_words`; a longer paragraph is split by
LangChain's text splitter with overlap so a sentence cut at a boundary survives whole in
one of the pieces. Editorial notes (lines starting with ">") and source-copy markers such
as "*[Text truncated in the source copy.]*" are kept out of chunk text: they are not law,
but a section's notes travel with its chunks so a reader can see what the editor says
about a gap. CFR paragraphs carry their designators ("(e)(1)(ii)(B)"), so every quote can
be cited to its paragraph.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field

from langchain_core.documents import Document
from langchain_text_splitters import RecursiveCharacterTextSplitter

from carveout import paragraphs as paras
from carveout.labels import paragraph_keys, section_label
from carveout.models import Chunk, DocMeta, Paragraph

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
EDITORIAL = re.compile(r"^\s*(>|\*\[.*\]\*\s*$)")
NOTE = re.compile(r"^\s*>\s?")
NUMBERED_PARA = re.compile(r"^\d+\.\s")
PART = re.compile(
    r"^(Subpart|Part|Chapter|Title)\s+[A-Z0-9]+\b"
)  # a grouping of sections: context only


@dataclass
class Section:
    headings: list[str]
    paragraphs: list[str] = field(default_factory=list)
    page: int | None = None
    notes: list[str] = field(default_factory=list)  # the editor's notes under this heading


@dataclass(frozen=True)
class _Piece:
    text: str
    designator: str = ""  # CFR paragraph path, "(e)(1)"; "" for the section as a whole
    lost: bool = False  # its own designator is missing in the source copy


def split_sections(
    text: str, page: int | None = None, numbered_breaks: bool = False
) -> list[Section]:
    """Sections of Markdown text; each keeps its heading path. A "Subpart B — …" heading
    stays in the path (and its notes with the notes) of the sections that follow it at its
    level: it groups them, it is not a provision of its own."""
    stack: list[tuple[int, str]] = []
    part: tuple[int, Section] | None = None  # (heading level, the part's own section)
    sections = [Section([], page=page)]
    for para in re.split(r"\n\s*\n", text):
        raw = para.strip().splitlines()
        lines = [ln for ln in raw if not EDITORIAL.match(ln)]
        notes = [NOTE.sub("", ln) for ln in raw if NOTE.match(ln)]
        if notes:
            sections[-1].notes.append(" ".join(notes).strip())
        if not lines:
            continue
        head = HEADING.match(lines[0])
        if head:
            level, title = len(head.group(1)), _clean_heading(head.group(2))
            stack = [s for s in stack if s[0] < level]
            if part and level < part[0]:
                part = None
            if PART.match(title):
                part = (level, Section([*(h for _, h in stack), title], page=page))
                sections.append(part[1])
            else:
                if part and part[0] == level:
                    stack.append((level, part[1].headings[-1]))
                stack.append((level, title))
                inherited = list(part[1].notes) if part else []
                sections.append(Section([h for _, h in stack], page=page, notes=inherited))
            lines = lines[1:]
            if not lines:
                continue
        body = "\n".join(lines).strip()
        if numbered_breaks and NUMBERED_PARA.match(body):
            sections.append(
                Section(sections[-1].headings, page=page, notes=list(sections[-1].notes))
            )
        sections[-1].paragraphs.append(body)
    return [s for s in sections if s.paragraphs]


def _clean_heading(text: str) -> str:
    return text.replace("**", "").strip()


def _pieces(section: Section, keys: list[str]) -> list[_Piece]:
    levels = _levels(section, keys)
    if not levels:
        return [_Piece(p) for p in section.paragraphs]
    return [
        _Piece(p, d, lost)
        for p, (d, lost) in zip(section.paragraphs, paras.designators(section.paragraphs, levels))
    ]


def _levels(section: Section, keys: list[str]) -> tuple[str, ...]:
    """The kinds of paragraph designator of a CFR or U.S. Code section, from its top down; ()
    for other texts. A U.S. Code subsection under its own heading ("(b) Humanitarian waiver"),
    or a section whose first paragraph is "(1)", starts at the numbered level."""
    if any(k.startswith("cfr:") for k in keys):
        return paras.LEVELS
    if not any(k.startswith("usc:") for k in keys):
        return ()
    first = next((m.group(1) for p in section.paragraphs if (m := paras.TOKEN.match(p))), "")
    numbered = any(k.startswith("usc:") and "(" in k for k in keys) or first.isdigit()
    return paras.USC_LEVELS[1:] if numbered else paras.USC_LEVELS


def _pack(pieces: list[_Piece], max_words: int, repeat_lead_in: bool = False) -> list[list[_Piece]]:
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=max_words * 6,
        chunk_overlap=max_words * 2,
        separators=["\n", "; ", ". ", ", ", " "],
        keep_separator="end",
    )
    groups: list[list[_Piece]] = [[]]
    words = 0
    for piece in pieces:
        n = len(piece.text.split())
        parts = splitter.split_text(piece.text) if n > max_words else [piece.text]
        for part in parts:
            n = len(part.split())
            if groups[-1] and words + n > max_words:
                groups.append([])
                words = 0
            if repeat_lead_in and not groups[-1] and len(groups) > 1:
                groups[-1] += _lead_in(groups[-2], piece)
            groups[-1].append(dataclasses.replace(piece, text=part.strip()))
            words += n
    return [g for g in groups if g]


def _lead_in(before: list[_Piece], item: _Piece) -> list[_Piece]:
    """The paragraph introducing the list item a new chunk starts with, when the chunk before
    holds it ("… shall not be subject to sanctions … for" before "(C) having merely incidental
    contact …"): repeated, so the item is quoted with what it completes."""
    if not item.designator or "(" not in item.designator[1:]:
        return []
    parent = item.designator[: item.designator.rfind("(")]
    lead = [p for p in before if p.designator == parent and not p.lost]
    return (
        lead[-1:]
        if lead and lead[-1].text.rstrip().endswith((":", "—", "-", "for", "that", "to"))
        else []
    )


def chunk_document(docs: list[Document], max_words: int = 250) -> list[Chunk]:
    """All chunks of one source file (several Documents for a PDF's pages)."""
    front = docs[0].metadata
    meta = DocMeta.from_dict({**front, "doc_id": front["id"]})
    numbered = meta.doc_type == "resolution"
    chunks: list[Chunk] = []
    for doc in docs:
        for section in split_sections(doc.page_content, doc.metadata.get("page"), numbered):
            label, keys = section_label(meta, section.headings, section.paragraphs[0])
            pieces = _pieces(section, keys)
            # U.S. Code only: repeated in CFR sections, the lead-ins of § 510.512's long lists
            # ("… the following categories:") outranked the passages that answer (measured on
            # every QA set: four items better and 22 worse, against four better and none worse)
            usc = any(k.startswith("usc:") for k in keys)
            for group in _pack(pieces, max_words, repeat_lead_in=usc):
                chunks.append(_make_chunk(meta, section, group, len(chunks), label, keys))
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


def _make_chunk(
    meta: DocMeta,
    section: Section,
    group: list[_Piece],
    position: int,
    section_label_: str,
    section_keys: list[str],
) -> Chunk:
    doc_id = meta.doc_id
    text = "\n\n".join(p.text for p in group)
    starts, offset = [], 0
    for p in group:
        starts.append(offset)
        offset += len(p.text) + 2
    designated = any(p.designator for p in group)
    paragraphs = (
        tuple(
            Paragraph(start, section_label_ + p.designator, p.lost)
            for start, p in zip(starts, group)
        )
        if designated
        else ()
    )
    label = section_label_ + (paras.common([p.designator for p in group]) if designated else "")
    keys = section_keys + paragraph_keys(section_keys, [p.designator for p in group])
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
        provisions=" ".join(dict.fromkeys(keys)),
        paragraphs=paragraphs,
        notes=tuple(section.notes),
    )
