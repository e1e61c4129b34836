"""The extractive answerer: an answer made only of verbatim, cited sentences.

It needs no LLM. From the top passages it picks the sentences closest in meaning to the
question and marks each with [n]. The answer leads with what applies (each governing
provision's role, citation and heading), then quotes the rules, each followed by the
clause that decides the asker's case; current law comes before historical text. When the
evidence is weak, or no quote states the kind of fact asked for (an amount, a date…), it
declines and names the nearest documents instead.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Protocol

import numpy as np

from carveout import applies, declines
from carveout.asks import (
    AnswerType,
    Ask,
    about_actor,
    asks_about_past,
    asks_about_text,
    asks_yes_or_no,
    definition_span,
    expected,
    fact_actors,
    fact_span,
)
from carveout.clauses import STOP, TELLING, DecidingClauses, terms, terms_and_parts
from carveout.config import Settings
from carveout.glossary import Glossary
from carveout.guard import is_instruction
from carveout.jurisdictions import BROAD, OTHER_COUNTRIES, asked_law, without_jurisdictions
from carveout.labels import keys_by_name, query_keys
from carveout.models import HEADING_LINE, Answer, Chunk, Citation, Passage, Quote, Signal
from carveout.retrieve import Retrieval
from carveout.sentences import MAX_QUOTE_CHARS, opens_list, run_in_heading

RULE = re.compile(
    r"\b(authori[sz]ed|prohibited|may not|shall|must|are blocked|is blocked|exempt|"
    r"means|includes|required|permitted|allows?)\b",
    re.I,
)
CONDITION = re.compile(
    r"\b(provided that|unless|except|if|only|does not|do not|not include|"
    r"notwithstanding|subject to|conditions?)\b",
    re.I,
)


class Answerer(Protocol):
    def answer(self, question: str, retrieval: Retrieval, on_token=None) -> Answer: ...


class ExtractiveAnswerer:
    def __init__(self, settings: Settings, store, chunks: list[Chunk] | None = None):
        self.settings = settings
        self.store = store
        chunks = chunks if chunks is not None else store.all_chunks()
        self.clauses = DecidingClauses(chunks)
        self.glossary = Glossary.load(settings.glossary_file)
        self.recaptured = frozenset(_section(c) for c in chunks if not c.earlier_capture)

    def answer(self, question: str, retrieval: Retrieval, on_token=None) -> Answer:
        # on_token is for generated text; an extractive answer is composed all at once.
        s = self.settings
        top = retrieval.passages[: s.answer_passages]
        candidates = self._candidates(top, retrieval.query_vector, question)
        best = max((c.score for c in candidates), default=0.0)
        named = bool(retrieval.keys) and _cited_first(retrieval)
        if best < s.refusal_threshold and not named:
            return declines.declined(
                question, retrieval, declines.weak_evidence(best, s.refusal_threshold), best
            )
        weak_words = (
            retrieval.lexical_top is not None and retrieval.lexical_top < s.lexical_threshold
        )
        if weak_words and best < s.semantic_threshold and not named:
            return declines.declined(question, retrieval, declines.unrelated(best), best)
        candidates = self._set_aside(candidates, question, retrieval.set_aside)
        main, related = self._choose(candidates, retrieval)
        # "Under EU law, may…?" answered from US text alone does not answer it.
        asked = asked_law(question)
        if asked and main:
            # A provision named of the law asked about ("Art. 16e"), not of another law
            # ("has the EU written resolution 2664 into its regulation?").
            named_there = any(
                Signal.CITATION in p.via and p.chunk.doc.jurisdiction in asked
                for p in retrieval.passages
            )
            main, gap = self._under_law(question, asked, main, candidates, named_there, top)
            if gap:
                return declines.declined(question, retrieval, gap, best)
        main = _through_items(main, candidates)
        # Asked what a named provision says, its short lists are quoted whole.
        whole = frozenset() if asks_yes_or_no(question) else _named_chunks(retrieval)
        main = _with_alternatives(main, candidates, whole)
        main = main + self._naming_the_case(question, main, candidates)
        ask = expected(question)
        if ask:
            stating = [c for c in candidates if _states(c, ask, question)] or (
                self._stated_past_named(question, retrieval, ask) if named else []
            )
            stating += self._defined_in_its_section(question, retrieval, ask, stating)
            cut = next((c for c in candidates if _cuts(c.text, ask)), None)
            if cut is not None:  # the one on the point lost it: another's number is not it
                stating = [c for c in stating if self._of_the_same(question, cut, c)]
                if not stating and not ask.soft:
                    return declines.declined(
                        question,
                        retrieval,
                        declines.fact_cut(ask.kind, cut.chunk.label_at(cut.start)),
                        best,
                    )
            merit = _ranks_without_fact_boost(retrieval.passages)
            # Read by `evals tune` to choose fact_depth: how far down the passage stating the
            # fact ranks when no passage gains for holding one.
            depth = {id(c): _section_rank(c, merit, retrieval) for c in stating}
            fact_rank = min(depth.values(), default=0)
            # Only a passage on the point answers: one stating the fact far down does not.
            # A definition in the section its heading names ("§ 510.305 Entity") is on the
            # point wherever the common word ranks it.
            stating = [
                c for c in stating if depth[id(c)] <= s.fact_depth or _defines_its_heading(c, ask)
            ]
            if not stating and not ask.soft:
                return declines.declined(question, retrieval, declines.fact_not_stated(ask), best)
            # From the passage ranked best on the point. Historical text quoted already does
            # not state it for a question about the present when current text does (a 2020
            # fact sheet's remittance "$5,000 per year" is no sum appropriated for refugees,
            # § 7833(c)'s is): current law first.
            if not asks_about_past(question) and any(not c.chunk.historical for c in stating):
                stating_now = [c for c in stating if not c.chunk.historical]
            else:
                stating_now = stating
            if stating_now:
                # The best on the point leads, though main quotes one ranked lower that
                # states a fact of the kind too (the 2023 press release's date beside the
                # resolution asked about).
                dated = _dated_as_asked(question, ask)

                def merit_of(c: Quote) -> tuple:
                    return (not dated(c), depth[id(c)])

                best_on_point = min(stating_now, key=lambda c: (*merit_of(c), -c.score))
                quoted = [c for c in stating_now if c in main]
                if not any(merit_of(c) <= merit_of(best_on_point) for c in quoted):
                    main = [best_on_point] + main
            # A passage quoted for other sentences quotes its own sentence stating the kind of
            # period asked too (FAQ 1162's two-week window to object, not only its 30-day
            # report). Any number of its kind would be noise: a date, a count, any period.
            if ask.period:
                quoted = {q.chunk.id for q in main}
                main += [
                    c
                    for c in stating
                    if c.chunk.id in quoted and not _covered(c, main) and fact_span(c.text, ask)
                ]
            # A term's own section defines it ("§ 510.305 Entity."), before another text's
            # "North Korean person … an entity owned or controlled …".
            main = [q for q in stating if _defines_its_heading(q, ask) and q not in main] + main
        main, deciding = self._decide(question, main, related, candidates)
        if not main and not related:  # close enough to search on, no sentence close enough to quote
            return declines.declined(
                question, retrieval, declines.nothing_to_quote(best, s.sentence_threshold), best
            )
        answer = compose(question, retrieval, main, related, best, deciding, self.recaptured)
        # What the refusal gates read, for calibrating them (`python -m evals tune`).
        answer.scores.update(lexical_top=retrieval.lexical_top or 0.0, named=float(named))
        if ask:
            answer.scores["fact_rank"] = float(fact_rank)
        return answer

    def _under_law(
        self,
        question: str,
        asked: set[str],
        main: list[Quote],
        candidates: list[Quote],
        named: bool,
        passages: list[Passage],
    ) -> tuple[list[Quote], declines.Decline | None]:
        """(main quotes, why the question cannot be answered) for a question about UK or EU
        law: an answer from other law does not answer it, nor does the law's text that
        does not speak of the case (the corpus holds one EU article: close enough to join
        the quotes of any EU question, it answers only those about what it speaks of, or
        those that name a provision: `named`). For US law, its text only leads."""
        # What the question sets aside is not its case: asked about "food aid (not fuel)", the
        # EU's fuel article does not speak of it.
        aside = " ".join(" ".join(m) for m in SET_ASIDE.findall(question))
        case = self.case_terms(question) - self.case_terms(aside)
        # "Do the Swiss have an exception like the UK one?": UK text does not answer for a
        # law the corpus holds none of.
        unheld = {law for law in asked if law in OTHER_COUNTRIES}
        if unheld and unheld != asked:
            found = {q.chunk.doc.jurisdiction for q in main}
            return main, declines.jurisdiction_not_held(unheld, found)
        ours = [q for q in main if q.chunk.doc.jurisdiction in asked]
        quoted = bool(ours)
        if not ours:  # its text may be among the passages, with sentences less close
            theirs = [c for c in candidates if c.chunk.doc.jurisdiction in asked]
            if any(
                self._speaks_of(case, c) for c in {c.chunk.id: c.chunk for c in theirs}.values()
            ):
                ours = [max(theirs, key=lambda c: c.score)]
        if asked <= BROAD:  # the general gates judge whether its many texts answer
            return (main if quoted or not ours else ours + main), None
        if not ours:
            # The law's text among the passages, with no sentence to quote (an amending act's
            # "Regulation (EU) 2017/1509 is amended as follows:"), is held and silent.
            held = sorted({p.chunk.label for p in passages if p.chunk.doc.jurisdiction in asked})
            if held:
                return main, declines.jurisdiction_silent(asked, held)
            found = {q.chunk.doc.jurisdiction for q in main}
            return main, declines.jurisdiction_not_held(asked, found)
        if not named and not any(self._speaks_of(case, q.chunk) for q in ours):
            held = sorted({q.chunk.label_at(q.start) for q in ours})
            return main, declines.jurisdiction_silent(asked, held)
        return (main if quoted else ours + main), None

    def case_terms(self, question: str) -> frozenset[str]:
        """The terms of the question that can tie a passage to its case: jurisdictions' names
        and common terms aside, the glossary's legal terms added ("fuel": petroleum)."""
        plain = self.glossary.expand(without_jurisdictions(question))
        return terms_and_parts(plain) - self.clauses.common

    def _speaks_of(self, case: frozenset[str], chunk: Chunk) -> bool:
        """Whether a passage (its label, heading and whole text: a list item's lead-in says
        what it is about) shares telling terms with the case asked about, not only words of
        legal form. Hyphenated words count by their parts too: "(asset-freeze etc.)"."""
        shared = case & terms_and_parts(f"{chunk.label} {chunk.heading} {chunk.text}")
        if (
            not case - FORM
        ):  # asked about the legal form itself: "What does the UK's exception say?"
            return bool(shared)
        # Words of legal form count, but cannot carry it alone ("article", "derogation").
        weight = self.clauses.weight
        return weight(shared) >= TELLING and weight(shared - FORM) >= TELLING / 2

    def _decide(
        self, question: str, main: list[Quote], related: list[Quote], candidates: list[Quote]
    ):
        """Each rule's deciding clauses; a chosen sentence that decides a rule's case moves
        from its own place to just after that rule."""
        closeness = {(c.chunk.id, c.start): c.score for c in candidates}
        rules = sorted(main, key=lambda q: (_role(q), q.chunk.position, q.start))
        taken = {(q.chunk.id, q.start) for q in rules + related}
        deciding: dict[int, list[Quote]] = {}
        moved: set[tuple[str, int]] = set()
        for rule in rules:
            if (rule.chunk.id, rule.start) in moved:
                continue
            others = taken - {(q.chunk.id, q.start) for q in main if _role(q) > 0}
            clauses = self.clauses.for_rule(rule, question, others | moved, closeness)
            deciding[id(rule)] = clauses
            moved |= {(q.chunk.id, q.start) for q in clauses}
        return [q for q in main if (q.chunk.id, q.start) not in moved], deciding

    def _naming_the_case(
        self, question: str, main: list[Quote], candidates: list[Quote]
    ) -> list[Quote]:
        """The list item that names what the question is about, when no chosen quote does:
        the sentences closest in meaning are often a list's general lead-in or a summary,
        while the item naming the asker's case ("fertilized eggs" among § 510.521's
        agricultural commodities, "flood relief" among § 510.512's categories) decides it.
        The item whose new case terms are the most telling is quoted, if they are telling
        enough (the bar the deciding clauses use) and it clears the quoting floor."""
        new = self.case_terms(question) - frozenset().union(*(terms(q.text) for q in main))
        chosen = {(q.chunk.id, q.start) for q in main}

        def naming(c: Quote) -> float:
            """How telling the case terms are that this list item adds; 0 if it is no item
            to add (already chosen, below the floor, too long, not a list item)."""
            if (
                c.score < self.settings.sentence_threshold
                or (c.chunk.id, c.start) in chosen
                or len(c.text) > MAX_QUOTE_CHARS
            ):
                return 0.0
            weight = self.clauses.weight(new & terms(c.text))
            return weight if weight >= TELLING and c.chunk.lead_in(c.start) else 0.0

        best = max(candidates, key=lambda c: (naming(c), c.score), default=None)
        return [best] if best is not None and naming(best) else []

    def _set_aside(self, candidates: list[Quote], question: str, set_aside: str) -> list[Quote]:
        """The candidates but those speaking of what the question sets aside: asked "Apart
        from reworking the NGO general license, which new general licenses did OFAC add …?",
        the sentences on the NGO licence are what the asker knows, not the answer."""
        if not set_aside:
            return candidates
        aside = terms(self.glossary.expand(set_aside))
        aside -= terms(self.glossary.expand(question)) | self.clauses.common
        if not aside:
            return candidates
        kept = [c for c in candidates if not terms(c.text) & aside]
        return kept or candidates

    def _candidates(self, passages: list[Passage], qvec, question: str) -> list[Quote]:
        """Every quotable sentence of the passages, scored by cosine similarity to the
        question with the sentence vectors computed at ingest."""
        if not passages or qvec is None:
            return []
        vectors = self.store.sentence_vectors([p.chunk for p in passages])
        out = []
        for p in passages:
            rows = [
                (q, v)
                for q, v in vectors.get(p.chunk.id, [])
                if not is_instruction(q.text)
                and not _masthead(q)
                and not _paragraph_heading(q)
                and not _amending(q, question)
            ]
            if rows:
                sims = np.asarray([v for _, v in rows]) @ np.asarray(qvec)
                out += [
                    Quote(q.chunk, q.start, q.end, float(sim)) for (q, _), sim in zip(rows, sims)
                ]
        return out

    def _of_the_same(self, question: str, cut: Quote, quote: Quote) -> bool:
        """Whether `quote` gives the contact asked for rather than another: of what the
        question asks, what the cut sentence speaks of and `quote` does not ("the Compliance
        Hotline") tells less than what `quote` speaks of and the cut sentence does not. So the
        Hotline's number, cut in FAQ 1106, is not the 2024 rule's Assistant Director's line,
        but "OFAC's number for licensing questions" is that line."""
        asked = _stems(question) - _stems(" ".join(self.clauses.common)) - CONTACT
        said = _stems(f"{quote.chunk.label} {quote.chunk.heading} {quote.text}")
        cut_said = _stems(cut.text)
        missing = asked & cut_said - said
        weight = self.clauses.weight  # a stem no passage holds counts as rare
        return not missing or weight(asked & said - cut_said) >= weight(missing)

    def _defined_in_its_section(
        self, question: str, retrieval: Retrieval, ask, found: list[Quote]
    ) -> list[Quote]:
        """For a term asked to be defined, the definition in the section whose heading is that
        term ("§ 510.305 Entity."), wherever among the retrieved passages a word as common as
        "entity" ranks it (`found`: the sentences already stating it)."""
        if ask.kind != AnswerType.DEFINITION:
            return []
        held = {q.chunk.id for q in found}
        own = [
            p
            for p in retrieval.passages
            if _is_heading(p.chunk, ask.noun) and p.chunk.id not in held
        ]
        return [
            c
            for c in self._candidates(own, retrieval.query_vector, question)
            if _states(c, ask, question)
        ]

    def _stated_past_named(self, question: str, retrieval: Retrieval, ask) -> list[Quote]:
        """The sentences stating the fact asked for in the first passage after the top ones
        that does and that speaks of the provision the question names, when that provision
        filled the top: "What's the e-mail for the notification under 510.512?" puts six
        passages of § 510.512 first, where the address is cut ("via email at […]"), and the
        FAQ on § 510.512 that gives it seventh. A period stated for another section (the ten
        years legal-services records are kept) does not answer for the named one."""
        named = set(retrieval.keys)
        for p in retrieval.passages[self.settings.answer_passages :]:
            if Signal.CITATION in p.via or not named & set(
                query_keys(f"{p.chunk.heading} {p.chunk.text}")
            ):
                continue
            stating = [
                c
                for c in self._candidates([p], retrieval.query_vector, question)
                if _states(c, ask, question)
            ]
            if stating:
                return stating
        return []

    def _choose(
        self, candidates: list[Quote], retrieval: Retrieval
    ) -> tuple[list[Quote], list[Quote]]:
        """(main, related) quotes. Every top passage whose best sentence clears the floor is
        quoted once, since retrieval ranked it on more evidence than one sentence carries;
        those close to the best sentence form the answer, the rest are shown as related.
        A provision the question names is quoted from its opening."""
        s = self.settings
        usable = _once_per_document(
            sorted(
                (c for c in candidates if len(c.text) <= MAX_QUOTE_CHARS), key=lambda c: -c.score
            )
        )
        if not usable:
            return [], []
        best_of: dict[str, Quote] = {}
        for c in usable:
            best_of.setdefault(c.chunk.id, c)
        close = max(s.sentence_threshold, usable[0].score - s.answer_margin)
        main = [c for c in best_of.values() if c.score >= close]
        related = [c for c in best_of.values() if s.sentence_threshold <= c.score < close]
        first = retrieval.passages[0] if retrieval.passages else None
        named = [
            c
            for c in usable
            if first and Signal.CITATION in first.via and c.chunk.id == first.chunk.id
        ]
        if named:
            opening = min(_within(named, retrieval.keys[:1]) or named, key=lambda c: c.start)
            main = [opening] + [c for c in main if c is not opening]
            related = [c for c in related if c is not best_of[opening.chunk.id]]
            if best_of[opening.chunk.id] not in main:
                main.insert(1, best_of[opening.chunk.id])
        for c in usable:  # a second sentence from a passage when it is nearly as strong
            if len(main) >= s.answer_sentences or c.score < close:
                break
            if c not in main and sum(x.chunk.id == c.chunk.id for x in main) < 2:
                main.append(c)
        return main, related


