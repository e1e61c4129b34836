"""The Answer as JSON: one documented schema for the CLI (`python -m carveout ask --json`),
the HTTP API, the evaluation reports and the JSON export. `AnswerOut.model_json_schema()`
is the published form (also served by the API at /openapi.json)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from carveout.models import Answer, Citation, Quote

GAP = "[…]"  # the corpus's mark for text missing in the source copy
NOT_ADVICE = (
    "This record is not legal advice. It shows what the Carve-out corpus says; verify every "
    "cited text against the official source before acting."
)


class QuoteOut(BaseModel):
    text: str = Field(description="verbatim source text: passage[start:end]")
    start: int
    end: int
    has_gap: bool = Field(description=f"contains {GAP}: text missing in the source copy")

    @classmethod
    def of(cls, q: Quote) -> QuoteOut:
        return cls(text=q.text, start=q.start, end=q.end, has_gap=GAP in q.text)


class CitationOut(BaseModel):
    n: int = Field(description="the [n] marker in the answer text")
    label: str = Field(description="the citation as a lawyer writes it, e.g. '31 CFR § 510.511'")
    doc_id: str
    title: str
    jurisdiction: str
    doc_type: str
    issued: str
    source_url: str
    completeness: str
    page: int | None
    flags: list[str] = Field(
        description="warnings: excerpt, superseded/historical, user-added document"
    )
    quotes: list[QuoteOut]
    passage: str = Field(description="the whole cited passage, as stored")

    @classmethod
    def of(cls, c: Citation) -> CitationOut:
        d = c.chunk.doc
        return cls(
            n=c.n,
            label=c.chunk.label,
            doc_id=d.doc_id,
            title=d.title,
            jurisdiction=d.jurisdiction,
            doc_type=d.doc_type,
            issued=d.issued,
            source_url=d.source_url,
            completeness=d.completeness,
            page=c.chunk.page,
            flags=[str(f) for f in c.flags],
            quotes=[QuoteOut.of(q) for q in c.quotes],
            passage=c.chunk.text,
        )


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
    mode: str = Field(description="extractive, generated, or extractive (fallback)")
    model: str = Field(description="the language model asked, or '' for none")
    notice: str
    citations: list[CitationOut]
    verification: VerificationOut | None
    timings_ms: dict[str, float]
    corpus: CorpusOut
    disclaimer: str
    not_legal_advice: str = NOT_ADVICE

    @classmethod
    def of(cls, answer: Answer, corpus: CorpusOut) -> AnswerOut:
        v = answer.verification
        return cls(
            question=answer.question,
            query=answer.query,
            text=answer.text,
            refused=answer.refused,
            decline=DeclineOut(reason=str(answer.decline.reason), detail=answer.decline.detail)
            if answer.decline
            else None,
            mode=str(answer.mode),
            model=answer.model,
            notice=answer.notice,
            citations=[CitationOut.of(c) for c in answer.citations],
            verification=VerificationOut(
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
            if v
            else None,
            timings_ms={k: round(t, 2) for k, t in answer.timings.items()},
            corpus=corpus,
            disclaimer=answer.disclaimer,
        )
