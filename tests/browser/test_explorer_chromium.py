"""The view as an explorer, in headless Chromium: search, city panel, timeline, map, fonts."""

from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.viz import draw

Tab = Any  # the fixture of conftest.py

MEETING_EVIDENCE = (
    "이동환 고양시장은 지난 23일 중국 정저우에서 중국 이우시 부시장 가오진과 간담회를"
)


@pytest.fixture(scope="module")
def full_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page `kg demo --full` writes: 667 cities, the seed and the twin-town list."""
    tmp = tmp_path_factory.mktemp("full")
    out = tmp / "kg-full.html"
    result = CliRunner().invoke(
        cli, ["--store", str(tmp / "store"), "demo", "--full", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def years_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Forty relations, four a year from 2001 to 2010, and six undated ones."""
    g = nx.MultiGraph()
    for i in range(12):
        g.add_node(
            f"c{i}", name_en=f"City {i}", name_ko=f"도시{i}", country="KR" if i < 4 else "JP"
        )
    for k in range(40):
        g.add_edge(
            f"c{k % 4}",
            f"c{4 + k % 8}",
            type="exchange",
            status="active",
            date=f"{2001 + k // 4}-05-0{1 + k % 4}",
        )
    for k in range(6):
        g.add_edge(f"c{k % 4}", f"c{4 + k}", type="visit", status="active")
    return draw(g, tmp_path_factory.mktemp("years") / "years.html")


def suggestions(tab: Tab, text: str) -> list[str]:
    tab.page.fill("#kg-search", "")
    tab.page.type("#kg-search", text)
    tab.page.wait_for_selector("#kg-suggest:not([hidden])", timeout=5000)
    return tab.js(
        "() => [...document.querySelectorAll('#kg-suggest li')].map(li => li.textContent)"
    )


def test_search_finds_goyang_by_any_name_and_centres_and_selects_it(
    tab: Tab, full_html: Path
) -> None:
    tab.open(full_html)
    for text in ("Goyang", "고양", "고양시", "goyang-si"):
        assert suggestions(tab, text)[0].startswith("고양시 · Goyang"), text
    tab.page.keyboard.press("Enter")
    goyang = tab.js("() => kgView.data.nodes.find(n => n.en === 'Goyang').id")
    assert tab.js("() => kgView.selected()") == goyang
    assert tab.page.inner_text("#kg-city h2") == "고양시 · Goyang"
    # centred: Goyang and its partners are in view, and Goyang near the middle
    where = tab.js(
        """id => { const p = kgView.position(id);
                   const d = kgView.network.canvasToDOM(p);
                   const c = document.getElementById("kg-network");
                   return [d.x / c.clientWidth, d.y / c.clientHeight]; }""",
        goyang,
    )
    assert 0.15 < where[0] < 0.85 and 0.15 < where[1] < 0.85
    labelled = tab.js("() => kgView.labelled.map(id => kgView.data.nodes[id].en)")
    assert "Goyang" in labelled and {"Yiwu", "Kunming", "Jinju"} <= set(labelled)
    assert tab.errors == [] and tab.blocked == []


def test_panel_lists_goyangs_partners_by_type_with_evidence_and_moves_on_click(
    tab: Tab, full_html: Path
) -> None:
    tab.open(full_html)
    tab.js("() => kgView.select(kgView.search('Goyang')[0])")
    groups = tab.js(
        """() => [...document.querySelectorAll("#kg-city .kg-group")].map(g => ({
            type: g.dataset.type, status: g.dataset.status,
            partners: [...g.querySelectorAll(".kg-partner > .kg-goto")].map(b => b.textContent),
        }))"""
    )
    kinds = [(g["type"], g["status"]) for g in groups]
    assert kinds[0] == ("sister_city", "active")
    assert ("meeting", "active") in kinds and ("cooperation", "planned") in kinds
    meeting = next(g for g in groups if g["type"] == "meeting")
    yiwu_name = tab.js(
        "() => { const n = kgView.data.nodes.find(n => n.en === 'Yiwu');"
        " return n.ko + ' · ' + n.en; }"
    )
    assert yiwu_name in meeting["partners"]
    sisters = next(g for g in groups if g["type"] == "sister_city")["partners"]
    assert len(sisters) >= 5 and any("Eisenstadt" in p for p in sisters)
    text = tab.page.inner_text("#kg-city")
    assert MEETING_EVIDENCE in text and "2024" in text and "가오진" in text
    assert "goyang-yiwu-2024-10-24.txt" in text
    # the panel is text a person can select and copy
    copied = tab.js(
        """() => { const q = document.querySelector("#kg-city .kg-evidence");
                   const r = document.createRange(); r.selectNodeContents(q);
                   const s = getSelection(); s.removeAllRanges(); s.addRange(r);
                   return [s.toString(), getComputedStyle(q).userSelect]; }"""
    )
    assert copied[0] and copied[1] != "none"
    yiwu = tab.js("() => kgView.data.nodes.find(n => n.en === 'Yiwu').id")
    tab.page.click(
        f"#kg-city .kg-group[data-type=meeting] .kg-partner[data-node='{yiwu}'] .kg-goto"
    )
    assert tab.page.inner_text("#kg-city h2") == yiwu_name
    assert tab.js("() => kgView.selected()") == yiwu
    assert tab.errors == [] and tab.blocked == []


