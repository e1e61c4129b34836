"""Text to unit vectors. The `Embedder` protocol is what the core needs; the
sentence-transformers model, loaded from a local path (no hub access), is the real one."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    name: str
    batch_size: int

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Unit-length vectors, one row per text (cosine similarity is a dot product)."""

    def encode_one(self, text: str) -> np.ndarray: ...


class SentenceEmbedder:
    def __init__(self, model: str, batch_size: int = 32):
        from sentence_transformers import SentenceTransformer  # slow import: only when needed

        local = Path(model).expanduser()
        self.name = str(local) if local.exists() else model
        self.model = SentenceTransformer(self.name, device="cpu")
        self.batch_size = batch_size

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=progress,
            convert_to_numpy=True,
        )

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]

    @property
    def dim(self) -> int:
        return self.model.get_sentence_embedding_dimension()
