"""The same code against a real Chroma server (CARVEOUT_CHROMA_URL): ingest and answer."""

from __future__ import annotations

import pytest

from carveout.assistant import Assistant
from carveout.store import Store, connect
from devtools import chroma_server as start_chroma
from ingest.pipeline import ingest
from tests.conftest import _quiet, copy_docs


@pytest.fixture
def chroma_server(tmp_path):
    with start_chroma(tmp_path / "server", tmp_path / "chroma.log") as server:
        yield server.url


def test_ingest_and_answer_through_a_chroma_server(workspace, embedder, chroma_server):
    settings = workspace.replace(chroma_url=chroma_server)
    copy_docs(["31-cfr-510.md", "unscr-2321.md"], settings.corpus_dir)
    store = Store(connect(settings), settings.collection)
    first = ingest(settings, store, embedder, progress=_quiet)
    assert first.added > 0 and not first.skipped
    # A second replica: a new client, nothing local; the manifest comes from the server.
    replica = Store(connect(settings), settings.collection)
    second = ingest(settings, replica, embedder, progress=_quiet)
    assert (second.added, second.embedded) == (0, 0)
    answer = Assistant(settings, replica, embedder).ask(
        "What does § 510.511 say about remittances?"
    )
    assert answer.citations[0].chunk.label == "31 CFR § 510.511"
    assert not settings.chroma_path.exists()  # nothing was written to the embedded store path
