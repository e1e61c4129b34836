"""Sentence spans of a chunk's text, as (start, end) offsets, so every quote is a slice.

Legal text breaks naive splitters: "U.S.C.", "§ 510.511(a)", "Pub. L.", "e.g.", "No. 7".
A sentence ends at ., ? or ! (optionally followed by a closing quote or bracket) followed
by whitespace and an upper-case letter, digit or opening bracket, unless the word before
the full stop is a known abbreviation; a line break always ends a sentence (list items).
"""
from __future__ import annotations

import re

ABBREVIATIONS = {
    "u.s", "u.s.c", "u.n", "no", "nos", "pub", "l", "e.g", "i.e", "etc", "sec", "secs", "art",
    "para", "paras", "op", "stat", "cf", "v", "vs", "mr", "mrs", "ms", "dr", "st", "inc", "co",
    "corp", "ltd", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "dep't", "fr", "cfr", "reg", "regs", "approx", "dept", "gen", "gov", "p", "pp", "ch",
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
        word = re.search(r"([\w.'’]+)[.?!]?$", text[cur:m.start() + 1])
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
        if merged and merged[-1][1] - merged[-1][0] < MIN_CHARS and "\n" not in text[merged[-1][1]:a]:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged
