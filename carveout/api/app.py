"""The FastAPI app: routes (carveout/api/routes.py) behind the gate (size, rate, token),
every error as JSON `{"error", "status", "not_legal_advice"}`, OpenAPI docs at /docs.

`create_app()` with no arguments reads CARVEOUT_* settings, so uvicorn can also start it
as a factory: `uvicorn --factory carveout.api.app:create_app`.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from carveout.api.gate import Gate, error_response
from carveout.api.limits import RateLimiter
from carveout.api.routes import Api, router
from carveout.api.state import AssistantState, IndexBusy, IndexUnavailable
from carveout.api.tokens import TokenCheck
from carveout.config import Settings, load_settings
from carveout.schema import NOT_ADVICE

log = logging.getLogger("carveout.api")

HEALTH = "/v1/health"
# Health for load balancers; the docs describe the API and hold no corpus data.
OPEN_PATHS = frozenset({HEALTH, "/docs", "/docs/oauth2-redirect", "/openapi.json", "/redoc"})
BUSY_RETRY_SECONDS = 5

DESCRIPTION = f"""Answers about DPRK sanctions law with verbatim, cited quotes from the
Carve-out corpus, through the same code as the app and the evaluation.

**{NOT_ADVICE}**

With a tokens file (CARVEOUT_API_TOKENS_FILE) every route but `/v1/health` needs
`Authorization: Bearer <token>`. Errors are JSON: `{{"error": "...", "status": N}}`
(400 bad input, 401 token, 404 unknown provision, 413 body too large, 429 rate limited
with Retry-After, 503 index being built or store unreachable)."""


def create_app(settings: Settings | None = None, state: AssistantState | None = None) -> FastAPI:
    settings = settings or load_settings()
    state = state or AssistantState(settings)
    tokens = TokenCheck(Path(settings.api_tokens_file)) if settings.api_tokens_file else None

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        asker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ask")
        app.state.api = Api(state, asker, auth=tokens is not None)
        await run_in_threadpool(_warm, state, asker)
        yield
        asker.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(title="Carve-out API", version="1", description=DESCRIPTION, lifespan=lifespan)
    app.add_middleware(
        Gate,
        max_body=settings.api_max_body_kb * 1024,
        limiter=RateLimiter(settings.api_rate_limit),
        tokens=tokens,
        open_paths=OPEN_PATHS,
    )
    _add_error_handlers(app)
    app.include_router(router)
    app.openapi = lambda: _openapi(app, auth=tokens is not None)
    return app


def _warm(state: AssistantState, asker: ThreadPoolExecutor) -> None:
    """Model and index loaded, and one question asked (the first ask is several times
    slower), before the first client comes: uvicorn listens only once this returns."""
    _one_torch_thread()
    state.embedder()
    try:
        assistant = state.current()
    except (IndexBusy, IndexUnavailable) as exc:
        log.warning("not ready yet: %s", exc)
        return
    if assistant.model is None:  # a language model is not asked just to warm up
        asker.submit(assistant.ask, "humanitarian exemptions").result()


def _one_torch_thread() -> None:
    """Questions are answered one at a time, and one question's embedding is too small to
    share out: with two threads on two busy cores each stalled the other at every step
    (500 ms per query embedding instead of 20 ms; the same 20 ms on idle cores). Torch's
    setting only, not OMP_NUM_THREADS, which would also change numpy's arithmetic and so
    break near ties differently from a local run. An OMP_NUM_THREADS of your own wins."""
    if "OMP_NUM_THREADS" not in os.environ:
        import torch

        torch.set_num_threads(1)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException):
        return error_response(exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def bad_input(_: Request, exc: RequestValidationError):
        return error_response(400, describe(exc.errors()))

    @app.exception_handler(IndexBusy)
    async def busy(_: Request, exc: IndexBusy):
        return error_response(503, str(exc), {"Retry-After": str(BUSY_RETRY_SECONDS)})

    @app.exception_handler(IndexUnavailable)
    async def unavailable(_: Request, exc: IndexUnavailable):
        return error_response(503, str(exc), {"Retry-After": str(BUSY_RETRY_SECONDS)})

    @app.exception_handler(Exception)
    async def crashed(_: Request, exc: Exception):  # uvicorn logs the traceback
        return error_response(500, f"internal error ({type(exc).__name__}); see the server log")


def describe(errors) -> str:
    """Pydantic's validation errors as one sentence a client's developer can act on."""
    parts = []
    for e in errors:
        loc = tuple(e.get("loc", ()))
        if e["type"] == "json_invalid":
            return f"the body is not valid JSON ({e.get('ctx', {}).get('error', '')})"
        if loc == ("body",):
            return (
                'the body must be a JSON object such as {"question": "..."}, sent with '
                "content-type: application/json"
            )
        where = ".".join(str(x) for x in loc[1:]) or str(loc[0] if loc else "request")
        parts.append(f"{where}: {e['msg']}")
    return "; ".join(parts)


def _openapi(app: FastAPI, auth: bool) -> dict:
    """FastAPI's schema with the 400 this API sends for bad input instead of its default
    422, and the bearer scheme on the guarded routes when tokens are required."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    for path, operations in schema["paths"].items():
        for op in operations.values():
            op.get("responses", {}).pop("422", None)
            if auth and path != HEALTH:
                op["security"] = [{"bearer": []}]
    components = schema.setdefault("components", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.get("schemas", {}).pop(unused, None)
    if auth:
        components["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    app.openapi_schema = schema
    return schema
