"""The Answer as JSON: one documented schema for the CLI (`python -m carveout ask --json`),
the HTTP API, the evaluation reports and the JSON export. `AnswerOut.model_json_schema()`
is the published form (the API serves it at /openapi.json); `AnswerOut.to_answer()` turns
it back into the Answer it describes, so an answer fetched over HTTP is evaluated by the
same code as one asked locally."""

from __future__ import annotations

from pydantic import BaseModel, Field

from carveout.applies import Applicable
from carveout.declines import Decline, DeclineReason
from carveout.models import (
    Answer,
    AnswerMode,
    CheckStatus,
    Chunk,
    Citation,
    DocMeta,
    Paragraph,
    Passage,
    Quote,
    SentenceCheck,
    Verification,
)
from carveout.roles import Role

GAP = "[…]"  # the corpus's mark for text missing in the source copy
NOT_ADVICE = (
    "This record is not legal advice. It shows what the Carve-out corpus says; verify every "
    "cited text against the official source before acting."
)


class DocumentOut(BaseModel):
    doc_id: str
    title: str
    citation: str
    jurisdiction: str
    doc_type: str
    issued: str
    source_url: str
    completeness: str = Field(description="what the corpus copy lacks, as the corpus states it")
    origin: str = Field(description="official (listed in corpus/SOURCES.md) or user")
    flags: list[str] = Field(
        description="warnings: excerpt, superseded/historical, user-added document"
    )

    @classmethod
    def of(cls, d: DocMeta) -> DocumentOut:
        return cls(**{k: v for k, v in d.as_dict().items()}, flags=[str(f) for f in d.flags])

    def to_meta(self) -> DocMeta:
        return DocMeta.from_dict(self.model_dump(exclude={"flags"}))


class ParagraphOut(BaseModel):
    start: int
    label: str
    lost: bool = Field(
        description="its designator is missing in the source copy; labelled by its parent"
    )


class PassageOut(BaseModel):
    """A stored passage of a document: the text quotes are cut from, and its citation."""

    id: str
    label: str = Field(description="the citation as a lawyer writes it, e.g. '31 CFR § 510.511'")
    heading: str
    text: str
    page: int | None
    position: int
    provisions: str
    paragraphs: list[ParagraphOut]
    notes: list[str] = Field(
        description="the corpus editor's notes on its section (not legal text)"
    )
    document: DocumentOut

    @classmethod
    def of(cls, c: Chunk) -> PassageOut:
        return cls(
            id=c.id,
            label=c.label,
            heading=c.heading,
            text=c.text,
            page=c.page,
            position=c.position,
            provisions=c.provisions,
            notes=list(c.notes),
            document=DocumentOut.of(c.doc),
            paragraphs=[
                ParagraphOut(start=p.start, label=p.label, lost=p.lost) for p in c.paragraphs
            ],
        )

    def to_chunk(self, context: str = "") -> Chunk:
        return Chunk(
            id=self.id,
            doc=self.document.to_meta(),
            text=self.text,
            label=self.label,
            heading=self.heading,
            context=context,
            position=self.position,
            page=self.page,
            provisions=self.provisions,
            notes=tuple(self.notes),
            paragraphs=tuple(Paragraph(p.start, p.label, p.lost) for p in self.paragraphs),
        )


class QuoteOut(BaseModel):
    text: str = Field(description="verbatim source text: passage.text[start:end]")
    start: int
    end: int
    label: str = Field(description="the citation of the paragraph it comes from")
    score: float
    lead: bool = Field(description="part of the answer proper, not a related passage")
    has_gap: bool = Field(description=f"contains {GAP}: text missing in the source copy")


class CitationOut(BaseModel):
    n: int = Field(description="the [n] marker in the answer text")
    label: str
    passage: PassageOut
    quotes: list[QuoteOut]

    @classmethod
    def of(cls, c: Citation, lead: set[tuple[str, int]]) -> CitationOut:
        return cls(
            n=c.n,
            label=c.chunk.label,
            passage=PassageOut.of(c.chunk),
            quotes=[
                QuoteOut(
                    text=q.text,
                    start=q.start,
                    end=q.end,
                    label=c.chunk.label_at(q.start),
                    score=q.score,
                    lead=(q.chunk.id, q.start) in lead,
                    has_gap=GAP in q.text,
                )
                for q in c.quotes
            ],
        )


class RetrievedOut(BaseModel):
    rank: int
    score: float
    dense: float | None
    bm25: float | None
    via: list[str] = Field(
        description="the signals that found it: dense, sentence, bm25, citation…"
    )
    passage: PassageOut


class ApplicableOut(BaseModel):
    jurisdiction: str
    role: str = Field(description="authorises, prohibits, requires, exempts or excludes")
    label: str
    heading: str
    n: int
    historical: bool


class CheckOut(BaseModel):
    text: str
    status: str = Field(description="supported, unsupported or no citation")
    markers: list[int]
    reason: str
    similarity: float | None


