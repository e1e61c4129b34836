"""One way of writing each word, for BM25: its tokenizer matches words letter for letter, and
the corpus and its readers write the same word in different ways.

Names: the tokenizer drops one-letter words, so "U.S." vanished while "US" became the pronoun
"us", and a question saying "US" matched only the one text that writes it so (the 2021 letter's
title), whatever it asked. Spellings: US texts write "organization", "authorize", "program",
the UK and EU texts and most aid workers "organisation", "authorise", "programme", which stem
apart ("organis", "organiz").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_NAMES = tuple(
    (re.compile(pattern, re.I), f" {token} ")
    for pattern, token in (
        # "U.S.C." too: a statute's citation names US law (read apart, it lowered MRR)
        (r"\bU\.\s?S\.(?:\s?A\.)?|\b(?-i:USA?)\b|\bUnited States\b", "unitedstates"),
        (r"\bU\.\s?N\.|\b(?-i:UN)\b|\bUnited Nations\b", "unitednations"),
        (r"\bU\.\s?K\.|\b(?-i:UK)\b|\bUnited Kingdom\b", "unitedkingdom"),
        (r"\bE\.\s?U\.|\b(?-i:EU)\b|\bEuropean Union\b", "europeanunion"),
        (r"\bE\.\s?O\.|\b(?-i:EO)\b|\bExecutive Order\b", "executiveorder"),
    )
)


# "30%" in a question, "50 percent" in the law: the tokenizer drops the sign.
_PERCENT = re.compile(r"(?<=\d)\s*%")


def one_token_per_name(text: str) -> str:
    """The text with "U.S.", "US" and "United States" (and the UN's, UK's, EU's names, and an
    executive order's) each written as one word, and a per cent sign as the word."""
    for pattern, token in _NAMES:
        text = pattern.sub(token, text)
    return _PERCENT.sub(" percent", text)


# British endings and their American forms: "authorisation", "labour", "centre", "licence",
# "programme", "analyse".
_ENDINGS = (
    (re.compile(r"(\w{2,})is(e|es|ed|ing|ation|ations|er|ers)$"), r"\1iz\2"),
    (re.compile(r"(\w{3,})our(s|ed|ing|able|ably)?$"), r"\1or\2"),
    (re.compile(r"(\w{2,})tre(s)?$"), r"\1ter\2"),
    (re.compile(r"(\w{2,})ence(s)?$"), r"\1ense\2"),
    (re.compile(r"(\w{3,})mme(s)?$"), r"\1m\2"),
    (re.compile(r"(\w{2,})yse(s|d)?$"), r"\1yze\2"),
)
_WORD = re.compile(r"[A-Za-z]+")


def american_forms(word: str) -> list[str]:
    """The American spellings a lower-case word would have if it is British ("organisation":
    "organization"); none for a word with no British ending."""
    return [other for pattern, form in _ENDINGS if (other := pattern.sub(form, word)) != word]


MAX_READ = 200_000


class Wording:
    """Writes each name as one word (`one_token_per_name`), and a British spelling the American
    way when the corpus holds the American word: the corpus's own words decide, so "exercise"
    and "advise" (no "exercize" in it) stay as they are."""

    def __init__(self, texts: Iterable[str]):
        self.words = {w.lower() for t in texts for w in _WORD.findall(t)}
        self._read: dict[str, str] = {}  # each word's spelling, worked out once

    def american(self, word: str) -> str:
        if (known := self._read.get(word)) is not None:
            return known
        spelt = next((w for w in american_forms(word.lower()) if w in self.words), word)
        if len(self._read) >= MAX_READ:  # a long-running server meets ever new words
            self._read.clear()
        self._read[word] = spelt
        return spelt

    def __call__(self, text: str) -> str:
        return _WORD.sub(lambda m: self.american(m.group(0)), one_token_per_name(text))


# An all-lower-case chat message ("ofac dec 2022 humanitarian gls - when did they kick in", "uk
# asset freeze carve out") writes acronyms in lower case, which the question's readers know by
# their capitals (OFAC is a body, UK a jurisdiction). Such a message gets them back; "us" is the
# pronoun unless a noun of the law follows ("us passport"), "un" a prefix before a hyphen, "ian"
# a name unless a number follows ("ian 7").
_ACRONYMS = re.compile(
    r"\b(ofacs?|dprk|ngos?|gls?|uk|eu|unsc|icrc|ifrc|ear99|nkspea|nkhra|faqs?|hrp|ocha|cfr|usc|bis"
    r"|un(?!-)|ian(?= (no\.? ?)?\d)"
    r"|us(?= (passports?|laws?|sanctions|government|persons?|citizens?|banks?|dollars?|treasury"
    r"|congress|statutes?|regulations|rules|embassy|side)\b))\b"
)


def with_acronyms(question: str) -> str:
    """An all-lower-case question with its acronyms in capitals; any other as it is."""
    if question != question.lower():
        return question
    return _ACRONYMS.sub(_capitals, question)


def _capitals(m: re.Match) -> str:
    """ "ngos" is "NGOs", "gls" "GLs"; "us" and "bis" have no plural s; "ofacs" is typed for
    "OFAC's" ("on ofacs list of medical devices")."""
    word = m.group(0)
    if word == "ofacs":
        return "OFAC's"
    if word.endswith("s") and word[:-1] in ("ngo", "gl", "faq"):
        return word[:-1].upper() + "s"
    return word.upper()


# Chat shorthand ("1718 exemption valid how long b4 we reapply?", "who is un resident coordinator
# in pyongyang rn", "max civil penalty $ for breaking nksr?"), written out: what a question asks
# ("before", "right now", "maximum") is read from whole words, and BM25 and the dense model
# know "government", not "govt". Whole words only; the one-letter ones ("u", "r", "n", "w")
# only in lower case between spaces ("partner w kpa army unit"), never a paragraph's "(r)".
# Not "cttee" nor "Dept": the bodies' names already read them (`asks.ACTORS`), and written out they lowered the ranks of six
# questions naming the 1718 Committee or the State Department, which holds the word everywhere.
SHORTHAND = {
    "b4": "before",
    "rn": "right now",
    "abt": "about",
    "govt": "government",
    "gov't": "government",
    "govts": "governments",
    "w/o": "without",
    "w/": "with",
    "thru": "through",
    "pls": "please",
    "plz": "please",
    "ur": "your",
    "yr": "year",
    "yrs": "years",
    "wk": "week",
    "wks": "weeks",
    "ppl": "people",
    "req": "request",
    "reqs": "requests",
    "info": "information",
    "max": "maximum",
    "approx": "approximately",
    "amt": "amount",
    "acct": "account",
    "accts": "accounts",
    "intl": "international",
    "org": "organisation",
    "orgs": "organisations",
    "nk": "North Korea",
    "kpa": "Korean People's Army",
    # typed without the apostrophe: "whos the current us special envoy", "whats the hotline number"
    "whats": "what's",
    "whos": "who's",
    "wheres": "where's",
}
_ONE_LETTER = {"u": "you", "r": "are", "n": "and", "w": "with"}
_SHORTHAND = re.compile(
    r"(?<![\w/'’.-])("
    + "|".join(re.escape(w) for w in sorted(SHORTHAND, key=len, reverse=True))
    + r")(?![\w'’@-])(?!\.\w)",
    re.I,
)
# Written with a capital, these are names ("Max", "Info Center"), not shorthand.
_NAMES_WHEN_CAPITALISED = {"max", "info", "org", "orgs", "rn", "ur", "req", "reqs", "amt", "abt"}
_ONE_LETTER_WORD = re.compile(r"(?<=[a-z] )[urnw](?= [a-z])")


def with_full_words(question: str) -> str:
    """The question with chat shorthand written out; a word in capitals keeps its capital."""

    def full(m: re.Match) -> str:
        written = m.group(0)
        if written.istitle() and written.lower() in _NAMES_WHEN_CAPITALISED:
            return written
        word = SHORTHAND[written.lower()]
        return word[0].upper() + word[1:] if written[0].isupper() else word

    question = _ONE_LETTER_WORD.sub(lambda m: _ONE_LETTER[m.group(0)], question)
    return _SHORTHAND.sub(full, question)
