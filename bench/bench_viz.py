"""Benchmark of the HTML view: build time, file size, and time to a stable layout in Chromium.

Run it from the checkout::

    .venv/bin/python bench/bench_viz.py                    # 500, 5,000, 20,000 relations
    .venv/bin/python bench/bench_viz.py --sizes 500 --json out.json

The relations are synthetic, generated here with a fixed seed: a Korean city and a
foreign one per relation (popular cities more often, as in the real data), the seven
types, the four statuses, dates, an evidence sentence, coordinates. There are a third
as many cities as relations (500 relations: 166 cities).

Every figure is set against baselines measured in the same run:

- ``json``: writing the same node and edge data as plain JSON (the floor for any
  self-contained page: it must at least serialise the data);
- ``pyvis``: pyvis's own path, ``Network.add_node``/``add_edge`` then ``generate_html``
  with ``cdn_resources="in_line"`` (run at the sizes given by ``--pyvis-max``; it is
  quadratic);
- in Chromium, the same page with the browser's physics forced on (``physics``) against
  kg's default (physics below ``kg.viz.FORCE_LIMIT`` cities, positions computed in
  Python above), and above ``kg.viz.MAX_RELATIONS`` relations the default page (the
  relations of the best-connected cities) against the page of all relations.

The page is opened from a file with every non-file request aborted; "stable" is the
moment the page sets ``data-kg-stable`` (physics finished and switched off, or first
drawing when positions are given). "filter" is the time from un-ticking one relation
type to the next painted frame.

Measured here (2 cores, Debian Chromium headless with --disable-gpu, so canvas drawing
is software-rendered), 2026-11-25:

    relations cities  build   vs JSON  vs pyvis  file     stable  filter click
    500       166     0.02 s  4.5x     18.5x     0.72 MB  2.8 s   0.2 s   (physics)
    5,000     1,666   0.57 s  3.5x     19.4x     2.84 MB  6.4 s   1.1-2.7 s (positions)
      same, browser physics forced:                      54.5 s
    20,000    6,666   1.40 s  1.9x     -         2.64 MB  2.0 s   1.7 s   (default: 350
                                                                  cities, 4,997 relations)
      all relations (--max-relations 0): 2.89 s, 9.97 MB, stable 12.3 s, filter 8.5 s

Where it stops being usable: the browser's physics past a few hundred cities (kg
computes positions above ``FORCE_LIMIT`` = 300), and every frame past a few thousand
relations (kg draws the best-connected cities' ``MAX_RELATIONS`` = 5,000 by default and
says so in the page; ``kg viz --city/--type/--since`` narrow the view).
"""

from __future__ import annotations

