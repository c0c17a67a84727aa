"""The HTML view as a file: self-contained, UTF-8, escaped; and the data it draws."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import KGError, NotFoundError
from kg.graph import KnowledgeGraph, city_node
from kg.io import record_to_relation
from kg.viz import (
    INACTIVE_COLOUR,
    TYPE_COLOURS,
    core,
    country_colour,
    draw,
    filter_graph,
    render,
    view_data,
    view_graph,
    write_html,
)

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
        r"<(script|img|iframe)[^>]*\ssrc=|<link\b(?![^>]*href=\"data:)|@import|url\(\s*['\"]?(?!data:)",
        markup,
        re.I,
    )
    assert "cdn" not in markup.lower()
    data = embedded_data(html)
    assert len(data["nodes"]) == 4 and len(data["rels"]) == 10  # type: ignore[arg-type]
    assert len(data["pairs"]) == 4  # type: ignore[arg-type]


def test_text_in_the_data_never_becomes_markup(tmp_path: Path) -> None:
    with KnowledgeGraph() as kg:
        kg.add_relations([record_to_relation(markup_relation(evidence="a </script><b>x</b> b"))])
        html = kg.draw(tmp_path / "x.html").read_text(encoding="utf-8")
    assert "</script><b>" not in html and "<b>x</b>" not in html
    edge = embedded_data(html)["rels"][0]  # type: ignore[index]
    assert edge["evidence"] == "a </script><b>x</b> b"  # the same text once parsed


def test_one_edge_per_pair_in_the_colour_of_its_strongest_tie() -> None:
    g = nx.MultiGraph()
    g.add_edge("a", "b", type="meeting", status="active", sources=3, date="2023-05-01")
    g.add_edge("a", "b", type="sister_city", status="planned")
    g.add_edge("a", "b", type="cooperation", status="active")
    g.add_edge("a", "c", type="sister_city", status="ended")
    g.add_edge("a", "c", type="visit", status="active")
    data = view_data(g)
    pairs = {frozenset((p["a"], p["b"])): p for p in data["pairs"]}
    ids = {n["iri"]: n["id"] for n in data["nodes"]}
    ab, ac = pairs[frozenset((ids["a"], ids["b"]))], pairs[frozenset((ids["a"], ids["c"]))]
    assert len(ab["rels"]) == 3 and len(ac["rels"]) == 2 and len(data["pairs"]) == 2
    # a planned sister city is a stronger tie than an active meeting; an ended one is not
    assert (ab["type"], ab["status"]) == ("sister_city", "planned")
    assert (ac["type"], ac["status"]) == ("visit", "active")
    meeting = next(r for r in data["rels"] if r["type"] == "meeting")
    assert meeting["sources"] == 3 and meeting["year"] == 2023 and meeting["pair"] == ab["id"]
    assert [t["code"] for t in data["types"]][:2] == ["sister_city", "cooperation"]


def test_country_colours_are_stable_and_apart_from_the_type_palette() -> None:
    kr_first = nx.MultiGraph([("a", "b", {"type": "visit"}), ("a", "c", {"type": "visit"})])
    nx.set_node_attributes(kr_first, {"a": "KR", "b": "CN", "c": "KR"}, "country")
    cn_first = nx.MultiGraph([("x", "y", {"type": "visit"}), ("x", "z", {"type": "visit"})])
    nx.set_node_attributes(cn_first, {"x": "CN", "y": "CN", "z": "KR"}, "country")
    one = {c["code"]: c["colour"] for c in view_data(kr_first)["countries"]}
    two = {c["code"]: c["colour"] for c in view_data(cn_first)["countries"]}
    assert one == two and one["KR"] != one["CN"]
    assert country_colour("ZZ") == country_colour("ZZ")
    # countries are light fills, types saturated strokes: never mistaken for each other
    fills = [country_colour(c) for c in ("KR", "CN", "JP", "US", "VN", "ZZ", "QQ", "")]
    assert min(_lightness(c) for c in fills) > 0.75
    assert max(_lightness(c) for c in [*TYPE_COLOURS.values(), INACTIVE_COLOUR]) < 0.7
    assert len(set(TYPE_COLOURS.values())) == len(TYPE_COLOURS)


def _lightness(colour: str) -> float:
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return (max(rgb) + min(rgb)) / 2


def _star_forest() -> nx.MultiGraph:
    """Five stars of different sizes and two lone pairs: seven components."""
    g = nx.MultiGraph()
    for s, size in enumerate((40, 20, 8, 3, 2)):
        g.add_node(f"hub{s}", country="KR", lat=37.0 + s * 0.3, lon=127.0 + s * 0.3)
        for i in range(size):
            g.add_edge(f"hub{s}", f"leaf{s}-{i}", type="sister_city", status="active")
    g.add_edge("p", "q", type="visit", status="active")
    g.add_edge("r", "s", type="visit", status="active")
    g.add_edge("hub0", "hub1", type="meeting", status="active")  # six components now
    return g


def test_components_are_packed_around_the_largest_not_gridded() -> None:
    g = _star_forest()
    data = view_data(g)
    pos = {n["iri"]: (n["x"], n["y"]) for n in data["nodes"]}
    comps = [sorted(c) for c in nx.connected_components(nx.Graph(g))]
    assert len(comps) == 6
    discs = []
    for comp in comps:
        cx = sum(pos[v][0] for v in comp) / len(comp)
        cy = sum(pos[v][1] for v in comp) / len(comp)
        r = max(math.dist((cx, cy), pos[v]) for v in comp)
        discs.append((len(comp), cx, cy, r))
    discs.sort(reverse=True)
    for i, (_, ax, ay, ar) in enumerate(discs):  # no two components overlap
        for _, bx, by, br in discs[i + 1 :]:
            assert math.dist((ax, ay), (bx, by)) > ar + br
    # the largest sits in the middle of the others, and the others stay close around it
    everything = [p for p in pos.values()]
    mx = sum(p[0] for p in everything) / len(everything)
    my = sum(p[1] for p in everything) / len(everything)
    big = discs[0]
    assert math.dist((big[1], big[2]), (mx, my)) < big[3]
    span = max(math.dist((big[1], big[2]), p) for p in everything)
    assert span < 5 * big[3]
    # and they fill the disc they make: a grid of equal cells would leave it mostly empty
    assert sum(r * r for *_, r in discs) / span**2 > 0.25
    # a one-partner city sits by its hub: nearer to it than to any other hub
    for s in range(5):
        leaf, hub = pos[f"leaf{s}-0"], pos[f"hub{s}"]
        others = [pos[f"hub{t}"] for t in range(5) if t != s]
        assert math.dist(leaf, hub) < min(math.dist(leaf, o) for o in others)


def test_a_city_is_drawn_clear_of_its_partners_discs(seed_kg: KnowledgeGraph) -> None:
    """Each city's disc (its radius comes with the data, the page draws it so) keeps clear
    of every other: on the seed, Jinju, Goyang's one-partner petal, sat on Goyang's disc,
    the busiest city's."""
    nodes = view_data(seed_kg.networkx())["nodes"]
    radius = {n["en"]: n["r"] for n in nodes}
    assert radius["Goyang"] == 48.0 and 8.0 <= radius["Jinju"] < radius["Goyang"]
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            assert math.dist((a["x"], a["y"]), (b["x"], b["y"])) > a["r"] + b["r"], (
                a["en"],
                b["en"],
            )
    # and in a star of a hub and many petals of all sizes
    g = nx.MultiGraph()
    for i in range(12):
        for _ in range(1 + i * 3):
            g.add_edge("hub", f"leaf{i}", type="meeting", status="active")
    nodes = view_data(g)["nodes"]
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            assert math.dist((a["x"], a["y"]), (b["x"], b["y"])) > a["r"] + b["r"]


