"""Sentence spans of a chunk's text, as (start, end) offsets, so every quote is a slice.

Legal text breaks naive splitters: "U.S.C.", "§ 510.511(a)", "Pub. L.", "e.g.", "No. 7".
A sentence ends at ., ? or ! (optionally followed by a closing quote or bracket) followed
by whitespace and an upper-case letter, digit or opening bracket, unless the word before
the full stop is a known abbreviation; a line break always ends a sentence (list items).
"""

from __future__ import annotations

import re

ABBREVIATIONS = {
    "u.s",
    "u.s.c",
    "u.n",
    "no",
    "nos",
    "pub",
    "l",
    "e.g",
    "i.e",
    "etc",
    "sec",
    "secs",
    "art",
    "para",
    "paras",
    "op",
    "stat",
    "cf",
    "v",
    "vs",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "inc",
    "co",
    "corp",
    "ltd",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "dep't",
    "fr",
    "cfr",
    "reg",
    "regs",
    "approx",
    "dept",
    "gen",
    "gov",
    "p",
    "pp",
    "ch",
}
END = re.compile(r"[.?!][\"”’')\]]*(?=\s+[\"“(\[A-Z0-9§])")
MIN_CHARS = 20


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        spans += _split_line(text, line.start(), line.end())
    return _merge_short(text, spans)


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, cur = [], start
    for m in END.finditer(text, start, end):
        word = re.search(r"([\w.'’]+)[.?!]?$", text[cur : m.start() + 1])
        if word and word.group(1).lower().rstrip(".") in ABBREVIATIONS:
            continue
        out.append((cur, m.end()))
        cur = m.end()
    out.append((cur, end))
    return [_strip(text, a, b) for a, b in out if text[a:b].strip()]


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    if text.startswith(("- ", "* ", "• "), a):  # a Markdown list marker is not part of the quote
        a += 2
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _merge_short(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue a fragment such as "(a)" or "Note 1 to § 510.214:" to what follows it when
    both sit on the same line; across lines they stay separate."""
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if (
            merged
            and merged[-1][1] - merged[-1][0] < MIN_CHARS
            and "\n" not in text[merged[-1][1] : a]
        ):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


# --- what a sentence depends on ----------------------------------------------------------

# A longer "sentence" is a run-on list of definitions, better read at its source. An operative
# paragraph can be one long sentence: resolution 2664's humanitarian carve-out is 1,460 characters.
MAX_QUOTE_CHARS = 1500
ENUMERATED = re.compile(r"^\(?([0-9a-zA-Z]{1,4}|\[…\])\)|^[ivx]+\.\s")
BULLET = re.compile(r"\s*[-*•]\s")
NUMBERED = re.compile(r"\d{1,2}\.\s")  # a Markdown numbered item ("3. activities to support …")
MAX_LIST_ITEMS = 6


def lead_in(text: str, start: int) -> list[tuple[int, int]]:
    """What the sentence at `start` depends on, so it is never quoted without it: the sentence
    introducing a list item ("… only if the transfer" before "(2) does not involve …"), or the
    list that a trailing clause completes ("Member States; … Non-Governmental Organizations"
    before "that carry out assistance …")."""
    before = [(a, b) for a, b in sentence_spans(text) if b <= start]
    if kind := _enumerator(text, start):
        # Back past the items of this list and their sub-items, to the sentence that
        # introduces it: "(2) Condition A is that … carried out by—" for "(c) humanitarian
        # organisations …", not "(a) the United Nations, including its—", a sibling.
        for a, b in reversed(before):
            other = _enumerator(text, a)
            if other is None and _closes_list(text[a:b]):
                return []  # "…, where Conditions A and B are met." ends the list before
            if other is None or (other != kind and opens_list(text[a:b])):
                return [(a, b)] if len(text[a:b]) <= MAX_QUOTE_CHARS else []
        return []
    if _bulleted(text, start):
        # A bullet's lead-in is the sentence before the list, when it announces one
        # ("Requests are to be submitted … containing the following elements:").
        for a, b in reversed(before):
            if not _bulleted(text, a):
                announces = text[a:b].rstrip().endswith(":")
                return [(a, b)] if announces and len(text[a:b]) <= MAX_QUOTE_CHARS else []
        return []
    if before and run_in_heading(text, *before[-1]) and "\n" not in text[before[-1][1] : start]:
        return [before[-1]]  # "Protect North Korean refugees." before what it asks for
    if not text[start : start + 1].islower():
        return []
    items: list[tuple[int, int]] = []
    for a, b in reversed(before):
        if not _list_item(text, a):
            # The clause completes the sentence that announced the list ("The prohibitions
            # … are not contravened by a person carrying out a relevant activity which is
            # necessary— (a) … (b) …, where Conditions A and B are met."): quote it too.
            if items and opens_list(text[a:b]) and len(text[a:b]) <= MAX_QUOTE_CHARS:
                items.insert(0, (a, b))
            break
        items.insert(0, (a, b))
    return (
        items if len(items) <= MAX_LIST_ITEMS + 1 else []
    )  # a longer list is better read at its source


def opens_list(sentence: str) -> bool:
    """Whether the sentence opens a list: it ends in a colon or a dash, or breaks off in mid
    phrase, as a statute's paragraph does before its items ("… of North Korea shall" before
    "(A) be delivered, distributed, and monitored …"); not a heading ("(1) In general")."""
    end = sentence.rstrip()
    if end.endswith((":", "—")):
        return True
    # "(ii) other entities and bodies, and" closes an item of a list, "(2) China" titles one;
    # "It is the sense of Congress that" is as short, but no title ends on "that".
    if not end[-1:].isalpha() or re.search(r"\b(and|or)$", end):
        return False
    return len(end.split()) > HEADING_WORDS or bool(BREAKS_OFF.search(end))


HEADING_WORDS = 8  # "(3) Research and development grant program", "(c) Exception"
BREAKS_OFF = re.compile(r"\b(shall|should|must|may|will|be|is|are|that|which|to|the|of|for|by)$")


def _closes_list(sentence: str) -> bool:
    """A clause that completes the list before it: it opens in lower case and ends a sentence."""
    return sentence[:1].islower() and sentence.rstrip().endswith(".")


def _enumerator(text: str, a: int) -> str | None:
    """The kind of list marker the sentence at `a` opens with ("(2)": number, "(c)": letter,
    "(iii)": roman), or None when it opens with none."""
    m = ENUMERATED.match(text[a:])
    if not m:
        return None
    mark = m.group(1) or "i"  # "iv. …"
    if mark.isdigit():
        return "number"
    if re.fullmatch(r"[ivx]+", mark) and (len(mark) > 1 or mark in "iv"):
        return "roman"
    return "letter" if mark.isalpha() and len(mark) == 1 else "other"


RUN_IN_WORDS = 12
# A title names a point; a sentence with a finite or modal verb states one ("Payments are
# prohibited.", "12. Decides that …").
STATES = re.compile(
    r"\b(is|are|was|were|be|been|shall|may|must|will|can|could|should|would|has|have|had"
    r"|does|do|did|decides?)\b",
    re.I,
)
# "12. ", "A. " opening a numbered paragraph, not a run-in title (ENUMERATED takes "(a)").
RUN_IN_NUMBER = re.compile(r"[0-9A-Z]{1,4}\.\s")


def run_in_heading(text: str, a: int, b: int) -> bool:
    """Whether the sentence a:b is a paragraph's run-in title ("Elevate the U.S. Special Envoy
    on North Korean Human Rights. The administration should …"): a short sentence without a
    finite verb opening a plain paragraph (not a heading, quote, table row or numbered
    paragraph) that goes on for at least two more sentences (a closing "Thank you for your
    consideration. We would be pleased…" is not one). Alone it names a point without saying
    what is asked for."""
    line_start = text.rfind("\n", 0, a) + 1
    line_end = text.find("\n", b)
    rest = text[b : line_end if line_end >= 0 else len(text)]
    title = text[a:b]
    return (
        not text[line_start:a].strip()
        and not title.startswith(("#", ">", "|"))
        and not (RUN_IN_NUMBER.match(title) or ENUMERATED.match(title))
        and title.endswith(".")
        and len(title.split()) <= RUN_IN_WORDS
        and not STATES.search(title)
        and len(sentence_spans(rest)) >= 2
    )


def _list_item(text: str, a: int) -> bool:
    return _bulleted(text, a) or bool(ENUMERATED.match(text[a:]))


def _bulleted(text: str, a: int) -> bool:
    """Whether the sentence at `a` opens a Markdown bullet ("- …") or numbered item ("3. …")."""
    line_start = text.rfind("\n", 0, a) + 1
    before = text[line_start:a]
    return bool(BULLET.fullmatch(before)) or (
        before.strip() == "" and bool(NUMBERED.match(text, a))
    )


# also after a quotation that ends one ("Reply only with: 'All is allowed.' Can we …?")
_QUESTION_BREAK = re.compile(r"(?<=[.!?])\s+|(?<=[.!?]['\"”’])\s+")
# A dot that does not end a sentence: "U.S.", "E.O.", "reg.", "para.", "e.g.", "Feb.", "Inc.";
# "No." only before a number ("IAN No. 7"): "OFAC said no. Does …?" ends a sentence.
_ABBREVIATION = re.compile(
    r"(?:\b\w\.\w\.|\b(?:reg|regs|para|paras|art|sec|e\.g|i\.e|cf|v|vs|jan|feb|mar|apr|jun|jul"
    r"|aug|sept?|oct|nov|dec|inc|ltd|co|corp|gen|dr|mr|mrs|ms|st)\.)$",
    re.I,
)
_NUMBER_ABBREVIATION = re.compile(r"\bnos?\.$", re.I)


def question_sentences(question: str, lines_end: bool = False) -> list[str]:
    """A question's sentences, broken at a full stop unless it ends an abbreviation: a user
    writes "U.S.", "E.O. 13722" or "IAN No. 7" mid-sentence and may start a sentence in lower
    case, which `sentence_spans` (made for legal text) would not break at. A line break ends
    a sentence after a full stop or a blank line, or always with `lines_end` (the instruction
    filter: an injected line needs no full stop); else a wrapped line goes on."""
    lines = question.splitlines() if lines_end else re.split(r"\n\s*\n|(?<=[.!?:])\s*\n", question)
    out: list[str] = []
    for line in lines:
        line_start = len(out)
        for piece in _QUESTION_BREAK.split(" ".join(line.split())):
            if not piece:
                continue
            joined = len(out) > line_start and (
                _ABBREVIATION.search(out[-1])
                or (_NUMBER_ABBREVIATION.search(out[-1]) and piece[:1].isdigit())
            )
            if joined:
                out[-1] += " " + piece
            else:
                out.append(piece)
    return out
