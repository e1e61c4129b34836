"""Citation labels (what a lawyer would write) and provision keys.

The same keys are computed for a chunk at ingest and for a question at query time,
so "what does § 510.511 say" finds the chunks of 31 CFR § 510.511 directly.
Keys: "cfr:510.511", "usc:9228", "usc:9228(b)", "faq:1162", "res:2664", "res:2664:1",
"reg:81a", "art:16e".
"""

from __future__ import annotations

import re

from carveout.models import DocMeta
from carveout.paragraphs import prefixes

USC = re.compile(r"(\d+)\s*U\.?\s?S\.?\s?C\.?")
RES = re.compile(r"S/RES/(\d{3,4})\s*\((\d{4})\)")
SECTION_HEAD = re.compile(r"^§\s*(\d+[a-z]?(?:\.\d+)?)[.\s]")
SUBSECTION_HEAD = re.compile(r"^\(([a-z0-9]{1,4})\)")
NUMBERED = re.compile(r"^(\d+[A-Za-z]?)\.\s")
ARTICLE = re.compile(r"^Article\s+(\d+[a-z]*)", re.I)


def section_label(
    meta: DocMeta, headings: list[str], first_para: str = ""
) -> tuple[str, list[str]]:
    """Label and provision keys for a chunk under `headings` (outermost first)."""
    citation = meta.citation
    doc_type = meta.doc_type
    inner = [h for h in headings[1:]] or headings[:1]  # skip the document title heading
    if doc_type == "letter" and headings:
        return headings[0], []
    section = next((m.group(1) for h in inner if (m := SECTION_HEAD.match(h))), None)
    if section and "." in section:  # a CFR section, § 510.511
        title = re.search(r"(\d+)\s*CFR", citation)
        label = f"{title.group(1) if title else '31'} CFR § {section}"
        return label, [f"cfr:{section}", *term_keys(headings)]
    if section and (usc := USC.search(citation)):
        sub = next((m.group(1) for h in inner if (m := SUBSECTION_HEAD.match(h))), None)
        label = f"{usc.group(1)} U.S.C. § {section}" + (f"({sub})" if sub else "")
        keys = [f"usc:{section}"] + ([f"usc:{section}({sub})"] if sub else [])
        return label, keys
    numbered = next((m.group(1) for h in reversed(inner) if (m := NUMBERED.match(h))), None)
    if doc_type == "faq" and numbered:
        return f"OFAC FAQ {numbered}", [f"faq:{numbered}"]
    if (res := RES.search(citation)) and doc_type == "resolution":
        para = NUMBERED.match(first_para)
        base = f"S/RES/{res.group(1)} ({res.group(2)})"
        if para:
            return f"{base}, para. {para.group(1)}", [
                f"res:{res.group(1)}",
                f"res:{res.group(1)}:{para.group(1)}",
            ]
        return base, [f"res:{res.group(1)}"]
    article = next((m.group(1) for h in reversed(inner) if (m := ARTICLE.match(h))), None)
    if article:
        return f"{_short(citation, meta)}, Art. {article}", [f"art:{article.lower()}"]
    if "reg." in citation and numbered:
        return citation, [f"reg:{numbered.lower()}"]
    if len(headings) > 1:
        heading = headings[-1]
        if not citation or ";" in citation:  # no citation, or one file holding several documents
            return heading, []
        return (citation if heading.lower() in citation.lower() else f"{citation}, {heading}"), []
    return _short(citation, meta), []


def paragraph_keys(section_keys: list[str], designators: list[str]) -> list[str]:
    """Keys of each designated paragraph and its parents: "cfr:510.512(e)", "cfr:510.512(e)(1)";
    "usc:9228(b)(3)" under the subsection's key "usc:9228(b)"."""
    usc = [k for k in section_keys if k.startswith("usc:")]
    sections = [k for k in section_keys if k.startswith("cfr:")] + usc[-1:]
    return list(
        dict.fromkeys(f"{k}{p}" for k in sections for d in designators for p in prefixes(d))
    )


def within(label: str, key: str) -> bool:
    """Whether a paragraph labelled `label` ("31 CFR § 510.512(e)(1)") is the paragraph a
    key names ("cfr:510.512(e)") or lies below it."""
    number = key.partition(":")[2]
    return label.endswith(number) or f"{number}(" in label


DEFINED = re.compile(r"^§\s*\d+\.\d+\s+(.+?)\.?$")


def term_keys(headings: list[str]) -> list[str]:
    """For a definition section ("§ 510.326 United States person; U.S. person." under
    "Definitions"): a key per defined term, so "U.S. person definition" finds it."""
    if not any("definition" in h.lower() for h in headings[:-1]):
        return []
    m = DEFINED.match(headings[-1]) if headings else None
    return [f"term:{term_slug(t)}" for t in m.group(1).split(";") if term_slug(t)] if m else []


def term_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _short(citation: str, meta: DocMeta) -> str:
    reg = re.search(r"Regulation \(EU\) \d{4}/\d+", citation or meta.title)
    if reg:
        return reg.group(0)
    return citation or meta.title or meta.doc_id


# --- questions -------------------------------------------------------------------------

