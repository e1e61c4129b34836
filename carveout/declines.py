"""Every reason Carve-out declines to answer, in one enumerated list, with the words the
reader sees. The app, the evaluation report (`refusal_reasons`) and the exports all use it."""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from carveout.asks import AUXILIARIES, MONTHS, AnswerType, Ask
from carveout.clauses import terms
from carveout.jurisdictions import EU_MEMBERS
from carveout.labels import query_keys
from carveout.models import Answer, Chunk
from carveout.paragraphs import LOST
from carveout.sentences import question_sentences

if TYPE_CHECKING:
    from carveout.retrieve import Retrieval


class DeclineReason(StrEnum):
    TOO_LONG = "too_long"
    OTHER_PROGRAMME = "other_programme"
    OTHER_TASK = "other_task"
    INSTRUCTIONS_ONLY = "instructions_only"
    RESOLUTION_TEXT_MISSING = "resolution_text_missing"
    PROVISION_MISSING = "provision_missing"
    SUPERSEDED_ONLY = "superseded_only"
    WEAK_EVIDENCE = "weak_evidence"
    UNRELATED = "unrelated"
    FACT_NOT_STATED = "fact_not_stated"
    JURISDICTION_NOT_HELD = "jurisdiction_not_held"
    SOURCE_NOT_HELD = "source_not_held"
    NOT_ENGLISH = "not_english"
    AFTER_CORPUS = "after_corpus"


@dataclass(frozen=True)
class Decline:
    reason: DeclineReason
    detail: str  # the sentence shown after "Why:", in words a reader can act on

    @property
    def about_corpus(self) -> bool:
        """Whether the corpus lacks the answer (else the question could not be asked as put)."""
        return self.reason != DeclineReason.NOT_ENGLISH


def too_long(chars: int, limit: int) -> Decline:
    return Decline(
        DeclineReason.TOO_LONG,
        f"the question is {chars:,} characters long; the limit is "
        f"{limit:,}. Ask about one point at a time",
    )


def other_programme(programme: str) -> Decline:
    return Decline(
        DeclineReason.OTHER_PROGRAMME,
        # "Cuban" or "Iran", as the question names it
        f"the question is about {programme} sanctions; this corpus covers "
        "only what the sanctions on North Korea (DPRK) permit",
    )


def other_task(task: str) -> Decline:
    return Decline(
        DeclineReason.OTHER_TASK,
        f"the message is {task}, not a question about what the sanctions on North Korea (DPRK) permit",
    )


def instructions_only() -> Decline:
    return Decline(
        DeclineReason.INSTRUCTIONS_ONLY,
        "the message holds instructions to the assistant but no question about the corpus",
    )


def not_english(language: str, translated: bool) -> Decline:
    if translated:  # a model is configured but could not translate it
        why = f"the question is in {language}, and the language model could not put it into English"
    else:
        why = (
            f"the question is in {language}; without a language model only English questions are "
            "searched. Ask in English, or run `make llm` and set CARVEOUT_LLM=local to have questions "
            "translated"
        )
    return Decline(DeclineReason.NOT_ENGLISH, why)


def weak_evidence(best: float, threshold: float) -> Decline:
    return Decline(
        DeclineReason.WEAK_EVIDENCE,
        "the closest passages do not address the question "
        f"(best match {best:.2f}, threshold {threshold:.2f})",
    )


def nothing_to_quote(best: float, floor: float) -> Decline:
    """Passages close enough to search on, none with a sentence close enough to quote: an
    answer would be empty."""
    return Decline(
        DeclineReason.WEAK_EVIDENCE,
        "no sentence of the closest passages is close enough to the question to quote "
        f"(best passage {best:.3f}, quoting floor {floor:.3f})",
    )


def unrelated(best: float) -> Decline:
    return Decline(
        DeclineReason.UNRELATED,
        "the question shares almost no terms with the corpus and "
        f"its meaning is not close to any passage (best match {best:.2f})",
    )


def fact_cut(kind: AnswerType, where: str) -> Decline:
    """The passage on the point gives the fact in words the source copy has lost."""
    return Decline(
        DeclineReason.FACT_NOT_STATED,
        f"the question asks for {_WHAT[kind]}, and the source copy of {where}, the passage on "
        "the point, breaks off where it gives it (marked […])",
    )


_WHAT = {
    AnswerType.AMOUNT: "an amount",
    AnswerType.COUNT: "a number",
    AnswerType.DURATION: "a period of time",
    AnswerType.DATE: "a date",
    AnswerType.YEAR: "a year",
    AnswerType.PHONE: "a telephone number",
    AnswerType.EMAIL: "an e-mail address",
    AnswerType.ADDRESS: "an e-mail or postal address",
    AnswerType.RATE: "a rate (a percentage or a ratio)",
    AnswerType.PERSON: "the name of whoever holds the office now",
    AnswerType.DEFINITION: "the definition of a term",
    AnswerType.FORM: "a form number",
}


def fact_not_stated(ask: Ask) -> Decline:
    if ask.kind == AnswerType.DEFINITION:
        what = f"the definition of “{ask.noun}”"
    else:
        what = "the amount of a penalty or fine" if ask.penalty else _WHAT[ask.kind]
    of_year = f" for {ask.year}" if ask.year else ""
    return Decline(
        DeclineReason.FACT_NOT_STATED,
        f"the question asks for {what}{of_year}, and no passage on the point states one",
    )


def jurisdiction_not_held(asked: set[str], found: set[str]) -> Decline:
    law = " or ".join(sorted(asked))
    return Decline(
        DeclineReason.JURISDICTION_NOT_HELD,
        f"the question asks about {law} law, and no {law} text in the corpus addresses it "
        f"(the closest passages are {' and '.join(sorted(found))} text)",
    )


def jurisdiction_silent(asked: set[str], held: list[str]) -> Decline:
    law = " or ".join(sorted(asked))
    return Decline(
        DeclineReason.JURISDICTION_NOT_HELD,
        f"the question asks about {law} law, and the closest {law} text in the corpus "
        f"({'; '.join(held)}) does not speak of it",
    )


# "Can you quote paragraph 25 of resolution 2397?" asks for its words as surely as "the wording";
# "a quote from a supplier" is a price.
WORDING = re.compile(
    r"\b(wording|worded|full text|exact text|text of|verbatim|word for word|quotation of)\b"
    r"|(?<!\ba )(?<!\ban )(?<!\bthe )(?<!\bour )(?<!\btheir )\bquote (me |us )?(the |that |this |operative |op )?"
    r"(paragraph|para|op|text|wording|resolution|article|it|its|them)\b",
    re.I,
)
CURRENT = re.compile(r"\b(current(ly)?|now|today|in force|latest|as revised)\b", re.I)
WHOLE_TEXT_KEYS = ("cfr:", "usc:", "faq:", "gl:")  # provision families indexed by section


def provision_gap(
    question: str, keys: list[str], by_provision: dict[str, list[Chunk]]
) -> Decline | None:
    """Why the corpus cannot answer a question about a named provision, or None."""
    resolutions = {k.split(":")[1] for k in keys if k.startswith("res:")}
    held = {k.split(":")[1] for k in by_provision if k.startswith("res:")}
    unheld = resolutions - held
    # Its words asked for: every resolution named must be held ("Is paragraph 25 of 2397 worded
    # the same as 2321's clause?" compares a text the corpus lacks with one it holds).
    if unheld and (
        WORDING.search(question)
        or (unheld == resolutions and _asks_of_resolution(question, keys, resolutions))
    ):
        return Decline(
            DeclineReason.RESOLUTION_TEXT_MISSING,
            f"the corpus does not hold the text of resolution {', '.join(sorted(unheld))}",
        )
    named = _whole_texts(keys)
    # "§ 510.507(c) mentions § 510.404. What does § 510.404 say …?" asks about 510.404 only.
    asked = _whole_texts(query_keys(asking_sentences(question)))
    named = [k for k in named if k in asked] or named
    if not named:
        return None
    found = {k: by_provision.get(k, []) for k in named}
    missing = [k for k, cs in found.items() if not cs]
    if len(missing) == len(named):
        return Decline(
            DeclineReason.PROVISION_MISSING,
            f"the corpus holds no text of {', '.join(_shown(k) for k in missing)}",
        )
    if CURRENT.search(question):
        old = [k for k, cs in found.items() if cs and all(c.doc.historical for c in cs)]
        if old and len(old) == len([k for k in named if found[k]]):
            return Decline(
                DeclineReason.SUPERSEDED_ONLY,
                "the question asks for the current text, and "
                f"the corpus holds only superseded text of {', '.join(k.split(':', 1)[1] for k in old)}",
            )
    return None


