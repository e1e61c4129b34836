"""The embedding model's transformer run by ONNX Runtime instead of torch.

On these 2-core CPUs torch spends about 25 ms embedding one question (its matrix products
are slow on AMD EPYC), ONNX Runtime about 9 ms for the same vectors (they differ by about
1e-7). The graph is exported from the installed model once, on first use, into the data dir
(`models/onnx/`); it is derived data, like the index. Tokenising, mean pooling and
normalising stay sentence-transformers' and this module's, so only the transformer changes.

A model whose pipeline is not transformer → mean pooling (→ normalise) is left to torch, as
is any model whose exported vectors do not match torch's on a probe: `OnnxEncoder.build`
returns None and says why.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
import warnings
from pathlib import Path

import numpy as np
import torch  # imported with the model: this module is loaded only to embed

log = logging.getLogger(__name__)

# Exported vectors further than this from torch's (cosine similarities move by as much) are
# not used: an export that went wrong must not change what retrieval finds.
MAX_DIFFERENCE = 1e-4
PROBES = (
    "Can an NGO send medicine to North Korea?",
    "§ 510.511 Noncommercial, personal remittances. (a) The transfer of funds, directly or "
    "indirectly, from the United States or by a U.S. person, wherever located, to North Korea "
    "or for or on behalf of an individual ordinarily resident in North Korea is authorized.",
)


class OnnxEncoder:
    """Embeds texts as the sentence-transformers model would, with its transformer in ONNX."""

    def __init__(self, model, session):
        self.model = model  # the SentenceTransformer: its tokenizer and truncation length
        self.session = session
        self.inputs = {i.name for i in session.get_inputs()}

    @classmethod
    def build(cls, model, cache_dir: Path) -> OnnxEncoder | None:
        """The encoder for `model`, exporting its graph to `cache_dir` if not yet there;
        None (with the reason logged) when the model cannot be run this way."""
        why = _unsupported(model)
        if why:
            log.info("embedding with torch: %s", why)
            return None
        try:
            import onnxruntime
        except ImportError:
            log.warning("embedding with torch: onnxruntime is not installed")
            return None
        path = cache_dir / f"{_fingerprint(model)}.onnx"
        try:
            if not path.exists():
                _export(model, path)
            encoder = cls(model, _session(onnxruntime, path))
        except Exception as exc:  # an export this torch cannot make, a file cut short
            log.warning("embedding with torch: the ONNX graph could not be used (%s)", exc)
            path.unlink(missing_ok=True)  # the next start exports it afresh
            return None
        difference = encoder.difference_from_torch()
        if difference > MAX_DIFFERENCE:
            log.warning(
                "embedding with torch: the ONNX graph's vectors differ from torch's by %.1e",
                difference,
            )
            return None
        return encoder

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        """Unit vectors in the order of `texts`; texts of like length are batched together,
        so that little padding is computed."""
        order = np.argsort([-len(t) for t in texts], kind="stable")
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            batch = order[start : start + batch_size]
            vectors[batch] = self._encode_batch([texts[i] for i in batch])
        return vectors

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        features = self.model.preprocess(texts)
        feed = {k: v.numpy().astype(np.int64) for k, v in features.items() if k in self.inputs}
        (hidden,) = self.session.run(None, feed)
        mask = feed["attention_mask"][..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    @property
    def dim(self) -> int:
        return self.model.get_embedding_dimension()

    def difference_from_torch(self) -> float:
        ours = self.encode(list(PROBES), batch_size=len(PROBES))
        theirs = self.model.encode(
            list(PROBES), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return float(np.abs(ours - theirs).max())


def _unsupported(model) -> str:
    """Why the model's pipeline is not one this module reproduces ("" when it is)."""
    from sentence_transformers.models import Normalize, Pooling, Transformer

    modules = list(model)
    if not modules or not isinstance(modules[0], Transformer):
        return "its first module is not a transformer"
    if len(modules) < 2 or not isinstance(modules[1], Pooling):
        return "it has no pooling module"
    mode = modules[1].get_config_dict().get("pooling_mode")
    if mode != "mean":
        return f"it pools by {mode}, not by mean"
    if any(not isinstance(m, Normalize) for m in modules[2:]):
        return "it has modules after pooling other than normalisation"
    return ""


def _fingerprint(model) -> str:
    """A name for the exported graph: the model's files and the torch that exported it."""
    source = Path(model[0].auto_model.name_or_path)
    files = sorted(source.glob("*.safetensors")) + sorted(source.glob("*.bin"))
    parts = [str(source.resolve()), torch.__version__]
    parts += [f"{f.name}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in files]
    return f"{source.name or 'model'}-{hashlib.sha256('|'.join(parts).encode()).hexdigest()[:12]}"


def _export(model, path: Path) -> None:
    """Writes the transformer's graph to `path`: under a lock, through a temporary file, so
    that two processes starting together, or one stopped midway, never leave half a file."""
    from filelock import FileLock

    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock"):
        if path.exists():  # another process exported it while this one waited
            return
        start = time.perf_counter()
        transformer = model[0].auto_model.eval()
        example = model.preprocess(["an example sentence"])
        names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in example]
        tmp = path.with_suffix(".tmp")
        # The tracer warns that the masking code's shape checks become constants: the probe
        # comparison in `build` catches a graph that does not generalise.
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _LastHidden(transformer, names),
                tuple(example[n] for n in names),
                str(tmp),
                input_names=names,
                output_names=["hidden"],
                dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "hidden"]},
                opset_version=17,
                dynamo=False,  # the TorchScript exporter: no onnxscript needed
            )
        os.replace(tmp, path)
        log.info("exported the embedding model to %s in %.1f s", path, time.perf_counter() - start)


class _LastHidden(torch.nn.Module):
    """The transformer as a function of positional tensors, returning the token states."""

    def __init__(self, transformer, names: list[str]):
        super().__init__()
        self.transformer = transformer
        self.names = names

    def forward(self, *tensors):
        return self.transformer(**dict(zip(self.names, tensors))).last_hidden_state


def _session(onnxruntime, path: Path):
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = os.cpu_count() or 1
    options.log_severity_level = 3  # errors only: its warnings are about graph rewrites
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
