"""The legal texts ship unaltered: corpus/ and the dev QA set are byte-for-byte copies of the
shared originals. A user's clone has no shared folder beside it; there the check skips."""

from __future__ import annotations

import pytest

from carveout.config import ROOT

SHARED = ROOT.parent / "shared"
pytestmark = pytest.mark.skipif(
    not (SHARED / "corpus").is_dir(),
    reason="no shared folder beside the project: nothing to compare against",
)


def test_every_shared_document_is_in_the_corpus_byte_for_byte():
    originals = sorted((SHARED / "corpus").glob("*.md"))
    assert originals
    for original in originals:
        shipped = ROOT / "corpus" / original.name
        assert shipped.exists(), f"{original.name} is missing from corpus/"
        assert shipped.read_bytes() == original.read_bytes(), (
            f"corpus/{original.name} differs from the original"
        )


def test_the_dev_qa_set_and_its_format_are_the_shared_ones():
    for name in ("qa-dev.jsonl", "README.md"):
        assert (ROOT / "evals" / name).read_bytes() == (SHARED / "evals" / name).read_bytes(), name