# Resolution 1718 set up the regime whose Committee's pages the corpus holds, and they set out
# its paragraphs; any other resolution the corpus only mentions ("as authorized in paragraph
# 25 of resolution 2397").
REGIME_RESOLUTIONS = frozenset({"1718"})
# The question asks what a held text says of the resolution ("According to IAN No. 7, …").
SOURCE_NAMED = re.compile(
    r"\b(according to|(?-i:IAN)|implementation assistance notice|press release|web ?page)\b", re.I
)


def _asks_of_resolution(question: str, keys: list[str], resolutions: set[str]) -> bool:
    """The question asks what a resolution the corpus does not hold says, sets or decides
    ("Does paragraph 25 of UNSCR 2397 set a deadline …?", "When was resolution 2397
    passed?"), naming no held text to read it in: only that resolution's text could answer."""
    return bool(
        resolutions - REGIME_RESOLUTIONS
        and all(k.startswith("res:") for k in keys)
        and not SOURCE_NAMED.search(question)
    )


def _shown(key: str) -> str:
    """A provision key as a reader names it: "gl:8a" is General License No. 8A."""
    family, name = key.split(":", 1)
    return f"General License No. {name.upper()}" if family == "gl" else name


def _whole_texts(keys: list[str]) -> list[str]:
    return [k for k in keys if k.startswith(WHOLE_TEXT_KEYS) and k.count(":") == 1 and "(" not in k]


def declined(question: str, retrieval: Retrieval, decline: Decline, best: float = 0.0) -> Answer:
    """The answer that says the corpus does not answer, naming the nearest documents it holds."""
    nearest = list(
        dict.fromkeys(p.chunk.doc.title or p.chunk.doc_id for p in retrieval.passages[:5])
    )[:3]
    if decline.reason == DeclineReason.NOT_ENGLISH:  # not the corpus's fault: say what would work
        text = f"Carve-out could not search this question: {decline.detail}."
        return Answer(
            question=question,
            text=text,
            citations=[],
            passages=[],
            decline=decline,
            query=retrieval.query,
            scores={"evidence": best},
        )
    text = "The corpus does not answer this question, so Carve-out will not guess."
    if nearest:
        text += " The nearest documents it holds are:\n" + "\n".join(f"- {t}" for t in nearest)
    return Answer(
        question=question,
        text=text,
        citations=[],
        passages=retrieval.passages,
        decline=decline,
        query=retrieval.query,
        scores={"evidence": best},
    )


# A question about what a named source says ("What did the 2014 Commission of Inquiry report
# recommend…?"): the corpus can answer it only if it holds that source, not merely mentions it.
SOURCE_NOUNS = (
    r"report|guidance|guidelines|fact ?sheet|notice|letter|annex|template|form|list|handbook|spreadsheet|"
    r"manual|statement|press release|website|web page|circular|advisory|memo(randum)?|study|paper|inquiry"
)
# The rest of a source's name, up to where the question goes on ("…, and can we ship them?").
NAME_GOES_ON = (
    r"(?:\s+(?!(?:and|or|but|so|if|when|where|to|can|could|may|should|do|does|because|due|since)\b)"
    r"[^?\s,;]+){0,12}"
)
# What a source is asked to say.
SAYS = r"say|(?<!\bto )tell|recommend|require|provide|contain|list|include|set out|specify|advise|find|conclude"
# "… expect the Member State to tell us" names a state: "State" there is no verb.
ASKS_SOURCE = re.compile(
    rf"\bwhat (does|did|do) (?P<a>[^?]{{3,90}}?\b({SOURCE_NOUNS})\b[^?]{{0,60}}?) ({SAYS}"
    r"|(?<!Member )(?<!member )state)\b"
    rf"|\b(what|which) (recommendations|advice|fields|columns|entries|items|conditions|steps|sections)\b[^?]{{0,30}}? (in|on|of|does|do) "
    rf"(?P<b>[^?]{{3,90}}?\b({SOURCE_NOUNS})\b)"
    # "Which procurement entities are named in the annexes to the September 2020 … Advisory?"
    rf"|\b(which|what)(['’]s|\b[^?]{{0,40}}\b(are|is)) ((currently|now|still|already|actually|really) )?"
    rf"((listed|included|named)( as [^?]{{1,30}}?)? )?(on|in) (?P<c>[^?]{{3,90}}?\b({SOURCE_NOUNS})\b{NAME_GOES_ON})"
    # the same asked yes or no: "Is a portable ultrasound scanner on OFAC's List of …?", "Would
    # a small ultrasound scanner be on Treasury's list …?", "Portable ultrasound machine is on
    # OFAC List of … or not?"
    r"|(?:^|[.?!]\s+)(?:(?:is|are|was|were)\b[^?]{3,90}?|(?:would|could|will|might)\b[^?]{3,60}?\bbe"
    r"|[^?.!]{3,60}?\b(?:is|are))"
    # a question, not the setting ("My uncle is on OFAC's blocked list. Can I …?")
    # (typed without a question mark, the message's last words are the question)
    rf"\s+(?:on|in) (?=(?:[^.!?]|\.(?=\w))*(?:\?|$))(?P<d>[^?]{{3,90}}?\b({SOURCE_NOUNS})\b{NAME_GOES_ON})"
    # what a template or form asks for, put yes or no ("Does the Annex II item-list template for
    # 1718 exemption requests require HS codes?") or after it is named ("For the IAN No. 7
    # Annex II list of items, which columns do we have to fill?")
    # or what a list holds: "Does OFAC's List of Medical Devices Requiring Specific Authorization
    # include portable ultrasound scanners?"
    r"|\b(?:does|did|do|would|will)\s+(?P<f>[^?]{3,70}?\b(?:template|form|spreadsheet|annex [IVX\d]+)\b"
    r"[^?]{0,40}?|[^?]{3,40}?\blist\b[^?]{0,70}?)\s+(?:require|ask for|include|contain|have|need)\b"
    r"|\b(?:for|in|on)\s+(?P<g>[^?,]{3,60}?\b(?:template|form|spreadsheet|annex [IVX\d]+|list)\b"
    r"[^?,]{0,30}?),\s+(?:(?:which|what)\s+(?:fields|columns|entries|headings|sections)"
    # "In the Annex II item list for a 1718 request, do we have to give HS codes …?"
    r"|(?:do|must|should)\s+(?:we|i)\s+(?:have to\s+|need to\s+)?(?:give|list|include|provide|fill"
    r"|state|enter|put))\b"
    # its text asked for: "Please list the full contents of Supplement No. 1 to 15 CFR part 746"
    r"|\b(?:list|paste|give|show|quote|print|copy|send)\s+(?:me\s+|us\s+)?(?:the\s+)?(?:full\s+|whole\s+"
    r"|complete\s+|entire\s+|exact\s+)?(?:contents?|text|wording)\s+of\s+(?P<h>[^?,;—–]{3,80}?)"
    r"(?=\s*(?:[?,;—–]|\s-\s|$|\.(?:\s+[A-Z]|\s*$)|\s(?:so|and)\b))"
    # asked for whole: "Can you paste the current OFAC List of Medical Devices …?"; a firm
    # that does not "show up on the SDN list" is not shown the list
    # or each of its entries: "list every entry on OFAC's SDN list tagged [DPRK]"
    rf"|\b(?:paste|give|show(?! up\b)|send|share|print|copy"
    r"|list (?:every|all|each) (?:(?:of the )?(?:entr(?:y|ies)|names?|items?|compan(?:y|ies)|vessels?)"
    r" )?(?:on|in|of))\b"
    rf" (?:me |us )?(?P<e>[^?]{{3,60}}?\blist\b{NAME_GOES_ON})"
    # asked yes or no whether it speaks to a point: "Did OFAC's 2023 '…' fact sheet say
    # anything specific about North Korea?", "Did OFAC's 2023 Supplemental Guidance for the
    # Provision of Humanitarian Assistance say NGOs may pay salaries …?"
    rf"|\b(?:does|did|do)\s+(?P<i>[^?]{{3,90}}?\b({SOURCE_NOUNS})\b)[^?]{{0,30}}?\s+(?:{SAYS}|mention)\s+"
    r"(?:anything|something|much)\b"
    # or whether it says a point, asked at the start of a question (not "Who does the notice
    # say to contact?", nor what a report must "include")
    # "list, column by column, what the Annex II template of IAN 7 asks for"
    r"|\bwhat\s+(?P<k>(?:the|an?)\s+[^?]{0,40}?\b(?:template|form|spreadsheet|annex [IVX\d]+)\b"
    r"[^?]{0,40}?)\s+(?:asks? for|requires?|contains?)\b"
    # its content asked for in short: "Summarize OFAC's 2023 '…' fact sheet for us"
    r"|(?:^|[.?!:]\s+)(?:please\s+)?(?:summari[sz]e|sum up|give (?:me|us) (?:a |an |the )?"
    rf"(?:summary|gist|overview) of)\s+(?P<l>[^?]{{3,120}}?\b({SOURCE_NOUNS})\b)"
    rf"|(?:^|[.?!]\s+)(?:does|did|do)\s+(?P<j>[^?]{{3,90}}?\b({SOURCE_NOUNS})\b)[^?]{{0,60}}?\s+"
    r"(?:say|state|mention)\b",
    re.I,
)
COMMON_NAMES = {
    "dprk",
    "ngo",
    "ngos",
    "north",
    "korea",
    "korean",
    "the",
    "a",
    "an",
    "our",
    "its",
    "their",
    "united",
    "states",
    "nations",
    "government",
}
JURISDICTION_NAMES = {
    "un": "UN",
    "u.n.": "UN",
    "us": "US",
    "u.s.": "US",
    "usa": "US",
    "eu": "EU",
    "uk": "UK",
}


