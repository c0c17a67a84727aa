"""The seed's HTML view in a real headless Chromium, offline: drawing, filters, tooltips."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.graph import KnowledgeGraph, sample_path
from kg.io import record_to_relation

Tab = Any  # the fixture of conftest.py: page, requests, blocked, errors

MEETING_EVIDENCE = (
    "이동환 고양시장은 지난 23일 중국 정저우에서 중국 이우시 부시장 가오진과 간담회를 가지고 "
    "양 도시 간 우호적 관계를 굳건히 했다."
)
MARKUP = '<b>x</b><script>window.kgPwned = 1</script><img src=x onerror="window.kgPwned = 2">'


@pytest.fixture(scope="module")
def demo_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page `kg demo` writes, from the bundled sample."""
    tmp = tmp_path_factory.mktemp("demo")
    out = tmp / "kg-demo.html"
    result = CliRunner().invoke(cli, ["--store", str(tmp / "store"), "demo", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def edge_point(tab: Tab, edge_id: int) -> tuple[float, float]:
    """Page coordinates of the middle of an edge as drawn (curved edges included)."""
    x, y = tab.js(
        """id => {
            const net = kgView.network;
            const p = net.body.edges[id].edgeType.getPoint(0.5);
            const d = net.canvasToDOM(p);
            const r = document.getElementById("kg-network").getBoundingClientRect();
            return [r.left + d.x, r.top + d.y];
        }""",
        edge_id,
    )
    return x, y


def find_edge(tab: Tab, a: str, b: str, type_: str) -> int:
    return tab.js(
        """([a, b, t]) => {
            const names = {};
            kgView.nodes.get().forEach(n => { names[n.id] = n.en; });
            const hit = kgView.edges.get().filter(e => e.type === t &&
                [names[e.from], names[e.to]].sort().join("|") === [a, b].sort().join("|"));
            return hit.length === 1 ? hit[0].id : -1;
        }""",
        [a, b, type_],
    )


def hover_tip(tab: Tab, edge_id: int) -> str:
    tab.page.mouse.move(5, 5)
    x, y = edge_point(tab, edge_id)
    tab.page.mouse.move(x - 3, y, steps=2)
    tab.page.mouse.move(x, y, steps=2)
    tab.page.wait_for_selector("#kg-tip:not([hidden])", timeout=5000)
    return tab.page.inner_text("#kg-tip")


def test_seed_page_draws_four_cities_offline_without_errors(tab: Tab, demo_html: Path) -> None:
    tab.open(demo_html)
    assert tab.blocked == []
    assert [u for u in tab.requests if not u.startswith("file://")] == []
    assert tab.requests == [demo_html.resolve().as_uri()]
    drawn = tab.js(
        """() => ({
            nodes: kgView.network.body.nodeIndices.map(id => kgView.nodes.get(id).en).sort(),
            labels: kgView.network.body.nodeIndices
                .map(id => kgView.network.body.nodes[id].options.label).sort(),
            edges: kgView.network.body.edgeIndices.length,
            count: document.getElementById("kg-count").textContent,
            physics: kgView.network.physics.physicsEnabled,
        })"""
    )
    assert drawn["nodes"] == ["Goyang", "Jinju", "Kunming", "Yiwu"]
    assert drawn["labels"] == ["고양시", "이우시", "진주시", "쿤밍시"]
    assert drawn["edges"] == 10
    assert drawn["count"] == "10 of 10 relations, 4 of 4 cities"
    assert drawn["physics"] is False  # stopped once stable
    # something is painted on the canvas
    painted = tab.js(
        """() => {
            const c = document.querySelector("#kg-network canvas");
            const px = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 3; i < px.length; i += 16) { if (px[i] > 0) { n++; } }
            return n;
        }"""
    )
    assert painted > 500
    assert tab.errors == []


def test_a_filter_click_hides_the_meeting_edges(tab: Tab, demo_html: Path) -> None:
    tab.open(demo_html)
    drawn_types = """() => kgView.network.body.edgeIndices
        .filter(id => !kgView.network.body.edges[id].options.hidden)
        .map(id => kgView.edges.get(id).type).sort()"""
    assert tab.js(drawn_types).count("meeting") == 2
    tab.page.click("input[name=kg-type][value=meeting]")
    types = tab.js(drawn_types)
    assert "meeting" not in types and len(types) == 8
    assert tab.page.inner_text("#kg-count") == "8 of 10 relations, 4 of 4 cities"
    tab.page.click("input[name=kg-status][value=planned]")
    assert tab.page.inner_text("#kg-count") == "5 of 10 relations, 4 of 4 cities"
    tab.page.click("#kg-reset")
    assert len(tab.js(drawn_types)) == 10
    tab.page.fill("#kg-since", "2024-10-23")
    tab.page.uncheck("#kg-undated")
    assert tab.js(drawn_types) == ["meeting", "meeting"]
    tab.page.click("#kg-reset")
    tab.page.click("input[name=kg-country][value=CN]")
    assert tab.page.inner_text("#kg-count") == "2 of 10 relations, 2 of 4 cities"
    assert tab.errors == [] and tab.blocked == []


def test_tooltip_of_the_goyang_yiwu_meeting_shows_the_evidence(tab: Tab, demo_html: Path) -> None:
    tab.open(demo_html)
    edge = find_edge(tab, "Goyang", "Yiwu", "meeting")
    assert edge >= 0
    text = hover_tip(tab, edge)
    assert MEETING_EVIDENCE in text
    assert "meeting" in text and "2024-10-23" in text and "가오진" in text and "Zhengzhou" in text
    assert "goyang-yiwu-2024-10-24.txt" in text
    assert tab.errors == []


def test_labels_switch_between_korean_and_english(tab: Tab, demo_html: Path) -> None:
    tab.open(demo_html)
    tab.page.check("input[name=kg-lang][value=en]")
    labels = tab.js(
        """() => kgView.network.body.nodeIndices
            .map(id => kgView.network.body.nodes[id].options.label).sort()"""
    )
    assert labels == ["Goyang", "Jinju", "Kunming", "Yiwu"]


def test_injected_markup_in_evidence_shows_as_plain_text(tab: Tab, tmp_path: Path) -> None:
    record = {
        "type": "visit",
        "status": "active",
        "cities": [
            {"name": "Goyang", "country": "KR", "geonames": 1842485},
            {"name": "Yiwu", "country": "CN", "geonames": 1814870},
        ],
        "date": "2024-11-02",
        "evidence": {"text": MARKUP, "start": 0, "end": len(MARKUP)},
        "source": "javascript:window.kgPwned=3",
    }
    with KnowledgeGraph() as kg:
        kg.ingest([sample_path()], strict=True)
        kg.add_relations([record_to_relation(record)])
        page = kg.draw(tmp_path / "markup.html")
    tab.open(page)
    edge = find_edge(tab, "Goyang", "Yiwu", "visit")
    text = hover_tip(tab, edge)
    assert MARKUP in text  # the characters, as text
    assert (
        tab.js("() => document.querySelectorAll('#kg-tip b, #kg-tip script, #kg-tip img').length")
        == 0
    )
    assert (
        tab.js("() => document.querySelectorAll('#kg-tip a').length") == 0
    )  # javascript: is no link
    assert tab.js("() => window.kgPwned === undefined")
    assert tab.errors == [] and tab.blocked == []


def test_geo_layout_keeps_positions_and_draws_without_physics(tab: Tab, tmp_path: Path) -> None:
    with KnowledgeGraph() as kg:
        kg.ingest([sample_path()], strict=True)
        page = kg.draw(tmp_path / "geo.html", layout="geo", labels="en")
    tab.open(page)
    pos = tab.js(
        """() => { const p = kgView.network.getPositions(); const out = {};
                   kgView.nodes.get().forEach(n => { out[n.en] = p[n.id]; }); return out; }"""
    )
    assert pos["Goyang"]["x"] > pos["Yiwu"]["x"] > pos["Kunming"]["x"]
    assert pos["Goyang"]["y"] < pos["Kunming"]["y"]
    assert tab.errors == []


def test_page_works_under_its_own_content_security_policy(browser: Any, demo_html: Path) -> None:
    # The page's CSP forbids every fetch; with it enforced, nothing it does is refused.
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(demo_html.resolve().as_uri())
    page.wait_for_selector("html[data-kg-stable='1']", state="attached", timeout=60_000)
    page.click("input[name=kg-type][value=meeting]")
    assert page.inner_text("#kg-count") == "8 of 10 relations, 4 of 4 cities"
    assert errors == []
    context.close()


def test_an_empty_graph_gives_a_page_that_says_so(tab: Tab, tmp_path: Path) -> None:
    with KnowledgeGraph() as kg:
        page = kg.draw(tmp_path / "empty.html")
    tab.open(page)
    assert tab.page.inner_text("#kg-count") == "0 of 0 relations, 0 of 0 cities"
    assert "No relation to draw" in tab.page.inner_text("#kg-partial")
    assert tab.errors == [] and tab.blocked == []
