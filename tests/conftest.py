"""Shared fixtures and the test tiers.

Fast tier (no marker): deterministic fakes from tests/fakes.py, no model, no Chroma, no
network; `make test-fast`. Integration tier: `model` (the real packaged embedding model),
`store` (real Chroma), `llm` (a real llama.cpp model), `browser` (Debian Chromium), `slow`
(subprocess-heavy runs). A test that uses a fixture below is marked for it automatically,
so it can never slip into the fast tier by mistake.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from carveout.config import ROOT, load_settings

CORPUS = ROOT / "corpus"

# Fixtures that bring in the real model or a real store, and the tiers they put a test in.
FIXTURE_TIERS = {"embedder": ("model",), "shipped": ("model", "store"), "workspace": ("store",)}


def pytest_collection_modifyitems(items):
    for item in items:
        for fixture, tiers in FIXTURE_TIERS.items():
            if fixture in getattr(item, "fixturenames", ()):
                for tier in tiers:
                    item.add_marker(tier)


@pytest.fixture(scope="session")
def embedder():
    from carveout.embeddings import load_embedder

    return load_embedder(load_settings())


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