# "What is Condition B?", "conditions A and B": a lettered condition is set out as
# "Condition B is that …".
CONDITION = re.compile(r"\b[Cc]onditions? ([A-Z])\b(?:,? (?:and|or) ([A-Z])\b)?")


def asking_sentences(question: str) -> str:
    """The sentences of a question that ask (end with "?"), or the whole question."""
    return " ".join(s for s in question_sentences(question) if s.endswith("?")) or question


def condition_missing(question: str, chunks: list[Chunk]) -> Decline | None:
    """The question asks about a lettered condition that no passage sets out (UK reg. 81A's
    copy ends before Condition B, though its opening names it). Only the sentences that ask
    count: "We already meet Condition B. Does Condition A cover …?" asks about A."""
    asking = asking_sentences(question)
    letters = [x for m in CONDITION.finditer(asking) for x in m.groups() if x]
    for letter in dict.fromkeys(letters):
        if not any(f"Condition {letter} is" in c.text for c in chunks):
            return Decline(
                DeclineReason.PROVISION_MISSING,
                f"no passage of the corpus sets out Condition {letter}",
            )
    return None


# "Which German authority issues the fuel authorisations?", "the ministry in France that …":
# the EU regulation leaves them to "the competent authorities of the Member States", and only a
# text that speaks of a Member State could name its body.
_BODY = r"authorit(y|ies)|ministry|ministries|agency|agencies|office|body|regulator|department"
MEMBER_BODY = re.compile(
    rf"\b(which|what|who)\b[^?]{{0,20}}?\b(?P<adjective>{EU_MEMBERS[1]})\s+([\w-]+\s+){{0,2}}?({_BODY})\b"
    rf"|\b(which|what)\s+([\w-]+\s+){{0,2}}?({_BODY})\s+(in|of)\s+(?P<state>{EU_MEMBERS[0]})\b"
    # a body the asker names ("Does Germany's BAFA require …?"), not "Germany's EU obligations"
    rf"|\b(?P<owner>{EU_MEMBERS[0]})['’]s\s+(?-i:(?!(?:EU|UN|DPRK)\b)[A-Z][\w-]*)",
    re.I,
)
_A_MEMBER_STATE = re.compile(rf"\b({EU_MEMBERS[0]}|{EU_MEMBERS[1]})\b", re.I)


def member_body_not_named(question: str, chunks: list[Chunk]) -> Decline | None:
    """The question asks which body of an EU Member State acts, and no text names any state."""
    m = MEMBER_BODY.search(question)
    if not m:
        return None
    if any(_A_MEMBER_STATE.search(c.text) for c in chunks):
        return None
    state = m.group("state") or m.group("owner")
    asks = f"about a body of {state}" if state else f"which {m.group('adjective')} body acts"
    return Decline(
        DeclineReason.FACT_NOT_STATED,
        f"the question asks {asks}, and no text in the corpus names one: the EU regulation "
        "speaks only of the competent authorities of the Member States",
    )


# "Which licence exception in 15 CFR 746.4(c) …?", "Under 15 CFR 746.4(b), is there a
# presumption of approval …?": a paragraph of a CFR part no document of the corpus is (the BIS
# page's citation only says "see 15 CFR 746.4"). A section named whole may be what a held page
# sums up, so only a paragraph counts.
CFR_PARAGRAPH = re.compile(
    r"\b(?P<title>\d{1,2})\s*C\.?\s?F\.?\s?R\.?\s*(?:§\s*|part\s+|section\s+)?(?P<section>\d+\.\d+)"
    r"(?P<paragraph>(?:\s?\([a-z0-9]{1,4}\))+)",
    re.I,
)


# A section of a CFR title of which the corpus holds nothing, not even a mention ("Under 2 CFR
# 200.334, how many years must a grant recipient keep records?"): named whole, it is as
# missing as a paragraph.
CFR_SECTION = re.compile(
    r"\b(?P<title>\d{1,2})\s*C\.?\s?F\.?\s?R\.?\s*(?:§\s*|part\s+|section\s+)?(?P<section>\d+\.\d+)"
    r"(?P<paragraph>)(?!\d)(?!\s?\()",
    re.I,
)


CFR_TITLE = re.compile(r"\b(\d{1,2})\s*C\.?F\.?R\b", re.I)
# "Which items are listed as luxury goods in Supplement No. 1 to 15 CFR Part 746?": a part's
# supplement, which texts of the corpus cite but only a document of that part would hold.
CFR_SUPPLEMENT = re.compile(
    r"\bsupplement\s+(?:no\.?|number)\s*(?P<n>\d+)\s+to\s+"
    r"(?:(?P<title>\d{1,2})\s*C\.?\s?F\.?\s?R\.?\s*)?part\s+(?P<part>\d+)\b",
    re.I,
)


def cfr_titles(texts: Iterable[str]) -> frozenset[str]:
    """The CFR titles the texts mention ("15" for "see 15 CFR 746.4"), read once per corpus."""
    return frozenset(m.group(1) for text in texts for m in CFR_TITLE.finditer(text))