import argparse
import json
import math
import random
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
COUNTRIES = (
    "CN",
    "JP",
    "US",
    "VN",
    "DE",
    "RU",
    "MN",
    "FR",
    "TR",
    "PH",
    "ID",
    "TH",
    "BR",
    "AU",
    "CA",
)
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
        cc = "KR" if kr else COUNTRIES[i % len(COUNTRIES)]
        lat = rnd.uniform(34.5, 38.2) if kr else rnd.uniform(-40, 60)
        lon = rnd.uniform(126.2, 129.4) if kr else rnd.uniform(-120, 150)
        g.add_node(
            f"city:{i}",
            name_ko=f"도시{i}시",
            name_en=f"City {i}",
            country=cc,
            lat=round(lat, 4),
            lon=round(lon, 4),
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


def timed(fn: Any, repeat: int = 1) -> tuple[float, Any]:
    best, out = math.inf, None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def build_ours(
    g: nx.MultiGraph,
    path: Path,
    physics: bool | None = None,
    max_relations: int = viz.MAX_RELATIONS,
) -> None:
    viz.write_html(g, path, physics=physics, max_relations=max_relations)


def build_json(g: nx.MultiGraph, path: Path) -> None:
    data = {
        "nodes": [{"id": n, **d} for n, d in g.nodes(data=True)],
        "edges": [{"from": a, "to": b, **d} for a, b, d in g.edges(data=True)],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def build_pyvis(g: nx.MultiGraph, path: Path) -> None:
    from pyvis.network import Network

    net = Network(height="800px", width="100%", cdn_resources="in_line")
    for n, d in g.nodes(data=True):
        net.add_node(n, label=d.get("name_ko"), title=str(d.get("name_en")), color="#4e79a7")
    for a, b, d in g.edges(data=True):
        net.add_edge(a, b, title=str(d.get("evidence")), color=viz.TYPE_COLOURS[d["type"]])
    path.write_text(net.generate_html(), encoding="utf-8")


def in_chromium(page_path: Path, timeout_s: float) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        # The page forbids every fetch in its CSP; bypass that here so that any attempt
        # would reach the route below and be counted, not silently refused.
        context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
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
        page.goto(page_path.as_uri(), timeout=timeout_s * 1000)
        loaded = time.perf_counter() - t
        try:
            page.wait_for_selector(
                "html[data-kg-stable='1']", state="attached", timeout=timeout_s * 1000
            )
            stable: float | None = time.perf_counter() - t
        except Exception as err:  # playwright's TimeoutError: report it as "did not settle"
            print("   ", type(err).__name__, str(err).splitlines()[0], file=sys.stderr)
            stable = None
        filter_ms = None
        if stable is not None:
            first = page.evaluate("() => kgView.edges.get()[0].type")
            filter_ms = page.evaluate(
                """async (t) => {
                    const box = document.querySelector(`input[name=kg-type][value=${t}]`);
                    const t0 = performance.now();
                    box.click();
                    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
                    return performance.now() - t0;
                }""",
                first,
            )
        heap = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : null")
        browser.close()
    return {
        "loaded_s": round(loaded, 2),
        "stable_s": None if stable is None else round(stable, 2),
        "filter_ms": None if filter_ms is None else round(filter_ms),
        "js_heap_mb": None if heap is None else round(heap / 1e6),
        "blocked_requests": len(blocked),
        "console_errors": errors[:3],
    }


def run(
    sizes: list[int], pyvis_max: int, physics_max: int, timeout_s: float, browser: bool
) -> dict[str, Any]:
    results: dict[str, Any] = {"force_limit": viz.FORCE_LIMIT, "sizes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for n in sizes:
            g = synthetic(n)
            row: dict[str, Any] = {"relations": n, "cities": g.number_of_nodes()}
            ours = out / f"kg-{n}.html"
            row["build_s"], _ = timed(
                lambda g=g, ours=ours: build_ours(g, ours), repeat=2 if n <= 5000 else 1
            )
            row["size_mb"] = ours.stat().st_size / 1e6
            js = out / f"json-{n}.json"
            row["json_s"], _ = timed(
                lambda g=g, js=js: build_json(g, js), repeat=2 if n <= 5000 else 1
            )
            row["json_mb"] = js.stat().st_size / 1e6
            row["build_vs_json"] = row["build_s"] / row["json_s"]
            if n > viz.MAX_RELATIONS:
                whole = out / f"kg-all-{n}.html"
                row["build_all_s"], _ = timed(
                    lambda g=g, whole=whole: build_ours(g, whole, max_relations=0)
                )
                row["size_all_mb"] = whole.stat().st_size / 1e6
                row["build_all_vs_json"] = row["build_all_s"] / row["json_s"]
            if n <= pyvis_max:
                pv = out / f"pyvis-{n}.html"
                row["pyvis_s"], _ = timed(lambda g=g, pv=pv: build_pyvis(g, pv))
                row["pyvis_mb"] = pv.stat().st_size / 1e6
                row["pyvis_vs_ours"] = row["pyvis_s"] / row["build_s"]
            if browser:
                row["chromium"] = in_chromium(ours, timeout_s)
                if n > viz.MAX_RELATIONS:
                    row["chromium_all"] = in_chromium(out / f"kg-all-{n}.html", timeout_s)
                if n <= physics_max and g.number_of_nodes() > viz.FORCE_LIMIT:
                    forced = out / f"kg-physics-{n}.html"
                    build_ours(g, forced, physics=True)
                    row["chromium_physics"] = in_chromium(forced, timeout_s)
                elif g.number_of_nodes() <= viz.FORCE_LIMIT:
                    pre = out / f"kg-positions-{n}.html"
                    build_ours(g, pre, physics=False)
                    row["chromium_positions"] = in_chromium(pre, timeout_s)
            results["sizes"][n] = row
            print(summary_line(row), flush=True)
    return results


def summary_line(row: dict[str, Any]) -> str:
    parts = [
        f"{row['relations']:>6} relations {row['cities']:>5} cities:",
        f"build {row['build_s']:.2f} s "
        f"({row['build_vs_json']:.1f}x plain JSON {row['json_s']:.2f} s)",
        f"file {row['size_mb']:.2f} MB (JSON {row['json_mb']:.2f} MB)",
    ]
    if "build_all_s" in row:
        parts[1] += f" [default: the {viz.MAX_RELATIONS} relations of the best-connected cities]"
        parts.append(
            f"all relations (--max-relations 0): build {row['build_all_s']:.2f} s "
            f"({row['build_all_vs_json']:.1f}x plain JSON), file {row['size_all_mb']:.2f} MB"
        )
    if "pyvis_s" in row:
        parts.append(
            f"pyvis add_node/add_edge {row['pyvis_s']:.2f} s = {row['pyvis_vs_ours']:.1f}x ours"
        )
    for key, name in (
        ("chromium", "default"),
        ("chromium_all", "all relations"),
        ("chromium_physics", "physics forced"),
        ("chromium_positions", "positions from Python"),
    ):
        c = row.get(key)
        if c:
            stable = "did not settle" if c["stable_s"] is None else f"stable {c['stable_s']:.1f} s"
            parts.append(
                f"Chromium {name}: {stable}, filter {c['filter_ms']} ms, "
                f"heap {c['js_heap_mb']} MB, {c['blocked_requests']} requests blocked, "
                f"{len(c['console_errors'])} console errors"
            )
    return "\n    ".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 5000, 20000])
    ap.add_argument("--pyvis-max", type=int, default=5000, help="largest size to build with pyvis")
    ap.add_argument(
        "--physics-max", type=int, default=5000, help="largest size to run with physics forced"
    )
    ap.add_argument(
        "--timeout", type=float, default=120.0, help="seconds to wait for a stable layout"
    )
    ap.add_argument("--no-browser", action="store_true", help="only build the files")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)
    results = run(args.sizes, args.pyvis_max, args.physics_max, args.timeout, not args.no_browser)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
