"""Concurrent users: N browser sessions (Playwright contexts in one Debian Chromium) ask
different dev-set questions at once against a real `streamlit run app.py`.

`python -m evals load --sessions 20` prints the time each session waited for its answer
(p50/p95), how many were answered, and any error lines from the server log.
"""

from __future__ import annotations

import asyncio
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from carveout.config import ROOT
from devtools import CHAT_BOX, chromium, streamlit_app

ANSWERED = re.compile(r"What the corpus says|does not answer")


async def _session(browser, url: str, question: str) -> tuple[float, str]:
    context = await browser.new_context()
    page = await context.new_page()
    try:
        await page.goto(url, wait_until="commit", timeout=180_000)
        box = page.locator(CHAT_BOX)
        await box.wait_for(timeout=180_000)
        await box.fill(question)
        start = time.perf_counter()
        await page.keyboard.press("Enter")
        await (
            page.locator('[data-testid="stChatMessage"]')
            .nth(1)
            .get_by_text(ANSWERED)
            .first.wait_for(timeout=180_000)
        )
        return time.perf_counter() - start, ""
    except Exception as exc:  # a session that fails is reported, not fatal to the others
        return float("nan"), f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    finally:
        await context.close()


async def _all(url: str, questions: list[str]) -> list[tuple[float, str]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await chromium(p)
        # One session first, so the model and index are loaded as on a server already in use.
        warm = await _session(browser, url, questions[0])
        if warm[1]:
            raise RuntimeError(f"the warm-up session failed: {warm[1]}")
        results = await asyncio.gather(*(_session(browser, url, q) for q in questions))
        await browser.close()
    return results


def run_load(questions: list[str]) -> int:
    subprocess.run(
        [sys.executable, "-m", "ingest"], cwd=ROOT, check=True
    )  # index ready before users come
    log = Path(tempfile.mkstemp(suffix=".log")[1])
    try:
        server = streamlit_app(log)
    except RuntimeError as exc:
        print(exc)
        return 1
    with server:
        started = time.perf_counter()
        results = asyncio.run(_all(server.url, questions))
        wall = time.perf_counter() - started
    times = sorted(t for t, err in results if not err)
    errors = [err for _, err in results if err]
    server_errors = [
        line
        for line in log.read_text().splitlines()
        if re.search(r"Traceback|Error|Exception", line)
    ]
    print(
        f"{len(questions)} concurrent sessions: {len(times)} answered, {len(errors)} failed; "
        f"wall {wall:.1f} s"
    )
    if times:
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        print(
            f"time to answer: p50 {statistics.median(times):.1f} s, p95 {p95:.1f} s, max {times[-1]:.1f} s"
        )
    for err in errors:
        print(f"  session error: {err}")
    print(f"server log: {len(server_errors)} error line(s) ({log})")
    for line in server_errors[:10]:
        print(f"  {line}")
    return 0 if not errors and not server_errors else 1
