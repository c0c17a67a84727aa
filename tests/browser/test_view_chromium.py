"""The HTML view in a real headless Chromium, offline: drawing, filters, edges, tooltips."""

from __future__ import annotations

import json
import re
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


def canvas_point(tab: Tab, x: float, y: float) -> tuple[float, float]:
    """Page coordinates of a point of the network's canvas space."""
    return tuple(
        tab.js(
            """([x, y]) => {
                const d = kgView.network.canvasToDOM({x, y});
                const r = document.getElementById("kg-network").getBoundingClientRect();
                return [r.left + d.x, r.top + d.y];
            }""",
            [x, y],
        )
    )


def edge_point(tab: Tab, edge_id: str) -> tuple[float, float]:
    """Page coordinates of the middle of an edge as drawn: a pair ("p3", drawn by the page)
    or an expanded relation ("r7", drawn by vis-network, curved)."""
    x, y = tab.js(
        """id => { const p = id[0] === "p" ? kgView.pairPoint(Number(id.slice(1)))
                       : kgView.network.body.edges[id].edgeType.getPoint(0.5);
                   return [p.x, p.y]; }""",
        edge_id,
    )
    return canvas_point(tab, x, y)


def node_id(tab: Tab, en: str) -> int:
    return tab.js("en => kgView.data.nodes.find(n => n.en === en).id", en)


def pair_id(tab: Tab, a: str, b: str) -> str:
    return tab.js(
        """([a, b]) => {
            const N = kgView.data.nodes;
            const p = kgView.data.pairs.find(p =>
                [N[p.a].en, N[p.b].en].sort().join("|") === [a, b].sort().join("|"));
            return "p" + p.id;
        }""",
        [a, b],
    )


def hover(tab: Tab, x: float, y: float) -> str:
    tab.page.mouse.move(5, 5)
    tab.page.mouse.move(x - 3, y, steps=2)
    tab.page.mouse.move(x, y, steps=2)
    tab.page.wait_for_selector("#kg-tip:not([hidden])", timeout=5000)
    return tab.page.inner_text("#kg-tip")


DRAWN_RELATIONS = """() => {
    const body = kgView.network.body;
    let n = kgView.drawnPairs().reduce((acc, p) => acc + kgView.data.pairs[p].rels
        .filter(i => kgView.relShown(i)).length, 0);
    body.edgeIndices.forEach(id => { if (!body.edges[id].options.hidden) { n++; } });
    return n;
}"""


def page_data(path: Path) -> dict[str, Any]:
    page = path.read_text("utf-8")
    start = page.index('<script id="kg-data" type="application/json">') + 45
    return json.loads(page[start : page.index("</script>", start)])


def relations(path: Path, keep: Any = lambda r, n: True) -> int:
    """How many relations of the page's data pass ``keep(rel, nodes)``: a relation of
    three cities is in the data once per pair, and counts once."""
    data = page_data(path)
    return len({r["rel"] for r in data["rels"] if keep(r, data["nodes"])})


def test_seed_page_draws_four_labelled_cities_offline_without_errors(
    tab: Tab, demo_html: Path
) -> None:
    tab.open(demo_html)
    assert tab.blocked == []
    assert tab.requests == [demo_html.resolve().as_uri()]
    drawn = tab.js(
        """() => ({
            nodes: kgView.data.nodes.filter(n => kgView.nodeShown(n.id)).map(n => n.en).sort(),
            labelled: kgView.labelled.map(id => kgView.data.nodes[id].ko).sort(),
            edges: kgView.drawnPairs().length,
            count: document.getElementById("kg-count").textContent,
            physics: kgView.network.physics.physicsEnabled,
        })"""
    )
    assert drawn["nodes"] == ["Goyang", "Jinju", "Kunming", "Yiwu"]
    names = sorted(n["ko"] for n in page_data(demo_html)["nodes"])
    assert drawn["labelled"] == names and all(re.search("[가-힣]", n) for n in names)
    total = relations(demo_html)
    assert drawn["edges"] == 4 < total  # one per pair of cities
    assert drawn["count"] == f"{total} of {total} relations, 4 of 4 cities"
    assert drawn["physics"] is False
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


def test_a_filter_click_hides_the_meeting_relations(tab: Tab, demo_html: Path) -> None:
    tab.open(demo_html)
    rows = len(page_data(demo_html)["rels"])  # a relation once per pair of its cities
    total = relations(demo_html)
    no_meeting = relations(demo_html, lambda r, n: r["type"] != "meeting")
    neither = relations(demo_html, lambda r, n: r["type"] != "meeting" and r["status"] != "planned")
    korean = relations(demo_html, lambda r, n: n[r["a"]]["cc"] == n[r["b"]]["cc"] == "KR")
    assert total > no_meeting > neither > korean > 0
    assert tab.js(DRAWN_RELATIONS) == rows
    tab.page.click("input[name=kg-type][value=meeting]")
    assert tab.js(DRAWN_RELATIONS) < rows
    assert tab.page.inner_text("#kg-count") == f"{no_meeting} of {total} relations, 4 of 4 cities"
    tab.page.click("input[name=kg-status][value=planned]")
    assert tab.page.inner_text("#kg-count") == f"{neither} of {total} relations, 4 of 4 cities"
    tab.page.click("#kg-reset")
    assert tab.js(DRAWN_RELATIONS) == rows
    tab.page.click("input[name=kg-country][value=CN]")
    assert tab.page.inner_text("#kg-count") == f"{korean} of {total} relations, 2 of 4 cities"
    hidden = tab.js(
        "() => kgView.data.nodes.filter(n => !kgView.nodeShown(n.id)).map(n => n.en).sort()"
    )
    assert hidden == ["Kunming", "Yiwu"]
    assert tab.errors == [] and tab.blocked == []