def _through_items(main: list[Quote], candidates: list[Quote]) -> list[Quote]:
    """A chosen sentence that announces a list ("… provided that all of the following
    conditions are met:") or titles a paragraph ("Protect North Korean refugees.") says
    nothing by itself: it is quoted through the sentence closest to the question of those
    that carry it as their lead-in."""
    out = []
    for q in main:
        items = (
            [
                c
                for c in candidates
                if c.chunk is q.chunk
                and c.start > q.start
                and (q.start, q.end) in c.chunk.lead_in(c.start)
            ]
            if opens_list(q.text) or run_in_heading(q.chunk.text, q.start, q.end)
            else []
        )
        best = max(items, key=lambda c: c.score, default=None)
        out.append(best if best is not None and best not in main else q)
    return out


# What a question says it is not asking about: "food aid (not fuel)", "food parcels, not fuel,",
# "Apart from the petroleum article, what …", and what it asks beyond ("a general derogation
# for NGO activities, not just fuel?" ends the question). Not "not just fuel" inside it, nor a
# party it is not ("a UK charity, not a UN agency, …"): only a bracket, or a phrase opening or
# ending the question.
SET_ASIDE = re.compile(
    r"\((?:but )?(?:not|other than|excluding|except)\s+([^()]{1,30})\)"
    r"|,\s*(?:but )?not\s+(?!(?:just|only|merely|a|an|the|part)\b)([\w-]+)\s*,"
    r"|^\W*(?:apart from|aside from|other than|besides|excluding)\s+([^,?]{1,40}),"
    r"|,\s*(?:and )?not (?:just|only|merely)\s+([\w-]+(?: [\w-]+)?)\s*\?\s*$",
    re.I,
)
MAX_ALTERNATIVES = 4
ALTERNATIVE = re.compile(r"\bor\s*$")
ANY_ITEM = re.compile(r"\b(or|and)\s*$")  # alternatives, or things that all hold