def cfr_paragraph_not_held(
    question: str, docs: list, mentioned: Collection[str] = ()
) -> Decline | None:
    """The question names a paragraph of a CFR title whose text no document holds, or a
    section of a title that neither a document's citation nor the corpus (`mentioned`:
    cfr_titles of its texts) mentions."""
    cited = cfr_titles(d.citation for d in docs)
    unmentioned = [
        m
        for m in CFR_SECTION.finditer(question)
        if m.group("title") not in cited and m.group("title") not in mentioned
    ]
    for m in CFR_SUPPLEMENT.finditer(question):
        part = m.group("part")
        if any(re.search(rf"(?<!see )\b\d+ CFR Part {part}\b", d.citation, re.I) for d in docs):
            continue
        title = f"{m.group('title')} CFR " if m.group("title") else ""
        named = f"Supplement No. {m.group('n')} to {title}Part {part}"
        return Decline(
            DeclineReason.PROVISION_MISSING,
            f"the corpus holds no text of {named} (at most texts that cite it)",
        )
    for m in [*CFR_PARAGRAPH.finditer(question), *unmentioned]:
        title = f"{m.group('title')} CFR"
        if any(re.search(rf"(?<!see ){title}\b", d.citation) for d in docs):
            continue
        named = f"{title} {m.group('section')}{m.group('paragraph').replace(' ', '')}"
        where = "nor mentions its title" if m in unmentioned else "at most a page that mentions it"
        return Decline(
            DeclineReason.PROVISION_MISSING, f"the corpus holds no text of {named} ({where})"
        )
    return None


# "Apart from a track record, what other criteria does the Secretary check?", "Beyond
# humanitarian items, what else is on that list?": more of a list than the source copy holds,
# when the passage on the point breaks off inside one of its items ("6. Payment star[…]",
# "- Humanitarian items …; a[…]", "…; o The nature of assistanc[…]").
ASKS_MORE = re.compile(
    r"\b(what|which) (else|other|further|more|remaining)\b"
    r"|\b(apart from|besides|beyond|aside from|in addition to)\b[^?]{0,120}?\b(what|which)\b",
    re.I,
)
# What the more asked for is, if named ("what other criteria"; not "what else is on that list").
_MORE_OF = re.compile(
    r"\b(?:what|which) (?:other |further |more |remaining )?(?P<noun>[a-z]+)", re.I
)
_NO_NOUN = frozenset(AUXILIARIES | {"else"})
LIST_NEAR = 600  # characters before the cut where the list and its lead-in are
_LIST_ITEM = re.compile(r"^\s*(-|o|\d{1,2}\.|\([a-z0-9]{1,4}\))\s|;\s+(o|-)\s|;\s+\w[^;]*$")


def list_cut(question: str, passages: list) -> Decline | None:
    """The question asks for more of a list, and the passage on the point breaks off in it:
    the list of what it asks more of ("criteria" asked, "the following criteria:" cut)."""
    if not passages or not ASKS_MORE.search(question):
        return None
    chunk = passages[0].chunk
    text = chunk.text.rstrip()
    last = text.splitlines()[-1] if text else ""
    if not (last.endswith(LOST) and _LIST_ITEM.search(last)):
        return None
    nouns = (m.group("noun").lower() for m in _MORE_OF.finditer(question))
    noun = next((n for n in nouns if n not in _NO_NOUN), "")
    if noun and noun[:5] not in text[-LIST_NEAR:].lower():
        return None
    return Decline(
        DeclineReason.PROVISION_MISSING,
        f"the question asks for more of a list than the source copy of {chunk.label} holds: "
        "it breaks off inside the list (marked […])",
    )


# "Which EAR licence exceptions can we use …?": what the question asks for by kind, the words
# after "which" up to the verb; its last word names the kind ("exceptions").
_WHICH_KIND = re.compile(
    r"\b(?:which|what)\s+(?P<kind>(?:[\w-]+\s+){0,3}?(?P<head>[a-z]{4,}s))\s+"
    r"(?:in|under|of|are|is|can|could|may|might|would|should|do|does|did|apply|count|qualify)\b",
    re.I,
)
# A text that names the kind only by where it is listed: "Only the license exceptions, or
# portions thereof, listed in Section 746.4(c) of the EAR are available".
_ONLY_LISTED = (
    r"\bonly\b[^.;]{{0,40}}?\b{head}\w*\b[^.;]{{0,60}}?\b(?:listed|set (?:out|forth)|specified"
    r"|enumerated)\s+in\s+(?P<ref>(?:section|§|part|supplement no\.?\s*\d+ to part)\s*"
    r"\d+(?:\.\d+)?(?:\([a-z0-9]{{1,4}}\))*(?:\s+of\s+the\s+[A-Z]{{2,5}}\b)?)"
)


def list_held_elsewhere(
    question: str, passages: list, provisions: Collection[str] = ()
) -> Decline | None:
    """The question asks which things of a kind apply, and the passage on the point says only
    that they are those listed in a text the corpus does not hold: what they are, it cannot
    tell. Asked yes or no ("Can we use licence exceptions?"), that passage answers."""
    m = _WHICH_KIND.search(question)
    if not m:
        return None
    head = re.escape(m.group("head").lower()[:-1][:6])
    listed = re.compile(_ONLY_LISTED.format(head=head), re.I)
    for p in passages:
        for a, b in p.chunk.sentences:
            sentence = p.chunk.text[a:b]
            found = listed.search(sentence)
            # every word of the kind asked: "humanitarian exceptions" are not licence exceptions
            if not found or not terms(m.group("kind")) <= terms(sentence):
                continue
            ref = found.group("ref")
            if any(key in provisions for key in query_keys(ref)):
                return None
            return Decline(
                DeclineReason.PROVISION_MISSING,
                f"the question asks which {m.group('kind')}; {p.chunk.label} says only "
                f"that they are those listed in {ref}, and the corpus does not hold that text",
            )
    return None


# Questions a text could answer only in its own terms, each with what it is asked ("how a limit
# is counted"), what the question must also name (None: nothing), how a question asks it, and
# the words a text answering it would use (each seen in two or more questions none of whose
# passages uses them):
# - how a yearly limit is counted: "per calendar year (Jan to Dec) or any rolling 12 months?",
#   "counted per sender or per receiving household?"; "up to $5,000 per year" says neither;
# - BIS's licensing policy for an item: "is there a presumption of approval, or is it case by
#   case?"; the BIS page's list of what is not reviewed case by case breaks off in the source copy.
# A limit named in the question ("the $5,000 a year limit", "the remittance cap"): without one,
# "per household" or "one calendar year" is the asker's case ("10 kg of rice per household").
_A_LIMIT = re.compile(r"\b(limit|cap|ceiling|maximum|allowance)s?\b|\$\s?\d", re.I)
TERMS_OF_ART = (
    (
        "how a limit is counted",
        _A_LIMIT,
        re.compile(
            r"\b(calendar[- ]year|rolling (?:12|twelve)[- ]months?|(?:12|twelve)[- ]month (?:period|window)"
            r"|restarts? (?:every|each|in) january"
            r"|per (?:sender|remitter|recipient|receiving \w+|household|person receiving))\b",
            re.I,
        ),
        re.compile(
            r"\b(calendar|rolling|twelve-month|12-month|january|sender|remitter|recipient|household)",
            re.I,
        ),
    ),
    (
        "which licensing policy applies",
        None,
        re.compile(r"\b(presumption|(?:general )?policy) of (approval|denial)\b", re.I),
        re.compile(r"\b(presumption|policy) of (approval|denial)\b", re.I),
    ),
)


def term_not_stated(question: str, passages: list) -> Decline | None:
    """The question asks what a text would state in its own terms (how a limit is counted,
    which licensing policy applies), and no passage on the point uses them."""
    for asked, context, asks, words in TERMS_OF_ART:
        m = asks.search(question)
        if not m or (context and not context.search(question)):
            continue
        if not any(words.search(p.chunk.text) for p in passages):
            return Decline(
                DeclineReason.FACT_NOT_STATED,
                f"the question asks {asked} (“{m.group(0)}”), and no passage on the point says so",
            )
    return None


