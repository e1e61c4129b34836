"""The real app in a real browser: Streamlit served on loopback, Debian Chromium via Playwright."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from carveout.config import ROOT
from tests.conftest import free_port, wait_for_port

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's chromium at /usr/bin/chromium (.ci/run installs it)")
    pytest.skip("Debian chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture
def served_app(shipped, tmp_path):
    port = free_port()
    env = {**os.environ, "CARVEOUT_DATA_DIR": str(shipped.settings.data_dir)}
    log = (tmp_path / "streamlit.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                             "--server.port", str(port), "--server.headless=true",
                             "--browser.gatherUsageStats=false"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    if not wait_for_port(port, 90):
        proc.kill()
        pytest.fail(f"streamlit did not start: {(tmp_path / 'streamlit.log').read_text()}")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


def test_a_visitor_asks_and_opens_the_cited_passage(served_app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM),
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        page.goto(served_app)
        box = page.get_by_placeholder("Ask about")
        box.wait_for(timeout=120_000)
        box.fill("How much money can I send to my aunt in North Korea each year?")
        page.keyboard.press("Enter")
        page.get_by_text("What the corpus says").wait_for(timeout=60_000)
        assert "5,000" in page.locator('[data-testid="stChatMessage"]').last.inner_text()
        page.locator("details summary").first.click()
        assert page.locator("details mark").first.is_visible()
        browser.close()
