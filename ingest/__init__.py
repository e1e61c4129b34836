"""Documents to chunks to store: `python -m ingest`."""
