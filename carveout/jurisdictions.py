"""Which legal systems a question names ("under UK law", "the EU regulation").

A question that names the UK or the EU wants that jurisdiction's text first: an aid
worker asking about the UK exception should not be handed a UN web page that shares
more words with the question. US and UN are left out on purpose: questions name them
as roles ("a US person", "a UN agency") at least as often as the law they ask about,
and boosting them lowered the dev set's MRR (0.806 to 0.794 at a boost of 1.0).
"""

from __future__ import annotations

import re

# Acronyms are matched case-sensitively; the longer names in any case.
CUES: dict[str, re.Pattern] = {
    "EU": re.compile(r"\bEU\b|\b(?i:european union|european)\b"),
    "UK": re.compile(r"\bUK\b|\bU\.K\.|\b(?i:united kingdom|british|britain|ofsi|hm treasury)\b"),
}


def named_jurisdictions(question: str) -> set[str]:
    return {name for name, cue in CUES.items() if cue.search(question)}
