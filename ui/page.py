"""What every page starts with: its title, sign-in, then the sidebar's list of pages.

Streamlit's own page list is switched off (.streamlit/config.toml) because it names the
chat page after its file, "app", and shows every page name before sign-in.
"""
from __future__ import annotations

import streamlit as st

from carveout.config import Settings
from ui import resources
from ui.auth import User, require_user

PAGES = (
    ("app.py", "Ask", "⚖️"),
    ("pages/1_Evaluation.py", "Evaluation", "📏"),
    ("pages/2_Citation_lookup.py", "Citation lookup", "🔎"),
    ("pages/3_Corpus_coverage.py", "Corpus coverage", "📚"),
    ("pages/4_Transaction_checklist.py", "Transaction checklist", "✅"),
)


def open_page(path: str) -> tuple[Settings, User]:
    """Set up the page at `path` (one of PAGES) and return the settings and signed-in user."""
    _, title, icon = next(p for p in PAGES if p[0] == path)
    st.set_page_config(page_title="Carve-out" if path == "app.py" else f"Carve-out · {title}",
                       page_icon=icon, layout="wide")
    settings = resources.settings()
    user = require_user(settings)
    with st.sidebar:
        for page, label, page_icon in PAGES:
            st.page_link(page, label=label, icon=page_icon)
        st.divider()
    return settings, user
