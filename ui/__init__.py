"""Streamlit rendering: no retrieval or citation logic lives here."""