Q_CFR = re.compile(r"(?<![\d.])(5\d\d\.\d{3})(?!\d)((?:\([a-zA-Z0-9]{1,5}\))*)")
Q_USC = re.compile(
    r"(?:U\.?\s?S\.?\s?C\.?|USC)\s*(?:§+|sec(?:tion|\.)?)?\s*(\d{4}[a-z]?)((?:\([a-zA-Z0-9]+\))*)",
    re.I,
)
Q_SECTION = re.compile(r"(?:§+|\bsection)\s*(\d{4}[a-z]?)((?:\([a-zA-Z0-9]+\))*)", re.I)
Q_FAQ = re.compile(r"\bFAQs?\s*(?:no\.?|numbers?|#)?\s*(\d{3,4})", re.I)
Q_RES = re.compile(
    r"\b(?:resolution|res\.?|UNSCR|S/RES/)\s*(\d{4})(?:[^.?]*?\b(?:paragraph|para\.?|OP)\s*(\d+))?",
    re.I,
)
# "paragraph 1 of UN Security Council resolution 2664", "operative paragraph 8 of resolution 1718",
# and typed bare, "para 46 of 2321": a four-digit number that is no year (19xx, 2000–2039)
Q_PARA_RES = re.compile(
    r"\b(?:operative\s+)?(?:paragraphs?|paras?\.?|OPs?)\s*"
    r"(\d+(?:\s*\(\w\))?(?:\s*(?:,|and|&|to|–|-)\s*\d+(?:\s*\(\w\))?)*)\s+of\s+(?:the\s+)?"
    r"(?:(?:UN\s+|United Nations\s+)?(?:Security Council\s+|UNSC\s+)?(?:resolution|res\.?|UNSCR|S/RES/)\s*"
    r"(?:No\.?\s*)?(\d{4})|(?!19\d\d\b|20[0-3]\d\b)(1[5-9]\d\d|2\d\d\d)\b)",
    re.I,
)
Q_OP = re.compile(r"\b(\d{4})\s*,?\s*(?:OP|op\.?|operative paragraph)\s*(\d+)")  # "2664 OP1"
# "reg. 81A", not "Regulation (EU) 2017/1509" or "Reg 2017/1509": a year and a number.
Q_REG = re.compile(r"\breg(?:ulation|\.)?\s*(\d+[A-Z]?)\b(?!/)", re.I)
Q_ART = re.compile(r"\bArt(?:icle|\.)\s*(\d+[a-z]*)", re.I)
# OFAC's numbered general licences ("General License No. 8A", "GL 25"); the DPRK's are
# regulations (§ 510.512), so a numbered one named is another text.
Q_GL = re.compile(r"\b(?:general licen[cs]e|GL)\s*(?:no\.?|numbers?|#)?\s*(\d{1,3}[A-Z]?)\b", re.I)


# A gloss on what precedes it ("OFAC's December 2022 licences (the UNSCR 2664 package)"): the
# provision it names says what the thing asked about implements, not what is asked about.
# So is a resolution named as what a text was made to take in ("When did the Committee update
# IAN No. 7 to include the resolution 2664 things?", "… updated to reflect resolution 2664"):
# the text asked about is the one updated.
_GLOSS = re.compile(
    r"\s\((?:the|i\.e\.|e\.g\.|aka|so-called)\s[^()]*\)"
    r"|\b(?:to|for)\s+(?:include|incorporate|reflect|pull in|bring in|take in|add)\s+(?:the\s+)?"
    r"(?:UNSCR|resolution|res\.|S/RES/)\s*\d+[^?;,]*",
    re.I,
)


def without_glosses(question: str) -> str:
    return _GLOSS.sub(" ", question)


# Provisions askers name by what they are rather than by number: "Under the NGO licence, how
# many years must we keep records?" asks of § 510.512, so a period another section sets (§
# 510.508's ten years for legal fees) is not its answer.
BY_NAME = ((re.compile(r"\bNGO (general )?licen[cs]e\b", re.I), "cfr:510.512"),)


def keys_by_name(question: str) -> list[str]:
    """Keys of the provisions a question names by their common name."""
    return [key for pattern, key in BY_NAME if pattern.search(question)]


def query_keys(question: str) -> list[str]:
    """Provision keys named in a question, most specific first."""
    keys: list[str] = []
    for m in Q_CFR.finditer(question):
        keys += [f"cfr:{m.group(1)}{p}" for p in reversed(prefixes(m.group(2)))] + [
            f"cfr:{m.group(1)}"
        ]
    for m in list(Q_USC.finditer(question)) + list(Q_SECTION.finditer(question)):
        # a subsection is a lower-case letter ("9228(B)" is typed for (b)); below it, (A) and (I)
        # are designators of their own
        path = re.sub(r"^\((\w+)\)", lambda s: s.group(0).lower(), m.group(2))
        keys += [f"usc:{m.group(1)}{p}" for p in reversed(prefixes(path))]
        keys.append(f"usc:{m.group(1)}")
    keys += [f"faq:{m.group(1)}" for m in Q_FAQ.finditer(question)]
    for m in Q_PARA_RES.finditer(question):
        res = m.group(2) or m.group(3)
        keys += [f"res:{res}:{n}" for n in re.findall(r"\d+", m.group(1))]
        keys.append(f"res:{res}")
    for m in Q_RES.finditer(question):
        if m.group(2):
            keys.append(f"res:{m.group(1)}:{m.group(2)}")
        keys.append(f"res:{m.group(1)}")
    for m in Q_OP.finditer(question):
        keys += [f"res:{m.group(1)}:{m.group(2)}", f"res:{m.group(1)}"]
    keys += [f"reg:{m.group(1).lower()}" for m in Q_REG.finditer(question)]
    keys += [f"art:{m.group(1).lower()}" for m in Q_ART.finditer(question)]
    keys += [f"gl:{m.group(1).lower()}" for m in Q_GL.finditer(question)]
    return list(dict.fromkeys(keys))
