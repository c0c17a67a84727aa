"""Use kg from Python: open a store, ingest the sample, query it, draw it.

Run: python examples/use_library.py [OUTPUT.html]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from kg import KnowledgeGraph
from kg.graph import sample_path

QUERIES = Path(__file__).parent / "queries"


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp, KnowledgeGraph(Path(tmp) / "store") as kg:
        report = kg.ingest([sample_path()])
        print(f"ingested {report.relations} relations; the graph has {len(kg)} triples")

        partners = kg.query((QUERIES / "partners.rq").read_text(encoding="utf-8"))
        for row in partners.values():
            print(f"  Goyang - {row['partner_name']}: {row['types']} ({row['statuses']})")

        # rdflib view of the same store, no copy: any rdflib tool works on it.
        ds = kg.rdflib
        print(f"rdflib sees {len(list(ds.graphs()))} graphs")

        # networkx projection for analysis.
        g = kg.networkx()
        print(f"network: {g.number_of_nodes()} cities, {g.number_of_edges()} edges")

        print(f"wrote {kg.draw(out)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("kg-example.html"))
