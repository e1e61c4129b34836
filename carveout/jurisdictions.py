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


def without_jurisdictions(text: str) -> str:
    """The text with every jurisdiction's name blanked out ("the EU's" says nothing of a case)."""
    for cue in CUES.values():
        text = cue.sub(" ", text)
    return text


def asked_law(question: str) -> set[str]:
    """The jurisdictions whose law the question asks about: named other than as the asker."""
    return {
        name
        for name, cue in CUES.items()
        if any(not ASKER.match(question, m.end()) for m in cue.finditer(question))
    }
