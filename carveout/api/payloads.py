"""What the API reads and writes besides the Answer (whose schema is carveout/schema.py):
the ask request, provision lookups, the coverage table, health, and errors."""

from __future__ import annotations

from dataclasses import asdict

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from carveout.models import Chunk, RetrieverMode
from carveout.schema import NOT_ADVICE, CorpusOut, PassageOut
from carveout.tools.coverage import DocumentRow, Gap
from carveout.tools.lookup import Lookup

PACKAGED_MODEL = "all-MiniLM-L6-v2 (packaged)"  # health's name for the default model


class AskIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"question": "Can a US person send money to a relative in North Korea?"}]
        },
    )

    question: StrictStr = Field(description="over CARVEOUT_MAX_QUESTION_CHARS: declined")
    jurisdictions: list[StrictStr] = Field(
        default=[], description="only passages of these jurisdictions (US, UN, EU, UK)"
    )
    doc_types: list[StrictStr] = Field(default=[], description="only documents of these types")
    history: list[StrictStr] = Field(
        default=[],
        description="the conversation's earlier questions as searched (each answer's `query`), "
        "oldest first: a follow-up is made standalone with them",
    )
    mode: RetrieverMode = Field(default=RetrieverMode.HYBRID, description="the retriever")
    k: int | None = Field(default=None, ge=1, le=100, description="passages to retrieve")


class ErrorOut(BaseModel):
    error: str
    status: int
    not_legal_advice: str = NOT_ADVICE


class NearestOut(BaseModel):
    label: str
    key: str


class ProvisionMissingOut(BaseModel):
    error: str
    status: int
    nearest: list[NearestOut] = Field(description="provisions of the same kind the corpus holds")
    not_legal_advice: str = NOT_ADVICE


class SpanOut(BaseModel):
    start: int
    end: int
    label: str


class ProvisionPartOut(BaseModel):
    passage: PassageOut
    spans: list[SpanOut] = Field(
        description="where the paragraph asked for lies in passage.text; [] for all of it"
    )


class ProvisionOut(BaseModel):
    citation: str = Field(description="as asked")
    key: str = Field(description="the provision key found, e.g. cfr:510.512(d)")
    label: str
    exact: bool = Field(description="false when only the enclosing provision was found")
    text: str = Field(description="the provision's exact text (its spans, or whole passages)")
    parts: list[ProvisionPartOut]
    not_legal_advice: str = NOT_ADVICE

    @classmethod
    def of(cls, found: Lookup) -> ProvisionOut:
        parts = [_part(found, c) for c in found.chunks]
        first = parts[0]
        texts = [p.passage.text[s.start : s.end] for p in parts for s in p.spans] or [
            p.passage.text for p in parts
        ]
        return cls(
            citation=found.query,
            key=found.key,
            label=first.spans[0].label if first.spans else first.passage.label,
            exact=found.exact,
            text="\n\n".join(texts),
            parts=parts,
        )


def _part(found: Lookup, chunk: Chunk) -> ProvisionPartOut:
    return ProvisionPartOut(
        passage=PassageOut.of(chunk),
        spans=[SpanOut(start=a, end=b, label=chunk.label_at(a)) for a, b in found.spans(chunk)],
    )


class DocumentRowOut(BaseModel):
    doc_id: str
    title: str
    jurisdiction: str
    doc_type: str
    issued: str
    completeness: str = Field(description="what the corpus copy lacks, as the corpus states it")
    historical: bool
    origin: str = Field(description="official (listed in corpus/SOURCES.md) or user")
    words: int
    chunks: int
    ingested_at: str
    file: str = Field(description="the file under the corpus folder")

    @classmethod
    def of(cls, row: DocumentRow) -> DocumentRowOut:
        return cls(**asdict(row))


class GapOut(BaseModel):
    title: str
    text: str

    @classmethod
    def of(cls, gap: Gap) -> GapOut:
        return cls(title=gap.title, text=gap.text)


class DocumentsOut(BaseModel):
    documents: list[DocumentRowOut]
    known_gaps: list[GapOut] = Field(
        description="looked for and not in the corpus (corpus/SOURCES.md of this server)"
    )
    corpus: CorpusOut
    not_legal_advice: str = NOT_ADVICE


class HealthOut(BaseModel):
    index: str = Field(description="ready, building (writer lock held), empty or unavailable")
    detail: str
    documents: int
    chunks: int
    corpus: CorpusOut | None
    embedding_model: str
    llm: str = Field(description="CARVEOUT_LLM: none, openai:<model>, ollama:<model>, local")
    answerer: str
    auth: bool = Field(description="bearer tokens required on every route but this one")
    not_legal_advice: str = NOT_ADVICE
