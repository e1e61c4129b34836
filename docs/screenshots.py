"""Regenerate the screenshots in docs/: `.venv/bin/python -m docs.screenshots`.

Starts the app on loopback three times (extractive; with the local SmolLM2 test model; with
a scripted OpenAI-compatible reply), each generated one with CARVEOUT_MIN_SUPPORTED_SHARE=0
so the marked draft is displayed (as the answer, or under the fallback when its verdict is
withheld), and drives Debian Chromium through each page."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

from carveout.config import ROOT
from devtools import CHAT_BOX, SMOLLM2, LlamaServer, chromium, free_port, streamlit_app

DOCS = ROOT / "docs"
REMITTANCE = "How much money can I send to my aunt in North Korea each year?"


# A scripted reply for the verification screenshot: SmolLM2-135M rarely writes [n] markers,
# so the wrong-number case is shown with a reply that has one supported sentence, one with
# a number its source lacks, one citing a source that does not exist and one uncited.
SCRIPTED = (
    "U.S. persons are authorized to send noncommercial, personal remittances to North Korea, up to a "
    "maximum of $5,000 per year [1]. The limit rises to $10,000 for close relatives [1]. "
    "Banks must keep a record of each transfer [7]. Cash may also be carried across the border."
)


class _Scripted(BaseHTTPRequestHandler):
    """The smallest OpenAI-compatible chat endpoint: streams SCRIPTED word by word."""

    def do_POST(self):  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for word in SCRIPTED.split(" "):
            chunk = {
                "id": "x",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": "scripted",
                "choices": [{"index": 0, "delta": {"content": word + " "}, "finish_reason": None}],
            }
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        self.wfile.write(b"data: [DONE]\n\n")

    def log_message(self, *_):
        pass


def serve(env_extra: dict):
    return streamlit_app(Path(tempfile.mkstemp(suffix=".log")[1]), env_extra)


def ask(page, url: str, question: str, done: str) -> None:
    page.goto(url)
    box = page.locator(CHAT_BOX)
    box.wait_for(timeout=180_000)
    box.fill(question)
    page.keyboard.press("Enter")
    page.get_by_text(done).first.wait_for(timeout=180_000)
    page.wait_for_timeout(1500)


def shoot_generated(page, env: dict, name: str) -> None:
    """The remittance question answered by a model, its draft shown with the marks: as the
    answer, or (when the verdict check withholds it) opened under the extractive fallback."""
    with serve({**env, "CARVEOUT_MIN_SUPPORTED_SHARE": "0"}) as app:
        ask(page, app.url, REMITTANCE, "Answered by:")
        draft = page.get_by_text("Generated draft that was not shown")
        if draft.count():
            draft.first.click()
            page.wait_for_timeout(1000)
        page.screenshot(path=str(DOCS / name), full_page=True)


def main() -> None:
    subprocess.run([sys.executable, "-m", "ingest"], cwd=ROOT, check=True)
    with sync_playwright() as p:
        browser = chromium(p)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        with serve({}) as app:
            url = app.url
            ask(page, url, REMITTANCE, "What the corpus says")
            page.locator("details summary").first.click()
            # The chat keeps itself scrolled to its end: a window tall enough for the whole
            # answer, from the question and its What applies block to the opened passage.
            page.set_viewport_size({"width": 1280, "height": 2400})
            page.wait_for_timeout(1500)
            page.screenshot(path=str(DOCS / "screenshot.png"))
            page.set_viewport_size({"width": 1280, "height": 1000})
            page.goto(url + "/Citation_lookup")
            page.get_by_role("textbox", name="Citation").fill("22 USC 9228 (b)")
            page.keyboard.press("Enter")
            page.get_by_text("Every provision in the corpus").wait_for(timeout=60_000)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(DOCS / "lookup.png"))
            page.goto(url + "/Corpus_coverage")
            page.get_by_text("Known gaps").wait_for(timeout=60_000)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(DOCS / "coverage.png"), full_page=True)
            page.goto(url + "/Transaction_checklist")
            page.get_by_text("What is involved?").wait_for(timeout=60_000)
            page.get_by_role("button", name="Show the provisions that apply").click()
            page.get_by_text("provisions to check").wait_for(timeout=60_000)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(DOCS / "checklist.png"), full_page=True)
        with LlamaServer(Path(tempfile.mkstemp(suffix=".log")[1])) as server:
            shoot_generated(
                page,
                {
                    "CARVEOUT_LLM": f"openai:{SMOLLM2}",
                    "CARVEOUT_LLM_BASE_URL": server.base_url,
                    "CARVEOUT_LLM_MAX_TOKENS": "120",
                },
                "llm-marks.png",
            )
        scripted = ThreadingHTTPServer(("127.0.0.1", free_port()), _Scripted)
        threading.Thread(target=scripted.serve_forever, daemon=True).start()
        try:
            shoot_generated(
                page,
                {
                    "CARVEOUT_LLM": "openai:scripted",
                    "CARVEOUT_LLM_BASE_URL": f"http://127.0.0.1:{scripted.server_port}/v1",
                },
                "verification.png",
            )
        finally:
            scripted.shutdown()
        browser.close()
    print("wrote", ", ".join(sorted(p.name for p in DOCS.glob("*.png"))))


if __name__ == "__main__":
    main()
