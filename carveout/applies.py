"""The "What applies" block that leads an answer: the governing provisions, grouped by
jurisdiction, each with its role, citation, official heading and [n].

Every word in it is a citation label, an official heading, a role word read from the
quoted sentence's operative verb (carveout/roles.py), or one of the fixed words below. It
states no legal content of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from carveout.models import Quote
from carveout.roles import Role, line_role

JURISDICTIONS = ("UN", "US", "EU", "UK")  # the order of the groups; others are not law
LEGAL_TYPES = ("regulation", "statute", "resolution", "faq", "guidance")  # not letters or news
HEADER = "What applies:"
MAX_ENTRIES = 4  # a block longer than this stops being a summary
HISTORICAL = "(historical)"
# Every word the block may hold besides labels, headings and [n] markers.
TEMPLATE_WORDS = {
    *HEADER.split(),
    HISTORICAL,
    "—",
    ";",
    "-",
    *JURISDICTIONS,
    *(f"{r}:" for r in Role),
}


@dataclass(frozen=True)
class Applicable:
    """One governing provision as the block lists it."""

    jurisdiction: str
    role: Role
    label: str  # the quoted paragraph's citation, "31 CFR § 510.511(a)(2)"
    heading: str  # the provision's official heading, "Noncommercial, personal remittances"; or ""
    n: int  # the [n] of its citation
    historical: bool = False


def applicable(lines: list[tuple[int, list[Quote]]]) -> list[Applicable]:
    """The provisions of the lead quotes that state a rule, once per label and role. Each
    line is ([n], its spans): a list item's role is its lead-in's ("This section does not
    authorize the following:" makes every item an exclusion)."""
    out: dict[tuple[str, Role], Applicable] = {}
    for n, spans in lines:
        item = spans[-1]
        doc = item.chunk.doc
        role = line_role([q.text for q in spans])
        if role is None or doc.jurisdiction not in JURISDICTIONS or doc.doc_type not in LEGAL_TYPES:
            continue
        label = item.chunk.label_at(item.start)
        out.setdefault(
            (label, role),
            Applicable(
                doc.jurisdiction,
                role,
                label,
                item.chunk.heading_at(item.start),
                n,
                item.chunk.historical,
            ),
        )
    first = sorted(out.values(), key=lambda a: (a.n, a.historical))[
        :MAX_ENTRIES
    ]  # the leading ones
    return sorted(first, key=lambda a: (JURISDICTIONS.index(a.jurisdiction), a.historical, a.n))


def block(items: list[Applicable], asked: frozenset[str] = frozenset()) -> list[str]:
    """The block's lines: one per jurisdiction, the ones the question asks about (`asked`)
    first, roles in the order the provisions come; a provision's heading is given once, where
    it first appears, and not after a label that already ends in it (a web page's section:
    "… web page, II. Who can submit …?")."""
    if not items:
        return []
    lines, shown = [HEADER], set()
    for jurisdiction in sorted(JURISDICTIONS, key=lambda j: j not in asked):
        entries = []
        for a in (a for a in items if a.jurisdiction == jurisdiction):
            new = a.heading and a.heading not in shown and not a.label.endswith(a.heading)
            heading = f" {a.heading}" if new else ""
            shown.add(a.heading)
            historical = f" {HISTORICAL}" if a.historical else ""
            entries.append(f"{a.role}: {a.label}{heading}{historical} [{a.n}]")
        if entries:
            lines.append(f"- {jurisdiction} — " + "; ".join(entries))
    return lines