# "Is the Panel of Experts still operating?", "Has it stopped working?", "Was its mandate
# renewed, or has it stopped working?": whether a body goes on is news after the texts were
# written, which no text of the corpus can tell ("Should we use the Mission, or is that route
# still working?" asks which route the texts give). Only a
# question that asks just that, and not of a text ("Is the NGO licence still in existence?"
# asks what the corpus says), nor "Our clinic is still operating, so can we …?".
_GOES_ON = r"still (operating|functioning|working|running|active|in (existence|operation)|exists?)"
_STOPPED = r"(stopped|ceased) (working|operating|functioning|to (exist|operate|function|work))"
_TEXTS = r"licen[cs]es?|GLs?|exemptions?|exceptions?|regulations?|rules?|laws?|acts?|resolutions?|"
_TEXTS += r"authori[sz]ations?|waivers?|provisions?|sections?|derogations?|orders?|FAQs?|guidance|IANs?|notices?"
STILL_GOING = re.compile(
    r"(?:^|(?<=,\sor\s)(?=ha(?:s|ve)\b))"  # "…, or has it stopped?"; not "…, or is it still …?"
    rf"(?P<asks>(?:is|are)\s+(?P<a>[^?,;]{{1,80}}?)\s+{_GOES_ON}"
    rf"|(?:has|have)\s+(?P<b>[^?,;]{{1,80}}?)\s+{_STOPPED}"
    # "When did the Panel of Experts stop working?": it stopped after the texts were written
    rf"|when\s+did\s+(?P<c>[^?,;]{{1,80}}?)\s+(stop|cease)\s+(working|operating|functioning"
    r"|to (exist|operate|function|work)))"
    r"(\s+(today|now|at all|any ?more|any longer|(in|as of) 20\d\d))?\s*([?,;]|$)",
    re.I,
)
_ABOUT_A_TEXT = re.compile(rf"\b({_TEXTS})\b", re.I)


# "Has OFAC amended the NGO licence again since the start of 2025?", "What changed in the
# guidance in 2026?": what was done in or since a year after every text of the corpus. Not
# "We ship in March 2026; do we need a licence?", which the law held answers.
CHANGED_SINCE = re.compile(
    r"^(did|has|have|had|was|were|what|which|how|any|are there any)\b[^?]{0,120}?\b(?P<act>amend|chang|updat|revis"
    r"|renew|extend|adopt|approv|grant|issu|publish|lift|suspend|terminat|revok|add|replac|new)\w*"
    r"[^?]{0,80}?\b((in|during|since|after)|(?P<past>past|beyond))\s+"
    # "since the February 2024 rule, for instance in 2025"
    r"(the\s+(start|beginning|end|middle)\s+of\s+|(early|late|mid-?)\s*|the\s+)?"
    rf"(({MONTHS})\s+)?(?P<year>20\d\d)\b"
    # the same taken as given of a text: "Since OFAC revoked the NGO general licence in early
    # 2025, what replaced it?", "I heard the Committee revised IAN No. 7 again in 2025." (not
    # "Since the Committee approved our request in 2025, …")
    rf"|^(since|now that|given that|as|i(['’]ve| have)? heard|i read|(i was|we were) told"
    r"|i saw (a|an) (headline|report|news (item|story)|article|post)( that)?"
    r"|apparently|reportedly)\s+[^?]{0,60}?\b(revok|rescind|withdr|terminat|lift"
    rf"|suspend|replac|repeal|amend|revis|chang|updat|issu|publish|adopt|introduc)\w*\s+[^?]{{0,60}}?\b({_TEXTS})\b"
    r"[^?]{0,60}?\b(in|during)\s+((early|late|mid-?)\s*)?"
    rf"(({MONTHS})\s+)?(?P<year2>20\d\d)\b"
    # a change heard of as news: "I saw a headline that the Security Council changed the
    # exemption rules this month."
    r"|^(i(['’]ve| have)? heard|i read|i saw (a|an) (headline|report|news (item|story)|article|post))"
    r"( that)?\s+[^?]{0,80}?\b(revok|rescind|withdr|terminat|lift|suspend|replac|repeal|amend|revis"
    r"|chang|updat|issu|publish|adopt)\w*\b[^?]{0,80}?\b(?P<news>this (week|month)|last (week|month)"
    r"|(just )?(yesterday|today))\b"
    # a change reported as news, its year before or after the act: "I saw news that in 2026 the
    # US raised the family remittance limit for North Korea to $10,000 a year."
    r"|^(i(['’]ve| have)? (heard|read|seen)|i saw (a |an |the |some )?(headlines?|reports?|news"
    r"|articles?|posts?)|there (are|were|have been) (news |media )?reports|apparently|reportedly)\b"
    r"(?=[^?]{0,200}?\b(revok|rescind|withdr|terminat|lift|suspend|replac|repeal|amend|revis|chang"
    r"|updat|issu|publish|adopt|introduc|rais|increas|lower|doubl|halv|cut|abolish|scrap)\w*\b)"
    r"[^?]{0,160}?\b(in|during|since)\s+((early|late|mid-?)\s*)?"
    rf"(({MONTHS})\s+)?(?P<year4>20\d\d)\b"
    # a change this year, after every text: "Did OFAC change the NGO general licence at 510.512
    # again this year?"
    r"|^(did|has|have)\b[^?]{0,120}?\b(amend|chang|updat|revis|renew|extend|replac|issu|publish"
    r"|lift|suspend|terminat|revok)\w*[^?]{0,80}?\b(?P<news2>(earlier )?this (year|spring|summer"
    r"|autumn|fall|winter))\b"
    # the year before the question: "Since the new US administration took office in 2025, has
    # the NGO general licence been suspended or revoked?"
    r"|^(since|after|in)\s+[^?,]{0,80}?\b((early|late|mid-?)\s*)?(?P<year3>20\d\d)\b[^?,]{0,30},\s*"
    r"(has|have|did|was|were)\b[^?]{0,120}?\b(amend|chang|updat|revis|renew|extend|suspend|revok|lift"
    r"|terminat|replac|rescind|withdr|issu|publish)\w*",
    re.I,
)


def after_corpus(question: str, latest: str) -> Decline | None:
    """The question asks whether a body still operates today, or what was done in or since a
    year after the corpus's newest text: the corpus cannot say."""
    sentences = question_sentences(question)
    for sentence in sentences:
        # a chat message may ask without a question mark ("is the panel still working in 2025")
        asked = sentence.endswith("?") or (sentence is sentences[-1] and "?" not in question)
        m = STILL_GOING.search(sentence) if asked else None
        if m and not _ABOUT_A_TEXT.search(m.group("a") or m.group("b") or m.group("c")):
            what = "when it stopped" if m.group("c") else "how things stand today"
            asks = f"{what} (“{m.group('asks')}”)"
            break
        m = CHANGED_SINCE.search(sentence)
        if m and (m.group("news") or m.group("news2")):
            asks = f"what changed {m.group('news') or m.group('news2')}"
            break
        year = m and (m.group("year") or m.group("year2") or m.group("year3") or m.group("year4"))
        # "since 2024, for example in 2025": the latest year it names after the act
        year = year and max([year, *re.findall(r"\b20\d\d\b", sentence[m.end() :])])
        # "extended past 2024" asks what was done after that year's end
        after = year and (year > latest[:4] or (m.group("past") and year >= latest[:4]))
        if after and latest[:4].isdigit():
            asks = f"what was done {'after' if m.group('past') else 'in or since'} {year}"
            break
    else:
        return None
    return Decline(
        DeclineReason.AFTER_CORPUS,
        f"the question asks {asks}; the corpus holds texts dated up to {latest} and cannot "
        "tell what happened after them",
    )


# "Did the Security Council renew the Panel's mandate in 2024?", "Did it extend the carve-out
# when it ran out in December 2024?": whether a body acted in a given year is told by a text
# naming that year, or one telling of that act (which says when), not by the text of the rule
# it would have acted on.
ACTED_IN_YEAR = re.compile(
    r"^(did|has|have|had|was|were)\b[^?]{0,120}?\b(?P<act>renew|extend|amend|adopt|approv|grant"
    r"|issu|publish|lift|suspend|terminat|revok|expir|add|insert|introduc)\w*"
    rf"[^?]{{0,80}}?\b(in|during)\s+(({MONTHS})\s+)?(?P<year>(19|20)\d\d)\b",
    re.I,
)
# A line that dates its own section ("Date Released: February 15, 2024", "Released on
# March 16, 2016"): it speaks for the section's label ("OFAC FAQ 1162").
_DATES_ITS_SECTION = re.compile(r"\b(released|issued|adopted|published)\b", re.I)