def test_layout_is_the_same_every_time() -> None:
    g = _star_forest()
    first = [(n["x"], n["y"], n["mx"], n["my"]) for n in view_data(g)["nodes"]]
    assert first == [(n["x"], n["y"], n["mx"], n["my"]) for n in view_data(g)["nodes"]]


def test_map_puts_cities_where_they_are_and_keeps_korean_cities_apart(
    seed_kg: KnowledgeGraph,
) -> None:
    data = view_data(seed_kg.networkx(), layout="geo")
    nodes = {n["en"]: n for n in data["nodes"]}
    assert data["layout"] == "map"
    assert nodes["Goyang"]["mx"] > nodes["Yiwu"]["mx"] > nodes["Kunming"]["mx"]  # east: right
    assert nodes["Goyang"]["my"] < nodes["Jinju"]["my"]  # north: up
    assert nodes["Yiwu"]["my"] > nodes["Goyang"]["my"]  # Yiwu lies south-west of Goyang
    goyang, jinju = nodes["Goyang"], nodes["Jinju"]
    kunming = nodes["Kunming"]
    korea = math.dist((goyang["mx"], goyang["my"]), (jinju["mx"], jinju["my"]))
    china = math.dist((goyang["mx"], goyang["my"]), (kunming["mx"], kunming["my"]))
    # ~300 km against ~2,500 km: on a plain map 1 to 8; here Korea is drawn larger
    assert korea > 400 and korea / china > 0.3