class VerificationOut(BaseModel):
    supported_rate: float
    invalid_citations: int
    checks: list[CheckOut]

    @classmethod
    def of(cls, v: Verification) -> VerificationOut:
        return cls(
            supported_rate=v.supported_rate,
            invalid_citations=v.invalid_citations,
            checks=[
                CheckOut(
                    text=c.text,
                    status=str(c.status),
                    markers=list(c.markers),
                    reason=c.reason,
                    similarity=c.similarity,
                )
                for c in v.checks
            ],
        )

    def to_verification(self) -> Verification:
        return Verification(
            [
                SentenceCheck(
                    c.text, CheckStatus(c.status), tuple(c.markers), c.reason, c.similarity
                )
                for c in self.checks
            ],
            self.invalid_citations,
        )


class DeclineOut(BaseModel):
    reason: str = Field(description="one of carveout.declines.DeclineReason")
    detail: str


class CorpusOut(BaseModel):
    documents: int
    passages: int
    latest_issued: str = Field(description="the newest 'issued' date among the documents")
    last_indexed: str
    hash: str = Field(description="digest of the indexed documents' content hashes")

    @classmethod
    def of(cls, status) -> CorpusOut:
        return cls(
            documents=status.documents,
            passages=status.chunks,
            latest_issued=status.latest_issued,
            last_indexed=status.last_ingest,
            hash=status.hash,
        )


class AnswerOut(BaseModel):
    question: str
    query: str = Field(
        description="what was searched: instructions stripped, follow-ups made standalone"
    )
    text: str = Field(description="the answer as shown, Markdown with [n] markers")
    refused: bool
    decline: DeclineOut | None
    applies: list[ApplicableOut] = Field(description="the 'What applies' block as data")
    mode: str = Field(description="extractive, generated, or extractive (fallback)")
    model: str = Field(description="the language model asked, or '' for none")
    notice: str
    language_note: str = Field(
        description="in the asker's language when the question was translated: the "
        "answer is in English"
    )
    citations: list[CitationOut]
    passages: list[RetrievedOut] = Field(description="everything retrieved, best first")
    verification: VerificationOut | None = Field(
        description="the checks of the generated draft shown, or of the first one withheld"
    )
    drafts: list[VerificationOut] = Field(
        default=[], description="every draft the model wrote, in order, with its checks"
    )
    scores: dict[str, float]
    timings_ms: dict[str, float]
    corpus: CorpusOut
    disclaimer: str
    not_legal_advice: str = NOT_ADVICE

    @classmethod
    def of(cls, answer: Answer, corpus: CorpusOut) -> AnswerOut:
        v = answer.verification
        lead = {(q.chunk.id, q.start) for q in answer.lead}
        return cls(
            question=answer.question,
            query=answer.query,
            text=answer.text,
            refused=answer.refused,
            decline=DeclineOut(reason=str(answer.decline.reason), detail=answer.decline.detail)
            if answer.decline
            else None,
            applies=[
                ApplicableOut(
                    jurisdiction=a.jurisdiction,
                    role=str(a.role),
                    label=a.label,
                    heading=a.heading,
                    n=a.n,
                    historical=a.historical,
                )
                for a in answer.applies
            ],
            mode=str(answer.mode),
            model=answer.model,
            notice=answer.notice,
            language_note=answer.language_note,
            citations=[CitationOut.of(c, lead) for c in answer.citations],
            passages=[
                RetrievedOut(
                    rank=p.rank,
                    score=p.score,
                    dense=p.dense,
                    bm25=p.bm25,
                    via=list(p.via),
                    passage=PassageOut.of(p.chunk),
                )
                for p in answer.passages
            ],
            verification=VerificationOut.of(v) if v else None,
            drafts=[VerificationOut.of(d) for d in answer.drafts],
            scores=dict(answer.scores),
            timings_ms={k: round(t, 2) for k, t in answer.timings.items()},
            corpus=corpus,
            disclaimer=answer.disclaimer,
        )

    def to_answer(self) -> Answer:
        """The Answer this JSON describes (a received answer, evaluated like a local one)."""
        chunks: dict[str, Chunk] = {}

        def chunk(p: PassageOut) -> Chunk:
            return chunks.setdefault(p.id, p.to_chunk())

        passages = [
            Passage(chunk(r.passage), r.score, r.rank, r.dense, r.bm25, tuple(r.via))
            for r in self.passages
        ]
        citations = [
            Citation(
                c.n,
                chunk(c.passage),
                tuple(Quote(chunk(c.passage), q.start, q.end, q.score) for q in c.quotes),
            )
            for c in self.citations
        ]
        lead = [
            Quote(chunk(c.passage), q.start, q.end, q.score)
            for c in self.citations
            for q in c.quotes
            if q.lead
        ]
        v = self.verification
        return Answer(
            question=self.question,
            text=self.text,
            citations=citations,
            passages=passages,
            decline=Decline(DeclineReason(self.decline.reason), self.decline.detail)
            if self.decline
            else None,
            query=self.query,
            disclaimer=self.disclaimer,
            timings=dict(self.timings_ms),
            scores=dict(self.scores),
            mode=AnswerMode(self.mode),
            model=self.model,
            notice=self.notice,
            language_note=self.language_note,
            lead=lead,
            applies=[
                Applicable(a.jurisdiction, Role(a.role), a.label, a.heading, a.n, a.historical)
                for a in self.applies
            ],
            verification=v.to_verification() if v else None,
            drafts=[d.to_verification() for d in self.drafts],
        )
