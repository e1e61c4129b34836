"""Plain data that crosses module boundaries: documents, chunks, retrieved passages, quotes,
answers, and the small vocabularies (flags, statuses, modes) they are described with."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from carveout.sentences import lead_in, opens_list, sentence_spans

if TYPE_CHECKING:
    from carveout.applies import Applicable
    from carveout.declines import Decline

_EARLIER_CAPTURE = re.compile(r"\bearlier captured version\b", re.I)
MIN_QUOTE_WORDS = 5  # shorter spans ("(a)", "Note 1:", "Dear President Biden,") are not quotable


class DocFlag(StrEnum):
    """Warnings a reader must see beside a citation."""

    EXCERPT = "excerpt"
    HISTORICAL = "superseded/historical"
    EARLIER_CAPTURE = "earlier capture of a page also held as later captured"
    USER_ADDED = "user-added document"


class Origin(StrEnum):
    OFFICIAL = "official"  # listed in corpus/SOURCES.md, at the top of corpus/
    USER = "user"  # uploaded or dropped in by a user


class RetrieverMode(StrEnum):
    HYBRID = "hybrid"
    DENSE = "dense"
    BM25 = "bm25"


class Signal(StrEnum):
    """What found a passage (Passage.via)."""

    DENSE = "dense"  # the passage's vector
    SENTENCE = "sentence"  # its closest sentence's vector
    BM25 = "bm25"
    JURISDICTION = "jurisdiction"  # the question names its jurisdiction
    LEARNED = "learned"  # ranked by the fitted ranker
    CITATION = "citation"  # the question names the provision


class CheckStatus(StrEnum):
    """The verdict on one generated sentence."""

    SUPPORTED = "supported"
    UNSUPPORTED = "unsupported"
    UNCITED = "no citation"


class Verdict(StrEnum):
    """The conclusion a generated sentence states."""

    YES = "yes"  # allowed, authorised, covered, "only if …"
    NO = "no"  # not allowed, prohibited, not covered


class AnswerMode(StrEnum):
    EXTRACTIVE = "extractive"  # verbatim quotes, no language model
    GENERATED = "generated"  # written by a model, verified, shown
    FALLBACK = "extractive (fallback)"  # a model was asked, but the extractive answer is shown


# The corpus marks a document's status in its completeness field in capitals
# ("HISTORICAL/SUPERSEDED: …", "HISTORICAL: …"); lower-case mentions of history are about
# other documents ("the superseded text is kept separately").
_HISTORICAL = re.compile(r"\bHISTORICAL\b")
_SUPERSEDED = re.compile(
    r"\b(superseded by|in force before|revised (on |effective )?)[^;)]*?"
    r"(?P<date>(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4})"
)


@dataclass(frozen=True)
class DocMeta:
    """A document's front matter, shared by all its chunks. The one list of its fields."""

    doc_id: str
    title: str = ""
    citation: str = ""
    jurisdiction: str = "unknown"
    doc_type: str = "document"
    issued: str = "unknown"
    source_url: str = ""
    completeness: str = "unknown"
    origin: Origin = Origin.OFFICIAL

    # Fields a Markdown file's front matter may set ("id" is doc_id there).
    FRONT_MATTER = (
        "id",
        "title",
        "citation",
        "jurisdiction",
        "doc_type",
        "issued",
        "source_url",
        "completeness",
    )

    @property
    def historical(self) -> bool:
        return bool(_HISTORICAL.search(self.completeness)) or "superseded" in self.title.lower()

    @property
    def superseded_on(self) -> str:
        """The date the text stopped being the law, as the corpus states it; "" if unknown or
        if the text itself was not superseded: a 2020 fact sheet that is historical because a
        rule it describes was "revised on Feb. 16, 2024" also restates rules still in force."""
        if not self.historical or not (
            "SUPERSEDED" in self.completeness
            or "superseded" in f"{self.title} {self.citation}".lower()
        ):
            return ""
        for text in (self.citation, self.title, self.completeness):
            if m := _SUPERSEDED.search(text):
                return m.group("date")
        return ""

    @property
    def flags(self) -> tuple[DocFlag, ...]:
        out = []
        if self.completeness.lower().startswith("excerpt"):
            out.append(DocFlag.EXCERPT)
        if self.historical:
            out.append(DocFlag.HISTORICAL)
        if self.origin == Origin.USER:
            out.append(DocFlag.USER_ADDED)
        return tuple(out)

    def as_dict(self) -> dict[str, str]:
        return {f.name: str(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def from_dict(cls, values: dict) -> DocMeta:
        known = {f.name for f in dataclasses.fields(cls)}
        kept = {k: str(v) for k, v in values.items() if k in known and v not in (None, "")}
        if "origin" in kept:
            kept["origin"] = Origin(kept["origin"])
        return cls(**kept)


@dataclass(frozen=True)
class Paragraph:
    """Where a designated paragraph of a regulation starts inside a chunk, and its citation."""

    start: int  # offset in Chunk.text
    label: str  # "31 CFR § 510.512(e)(1)(ii)(B)"
    lost: bool = False  # its own designator is missing in the source copy: labelled by its parent


@dataclass(frozen=True)
class Chunk:
    """A piece of one section of one document, as stored.

    `text` is verbatim source text (quotes are cut from it); `context` is the
    title and heading path that is embedded and indexed with it but never quoted.
    """

    id: str
    doc: DocMeta
    text: str
    label: str  # what a lawyer would write: "31 CFR § 510.511", "OFAC FAQ 1162"
    heading: str  # heading path, "§ 9228 Exemptions … > (b) Waiver"
    context: str
    position: int  # order within the document
    page: int | None = None  # PDF page (1-based) where the chunk starts
    provisions: str = ""  # space-separated provision keys for citation lookup
    paragraphs: tuple[Paragraph, ...] = ()  # designated paragraphs (regulations), in order
    notes: tuple[str, ...] = ()  # the corpus editor's notes on this section (not legal text)

    @property
    def doc_id(self) -> str:
        return self.doc.doc_id

    @property
    def indexed_text(self) -> str:
        return f"{self.context}\n{self.text}"

    @property
    def flags(self) -> tuple[DocFlag, ...]:
        """Warnings a reader must see beside a citation of this chunk."""
        return self.doc.flags + ((DocFlag.EARLIER_CAPTURE,) if self.earlier_capture else ())

    @property
    def earlier_capture(self) -> bool:
        """A section of a page the corpus holds in two captures, from the earlier one
        ("Version B (earlier captured version)"): the later capture is the current text."""
        return bool(_EARLIER_CAPTURE.search(self.heading))

    @property
    def historical(self) -> bool:
        """Text that is not the current text: a superseded document or an earlier capture."""
        return self.doc.historical or self.earlier_capture

    @property
    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) of each quotable sentence: text[start:end] is the sentence. A sentence
        is quotable only with words of its own besides designators and gap marks."""
        return [
            (a, b)
            for a, b in sentence_spans(self.text)
            if _words(self.text[a:b]) >= MIN_QUOTE_WORDS
        ]

    @property
    def title(self) -> str:
        """The section's own heading, without its number: an FAQ's question, a CFR section's
        title ("Emergency medical services"); "" when an editor wrote it."""
        last = self.heading.split(" > ")[-1].strip() if self.heading else ""
        if not last or last.startswith("[") or "editorial" in last.lower():
            return ""
        text = _NUMBERED_HEADING.sub("", last).strip().rstrip(".").strip()
        return "" if text.lower() in (self.doc.title.lower(), self.label.lower()) else text

    def heading_at(self, offset: int) -> str:
        """The official heading of the provision at `offset`: the heading line of its U.S. Code
        paragraph or the nearest paragraph above it ("Clarification of permitted activities
        under waiver" for § 9228(b)(3)(C)), else the section's `title`."""
        here = self.paragraph_at(offset)
        label = here.label if here else ""
        while "(" in label:
            for p in self.paragraphs:
                line = self.text[p.start :].split("\n", 1)[0].strip()
                if p.label == label and (m := HEADING_LINE.fullmatch(line)):
                    return m.group("heading")
            label = label[: label.rfind("(")]
        return self.title

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The designated paragraph holding `offset`, if the chunk has any."""
        found = None
        for p in self.paragraphs:
            if p.start > offset:
                break
            found = p
        return found

    def lead_in(self, start: int) -> list[tuple[int, int]]:
        """What the sentence at `start` depends on (carveout.sentences.lead_in); in a
        regulation, the sentence of the parent paragraph that introduces its list ("This
        section does not authorize the following transactions:" before "(1) …")."""
        p = self.paragraph_at(start)
        if p is None:
            return lead_in(self.text, start)
        parent = p.label if p.lost else p.label[: p.label.rfind("(")]
        intro = next(
            (
                q
                for q in reversed(self.paragraphs)
                if q.start < p.start and q.label == parent and not q.lost
            ),
            None,
        )
        if intro is None:
            return []
        # The intro's own words end where its first subparagraph starts: for the second item
        # of a list, the first item is not its lead-in.
        own_end = min((q.start for q in self.paragraphs if q.start > intro.start), default=p.start)
        spans = [(a, b) for a, b in sentence_spans(self.text) if intro.start <= a and b <= own_end]
        last = self.text[spans[-1][0] : spans[-1][1]].rstrip() if spans else ""
        return spans[-1:] if last and (opens_list(last) or last.endswith("-")) else []

    def label_at(self, offset: int) -> str:
        """The most precise citation of the text at `offset`: its paragraph, else the chunk."""
        p = self.paragraph_at(offset)
        return p.label if p else self.label


# A paragraph's heading on a line of its own, as the U.S. Code prints it: "(1) In general",
# "(3) Clarification of permitted activities under waiver", "(2) Exception for food, medicine,
# and humanitarian shipments".
HEADING_LINE = re.compile(r"\(\w{1,4}\)\s+(?P<heading>[A-Z][^.;:()]{0,70})")
_NUMBERED_HEADING = re.compile(
    r"^(§+\s*[\d.]+[a-z]?\.?|\d+[A-Za-z]?\.|Article \d+[a-z]*|reg(ulation)?\.? \d+[A-Z]?)\s*", re.I
)
_NOT_WORDS = re.compile(r"\((?:[a-zA-Z0-9]{1,5}|…|\[…\])\)|\[…\]|…")


def _words(text: str) -> int:
    return len(_NOT_WORDS.sub(" ", text).split())


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with the scores that ranked it."""

    chunk: Chunk
    score: float
    rank: int
    dense: float | None = None  # cosine similarity to the query
    bm25: float | None = None
    via: tuple[Signal, ...] = ()  # which signals found it
    # The part of `score` it has for holding the kind of fact asked for (an amount, a date…),
    # not for speaking of the question: such a passage is no proof that a fact is stated.
    fact_boost: float = 0.0


@dataclass(frozen=True)
class Quote:
    """A verbatim span of a chunk: chunk.text[start:end] is the quoted text. The one shape
    of a quoted, scored or checked span across the code."""

    chunk: Chunk
    start: int
    end: int
    score: float = 0.0

    @property
    def text(self) -> str:
        return self.chunk.text[self.start : self.end]


@dataclass(frozen=True)
class Citation:
    n: int  # the [n] marker in the answer
    chunk: Chunk
    quotes: tuple[Quote, ...]

    @property
    def flags(self) -> tuple[DocFlag, ...]:
        return self.chunk.flags


@dataclass(frozen=True)
class SentenceCheck:
    """The verdict on one generated sentence against the sources it cites."""

    text: str  # the sentence with its valid [n] markers
    status: CheckStatus
    markers: tuple[int, ...] = ()
    reason: str = ""  # why it is not supported (or, supported, that its citation was moved)
    similarity: float | None = None  # to its closest cited sentence
    evidence: Quote | None = None  # that sentence
    source: int | None = None  # the [n] of the source holding the evidence
    verdict: Verdict | None = None  # the conclusion it states, if it states one
    copied: bool = False  # it repeats a worked example of the prompt, not the quotes


@dataclass
class Verification:
    checks: list[SentenceCheck]
    invalid_citations: int  # [n] markers that named no source, removed

    @property
    def supported(self) -> int:
        return sum(c.status == CheckStatus.SUPPORTED for c in self.checks)

    @property
    def failed_verdicts(self) -> list[SentenceCheck]:
        """Conclusions that are uncited or contradict their sources: one is enough to
        withhold the generated answer, whatever the share of supported sentences."""
        return [c for c in self.checks if c.verdict and c.status != CheckStatus.SUPPORTED]

    @property
    def copied(self) -> list[SentenceCheck]:
        """Sentences repeating a worked example: the model wrote from the prompt's examples,
        not from the quotes, so the whole answer is withheld."""
        return [c for c in self.checks if c.copied]

    @property
    def supported_rate(self) -> float:
        return self.supported / len(self.checks) if self.checks else 0.0


@dataclass
class Answer:
    question: str
    text: str  # Markdown with [n] markers
    citations: list[Citation]
    passages: list[Passage]  # everything retrieved, best first
    decline: Decline | None = None  # why the corpus cannot answer it; None when answered
    query: str = ""  # the query actually searched
    disclaimer: str = ""
    timings: dict[str, float] = field(default_factory=dict)  # milliseconds per stage
    scores: dict[str, float] = field(default_factory=dict)
    mode: AnswerMode = AnswerMode.EXTRACTIVE
    model: str = ""  # the language model asked, "openai:smollm2"; "" when none was
    verification: Verification | None = None  # of the generated text, shown or not
    drafts: list[Verification] = field(default_factory=list)  # every draft written, in order
    notice: str = ""  # why the answer shown is not the one asked for (model down, unsupported)
    lead: list[Quote] = field(default_factory=list)  # the quotes that answer, before related ones
    language_note: str = (
        ""  # in the asker's language: the answer is in English (a translated question)
    )
    applies: list[Applicable] = field(default_factory=list)  # the "What applies" block

    @property
    def refused(self) -> bool:
        return self.decline is not None

    @property
    def reason(self) -> str:
        return self.decline.detail if self.decline else ""

    @property
    def quotes(self) -> list[tuple[Citation, Quote]]:
        return [(c, q) for c in self.citations for q in c.quotes]

    @property
    def generated(self) -> bool:
        return self.mode == AnswerMode.GENERATED

    @property
    def answered_by(self) -> str:
        """What the reader is told wrote the answer."""
        return self.model if self.generated else str(self.mode)
