"""Follow-up questions ("and what about medicine?") made searchable on their own.

With a language model, the condense prompt rewrites the question using the conversation.
Without one, a question that reads as a follow-up carries the previous question's key
terms into the search, after its own words so they lead.
"""

from __future__ import annotations

import re

from carveout.llm.prompts import condense_prompt

FOLLOW_UP = re.compile(
    r"^\s*(and|but|also|so|then|what about|how about|what if|same (for|with)|"
    r"in that case|if so|does (it|that|this)|is (it|that|this)|can (they|we|it)|"
    r"when|how often|how much|in what|which one)\b",
    re.I,
)
REFERS_BACK = re.compile(
    r"\b(it|its|that|this|those|these|they|them|their|there|such|same|one|ones)\b", re.I
)
STOP = set(
    """a an the and or but if of to in on at for from by with about as is are was were be been being
do does did can could may might must shall should will would what which who whom whose when where why how
we our us you your i me my it its that this those these they them their there such same also so then any
some all each every not no yes please tell say says said under""".split()
)


def key_terms(text: str) -> list[str]:
    words = re.findall(r"[\w§.()/-]+", text)
    return [
        w.strip(".") for w in words if w.lower().strip(".") not in STOP and len(w.strip(".")) > 1
    ]


def is_follow_up(question: str) -> bool:
    terms = key_terms(question)
    return bool(FOLLOW_UP.match(question)) or (
        bool(REFERS_BACK.search(question)) and len(terms) <= 6
    )


def carry_over(question: str, previous: str) -> str:
    """The question, then the previous question's key terms it does not already have."""
    own = {t.lower() for t in key_terms(question)}
    extra = list(dict.fromkeys(t for t in key_terms(previous) if t.lower() not in own))
    return f"{question} ({' '.join(extra)})" if extra else question


def standalone(question: str, history: list[str], model=None, prompts_dir=None) -> str:
    """The query to search for. `history` holds the earlier questions as searched, oldest
    first. Only a question that reads as a follow-up is rewritten."""
    if not history or not is_follow_up(question):
        return question
    if model is not None:
        messages = condense_prompt(prompts_dir).format_messages(
            history="\n".join(f"- {q}" for q in history[-3:]), question=question
        )
        try:
            rewritten = str(model.invoke(messages).content).strip().splitlines()[0].strip()
        except Exception:  # a dead backend must not stop the search: fall back below
            rewritten = ""
        if rewritten and len(rewritten) < 600:
            return rewritten
    return carry_over(question, history[-1])