def _named_chunks(retrieval: Retrieval) -> frozenset[str]:
    """The passages of the provisions the question names."""
    return frozenset(p.chunk.id for p in retrieval.passages if Signal.CITATION in p.via)


def _with_alternatives(
    main: list[Quote], candidates: list[Quote], named: frozenset[str] = frozenset()
) -> list[Quote]:
    """A quoted item of a short list of alternatives ("… through: 1) Member States; or 2) the
    Resident Coordinator …; or 3) the Committee Secretary …") is quoted with the other items:
    one way alone reads as the only way, and the one the asker needs may be the next. So is
    an item of a short list of things that all hold ("(C) …; and (D) …") in the passages
    `named`: asked what § 7832(b) says, one of its four conditions is not what it says."""
    out: list[Quote] = []
    intro_of: dict[int, list[tuple[int, int]]] = {}  # each candidate's own lead-in, read once
    for q in main:
        out.append(q)
        intro = q.chunk.lead_in(q.start)[-1:]
        if not intro:
            continue
        for c in candidates:
            if c.chunk is q.chunk and id(c) not in intro_of:
                intro_of[id(c)] = c.chunk.lead_in(c.start)[-1:]
        items = sorted(
            (c for c in candidates if c.chunk is q.chunk and intro_of[id(c)] == intro),
            key=lambda c: c.start,
        )
        if not 2 <= len(items) <= MAX_ALTERNATIVES:
            continue
        joins = ANY_ITEM if q.chunk.id in named else ALTERNATIVE
        if not any(joins.search(c.text) for c in items[:-1]):
            continue
        # An item announcing a list of its own would be quoted without that list.
        out += [
            c
            for c in items
            if c is not q and c not in main and c not in out and not opens_list(c.text)
        ]
    return out


