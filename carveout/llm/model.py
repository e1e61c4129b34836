"""The optional language model, built from CARVEOUT_LLM through LangChain chat models.

`none` (the default) means no model: answers are extractive. `local` runs the model that
`make llm` downloads (Qwen2.5-Coder-1.5B-Instruct) in this process, `local:/path/to.gguf`
any GGUF file; `openai:<model>` talks to any OpenAI-compatible server (vLLM, llama.cpp, a
hosted API) at CARVEOUT_LLM_BASE_URL; `ollama:<model>` to an Ollama server. Output is
always capped and every call has a timeout, so a slow or dead backend costs seconds, never
a hang.
"""

from __future__ import annotations

from pathlib import Path

from carveout.config import Settings
from carveout.llm.fetch import MODEL_FILE

STOP = ["\nQuestion:", "\nSources:", "<|im_end|>", "<|endoftext|>"]


class LLMConfigError(ValueError):
    """CARVEOUT_LLM names a backend that cannot be built; the message says how to fix it."""


def describe(settings: Settings) -> str:
    return "extractive (no language model)" if settings.llm in ("", "none") else settings.llm


def chat_model(settings: Settings):
    """A LangChain chat model, or None when no model is configured."""
    spec = settings.llm.strip()
    if spec in ("", "none"):
        return None
    backend, _, model = spec.partition(":")
    if backend == "local":
        return _local(
            settings, Path(model).expanduser() if model else settings.models_dir / MODEL_FILE
        )
    if not model:
        raise LLMConfigError(
            f"CARVEOUT_LLM={spec!r}: use none, local, openai:<model> or ollama:<model>"
        )
    if backend == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=model,
            base_url=settings.llm_base_url or None,
            api_key=settings.llm_api_key or "not-needed",
            temperature=settings.llm_temperature,
            max_tokens=settings.llm_max_tokens,
            # llama.cpp's server ignores max_completion_tokens (what ChatOpenAI sends); without
            # max_tokens in the body a model that never stops runs to the end of its context.
            extra_body={"max_tokens": settings.llm_max_tokens},
            request_timeout=settings.llm_timeout,
            max_retries=0,
            stop=STOP,
        )
    if backend == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=model,
            base_url=settings.llm_base_url or None,
            temperature=settings.llm_temperature,
            num_predict=settings.llm_max_tokens,
            stop=STOP,
            client_kwargs={"timeout": settings.llm_timeout},
        )
    raise LLMConfigError(
        f"CARVEOUT_LLM={spec!r}: unknown backend {backend!r} (use local, openai or ollama)"
    )


def _local(settings: Settings, path: Path):
    if not path.is_file():
        raise LLMConfigError(
            f"CARVEOUT_LLM={settings.llm!r}: no model file at {path}. Run `make llm` to download the "
            "local model (1.1 GB), or give local:/path/to/model.gguf"
        )
    from carveout.llm.local import LocalChatModel

    return LocalChatModel(
        path=str(path),
        max_tokens=settings.llm_max_tokens,
        temperature=settings.llm_temperature,
        n_ctx=settings.llm_context,
        threads=settings.llm_threads,
        timeout=settings.llm_timeout,
        stop=STOP,
    )
