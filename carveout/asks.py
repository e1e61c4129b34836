"""What a question asks for, read from its wording: the kind of fact the answer must state
(an amount, a count, a duration, a date, a year) and whether it asks about the past. An
answer whose quotes state no fact of the kind asked for does not answer the question; for a
duration, the kind of period counts too (how long a body takes is not answered by how long
records are kept)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from functools import lru_cache

from carveout.clauses import STOP
from carveout.sentences import question_sentences, sentence_spans


class AnswerType(StrEnum):
    AMOUNT = "amount"  # money, a limit, a fee, a cap
    COUNT = "count"  # how many of something
    DURATION = "duration"  # how long, how far ahead, how soon
    DATE = "date"  # a day of a month of a year
    YEAR = "year"
    PHONE = "telephone number"
    EMAIL = "e-mail address"
    ADDRESS = "e-mail or postal address"  # where to write: either kind answers
    RATE = "rate"  # a percentage or a ratio: a duty, exchange or interest rate
    PERSON = "person"  # who holds an office now: the corpus names offices, rarely people
    FORM = "form"  # which numbered form an application is made on ("BIS-748P")
    DEFINITION = "definition"  # what a term means, as a text defines it


class Period(StrEnum):
    """What a stated period measures, read from the words around it."""

    RESPONSE = "response"  # the time a body has to act ("… period following submission")
    LENGTH = "length"  # how long something lasts ("for renewable periods of up to 1 year")
    RETENTION = "retention"  # how long something must be kept ("retain for ten years")
    LOOKBACK = "lookback"  # a window back from a moment ("within the previous 180 days")
    RECURRING = "recurring"  # a cycle ("every 180 days thereafter")
    DEADLINE = "deadline"  # a limit counted from a fixed event ("not later than 90 days after …")


@dataclass(frozen=True)
class Ask:
    kind: AnswerType
    noun: str = ""  # what is counted ("exemptions"), for COUNT; the term to define, for DEFINITION
    # For a duration: the one kind of period that answers ("How long does OFAC take…?" asks for
    # a response time, "How long is it valid?" for a length); None when any kind may.
    period: Period | None = None
    # For an amount: a sum of money ("How much has USAID spent…?", "What fee…?"), which a
    # tonnage or a count of barrels stated nearby does not answer.
    money: bool = False
    # For a sum of money: a penalty or fine ("What's the maximum civil penalty in dollars?"),
    # which only a sum stated beside a penalty or fine answers, not a remittance cap.
    penalty: bool = False
    # For a sum of money: a price of something ("What's the application fee …?", "a ceiling for
    # hotel costs"), which only a sum stated beside a fee, charge, cost or price answers, not a
    # remittance cap.
    price: bool = False
    # For a count of what a body did in a year ("How many exemptions did the Committee
    # approve in 2023?") or a sum it spent ("How much did the US spend … in 2019?"): a
    # statistic, which only a sentence naming that year gives, not a number a rule sets
    # ("two or more exemptions during 18 months", "$5,000 per year").
    year: str = ""
    # The same statistic asked with no year ("How much has USAID spent … over the last ten
    # years?"): a number a rule sets ("authorizes … up to a maximum of $5,000 per year") is
    # not what a body did.
    tally: bool = False
    # For a date: the day a text takes effect ("When did the 2024 amendment take effect?"), which
    # only a sentence saying so states ("This rule is effective February 16, 2024"), not the day
    # it was announced or adopted.
    effective: bool = False
    # Asked where something goes ("Where exactly do we send the notification?"): an e-mail
    # address answers when a text on the point gives one, else the body it names does, so the
    # lack of one is no reason to decline.
    soft: bool = False


# "take effect", "come into force", "become effective": asked of a date
TAKES_EFFECT = re.compile(
    r"\b(take|takes|took|taken|taking)\s+effect\b"
    r"|\b(come|comes|came|go|goes|went|enter|enters|entered)\s+into\s+(force|effect)\b"
    r"|\b(become|becomes|became)\s+effective\b|\beffective\s+date\b"
    r"|\b(kick|kicks|kicked)\s+in\b"  # "when did they kick in?"
    # the day from which it applies: "What did the rule do, and from what date?"
    r"|\b(from|as of|starting)\s+(what|which)\s+(date|day)\b",
    re.I,
)
# What a text stating that day says of itself, or its heading or list's lead-in does ("§ 510.304
# Effective date. … (5) With respect to the prohibition set forth in § 510.207, June 26, 2008;").
# Not "… signed June 26, 1947, and entered into force November 21, 1947": a treaty a statute
# names, not the statute.
EFFECTIVE = re.compile(
    r"\beffective\b|\b(take|takes|took)\s+effect\b|\b(shall|will|to)\s+(enter|come)\s+into\s+(force|effect)\b",
    re.I,
)


# A section's source line ("[83 FR 9187, Mar. 5, 2018, as amended at …]"): when it was
# published and amended, not when it took effect.
SOURCE_LINE = re.compile(r"\s*\[\d+\s+FR\s+\d+")

TIME_UNITS = r"(days?|weeks?|months?|years?|hours?|time|lead time|(advance )?notice)"
# A cue counts only where a question or a clause of it starts ("…, and how much?") or after
# a preposition ("Within how many days…"): inside a yes/no question ("Should they tell us
# how long it takes?") it is reported speech, not the fact asked for.
# A hyphen between spaces is a typed dash ("the December 2022 changes - when did they …?"); an
# adverb of frequency may open the clause ("On average how many weeks …?", "Typically, how long …?",
# "realistically how many weeks …").
CLAUSE_START = re.compile(
    r"(^|[.?!;:,—–]\s*|\s-{1,2}\s+|\b(and|or|but|so|then)\s+|\b(within|for|on|in|by|after|before|about|roughly|"
    r"approximately|exactly|just|until|from|to)\s+"
    # "…: at what rate must they be paid?"; not "we looked at what the rate is"
    r"|(^|[.?!;:,—–]\s*|\b(and|or|but)\s+)at\s+"
    r"|\b(on average|typically|usually|normally|generally|in general|realistically),?\s+)$",
    re.I,
)
FEE_FOR = (
    r"(?:((application|processing|filing) )?(fee|charge|cost)s? (to|for) (apply(ing)?|fil(e|ing)"
    r"|submit(ting)?|process(ing)?|([\w'’-]+ ){0,3}?(application|request|licen[cs]e|exemption"
    r"|authori[sz]ation)s?)\b"
    r"|(application|processing|filing) (fee|charge)s?\b)"
)
# Up to three words qualifying the noun asked for ("the current inflation-adjusted maximum
# civil penalty", "the average OFAC turnaround time"), none a preposition, conjunction or verb
# that would make the noun another thing's ("the purpose of the cap").
MODIFIERS = (
    r"(?:(?!(?:of|for|to|in|on|at|with|by|from|about|under|and|or|that|which|if|is|are|was|were"
    r"|be|do|does|did|can|should|must|we|you|they|i)\b)[\w'’-]+ ){0,3}?"
)
_ASKS = (
    (
        AnswerType.DURATION,
        rf"how long\b|how (many|much) {TIME_UNITS}\b|how far (ahead|in advance)\b|how soon\b|how often\b"
        r"|by when\b"
        r"|how frequently\b"
        r"|how quickly\b|what(?:'s| is| was)? (the |their |its |our |OFAC's )*"
        rf"{MODIFIERS}(period|deadline|time limit|timeframe|time frame|turnaround|validity|processing time|lead time"
        # "what's the minimum gap between … and …?": time between two events
        r"|gap|interval|waiting period|waiting time"
        rf"|number of {TIME_UNITS})\b",
    ),
    (AnswerType.YEAR, r"(in )?(what|which) year\b"),
    (
        AnswerType.DATE,
        r"when (was|were|did)\b|(on |from |as of |starting )?(what|which) date\b"
        # "did it take effect the day it was published or later?"
        r"|(did|does|will) ([\w'’-]+ ){1,4}?(take effect|come into (force|effect)|become effective)\b",
    ),
    (
        AnswerType.AMOUNT,
        r"how much\b(?! (time|longer|checking|diligence|detail|information|of|work|effort"
        # effort put as a noun: "How much digging are we expected to do …?"
        r"|digging|research|vetting|screening|homework|scrutiny))"
        # nor how much checking put as a verb: "how much do we have to verify ourselves?"
        r"(?! (do|does|did|must|should|would|will) [\w'’ -]{1,30}?\b(check|verify|investigate"
        r"|scrutini[sz]e|screen|rely|trust|know|document|disclose|explain|worry)\b)"
        # a bare "penalty" may be no sum (§ 9224(c) debars a false certifier for up to 2 years)
        # "roughly what does a 20-foot box cost?", "what would it cost us?"
        r"|what (does|do|did|will|would) [\w'’ -]{1,40}?\bcost\b"
        r"|(what|which)(?:'s| is| are| was)? (the |their |its |our |OFAC's |UN's |EU's )*"
        rf"{MODIFIERS}(amount|figure|fee|fees|cost|costs|price|limit|cap|ceiling"
        r"|maximum|minimum|threshold|fine|charge|value|sum|(civil |monetary |dollar |financial )penalty)\b"
        # "the minimum information a report must contain" asks for no sum
        r"(?!\s+(information|content|contents|details|requirements?|standards?|conditions?|documentation"
        r"|steps|elements)\b)|above what (dollar |monetary )?(amount|value|sum)\b"
        # "Is there a yearly cap …?", "Is there a minimum dollar amount below which …?"
        rf"|is there (a|an|any) {MODIFIERS}(limit|cap|maximum|minimum|ceiling|threshold|amount"
        r"|(dollar|monetary|cash) value)\b"
        r"(?! (on|to|for) (how many (?!dollars|euros|pounds|won\b)|the number)\b)"
        # "Is there any limit on which subjects …?" limits a kind, not a number
        r"(?! (on|to|for) (which|what|who|whom|the kinds?|the types?)\b)"
        # a fee for asking, put yes or no: "Is there a fee for applying …?", "Does OFAC charge a
        # fee to apply …?"; not "Is there a fee we may pay …?", which asks what is allowed
        rf"|is there (a|an|any) {FEE_FOR}|(do|does|will|would) [\w'’. ]{{1,40}}?\bcharge (a |an |any )?{FEE_FOR}",
    ),
    (AnswerType.COUNT, r"how many (?P<noun>(\w+ ){0,4}\w+)\b"),
    (
        AnswerType.PHONE,
        r"((what|which)(?:'s| is| are| was)?(?! if\b)|is there (a|an|any)) ([\w'’-]+ ){0,4}?(tele)?(phone|fax|hotline|toll-free) numbers?\b"
        # "How do we reach the hotline by phone?", "What number should a bank ring …?"
        r"|how (do|can|should|would) (we|i|they|you|an? \w+) (reach|call|contact|ring) [^.?]{0,60}\bby (tele)?phone\b"
        r"|(what|which) (tele)?(phone )?number (should|do|can|must|does|would) [^.?]{0,40}\b(call|ring|dial)\b"
        # "Who at OFAC can I phone about a licensing question?", "who do i phone at OFAC"
        r"|\bwho(m)?( at [\w'’ -]{1,30}?)? (can|could|should|do|would|must) (we|i|they|you) "
        r"(tele)?(phone|call|ring)\b",
    ),
    # "What's the email or postal address of the Committee Secretary?", "the mailing address"
    (
        AnswerType.ADDRESS,
        r"(what|which)(?:'s| is| are| was)?(?! if\b) ([\w'’]+ ){0,3}?(e-?mail ?(or|and|/) ?"
        r"(postal |mailing |street )?|(postal|mailing|street) )address(es)?\b",
    ),
    (
        AnswerType.EMAIL,
        r"(what|which)(?:'s| is| are| was)?(?! if\b) ([\w'’]+ ){0,3}?e-?mail address(es)?\b"
        # "what is their office's email (for …)?": the noun, ending its phrase; not "what should
        # we email" nor "what is the email notification"
        r"|(what|which)(?:'s| is| are| was) ([\w'’]+ ){0,3}?e-?mail(?=\s*([?,;]|$|(for|of|at|and)\b))"
        r"|(what|which) e-?mail (should|do|must|can|does)\b",
    ),
    (
        AnswerType.RATE,
        # not an interest or deposit rate: the regulations state that in words ("commercially
        # reasonable")
        # the rate's name may be long ("the 2025 UN ICSC daily subsistence allowance (DSA) rate")
        # a currency pair may name it ("the current KPW/USD rate")
        r"(what|which)(?:'s| is| are| was)? (the |their |its |our )*([\w/'’-]+ |\([\w-]+\) ){0,8}?"
        r"(?<!interest )(?<!deposit )rates?\b(?![^?.;]*\binterest\b)"
        # "At what percentage of US content does it become subject to the EAR?"
        r"|(what|which) (percentage|percent|proportion)\b",
    ),
    (
        AnswerType.PERSON,
        # an office a person holds now, not a body ("the current authority") nor a role ("acting as")
        r"(who(?:'s| is| are) (the |our )?(current|present|incumbent|serving|acting|new)\s+"
        r"|who (currently|now) (is|are|serves as|acts as) (the |our )?"
        r"|who(?:'s| is| are) (currently|now) (the |our )?|names? of the )"
        r"([\w.’'-]+\s+){0,3}?(envoy|ambassador|coordinator|chair(man|person|woman)?|president|director"
        r"|secretary|minister|leader|head|representative|commissioner|administrator|spokes\w+)\b"
        r"|who (currently|now) (heads|chairs|leads)\b"
        r"|who (currently |now )?(holds|occupies|fills) (the )?(post|position|office|job|role)\b"
        r"|who (heads|chairs|leads)\b(?=[^?]*\b(right now|currently|at present|today|this year|by name)\b)"
        # "Who is OFAC's Assistant Director for Licensing right now, by name?"
        r"|who(?:'s| is| are) ([\w'’.-]+\s+){0,4}?(envoy|ambassador|coordinator|chair(man|person|woman)?"
        r"|president|director|secretary|minister|leader|head|representative|commissioner"
        r"|administrator)\b(?=[^?]*\b(right now|currently|at present|at the moment|today|by name)\b)",
    ),
    (
        AnswerType.FORM,
        # the form an application is made on, not the shape a request takes ("In what form must
        # a request be submitted?": on letterhead)
        r"(what|which)(?:'s| is| are)? (the |an? )?([\w'’-]+ ){0,3}?form (numbers?|no\.?)(?!\w)"
        r"|(what|which) ([A-Z][\w'’-]* )?form(?=\s*[,;?]|\s+(do|does|should|must|would|can) "
        r"(we|i|they|you|([\w'’-]+ )?(staff\w*|charit(y|ies)|ngos?|organi[sz]ations?))"
        r" ((have|need|has) to )?(use|fill|file|submit|complete|need)\b)",
    ),
)
# "How was 'food' defined?", "How does § 7803 define “humanitarian assistance”?", "What is
# the definition of 'medicine'?": a term the question quotes, up to four words. Unquoted, the
# words after "define" are as often a clause ("define which activities are covered").
_TERM = r"(the (term|phrase|word|expression) |the |an? )?['\"“‘*](?P<noun>[\w-]+( [\w-]+){0,3}?)['\"”’*]"
_ASKS += (
    (AnswerType.DEFINITION, rf"how (is|was|are|were) {_TERM} defined\b"),
    (
        AnswerType.DEFINITION,
        rf"(how (does|do|did) [^?]{{1,80}}? define|(what(?:'s| is| was| are) )?the definition of) {_TERM}(?=\s*[?,;]|\s+(in|under|by|used|as used)\b)",
    ),
)
ASKS = [(kind, re.compile(pattern, re.I)) for kind, pattern in _ASKS]
# A question typed as a bare noun phrase ("fee to file 1718 exemption request?", "maximum civil
# penalty $ for breaking the NKSR?", "ballpark freight rate for a 40ft reefer to Nampo?"): the
# fact it opens with is the one asked for.
_BARE_END = r"(?=\s*(\$|\?|$|(for|to|of|on|at|per|under|in|from|if|when)\b))"
FRAGMENTS = [
    (kind, re.compile(rf"^\W*(the |an? )?{MODIFIERS}({nouns}){_BARE_END}", re.I))
    for kind, nouns in (
        (
            AnswerType.AMOUNT,
            r"fees?|costs?|prices?|limits?|caps?|ceilings?|maximum|minimum|thresholds?|fines?(?! to)"
            r"|(civil|monetary) penalt(y|ies)|charges?|sum",
        ),
        (
            AnswerType.DURATION,
            r"deadlines?|time limits?|time ?frames?|turnaround( time)?|processing times?|lead times?"
            r"|validity( period)?|notice period",
        ),
        # "current usd to kpw rate at pyongyang market?": a currency pair before it
        (AnswerType.RATE, r"([a-z]{3}\s*(to|/)\s*[a-z]{3}\s+)?(?<!interest )(?<!deposit )rates?"),
    )
]
# What makes a cue inside a clause reported speech rather than the question: a subject or a
# verb before it ("Should they tell us how long it takes?", "we want to know how much …", "We
# looked at what the rate must be").
_REPORTS = re.compile(
    r"\b(i|we|you|they|he|she|it|is|are|was|were|am|be|can|could|may|might|must|shall|should"
    r"|will|would|do|does|did|has|have|had|look\w*|tell|told|ask|asked|asking|know|knows|knew"
    r"|wonder\w*|explain\w*|say|says|said|show|shows|state|states|specif\w+|indicat\w+|clarif\w+"
    r"|confirm\w*|find|found|check\w*|see|decid\w+|determin\w+|figure|understand\w*|learn\w*"
    r"|list\w*|describ\w+|mention\w*|matter\w*|depend\w*|sure|unsure|unclear|idea)\b"
    r"|n['’]t\b|['’](s|re|ll|d|ve)\b",
    re.I,
)


# "What do we have to say about the items, how much they cost and who we deal with?": what a
# report must cover, listed; the cues among it name what to state, not a fact asked for.
CONTENT_ASKED = re.compile(
    r"\bwhat (do|does|must|should|would|will|shall) (we|i|they|you|an? \w+|the \w+|ngos?) "
    r"((have|need|got) to |)(say|state|include|report|disclose|explain|describe|put|write|give"
    r"|provide|cover|mention|tell \w+)( in (it|the \w+|our \w+))? (about|on|regarding)\b",
    re.I,
)


# "Nobody has told us how it gets routed or how long their part will take", "Does the
# guidance say what governments should tell applicants about how it works and how long
# they'll take?": a cue joined to a question someone else is told or asked is part of what
# they are told, not a fact the asker asks for. Not "Can you tell me how to apply and how
# long it takes?", which asks it.
TOLD = re.compile(
    r"(?<!you )(?<!please )\b(told|tells?|explain(s|ed)?|says?|said|knows?|knew|ask(s|ed)?"
    r"|wonder(s|ed)?|idea|unclear)\b(\s+[\w'’]+){0,3}?\s+(how|what|when|where|whether|which|who)\b"
    r"[^?.;]*\b(and|or)\s+$",
    re.I,
)


def _embedded(before: str) -> bool:
    """Whether a cue after `before` (its sentence so far) lists what to state or joins a
    question someone else is told."""
    return bool(CONTENT_ASKED.search(before) or TOLD.search(before))


def _bare(question: str, start: int) -> bool:
    """Whether a cue inside its clause is still what is asked, in a message typed without a
    verb before it ("1718 exemption valid how long before we reapply?", "once the Committee
    grants our exemption how long is it valid for?")."""
    before = re.split(r"[.?!;:]", question[:start])[-1]
    return bool(before.strip()) and not _REPORTS.search(before)


SENT_WHERE = re.compile(
    r"\bwhere (exactly |precisely )?(do|should|must|can|would|shall|does|will) "
    r"(we|i|they|you|an? \w+|the \w+|ngos?) (send|e-?mail|submit|file|address)\b",
    re.I,
)


# The same ask put as a request: "Now tell me the exact customs duty rate …", "give us the fee".
REQUESTED = re.compile(
    r"\b((now|please|also|then),?\s+)?((can|could|would|will) you (please )?)?"
    r"((tell|give|show) (me|us)|let (me|us) know) the\b",
    re.I,
)


@lru_cache(maxsize=256)  # read by the answerer, its composition and the ranker for one question
def expected(question: str) -> Ask | None:
    """The kind of fact the question asks for, if it asks for one; the earliest cue wins."""
    question = REQUESTED.sub("what is the", question)
    found = []
    for order, (kind, pattern) in enumerate(ASKS):
        for m in pattern.finditer(question):
            if (
                CLAUSE_START.search(question[: m.start()]) or _bare(question, m.start())
            ) and not _embedded(re.split(r"[.?!;]", question[: m.start()])[-1]):
                noun = m.groupdict().get("noun") or ""
                found.append(
                    (
                        m.start(),
                        order,
                        Ask(kind, noun if kind == AnswerType.DEFINITION else _counted(noun)),
                    )
                )
                break
    for order, (kind, pattern) in enumerate(FRAGMENTS, len(ASKS) + 1):
        if m := pattern.search(question):
            found.append((m.start(), order, Ask(kind)))
    where = SENT_WHERE.search(question)
    if where and CLAUSE_START.search(question[: where.start()]):
        found.append((where.start(), len(ASKS), Ask(AnswerType.EMAIL, soft=True)))
    if not found:
        return None
    start, _, ask = min(found)
    # only a count or a sum is read against the sentence before
    before = (
        _antecedent(question, start) if ask.kind in (AnswerType.COUNT, AnswerType.AMOUNT) else ""
    )
    if ask.kind == AnswerType.COUNT and before:
        ask = replace(ask, noun=_counted_in(before))
    if ask.kind == AnswerType.DURATION:
        # Read in the asking sentence: "… to take our food aid into Nampo. How long must the
        # ship wait?" asks for no response time.
        clause = _clause_before(question, start) + _sentence_from(question, start)
        return Ask(ask.kind, ask.noun, _period_asked(clause))
    if ask.kind == AnswerType.DATE and TAKES_EFFECT.search(_sentence_from(question, start)):
        return replace(ask, effective=True)
    asking = _sentence_at(question, start)
    year = _year_named(asking)
    tallied = {AnswerType.COUNT: DECIDED, AnswerType.AMOUNT: SPENT}.get(ask.kind)
    if tallied and tallied.search(asking):
        ask = replace(ask, year=year, tally=True)
    words = f"{_words_from(question, start)} {before}"
    if ask.kind == AnswerType.AMOUNT and MONEY_ASKED.search(words):
        return replace(
            ask,
            money=True,
            penalty=bool(PENALTY.search(words)),
            price=bool(PRICE.search(words)),
        )
    return ask


# What a body did, counted: "How many exemptions did the Committee approve …?", "… were
# granted …?". Not a number a rule sets ("How many must we have received …?"), nor a sum
# authorised for a year ("for each of fiscal years 2018 through 2022").
DECIDED = re.compile(
    r"\b(did|were|was|has|have|had)\b[^?.;]{0,60}?\b(approv|grant|issu|reject|deni|deny|process"
    r"|admit|accept|resettl)\w*",
    re.I,
)
# What a body spent or gave, summed: "How much did the US government spend … in 2019?", "What
# was the total value of aid delivered … in 2019?". Not a sum a law authorises for a year.
SPENT = re.compile(
    r"\b(did|were|was|has|have|had)\b[^?.;]{0,80}?"
    r"\b(spen[dt]|deliver|provid|disburs|allocat|gave|give|fund|contribut|donat|receiv|rais"
    # "did Congress actually appropriate"; not "was authorized to be appropriated"
    r"|(?<!to be )appropriat)\w*",
    re.I,
)
# A number a rule sets or allows, not one a body reached: "authorizes … up to a maximum of
# $5,000", "may not exceed", "is authorized to be appropriated", a threshold ("an organization
# that has received two or more exemptions during 18 months").
SETS_A_NUMBER = re.compile(
    r"\b(authori[sz](e[sd]?|ing)|up to|(a |the )?maximum|minimum|not (to )?exceed|no more than"
    r"|at least|may|shall|must|or (more|fewer|less))\b",
    re.I,
)
# "last year", "so far this year": years counted from today, which only a text naming that
# year speaks of.
RELATIVE_YEAR = re.compile(r"\b(?P<which>last|this|past) year\b(?!\s+[a-z])", re.I)


def _year_named(asking: str) -> str:
    """The year an asking sentence puts its question in, if any."""
    if m := IN_YEAR.search(asking):
        return m.group("year")
    if m := RELATIVE_YEAR.search(asking):
        return str(date.today().year - (m.group("which").lower() != "this"))
    return ""


# "in 2023", "during fiscal year 2022", "in fiscal 2021", "in FY2021", "since the calendar year
# 2020", ending its phrase (a preposition may follow: "in fiscal year 2020 for broadcasting");
# not "in the 2019 guidelines" nor "in 2019 guidance", which date a text
IN_YEAR = re.compile(
    r"\b(in|during|since)\s+((the\s+)?(fiscal|calendar)\s+(year\s+)?|FY\s?)?(?P<year>(19|20)\d\d)\b"
    r"(?!\s+(?!(for|to|on|under|in|and|or|of|by|with|from|at|than)\b)[a-z])",
    re.I,
)


# Words that name nothing asked about: "What is the actual dollar amount?", "How many was it?"
_SAYS_NOTHING = STOP | set(
    "actual real exact correct true right dollar amount number figure sum total".split()
)


def _antecedent(question: str, start: int) -> str:
    """The sentence before the asking one, when the asking one names nothing of its own: "I
    heard the maximum civil penalty … is $1 million per violation. What is the actual dollar
    amount?" asks the penalty; "I heard about 25 organisations signed the letter. How many was
    it?" counts organisations. "" when the asking sentence names what it asks about."""
    own = re.findall(r"[a-z]{4,}", _sentence_at(question, start).lower())
    # "How many dollars?" names nothing more than "what dollar amount?"
    if any(w not in _SAYS_NOTHING and w.removesuffix("s") not in _SAYS_NOTHING for w in own):
        return ""
    sentences = question_sentences(question[:start] + "\x00")
    return sentences[-2] if len(sentences) > 1 else ""


def _counted_in(sentence: str) -> str:
    """What a sentence counts: the plural after its number ("about 25 organisations"), else
    its first plural."""
    if m := re.search(rf"\b{NUMBER}\s+(?:[\w-]+\s+)?(?P<noun>[a-z]{{3,}}s)\b", sentence, re.I):
        return m.group("noun").lower()
    plurals = [w for w in re.findall(r"[a-z]{4,}s\b", sentence.lower()) if w not in STOP]
    return plurals[0] if plurals else ""


def _clause_before(question: str, start: int) -> str:
    """The words of the cue's clause before it: "1718 exemption valid for how many months"
    asks how long it is valid."""
    return CLAUSES.split(re.split(r"[.?!]", question[:start])[-1])[-1]


def _sentence_from(question: str, start: int) -> str:
    """The question from the cue to the end of its sentence ("U.S." ends none)."""
    return next(iter(question_sentences(question[start:])), "")


def _sentence_at(question: str, start: int) -> str:
    """The whole sentence of the cue ("In 2023, how many …?")."""
    before = question_sentences(question[:start] + "\x00")[-1].rstrip("\x00")
    return before + _sentence_from(question, start)


MONEY_WINDOW = 8  # words from the cue: "How much did the US government actually spend on…"


# "How much does a Special Validation Passport for North Korea cost, …": the clause's own verb
# asks a price, however long its subject.
COSTS = re.compile(r"(how much|what) (does|do|did|will|would|should) [^,;?]{1,120}?\bcost\b", re.I)


def _words_from(question: str, start: int) -> str:
    """The cue's own clause, roughly: a money word far after "how much" ("How much
    documentation does the bank need before it will pay…") says nothing of the amount."""
    if m := COSTS.match(question, start):
        return m.group(0)
    return " ".join(question[start:].split()[:MONEY_WINDOW])


# Words that make "how much" or "what amount" a question about money.
MONEY_ASKED = re.compile(
    r"\b(spen[dt]|spending|costs?|budget\w*|pa(y|id|ying|yment)|fees?|fines?|penalt(y|ies)"
    r"|charges?|price|dollars?|money|cash|appropriat\w*|salar(y|ies)|wages?|sum)\b|\$",
    re.I,
)
# A penalty or fine, asked of or stated beside a sum ("civil penalty … $250,000"); "fine" as a
# noun only ("What fine would I face?"), not "is it fine to …".
PENALTY = re.compile(
    r"\b(penalt(y|ies)|fines|(civil|criminal|maximum|monetary|actual|exact|dollar|a|the|what|which)"
    r" fine)\b(?! print)",
    re.I,
)
PRICE = re.compile(
    r"\b(fees?|charges?|charged|costs?|price[sd]?|per diems?|premiums?|salar(y|ies)|wages?)\b", re.I
)


# "How long does the Committee take to approve…?", "What's OFAC's turnaround time…?" ask how
# long a body takes to act; "How long is the exemption valid?", "… does the waiver last?" how
# long something lasts. Other duration questions ("How far ahead…?", "How long is a vessel
# barred…?") may be answered by any period.
TAKES = re.compile(
    # not moving something: "before we have to take it back out"
    r"\b((takes?|taking|took)(?!\s+([\w'’-]+\s+){0,2}(back|out|along|away|home)\b)"
    r"|turnaround|processing time|to (process|decide|approve|respond|reply"
    r"|review|answer|object)"
    # "How many weeks does the Committee usually need to decide …?"
    r"|needs? to (issue|process|decide|approve|respond|reply|review|answer))\b"
    # the body answering the asker: "how long can State still tell us we can't rely on it?"
    r"|(?<!you )\b(tell|notify|inform|get back to)\s+us\b|\blets? us know\b"
    r"|\bcome back (to us|and (tell|say|let)|with)\b",
    re.I,
)
LASTS = re.compile(
    r"\b(valid|validity|expires?|expiry|lasts?(?! (\d|few|year|month|week|day))"
    r"|runs? out|ran out|lapses?|lapsed|good for"
    # how long something may stay somewhere ("how many months can our camera gear stay
    # inside North Korea"), or stay in force
    r"|remains?|stays?)\b",
    re.I,
)


# "How long must we keep records…?", "… retain the receipts": how long something is kept,
# which only a retention period states (not the State Department's 2-week window). Read in
# the clause of the "how long" only: "How long is the exemption valid, and must we keep
# copies on site?" still asks how long it is valid.
HOW_LONG = re.compile(
    r"\bhow\s+(long|many\s+(years|months|weeks|days))\b|\bretention\s+period\b", re.I
)
CLAUSE_END = re.compile(r"[,;?]|\b(and|if|when|while|because|but|or)\b", re.I)
KEPT = re.compile(
    r"\b(keep|kept|retain\w*|maintain)\s+(\w+\s+){0,4}?(records?|documents?|documentation|files?"
    r"|copies|receipts?|paperwork|invoices?|statements?|contracts?)\b|\b(records?|documents?"
    r"|documentation|paperwork|copies|files?|receipts?)\s+(\w+\s+){0,3}?(kept|retained|maintained)\b"
    r"|\brecord[- ]?keeping\b|\bretention\b",
    re.I,
)


def _kept_asked(question: str) -> bool:
    m = HOW_LONG.search(question)
    if not m:
        return False
    clause = question[m.start() :]
    end = CLAUSE_END.search(clause, len(m.group(0)))
    return bool(KEPT.search(clause[: end.start()] if end else clause))


# "How often must the warnings be updated?" asks for a cycle: "every 90 days", "annually".
OFTEN = re.compile(r"\bhow (often|frequently)\b", re.I)


def _period_asked(question: str) -> Period | None:
    if OFTEN.search(question):
        return Period.RECURRING
    if _kept_asked(question):
        return Period.RETENTION
    if TAKES.search(question):
        return Period.RESPONSE
    if LASTS.search(question):
        return Period.LENGTH
    return None


# "How many kinds of exemption are there?" is answered by "There are six types of exemptions":
# a text counts kinds in words of its own.
CLASSIFIERS = frozenset("kinds types sorts categories classes varieties".split())
_ANY_CLASSIFIER = r"(kinds?|types?|sorts?|categor(y|ies)|class(es)?|variet(y|ies))\b"


def _counted(words: str) -> str:
    """The counted noun of "how many humanitarian exemptions did…": the first plural; for
    "how many (different) kinds of …" the kind and the words after it ("types of asset freeze
    exemptions"), one of which the count must speak of."""
    tokens = words.lower().split()
    for i, (t, of) in enumerate(zip(tokens[:3], tokens[1:4])):
        if t in CLASSIFIERS and of == "of":
            return " ".join(tokens[i:])
    tokens = tokens[:3]
    return next((t for t in tokens if t.endswith("s") and len(t) > 3), tokens[0] if tokens else "")


@lru_cache(maxsize=64)
def _definition_pattern(term: str) -> re.Pattern:
    """Where a sentence defines `term`: "The term “humanitarian assistance” means …", "The term
    *Government of North Korea* includes:", "food includes …", "A license exception is a …";
    not "food, as defined in paragraph (f)(1)", which points to a definition."""
    words = _term_words(term)
    return re.compile(
        rf"\bterms?\s+['\"“‘*]*{words}"
        rf"|\b{words}['\"”’*]*,?\s+((do|does|shall)( not)? )?(means?|includes?|(is|are) defined as"
        r"|(is|are) an?|refers? to|has the meaning)\b",
        re.I,
    )


def _term_words(term: str) -> str:
    return r"\W+".join(re.escape(w.rstrip("s")) + r"s?" for w in term.split())


# The eCFR copy lost the defined term ("The term […] means …"): such a sentence defines the
# term its section's heading names ("§ 510.305 Entity").
_CUT_TERM = re.compile(
    r"\bterms?\s+\[…\]|\[…\]\s+((do|does|shall)( not)? )?(means?|includes?)\b", re.I
)


def definition_span(sentence: str, ask: Ask, heading: str) -> tuple[int, int] | None:
    """Where a sentence under `heading` gives the definition a DEFINITION question asks for."""
    if span := fact_span(sentence, ask):
        return span
    m = _CUT_TERM.search(sentence)
    named = m and re.search(rf"\b{_term_words(ask.noun)}\b", heading, re.I)
    return m.span() if named else None


# What askers count in words the texts do not use: "how many groups signed" is answered by "on
# behalf of 11 non-governmental organizations and coalitions", "how many kinds of exceptions"
# by "six types of exemptions".
COUNTED_AS = {"group": ("organi", "coalit"), "except": ("exempt",)}


def _stems(word: str) -> str:
    stem = word.rstrip("s")[:6]
    return "|".join(re.escape(s) for s in (stem, *COUNTED_AS.get(stem, ())))


def _count_pattern(noun: str) -> re.Pattern:
    """Where a sentence counts what `noun` names: "two or more exemptions", "parts are
    limited to a one-for-one basis", "six types of exemptions"."""
    words = noun.split()
    if words and words[0] in CLASSIFIERS:
        things = [_stems(w) for w in words[2:] if len(w) > 2 and w not in STOP]
        of = rf"\W+of\W+(\w+\W+){{0,2}}?({'|'.join(things)})" if things else ""
        return re.compile(rf"\b{NUMBER}\b\W+(\w+\W+)?{_ANY_CLASSIFIER}{of}", re.I)
    stem = f"(?:{_stems(noun)})"
    return re.compile(
        rf"\b{NUMBER}\b(\W+\w+){{0,2}}?\W+{stem}\w*"
        rf"|\b{stem}\w*\W+(\w+\W+){{0,3}}?(limited to|up to|maximum of|at most|no more than)\W+(\w+\W+)?{NUMBER}\b",
        re.I,
    )


MONTHS = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
NUMBER = (
    r"(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|ninety|hundred|thousand|million|billion)"
)
_CARRIES = {
    AnswerType.AMOUNT: r"\$\s?\d|\bUS\$|\b\d[\d,.]*\s*(dollars|USD|euros?|EUR|barrels|tons|tonnes)"
    r"|\bmaximum of\b|\b(no|without) (fee|charge|cost)\b|\bfree of charge\b|\b\d{1,3}(,\d{3})+\b"
    # a limit that is a number of things: "Replacement parts are limited to a one-for-one …"
    rf"|\blimited to (an? )?{NUMBER}\b"
    # a threshold may be a share: "a 50 percent or greater interest"
    r"|\b\d[\d.,]*\s?(%|percent\b|per ?cent\b)",
    # A rate ("$5,000 per year") is not a period: only a number of days, weeks, months…
    AnswerType.DURATION: rf"\b{NUMBER}[ -](calendar |business )?(days?|weeks?|months?|years?)\b(?! of age)"
    r"|\bexpires?\b",
    AnswerType.DATE: rf"\b{MONTHS}\s+\d{{1,2}},?\s+\d{{4}}\b|\b\d{{1,2}}\s+{MONTHS},?\s+\d{{4}}\b",
    AnswerType.YEAR: r"\b(19|20)\d\d\b",
    AnswerType.PHONE: r"(?<![\d.])(\+\d{1,3}[ .-]?(\(0\)\s?)?)?(\(\d{2,4}\)|\d{2,4})[ .-]\d{3,4}[ .-]\d{4}\b",
    AnswerType.EMAIL: r"[\w.+-]+@[\w-]+(\.[\w-]+)+",
    # an e-mail address, or a street address with its number, a US state and ZIP code, a box
    AnswerType.ADDRESS: r"[\w.+-]+@[\w-]+(\.[\w-]+)+|\b\d{1,5}(\s+[A-Z][\w.]*)+\s+(Avenue|Street|Road"
    r"|Plaza|Boulevard)\b|\b[A-Z]{2}\s\d{5}\b|\bP\.?\s?O\.? Box \d+",
    AnswerType.RATE: r"\d[\d.,]*\s?(%|percent\b|per ?cent\b)|\b\d[\d.,]*\s?(to|:)\s?1\b",
    # A name with its title ("Ambassador Robert King", "Mr. Kim"), or the DPRK's leaders by name.
    AnswerType.PERSON: r"\b(Mr|Mrs|Ms|Dr|Ambassador|Envoy|Coordinator)\.?\s+(?-i:[A-Z][a-z]+)\b"
    r"|\bKim\s+(Jong|Il)\b",
    AnswerType.FORM: r"\b(?-i:Form)\s+(No\.?\s*)?[A-Z]{0,4}-?\d{2,}[A-Z]?\b|\bBIS-\d{3}\w*",
}
# A sum of money: a currency with its figure, or a statement that there is no fee.
MONEY = re.compile(
    r"[$£€]\s?\d|\b(US\$|USD|EUR|GBP)\s?\d|\b\d[\d,.]*( \d{3})*\s?(million |billion )?(dollars|USD|euros?|EUR"
    r"|pounds|GBP)\b|\b(no|without) (fee|charge|cost)\b|\bnot charge\b|\bfree of charge\b",
    re.I,
)
CARRIES = {kind: re.compile(pattern, re.I) for kind, pattern in _CARRIES.items()}
# A cycle is often stated without a number ("and annually thereafter"): for a question asking
# how often, those words state one too.
CYCLE = re.compile(
    _CARRIES[AnswerType.DURATION] + r"|\b(annually|yearly|quarterly|monthly|weekly|daily"
    r"|semi-?annually|biannually)\b|\bevery (year|month|week|day)\b",
    re.I,
)


def carries(sentence: str, ask: Ask) -> bool:
    """Whether the sentence states a fact of the kind asked for."""
    return fact_span(sentence, ask) is not None


def fact_span(sentence: str, ask: Ask, context: str = "") -> tuple[int, int] | None:
    """Where the sentence states a fact of the kind asked for, if it does; `context` is what
    it is read under (its heading, its list's lead-in)."""
    if ask.effective and not (
        EFFECTIVE.search(f"{context}\n{sentence}") and not SOURCE_LINE.match(sentence)
    ):
        return None
    if ask.kind == AnswerType.COUNT:
        pattern = _count_pattern(ask.noun)
    elif ask.kind == AnswerType.DEFINITION:
        pattern = _definition_pattern(ask.noun)
    elif ask.money:
        pattern = MONEY
    elif ask.period == Period.RECURRING:
        pattern = CYCLE
    else:
        pattern = CARRIES[ask.kind]
    if ask.tally and SETS_A_NUMBER.search(sentence):
        return None
    for m in pattern.finditer(sentence):
        if ask.kind == AnswerType.COUNT and _names_something(sentence, m):
            continue
        if ask.period and period_stated(sentence, m.span()) not in (None, ask.period):
            continue
        if ask.penalty and not _beside(sentence, m.span(), PENALTY):
            continue
        if ask.price and not _beside(sentence, m.span(), PRICE):
            continue
        return m.span()
    return None


# What a stated period measures: counted from a submission it is a time to respond, whatever
# else is said ("not later than 30 days after submission of the report"); otherwise the words
# just before it decide ("within the previous", "every", "not later than", "keep … for"), then
# the words just after it ("18 months preceding", "… days of the closure", "180-day periods").
COUNTED_FROM_SUBMISSION = re.compile(
    r"^\s*(period\s+)?(following|after|of)\s+(the\s+)?(submission|receipt|filing)\b", re.I
)
_BEFORE = (
    (Period.LOOKBACK, r"\b(previous|preceding|past|last)\s+$"),
    (Period.RECURRING, r"\b(every|each)\s+$"),
    (
        Period.DEADLINE,
        r"\b(not later than|no later than|no fewer than|not fewer than|not less than|at least"
        r"|within)\s+$",
    ),
    (
        Period.RETENTION,
        r"\b(retain|retained|keep|kept|maintain|maintained)\s+(\w+\s+){0,3}?for\s+$",
    ),
    (
        Period.LENGTH,
        r"\b(periods? of|for|valid for)\s+(up to |a period of |not more than "
        r"|a maximum of |not longer than |not to exceed |between |additional,? |consecutive )*$",
    ),
)
_AFTER = (
    (Period.LOOKBACK, r"^\s*(period\s+)?(preceding|ending)\b"),
    (Period.RECURRING, r"^\s*(thereafter|intervals?)\b"),
    (Period.DEADLINE, r"^\s*(after|before|of|from|prior to)\b"),
    (Period.LENGTH, r"^\s*periods?\b"),
)
BEFORE = [(p, re.compile(pattern, re.I)) for p, pattern in _BEFORE]
AFTER = [(p, re.compile(pattern, re.I)) for p, pattern in _AFTER]
CONTEXT = 40  # characters either side of a period that say what it measures


def _beside(sentence: str, span: tuple[int, int], pattern: re.Pattern) -> bool:
    """Whether the words within CONTEXT characters of `span` match `pattern`."""
    return bool(pattern.search(sentence[max(0, span[0] - CONTEXT) : span[1] + CONTEXT]))


def period_stated(sentence: str, span: tuple[int, int]) -> Period | None:
    """What the period at `span` measures, when the words around it say."""
    before = sentence[max(0, span[0] - CONTEXT) : span[0]]
    after = sentence[span[1] : span[1] + CONTEXT]
    if COUNTED_FROM_SUBMISSION.search(after):
        return Period.RESPONSE
    for period, pattern in BEFORE:
        if pattern.search(before):
            return period
    for period, pattern in AFTER:
        if pattern.search(after):
            return period
    return None


# A number that names a resolution, a paragraph or a web address ("resolution 1718",
# ".../sanctions/1718/exemptions-measures") counts nothing.
NAMING_BEFORE = re.compile(
    r"(resolutions?|paragraphs?|paras?\.|sections?|articles?|regulations?|No\.|§|/)\s*$", re.I
)


# A number that is a name, not a count: "the 1718 Committee", "746 Supplement" (three or more bare
# digits before a capitalised word; "150 NGO exemptions" counts).
NAMING_NUMBER = re.compile(r"\d{3,}\s+(?-i:[A-Z][a-z])")


def _names_something(sentence: str, m: re.Match) -> bool:
    return (
        bool(NAMING_BEFORE.search(sentence[: m.start()]))
        or sentence[m.end() : m.end() + 1] == "/"
        or bool(NAMING_NUMBER.match(sentence, m.start()))
    )


PAST = re.compile(
    rf"\b(before|prior to|until) (({MONTHS} (\d{{1,2}},? )?)?20\d\d|the (({MONTHS} )?20\d\d |recent |latest )?"
    # the text's name may come between: "before the Feb 2024 NKSR amendment"
    r"((?-i:[A-Z][\w&-]*) ){0,2}(change|amendment|revision|rewrite))\b"
    # "Before OFAC changed the NGO licence in 2024, could NGOs …?"
    r"|\b(before|until) (OFAC|the (UN|EU|UK|US|Council|Committee|State Department|Treasury)|it|they) "
    r"(changed|amended|revised|rewrote|replaced|updated)\b"
    rf"|\bpre-({MONTHS} )?20\d\d\b|\b(previously|formerly|originally|at the time|historic(al)?|superseded)\b"
    # "we used to", not the passive "can funds be used to pay …"
    r"|(?<!\bbe )(?<!\bbeen )(?<!\bbeing )(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )\bused to\b"
    # "the old (pre-February 2024) NGO licence", "the former general license", "the old US NGO
    # general licence": up to three words (or a bracket) between the word for "earlier" and
    # the text it dates.
    r"|\b(old|older|previous|former|original)\s+(\([^)]*\)\s+)?(\w+\s+){0,3}?"
    r"(text|version|rule|licen[cs]e|wording|regulations?)\b|\b(earlier|previous|prior) (captured )?version\b|\bas it stood\b|\bback (then|in|during|when)\b|\blooking back\b|\bin (19|20[01])\d\b"
    r"|\bin 202[0-3]\b|\b(did|was|were)\b[^?]{0,60}\b(19\d\d|20[01]\d|202[0-3])\b",
    re.I,
)


# "… what does § 510.512 authorize now?" asks for the law as it stands, whatever past it
# recalls; "Was it 'all transactions' like now?" only compares.
NOW = re.compile(
    r"\b(does|do|is|are|can|may|must)\b[^?.]{0,60}(?<!like )(?<!as )"
    r"\b(now|today|currently|at present|these days)\b",
    re.I,
)


@lru_cache(maxsize=256)  # read for every quote of an answer (asks_about_text)
def asks_about_past(question: str) -> bool:
    """A question about the law as it stood: historical text may then lead the answer."""
    return bool(PAST.search(question)) and not NOW.search(question)


YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def asks_about_text(question: str, doc) -> bool:
    """Whether a question asks about this historical document: it asks about the past, or it
    names the year the document was issued ("During the 2020 COVID response, did OFAC
    say…?", "OFAC's April 2020 fact sheet"). Such a text answers it, not as history."""
    return asks_about_past(question) or (
        doc.historical and doc.issued[:4] in YEAR.findall(question)
    )


# What the asker sets aside ("Apart from changing the NGO licence, what new licences …?",
# "… need a Commerce licence, besides the OFAC side?"): words of what is not asked, which
# would otherwise draw the answer to it. Only as an opening phrase or a closing one; "items
# other than food" is what is asked about.
ASIDE = re.compile(
    r"(?:^|(?<=[.?!]\s))(?:apart from|aside from|besides)\b(?:[^,.?!;]|(?<=\d)[,.](?=\d)){1,80},\s*"
    r"|,\s*(?:apart from|aside from|besides)\b(?:[^,.?!;]|(?<=\d)[,.](?=\d)){1,80}(?=\?)",
    re.I,
)


# A provision named as what the asked-about text is compared with ("Does the UK's regime have
# its own exception, like UNSCR 2664?", "… like the UK's regulation 81A?"): the yardstick, not
# the text asked about, and searched for it would put its own paragraphs first.
COMPARED = re.compile(
    r"\s*,?\s*\b(?:like|similar to|equivalent to|comparable to|modell?ed on)\s+(?:the\s+)?"
    r"(?:[A-Z][\w.]*['’]s?\s+)?(?=(?:UNSCR|resolution|res\.|S/RES/|§|sections?\b|\d+\s+"
    r"(?:CFR|U\.?\s?S\.?\s?C)|\d{3}\.\d{3}|reg(?:ulation|\.)?\s*\d|Art(?:icle|\.)|FAQ\b|GL\b"
    r"|general licen))[^?;,]*?(?=[?;,]|\.(?:\s|$)|$|\s(?:for|in|under|to|and|or|but|if|when|that)\b)",
    re.I,
)


def without_asides(question: str) -> str:
    """The question less what the asker sets aside and the provisions it names only to
    compare with, for searching and choosing quotes."""
    return COMPARED.sub("", ASIDE.sub("", question))


def asides(question: str) -> str:
    """What the asker sets aside ("Apart from changing the NGO licence,"), "" if nothing."""
    return " ".join(m.group(0) for m in ASIDE.finditer(question))


# "Do we need a licence…?", "Is an exemption required…?", "Could this expose us to
# sanctions?": "Yes" then means a duty or a restriction.
REQUIREMENT = re.compile(
    r"\b(do|does|would|will|shall)\b[^?.]{0,40}?\b(need|require)s?\b"
    r"|\b(is|are|would|will)\b[^?.]{0,60}?\b(required|needed|necessary|mandatory)\b"
    r"|\b(must|have to|has to)\b[^?.]{0,40}\b(apply|obtain|get|seek|request|submit|notify|file)\b"
    # "Does UNICEF have to go through a member state…?", "Do we need to wait…?"
    r"|\b(do|does|did)\b[^?.;]{0,60}?\b(have|has|need|needs) to\b(?! do with)"
    r"|\b(could|would|will|does|do|is|are)\b(?:(?!\bwithout\b)[^?.]){0,80}?"
    r"\b(expose|violate|breach|be (penali[sz]ed|sanctioned|fined)|prohibited|forbidden|illegal)\b"
    # "have we broken the UN asset freeze?", "are we breaking US sanctions?"; not "a broken probe"
    r"|(?<!without )\b(break|breaks|breaking|broke|broken|contraven\w*|infring\w*)\s+(the\s+|any\s+|its\s+)?"
    r"([\w.’'-]+\s+){0,3}?(sanctions|asset[- ]freezes?|freezes?|laws?|rules|regulations|embargo|ban)\b",
    re.I,
)
# "Can we…?", "Does the licence cover…?", "Could this qualify…?": "Yes" then means the case
# may go ahead under some authorisation or exemption.
PERMISSION = re.compile(
    r"\b(can|could|may|might)\b|\b(allow(s|ed)?|permit(s|ted)?|authori[sz]\w*|licen[cs]\w*"
    r"|exempt\w*|cover(s|ed)?|qualif(y|ies|ied)|eligible|lawful(ly)?|legal(ly)?|ok(ay)?"
    # "… on her normal US passport. Is that possible?" asks whether she may
    r"|possible|feasible|doable|permissible|acceptable)\b",
    re.I,
)


class YesNo(StrEnum):
    """What a "Yes" to a question asserts, and so what it must rest on."""

    PERMISSION = "permission"  # the case may go ahead: an authorisation or an exemption
    REQUIREMENT = "requirement"  # a duty or a restriction applies: a requirement or a prohibition
    STATEMENT = "statement"  # a text says, includes or treats something so: the quote itself
    OPEN = "open"  # the question asks what, how long, which…: no yes or no answers it


WH_WORDS = {"what", "which", "who", "whom", "whose", "when", "where", "why", "how"}
AUXILIARIES = set(
    "is are was were am be can could may might must shall should will would do does did has have had".split()
)
# Words that may come before a question word: "On what date…", "Within how many days…".
PREPOSITIONS = set("on in at for within by to from under after before since until of with".split())
CLAUSES = re.compile(r"[,;:—]|\s-{1,2}\s|\b(?:and|or|but)\b", re.I)


def yes_no(question: str) -> YesNo:
    """Whether a question asks for no yes or no at all ("How long is it barred?"), or asks if
    something is required or forbidden, if it is allowed, or only what a text says ("Does
    'humanitarian assistance' include shelter?", "Did the Committee say …?")."""
    if not asks_yes_or_no(question):
        return YesNo.OPEN
    if REQUIREMENT.search(question):
        return YesNo.REQUIREMENT
    return YesNo.PERMISSION if PERMISSION.search(question) else YesNo.STATEMENT


def asks_yes_or_no(question: str) -> bool:
    """Whether some clause of the question opens with a verb ("Can we…?", "Under UK law, can a
    charity…?", "What did OFAC do, and can banks…?"), unless clauses open only with question
    words ("If we need a licence, how will BIS look at it?", "On what date…?"). A sentence
    that does not end in "?" is context, not the question."""
    sentences = [question[a:b] for a, b in sentence_spans(question)]
    asked = [s for s in sentences if s.rstrip().endswith("?")] or [question]
    opening = []
    for clause in (c for s in asked for c in CLAUSES.split(s)):
        words = re.findall(r"[a-z]+", clause.lower())
        if words and words[0] in PREPOSITIONS and words[1:2] and words[1] in WH_WORDS:
            words = words[1:]
        opening += words[:1]
    if any(w in AUXILIARIES for w in opening):
        return True
    return not any(w in WH_WORDS for w in opening)


# Who a question says states or does the fact it asks for: a fact about another body does
# not answer it (a 30-day State Department deadline is not the 1718 Committee's). A body
# counts as named in a passage when the sentence names it or the document is its own.
ACTORS = {
    # Its formal name is the "Security Council Committee established pursuant to resolution
    # 1718 (2006)": the Committee's, not the Council's.
    # Askers also write "the 1718 Cttee", "the UN committee", "the UN DPRK committee".
    "1718 Committee": re.compile(
        r"\b(1718|sanctions) (Committee|Cttee)\b|\bthe Committee\b"
        r"|\bU\.?N\.?(['’]s)? ((DPRK|North Korea) )?(Committee|Cttee)\b"
        r"|\bSecurity Council Committee( established pursuant to resolution 1718( \(2006\))?)?"
        # the UN as the body that decides on exemptions: "Once the UN approves our shipment",
        # "the UN approval", "a UN exemption"
        r"|\b(the )?U\.?N\.? (approves|approved|grants|granted|approval|exemptions?)\b",
        re.I,
    ),
    "OFAC": re.compile(r"\bOFAC\b|\bTreasury\b|\bOffice of Foreign Assets Control\b|\b31 CFR\b"),
    # also "State" alone as askers write it ("send it to State", "how long can State take"),
    # capitalised and not a Member State, a State Party or the State of …
    "State Department": re.compile(
        r"\bState (Department|Dept)\b|\bDepartment of State\b|\bSecretary of State\b"
        r"|(?-i:\b(to|with|by|from|can|could|does|did|will|would|has|have|may|must) State\b"
        r"(?! (Council|Part(y|ies)|of)\b))",
        re.I,
    ),
    "Commerce": re.compile(
        r"\bCommerce\b|\bBIS\b|\bBureau of Industry and Security\b|\bExport Administration\b"
    ),
    "Security Council": re.compile(
        r"\bSecurity Council\b(?!\s+(1718\s+)?(Sanctions\s+)?Committee)|\bUNSC\b"
    ),
}


# "under OFAC's NGO general licence", "the OFAC NGO GL": a body named as the issuer of the
# licence or rules the case falls under, which says whose text applies, not whose act or
# deadline is asked about ("how far ahead must we report?" is the State Department's 30 days).
_ISSUER_OF = re.compile(
    r"(['’]s\s+([\w-]+\s+){0,3}?|\s+(?!(for|a|an|the|of|to|in|on|at|with|by|from|about|under|and|or"
    r"|is|are|was|were|be|do|does|did|can|should|must|may|will|would)\b)([\w-]+\s+){0,2}?)"
    r"(general\s+licen[cs]es?|GLs?|licen[cs]es?|regulations|rules)\b",
    re.I,
)


def actors(question: str) -> set[str]:
    """The bodies a question asks about, not those it names only as a licence's issuer."""
    return {
        name
        for name, pattern in ACTORS.items()
        if any(not _ISSUER_OF.match(question, m.end()) for m in pattern.finditer(question))
    }


# Where a question asks something more: "…, and what do we attach …?", "? How long …".
_ASK_WORD = rf"(?:{'|'.join(sorted(WH_WORDS | AUXILIARIES))})\b"
_ANOTHER_ASK = re.compile(
    rf"(?:[,;]\s*(?:and|or|but|also)?\s*|[?]\s*|[.!]\s+)(?={_ASK_WORD})", re.I
)
_OPENS_ASK = re.compile(rf"\s*{_ASK_WORD}", re.I)


@lru_cache(maxsize=256)  # read for every sentence that states the fact asked
def fact_actors(question: str) -> frozenset[str]:
    """The bodies whose fact the question asks for: a body named only in another of its asks
    ("which e-mail address does it go to, and what do we attach if we lack 1718 Committee
    approval?") is not the one the address is asked of. A body named in the setting ("We hold
    a 1718 Committee exemption. How long …?") still is."""
    parts = [p for p in _ANOTHER_ASK.split(question) if p.strip()]
    asking = next((p for p in parts if expected(p)), None)
    if asking is None:
        return frozenset(actors(question))
    others = [p for p in parts if p is not asking and _OPENS_ASK.match(p)]
    setting = [p for p in parts if p is not asking and p not in others]
    elsewhere = set().union(*(actors(p) for p in others))
    kept = actors(asking).union(*(actors(p) for p in setting))
    return frozenset(actors(question) - (elsewhere - kept))


def issuers(doc) -> frozenset[str]:
    """The bodies a document's title and citation name: whose text it is."""
    return _bodies_named(f"{doc.title} {doc.citation}")


@lru_cache(maxsize=256)
def _bodies_named(source: str) -> frozenset[str]:
    return frozenset(name for name, pattern in ACTORS.items() if pattern.search(source))


# "Did the 1718 Committee say…?", "According to OFAC, …", "What did OFAC do…?": the question
# asks for a body's own statement or act, which is in that body's documents even when the
# question names another body's provision ("…say the resolution 2664 carve-out applies?").
_ATTRIBUTED = re.compile(r"\b(according to|in the (view|words) of)\s+(the\s+)?$", re.I)
_ASKED_OF = re.compile(r"\b(did|does|do|has|have|had|will|would)\s+(the\s+)?$", re.I)
_ACTED = re.compile(r"\b(did|has|have|had)\s+(the\s+)?$", re.I)
_BETWEEN = r"(['’]s)?\s+(\w+\s+){0,2}?"
# Verbs of saying ask for a statement in any tense. Verbs of acting ("does the Committee
# issue exemptions under paragraph 46?") ask what a body may do, which the named provision
# answers; only in the past ("What did OFAC do…?") do they ask for the body's own act.
_SAYS = re.compile(
    _BETWEEN + r"(say|says|said|state[sd]?|confirm(s|ed)?|explain(s|ed)?|clarif(y|ies|ied)"
    r"|announce[sd]?|view(s|ed)?|interpret(s|ed)?|publish(es|ed)?|note[sd]?|recall(s|ed)?"
    r"|specif(y|ies|ied)|indicate[sd]?|recommend(s|ed)?|advise[sd]?)\b",
    re.I,
)
_DOES = re.compile(
    _BETWEEN + r"(do|done|take|taken|issue[sd]?|decide[sd]?|consider(ed)?|treat(ed)?"
    # a body's acts on its own texts: "When did the Committee update its guidelines?"
    r"|adopt(ed)?|update[sd]?|approve[sd]?|amend(ed)?|revise[sd]?|introduce[sd]?)\b",
    re.I,
)


def speakers(question: str) -> set[str]:
    """The bodies whose own statement or act the question asks about."""
    out = set()
    for name, pattern in ACTORS.items():
        for m in pattern.finditer(question):
            before, after = question[: m.start()], question[m.end() :]
            if (
                _ATTRIBUTED.search(before)
                or (_ASKED_OF.search(before) and _SAYS.match(after))
                or (_ACTED.search(before) and _DOES.match(after))
            ):
                out.add(name)
    return out


def about_actor(
    sentence: str,
    span: tuple[int, int],
    source: str,
    wanted: set[str] | frozenset[str],
    before: str = "",
) -> bool:
    """Whether the fact at `span` is the named bodies': of the bodies the sentence names, the
    one nearest the fact must be one of them ("submit a report to the Department of State
    … no fewer than 30 days before" is the State Department's deadline, though the sentence
    goes on to name the 1718 Committee). A sentence naming no body continues its paragraph
    (`before`): the body last named there is its subject ("The Secretary of State shall
    expand … travel warnings. The expanded travel warnings, which should be updated … every
    90 days"). With none there either, it is judged by its document (title and citation in
    `source`)."""
    mentions = [
        (min(abs(m.start() - span[0]), abs(m.end() - span[1])), name)
        for name, pattern in ACTORS.items()
        for m in pattern.finditer(sentence)
    ]
    if mentions:
        return min(mentions)[1] in wanted
    earlier = [
        (m.end(), name) for name, pattern in ACTORS.items() for m in pattern.finditer(before)
    ]
    if earlier:
        return max(earlier)[1] in wanted
    return any(ACTORS[name].search(source) for name in wanted)