def _ranks_without_fact_boost(passages: list[Passage]) -> dict[str, int]:
    """Each passage's rank (from 1) when none gains for holding the kind of fact asked for:
    "How many days does the Committee take…?" lifts every passage that holds some number of
    days, and a deadline for reporting to the State Department, lifted so, does not answer."""
    ranked = sorted(passages, key=lambda p: -(p.score - p.fact_boost))
    # The passages of a provision the question names, put first together, rank as one.
    ranks, rank, named = {}, 0, False
    for p in ranked:
        cited = Signal.CITATION in p.via
        rank += not (cited and named)
        named |= cited
        ranks[p.chunk.id] = rank
    return ranks


_WHOLE_SECTION = re.compile(r"\bthis section\b", re.I)


def _section_rank(quote: Quote, merit: dict[str, int], retrieval: Retrieval) -> int:
    """How far down the passage stating a fact ranks, or, for a fact stated of the whole
    section ("… $5,000,000 for each of the fiscal years … to carry out this section" in
    § 7833(c)), the best passage of that section: § 7833(b), closer to the question, says
    what the aid is for. A period one paragraph sets for its own rule (§ 9228(b)'s waiver)
    does not belong to the others (§ 9228(a)'s exemptions)."""
    chunk = quote.chunk
    section = _section_key(chunk)
    if not (section and _WHOLE_SECTION.search(quote.text)):
        return merit[chunk.id]
    return min(
        merit[p.chunk.id]
        for p in retrieval.passages
        if p.chunk.id == chunk.id
        or (p.chunk.doc_id == chunk.doc_id and _section_key(p.chunk) == section)
    )