def test_an_edge_expands_into_its_relations_and_shows_the_evidence(
    tab: Tab, demo_html: Path
) -> None:
    tab.open(demo_html)
    pair = pair_id(tab, "Goyang", "Yiwu")
    n = tab.js("id => kgView.data.pairs[Number(id.slice(1))].rels.length", pair)
    assert n >= 3
    x, y = edge_point(tab, pair)
    text = hover(tab, x, y)
    assert f"{n} relations" in text and "click to see each relation" in text
    tab.page.mouse.click(x, y)
    assert tab.js("() => kgView.expanded()") == [int(pair[1:])]
    assert int(pair[1:]) not in tab.js("() => kgView.drawnPairs()")
    rel_edges = tab.js(
        """() => kgView.network.body.edgeIndices
            .filter(id => !kgView.network.body.edges[id].options.hidden).map(String)"""
    )
    assert len(rel_edges) == n and all(e.startswith("r") for e in rel_edges)
    meeting = tab.js(
        """ids => ids.find(id => kgView.data.rels[Number(id.slice(1))].type === "meeting" &&
            kgView.data.rels[Number(id.slice(1))].date === "2024-10-23")""",
        rel_edges,
    )
    corner = tab.js(
        "() => { const r = document.getElementById('kg-network').getBoundingClientRect();"
        " return [r.left + 4, r.top + 4]; }"
    )
    tab.page.mouse.click(*corner)  # on the empty canvas: unpins the tip, folds the pair
    assert tab.js("() => kgView.expanded().length") == 0
    tab.js(f"() => kgView.expand({pair[1:]})")
    text = hover(tab, *edge_point(tab, meeting))
    assert MEETING_EVIDENCE in text
    assert "meeting" in text and "2024-10-23" in text and "가오진" in text and "Zhengzhou" in text
    assert "goyang-yiwu-2024-10-24.txt" in text
    assert tab.errors == [] and tab.blocked == []


def test_labels_switch_between_korean_and_english(tab: Tab, demo_html: Path) -> None:
    tab.open(demo_html)
    tab.page.check("input[name=kg-lang][value=en]")
    tab.page.wait_for_timeout(100)
    labels = tab.js("() => kgView.labelled.map(id => kgView.labelText(id)).sort()")
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
    rel = tab.js("() => kgView.data.rels.find(r => r.type === 'visit').id")
    tab.js(f"() => kgView.expand(kgView.data.rels[{rel}].pair)")
    text = hover(tab, *edge_point(tab, f"r{rel}"))
    assert MARKUP in text  # the characters, as text
    tab.js(f"() => kgView.select(kgView.data.rels[{rel}].a)")
    assert MARKUP in tab.page.inner_text("#kg-city")
    for box in ("#kg-tip", "#kg-city"):
        assert (
            tab.js(f"() => document.querySelectorAll('{box} b, {box} script, {box} img').length")
            == 0
        )
    # javascript: is no link
    assert (
        tab.js(
            "() => [...document.querySelectorAll('#kg-tip a, #kg-city a')]"
            ".filter(a => a.href.startsWith('javascript')).length"
        )
        == 0
    )
    assert tab.js("() => window.kgPwned === undefined")
    assert tab.errors == [] and tab.blocked == []


def test_page_works_under_its_own_content_security_policy(browser: Any, demo_html: Path) -> None:
    # The page's CSP forbids every fetch; with it enforced, nothing it does is refused.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(demo_html.resolve().as_uri())
    page.wait_for_selector("html[data-kg-stable='1']", state="attached", timeout=60_000)
    page.click("input[name=kg-type][value=meeting]")
    total = relations(demo_html)
    no_meeting = relations(demo_html, lambda r, n: r["type"] != "meeting")
    assert page.inner_text("#kg-count") == f"{no_meeting} of {total} relations, 4 of 4 cities"
    page.check("input[name=kg-layout][value=map]")
    page.fill("#kg-search", "Goyang")
    page.keyboard.press("Enter")
    with page.expect_download() as download:
        page.click("#kg-csv")
    assert Path(download.value.path()).read_text("utf-8-sig").startswith("city,city_ko,partner")
    assert errors == []
    context.close()


def test_an_empty_graph_gives_a_page_that_says_so(tab: Tab, tmp_path: Path) -> None:
    with KnowledgeGraph() as kg:
        page = kg.draw(tmp_path / "empty.html")
    tab.open(page)
    assert tab.page.inner_text("#kg-count") == "0 of 0 relations, 0 of 0 cities"
    assert "No relation to draw" in tab.page.inner_text("#kg-partial")
    tab.page.check("input[name=kg-layout][value=map]")
    tab.page.fill("#kg-search", "Goyang")
    assert tab.errors == [] and tab.blocked == []
