"""The four routes. Each reads the process's Assistant (carveout/api/state.py) and turns
what the core returns into the published JSON; none holds retrieval or citation logic."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import Executor
from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import JSONResponse

from carveout.api.payloads import (
    PACKAGED_MODEL,
    AskIn,
    DocumentRowOut,
    DocumentsOut,
    ErrorOut,
    GapOut,
    HealthOut,
    NearestOut,
    ProvisionMissingOut,
    ProvisionOut,
)
from carveout.api.state import AssistantState, IndexBusy, IndexEmpty, IndexUnavailable
from carveout.assistant import Assistant
from carveout.retrieve import Filters
from carveout.schema import AnswerOut, CorpusOut
from carveout.tools.coverage import documents, known_gaps
from carveout.tools.lookup import look_up

MAX_CITATION_CHARS = 200  # as on the Citation lookup page


@dataclass
class Api:
    """What the routes share, kept on app.state.api."""

    state: AssistantState
    # One thread answers, one question at a time: the Assistant is not known to be
    # thread-safe (PyStemmer's stemmer, under BM25, "must not be called concurrently"),
    # and two threads measured only ~10% more answers a second on two cores; more
    # processes (--workers) scale. Questions wait in this thread's queue, not in the
    # request thread pool, so lookups and health checks are not held up behind them.
    asker: Executor
    auth: bool


def _errors(*codes: int) -> dict:
    return {code: {"model": ErrorOut} for code in codes}


GUARDED = _errors(401, 413, 429, 503)
router = APIRouter(prefix="/v1")


def _api(request: Request) -> Api:
    return request.app.state.api


@router.post(
    "/ask", response_model=AnswerOut, responses={**_errors(400), **GUARDED}, tags=["answers"]
)
async def ask(body: AskIn, request: Request, response: Response) -> AnswerOut:
    """Answer a question with verbatim, cited quotes, or decline with the reason. Over-long,
    instruction-only and off-topic questions are declined in the answer (200), not refused."""
    api = _api(request)
    queued = time.perf_counter()
    loop = asyncio.get_running_loop()
    out, started = await loop.run_in_executor(api.asker, _answer, api.state, body)
    waited, total = (started - queued) * 1000, (time.perf_counter() - queued) * 1000
    response.headers["Server-Timing"] = f"queue;dur={waited:.1f}, total;dur={total:.1f}"
    return out


def _answer(state: AssistantState, body: AskIn) -> tuple[AnswerOut, float]:
    started = time.perf_counter()
    assistant = state.current()
    filters = Filters(tuple(body.jurisdictions), tuple(body.doc_types))
    _check_filters(assistant, filters)
    answer = assistant.ask(body.question, filters, body.mode, body.k, body.history)
    return AnswerOut.of(answer, CorpusOut.of(assistant.status())), started


def _check_filters(assistant: Assistant, filters: Filters) -> None:
    """A filter value no document has would silently empty every answer."""
    for name, asked, held in (
        ("jurisdictions", filters.jurisdictions, {d.jurisdiction for d in assistant.documents}),
        ("doc_types", filters.doc_types, {d.doc_type for d in assistant.documents}),
    ):
        if unknown := [v for v in asked if v not in held]:
            raise HTTPException(
                400,
                f"{name}: {', '.join(map(repr, unknown))} not in the corpus; it holds "
                + ", ".join(sorted(held)),
            )


@router.get(
    "/provisions/{citation:path}",
    response_model=ProvisionOut,
    responses={404: {"model": ProvisionMissingOut}, **_errors(400), **GUARDED},
    tags=["lookup"],
)
def provision(citation: str, request: Request):
    """The exact text of a provision from its citation, in any common form (`31 CFR
    510.511`, `§ 510.512(d)(2)`, `FAQ 1162`, `S/RES/2664 para 1`, `Art. 16e`, a defined
    term). A paragraph's place in its passage is given as spans."""
    if len(citation) > MAX_CITATION_CHARS:
        raise HTTPException(400, f"a citation is at most {MAX_CITATION_CHARS} characters")
    found = look_up(citation, _api(request).state.current().index.by_provision)
    if found.found:
        return ProvisionOut.of(found)
    message = (
        f"{citation!r} is not in this corpus"
        if found.keys
        else f"{citation!r} does not read as a citation this corpus indexes (a CFR or U.S.C. "
        "section, an OFAC FAQ, a resolution paragraph, a UK regulation or an EU article)"
    )
    missing = ProvisionMissingOut(
        error=message,
        status=404,
        nearest=[NearestOut(label=label, key=key) for label, key in found.nearest],
    )
    return JSONResponse(missing.model_dump(), 404)


@router.get("/documents", response_model=DocumentsOut, responses=GUARDED, tags=["coverage"])
def coverage(request: Request) -> DocumentsOut:
    """Every indexed document with its completeness and provenance, and the texts the
    corpus is known to lack. Check these before trusting a "no"."""
    api = _api(request)
    assistant = api.state.current()
    rows = documents(assistant.index.chunks, assistant.store.manifest())
    gaps = known_gaps(api.state.settings.corpus_dir / "SOURCES.md")
    return DocumentsOut(
        documents=[DocumentRowOut.of(r) for r in rows],
        known_gaps=[GapOut.of(g) for g in gaps],
        corpus=CorpusOut.of(assistant.status()),
    )


@router.get(
    "/health", response_model=HealthOut, responses={503: {"model": HealthOut}}, tags=["health"]
)
def health(request: Request) -> JSONResponse:
    """Whether this process can answer (200) or not (503, with why). Needs no token."""
    api = _api(request)
    try:
        assistant, index, detail = api.state.current(), "ready", ""
    except IndexBusy as exc:
        assistant, index, detail = api.state.loaded(), "building", str(exc)
    except IndexEmpty as exc:
        assistant, index, detail = None, "empty", str(exc)
    except IndexUnavailable as exc:
        assistant, index, detail = None, "unavailable", str(exc)
    settings = api.state.settings
    status = assistant.status() if assistant else None
    out = HealthOut(
        index=index,
        detail=detail,
        documents=status.documents if status else 0,
        chunks=status.chunks if status else 0,
        corpus=CorpusOut.of(status) if status else None,
        embedding_model=settings.embedding_model or PACKAGED_MODEL,
        llm=settings.llm,
        answerer=type(assistant.answerer).__name__ if assistant else "",
        auth=api.auth,
    )
    return JSONResponse(out.model_dump(), 200 if index == "ready" else 503)