def _section_key(chunk: Chunk) -> str:
    """The section a passage belongs to ("usc:7833" for § 7833(c)), from its provision keys;
    "" for a text not divided into sections (a fact sheet, a letter)."""
    return next((k for k in chunk.provisions.split() if "(" not in k), "")


def _states(quote: Quote, ask: Ask, question: str) -> bool:
    """Whether a sentence of a top passage states the fact asked for, about the body, under
    the jurisdiction and (for what happened in a year) of the year the question names."""
    chunk = quote.chunk
    heading = f"{chunk.label} {chunk.heading}"
    lead = " ".join(chunk.text[a:b] for a, b in chunk.lead_in(quote.start))
    span = (
        definition_span(quote.text, ask, heading)
        if ask.kind == AnswerType.DEFINITION
        else fact_span(quote.text, ask, f"{heading}\n{lead}")
    )
    if not _of_the_provisions_asked(f"{lead} {quote.text}", question, quote.chunk.provisions):
        return False
    since = bool(ask.year) and re.search(rf"\bsince\s+{ask.year}\b", question, re.I) is not None
    if span is None or (ask.year and not _names_the_year(quote.text, ask.year, since)):
        return False
    doc = quote.chunk.doc
    wanted = asked_law(question)
    if wanted and doc.jurisdiction not in wanted:
        return False
    named = fact_actors(question)
    if not named:
        return True
    # The sentences before it in its own paragraph: where a sentence's subject was named.
    before = chunk.text[: quote.start]
    before = before[before.rfind("\n\n") + 1 :]
    return about_actor(quote.text, span, f"{doc.title} {doc.citation}", named, before)


def _covered(quote: Quote, quotes: list[Quote]) -> bool:
    """Whether one of `quotes` already shows this span, or shows it as its list's lead-in."""
    span = (quote.start, quote.end)
    return any(
        q.chunk.id == quote.chunk.id
        and (q.start <= quote.start and quote.end <= q.end or span in q.chunk.lead_in(q.start))
        for q in quotes
    )


def _dated_as_asked(question: str, ask: Ask):
    """For a date asked of a text the question dates ("the new licence changed in 2024. When
    did it become effective?"): whether a quote's sentence or document names that year. A
    2022 action's effective date does not answer for the 2024 rule."""
    years = (
        set(re.findall(r"\b(?:19|20)\d\d\b", question)) if ask.kind == AnswerType.DATE else set()
    )

    def dated(quote: Quote) -> bool:
        doc = quote.chunk.doc
        return any(y in f"{quote.text} {doc.title} {doc.citation}" for y in years)

    return dated


def _of_the_provisions_asked(text: str, question: str, own: str = "") -> bool:
    """Whether a text of the provisions `own` (keys) that names provisions is of one the
    question names: "With respect to the prohibition set forth in § 510.210(c), April 18,
    2020" dates neither § 510.210(b) nor § 510.511, and a fact sheet's "§ 510.511 … up to
    $5,000 per year" is no sum of § 510.512. A text naming none (a rule's "DATES: This rule
    is effective …"), or one of the provision asked (§ 9228(b) naming the sections it
    waives), may speak of it."""
    asked = _most_specific(_sections(query_keys(question) or keys_by_name(question)))
    named = _sections(query_keys(text))
    said = _most_specific(named) | set(own.split())
    if not (asked and named):
        return True
    return any(_part_of(k, a) or _part_of(a, k) for k in said for a in asked)


def _names_the_year(text: str, year: str, since: bool = False) -> bool:
    """The year itself: not part of a number ("S/2023/656", "2023.1"), nor the end of a range
    a law authorises for ("fiscal years 2005 through 2008"), nor where a running total starts
    ("Since 1995, the United States has provided …") unless that total is asked (`since`)."""
    start = r"\d{4}\s*(through|to|–|-)" + ("" if since else r"|\bsince")
    for m in re.finditer(rf"(?<![\w/]){year}(?![\w/]|\.\d)", text):
        before, after = text[: m.start()], text[m.end() :]
        if re.search(rf"({start})\s*$", before, re.I):
            continue
        if re.match(r"\s*(through|to|–|-)\s*\d{4}", after, re.I):
            continue
        return True
    return False


