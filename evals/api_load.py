"""Concurrent API clients: N httpx clients each POST a different dev-set question to
/v1/ask at once, against a running API or one started here (`python -m carveout.api`).

`python -m evals load --api [URL] --clients 50` prints the time each client waited for its
answer (p50/p95), how many got a cited answer or a decline (200), and every error.
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from carveout.api.client import TOKEN_ENV
from carveout.config import ROOT
from devtools import api_server

TIMEOUT = 600.0  # the last of N queued questions waits for the N-1 before it


async def _client(http: httpx.AsyncClient, question: str) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        response = await http.post("/v1/ask", json={"question": question})
    except httpx.HTTPError as exc:
        return float("nan"), f"{type(exc).__name__}: {exc}"
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        return elapsed, f"HTTP {response.status_code}: {response.text[:200]}"
    body = response.json()
    if not (body["citations"] or body["refused"]):
        return elapsed, f"an answer with no citation and no decline: {question!r}"
    return elapsed, ""


async def _all(url: str, questions: list[str]) -> list[tuple[float, str]]:
    token = os.environ.get(TOKEN_ENV, "")
    # One connection per client, all open at once, as separate case-management systems
    # would hold them (one httpx client for all: building 50 of them took seconds of the
    # test's own CPU before the last request went out).
    async with httpx.AsyncClient(
        base_url=url,
        timeout=TIMEOUT,
        headers={"Authorization": f"Bearer {token}"} if token else {},
        limits=httpx.Limits(max_connections=len(questions), max_keepalive_connections=0),
    ) as http:
        warm = await _client(http, questions[0])  # as on a server already in use
        if warm[1]:
            raise RuntimeError(f"the warm-up request failed: {warm[1]}")
        return await asyncio.gather(*(_client(http, q) for q in questions))


def run_api_load(url: str | None, questions: list[str]) -> int:
    """Against `url`, or (None) an API started here on the index under CARVEOUT_DATA_DIR."""
    if url:
        return _report(url, questions, None)
    # The index ready before clients come: the API only reads it.
    subprocess.run([sys.executable, "-m", "ingest"], cwd=ROOT, check=True)
    log = Path(tempfile.mkstemp(suffix=".log")[1])
    try:
        server = api_server(log)
    except RuntimeError as exc:
        print(exc)
        return 1
    with server:
        return _report(server.url, questions, log)


def _percentile(values: list[float], pct: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def _report(url: str, questions: list[str], log: Path | None) -> int:
    started = time.perf_counter()
    results = asyncio.run(_all(url, questions))
    wall = time.perf_counter() - started
    times = sorted(t for t, err in results if not err)
    errors = [err for _, err in results if err]
    print(
        f"{len(questions)} concurrent API clients against {url}: {len(times)} answered, "
        f"{len(errors)} failed; wall {wall:.1f} s ({len(times) / wall:.1f} answers/s)"
    )
    if times:
        print(
            f"time to answer: p50 {_percentile(times, 50):.2f} s, "
            f"p95 {_percentile(times, 95):.2f} s, min {times[0]:.2f} s, max {times[-1]:.2f} s"
        )
    for err in errors:
        print(f"  client error: {err}")
    server_errors = []
    if log is not None:
        server_errors = [
            line
            for line in log.read_text().splitlines()
            if re.search(r"Traceback|Error|Exception", line)
        ]
        print(f"server log: {len(server_errors)} error line(s) ({log})")
        for line in server_errors[:10]:
            print(f"  {line}")
    return 0 if not errors and not server_errors else 1
