"""Generated answers: a chat model writes from numbered sources, then every sentence is
verified against what it cites. Whatever goes wrong (backend down, slow, or too little
of the text supported) the extractive answer is shown with a notice saying why."""

from __future__ import annotations

import time
from collections.abc import Callable

from carveout.answer import ExtractiveAnswerer
from carveout.llm.model import describe
from carveout.llm.prompts import answer_prompt, format_sources
from carveout.llm.verify import Verifier
from carveout.models import Answer, AnswerMode, CheckStatus, Citation, Quote
from carveout.retrieve import Retrieval

OnToken = Callable[[str], None]


class GenerativeAnswerer:
    def __init__(self, settings, store, embedder, model, chunks=None):
        self.settings = settings
        self.model = model
        self.extractive = ExtractiveAnswerer(settings, store, chunks)
        self.verifier = Verifier(embedder, store, settings.support_threshold)
        self.prompt = answer_prompt(settings.prompts_dir)

    def answer(
        self, question: str, retrieval: Retrieval, on_token: OnToken | None = None
    ) -> Answer:
        fallback = self.extractive.answer(question, retrieval)
        if fallback.refused:  # too little evidence for any answer: no model can fix that
            return fallback
        sources = retrieval.passages[: self.settings.llm_sources]
        messages = self.prompt.format_messages(sources=format_sources(sources), question=question)
        start = time.perf_counter()
        try:
            text = "".join(self._stream(messages, on_token))
        except Exception as exc:  # any backend failure: connection, timeout, HTTP error, bad reply
            return _with_notice(
                fallback,
                self.settings.llm,
                f"The language model ({describe(self.settings)}) failed "
                f"({type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else 'no detail'}), "
                "so the extractive answer is shown.",
            )
        generated_ms = (time.perf_counter() - start) * 1000
        verification = self.verifier.verify(text, sources)
        share, minimum = verification.supported_rate, self.settings.min_supported_share
        if share < minimum:
            fallback.verification = verification
            fallback.timings["generate_ms"] = generated_ms
            return _with_notice(
                fallback,
                self.settings.llm,
                f"Only {verification.supported} of {len(verification.checks)} generated "
                f"sentences were supported by the sources they cite (minimum "
                f"{minimum:.0%}), so the extractive answer is shown.",
            )
        answer = Answer(
            question=question,
            text=" ".join(c.text for c in verification.checks),
            citations=_citations(verification, sources),
            passages=retrieval.passages,
            query=retrieval.query,
            scores=dict(fallback.scores),
            mode=AnswerMode.GENERATED,
            model=self.settings.llm,
            verification=verification,
        )
        answer.timings["generate_ms"] = generated_ms
        answer.lead = [q for c in answer.citations for q in c.quotes]
        answer.applies = fallback.applies
        return answer

    def _stream(self, messages, on_token: OnToken | None):
        for chunk in self.model.stream(messages):
            token = chunk.content if isinstance(chunk.content, str) else ""
            if token:
                if on_token:
                    on_token(token)
                yield token


def _citations(verification, sources) -> list[Citation]:
    """One citation per source the text cites, quoting the sentences that supported it."""
    quotes: dict[int, list[Quote]] = {}
    for check in verification.checks:
        for n in check.markers:
            quotes.setdefault(n, [])
        if check.status == CheckStatus.SUPPORTED and check.evidence and check.source:
            n, evidence = check.source, check.evidence
            if all(q.start != evidence.start for q in quotes[n]):
                quotes[n].append(
                    Quote(evidence.chunk, evidence.start, evidence.end, check.similarity or 0.0)
                )
    return [
        Citation(n, sources[n - 1].chunk, tuple(sorted(qs, key=lambda q: q.start)))
        for n, qs in sorted(quotes.items())
    ]


def _with_notice(answer: Answer, model: str, notice: str) -> Answer:
    answer.notice = notice
    answer.model = model
    answer.mode = AnswerMode.FALLBACK
    return answer