# "Regulation (EU) 2017/1509 is amended as follows:", "(1) Article 16e is replaced by the
# following:": an amending act's instruction, whose new text follows elsewhere.
AMENDING = re.compile(
    r"\b(is|are) (hereby )?(amended|replaced|inserted)\b[^.;]{0,40}?\b(as follows|the following)\s*:\s*$",
    re.I,
)
ASKS_AMENDMENT = re.compile(r"\b(amend\w*|replac\w*|insert\w*)\b", re.I)


def _amending(quote: Quote, question: str) -> bool:
    """An instruction to amend, unless the question asks what was amended: it states no rule,
    and quoted first it stands where the rule should."""
    return bool(AMENDING.search(quote.text)) and not ASKS_AMENDMENT.search(question)


def _masthead(quote: Quote) -> bool:
    """A line that only names the document or its author, as its citation or title begins
    ("Security Council Committee established pursuant to resolution 1718 (2006)" atop IAN No.
    7): it answers nothing, and quoted first it reads as if it did."""
    line = " ".join(quote.text.split()).rstrip(".:")
    doc = quote.chunk.doc
    return len(line) >= 12 and any(
        " ".join(name.split()).startswith(line) for name in (doc.citation, doc.title)
    )


def _paragraph_heading(quote: Quote) -> bool:
    """A U.S. Code paragraph's heading on its own line ("(3) Clarification of permitted
    activities under waiver"): it names the paragraph (its label cites it, the What applies
    block shows it); it says nothing, and quoted first it stands where the answer should."""
    chunk = quote.chunk
    line_ends = chunk.text[quote.end : quote.end + 1] in ("", "\n")
    return (
        line_ends
        and chunk.provisions.startswith("usc:")
        and HEADING_LINE.fullmatch(quote.text.strip()) is not None
        and len(quote.text.split()) <= 9
    )


def _defines_asked_term(quote: Quote, ask: Ask | None) -> bool:
    heading = f"{quote.chunk.label} {quote.chunk.heading}"
    return bool(
        ask and ask.kind == AnswerType.DEFINITION and definition_span(quote.text, ask, heading)
    )


def _defines_its_heading(quote: Quote, ask: Ask) -> bool:
    return ask.kind == AnswerType.DEFINITION and _is_heading(quote.chunk, ask.noun)


def _is_heading(chunk: Chunk, term: str) -> bool:
    """Whether the section's own heading is the term ("§ 510.305 Entity.")."""
    title = chunk.heading.split(" > ")[-1].strip()
    return bool(re.fullmatch(rf"(§\s*[\d.]+\s+)?{re.escape(term)}s?\.?", title, re.I))


def _words(chunk: Chunk, span: tuple[int, int]) -> tuple[str, str]:
    """A sentence's words, punctuation aside, with its document: equal for the same text of a
    page captured in two versions."""
    return chunk.doc_id, re.sub(r"[^a-z0-9]+", " ", chunk.text[span[0] : span[1]].lower()).strip()


def _once_per_document(candidates: list[Quote]) -> list[Quote]:
    """Drop a sentence its document already offers word for word, punctuation aside (a web
    page captured in two versions repeats whole paragraphs). The same words in two different
    instruments are kept: that two statutes say it is itself worth citing."""
    seen: set[tuple[str, str]] = set()
    out = []
    for c in candidates:
        key = _words(c.chunk, (c.start, c.end))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _within(quotes: list[Quote], keys: list[str]) -> list[Quote]:
    """The quotes inside the paragraph a key names ("cfr:510.512(e)" → § 510.512(e) and its
    subparagraphs): a passage can start a paragraph or two before the one asked about."""
    designators = [k.partition(":")[2] for k in keys if "(" in k]
    return [q for q in quotes if any(d in q.chunk.label_at(q.start) for d in designators)]


# Words of legal form, and the country every text is about: "Which article of EU Regulation
# 2017/1509 is the derogation for medical equipment?" shares only "article" and "derogation"
# with the one EU article held (on refined petroleum), which says nothing of medical equipment.
FORM = terms(
    "article derogation exemption exception authorisation authorization licence license member "
    "regulation resolution UNSCR provision paragraph DPRK North Korea"
    # how a text came to read as it does: "Regulation 2017/1509, as amended in 2023"
    " amend amended amending amendment"
    # how a rule gets into a law: "Has the UK written the UN exception into its regulations?"
    " written incorporated implemented transposed enacted codified"
    # the parties and aims any rule names: "competent authorities", "entity", "purposes"
    " competent entity purposes exclusively"
    # what any permission sets: "which article …, and what are the conditions?"
    " condition conditions"
)


# Where a source copy breaks off at the contact asked for: "by phone at (80[…]",
# "via email at […]" (`[…]` marks text missing in the copy, see corpus/SOURCES.md).
_EMAIL_CUT = re.compile(r"\be-?mail\b[^.;\n]{0,12}\[…\]", re.I)
CUT = {
    AnswerType.PHONE: re.compile(r"\b(tele)?(phone|fax|hotline)\b[^.;\n]{0,12}\[…\]", re.I),
    AnswerType.EMAIL: _EMAIL_CUT,
    AnswerType.ADDRESS: _EMAIL_CUT,
}


# How a contact is asked for and given, and what for, not whose it is: "phone" asked, "tel.:"
# given; "for questions", "for further information".
CONTACT = frozenset(
    "phone telep tel fax numbe email e-mai addre conta call reach quest queri inqui infor".split()
)


