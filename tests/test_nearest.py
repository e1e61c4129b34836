"""Exact nearest-neighbour search over a collection's vectors (fast tier: no model, no Chroma)."""

from __future__ import annotations

import pytest

from carveout.nearest import VectorTable


def table() -> VectorTable:
    return VectorTable(
        ["b", "a", "c", "d"],
        [[1.0, 0.0], [2.0, 0.0], [0.0, 1.0], [1.0, 1.0]],
        [
            {"jurisdiction": "US", "doc_type": "regulation"},
            {"jurisdiction": "UN", "doc_type": "resolution"},
            {"jurisdiction": "US", "doc_type": "statute"},
            {"jurisdiction": "UK", "doc_type": "regulation"},
        ],
    )


def test_neighbours_are_ranked_by_cosine_and_ties_by_id():
    found = table().nearest([3.0, 0.0], 4)
    # "a" and "b" point the same way (length does not count); the tie goes to the first id.
    assert [n.id for n in found] == ["a", "b", "d", "c"]
    assert found[0].similarity == pytest.approx(1.0)
    assert found[2].similarity == pytest.approx(2**-0.5)


def test_filters_admit_only_matching_rows():
    t = table()
    assert [n.id for n in t.nearest([1.0, 0.0], 4, {"jurisdiction": {"$in": ["US"]}})] == ["b", "c"]
    both = {
        "$and": [{"jurisdiction": {"$in": ["US", "UK"]}}, {"doc_type": {"$in": ["regulation"]}}]
    }
    assert [n.id for n in t.nearest([1.0, 0.0], 4, both)] == ["b", "d"]


def test_an_unsupported_filter_is_refused_not_ignored():
    with pytest.raises(ValueError, match="jurisdiction"):
        table().nearest([1.0, 0.0], 2, {"jurisdiction": {"$eq": "US"}})


def test_an_empty_table_finds_nothing():
    assert VectorTable([], [], []).nearest([1.0, 0.0], 3) == []
