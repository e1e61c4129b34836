"""Saving a user's upload into the corpus folder without letting its name choose where."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ingest.readers import SUFFIXES, UnreadableFile

UPLOAD_DIR = "uploads"  # user documents live apart from the shipped ones


def safe_name(name: str) -> str:
    """The last path component of `name`, without control characters, separators or a
    leading dot, so "../../etc/passwd" or "a\\x00b.md" cannot name a place outside."""
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = re.sub(r"[^\w.\- ]", "_", base).strip(" .")
    return base[:120]


def save_upload(corpus_dir: Path, name: str, data: bytes, max_mb: float) -> Path:
    clean = safe_name(name)
    suffix = Path(clean).suffix.lower()
    if not clean or suffix not in SUFFIXES:
        raise UnreadableFile(
            f"'{clean or name!r}' is not an accepted file type ({', '.join(sorted(SUFFIXES))})"
        )
    if len(data) > max_mb * 1024 * 1024:
        raise UnreadableFile(
            f"'{clean}' is {len(data) / 1024 / 1024:.1f} MB, over the {max_mb:g} MB limit"
        )
    if not data:
        raise UnreadableFile(f"'{clean}' is empty")
    folder = (corpus_dir / UPLOAD_DIR).resolve()
    target = (folder / clean).resolve()
    if target.parent != folder:  # belt and braces: safe_name already removed separators
        raise UnreadableFile(f"'{name}' would be written outside the corpus folder")
    folder.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.part")  # hidden from the ingest until complete
    tmp.write_bytes(data)
    tmp.replace(target)
    return target
