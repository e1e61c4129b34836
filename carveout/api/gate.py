"""What a request must pass before any route sees it, in this order: its body size (413),
its client's rate (429; loopback clients exempt) and, with a tokens file set, its bearer
token (401). Plain ASGI, so a refused request is answered before its body is read."""

from __future__ import annotations

import math

from fastapi import HTTPException
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from carveout.api.limits import RateLimiter, is_loopback
from carveout.api.payloads import ErrorOut
from carveout.api.tokens import TokenCheck


def error_response(status: int, message: str, headers: dict[str, str] | None = None):
    return JSONResponse(ErrorOut(error=message, status=status).model_dump(), status, headers)


class Gate:
    def __init__(
        self,
        app: ASGIApp,
        max_body: int,
        limiter: RateLimiter,
        tokens: TokenCheck | None,
        open_paths: frozenset[str],
    ):
        self.app = app
        self.max_body = max_body
        self.limiter = limiter
        self.tokens = tokens
        self.open_paths = open_paths
        self.too_large = (
            f"the request body is over {max_body // 1024} KB (CARVEOUT_API_MAX_BODY_KB)"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = self.refusal(scope)
        if refused is not None:
            await refused(scope, receive, send)
            return
        await self.app(scope, self._counted(receive), send)

    def refusal(self, scope: Scope) -> JSONResponse | None:
        headers = Headers(scope=scope)
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            return error_response(413, self.too_large)
        if scope["path"] in self.open_paths:
            return None
        # No client address: a Unix socket, so this machine.
        host = scope["client"][0] if scope.get("client") else "localhost"
        if not is_loopback(host) and (wait := self.limiter.wait(host)) > 0:
            return error_response(
                429,
                f"more than {self.limiter.per_minute} requests a minute from {host} "
                "(CARVEOUT_API_RATE_LIMIT); retry after the time in Retry-After",
                {"Retry-After": str(max(1, math.ceil(wait)))},
            )
        if self.tokens is not None:
            scheme, _, token = headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                return _unauthorised("this server needs 'Authorization: Bearer <token>'")
            if self.tokens.name_of(token.strip()) is None:
                return _unauthorised("the bearer token is not valid (unknown or revoked)")
        return None

    def _counted(self, receive: Receive) -> Receive:
        """Bodies sent without a Content-Length are counted as they arrive."""
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    # An HTTPException: FastAPI passes it on from the body read unchanged,
                    # to the JSON error handler.
                    raise HTTPException(413, self.too_large)
            return message

        return counted


def _unauthorised(message: str) -> JSONResponse:
    return error_response(401, message, {"WWW-Authenticate": "Bearer"})