def test_the_page_carries_the_vendored_basemap_and_its_projection(
    seed_kg: KnowledgeGraph,
) -> None:
    from importlib import resources

    page = render(seed_kg.networkx())
    m = re.search(r'<script id="kg-atlas" type="application/json">(.*?)</script>', page, re.S)
    assert m
    vendored = resources.files("kg") / "view" / "vendor" / "countries-50m.json"
    assert json.loads(m.group(1)) == json.loads(vendored.read_text("utf-8"))
    projection = embedded_data(page)["projection"]
    # centred on Korea, the country with most relations in the seed
    assert 34 < projection["lat"] < 38.5 and 126 < projection["lon"] < 129.5  # type: ignore[index]


def test_cities_without_coordinates_go_under_the_map_not_to_a_made_up_place() -> None:
    g = nx.MultiGraph()
    g.add_node("a", country="KR", lat=37.6, lon=126.8)
    g.add_node("b", country="KR")
    g.add_edge("a", "b", type="visit", status="active")
    nodes = {n["iri"]: n for n in view_data(g)["nodes"]}
    assert nodes["a"]["geo"] and not nodes["b"]["geo"]
    assert nodes["b"]["my"] > 3000 > nodes["a"]["my"]


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
    assert {e["type"] for e in data["rels"]} == {"meeting"}  # type: ignore[union-attr]
    assert data["labels"] == "en" and data["layout"] == "map"
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
    assert len(data["rels"]) == 10 and data["total"] == {"cities": 63, "relations": 61}
    assert "hub" in {n["iri"] for n in data["nodes"]}
    assert len(view_data(g, max_relations=0)["rels"]) == 61
    html = write_html(g, tmp_path / "big.html", max_relations=10).read_text(encoding="utf-8")
    assert 'id="kg-partial"' in html and embedded_data(html)["total"] == {
        "cities": 63,
        "relations": 61,
    }


def test_render_is_the_page_draw_writes(seed_kg: KnowledgeGraph, tmp_path: Path) -> None:
    g = seed_kg.networkx()
    page = render(g, labels="en", layout="geo")
    assert draw(g, tmp_path / "v.html", labels="en", layout="geo").read_text("utf-8") == page
    assert embedded_data(page)["layout"] == "map"


def test_the_page_is_built_from_the_package_files(seed_kg: KnowledgeGraph) -> None:
    from importlib import resources

    view = resources.files("kg") / "view"
    page = render(seed_kg.networkx())
    script = (view / "view.js").read_text("utf-8").replace("://", ":\\/\\/")
    assert script in page and (view / "view.css").read_text("utf-8") in page
    assert (view / "vendor" / "LICENSE-world-atlas").is_file()
    assert not re.search(r"%%[A-Z]+%%", page)


def _edges(graph: nx.MultiGraph) -> set[tuple[object, ...]]:
    return {
        (*sorted((str(a), str(b))), k, frozenset((n, str(v)) for n, v in d.items()))
        for a, b, k, d in graph.edges(keys=True, data=True)
    }


def test_the_view_of_a_store_reads_its_core_first_then_only_those_details() -> None:
    # view_graph chooses the relations to draw from their type, status, date and parties,
    # then reads the rest for those only: the graph is the one the whole network, filtered
    # and cut to its core, gives (with every attribute), and it knows what it left out.
    from bench.corpus import CorpusGenerator

    with KnowledgeGraph() as kg:
        kg.add(list(CorpusGenerator(seed=5).articles(300)))
        whole = kg.networkx()
        cases = [
            ({}, 0),
            ({}, 120),
            ({"types": ["meeting", "visit"]}, 40),
            ({"since": "2019", "statuses": ["active"]}, 60),
        ]
        for filters, limit in cases:
            part = view_graph(kg, max_relations=limit, **filters)  # type: ignore[arg-type]
            passed = filter_graph(whole, **filters)  # type: ignore[arg-type]
            expected = core(passed, limit)
            assert _edges(part) == _edges(expected), (filters, limit)
            assert set(part.nodes) == set(expected.nodes)
            assert all(part.nodes[n] == whole.nodes[n] for n in part.nodes)
            assert part.graph["total"]["cities"] == passed.number_of_nodes()
            if limit:
                assert part.number_of_edges() < passed.number_of_edges()
