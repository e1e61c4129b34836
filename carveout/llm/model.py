"""The optional language model, built from CARVEOUT_LLM through LangChain chat models.

`none` (the default) means no model: answers are extractive. `openai:<model>` talks to
any OpenAI-compatible server (vLLM, llama.cpp, a hosted API) at CARVEOUT_LLM_BASE_URL;
`ollama:<model>` to an Ollama server. Output is always capped and every call has a
timeout, so a slow or dead backend costs seconds, never a hang.
"""

from __future__ import annotations

from carveout.config import Settings

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
    if not model:
        raise LLMConfigError(f"CARVEOUT_LLM={spec!r}: use none, openai:<model> or ollama:<model>")
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
        f"CARVEOUT_LLM={spec!r}: unknown backend {backend!r} (use openai or ollama)"
    )