def test_panel_csv_download_holds_the_same_relations(browser: Any, full_html: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    page.goto(full_html.resolve().as_uri())
    page.wait_for_selector("html[data-kg-stable='1']", state="attached", timeout=60_000)
    page.fill("#kg-search", "고양")
    page.keyboard.press("Enter")
    shown = page.evaluate("() => document.querySelectorAll('#kg-city .kg-rel').length")
    with page.expect_download() as info:
        page.click("#kg-csv")
    import csv

    rows = list(csv.DictReader(Path(info.value.path()).read_text("utf-8-sig").splitlines()))
    assert len(rows) == shown > 10
    assert {r["city"] for r in rows} == {"Goyang"}
    meeting = [r for r in rows if r["type"] == "meeting"]
    assert (
        meeting and meeting[0]["partner"] == "Yiwu" and MEETING_EVIDENCE in meeting[0]["evidence"]
    )
    assert info.value.suggested_filename == "kg-goyang.csv"
    context.close()


def test_timeline_brush_filters_relations_by_year(tab: Tab, years_html: Path) -> None:
    tab.open(years_html)
    bars = tab.js(
        """() => [...document.querySelectorAll("#kg-hist .kg-bar")].map(b => {
            const r = b.getBoundingClientRect();
            return [Number(b.dataset.year), Number(b.dataset.count),
                    r.left + r.width / 2, r.bottom - 2];
        })"""
    )
    assert [(b[0], b[1]) for b in bars] == [(y, 4) for y in range(2001, 2011)]
    assert tab.page.inner_text("#kg-count").startswith("46 of 46 relations")
    start = next(b for b in bars if b[0] == 2003)
    end = next(b for b in bars if b[0] == 2005)
    tab.page.mouse.move(start[2], start[3])
    tab.page.mouse.down()
    tab.page.mouse.move(end[2], end[3], steps=5)
    tab.page.mouse.up()
    tab.page.wait_for_timeout(100)
    assert tab.page.inner_text("#kg-years") == "2003–2005"
    assert tab.page.inner_text("#kg-count").startswith("18 of 46 relations")  # 12 + 6 undated
    drawn_years = tab.js(
        """() => { const out = new Set();
            kgView.data.rels.forEach(r => { if (kgView.relShown(r.id)) out.add(r.year); });
            return [...out].sort(); }"""
    )
    assert drawn_years == [2003, 2004, 2005, None]
    tab.page.uncheck("#kg-undated")
    assert tab.page.inner_text("#kg-count").startswith("12 of 46 relations")
    outside = tab.js("() => document.querySelectorAll('#kg-hist .kg-bar.kg-out').length")
    assert outside == 7
    tab.page.click("#kg-years-all")
    assert tab.page.inner_text("#kg-count").startswith("40 of 46 relations")
    assert tab.errors == [] and tab.blocked == []


def test_full_sample_opens_with_hubs_labelled_and_components_packed(
    tab: Tab, full_html: Path
) -> None:
    tab.open(full_html)
    info = tab.js(
        """() => {
            const N = kgView.data.nodes;
            const top = N.slice().sort((a, b) => b.relations - a.relations).slice(0, 5)
                .map(n => n.id);
            return { labelled: kgView.labelled.length, top: top,
                     hit: top.filter(id => kgView.labelled.includes(id)).length,
                     cities: N.length };
        }"""
    )
    assert info["cities"] > 600
    assert info["labelled"] >= 40 and info["hit"] == 5
    assert tab.errors == [] and tab.blocked == []


def _land_and_sea(tab: Tab) -> tuple[float, float]:
    """The share of the canvas in the basemap's land and sea colours."""
    return tuple(
        tab.js(
            """() => {
                const rgb = h => [1, 3, 5].map(i => parseInt(h.slice(i, i + 2), 16));
                const land = rgb(kgView.mapColours.land), sea = rgb(kgView.mapColours.sea);
                const near = (px, i, c) => c.every((v, k) => Math.abs(px[i + k] - v) < 3);
                const c = document.querySelector("#kg-network canvas");
                const px = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
                let l = 0, s = 0, n = 0;
                for (let i = 0; i < px.length; i += 40) {
                    n++;
                    if (near(px, i, land)) { l++; }
                    if (near(px, i, sea)) { s++; }
                }
                return [l / n, s / n];
            }"""
        )
    )


def test_map_shows_the_basemap_and_korean_cities_apart(tab: Tab, full_html: Path) -> None:
    tab.open(full_html)
    land, sea = _land_and_sea(tab)
    assert land < 0.01  # the network has no basemap
    tab.page.check("input[name=kg-layout][value=map]")
    tab.page.wait_for_timeout(200)
    land, sea = _land_and_sea(tab)
    assert land > 0.02 and sea > 0.2  # the world: a disc of countries, lines over it
    korea = tab.js(
        """() => {
            const net = kgView.network;
            const kr = kgView.data.nodes.filter(n => n.cc === "KR" && n.geo);
            const pos = {}; kr.forEach(n => { pos[n.id] = kgView.position(n.id); });
            const xs = kr.map(n => net.canvasToDOM(pos[n.id]).x);
            const ys = kr.map(n => net.canvasToDOM(pos[n.id]).y);
            return { n: kr.length, w: Math.max(...xs) - Math.min(...xs),
                     h: Math.max(...ys) - Math.min(...ys) };
        }"""
    )
    # the whole world in view, and Korea still a region, not a point
    assert korea["n"] > 50 and korea["h"] > 80 and korea["w"] > 40
    # the cities lie in their countries' outlines: the page projects the basemap as kg.viz
    # projected the cities
    where = tab.js(
        """() => Object.fromEntries(["Goyang", "Jinju", "Yiwu", "Kunming"].map(en => {
            const n = kgView.data.nodes.find(x => x.en === en);
            return [en, kgView.countryAt(n.mx, n.my)];
        }))"""
    )
    assert where["Goyang"] == ["South Korea"] and where["Jinju"] == ["South Korea"]
    assert where["Yiwu"] == ["China"] and where["Kunming"] == ["China"]
    # selecting a Korean city zooms to its region, where the cities of Korea stand apart
    tab.js("() => kgView.select(kgView.search('Goyang')[0])")
    land, sea = _land_and_sea(tab)
    assert land > 0.05
    tab.js("() => kgView.fit(kgView.data.nodes.filter(n => n.cc === 'KR' && n.geo).map(n => n.id))")
    apart = tab.js(
        """() => {
            const net = kgView.network;
            const kr = kgView.data.nodes.filter(n => n.cc === "KR" && n.geo);
            const pos = {}; kr.forEach(n => { pos[n.id] = kgView.position(n.id); });
            const at = {};
            kr.forEach(n => { at[n.en] = net.canvasToDOM(pos[n.id]); });
            const nearest = kr.map(a => Math.min(...kr.filter(b => b !== a).map(b =>
                Math.hypot(at[a.en].x - at[b.en].x, at[a.en].y - at[b.en].y))));
            nearest.sort((a, b) => a - b);
            return { at: at, median: nearest[Math.floor(nearest.length / 2)] };
        }"""
    )
    at = apart["at"]

    def dist(a: str, b: str) -> float:
        return math.dist((at[a]["x"], at[a]["y"]), (at[b]["x"], at[b]["y"]))

    assert dist("Goyang", "Seoul") > 12 and dist("Seoul", "Incheon") > 12
    assert dist("Goyang", "Jinju") > 150
    assert apart["median"] > 8
    assert tab.errors == [] and tab.blocked == []


def test_korean_labels_render_with_a_cjk_font(tab: Tab, full_html: Path) -> None:
    if shutil.which("fc-list") is None:
        pytest.fail("fontconfig is missing: install fonts-noto-cjk (scripts/test does)")
    fonts = subprocess.run(
        ["fc-list", ":lang=ko", "family"], capture_output=True, text=True, check=True
    ).stdout
    assert "Noto Sans CJK KR" in fonts, "install Debian's fonts-noto-cjk (scripts/test does)"
    tab.open(full_html)
    glyphs = tab.js(
        """() => {
            const font = getComputedStyle(document.documentElement).getPropertyValue("--kg-font");
            const c = document.createElement("canvas"); c.width = 40; c.height = 40;
            const ctx = c.getContext("2d");
            const shot = ch => { ctx.clearRect(0, 0, 40, 40); ctx.font = "28px " + font;
                                 ctx.fillText(ch, 4, 32);
                                 return Array.from(ctx.getImageData(0, 0, 40, 40).data).join(); };
            // a missing glyph draws the same box for every character
            return [shot("고") !== shot("양"), shot("양") !== shot("시"),
                    shot("\\uFFFF") !== shot("고"), ctx.measureText("고양시").width];
        }"""
    )
    assert glyphs[:3] == [True, True, True] and glyphs[3] > 40
    # and the labels drawn on the network are Korean text
    assert any(
        "시" in tab.js(f"() => kgView.labelText({i})") for i in tab.js("() => kgView.labelled")
    )


MIDPOINT_SHADES = """ids => {
    // the alpha of the canvas at the middle of each pair edge that no city's disc covers
    // (the canvas is clear where nothing is drawn: alpha is how strongly a tie is drawn)
    const canvas = document.querySelector("#kg-network canvas");
    const ctx = canvas.getContext("2d");
    const ratio = canvas.width / canvas.clientWidth;
    const net = kgView.network, s = net.getScale();
    const cities = kgView.data.nodes.map(n => net.canvasToDOM(kgView.position(n.id)));
    return ids.map(p => {
        const q = kgView.data.pairs[p];
        const d = net.canvasToDOM(kgView.pairPoint(p));
        if (d.x < 2 || d.y < 2 || d.x > canvas.clientWidth - 2 || d.y > canvas.clientHeight - 2) {
            return null;
        }
        if (cities.some(c => Math.hypot(c.x - d.x, c.y - d.y) < 16 + 40 * s)) { return null; }
        const px = ctx.getImageData(Math.round(d.x * ratio), Math.round(d.y * ratio), 1, 1).data;
        return px[3];
    });
}"""


def test_a_selected_city_fades_the_other_ties_and_keeps_its_own(tab: Tab, years_html: Path) -> None:
    tab.open(years_html)
    city = tab.js("() => kgView.search('City 0')[0]")
    tab.js(f"() => kgView.select({city})")
    tab.page.wait_for_timeout(1500)  # the view moves to the city; then the whole graph
    tab.js("() => kgView.fit(kgView.data.nodes.map(n => n.id))")
    tab.page.wait_for_timeout(300)
    mine = tab.js(
        """id => kgView.drawnPairs().filter(p => {
            const q = kgView.data.pairs[p]; return q.a === id || q.b === id; })""",
        city,
    )
    others = tab.js(
        """id => kgView.drawnPairs().filter(p => {
            const q = kgView.data.pairs[p]; return q.a !== id && q.b !== id; })""",
        city,
    )
    assert len(mine) >= 2 and len(others) >= 6
    assert not any(tab.js("ps => ps.map(p => kgView.pairFaded(p))", mine))
    assert all(tab.js("ps => ps.map(p => kgView.pairFaded(p))", others))
    faded = tab.js(MIDPOINT_SHADES, others)
    own = tab.js(MIDPOINT_SHADES, mine)
    tab.page.click("#kg-city .kg-close")  # unselects; the view stays where it is
    assert tab.js("() => kgView.selected()") is None
    tab.page.wait_for_timeout(300)
    assert not any(tab.js("ps => ps.map(p => kgView.pairFaded(p))", others))
    whole = tab.js(MIDPOINT_SHADES, others)
    own_after = tab.js(MIDPOINT_SHADES, mine)
    seen = [
        (f, w)
        for f, w in zip(faded, whole, strict=True)
        if f is not None and w is not None and w > 150
    ]
    assert len(seen) >= 3, "too few of the other ties in view to compare"
    # the other ties are drawn fainter while a city is selected
    fainter = sum(f < w / 2 for f, w in seen)
    assert fainter == len(seen), seen
    # and the city's own ties as strongly as without the selection
    pairs = [
        (a, b)
        for a, b in zip(own, own_after, strict=True)
        if a is not None and b is not None and b > 150
    ]
    assert pairs and all(a >= b - 30 for a, b in pairs), pairs
    assert tab.errors == [] and tab.blocked == []
