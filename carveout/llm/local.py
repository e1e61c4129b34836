"""A GGUF model run in this process by llama-cpp-python, as a LangChain chat model, so the
generative path streams, verifies and falls back exactly as it does for a server model.

One model per process and file (loading takes seconds and a gigabyte of memory); calls are
serialised, since a llama.cpp context serves one generation at a time. The prompt's fixed
opening (rules and examples) stays in llama.cpp's cache between questions, so only the
question and its quotes are read anew.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from carveout.llm.fetch import FetchError, check_runs

ROLES = {"system": "system", "human": "user", "ai": "assistant"}


@lru_cache(maxsize=2)
def _load(path: str, n_ctx: int, threads: int):
    from llama_cpp import Llama  # heavy import: only when a local model is used

    if why := _why_it_does_not_run(path):
        raise FetchError(why)
    return Llama(model_path=path, n_ctx=n_ctx, n_threads=threads, verbose=False), threading.Lock()


def _grammar(text: str):
    from llama_cpp import LlamaGrammar

    return LlamaGrammar.from_string(text, verbose=False)


@lru_cache(maxsize=4)
def _why_it_does_not_run(path: str) -> str:
    """Run the model once in a child process first: llama.cpp built for the wrong CPU features
    dies with SIGSEGV on its first prompt, which here would take the whole app down with it.
    Kept per file, so that a model that does not run is not tried again on every question and
    every redraw of the sidebar ("" when it runs)."""
    try:
        check_runs(Path(path))
    except FetchError as exc:
        return str(exc)
    return ""


class LocalChatModel(BaseChatModel):
    path: str
    max_tokens: int = 200
    temperature: float = 0.0
    seed: int | None = None  # fixed per draft, so a sampled draft is reproducible
    n_ctx: int = 2048
    threads: int = 0  # 0: every core
    timeout: float = 120.0  # seconds of generation before the answer is cut off
    stop: list[str] = []
    grammar: str = ""  # GBNF the reply must match, "" for none (answers: prompts/answer.gbnf)

    @property
    def _llm_type(self) -> str:
        return "llama-cpp-local"

    @property
    def name_in_gguf(self) -> str:
        """The model's own name, from the GGUF metadata ("Qwen2.5 Coder 1.5B Instruct GGUF")."""
        try:
            llm, _ = self._model()
        except Exception:  # each answer's notice says why it does not run
            return Path(self.path).name
        return llm.metadata.get("general.name", Path(self.path).name)

    def _model(self):
        return _load(self.path, self.n_ctx, self.threads or os.cpu_count() or 1)

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        llm, lock = self._model()
        chat = [{"role": ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages]
        deadline = time.monotonic() + self.timeout
        with lock:
            for part in llm.create_chat_completion(
                messages=chat,
                max_tokens=self.max_tokens,
                temperature=self.temperature,
                seed=self.seed,
                stop=(stop or self.stop) or None,
                grammar=_grammar(self.grammar) if self.grammar else None,
                stream=True,
            ):
                text = part["choices"][0]["delta"].get("content") or ""
                if text:
                    chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
                    if run_manager:
                        run_manager.on_llm_new_token(text, chunk=chunk)
                    yield chunk
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the local model wrote for over {self.timeout:.0f} s")

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text = "".join(
            c.message.content for c in self._stream(messages, stop, run_manager, **kwargs)
        )
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])
