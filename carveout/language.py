"""Which language a question is in, told by its script: the corpus and its search are
English, so a question in Korean (or Chinese, Japanese, Russian, Arabic) is searched only
after a language model has put it into English. A question in Latin script is taken as
English."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    # One fixed line in the reader's language, shown above an answer written in English.
    note: str


SCRIPTS = (
    (
        re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]"),
        Language("ko", "Korean", "이 답변은 영어로 작성되었으며, 인용문은 영어 원문 그대로입니다."),
    ),
    (
        re.compile(r"[\u3040-\u30ff]"),
        Language("ja", "Japanese", "この回答は英語で書かれており、引用は英語の原文のままです。"),
    ),
    (
        re.compile(r"[\u4e00-\u9fff]"),
        Language("zh", "Chinese", "本回答以英文撰写，引文为英文原文。"),
    ),
    (
        re.compile(r"[\u0400-\u04ff]"),
        Language(
            "ru",
            "Russian",
            "Ответ написан на английском языке; цитаты приведены в английском оригинале.",
        ),
    ),
    (
        re.compile(r"[\u0600-\u06ff]"),
        Language(
            "ar",
            "Arabic",
            "كُتبت هذه الإجابة باللغة الإنجليزية، والاقتباسات بنصها الإنجليزي الأصلي.",
        ),
    ),
)
ENGLISH = Language("en", "English", "")
MIN_SHARE = 0.3  # of the letters: a Korean question quoting "31 CFR 510.512" is still Korean


def language_of(text: str) -> Language:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return ENGLISH
    for pattern, language in SCRIPTS:
        if sum(bool(pattern.match(ch)) for ch in letters) / len(letters) >= MIN_SHARE:
            return language
    return ENGLISH
