"""Benchmark of the HTML view in headless Chromium: first drawing, filter and brush changes.

Run it from the checkout::

    .venv/bin/python bench/bench_viz.py                        # the full sample, 5,000, 20,000
    .venv/bin/python bench/bench_viz.py --sizes 5000 --json out.json

Graphs: ``full`` is the bundled sample as ``kg demo --full`` loads it (the seed and the
twin-town list, 667 cities); a number is a synthetic graph of that many relations,
generated here with a fixed seed: a Korean city and a foreign one per relation (popular
cities more often, as in the real data), the seven types, the four statuses, dates on 70%
of them, an evidence sentence, coordinates; a third as many cities as relations.

Each figure is set against a baseline measured in the same run:

- ``build``: :func:`kg.viz.render` (positions of both layouts, the basemap, the page)
  against writing the same node and edge data as plain JSON, the floor of any page that
  embeds its data;
- ``first drawn``: from navigation to the page's first painted frame with its hub labels
  (``data-kg-stable``), against a bare vis-network page of the same cities and pair edges
  at the same positions, with no kg script (the floor of drawing with vis-network);
- ``filter`` (unticking one relation type) and ``brush`` (a year range from the timeline)
  from the change to the next painted frame, median of five, against a bare
  ``requestAnimationFrame`` round trip.

"usable" is checked, not assumed: the ten busiest cities must be labelled on the first
frame, no request may leave the page and the console must stay free of errors.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import viz  # noqa: E402

TYPES = ("sister_city", "friendship", "cooperation", "meeting", "visit", "exchange", "aid")
STATUSES = ("active",) * 6 + ("planned", "planned", "suspended", "ended")
COUNTRIES = ("CN", "JP", "US", "VN", "DE", "RU", "MN", "FR", "TR", "PH", "ID", "TH", "BR")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def synthetic(relations: int, seed: int = 1) -> nx.MultiGraph:
    """A city network shaped like the real one: a few busy Korean cities, many partners."""
    rnd = random.Random(seed)
    cities = max(20, relations // 3)
    korean = max(10, min(250, cities // 4))
    g = nx.MultiGraph()
    for i in range(cities):
        kr = i < korean
        g.add_node(
            f"city:{i}",
            name_ko=f"도시{i}시",
            name_en=f"City {i}",
            country="KR" if kr else COUNTRIES[i % len(COUNTRIES)],
            lat=round(rnd.uniform(34.5, 38.2) if kr else rnd.uniform(-40, 60), 4),
            lon=round(rnd.uniform(126.2, 129.4) if kr else rnd.uniform(-120, 150), 4),
        )
    kr_weights = [1 / (i + 1) ** 0.8 for i in range(korean)]
    other = list(range(korean, cities))
    other_weights = [1 / (i + 1) ** 0.5 for i in range(len(other))]
    for r in range(relations):
        a = rnd.choices(range(korean), kr_weights)[0]
        b = rnd.choices(other, other_weights)[0] if rnd.random() < 0.85 else rnd.randrange(korean)
        if a == b:
            b = (b + 1) % korean
        year = rnd.randint(1990, 2025)
        g.add_edge(
            f"city:{a}",
            f"city:{b}",
            key=f"rel:{r}",
            type=rnd.choice(TYPES),
            status=rnd.choice(STATUSES),
            date=f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
            if rnd.random() < 0.7
            else None,
            evidence=f"도시{a}시 시장은 {year}년 도시{b}시 대표단과 교류 방안을 논의했다. ({r})",
            sources=rnd.choice((1, 1, 1, 2, 3)),
            links=f"https://news.example/{r}",
            officials="홍길동 (mayor)" if rnd.random() < 0.3 else "",
        )
    return g


def full_sample() -> nx.MultiGraph:
    """The graph of ``kg demo --full``, loaded into a store in memory."""
    import logging
    from importlib import resources

    from kg.graph import KnowledgeGraph, sample_path

    logging.disable(logging.WARNING)  # the twin-town list names cities the gazetteer lacks
    twins = resources.files("kg.data") / "twin-towns-korea-wikipedia.csv"
    paths = [sample_path(), Path(str(twins))]
    with KnowledgeGraph() as kg:
        kg.ingest(paths, strict=True)
        return kg.networkx()


def timed(fn: Any, repeat: int = 1) -> tuple[float, Any]:
    best, out = math.inf, None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def plain_json(g: nx.MultiGraph) -> str:
    return json.dumps(
        {
            "nodes": [{"id": str(n), **d} for n, d in g.nodes(data=True)],
            "edges": [{"from": str(a), "to": str(b), **d} for a, b, d in g.edges(data=True)],
        },
        ensure_ascii=False,
    )


def bare_page(page: str) -> str:
    """vis-network alone, drawing the cities and pair edges of a kg page where kg puts them."""
    start = page.index('<script id="kg-data" type="application/json">') + 45
    data = json.loads(page[start : page.index("</script>", start)])
    nodes = [
        {"id": n["id"], "x": n["x"], "y": n["y"], "value": n["relations"]} for n in data["nodes"]
    ]
    edges = [{"id": p["id"], "from": p["a"], "to": p["b"]} for p in data["pairs"]]
    script = (
        "const net = new vis.Network(document.getElementById('n'), {nodes: new vis.DataSet("
        + json.dumps(nodes)
        + "), edges: new vis.DataSet("
        + json.dumps(edges)
        + ")}, {physics: {enabled: false}, layout: {improvedLayout: false},"
        " nodes: {shape: 'dot'}, edges: {smooth: false}});"
        "net.once('afterDrawing', () =>"
        " document.documentElement.setAttribute('data-kg-stable', '1'));"
        "net.fit();"
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>html,body,#n{margin:0;'
        'height:100%}</style></head><body><div id="n"></div><script>'
        + viz.vis_network_js()
        + "</script><script>"
        + script
        + "</script></body></html>"
    )


def in_chromium(browser: Any, path: Path, *, ours: bool, timeout_s: float) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    blocked: list[str] = []
    errors: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    t = time.perf_counter()
    page.goto(path.as_uri(), timeout=timeout_s * 1000)
    page.wait_for_selector("html[data-kg-stable='1']", state="attached", timeout=timeout_s * 1000)
    out: dict[str, Any] = {"first_drawn_s": round(time.perf_counter() - t, 2)}
    if ours:
        out["hubs_labelled"] = page.evaluate(
            """() => { const N = kgView.data.nodes;
                const top = N.slice().sort((a, b) => b.relations - a.relations).slice(0, 10);
                return top.filter(n => kgView.labelled.includes(n.id)).length; }"""
        )
        out["labels"] = page.evaluate("() => kgView.labelled.length")
        frame = """async () => { const t0 = performance.now();
            await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            return performance.now() - t0; }"""
        untick = """async (on) => {
            const box = document.querySelector("input[name=kg-type]");
            const t0 = performance.now();
            if (box.checked !== on) { box.click(); }
            await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            return performance.now() - t0; }"""
        brush = """async ([lo, hi]) => { const t0 = performance.now();
            kgView.setYears(lo, hi);
            await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            return performance.now() - t0; }"""
        frames = [page.evaluate(frame) for _ in range(5)]
        filters = [page.evaluate(untick, k % 2 == 1) for k in range(6)]
        brushes = [page.evaluate(brush, [2000 + k, 2010 + k]) for k in range(5)]
        page.evaluate(brush, [None, None])
        out["frame_ms"] = round(statistics.median(frames))
        out["filter_ms"] = round(statistics.median(filters))
        out["brush_ms"] = round(statistics.median(brushes))
    out["blocked_requests"] = len(blocked)
    out["console_errors"] = errors[:3]
    context.close()
    return out


def run(sizes: list[str], timeout_s: float) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    results: dict[str, Any] = {"max_relations": viz.MAX_RELATIONS, "sizes": {}}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        out = Path(tmp)
        for size in sizes:
            g = full_sample() if size == "full" else synthetic(int(size))
            row: dict[str, Any] = {
                "graph": size,
                "relations": g.number_of_edges(),
                "cities": g.number_of_nodes(),
            }
            row["build_s"], page = timed(lambda g=g: viz.render(g))
            row["json_s"], _ = timed(lambda g=g: plain_json(g))
            row["build_vs_json"] = round(row["build_s"] / row["json_s"], 1)
            ours, bare = out / f"kg-{size}.html", out / f"bare-{size}.html"
            ours.write_text(page, encoding="utf-8")
            bare.write_text(bare_page(page), encoding="utf-8")
            row["size_mb"] = round(ours.stat().st_size / 1e6, 2)
            row["bare"] = in_chromium(browser, bare, ours=False, timeout_s=timeout_s)
            row["kg"] = in_chromium(browser, ours, ours=True, timeout_s=timeout_s)
            row["first_drawn_vs_bare"] = round(
                row["kg"]["first_drawn_s"] / row["bare"]["first_drawn_s"], 2
            )
            results["sizes"][size] = row
            print(summary_line(row), flush=True)
        browser.close()
    return results


def summary_line(row: dict[str, Any]) -> str:
    kg, bare = row["kg"], row["bare"]
    return "\n    ".join(
        [
            f"{row['graph']:>6}: {row['relations']} relations, {row['cities']} cities",
            f"build {row['build_s']:.2f} s ({row['build_vs_json']}x plain JSON "
            f"{row['json_s']:.2f} s), page {row['size_mb']} MB",
            f"first drawn {kg['first_drawn_s']:.2f} s ({row['first_drawn_vs_bare']}x bare "
            f"vis-network {bare['first_drawn_s']:.2f} s), {kg['hubs_labelled']}/10 busiest "
            f"cities labelled, {kg['labels']} labels",
            f"filter {kg['filter_ms']} ms, brush {kg['brush_ms']} ms "
            f"(a bare frame {kg['frame_ms']} ms)",
            f"{kg['blocked_requests']} requests blocked, "
            f"{len(kg['console_errors'])} console errors",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sizes", nargs="+", default=["full", "5000", "20000"])
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for a page")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)
    results = run(args.sizes, args.timeout)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