ADDRESS = re.compile(r"\S+@\S+|\bhttps?://\S+|\bwww\.\S+", re.I)


def _stems(text: str) -> frozenset[str]:
    """Words of four letters or more, and acronyms ("NGO"), cut to five letters, a plural's
    "s" dropped: "NGOs" is "NGO". The words of an address are not what a sentence speaks of:
    the Hotline's "OFAC_Feedback@treasury.gov" is no line at the Treasury."""
    words = re.findall(r"[A-Za-z][A-Za-z-]{2,}", ADDRESS.sub(" ", text))
    return frozenset(
        w.lower()[:5].rstrip("s")
        for w in words
        if (len(w) > 3 or w.rstrip("s").isupper()) and w.lower() not in STOP
    )


def _cuts(text: str, ask: Ask) -> bool:
    """Whether the sentence gives the contact asked for in words the source copy has lost."""
    cue = CUT.get(ask.kind)
    return bool(cue and cue.search(text))


def _cited_first(retrieval: Retrieval) -> bool:
    return bool(retrieval.passages) and Signal.CITATION in retrieval.passages[0].via


def compose(
    question: str,
    retrieval: Retrieval,
    main: list[Quote],
    related: list[Quote],
    best: float,
    deciding: dict[int, list[Quote]] | None = None,
    recaptured: frozenset[tuple[str, str]] = frozenset(),
) -> Answer:
    """Answer text from chosen sentences, each with [n]: what applies, then the answer
    (rules before conditions, each rule followed by the clauses that decide the case),
    historical text under its own heading unless the question asks about the past, then
    related passages. `recaptured`: the (document, section) pairs a later capture holds."""
    deciding = deciding or {}
    order = {p.chunk.id: i for i, p in enumerate(retrieval.passages)}
    # The law the question names first (a UK question is not answered by a UN resolution
    # before the UK regulation), and the provisions it names; then the passages as retrieval
    # ranked them, a law just before the guidance that restates it; within a passage, rules
    # before conditions. Ranked by role first, a rule far down (a reporting duty of § 9225)
    # led answers that the first passage gave.
    asked = asked_law(question)
    named = {p.chunk.id for p in retrieval.passages if Signal.CITATION in p.via}
    ask = expected(question)
    # A quoted term names its own section as a citation names a provision.
    named |= {q.chunk.id for q in main if ask and _defines_its_heading(q, ask)}
    rank = _ranks_with_restated_law(main, order)
    stated = {id(c) for c in main if ask and _states(c, ask, question)}
    # The provision the question names first ("What does FAQ 1106 say…?": FAQ 1106), unless it
    # does not state the fact asked for, which then leads ("When did the prohibition in
    # § 510.210(c) take effect?": § 510.304's date for it, before § 510.210 itself).
    named_silent = bool(named and stated) and not any(
        id(q) in stated for q in main if q.chunk.id in named
    )

    def first(c: Quote) -> bool:
        return id(c) not in stated if named_silent else c.chunk.id not in named

    main = sorted(
        main,
        key=lambda c: (
            bool(asked) and c.chunk.doc.jurisdiction not in asked,
            first(c),
            # Current text before historical text, which leads only when asked about (a
            # section only an earlier capture holds is quoted, after the current ones).
            c.chunk.historical and not asks_about_text(question, c.chunk.doc),
            not _defines_asked_term(c, ask),  # "… define 'X'?": the sentence defining X first
            rank[c.chunk.id],
            id(c) not in stated,  # within a passage, the sentence giving the fact asked for
            _authority(c.chunk),
            _role(c),
            c.start,
        ),
    )
    related = sorted(related, key=lambda c: order.get(c.chunk.id, 99))
    if asks_about_past(question):
        current, historical = main, []
    else:
        old = superseded(recaptured, question)
        current = [q for q in main if not old(q)]
        historical = [q for q in main if old(q)]
        historical += [q for q in related if old(q)]
        related = [q for q in related if not old(q)]
        if historical and not current and related:  # current text on the point leads, if retrieved
            current, related = related[:1], related[1:]
    numbers: dict[str, int] = {}
    quotes: dict[str, list[Quote]] = {}
    lead: list[tuple[int, list[Quote]]] = []  # ([n], the spans of one quoted line)

    said: set[tuple[str, str]] = set()  # (document, words) already quoted: a page captured twice

    def line(c: Quote, is_lead: bool = False) -> str:
        cid = c.chunk.id
        n = numbers.setdefault(cid, len(numbers) + 1)
        # A lead-in already quoted (the rule a clause follows, or the same words of the same
        # document) is not repeated.
        spans = [s for s in c.chunk.lead_in(c.start) if _words(c.chunk, s) not in said] + [
            (c.start, c.end)
        ]
        for a, b in spans:
            said.add(_words(c.chunk, (a, b)))
            if all(q.start != a for q in quotes.get(cid, [])):
                quotes.setdefault(cid, []).append(Quote(c.chunk, a, b, c.score))
        if is_lead:
            lead.append((n, [Quote(c.chunk, a, b, c.score) for a, b in spans]))
        text = " … ".join(f"“{c.chunk.text[a:b]}”" for a, b in spans)
        return f"- {text} — *{c.chunk.label_at(c.start)}* [{n}]"

    def lines(chosen: list[Quote], is_lead: bool) -> list[str]:
        """Lines of the chosen quotes, each rule followed by its deciding clauses; a sentence
        whose words the answer already quotes from the same document is left out."""
        out = []
        for q in chosen:
            for c in (q, *deciding.get(id(q), [])):
                if _words(c.chunk, (c.start, c.end)) not in said:
                    out.append(line(c, is_lead))
        return out

    body = lines(current, True)
    sections = ["What the corpus says:", *body] if body else []
    if historical:
        old = lines(historical, not current)
        sections += ([""] if sections else []) + [_historical_heading(historical), *old]
    if related:
        sections += ["", "Related passages:", *lines(related, False)]
    by_id = {p.chunk.id: p.chunk for p in retrieval.passages} | {q.chunk.id: q.chunk for q in main}
    by_id |= {q.chunk.id: q.chunk for qs in deciding.values() for q in qs}
    citations = [
        Citation(n, by_id[cid], tuple(sorted(quotes[cid], key=lambda q: q.start)))
        for cid, n in numbers.items()
    ]
    notes = [f"[{c.n}] is {' and '.join(c.flags)} text." for c in citations if c.chunk.historical]
    provisions = applies.applicable(lead)
    text = "\n".join(
        ([*applies.block(provisions, asked), ""] if provisions else [])
        + sections
        + ([""] + notes if notes else [])
    )
    return Answer(
        question=question,
        text=text,
        citations=citations,
        passages=retrieval.passages,
        query=retrieval.query,
        scores={"evidence": best},
        lead=[q for _, line_quotes in lead for q in line_quotes],
        applies=provisions,
    )


