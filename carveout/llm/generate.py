"""Generated answers: a chat model writes from numbered sources, then every sentence is
verified against what it cites. Whatever goes wrong (backend down, slow, or too little
of the text supported) the extractive answer is shown with a notice saying why."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from carveout import applies
from carveout.answer import FORM, ExtractiveAnswerer, superseded
from carveout.asks import asks_about_past, expected, fact_span, speakers, yes_no
from carveout.clauses import TELLING, terms
from carveout.jurisdictions import asked_law
from carveout.labels import within
from carveout.llm.model import describe
from carveout.llm.prompts import (
    Evidence,
    answer_grammar,
    answer_prompt,
    evidence,
    examples,
    format_evidence,
)
from carveout.llm.verify import Grounds, Verifier, quoted_words
from carveout.models import Answer, AnswerMode, CheckStatus, Chunk, Citation, Passage, Quote
from carveout.retrieve import Retrieval
from carveout.roles import PERMISSIVE, RESTRICTIVE
from carveout.sentences import sentence_spans

OnToken = Callable[[str], None]
# "The President is authorized to …" or "… may waive …" gives an official a power, not the
# asker a permission: it speaks of the case only when the question asks about that official.
OFFICIAL = re.compile(r"\b(President|Secretary|Administrator|Attorney General)\b")
OFFICIAL_POWER = re.compile(
    r"^\W*(?:\(\w+\)\s*)*(?:The |the )?(?:President|Secretary|Administrator|Attorney General)\b"
    r"[^.;:]{0,120}?\b(?:(?:is|are) (?:hereby )?authori[sz]ed|may)\b"
)


# Terms of a question that say whose text or which form, not what case: a draft that names
# none of them can still answer ("The obstacle is that U.S. passports are invalid …" for
# "Does OFAC ban her from going?"), as can one leaving out the date it was asked about.
NOT_THE_CASE = FORM | terms(
    "OFAC Treasury general nongovernmental non-governmental NGO NGOs organisation organization "
    "assets January February March April May June July August September October November "
    "December"
)


class GenerativeAnswerer:
    def __init__(self, settings, store, embedder, model, chunks=None):
        self.settings = settings
        self.model = model
        self.extractive = ExtractiveAnswerer(settings, store, chunks)
        self.verifier = Verifier(
            embedder,
            store,
            settings.support_threshold,
            settings.support_floor,
            examples=" ".join(
                u + " " + a for u, a in examples(settings.prompts_dir / "examples.md")
            ),
        )
        self.prompt = answer_prompt(settings.prompts_dir)
        self.grammar = answer_grammar(settings.prompts_dir)

    def answer(
        self, question: str, retrieval: Retrieval, on_token: OnToken | None = None
    ) -> Answer:
        fallback = self.extractive.answer(question, retrieval)
        if fallback.refused:  # too little evidence for any answer: no model can fix that
            return fallback
        items = evidence(fallback, self.settings.llm_sources)
        messages = self.prompt.format_messages(quotes=format_evidence(items), question=question)
        sources = [Passage(e.quote.chunk, 1.0, n) for n, e in enumerate(items, start=1)]
        start = time.perf_counter()
        try:
            drafts, reasons = self._draft(
                question, retrieval, items, sources, messages, on_token, fallback.lead
            )
        except Exception as exc:  # any backend failure: connection, timeout, HTTP error, bad reply
            detail = str(exc).splitlines()[0][:200] if str(exc) else "no detail"
            return _with_notice(
                fallback,
                self.settings.llm,
                f"The language model ({describe(self.settings)}) failed "
                f"({type(exc).__name__}: {detail}), so the extractive answer is shown.",
            )
        generated_ms = (time.perf_counter() - start) * 1000
        if reasons[-1]:
            fallback.verification, fallback.drafts = drafts[0], drafts
            fallback.timings["generate_ms"] = generated_ms
            return _with_notice(fallback, self.settings.llm, _withheld(reasons))
        verification = drafts[-1]
        answer = Answer(
            question=question,
            text=" ".join(c.text for c in verification.checks),
            citations=_citations(verification, sources, items),
            passages=retrieval.passages,
            query=retrieval.query,
            scores=dict(fallback.scores),
            mode=AnswerMode.GENERATED,
            model=self.settings.llm,
            verification=verification,
            drafts=drafts,
        )
        answer.timings["generate_ms"] = generated_ms
        answer.lead = [q for c in answer.citations for q in c.quotes]
        cited = {n for c in verification.checks for n in c.markers}
        answer.applies = applies.applicable(
            [(n, list(e.quotes)) for n, e in enumerate(items, start=1) if n in cited]
        )
        return answer

    def _draft(self, question, retrieval, items, sources, messages, on_token, lead):
        """Drafts and why each was withheld ("" for the one shown), until one is shown or the
        drafts or their shared time budget run out. A backend failure on the first draft is
        raised; on a later one it ends the drafting, the withheld draft saying more."""
        lines = [(e.quote, e.text) for e in items if len(e.quotes) > 1]
        grounds = self._grounds(question, items)
        drafts, reasons = [], []
        start = time.perf_counter()
        for n in range(self.settings.llm_drafts):
            left = self.settings.llm_timeout - (time.perf_counter() - start)
            if n and left <= 1:
                break
            if n and on_token:
                on_token(f"\n\n(Draft withheld: writing draft {n + 1}.)\n\n")
            try:
                model = self._drafter(n, left, len(sources))
                text = "".join(self._stream(model, messages, on_token))
            except Exception:
                if not drafts:
                    raise
                break
            drafts.append(self.verifier.verify(text, sources, grounds, question, lines))
            reasons.append(self._why_withheld(question, retrieval, items, drafts[-1], lead))
            if not reasons[-1]:
                break
        return drafts, reasons

    def _drafter(self, n: int, left: float, sources: int = 9):
        """The model for draft n: the first as configured, later ones sampled with their own
        seed and given only the time `left` of the drafts' shared budget; the in-process model
        writes every draft under the answer grammar (translation and follow-ups do not). A
        backend without these settings (a scripted test model) is used as it is."""
        numbers = f"[1-{min(max(sources, 1), 9)}]"  # the quotes given, each its one digit
        update: dict = {"grammar": self.grammar.replace("SOURCES", numbers)} if self.grammar else {}
        if n:
            update |= {
                "temperature": self.settings.llm_retry_temperature,
                "seed": n,
                "timeout": left,  # the in-process model
                "request_timeout": left,  # an OpenAI-compatible server
            }
        fields = type(self.model).model_fields
        update = {k: v for k, v in update.items() if k in fields}
        return self.model.model_copy(update=update) if update else self.model

    def _why_withheld(
        self, question: str, retrieval: Retrieval, items, verification, lead: list[Quote]
    ) -> str:
        return (
            self._why_not_shown(question, verification)
            or self._off_point(question, lead, verification)
            or _named_uncited(question, retrieval.keys, items, verification, lead)
            or _other_jurisdiction(question, items, verification)
            or _other_time(
                question,
                items,
                verification,
                superseded(self.extractive.recaptured, question),
            )
        )

    def _why_not_shown(self, question: str, verification) -> str:
        """Why the generated answer is withheld ("" when it is shown)."""
        if copied := verification.copied:
            return (
                f'The generated sentence "{copied[0].text}" {copied[0].reason}, so the '
                "extractive answer is shown."
            )
        failed = verification.failed_verdicts
        if failed:
            c = failed[0]
            return (
                f'The generated answer\'s conclusion "{c.text}" was {c.status}: {c.reason}, so the '
                "extractive answer is shown."
            )
        lead = verification.checks[0] if verification.checks else None
        if lead and lead.status != CheckStatus.SUPPORTED:
            # The prompt asks for the answer first: the sentences after it only back it up,
            # so however many of them hold, an answer whose own sentence does not is unchecked.
            return (
                f'The generated answer\'s first sentence "{lead.text}" was {lead.status}: '
                f"{lead.reason}, so the extractive answer is shown."
            )
        ask = expected(question)
        supported = [c for c in verification.checks if c.status == CheckStatus.SUPPORTED]
        if ask and not ask.soft and not any(fact_span(c.text, ask) for c in supported):
            # The quotes were chosen to state it (ExtractiveAnswerer): an answer that does not
            # has not answered, however well its sentences are supported.
            return (
                f"The question asks for {'an' if ask.kind[0] in 'aeiou' else 'a'} {ask.kind} and no "
                "supported generated sentence states one, so the extractive answer is shown."
            )
        share, minimum = verification.supported_rate, self.settings.min_supported_share
        if share < minimum:
            return (
                f"Only {verification.supported} of {len(verification.checks)} generated sentences were "
                f"supported by the sources they cite (minimum {minimum:.0%}), so the extractive answer is shown."
            )
        return ""

    def _off_point(self, question: str, lead: list[Quote], verification) -> str:
        """Why a draft is withheld for speaking of another case than the one asked about ("" when
        it is not): the extractive answer's quotes hold terms of the question's case, and no
        supported sentence of the draft holds any of them. Asked whether landmine clearance
        is covered, a draft restating the licence's education category is supported by its
        source but answers nothing; the quotes it would replace do."""
        case = self.extractive.case_terms(question) - NOT_THE_CASE
        quoted = case & terms(" ".join(q.text for q in lead))
        if not quoted:
            return ""
        supported = [c for c in verification.checks if c.status == CheckStatus.SUPPORTED]
        said = " ".join(
            [c.text for c in supported] + [_read_with(c.evidence) for c in supported if c.evidence]
        )
        if terms(said) & quoted:
            return ""
        asked = quoted_words(self.extractive.glossary.expand(question), quoted)
        return (
            f"No supported generated sentence speaks of what the question asks about ({asked}), "
            "which the quotes do, so the extractive answer is shown."
        )

    def _grounds(self, question: str, items: list[Evidence]) -> Grounds:
        """How each quote given to the model bears on the case asked about. A quote shares
        telling terms or a rare phrase with the question (`relevant`: clauses.telling); it
        restricts the very case when it excludes or prohibits on such terms that no
        authorising quote has ("charitable donations" in a question about donating, next to
        the remittance authorisation); a
        line holding a sentence that ends in a colon quotes a list (of conditions, of
        exceptions) in part."""
        clauses = self.extractive.clauses
        # in the law's words too: "an NGO" is the quotes' "non-governmental organizations"
        expanded = self.extractive.glossary.expand(question)
        affirmed = self.extractive.glossary.expand(NOT_THIS.sub(" ", question))
        asked = terms(expanded) - clauses.common
        granted = set().union(*(terms(e.text) for e in items if e.role in PERMISSIVE))
        relevant, restricting = set(), set()
        for n, e in enumerate(items, start=1):
            shared = terms(e.text) & asked
            a_power = OFFICIAL_POWER.search(e.quote.text) and not OFFICIAL.search(question)
            relevant |= {n} if clauses.telling(expanded, e.text) and not a_power else set()
            if e.role in RESTRICTIVE and clauses.weight(shared - granted) >= TELLING:
                restricting.add(n)
        return Grounds(
            roles=tuple(e.role for e in items),
            restricting=frozenset(restricting),
            conditional=frozenset(
                n
                for n, e in enumerate(items, 1)
                if any(q.text.rstrip().endswith((":", "—")) for q in e.quotes)
                and not _alternatives(e)
            ),
            excepted=frozenset(
                n for n, e in enumerate(items, 1) if _exceptions_not_given(e, items)
            ),
            spares=frozenset(
                n
                for n, e in enumerate(items, 1)
                if any(clauses.telling(affirmed, x) for x in _own_exceptions(e.text))
            ),
            relevant=frozenset(relevant),
            asks=yes_no(question),
        )

    def _stream(self, model, messages, on_token: OnToken | None):
        for chunk in model.stream(messages):
            token = chunk.content if isinstance(chunk.content, str) else ""
            if token:
                if on_token:
                    on_token(token)
                yield token


def _read_with(quote: Quote) -> str:
    """A source sentence with what it is read under: its list's lead-in and the sentence
    before it ("Elevate the U.S. Special Envoy on North Korean Human Rights." heads the
    letter's "The administration should prioritize the appointment of the … ambassador")."""
    text = quote.chunk.text
    before = sentence_spans(text[: quote.start])[-1:]
    spans = quote.chunk.lead_in(quote.start) + before
    return " ".join(text[a:b] for a, b in spans) + " " + quote.text


def _named_uncited(
    question: str, keys: list[str], items: list[Evidence], verification, lead: list[Quote]
) -> str:
    """Why an answer to a question naming a provision is withheld when it rests on none of
    that provision's quotes, though some were given ("" when it is not): asked what
    22 U.S.C. 9228(a) exempts, a draft restating the waiver in 9228(c) is supported by its
    source but does not answer. The most specific keys count ("9228(a)", not "9228"). A
    question about what a body said of a provision is answered from that body's text. Where
    the extractive answer itself leads with another passage, as the named one lost the fact
    asked for (§ 510.512(e)'s "via email at […]", FAQ 1162's address), a draft resting on
    that passage answers as the quotes do."""
    leaves = {k for k in keys if not any(o[: len(k) + 1] in (f"{k}(", f"{k}:") for o in keys)}
    named = {n for n, e in enumerate(items, start=1) if _of_provision(e.quote, leaves)}
    if not named or speakers(question):
        return ""
    led_by = _led_by_another(question, lead, items, leaves)
    if led_by is not None:
        named |= {n for n, e in enumerate(items, start=1) if e.quote.chunk is led_by}
    # Resting on the named paragraph's own sentence: the passage given as [1] for 9228(b)(3)
    # also holds (b)(1)'s waiver, which supports a draft but does not answer.
    if any(
        c.status == CheckStatus.SUPPORTED
        and (c.evidence is None or _of_provision(c.evidence, leaves) or c.evidence.chunk is led_by)
        and named & set((c.source,) if c.source else c.markers)
        for c in verification.checks
    ):
        return ""
    quoted = "; ".join(f"[{n}] {items[n - 1].label}" for n in sorted(named))
    return (
        f"The question names a provision ({quoted}) and no supported generated sentence "
        "cites it, so the extractive answer is shown."
    )


# "(a) Except as provided in paragraph (d) of this section, … all transactions … are
# authorized": a yes resting on it holds only if paragraph (d) does not take the case out.
EXCEPT_AS = re.compile(
    r"\bexcept as (?:otherwise )?provided in paragraphs? (\([a-z0-9]+\)(?:\([a-z0-9]+\))*)", re.I
)


# A list of alternatives ("through: 1) Member States; or 2) …", "one of the following
# categories:", "in support of the following not-for-profit activities:"): one item met is
# enough, so the items not given are no conditions left out. A list of conditions,
# requirements or information to give ("with the following:") is not one.
ONE_OF = re.compile(
    r"\b(one|any|either) of the following\b"
    r"|\bthe following ([\w-]+ ){0,3}?(activities|categories|purposes|types|kinds)\b",
    re.I,
)


def _alternatives(item: Evidence) -> bool:
    """Whether the list the quote opens offers alternatives rather than conditions: its
    lead-in asks for one of them, or its items are joined by "or" (and none by "and")."""
    if any(ONE_OF.search(q.text) for q in item.quotes[:-1]):
        return True
    chunk, lead = item.quote.chunk, item.quote.chunk.lead_in(item.quote.start)
    if not lead:
        return False
    ends = [
        chunk.text[a:b].rstrip().rstrip(";,").split()[-1:]
        for a, b in chunk.sentences
        if a != lead[0][0] and chunk.lead_in(a) == lead
    ]
    joins = {e[0].lower() for e in ends if e and e[0].lower() in ("or", "and")}
    return joins == {"or"}


# An exception a sentence makes within itself: "… all items subject to the EAR other than food
# or medicine designated as EAR99". Not one made by another paragraph ("except as provided in
# paragraph (d)", read by _exceptions_not_given), nor a condition ("unless").
OWN_EXCEPTION = re.compile(
    r"\b(other than|except(?! as provided)(?: for)?|excluding|but not)\b(?P<what>[^.;:()]{3,160})",
    re.I,
)

# What a question says its case is not ("EAR99 pumps (not food or medicine)"): no exception for
# food or medicine spares them.
NOT_THIS = re.compile(r"\b(not|non|neither|nor)\b[^,.;:?()]*", re.I)


def _own_exceptions(text: str) -> list[str]:
    return [m.group("what") for m in OWN_EXCEPTION.finditer(text)]


def _exceptions_not_given(item: Evidence, items: list[Evidence]) -> bool:
    """Whether the quote excepts a paragraph of its section of which no quote was given."""
    chunk = item.quote.chunk
    section = chunk.label_at(item.quote.start).split("(")[0]
    for m in EXCEPT_AS.finditer(item.text):
        excepted = section + m.group(1)
        if not any(e.quote.chunk.label_at(e.quote.start).startswith(excepted) for e in items):
            return True
    return False


def _other_jurisdiction(question: str, items: list[Evidence], verification) -> str:
    """Why an answer to a question about UK or EU law is withheld when no supported sentence
    cites that jurisdiction's text ("" when it is not): asked about the EU fuel derogation,
    a draft restating the UK exception's conditions is supported by its source but answers
    for the wrong law."""
    asked = asked_law(question)
    given = {n for n, e in enumerate(items, start=1) if e.quote.chunk.doc.jurisdiction in asked}
    if not given or _resting(verification) & given:
        return ""
    law = " or ".join(sorted(asked))
    return (
        f"The question asks about {law} law and no supported generated sentence cites {law} "
        "text, so the extractive answer is shown."
    )


def _other_time(question: str, items: list[Evidence], verification, superseded) -> str:
    """Why an answer resting on text of the wrong time is withheld ("" when it is not): asked
    how the NGO licence stood before 2024, a draft restating the current § 510.512 answers
    for today; asked about today, a draft resting only on `superseded` text (a predicate on
    a quote) answers for the past, though the current text was given too."""
    rests = _resting(verification)
    if not rests:
        return ""
    if asks_about_past(question):
        old = {n for n, e in enumerate(items, start=1) if e.quote.chunk.historical}
        if not old or rests & old:
            return ""
        return (
            "The question asks about the law as it stood before and no supported generated "
            "sentence cites the earlier text, so the extractive answer is shown."
        )
    old = {n for n, e in enumerate(items, start=1) if superseded(e.quote)}
    if not old or not rests <= old or len(old) == len(items):
        return ""
    quoted = "; ".join(f"[{n}] {items[n - 1].label}" for n in sorted(rests))
    return (
        f"The generated answer rests only on superseded text ({quoted}) while the current "
        "text was given, so the extractive answer is shown."
    )


def _led_by_another(
    question: str, lead: list[Quote], items: list[Evidence], leaves: set[str]
) -> Chunk | None:
    """The passage the extractive answer leads with in place of the named provision, which
    states the fact asked for while none of the named provision's quotes given does; or None."""
    ask = expected(question)
    if not ask or not lead or _of_provision(lead[0], leaves) or not fact_span(lead[0].text, ask):
        return None
    named = [e.quote for e in items if _of_provision(e.quote, leaves)]
    return None if any(fact_span(q.text, ask) for q in named) else lead[0].chunk


def _of_provision(quote: Quote, keys: set[str]) -> bool:
    """Whether the quote lies in a provision one of `keys` names: its passage holds the key,
    and for a paragraph ("usc:9228(b)(3)") the quote's own paragraph is that one or below it."""
    held = keys & set(quote.chunk.provisions.split())
    label = quote.chunk.label_at(quote.start)
    return any("(" not in key or within(label, key) for key in held)


def _resting(verification) -> set[int]:
    """The sources the supported generated sentences rest on: the one holding a sentence's
    evidence, not every number it cites (a waiver restated with "[1] [2] [3]" rests on the
    waiver's source, not on [1] it merely names)."""
    return {
        n
        for c in verification.checks
        if c.status == CheckStatus.SUPPORTED
        for n in ((c.source,) if c.source else c.markers)
    }


def _citations(verification, sources, items: list[Evidence]) -> list[Citation]:
    """One citation per source the text cites, quoting the sentences that supported it (or,
    for a source cited only by unsupported sentences, the quote the model was shown)."""
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
        Citation(
            n, sources[n - 1].chunk, tuple(sorted(qs or items[n - 1].quotes, key=lambda q: q.start))
        )
        for n, qs in sorted(quotes.items())
    ]


def _withheld(reasons: list[str]) -> str:
    """Why no draft was shown: the first draft's reason, and how many more were tried."""
    more = len(reasons) - 1
    if not more:
        return reasons[0]
    count = ("One more draft was", "Two more drafts were", "Three more drafts were")
    tried = count[more - 1] if more <= len(count) else f"{more} more drafts were"
    return f"{reasons[0]} ({tried} withheld too.)"


def _with_notice(answer: Answer, model: str, notice: str) -> Answer:
    answer.notice = notice
    answer.model = model
    answer.mode = AnswerMode.FALLBACK
    return answer
