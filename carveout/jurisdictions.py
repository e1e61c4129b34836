"""Which legal systems a question names ("under UK law", "the EU regulation").

A question that names the UK or the EU wants that jurisdiction's text first: an aid
worker asking about the UK exception should not be handed a UN web page that shares
more words with the question. US and UN are left out on purpose: questions name them
as roles ("a US person", "a UN agency") at least as often as the law they ask about,
and boosting them lowered the dev set's MRR (0.806 to 0.794 at a boost of 1.0). A UK or EU
name that describes the asker ("a British charity") does not name the law asked about.
"""

from __future__ import annotations

import re

# Acronyms are matched case-sensitively; the longer names in any case.
CUES: dict[str, re.Pattern] = {
    "EU": re.compile(r"\bEU\b|\b(?i:european union|european)\b"),
    "UK": re.compile(r"\bUK\b|\bU\.K\.|\b(?i:united kingdom|british|britain|ofsi|hm treasury)\b"),
}


# "A British charity", "our European donor", "a UK-based NGO": the jurisdiction names the
# asker, not the law asked about.
ASKER = re.compile(
    r"(-based)?\s+(ngos?|charit(y|ies)|donors?|partners?|organi[sz]ations?|banks?|compan(y|ies)"
    r"|firms?|nationals?|citizens?|persons?|people|staff|volunteers?)\b",
    re.I,
)


# Countries whose own law the corpus does not hold, by the name a reader sees in a decline.
# A question asks under their law only when a word for law follows the name ("Canada's DPRK
# sanctions rules", "South Korea's Ministry of Unification", "under Japanese law"): "refugees
# hiding in China" or "a Canadian NGO" name a place or the asker. An EU member state's law on
# the DPRK is the EU regulation, which the corpus holds.
OTHER_COUNTRIES: dict[str, str] = {
    "Canadian": r"canada|canadian",
    "Australian": r"australian?",
    "New Zealand": r"new zealand",
    "Japanese": r"japan|japanese",
    "South Korean": r"south korean?|(?<!people's )(?<!people’s )republic of korea|\bROK\b",
    "Chinese": r"china|chinese|\bPRC\b",
    "Russian": r"russian?",
    "Swiss": r"switzerland|swiss",
    "Norwegian": r"norway|norwegian",
    "Indian": r"india|indian",
    "Singaporean": r"singapore|singaporean",
    "Mongolian": r"mongolian?",
    "Vietnamese": r"vietnam|vietnamese",
    "Thai": r"thailand|thai",
    "Malaysian": r"malaysian?",
    "Indonesian": r"indonesian?",
    "Philippine": r"philippines|philippine|filipino",
    "Turkish": r"turkey|türkiye|turkish",
    "Brazilian": r"brazil|brazilian",
    "South African": r"south african?",
    "Hong Kong": r"hong kong",
    "Taiwanese": r"taiwan|taiwanese",
}
EU_MEMBERS = (
    r"germany|german|france|french|italy|italian|spain|spanish|netherlands|dutch|belgium|belgian"
    r"|sweden|swedish|finland|finnish|denmark|danish|ireland|irish|austria|austrian|poland|polish"
    r"|portugal|portuguese|greece|greek|czech|hungary|hungarian|luxembourg"
)
LAW_WORDS = (
    r"laws?|legislation|rules?|regulations?|acts?|sanctions|regimes?|measures|ministry|authorities"
    r"|licen[cs]es?|permits?|exemptions?|export controls?|customs|courts?|statutes?"
)
# After the name: its possessive and up to six words ("Japan's Foreign Exchange and Foreign
# Trade Act"), or as an adjective up to two ("Canadian DPRK sanctions rules").
_AFTER_NAME = re.compile(
    rf"(?:['’]s\s+(?:[\w()-]+\s+){{0,6}}?|\s+(?:[\w()-]+\s+){{0,2}}?)(?:{LAW_WORDS})\b", re.I
)


def _cues(names: str) -> tuple[re.Pattern, re.Pattern]:
    """The country's names, and the phrasings that ask under its law without a word for law
    after the name ("under Japanese …", "does China allow …")."""
    return (
        re.compile(rf"\b(?:{names})\b", re.I),
        re.compile(
            rf"\bunder (?:the )?(?:{names})\b|\b(?:does|do|did|would|will) (?:{names})\b"
            r"\s+(?:\w+\s+)?(?:have|allow|permit|require|exempt|prohibit|ban|apply|impose)",
            re.I,
        ),
    )


LAW_CUES = {name: _cues(names) for name, names in {**OTHER_COUNTRIES, "EU": EU_MEMBERS}.items()}


def _asks_under(question: str, cues: tuple[re.Pattern, re.Pattern]) -> bool:
    """Whether the question asks under the law of the country the `cues` name, not about a
    person or body of that country ("a Canadian NGO's licence")."""
    name, phrasing = cues
    for m in name.finditer(question):
        if not ASKER.match(question, m.end()) and _AFTER_NAME.match(question, m.end()):
            return True
    return bool(phrasing.search(question))


def without_jurisdictions(text: str) -> str:
    """The text with every jurisdiction's name blanked out ("the EU's" says nothing of a case)."""
    for cue in CUES.values():
        text = cue.sub(" ", text)
    return text


def asked_law(question: str) -> set[str]:
    """The jurisdictions whose law the question asks about: named other than as the asker.
    A country whose law the corpus does not hold counts by its own name ("Canadian"), so a
    question under its law is declined rather than answered from US or UN text."""
    named = {
        name
        for name, cue in CUES.items()
        if any(not ASKER.match(question, m.end()) for m in cue.finditer(question))
    }
    return named | {name for name, cues in LAW_CUES.items() if _asks_under(question, cues)}