PRIMARY = ("statute", "regulation", "resolution")  # the law; FAQs and guidance explain it


def _ranks_with_restated_law(main: list[Quote], order: dict[str, int]) -> dict[str, int]:
    """Each quoted passage's retrieval rank, a law's raised to that of a better-ranked
    guidance quote whose text names the provision quoted (FAQ 463 naming § 510.512(a) raises
    § 510.512(a)(1), not § 510.512(f)): the binding text is read first, the guidance
    explaining it right after. A section an FAQ names only in its question (FAQ 1162 on
    "the GL at § 510.512") is its subject, not a text it restates: FAQ 1162, ranked first,
    leads, with the e-mail address that § 510.512(e) cuts ("via email at […]"); blind
    question writers chose it over § 510.512(e) as the evidence 14 times to 6."""
    rank = {q.chunk.id: order.get(q.chunk.id, 99) for q in main}
    for guide in (q.chunk for q in main if _authority(q.chunk)):
        named = _most_specific(query_keys(guide.text))
        for law in (q for q in main if not _authority(q.chunk)):
            keys = query_keys(law.chunk.label_at(law.start))
            if any(_part_of(k, n) for k in keys[:1] for n in named):
                rank[law.chunk.id] = min(rank[law.chunk.id], rank[guide.id])
    return rank


def _sections(keys: list[str]) -> list[str]:
    """The sections (and FAQs) among provision keys: a resolution a text names is more often
    its context ("the Committee established pursuant to resolution 1718") than its subject."""
    return [k for k in keys if k.startswith(("cfr:", "usc:", "faq:"))]


def _most_specific(keys: list[str]) -> set[str]:
    """The provisions a text names, less the sections added for their paragraphs."""
    return {k for k in keys if not any(o != k and _part_of(o, k) for o in keys)}


def _part_of(key: str, provision: str) -> bool:
    """Whether `key` is `provision` or one of its paragraphs ("cfr:510.512(a)(1)" of
    "cfr:510.512(a)")."""
    return key == provision or key.startswith(f"{provision}(")


def _authority(chunk: Chunk) -> int:
    return (
        0
        if chunk.doc.doc_type in PRIMARY
        else 1
        if chunk.doc.doc_type in ("faq", "guidance")
        else 2
    )


def superseded(recaptured: frozenset[tuple[str, str]], question: str):
    """Whether a quote is superseded text: of a historical document the question does not ask
    about, or of an earlier capture of a page whose later capture holds the same section (a
    section only the earlier capture holds is the only text of it there is)."""
    return lambda q: (q.chunk.doc.historical and not asks_about_text(question, q.chunk.doc)) or (
        q.chunk.earlier_capture and _section(q.chunk) in recaptured
    )


def _section(chunk: Chunk) -> tuple[str, str]:
    return chunk.doc_id, chunk.heading.split(" > ")[-1]


def _historical_heading(quotes: list[Quote]) -> str:
    why = sorted(
        {f"superseded {q.chunk.doc.superseded_on}" for q in quotes if q.chunk.doc.superseded_on}
        | {  # historical without being superseded itself: say when it was written
            f"issued {issued}"
            for q in quotes
            if q.chunk.doc.historical
            and not q.chunk.doc.superseded_on
            and (issued := _spelled(q.chunk.doc.issued))
        }
    )
    why += ["an earlier capture of a page"] if any(q.chunk.earlier_capture for q in quotes) else []
    return f"Historical text ({'; '.join(why)}):" if why else "Historical text:"


def _spelled(day: str) -> str:
    """An ISO date as a reader writes it ("16 April 2020"); "" when it is not one."""
    try:
        d = date.fromisoformat(day)
    except ValueError:
        return ""
    return f"{d.day} {d:%B %Y}"


def _role(quote: Quote) -> int:
    """0 for a governing rule, 1 for a condition or exception, 2 for anything else. A letter
    or a news item states no rule, whatever its verbs ("the US should … allow access"). A
    list item is read with the sentence announcing its list, as it is quoted."""
    lead = " ".join(quote.chunk.text[a:b] for a, b in quote.chunk.lead_in(quote.start))
    sentence = f"{lead} {quote.text}".strip()
    if quote.chunk.doc.doc_type not in applies.LEGAL_TYPES:
        return 2
    if RULE.search(sentence) and not CONDITION.search(sentence[:80]):
        return 0
    return 1 if CONDITION.search(sentence) else 2
