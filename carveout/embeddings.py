"""Text to unit vectors. The `Embedder` protocol is what the core needs; the
sentence-transformers model, loaded from a local path (no hub access), is the real one."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np

from carveout.config import EmbedBackend, Settings


class Embedder(Protocol):
    name: str
    batch_size: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length vectors, one row per text (cosine similarity is a dot product)."""

    def encode_one(self, text: str) -> np.ndarray: ...


class SentenceEmbedder:
    """The model as installed; its transformer run by ONNX Runtime when `onnx_dir` is given
    and the model allows it (carveout/onnx_encoder.py), else by torch."""

    def __init__(self, model: str, batch_size: int = 32, onnx_dir: Path | None = None):
        from sentence_transformers import SentenceTransformer  # slow import: only when needed

        local = Path(model).expanduser()
        self.name = str(local) if local.exists() else model
        self.model = SentenceTransformer(self.name, device="cpu")
        self.batch_size = batch_size
        self.onnx = None
        if onnx_dir is not None:
            from carveout.onnx_encoder import OnnxEncoder

            self.onnx = OnnxEncoder.build(self.model, onnx_dir)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.onnx is not None:
            return self.onnx.encode(texts, self.batch_size)
        return self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]

    @property
    def dim(self) -> int:
        return self.model.get_embedding_dimension()


def load_embedder(settings: Settings) -> SentenceEmbedder:
    """The embedding model the settings name, on the backend they choose."""
    onnx = settings.embed_backend == EmbedBackend.ONNX
    return SentenceEmbedder(
        settings.model_name,
        settings.embed_batch_size,
        onnx_dir=settings.models_dir / "onnx" if onnx else None,
    )
