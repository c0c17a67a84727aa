"""The HTML view as a file: self-contained, UTF-8, escaped; and the data it draws."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import KGError, NotFoundError
from kg.graph import KnowledgeGraph, city_node
from kg.io import record_to_relation
from kg.viz import FORCE_LIMIT, INACTIVE_COLOUR, TYPE_COLOURS, filter_graph, view_data, write_html

GOYANG = city_node("gn:1842485").value
YIWU = city_node("gn:1814870").value
KUNMING = city_node("gn:1804651").value
MARKUP = (
    'Mayors met. <b>x</b><script>window.kgPwned = 1</script><img src=x onerror="window.kgPwned=2">'
)


def markup_relation(
    evidence: str = MARKUP, source: str = "javascript:alert(1)"
) -> dict[str, object]:
    """A relation record whose text tries to become markup (Goyang–Yiwu, a visit)."""
    return {
        "type": "visit",
        "status": "active",
        "cities": [
            {"name": "Goyang", "country": "KR", "geonames": 1842485},
            {"name": "Yiwu", "country": "CN", "geonames": 1814870},
        ],
        "date": "2024-11-02",
        "evidence": {"text": evidence, "start": 0, "end": len(evidence)},
        "source": source,
        "confidence": 0.5,
    }


def embedded_data(html: str) -> dict[str, object]:
    m = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S)
    assert m
    return json.loads(m.group(1))


def test_seed_view_is_one_utf8_file_without_any_http_reference(
    seed_kg: KnowledgeGraph, tmp_path: Path
) -> None:
    out = seed_kg.draw(tmp_path / "seed.html")
    raw = out.read_bytes()
    html = raw.decode("utf-8")  # written as UTF-8 whatever the locale
    assert "고양시".encode() in raw and "진주시".encode() in raw
    assert '<meta charset="utf-8">' in html
    # not even in vis-network's licence comments or the city IRIs (written https:\/\/...)
    assert not re.search(r"https?://", html, re.I), "the page names a web address"
    markup = re.sub(r"<script>.*?</script>", "<script></script>", html, flags=re.S)
    assert not re.search(
        r"<(script|img|iframe)[^>]*\ssrc=|<link\b|@import|url\(\s*['\"]?(?!data:)", markup, re.I
    )
    assert "cdn" not in markup.lower()
    data = embedded_data(html)
    assert len(data["nodes"]) == 4 and len(data["edges"]) == 10  # type: ignore[arg-type]


def test_text_in_the_data_never_becomes_markup(tmp_path: Path) -> None:
    with KnowledgeGraph() as kg:
        kg.add_relations([record_to_relation(markup_relation(evidence="a </script><b>x</b> b"))])
        html = kg.draw(tmp_path / "x.html").read_text(encoding="utf-8")
    assert "</script><b>" not in html and "<b>x</b>" not in html
    edge = embedded_data(html)["edges"][0]  # type: ignore[index]
    assert edge["evidence"] == "a </script><b>x</b> b"  # the same text once parsed


def test_edges_are_coloured_by_type_dashed_when_planned_grey_when_ended() -> None:
    g = nx.MultiGraph()
    g.add_edge("a", "b", type="meeting", status="active", sources=3)
    g.add_edge("a", "b", type="cooperation", status="planned")
    g.add_edge("a", "c", type="sister_city", status="ended")
    g.add_edge("b", "c", type="friendship", status="suspended")
    edges = view_data(g)["edges"]
    meeting, planned, ended, suspended = edges
    assert meeting["color"]["color"] == TYPE_COLOURS["meeting"] and meeting["dashes"] is False
    assert meeting["sources"] == 3 and meeting["width"] > planned["width"]
    assert planned["color"]["color"] == TYPE_COLOURS["cooperation"] and planned["dashes"] is True
    assert ended["color"]["color"] == INACTIVE_COLOUR and ended["dashes"]
    assert suspended["color"]["color"] == INACTIVE_COLOUR
    # two relations between a and b: the second one is bent so both stay visible
    assert "smooth" not in meeting and planned["smooth"]["enabled"] is True


def test_nodes_sized_by_partners_coloured_by_country(seed_kg: KnowledgeGraph) -> None:
    data = view_data(seed_kg.networkx(), labels="en")
    nodes = {n["en"]: n for n in data["nodes"]}
    assert nodes["Goyang"]["value"] == 3 and nodes["Jinju"]["value"] == 1
    assert nodes["Goyang"]["label"] == "Goyang" and nodes["Goyang"]["ko"] == "고양시"
    assert nodes["Goyang"]["color"] == nodes["Jinju"]["color"] != nodes["Yiwu"]["color"]
    assert [c["code"] for c in data["countries"]] == ["CN", "KR"]
    assert data["physics"] is True and "x" not in nodes["Goyang"]


def test_geo_layout_puts_cities_where_they_are(seed_kg: KnowledgeGraph) -> None:
    data = view_data(seed_kg.networkx(), layout="geo")
    nodes = {n["en"]: n for n in data["nodes"]}
    assert data["physics"] is False
    assert nodes["Goyang"]["x"] > nodes["Yiwu"]["x"] > nodes["Kunming"]["x"]  # east is right
    assert nodes["Goyang"]["y"] < nodes["Jinju"]["y"] < nodes["Kunming"]["y"]  # north is up


def test_big_graphs_get_positions_and_no_physics() -> None:
    n = FORCE_LIMIT + 50
    g = nx.MultiGraph()
    for i in range(n):
        g.add_node(i, name_en=f"c{i}", country="KR" if i % 2 else "JP")
    for i in range(n):
        g.add_edge(i, (i * 7 + 1) % n, type="meeting", status="active")
    data = view_data(g)
    assert data["physics"] is False
    assert all("x" in node and "y" in node for node in data["nodes"])


def test_filter_graph_by_city_type_status_and_dates(seed_kg: KnowledgeGraph) -> None:
    g = seed_kg.networkx()
    meetings = filter_graph(g, types=["meeting"])
    assert {d["type"] for _, _, d in meetings.edges(data=True)} == {"meeting"}
    assert meetings.number_of_edges() == 2 and KUNMING not in meetings
    assert filter_graph(g, statuses=["planned"]).number_of_edges() == 3
    assert filter_graph(g, since="2024-10-23", until="2024-10").number_of_edges() == 2
    assert filter_graph(g, since="2025").number_of_edges() == 0
    kunming = filter_graph(g, city="쿤밍")
    assert set(kunming.nodes) == {KUNMING, GOYANG, YIWU} and kunming.number_of_edges() == 4
    with pytest.raises(KGError, match="2024-13"):
        filter_graph(g, since="2024-13")
    with pytest.raises(NotFoundError):
        filter_graph(g, city="Atlantis")


def test_kg_viz_writes_the_filtered_view(
    runner: CliRunner, store_path: Path, tmp_path: Path
) -> None:
    assert runner.invoke(cli, ["demo", "-o", str(tmp_path / "demo.html")]).exit_code == 0
    out = tmp_path / "meetings.html"
    result = runner.invoke(
        cli,
        [
            "viz",
            "-o",
            str(out),
            "--city",
            "고양",
            "--type",
            "meeting",
            "--layout",
            "geo",
            "--labels",
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    data = embedded_data(out.read_text(encoding="utf-8"))
    assert {e["type"] for e in data["edges"]} == {"meeting"}  # type: ignore[union-attr]
    assert data["labels"] == "en" and data["layout"] == "geo"
    bad = runner.invoke(cli, ["viz", "-o", str(out), "--since", "yesterday"])
    assert bad.exit_code == 1 and "yesterday" in bad.output


def test_pyvis_is_not_used_to_build_the_page(seed_kg: KnowledgeGraph, tmp_path: Path) -> None:
    # pyvis's from_nx deletes 'weight' from the graph it is given; ours leaves it alone.
    g = seed_kg.networkx()
    for _, _, d in g.edges(data=True):
        d["weight"] = 2
    write_html(g, tmp_path / "w.html")
    assert all(d["weight"] == 2 for _, _, d in g.edges(data=True))


def test_big_views_draw_the_best_connected_cities_and_say_so(tmp_path: Path) -> None:
    g = nx.MultiGraph()
    for i in range(60):
        g.add_edge("hub", f"c{i}", type="meeting", status="active")
    g.add_edge("x", "y", type="aid", status="active")
    data = view_data(g, max_relations=10)
    assert len(data["edges"]) == 10 and data["total"] == {"cities": 63, "relations": 61}
    assert "hub" in {n["iri"] for n in data["nodes"]}
    assert len(view_data(g, max_relations=0)["edges"]) == 61
    html = write_html(g, tmp_path / "big.html", max_relations=10).read_text(encoding="utf-8")
    assert 'id="kg-partial"' in html and embedded_data(html)["total"] == {
        "cities": 63,
        "relations": 61,
    }
