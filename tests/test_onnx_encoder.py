"""The embedding model run by ONNX Runtime gives torch's vectors, exports its graph once,
and leaves to torch what it cannot run (real model: the `model` tier)."""

from __future__ import annotations

import numpy as np
import pytest

from carveout import onnx_encoder
from carveout.onnx_encoder import OnnxEncoder

TEXTS = [
    "Can we pay a hotel in Pyongyang?",
    "NGO",
    "§ 510.512 Certain transactions in support of nongovernmental organizations' activities. "
    "(a) Nongovernmental organizations are authorized to engage in transactions in support of "
    "their activities in North Korea, including funds transfers to or from North Korea. " * 8,
    "Does the UK have an exception for humanitarian aid like the UN's?",
]


@pytest.fixture(scope="module")
def graphs(tmp_path_factory):
    return tmp_path_factory.mktemp("onnx")


def _torch(embedder, texts):
    return embedder.model.encode(texts, normalize_embeddings=True, show_progress_bar=False)


def test_onnx_vectors_match_torch_alone_and_in_padded_batches_in_order(embedder, graphs):
    encoder = OnnxEncoder.build(embedder.model, graphs)
    assert encoder is not None
    expected = _torch(embedder, TEXTS)
    for batch_size in (1, 2, len(TEXTS)):  # batches of unlike lengths are padded
        got = encoder.encode(TEXTS, batch_size)
        assert got.shape == expected.shape
        assert np.abs(got - expected).max() < 1e-5
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


def test_the_exported_graph_is_reused_not_exported_again(embedder, graphs, monkeypatch):
    assert OnnxEncoder.build(embedder.model, graphs) is not None  # exported if not yet
    exported = sorted(graphs.glob("*.onnx"))

    def refuse(*_):
        raise AssertionError("exported again")

    monkeypatch.setattr(onnx_encoder, "_export", refuse)
    assert OnnxEncoder.build(embedder.model, graphs) is not None
    assert sorted(graphs.glob("*.onnx")) == exported


def test_a_graph_cut_short_falls_back_to_torch_and_is_exported_afresh(embedder, tmp_path):
    assert OnnxEncoder.build(embedder.model, tmp_path) is not None
    (graph,) = tmp_path.glob("*.onnx")
    graph.write_bytes(graph.read_bytes()[:4096])  # a copy stopped midway
    assert OnnxEncoder.build(embedder.model, tmp_path) is None
    assert not graph.exists()
    assert OnnxEncoder.build(embedder.model, tmp_path) is not None


def test_a_model_that_does_not_pool_by_mean_is_left_to_torch(embedder, tmp_path):
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.models import Pooling

    transformer = embedder.model[0]
    cls_pooled = SentenceTransformer(modules=[transformer, Pooling(384, pooling_mode="cls")])
    assert OnnxEncoder.build(cls_pooled, tmp_path) is None
    assert not list(tmp_path.glob("*.onnx"))


def test_the_default_embedder_runs_on_onnx_and_torch_is_a_setting(embedder):
    from carveout.config import load_settings
    from carveout.embeddings import load_embedder

    assert embedder.onnx is not None
    question = "Is a licence needed to send seeds to North Korea?"
    torch_only = load_embedder(load_settings(embed_backend="torch"))
    assert torch_only.onnx is None
    assert np.abs(embedder.encode_one(question) - torch_only.encode_one(question)).max() < 1e-5
