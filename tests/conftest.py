"""Shared fixtures: the real packaged model (loaded once) and real Chroma stores on small data."""
from __future__ import annotations

import shutil
import socket
import time
from pathlib import Path

import pytest

from carveout.config import ROOT, load_settings

CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def embedder():
    from carveout.embeddings import Embedder

    return Embedder(load_settings().model_name)


def make_settings(tmp: Path, corpus: Path, **overrides):
    return load_settings(env={}, corpus_dir=corpus, data_dir=tmp / "data", **overrides)


@pytest.fixture
def workspace(tmp_path):
    """An empty corpus folder and data folder of the test's own."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    return make_settings(tmp_path, corpus)


@pytest.fixture(scope="session")
def shipped(tmp_path_factory, embedder):
    """The whole shipped corpus, ingested once into a store of the test session's own."""
    from carveout.assistant import Assistant
    from carveout.store import Store, connect
    from ingest.pipeline import ingest

    tmp = tmp_path_factory.mktemp("shipped")
    settings = make_settings(tmp, CORPUS)
    store = Store(connect(settings), settings.collection)
    report = ingest(settings, store, embedder, progress=_quiet)
    assert not report.skipped, report.skipped
    return Assistant(settings, store, embedder)


def _quiet(iterable, **_):
    return iterable


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def copy_docs(names: list[str], corpus: Path) -> None:
    for name in names:
        shutil.copy(CORPUS / name, corpus / name)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, seconds: float) -> bool:
    """True once something listens on 127.0.0.1:port, False if nothing did in time."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.3)
    return False
