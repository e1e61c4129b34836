"""What every page starts with: its title, sign-in, then the sidebar's list of pages.

Streamlit's own page list is switched off (.streamlit/config.toml) because it names the
chat page after its file, "app", and shows every page name before sign-in.
"""

from __future__ import annotations

import streamlit as st

from carveout.config import Settings
from ui import resources
from ui.auth import User, require_user

# Shared by every page: citation badges, highlighted quotes, verification marks.
CSS = (
    "<style>sup.cite{color:#b35c00;font-weight:600} .passage{white-space:normal;"
    "font-size:0.92rem;line-height:1.5} mark{background:#ffe08a}"
    ".mark{font-size:0.75rem;padding:0 4px;border-radius:4px;margin-left:2px}"
    ".mark.ok{background:#d9f2dd;color:#1b5e20} .mark.bad{background:#ffd6d6;color:#8b0000}"
    ".mark.uncited{background:#e6e6e6;color:#444} .claim.bad{text-decoration:underline wavy #c00}"
    ".claim.uncited{color:#666;font-style:italic}"
    ".gap{color:#8a8a8a;font-style:italic;border-bottom:1px dotted #8a8a8a;cursor:help}</style>"
)

# (file, label, tab icon, link icon). Links use Material icons, which Streamlit serves
# itself: emoji need fonts that a minimal browser or server image may lack.
PAGES = (
    ("app.py", "Ask", "⚖️", ":material/gavel:"),
    ("pages/1_Evaluation.py", "Evaluation", "📏", ":material/analytics:"),
    ("pages/2_Citation_lookup.py", "Citation lookup", "🔎", ":material/search:"),
    ("pages/3_Corpus_coverage.py", "Corpus coverage", "📚", ":material/library_books:"),
    ("pages/4_Transaction_checklist.py", "Transaction checklist", "✅", ":material/checklist:"),
)


def open_page(path: str) -> tuple[Settings, User]:
    """Set up the page at `path` (one of PAGES) and return the settings and signed-in user."""
    _, title, icon, _ = next(p for p in PAGES if p[0] == path)
    st.set_page_config(
        page_title="Carve-out" if path == "app.py" else f"Carve-out · {title}",
        page_icon=icon,
        layout="wide",
    )
    settings = resources.settings()
    user = require_user(settings)
    st.markdown(CSS, unsafe_allow_html=True)
    with st.sidebar:
        for page, label, _, link_icon in PAGES:
            st.page_link(page, label=label, icon=link_icon)
        st.divider()
    return settings, user
