"""The real app in a real browser: Streamlit served on loopback, Debian Chromium via Playwright."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from devtools import CHAT_BOX, CHROMIUM, chromium, streamlit_app

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's chromium at /usr/bin/chromium (.ci/run installs it)")
    pytest.skip(
        "Debian chromium is not installed (apt-get install chromium)", allow_module_level=True
    )


@pytest.fixture(scope="module")
def app_url(shipped, tmp_path_factory):
    """The app with its default settings, started once for the tests that need no other: each
    test opens its own browser session on it, as separate visitors would."""
    env = {"CARVEOUT_DATA_DIR": str(shipped.settings.data_dir)}
    server = streamlit_app(tmp_path_factory.mktemp("app") / "streamlit.log", env)
    yield server.url
    server.stop()


@pytest.fixture
def serve(shipped, tmp_path):
    """Start the app on a free loopback port with extra environment; stopped afterwards."""
    servers = []

    def start(**env_extra) -> str:
        env = {"CARVEOUT_DATA_DIR": str(shipped.settings.data_dir), **env_extra}
        servers.append(streamlit_app(tmp_path / f"streamlit-{len(servers)}.log", env))
        return servers[-1].url

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = chromium(p)
        yield b
        b.close()


def _ask_remittance(page, url: str) -> None:
    page.goto(url)
    box = page.locator(CHAT_BOX)
    box.wait_for(timeout=120_000)
    box.fill("How much money can I send to my aunt in North Korea each year?")
    page.keyboard.press("Enter")
    page.get_by_text("What the corpus says").wait_for(timeout=60_000)


def test_a_visitor_asks_and_opens_the_cited_passage(app_url, browser):
    from playwright.sync_api import expect

    page = browser.new_page()
    _ask_remittance(page, app_url)
    answer = page.locator('[data-testid="stChatMessage"]').last
    expect(answer).to_contain_text("5,000", timeout=60_000)
    expect(answer).to_contain_text("What applies")
    expect(answer).to_contain_text("authorises: 31 CFR § 510.511(a)(1)")
    # The answer renders piece by piece (CI once clicked before the citations were there):
    # wait for the first citation's own expander, then for its highlighted quote.
    citation = answer.locator("details", has_text="[1]").first
    citation.locator("summary").click(timeout=60_000)
    expect(citation.locator("mark").first).to_be_visible(timeout=30_000)


def _sign_in(page, username: str, password: str) -> None:
    page.get_by_role("textbox", name="Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Login").click()


def test_with_sign_in_a_visitor_sees_only_the_form_and_a_viewer_no_admin_actions(
    serve, browser, tmp_path
):
    from ui.users import add_user

    users = tmp_path / "users.yaml"
    add_user(users, "vic", "viewer-pass-1", "viewer")
    add_user(users, "ann", "admin-pass-1", "admin")
    url = serve(CARVEOUT_AUTH_FILE=str(users))

    page = browser.new_context().new_page()
    page.goto(url)
    page.get_by_text("Sign in to Carve-out").wait_for(timeout=120_000)
    assert page.locator(CHAT_BOX).count() == 0
    assert page.get_by_text("Transaction checklist").count() == 0  # not even the page names
    assert (
        "documents"
        not in page.locator("section[data-testid='stSidebar']").all_inner_texts().__str__()
    )
    _sign_in(page, "vic", "wrong-password")
    page.get_by_text("Wrong user name or password").wait_for(timeout=30_000)
    assert page.locator(CHAT_BOX).count() == 0

    _sign_in(page, "vic", "viewer-pass-1")
    page.locator(CHAT_BOX).wait_for(timeout=120_000)
    page.get_by_role("link", name="Transaction checklist").wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Re-index corpus folder").count() == 0

    admin = browser.new_context().new_page()
    admin.goto(url)
    admin.get_by_text("Sign in to Carve-out").wait_for(timeout=120_000)
    _sign_in(admin, "ann", "admin-pass-1")
    admin.get_by_role("button", name="Re-index corpus folder").wait_for(timeout=120_000)


def test_an_answer_downloads_as_a_pdf_holding_its_quotes(app_url, browser, tmp_path):
    import io

    from pypdf import PdfReader

    page = browser.new_context(accept_downloads=True).new_page()
    _ask_remittance(page, app_url)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="PDF").first.click()
    path = tmp_path / "answer.pdf"
    download.value.save_as(path)
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages).split()
    )
    assert "up to a maximum of $5,000 per year" in text and "31 CFR § 510.511" in text
    assert "not legal advice" in text


def test_the_checklist_lists_cited_provisions_for_a_remittance(app_url, browser):
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(app_url + "/Transaction_checklist")
    page.get_by_text("What is involved?").wait_for(timeout=120_000)
    what = page.locator('[data-testid="stSelectbox"]').first
    what.click()
    page.get_by_role("option", name="remittance").click()
    expect(what.locator("input")).to_have_value("remittance")  # chosen before submitting
    page.get_by_role("button", name="Show the provisions that apply").click()
    # Items render one after another: wait for the quote itself, not just the heading.
    quote = page.locator("blockquote.checklist", has_text="5,000").first
    quote.wait_for(timeout=60_000)
    assert "31 CFR § 510.511" in quote.inner_text()
