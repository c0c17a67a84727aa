"""The view counts each relation once, as kg stats does (issue 12), in headless Chromium.

It uses the session's one browser (tests/browser/conftest.py): a second Playwright in the
same thread is refused while that one runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.graph import KnowledgeGraph, sample_path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "seed" / "goyang-yiwu-2024-10-24.txt"


def test_the_page_counts_each_relation_once(tmp_path: Path, tab: Any) -> None:
    # The view's count and its legend agree with kg stats, though the seed's three-city
    # relation is three edges.
    with KnowledgeGraph() as kg:
        kg.ingest([sample_path(), SEED])
        stats = kg.stats()
        html = kg.draw(tmp_path / "view.html")
    tab.open(html)
    tab.page.wait_for_selector("#kg-count:not(:empty)")
    count = tab.page.eval_on_selector("#kg-count", "e => e.textContent")
    legend = tab.page.eval_on_selector_all(
        "input[name=kg-type]", "els => els.map(e => [e.value, e.parentElement.textContent])"
    )
    n = stats["relations"]
    assert count.startswith(f"{n} of {n} relations")
    for code, text in legend:
        assert text.strip().endswith(f"({stats['by_type'][code]})"), (code, text)
    assert not tab.blocked and not tab.errors