def year_not_held(question: str, passages: list) -> Decline | None:
    """The question asks whether a body did something in a year, and no passage on the point
    speaks of what it asks in that year, nor of that act at all (such a passage tells when:
    "adopted … on 6 August 2018" answers "… adopt it in 2019?")."""
    for sentence in question_sentences(question):
        m = ACTED_IN_YEAR.search(sentence)
        if not m:
            continue
        asked, year = terms(m.group(0)), m.group("year")
        act = re.compile(rf"\b{m.group('act')}", re.I)
        if not any(_speaks_of(p.chunk, year, asked, act) for p in passages):
            return Decline(
                DeclineReason.FACT_NOT_STATED,
                f"the question asks what was done in {year}, and no passage on the point "
                f"speaks of {year}",
            )
    return None


def _speaks_of(chunk: Chunk, year: str, asked: frozenset[str], act: re.Pattern) -> bool:
    """A sentence of the passage, or its document's title ("OFAC Recent Action, December 20,
    2022"), names the year itself (not "S/2023/656", "2023.1" nor a range "2017–2023") beside
    a word of the question, or tells of the act asked about beside another: a page's bare
    date line ("9 May 2024") dates the page, not what it tells."""
    year_at = re.compile(rf"(?<![\w/–-]){year}(?![\w/–-]|\.\d)")
    label = terms(chunk.label)
    said = [chunk.doc.title] + [chunk.text[a:b] for a, b in chunk.sentences]
    for s in said:
        words = terms(s) | (label if _DATES_ITS_SECTION.search(s) else frozenset())
        if year_at.search(s) and words & asked:
            return True
        if act.search(s) and len(words & asked) >= 2:  # the act and a word of what it acted on
            return True
    return False


# "Since the Panel's mandate lapsed in 2024, who …?", "Now that the 1718 Committee was
# dissolved …": the question takes as given that a body, its mandate or a regime came to an end.
# Only a body or regime whose end would be news: "once our project has ended" or "our
# exemption expired" is the asker's own case, which the law may well speak to.
_BODIES = r"committee|panel|mandate|regime|sanctions|carve-?out"
ENDED = re.compile(
    # its name may be typed in lower case ("the un panel of experts got shut down")
    rf"\b(?P<what>({_BODIES})(['’]s? mandate)?(\s+(of|on|for)(\s+the)?(\s+\w+){{1,3}}?){{0,2}})\s+"
    r"((was|were|has been|have been|had been|got|has|have|had)\s+)?(now\s+)?"
    r"(?P<act>dissolved|disbanded|abolished|shut\s+down|wound\s+(up|down)|scrapped|closed\s+down|lapsed"
    r"|expired|terminated|discontinued|ceased to exist|ran out|run out|ended|came to an end"
    rf"|{_STOPPED})\b",
    re.I,
)
# How a text would tell of any such end: "shall expire", "termination of sanctions".
_ENDING = re.compile(
    r"\b(dissol|disband|abolish|shut|wound|wind|scrap|clos|laps|expir|terminat|discontinu|ceas)",
    re.I,
)


# The country the whole corpus is about tells no body apart: "the Panel of Experts on North
# Korea" is told of by a passage on the Panel, not by § 9252's end of sanctions "… North Korea".
_THE_COUNTRY = terms("North Korea Korean DPRK Democratic People's Republic")


def ending_not_held(question: str, passages: list) -> Decline | None:
    """The question takes as given that a body, mandate or regime ended, and no passage on
    the point tells of its end: the corpus cannot say it did, nor what came after."""
    m = ENDED.search(question)
    if not m:
        return None
    named = terms(m.group("what")) - _THE_COUNTRY
    for p in passages:
        for a, b in p.chunk.sentences:
            sentence = p.chunk.text[a:b]
            if _ENDING.search(sentence) and named & terms(sentence):
                return None
    return Decline(
        DeclineReason.FACT_NOT_STATED,
        f"the question takes as given that the {m.group(0)}; no passage "
        "on the point says so, and the corpus cannot tell what followed",
    )


# The source named in a sentence of its own, then asked about as "it" ("Our bank cites OFAC's
# 2023 '…' fact sheet. What does it say about …?"): the name runs to its last source noun.
# A list's title runs on in capitalised words ("OFAC's 'List of Medical Devices Requiring
# Specific Authorization'").
NAMED_SOURCE = re.compile(
    rf"^(?P<name>.*\b({SOURCE_NOUNS})\b(?:\s+of(?:\s+(?-i:[A-Z])[\w-]*)+['’”\"]?)?)", re.I
)
ASKS_IT = re.compile(
    rf"^(what|which)\b[^?]{{0,20}}?\b(does|did|do) (it|this|that|they|these) ({SAYS})\b", re.I
)


# "that report", "that 2023 guidance", "that OFAC list": a source the sentences before speak
# of ("The letter mentions the 2014 Commission of Inquiry report. What did that report
# conclude?").
# "the items on that list" points back as "that list" does.
_DEMONSTRATIVE = re.compile(
    rf"^\s*(that|this|these|those|the said)\b|\b(that|this|these|those)\s+([\w-]+\s+){{0,2}}?({SOURCE_NOUNS})\b",
    re.I,
)


def _source_asked(question: str) -> tuple[str, str]:
    """The name of the source a question asks the content of ("" if none), and the sentence
    before it when the name points back to it ("that 2023 guidance")."""
    named_here, back = "", False
    if m := ASKS_SOURCE.search(question):
        named_here = next(g for g in m.group(*"abcdefghijkl") if g)
        back = bool(_DEMONSTRATIVE.search(named_here))
        if _distinctive(named_here) and not back:
            return named_here, ""
    sentences = question_sentences(question)
    for i, asking in enumerate(sentences[1:], start=1):
        if back and named_here.strip() in asking:
            # the nearest sentence before that names a source, else the one just before
            for before in reversed(sentences[:i]):
                if named := NAMED_SOURCE.search(before):
                    return _noun_phrase(named.group("name")), before
            return named_here, sentences[i - 1]
        named = NAMED_SOURCE.search(sentences[i - 1])
        if named and ASKS_IT.search(asking):
            return _noun_phrase(named.group("name")), sentences[i - 1]
    return named_here, ""


# Where a noun phrase starts: an article, a possessive or a possessor ("OFAC's", "our").
_DETERMINER = re.compile(r"\b(the|an?|this|that|its|their|our|your|[\w.]+['’]s)\s", re.I)


def _noun_phrase(words: str) -> str:
    """The noun phrase that ends `words`: from its last determiner outside a quoted title."""
    unquoted = re.sub(
        r"(?<!\w)['‘“\"][^‘“\"]*?['’”\"](?!\w)", lambda m: " " * len(m.group(0)), words
    )
    starts = [m.start() for m in _DETERMINER.finditer(unquoted)]
    return words[starts[-1] :] if starts else words


def source_not_held(
    question: str, docs: list, lists: tuple[str, ...] = (), provisions: Collection[str] = ()
) -> Decline | None:
    """The question asks what a named source says, and no document of the corpus is it.
    `provisions`: the provision keys the corpus holds; a source named by one of them ("the
    statement of policy in 22 U.S.C. 9211") is held, whatever its documents' titles say."""
    source, before = _source_asked(question)
    if not source or any(key in provisions for key in query_keys(source)):
        return None
    wanted = _distinctive(source)
    # "OFAC's list of devices …": OFAC's texts are held, the list it keeps is not. Named as
    # "that OFAC list", the sentence before says which ("certain medical devices need …").
    kept_list = _a_bodys_list(source) and _names_a_list(f"{before} {source}", lists)
    kinds = _kinds(source)
    named = any(
        _names(doc, wanted) and kinds <= _kinds(f"{doc.title} {doc.citation}") for doc in docs
    )
    if not kept_list and (not wanted or named):
        return None
    return Decline(
        DeclineReason.SOURCE_NOT_HELD,
        f"the question asks what {source.strip()} says, and the "
        "corpus does not hold that document (at most it mentions it)",
    )


