"""How the browser tests, the load script and the screenshots drive the app: Debian's
Chromium (Playwright's own download is unreachable here) with the flags these machines need."""
from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CHAT_BOX = 'textarea[data-testid="stChatInputTextArea"]'  # the chat page's question box
