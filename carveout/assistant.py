"""The one path from a question to an Answer, shared by the app, the tests and the evals."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass

from carveout.answer import Answerer, ExtractiveAnswerer, decline
from carveout.config import Settings
from carveout.followup import standalone
from carveout.guard import check_question
from carveout.llm import chat_model
from carveout.models import Answer, Chunk
from carveout.retrieve import Filters, HybridRetriever, LexicalIndex, Retrieval
from carveout.store import Store, connect


WORDING = re.compile(r"\b(wording|full text|exact text|text of|verbatim)\b", re.I)
CURRENT = re.compile(r"\b(current(ly)?|now|today|in force|latest|as revised)\b", re.I)
WHOLE_TEXT_KEYS = ("cfr:", "usc:", "faq:")  # provision families the corpus indexes by section


def provision_gap(question: str, keys: list[str], by_provision: dict[str, list[Chunk]]) -> str:
    """Why the corpus cannot answer a question about a named provision, or ''."""
    resolutions = {k.split(":")[1] for k in keys if k.startswith("res:")}
    held = {k.split(":")[1] for k in by_provision if k.startswith("res:")}
    if WORDING.search(question) and resolutions and not resolutions & held:
        return f"the corpus does not hold the text of resolution {', '.join(sorted(resolutions))}"
    named = [k for k in keys if k.startswith(WHOLE_TEXT_KEYS) and k.count(":") == 1 and "(" not in k]
    if not named:
        return ""
    found = {k: by_provision.get(k, []) for k in named}
    missing = [k for k, cs in found.items() if not cs]
    if len(missing) == len(named):
        return f"the corpus holds no text of {', '.join(k.split(':', 1)[1] for k in missing)}"
    if CURRENT.search(question):
        old = [k for k, cs in found.items() if cs and all("superseded/historical" in c.flags for c in cs)]
        if old and len(old) == len([k for k in named if found[k]]):
            return (f"the question asks for the current text, and the corpus holds only superseded "
                    f"text of {', '.join(k.split(':', 1)[1] for k in old)}")
    return ""


@dataclass(frozen=True)
class CorpusStatus:
    documents: int
    chunks: int
    last_ingest: str
    latest_issued: str


class Assistant:
    def __init__(self, settings: Settings, store: Store, embedder, answerer: Answerer | None = None):
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.index = LexicalIndex(store.all_chunks())
        self.retriever = HybridRetriever(settings, store, embedder, self.index)
        self.model = chat_model(settings)  # None unless CARVEOUT_LLM names one
        if answerer is None and self.model is not None:
            from carveout.generate import GenerativeAnswerer
            answerer = GenerativeAnswerer(settings, store, embedder, self.model)
        self.answerer = answerer or ExtractiveAnswerer(settings, store)
        self._status = self._read_status()

    @classmethod
    def from_settings(cls, settings: Settings, embedder=None) -> "Assistant":
        from carveout.embeddings import Embedder

        embedder = embedder or Embedder(settings.model_name, settings.embed_batch_size)
        return cls(settings, Store(connect(settings), settings.collection), embedder)

    def ask(self, question: str, filters: Filters = Filters(), mode: str = "hybrid",
            k: int | None = None, history: list[str] | tuple[str, ...] = (),
            on_token=None) -> Answer:
        """`history`: the earlier questions of the conversation as searched (Answer.query),
        oldest first. `on_token` receives generated text as it streams (LLM mode only)."""
        start = time.perf_counter()
        checked = check_question(question)
        limit = self.settings.max_question_chars
        if len(checked.original) > limit:
            answer = decline(question, Retrieval([], ""), f"the question is {len(checked.original):,} characters "
                             f"long; the limit is {limit:,}. Ask about one point at a time")
        elif checked.off_topic or not checked.question:
            why = (f"the question is about {checked.off_topic}; this corpus covers only what the "
                   "sanctions on North Korea (DPRK) permit" if checked.off_topic
                   else "the message holds instructions to the assistant but no question about the corpus")
            answer = decline(question, Retrieval([], checked.question), why)
        else:
            query = standalone(checked.question, list(history), self.model, self.settings.prompts_dir)
            retrieval = self.retriever.retrieve(query, k, mode, filters)
            gap = provision_gap(query, retrieval.keys, self.index.by_provision)
            composed = time.perf_counter()
            answer = (decline(question, retrieval, gap) if gap
                      # The answerer gets the question as searched: instructions stripped,
                      # a follow-up made standalone.
                      else self.answerer.answer(query, retrieval, on_token=on_token))
            answer.question = question
            answer.timings.update(retrieval.timings)
            answer.timings["answer_ms"] = (time.perf_counter() - composed) * 1000
        answer.timings["total_ms"] = (time.perf_counter() - start) * 1000
        answer.disclaimer = self.disclaimer()
        return answer

    def status(self) -> CorpusStatus:
        return self._status

    def _read_status(self) -> CorpusStatus:
        manifest = self.store.manifest()
        issued = sorted({c.meta.get("issued", "") for c in self.index.chunks
                         if c.meta.get("issued", "")[:1].isdigit()})
        return CorpusStatus(documents=len(manifest), chunks=len(self.index.chunks),
                            last_ingest=max((e.ingested_at for e in manifest.values()), default="never"),
                            latest_issued=issued[-1] if issued else "unknown")

    def disclaimer(self) -> str:
        status = self.status()
        return (f"Not legal advice. Corpus documents dated up to {status.latest_issued} "
                f"(last indexed {status.last_ingest[:10]}). Verify the cited text against the "
                "official source before acting.")