# What the corpus holds nothing of, however a question puts it (each seen in two or more
# questions): what an enforcer did, not what the law provides ("Has OFAC ever fined an aid
# organisation?", "its largest civil penalty against a bank"), and a way to appeal a
# decision ("If State says we can't rely on the licence, is there an appeal process?").
NOT_HELD = (
    (
        re.compile(
            r"\benforcement (actions?|cases?|records?|history)\b|\bsettlements?\b"
            r"|\b(ever|previously|already|recently) (been )?(fined|penali[sz]ed|prosecuted)\b"
            r"|\b(largest|biggest|highest|record|recent|past) (civil )?(penalt(y|ies)|fines?)\b"
            # "the name of the last American charity OFAC fined"
            r"|\b(charit(y|ies)|NGOs?|organi[sz]ations?|compan(y|ies)|banks?|firms?|clubs?|insurers?"
            r"|shipowners?|owners?|individuals?|persons?|people) (that |which )?"
            r"(OFAC|Treasury|the State Department) (has |have |had )?(fined|penali[sz]ed)\b",
            re.I,
        ),
        "enforcement taken",
        "the enforcement releases that record penalties and cases",
    ),
    (
        re.compile(
            r"\bappeals? (process|procedure|mechanism|route)\b|\bright (of|to) appeal\b"
            r"|\b(can|could|may) (we|i|they|an? \w+) appeal\b",
            re.I,
        ),
        "an appeal",
        "any procedure for appealing a decision",
    ),
    # "Which NGOs currently hold approved 1718 Committee exemptions?", "a list of forwarders the
    # Committee has cleared", "… and which organisations received them?": who holds one, which
    # no text names. Which organisations may apply, or are covered, is the texts' question.
    (
        re.compile(
            r"\b(which|what|list of|names? of) ([\w-]+ ){0,3}?(NGOs|organi[sz]ations|groups|agencies"
            r"|charities|churches|companies|firms|(freight )?forwarders|brokers|suppliers|banks)\b"
            # "the full list of churches and NGOs that the 1718 Committee approved exemptions for"
            r"([^?.;]{0,50}?\b(the|OFAC|Treasury|State)\b[^?.;]{0,30}?\b(approved|granted|cleared"
            r"|issued) (exemptions?|licen[cs]es?|approvals?|waivers?)\b|[^?.;]{0,50}?"
            r"\b((currently|already|now) )?(hold|have (been )?(granted|given|issued|approved|cleared"
            r"|received|obtained|got)|received|obtained|got|were (granted|given|issued|approved|cleared)"
            r"|(has|have) (cleared|approved|exempted|licensed))\b"
            r"((?<=cleared)|(?<=approved)|(?<=exempted)|(?<=licensed)"
            r"|(?=.*\b(exemptions?|licen[cs]es?|approvals?|clearances?|them)\b)))",
            re.I,
        ),
        "who holds an exemption, licence or clearance",
        "any list of the organisations or firms granted one",
    ),
    # "Which NGOs has the State Department told … that they may not rely on the licence?",
    # "which organisations did OFAC fine?": whom a body acted on, which no text names.
    (
        re.compile(
            r"\b(which|what|list of|names? of) ([\w-]+ ){0,3}?(NGOs|organi[sz]ations|groups|agencies"
            r"|charities|companies|firms|banks)\b[^?.;]{0,10}?\b(has|have|did) (the )?([\w-]+ ){0,3}?"
            r"(told|informed|notified|refused|denied|rejected|barred|excluded|fined|penali[sz]ed)\b"
            # "Has the State Department ever actually told an NGO it cannot rely on …?"
            r"|\bever (actually )?(told|informed|notified|refused|denied|rejected|barred|excluded)"
            r" (an?|any) (NGOs?|organi[sz]ations?|groups?|charit(y|ies)|applicants?)\b",
            re.I,
        ),
        "which organisations a body refused or acted against",
        "any list of the organisations it named",
    ),
    # "Can you give me the IMO numbers of all the vessels designated by the UN 1718
    # Committee?", "the list of Pyongyang hotels … owned by sanctioned entities": who or what
    # is designated, which the lists kept by OFAC and the Committee say and no text here does.
    (
        re.compile(
            r"\b(list|names?|(IMO )?numbers|identit(y|ies)) of (all |every )?(the )?([\w-]+ ){0,3}?"
            r"(vessels|ships|tankers|entities|individuals|persons|people|companies|banks|hotels"
            r"|guesthouses)\b[^?.;]{0,40}?\b(designated|listed|sanctioned)\b",
            re.I,
        ),
        "who or what is designated",
        "any designation list (OFAC's SDN List, the 1718 Committee's list)",
    ),
    # "… I only count 9 names under it. who are the other two?", "Which two groups are missing
    # from the signature list?": who a list leaves out, which the list held cannot name.
    (
        re.compile(
            r"\b(who|which)\b[^?.;]{0,30}?\b(are|were)\s+(the\s+)?(other|remaining|missing)\b"
            r"|\b(who|which)\s+([\w-]+\s+){0,2}(are|were|is|was)\s+(missing|left (off|out)|omitted)\b",
            re.I,
        ),
        "who or what a list leaves out",
        "names that the copies of its texts leave out",
    ),
    # "Has it been approved yet?" of the asker's own request, "the current status of our
    # pending 1718 exemption request" (db030, cx044): where a body's handling of it stands.
    (
        re.compile(
            r"\b(status|progress)\s+of\s+(our|my|their)\s+([\w-]+\s+){0,4}?(request|application"
            r"|submission|notification|case)\b|\b(has|have|was|is)\s+(it|our|my|their)\b[^?.;]{0,40}?"
            r"\b(been\s+)?(approved|granted|rejected|refused|processed|decided)\s+(yet|already|by now)\b",
            re.I,
        ),
        "where the asker's own request stands",
        "any record of the requests made to a body or of its decisions on them",
    ),
    # "How can families sign up for the divided-family reunion meetings?", "how do I register
    # my grandmother for a reunion event?": the reunions' own procedures.
    (
        re.compile(
            r"\b(sign (up|on)|register|enrol+|apply|put ([\w-]+ ){0,2}names? down)\b[^?.;]{0,40}?"
            r"\breunions?\b|\breunion (events?|meetings?|programmes?|programs?)\b[^?.;]{0,40}?"
            r"\b(sign[- ]up|register|registration|enrol+ment|apply|application)\b",
            re.I,
        ),
        "how to take part in family reunions",
        "the procedures of family-reunion programmes",
    ),
    # "china-dprk border at dandong open for aid trucks now?", "is the Sinuiju–Dandong crossing
    # open again?": the state of a border today. What a text said of a closure is held.
    (
        re.compile(
            r"\b(borders?|crossings?|bridges?|checkpoints?|ports?)\b[^?.;]{0,40}?\b(open|opened"
            r"|reopen\w*|closed|shut)\b[^?.;]{0,40}?\b(now|again|currently|yet|today|these days"
            r"|right now|at the moment|this (week|month|quarter|year))\b"
            r"|\b(borders?|crossings?|checkpoints?)\b[^?.;]{0,40}?\b(still|currently|now) (open|closed|shut)\b",
            re.I,
        ),
        "whether a border or crossing is open today",
        "any report of the state of borders, crossings or ports",
    ),
    # "Did the White House ever respond to the April 2021 NGO letter?", "How did the State
    # Department respond to the letter …?": what came after a letter, which the corpus holds
    # alone. What the letter asked is held.
    (
        re.compile(
            r"\b(respond(ed)?|react(ed)?|repl(y|ied)|answer(ed)?)\s+to\s+(the|that|this|their)\s+"
            r"([\w-]+\s+){0,5}?letter\b|\b(response|reaction|reply|answer)\s+(to|on)\s+(the|that|this"
            r"|their)\s+([\w-]+\s+){0,5}?letter\b",
            re.I,
        ),
        "a response to a letter",
        "any reply or reaction to the letters it holds",
    ),
    # "… banned under the UN sanctions on industrial machinery and vehicles?", "the UN ban on
    # industrial machinery": the Security Council's sectoral bans, whose resolutions' text the
    # corpus does not hold (it holds their humanitarian exemptions).
    (
        re.compile(
            r"\b(UN|U\.N\.|Security Council|UNSC|UNSCR \d+)(['’]s)?\s+([\w-]+\s+){0,2}?(bans?|prohibitions?"
            r"|sanctions|embargo(es)?|restrictions?)\s+on\s+([\w-]+\s+){0,2}?(industrial machinery"
            r"|machinery|vehicles|metals?|textiles?|seafood|coal|iron ore)\b",
            re.I,
        ),
        "the UN's sectoral bans",
        "the text of the resolutions that impose them",
    ),
    # "Did Congress reauthorize the North Korean Human Rights Act after 2022?", "a new
    # reauthorization … in 2023 or 2024": the statutes are held as amended, not the acts that
    # reauthorized them nor any later one.
    (
        re.compile(r"\bre-?authori[sz](e|es|ed|ing|ations?)\b", re.I),
        "a reauthorization of a statute",
        "the reauthorization acts (its statutes are held as amended)",
    ),
    # "How long does the State Department take to decide on a Special Validation Passport?",
    # "How long time it take to get Special Validation Passport …?": the passport office's
    # procedure. Whether a passport is valid for North Korea is held (FAQ 464).
    (
        re.compile(
            r"\b(how long|how many (days|weeks|months)|processing time|turnaround)\b[^?.;]{0,80}?"
            r"\bpassports?\b|\bpassports?\b[^?.;]{0,60}?\b(processing time|turnaround"
            # "What documents does State want for a Special Validation Passport …, and how long
            # does it take?"
            r"|how long (does|will|would) (it|that|this|the (process|application)) "
            r"(usually |normally |typically )?take)\b",
            re.I,
        ),
        "how long a passport takes",
        "the State Department's passport procedures",
    ),
    # "How do we apply for a Special Validation Passport for North Korea …?" (bj047, s005, y045,
    # z039, ac008, ag016): the passport office's procedure, of which FAQ 464 says only that one
    # may be eligible.
    (
        re.compile(
            r"\bhow (do|does|can|could|should|would|to)\b[^?.;]{0,40}?\bapply for (an? |the )?"
            r"([\w-]+ ){0,3}?passports?\b",
            re.I,
        ),
        "how to apply for a passport",
        "the State Department's passport procedures",
    ),
)


