"""Paragraph designators of a CFR or U.S. Code section: "(e)(1)(ii)(B)" for each paragraph,
so a quote can be cited to its paragraph and a lookup of "§ 510.512(d)(2)" finds it.

CFR paragraphs nest as (a) → (1) → (i) → (A) → (1) → (i); the U.S. Code's as (a) → (1) → (A)
→ (i) → (I), and under a subsection's own heading ("(b) Humanitarian waiver") they start at (1). A designator is read against the
paragraphs before it: "(i)" after "(h)" is a letter, after "(1)" a roman numeral. The
corpus copy lost some italic designators, shown as "([…])": such a paragraph is labelled by
the paragraph that introduces it (they always follow one ending in a colon), never given an
invented number.
"""

from __future__ import annotations

import re

LOST = "[…]"
LEVELS = ("lower", "digit", "roman", "upper", "digit", "roman")  # CFR
USC_LEVELS = ("lower", "digit", "upper", "roman", "upper_roman")
LEAD = re.compile(r"^((?:\((?:[a-zA-Z0-9]{1,5}|\[…\])\)\s*(?:\[…\]\s*)?)+)")
TOKEN = re.compile(r"\(([a-zA-Z0-9]{1,5}|\[…\])\)")
SECTION_LEVEL = re.compile(r"^(\[|Note \d)")  # source notes "[89 FR …]" and "Note 1 to § …"
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}

Step = tuple[str, str]  # (kind, token)


def _roman(token: str) -> int | None:
    if not re.fullmatch(r"[ivxlc]+", token):
        return None
    values = [ROMAN[ch] for ch in token]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _ordinal(kind: str, token: str) -> int | None:
    if kind == "digit":
        return int(token) if token.isdigit() else None
    if kind == "roman":
        return _roman(token)
    if kind == "upper_roman":
        return _roman(token.lower()) if token.isupper() else None
    if kind == "lower" and re.fullmatch(r"([a-z])\1*", token):  # a … z, aa … zz
        return (ord(token[0]) - 96) + 26 * (len(token) - 1)
    if kind == "upper" and re.fullmatch(r"([A-Z])\1*", token):
        return (ord(token[0]) - 64) + 26 * (len(token) - 1)
    return None


def place(stack: list[Step], token: str, levels: tuple[str, ...] = LEVELS) -> list[Step]:
    """The path after a paragraph designated `token` follows the paragraph at `stack`: the
    first child of the current paragraph, or the next sibling of it or of an ancestor."""
    for depth in range(min(len(stack), len(levels) - 1), -1, -1):
        kind = levels[depth]
        n = _ordinal(kind, token)
        if n is None:
            continue
        expected = 1 if depth == len(stack) else (_ordinal(kind, stack[depth][1]) or 0) + 1
        if n == expected:
            return stack[:depth] + [(kind, token)]
    # Out of sequence (a gap in the source copy): the deepest level of the same kind.
    for depth in range(min(len(stack), len(levels) - 1), -1, -1):
        if _ordinal(levels[depth], token) is not None:
            return stack[:depth] + [(levels[depth], token)]
    return stack


def path(stack: list[Step]) -> str:
    return "".join(f"({token})" for _, token in stack)


def designators(paragraphs: list[str], levels: tuple[str, ...] = LEVELS) -> list[tuple[str, bool]]:
    """For each paragraph of one section, in order: its designator path ("" for text of the
    whole section, such as source notes) and whether its own designator was lost. `levels`
    are the kinds of designator from the section's top down."""
    stack: list[Step] = []
    out = []
    in_note = False  # a note's text runs on from its heading ("Note 2 to § 510.514.")
    for text in paragraphs:
        lead = LEAD.match(text)
        if not lead:
            in_note = in_note or text.startswith("Note ")
            whole = in_note or SECTION_LEVEL.match(text)
            out.append(("" if whole else path(stack), False))
            continue
        in_note = False
        tokens = TOKEN.findall(lead.group(1))
        if tokens[0] == LOST:
            out.append((path(stack), True))
            continue
        for i, token in enumerate(tokens):
            if token != LOST:
                stack = (
                    place(stack, token, levels) if i == 0 else stack + [(levels[len(stack)], token)]
                )
        out.append((path(stack), False))
    return out


def prefixes(designator: str) -> list[str]:
    """ "(e)(1)(ii)" -> ["(e)", "(e)(1)", "(e)(1)(ii)"]."""
    parts = TOKEN.findall(designator)
    return ["".join(f"({p})" for p in parts[: i + 1]) for i in range(len(parts))]


def common(designators_: list[str]) -> str:
    """The longest designator path all of these share ("" when any is the whole section)."""
    parts = [TOKEN.findall(d) for d in designators_]
    if not parts or any(not p for p in parts):
        return ""
    shared = []
    for tokens in zip(*parts):
        if len(set(tokens)) > 1:
            break
        shared.append(tokens[0])
    return "".join(f"({t})" for t in shared)
