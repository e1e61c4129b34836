"""What a quoted legal sentence does, read from its operative verb: authorises, prohibits,
requires, exempts or excludes. The "What applies" block, the choice of deciding clauses and
the check of a generated verdict's polarity all read roles from here."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache


class Role(StrEnum):
    AUTHORISES = "authorises"
    PROHIBITS = "prohibits"
    REQUIRES = "requires"
    EXEMPTS = "exempts"
    EXCLUDES = "excludes"


# An exemption that does not apply, or a rule that does not reach a case, takes the case
# out: read these before the verbs they contain.
_EXCLUDES = re.compile(
    r"\b(do|does|shall) not (include|authori[sz]e|cover|exempt|permit)\b"
    r"|\bexemptions?\b[^.;:]{0,120}\bdo(es)? not apply\b"
    r"|\b(is|are) not (authori[sz]ed|covered|included|eligible|exempt)\b"
    r"|\bexclud(es|ing)\b"
    # "(a) No license … authorizes", "Nothing in this section authorizes": the subject denies.
    r"|^\W*(\(\w{1,4}\)\s*|\[…\]\s*)*(no|nothing)\b[^.;:]{0,120}?\b(authori[sz]es|permits|exempts|covers)\b",
    re.I,
)
_VERBS = (
    (
        Role.EXEMPTS,
        r"\b(do|does|shall) not apply\b|\bexempt(s|ed)?\b(?! from regulation)|\bnot a violation\b|\bnot contravened\b"
        r"|\b(shall |may )?not (be )?subject to\b|\bmay waive\b|\bwaives?\b|\b(do|does) not (require|prohibit)\b",
    ),
    (
        Role.PROHIBITS,
        r"\bprohibit(s|ed)\b(?! by\b| under\b| in\b)|\bmay not\b|\bshall not\b(?! (be subject|apply))|\bmust not\b|\bis blocked\b|\bare blocked\b"
        r"|\bno (U\.S\. )?person may\b|\bis not permitted\b|\bare not permitted\b|\bforbid",
    ),
    (
        Role.REQUIRES,
        r"\bmust\b|\bshall (submit|provide|include|file|keep|maintain|report|obtain|notify|furnish)\b"
        r"|\b(is|are) required\b|\brequires?\b|\bneeds? (a|an|prior) (license|licence|authori[sz]ation)",
    ),
    (
        Role.AUTHORISES,
        # "the competent authorities … may authorise transactions …": a power to license
        r"\b(is|are) (hereby )?authori[sz]ed\b|\bauthori[sz]es\b|\bmay (be (issued|authori[sz]ed|granted)|authori[sz]e)\b"
        r"|\b(is|are) permitted\b|\bpermits\b|\b(may|can) (apply|request|submit|seek|engage|provide|process)\b"
        r"|\bis allowed\b",
    ),
)
_ROLE_VERBS = [(role, re.compile(pattern, re.I)) for role, pattern in _VERBS]


@lru_cache(maxsize=16384)  # a passage's sentences are read again for every question
def role_of(sentence: str) -> Role | None:
    """The role of a legal sentence, from its first operative verb; None when it has none
    (a definition, a finding, a description). A verb in a relative clause describes a noun
    ("items that are not subject to the EAR", "a general license that authorizes …"), and
    a negated one says the opposite ("do not require"): neither is the sentence's own."""
    if any(_operative(sentence, m) for m in _EXCLUDES.finditer(sentence)):
        return Role.EXCLUDES
    found = [
        (m.start(), role)
        for role, pattern in _ROLE_VERBS
        for m in pattern.finditer(sentence)
        if _operative(sentence, m)
        and not (role != Role.EXEMPTS and _NEGATED.search(sentence[: m.start()]))
    ]
    return min(found)[1] if found else None


_NEGATED = re.compile(r"\b(not|never)\s+$|n't\s+$", re.I)
_RELATIVE = re.compile(r"\b(that|which|who|whom|whose)\b", re.I)
_CONCEDES = re.compile(r"\W*(while|although|though|whereas|even though)\b", re.I)
# "that" after these opens what is said, required or meant, not a description of a noun
# ("provided that such education excludes …", "notify the NGO that it is not eligible").
_COMPLEMENT = frozenset(
    "provided so except such than means mean determines determine certifies certify ensure "
    "ensures notify notifies inform informs clarify clarifies state states is are was were be "
    "shall".split()
)
_FINITE = re.compile(
    r"\b(is|are|was|were|has|have|had|do|does|did|shall|may|must|will|can|would|should|could)\b"
    r"\s+\S+\s+\S",
    re.I,
)


def _operative(sentence: str, m: re.Match) -> bool:
    """Whether the verb at `m` is the sentence's (or a condition's), not a conceded clause's
    ("While …,") nor a relative clause's: no "that/which/who/whose" describing a noun within
    a few words before it, with no comma and no verb of the relative clause's own between
    ("an individual who is a U.S. person is authorized": the second "is" is the sentence's)."""
    before = sentence[: m.start()]
    if _CONCEDES.match(before) and "," not in before:
        return False  # "While OFAC sanctions do not prohibit travel, passports are invalid"
    relatives = list(_RELATIVE.finditer(before))
    if not relatives:
        return True
    rel = relatives[-1]
    between = before[rel.end() :]
    if re.search(r"[,;:()]", between) or len(between.split()) > 8 or _FINITE.search(between):
        return True
    if rel.group(1).lower() != "that":
        return False
    previous = re.findall(r"[A-Za-z']+", before[: rel.start()])[-3:]
    return not previous or any(w.lower() in _COMPLEMENT for w in previous)


def line_role(spans: list[str]) -> Role | None:
    """The role of a quoted line: a list item under an introduction ("This section does not
    authorize the following transactions:") takes the introduction's; otherwise each
    sentence speaks for itself, the last (the line's own sentence) first."""
    *intro, own = spans
    lists = [s for s in intro if s.rstrip().endswith((":", "—"))]
    for text in (*reversed(lists), own, *reversed(intro)):
        if role := role_of(text):
            return role
    return None


# A clause that limits or conditions a rule: quoted with the rule it limits.
LIMITS = re.compile(
    r"\b(do|does) not (include|authori[sz]e|apply|cover|exempt)\b|\bexcept\b|\bprovided that\b|\bunless\b"
    r"|\bnot on behalf of\b|\bonly if\b|\bonly to the extent\b|\bexclud(es|ing)\b|\bsubject to\b|\bif\b",
    re.I,
)


@lru_cache(maxsize=16384)
def limits(sentence: str) -> bool:
    """Whether the sentence limits or conditions a rule (LIMITS)."""
    return bool(LIMITS.search(sentence))


PERMISSIVE = (Role.AUTHORISES, Role.EXEMPTS)  # the case may go ahead under it
RESTRICTIVE = (Role.PROHIBITS, Role.EXCLUDES)  # it stops or does not cover the case