# "Which ports are approved — Nampo, Chongjin or Rajin?", "Do we apply to the Bundesbank or
# BAFA?", "should we quote CIP or DAP?": the question offers the answer's candidates by name
# (each one to three capitalised words), at its end. When the corpus names none of them, no
# text can choose among them; "Voice of America or Radio Free Asia?" it names.
_NAME = r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}"
CHOICES = re.compile(rf"(?P<list>(?:{_NAME}, )*{_NAME},? or {_NAME})\s*\?")
_CHOICE = re.compile(rf"{_NAME}")


def corpus_words(texts: Iterable[str]) -> frozenset[str]:
    """Every word the corpus holds, as written: what a name in a question can be found by."""
    return frozenset(w.strip(".") for text in texts for w in re.findall(r"[\w'’.-]+", text))


def choices_not_held(question: str, words: frozenset[str]) -> Decline | None:
    """The question asks which of the names it offers, and the corpus names none of them."""
    m = CHOICES.search(question)
    if not m:
        return None
    names = _CHOICE.findall(m.group("list"))
    if any(all(w.strip(".") in words for w in name.split()) for name in names):
        return None
    offered = ", ".join(names[:-1]) + f" or {names[-1]}"
    return Decline(
        DeclineReason.FACT_NOT_STATED,
        f"the question asks which of {offered}, and no text of the corpus names any of them",
    )


def not_held(question: str) -> Decline | None:
    """The question asks about something of which the corpus holds no text at all."""
    for pattern, asked, lacking in NOT_HELD:
        if m := pattern.search(question):
            return Decline(
                DeclineReason.SOURCE_NOT_HELD,
                f"the question asks about {asked} (“{m.group(0)}”); the corpus holds the "
                f"rules and guidance, not {lacking}",
            )
    return None


# A list a body keeps ("OFAC's list of devices …", "the SDN list"), not a list a held text
# sets out ("the list of those who may submit directly").
# (its title may be quoted: "OFAC's 'List of Medical Devices …'")
_BODYS_LIST = re.compile(
    r"['’]s\s+['‘“\"]?([\w-]+\s+){0,2}?(?i:list)\b|\b[A-Z]{2,}\s+['‘“\"]?(?i:list)\b"
)
# The lists the corpus names as documents of their own: "List of Medical Devices Requiring
# Specific Authorization", "CAPTA List".
LIST_TITLE = re.compile(r"\b(?:[A-Z][\w-]*\s+){0,6}List(?:\s+of(?:\s+[A-Z][\w-]*)+)?")
_NOT_TELLING = {"list", "that", "need", "needs", "which", "ofac", "north", "korea", "the"}


def list_titles(chunks: list[Chunk]) -> tuple[str, ...]:
    return tuple(sorted({m.group(0) for c in chunks for m in LIST_TITLE.finditer(c.text)}))


def _a_bodys_list(source: str) -> bool:
    return bool(_BODYS_LIST.search(source))


def _names_a_list(source: str, lists: tuple[str, ...]) -> bool:
    """Whether a body's list asked about is one the corpus only names ("OFAC's list of devices
    that need a specific licence" is its "List of Medical Devices Requiring Specific
    Authorization"), not one a held text sets out ("OFAC's list of NGO activities")."""
    asked = _list_words(source)
    return any(asked & _list_words(title) for title in lists)


def _list_words(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _NOT_TELLING}


def _distinctive(phrase: str) -> list[str]:
    """Proper names, acronyms and numbers of a source's name: what tells it apart."""
    # Hyphens split words on both sides of the comparison ("COVID-19" is "COVID" and "19").
    words = re.findall(r"[A-Za-z][\w.]*|\d+", re.sub(r"['’]s\b", "", phrase).replace("-", " "))
    return [
        w for w in words if (w[0].isupper() or w[0].isdigit()) and w.lower() not in COMMON_NAMES
    ]


def _names(doc, wanted: list[str]) -> bool:
    # Its year and month too: "the April 2021 NGO letter" is the letter issued 2021-04-15.
    name = f"{doc.title} {doc.citation} {doc.doc_id} {doc.issued[:4]} {_month(doc.issued)}"
    name = name.replace("-", " ")
    words = re.findall(r"[\w.]+", name)
    lower = {w.lower() for w in words}
    initials = "".join(w[0] for w in words if w[0].isupper())
    return all(
        w.lower() in lower
        or JURISDICTION_NAMES.get(w.lower()) == doc.jurisdiction
        or (w.isupper() and len(w) > 1 and w in initials)
        for w in wanted
    )


# What kind of document a source is, where its name says it: "a 2023 … fact sheet" is none
# of the corpus's documents of 2023, which are no fact sheets.
# (Not a letter: "the exemption request letter" is one the asker writes, which the texts describe.)
_KIND = re.compile(r"fact ?sheets?|press releases?|advisor(y|ies)|FAQs?|frequently asked", re.I)


def _kinds(name: str) -> set[str]:
    # by its first letters, "frequently asked" being an FAQ: fac, pre, adv, faq
    kinds = {m.group(0).lower()[:3] for m in _KIND.finditer(name)}
    return {"faq" if k == "fre" else k for k in kinds}


def _month(issued: str) -> str:
    """The month's name of an ISO date ("2021-04-15" → "April"; "" when it has none)."""
    return calendar.month_name[int(issued[5:7])] if re.match(r"\d{4}-\d\d", issued) else ""
