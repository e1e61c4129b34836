"""The one path from a question to an Answer, shared by the app, the CLI, the tests and the evals."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from carveout import declines
from carveout.answer import Answerer, ExtractiveAnswerer
from carveout.asks import asides, without_asides
from carveout.config import Settings
from carveout.embeddings import Embedder
from carveout.guard import check_question, clean, spans_programmes
from carveout.labels import query_keys
from carveout.language import ENGLISH, language_of
from carveout.llm.followup import standalone
from carveout.llm.model import chat_model
from carveout.llm.translate import to_english
from carveout.models import Answer, RetrieverMode
from carveout.retrieve import Filters, HybridRetriever, LexicalIndex, Retrieval
from carveout.store import Store, connect
from carveout.wording import with_acronyms, with_full_words


@dataclass(frozen=True)
class CorpusStatus:
    documents: int
    chunks: int
    last_ingest: str
    latest_issued: str
    hash: str  # of the indexed documents' content hashes: two stores with it hold the same corpus


# Keys that name one text wherever they are read: article numbers recur across instruments
# ("Article 1 of the Syria regulation"); resolutions, CFR and U.S.C. sections and OFAC FAQs
# (numbered across programmes) do not.
SINGLE_TEXT_KEYS = ("res:", "cfr:", "usc:", "faq:")


class Assistant:
    def __init__(
        self,
        settings: Settings,
        store: Store,
        embedder: Embedder,
        answerer: Answerer | None = None,
        model=None,
    ):
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.index = LexicalIndex(store.all_chunks())
        self.documents = list({c.doc_id: c.doc for c in self.index.chunks}.values())
        self.cfr_titles = declines.cfr_titles(c.text for c in self.index.chunks)
        self.lists = declines.list_titles(self.index.chunks)
        self.words = declines.corpus_words(c.text for c in self.index.chunks)
        self.retriever = HybridRetriever(settings, store, embedder, self.index)
        self.model = (
            model if model is not None else chat_model(settings)
        )  # None unless CARVEOUT_LLM names one
        if answerer is None and self.model is not None:
            from carveout.llm.generate import GenerativeAnswerer

            answerer = GenerativeAnswerer(settings, store, embedder, self.model, self.index.chunks)
        self.answerer = answerer or ExtractiveAnswerer(settings, store, self.index.chunks)
        self._status = self._read_status()

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Embedder | None = None) -> Assistant:
        from carveout.embeddings import load_embedder

        embedder = embedder or load_embedder(settings)
        return cls(settings, Store(connect(settings), settings.collection), embedder)

    def ask(
        self,
        question: str,
        filters: Filters = Filters(),
        mode: RetrieverMode = RetrieverMode.HYBRID,
        k: int | None = None,
        history: list[str] | tuple[str, ...] = (),
        on_token=None,
    ) -> Answer:
        """`history`: the earlier questions of the conversation as searched (Answer.query),
        oldest first. `on_token` receives generated text as it streams (LLM mode only)."""
        start = time.perf_counter()
        language = language_of(question)
        english, refusal = with_full_words(with_acronyms(question)), None
        if len(question) > self.settings.max_question_chars:
            refusal = declines.too_long(len(question), self.settings.max_question_chars)
        elif language != ENGLISH:
            english = (
                to_english(clean(question), self.model, self.settings.prompts_dir)
                if self.model
                else ""
            )
            refusal = (
                None if english else declines.not_english(language.name, self.model is not None)
            )
        checked = check_question(english)
        refusal = refusal or (
            declines.other_task(checked.other_task)
            if checked.other_task
            else declines.other_programme(checked.other_programme)
            if checked.other_programme
            and not self._names_a_held_text(checked.question, checked.other_instrument)
            else declines.instructions_only()
            if not checked.question
            else None
        )
        if refusal:
            answer = declines.declined(question, Retrieval([], checked.question), refusal)
        else:
            asked = standalone(
                checked.question, list(history), self.model, self.settings.prompts_dir
            )
            query = without_asides(asked)
            retrieval = self.retriever.retrieve(query, k, mode, filters)
            retrieval.set_aside = asides(asked)
            gap = (
                declines.provision_gap(query, retrieval.keys, self.index.by_provision)
                or declines.condition_missing(query, self.index.chunks)
                or declines.member_body_not_named(query, self.index.chunks)
                or declines.cfr_paragraph_not_held(query, self.documents, self.cfr_titles)
                or declines.list_cut(query, retrieval.passages)
                or declines.list_held_elsewhere(
                    query,
                    retrieval.passages[: self.settings.fact_depth],
                    self.index.by_provision.keys(),
                )
                or declines.source_not_held(
                    query, self.documents, self.lists, self.index.by_provision.keys()
                )
                or declines.not_held(query)
                or declines.choices_not_held(query, self.words)
                or declines.after_corpus(query, self.status().latest_issued)
                or declines.year_not_held(query, retrieval.passages[: self.settings.fact_depth])
                or declines.ending_not_held(query, retrieval.passages[: self.settings.fact_depth])
                or declines.term_not_stated(query, retrieval.passages[: self.settings.fact_depth])
            )
            composed = time.perf_counter()
            answer = (
                declines.declined(question, retrieval, gap)
                if gap
                # The answerer gets the question as searched: instructions stripped,
                # a follow-up made standalone, put into English, misspellings corrected.
                else self.answerer.answer(retrieval.query, retrieval, on_token=on_token)
            )
            answer.question = question
            answer.language_note = language.note
            answer.timings.update(retrieval.timings)
            answer.timings["answer_ms"] = (time.perf_counter() - composed) * 1000
        answer.timings["total_ms"] = (time.perf_counter() - start) * 1000
        answer.disclaimer = self.disclaimer()
        return answer

    def _names_a_held_text(self, question: str, across: bool = False) -> bool:
        """Whether the question names a provision the corpus holds ("resolution 2664's
        carve-out … for the ISIL regime"): then it is about the corpus, whatever other
        programme it names, as it is when it names North Korea. A question about the other
        programme's own licence ("Does OFAC's Iran programme have a GL like 510.512?") is
        about the corpus only if the text it names speaks `across` programmes."""
        return any(
            key.startswith(SINGLE_TEXT_KEYS)
            and key in self.index.by_provision
            and (not across or any(spans_programmes(c.text) for c in self.index.by_provision[key]))
            for key in query_keys(question)
        )

    def status(self) -> CorpusStatus:
        return self._status

    def _read_status(self) -> CorpusStatus:
        manifest = self.store.manifest()
        issued = sorted({c.doc.issued for c in self.index.chunks if c.doc.issued[:1].isdigit()})
        digest = hashlib.sha256()
        for entry in sorted(manifest.values(), key=lambda e: e.doc_id):
            digest.update(f"{entry.doc_id}:{entry.hash}".encode())
        return CorpusStatus(
            documents=len(manifest),
            chunks=len(self.index.chunks),
            last_ingest=max((e.ingested_at for e in manifest.values()), default="never"),
            latest_issued=issued[-1] if issued else "unknown",
            hash=digest.hexdigest()[:16],
        )

    def disclaimer(self) -> str:
        status = self.status()
        return (
            f"Not legal advice. Corpus documents dated up to {status.latest_issued} "
            f"(last indexed {status.last_ingest[:10]}). Verify the cited text against the "
            "official source before acting."
        )
