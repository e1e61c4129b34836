"""Plain data that crosses module boundaries: chunks, retrieved passages, answers."""
from __future__ import annotations

from dataclasses import dataclass, field

from carveout.sentences import sentence_spans

MIN_QUOTE_WORDS = 5  # shorter spans ("(a)", "Note 1:", "Dear President Biden,") are not quotable

# Front-matter fields copied onto every chunk of a document.
DOC_FIELDS = ("doc_id", "title", "citation", "jurisdiction", "doc_type", "issued",
              "source_url", "completeness", "origin")


@dataclass(frozen=True)
class Chunk:
    """A piece of one section of one document, as stored.

    `text` is verbatim source text (quotes are cut from it); `context` is the
    title and heading path that is embedded and indexed with it but never quoted.
    """

    id: str
    doc_id: str
    text: str
    label: str  # what a lawyer would write: "31 CFR § 510.511", "OFAC FAQ 1162"
    heading: str  # heading path, "§ 9228 Exemptions … > (b) Waiver"
    context: str
    position: int  # order within the document
    page: int | None = None  # PDF page (1-based) where the chunk starts
    provisions: str = ""  # space-separated provision keys for citation lookup
    meta: dict = field(default_factory=dict)  # the document's front matter (DOC_FIELDS)

    @property
    def indexed_text(self) -> str:
        return f"{self.context}\n{self.text}"

    @property
    def flags(self) -> list[str]:
        """Warnings a reader must see beside a citation of this chunk."""
        completeness = str(self.meta.get("completeness", "")).lower()
        out = []
        if completeness.startswith("excerpt"):
            out.append("excerpt")
        if "historical" in completeness or "superseded" in f"{self.meta.get('title', '')} {self.heading}".lower():
            out.append("superseded/historical")
        if self.meta.get("origin") == "user":
            out.append("user-added document")
        return out

    @property
    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) of each quotable sentence: text[start:end] is the sentence."""
        return [(a, b) for a, b in sentence_spans(self.text) if len(self.text[a:b].split()) >= MIN_QUOTE_WORDS]


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with the scores that ranked it."""

    chunk: Chunk
    score: float
    rank: int
    dense: float | None = None  # cosine similarity to the query
    bm25: float | None = None
    via: tuple[str, ...] = ()  # which retrievers found it: "dense", "bm25", "citation"


@dataclass(frozen=True)
class Quote:
    """A verbatim span of a cited chunk: chunk.text[start:end] == text."""

    text: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class Citation:
    n: int  # the [n] marker in the answer
    chunk: Chunk
    quotes: tuple[Quote, ...]

    @property
    def flags(self) -> list[str]:
        return self.chunk.flags


@dataclass
class Answer:
    question: str
    text: str  # Markdown with [n] markers
    citations: list[Citation]
    passages: list[Passage]  # everything retrieved, best first
    refused: bool
    reason: str = ""  # why the answer was refused (or empty)
    query: str = ""  # the query actually searched
    disclaimer: str = ""
    timings: dict[str, float] = field(default_factory=dict)  # milliseconds per stage
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def quotes(self) -> list[tuple[Citation, Quote]]:
        return [(c, q) for c in self.citations for q in c.quotes]
