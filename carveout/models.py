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


SUPPORTED, UNSUPPORTED, UNCITED = "supported", "unsupported", "no citation"


@dataclass(frozen=True)
class SentenceCheck:
    """The verdict on one generated sentence against the sources it cites."""

    text: str  # the sentence with its valid [n] markers
    status: str  # SUPPORTED, UNSUPPORTED or UNCITED
    markers: tuple[int, ...] = ()
    reason: str = ""  # why it is not supported
    similarity: float | None = None  # to its closest cited sentence
    evidence: tuple[int, int, int] | None = None  # (n, start, end) of that sentence in source n


@dataclass
class Verification:
    checks: list[SentenceCheck]
    invalid_citations: int  # [n] markers that named no source, removed

    @property
    def supported_rate(self) -> float:
        return sum(c.status == SUPPORTED for c in self.checks) / len(self.checks) if self.checks else 0.0


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
    mode: str = "extractive"  # or the model that wrote it, "openai:smollm2"
    verification: Verification | None = None  # of the generated text, shown or not
    notice: str = ""  # why the answer shown is not the one asked for (model down, unsupported)

    @property
    def quotes(self) -> list[tuple[Citation, Quote]]:
        return [(c, q) for c in self.citations for q in c.quotes]
